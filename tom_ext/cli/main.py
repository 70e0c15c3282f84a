"""``tom``: the command's parser, made of one ``add_<command>_parser`` per command module,
and its entry point. Nothing of Sphinx is imported until a command builds."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tom_ext.cli.build import add_build_parser, add_linkcheck_parser
from tom_ext.cli.check import add_check_parser
from tom_ext.cli.codeowners import add_codeowners_parser
from tom_ext.cli.diff import add_diff_parser
from tom_ext.cli.export import add_export_parser
from tom_ext.cli.init import add_init_parser
from tom_ext.cli.new import add_new_parser
from tom_ext.cli.paper import add_paper_parser
from tom_ext.cli.serve import add_serve_parser
from tom_ext.core.project import SOURCE_DIR, Paths, find_root
from tom_ext.version import __version__


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="tom",
        description="Build, check and preview a Golden Thread site of Target Operating "
                    "Models. Run it in the site's folder (the one with conf.py and "
                    "source/), or name the folder with -C.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    top.add_argument("-C", "--project", type=Path, default=None, metavar="DIR",
                     help="the site's folder (default: the nearest folder above the "
                          "current one that has conf.py and source/)")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add_parser in (add_build_parser, add_check_parser, add_codeowners_parser,
                       add_export_parser, add_new_parser, add_paper_parser, add_diff_parser,
                       add_serve_parser, add_linkcheck_parser, add_init_parser):
        add_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # the tom program, not a caller in Python: its process ends with the command
    args.last_in_process = argv is None
    if not getattr(args, "needs_site", True):  # tom init: the site is what it makes
        if args.project is not None:  # as git -C: the folder named is taken from there
            args.directory = str(args.project / args.directory)
        return int(args.func(args, None))
    root = args.project.resolve() if args.project else find_root(Path.cwd())
    if root is None or not (root / "conf.py").is_file():
        where = args.project or Path.cwd()
        print(f"tom: no Golden Thread site at {where}: expected conf.py and a {SOURCE_DIR}/ "
              "folder. Run tom in the site's folder or name it with -C DIR.",
              file=sys.stderr)
        return 2
    return int(args.func(args, Paths(root, getattr(args, "audience", "intranet"))))


def run() -> NoReturn:
    """The ``tom`` program (the installed command and ``python -m tom_ext.cli``)."""
    try:
        code = main()
    except KeyboardInterrupt:  # outside a build (a build says what it left as it was)
        print("tom: stopped (Ctrl-C).", file=sys.stderr)
        code = 130
    end_process(code)


def end_process(code: int) -> NoReturn:
    """End the process without Python's teardown, which frees the build's millions of
    objects one by one (3.6 s after a fresh check of 150 TOMs) only for the operating
    system to take the memory back anyway. What teardown does besides is done first:
    the exit handlers run (logging is flushed, and multiprocessing stops the helper
    processes an extension started, such as sphinx-sitemap's manager, which would
    otherwise outlive the command holding its output open), then the output is flushed.
    Every file tom writes is closed before its command returns."""
    atexit._run_exitfuncs()  # what Python runs first at exit; there is no public name
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to keep
            stream.flush()
    os._exit(code)

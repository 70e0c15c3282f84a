"""``tom serve``: a live preview on localhost, rebuilt on every save (sphinx-autobuild).

The server is an optional extra (``pip install "golden-thread[serve]"``): without it the
command says how to install it and stops."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import Any

from tom_ext.cli.runner import add_audience_option
from tom_ext.core.project import Paths

#: the line ``tom serve`` prints, and its exit status, when sphinx-autobuild is missing
MISSING_SERVER = ("tom serve: the live preview needs sphinx-autobuild, which is not "
                  "installed; install it with: pip install \"golden-thread[serve]\"")
MISSING_SERVER_STATUS = 2


def server_installed() -> bool:
    """True when sphinx-autobuild can be imported (looked up, not loaded)."""
    try:
        return importlib.util.find_spec("sphinx_autobuild") is not None
    except (ImportError, ValueError):  # a broken or half-removed install
        return False


def cmd_serve(args: argparse.Namespace, paths: Paths) -> int:
    if not server_installed():
        print(MISSING_SERVER, file=sys.stderr)
        return MISSING_SERVER_STATUS
    from tom_ext.sphinx_ext.run import serve

    argv = [
        str(paths.source), str(paths.build / f"serve{paths.suffix}"),
        "-c", str(paths.root), "--host", args.host, "--port", str(args.port),
        "--watch", str(paths.root / "conf.py"),
    ]
    if paths.audience != "intranet":
        argv += ["-D", f"tom_audience={paths.audience}"]
    if (paths.root / "docs").is_dir():
        argv += ["--watch", str(paths.root / "docs")]
    print(f"Serving a live preview on http://{args.host}:{args.port}/ (Ctrl+C stops it).")
    serve(argv)
    return 0


def add_serve_parser(sub: Any) -> None:
    serve = sub.add_parser(
        "serve", help="live preview on localhost, rebuilt on every save",
        description="Serve the site on localhost and rebuild it whenever a file in "
                    "source/, docs/ or conf.py changes (sphinx-autobuild, installed with "
                    "pip install \"golden-thread[serve]\").",
        epilog="exit status: 2 when sphinx-autobuild is not installed.")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="host (default: 127.0.0.1)")
    add_audience_option(serve, "preview the site as built for: intranet (default) or public")
    serve.set_defaults(func=cmd_serve)

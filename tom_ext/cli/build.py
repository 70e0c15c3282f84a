"""``tom build``: build the site, and publish it only when the build is clean."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from tom_ext.cli.progress import Progress
from tom_ext.cli.runner import (
    add_audience_option,
    add_jobs_option,
    audience_override,
    forget_environment,
    notices_note,
    print_outcome,
    publish,
)
from tom_ext.cli.versions import Archives, VersionsError
from tom_ext.core.project import SOURCE_DIR, Paths
from tom_ext.core.versions import ARCHIVE_DIR, CURRENT
from tom_ext.core.words import plural

BUILD_EXAMPLES = """\
examples:
  tom build                          the intranet site, into _build/html
  tom build --audience public        the public site, into _build/public
  tom build --versions               also every earlier refresh, into _build/html/archive/
  tom build -b singlehtml            the whole site as one page, into _build/singlehtml
  tom build -b latex -D tom_draw=0   any Sphinx builder, with a setting overridden
  tom linkcheck                      every link of the site checked (offline by default)

The same site with Sphinx alone: python -m sphinx -b html -c . source _build/sphinx
"""


def cmd_build(args: argparse.Namespace, paths: Paths) -> int:
    from tom_ext.sphinx_ext.run import run_sphinx

    try:
        overrides = {**setting_overrides(args.define), **audience_override(paths)}
    except ValueError as err:
        print(f"{_name(args)}: {err}", file=sys.stderr)
        return 2
    html = args.builder == "html"
    archives = None
    if getattr(args, "versions", False):
        try:
            archives = _start_archives(args, paths)
        except VersionsError as err:
            print(f"{_name(args)}: {err}", file=sys.stderr)
            return 2
        if archives is None:
            print(f"{_name(args)}: conf.py names no earlier refresh (tom_versions): the "
                  "site is built without an archive.", flush=True)
        else:
            overrides["tom_switcher"] = CURRENT
    work, published = _folders(paths, args.builder)
    doctrees = paths.work / ("doctrees" if html else f"doctrees-{args.builder}")
    if paths.audience != "intranet" and paths.work.exists():
        # a public site is built afresh into an empty folder: an incremental build would
        # keep the pages, search entries and downloads of items withheld since the last one
        shutil.rmtree(paths.work)
    if args.verbose:
        print(f"Building the site from {SOURCE_DIR}/ with Sphinx's {args.builder} builder …",
              flush=True)
    outcome = run_sphinx(paths, args.builder, work, doctrees, jobs=args.jobs,
                         quiet=not args.verbose, fresh=args.fresh, confoverrides=overrides,
                         steps=Progress(_name(args)),
                         # with --versions, the archived refreshes are built after it
                         last_in_process=getattr(args, "last_in_process", False)
                         and not getattr(args, "versions", False),
                         on_site=archives.on_site if archives is not None else None)
    print_outcome(outcome, notices=args.notices)
    where = published.relative_to(paths.root)
    if not outcome.ok and (args.strict or outcome.error):
        forget_environment(doctrees)
        count = outcome.problem_count
        print(f"{_name(args)}: {plural(count, 'problem')}; the published "
              f"{'site' if html else args.builder + ' output'} in {where}/ was left as it "
              "was.", file=sys.stderr)
        return 1
    if archives is not None and not archives.build_all():
        return 1
    extra, files = (archives.built, archives.switchers()) if archives else ({}, {})
    publish(work, published, extra, files)
    shown = (published / "index.html").relative_to(paths.root) if html else f"{where}/"
    if extra:
        shown = f"{shown} (earlier refreshes in {where}/{ARCHIVE_DIR}/)"
    print(f"{_name(args)}: {'site' if html else args.builder + ' output'} written to {shown} in "
          f"{outcome.seconds:.1f} s ({len(outcome.warnings)} warnings"
          f"{notices_note(outcome, args.notices)})."
          + (" Preview it with: tom serve" if html else ""))
    return 0


def _start_archives(args: argparse.Namespace, paths: Paths) -> Archives | None:
    """``--versions``: the earlier refreshes to build after the current site (HTML only)."""
    if args.builder != "html":
        raise VersionsError(f"--versions archives the HTML site; it cannot be used with "
                            f"-b {args.builder}")
    return Archives.start(paths, args.fresh)


def _name(args: argparse.Namespace) -> str:
    return f"tom {getattr(args, 'command', None) or 'build'}"


def _folders(paths: Paths, builder: str) -> tuple[Path, Path]:
    """Where ``builder`` writes, and where its finished output is published in one step
    (the HTML site in ``_build/html``, any other builder's in ``_build/<builder>``)."""
    if builder == "html":
        return paths.work / "html", paths.published
    return paths.work / builder, paths.build / f"{builder}{paths.suffix}"


def setting_overrides(definitions: list[str]) -> dict[str, str]:
    """``-D name=value`` as Sphinx's own ``-D`` takes them (Sphinx converts the text to
    the setting's type)."""
    found: dict[str, str] = {}
    for definition in definitions:
        name, equals, value = definition.partition("=")
        if not equals or not name.strip().isidentifier():
            raise ValueError(f"-D {definition!r}: give a setting and its value as "
                             "-D name=value, e.g. -D tom_draw=0")
        found[name.strip()] = value
    return found


def add_build_parser(sub: Any) -> None:
    build = sub.add_parser(
        "build", help="build the HTML site into _build/html",
        description="Build the HTML site. Every warning is printed; with any warning the "
                    "command exits 1 and the published site in _build/html is left as it "
                    "was. Builds are incremental: only changed pages and the pages that "
                    "show their data are written again.",
        epilog=BUILD_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_jobs_option(build, "1", "build")
    build.add_argument("-b", "--builder", default="html", metavar="BUILDER",
                       help="Sphinx's builder: html (default, the site), or any other, e.g. "
                            "linkcheck, singlehtml, latex, text; its output goes to "
                            "_build/<builder>/")
    build.add_argument("-D", dest="define", action="append", default=[],
                       metavar="NAME=VALUE",
                       help="override a conf.py setting, as sphinx-build -D does "
                            "(repeatable), e.g. -D tom_papers=0")
    build.add_argument("--no-strict", dest="strict", action="store_false",
                       help="publish even when there are warnings")
    build.add_argument("-E", "--fresh", action="store_true",
                       help="re-read every page instead of only the changed ones")
    build.add_argument("--versions", action="store_true",
                       help="also build each earlier refresh conf.py names (tom_versions) "
                            "into archive/<name>/, with a banner on each of its pages and "
                            "the version switcher on every page; a version built before "
                            "is reused (with -E, built again)")
    build.add_argument("--notices", action="store_true",
                       help="list the notices (past review dates, orphans)")
    build.add_argument("-v", "--verbose", action="store_true",
                       help="also print Sphinx's own progress (by default only the problems "
                            "and the outcome are printed)")
    build.add_argument("-q", "--quiet", action="store_true",
                       help="print only the problems and the outcome (the default)")
    add_audience_option(build, "build for: intranet (default, into _build/html) or public "
                               "(into _build/public: nothing OFFICIAL-SENSITIVE in any file)")
    build.set_defaults(func=cmd_build)


#: an intranet's build machine may not reach the internet: links to it are left out of the
#: check unless asked for
OFFLINE = "linkcheck_ignore=^https?://"


def cmd_linkcheck(args: argparse.Namespace, paths: Paths) -> int:
    args.builder = "linkcheck"
    args.define = [*([] if args.external else [OFFLINE]), *args.define]
    return cmd_build(args, paths)


def add_linkcheck_parser(sub: Any) -> None:
    linkcheck = sub.add_parser(
        "linkcheck", help="check every link of the site (Sphinx's linkcheck)",
        description="Check every link of the site with Sphinx's linkcheck builder: links "
                    "between pages and to files of the site, and with --external the links "
                    "to other websites too. Each broken link is a problem at its file and "
                    "line; exits 1 if there is any. The report is in _build/linkcheck/.")
    linkcheck.add_argument("--external", action="store_true",
                           help="also check links to other websites (needs the internet)")
    linkcheck.add_argument("-D", dest="define", action="append", default=[],
                           metavar="NAME=VALUE", help="override a conf.py setting")
    linkcheck.set_defaults(func=cmd_linkcheck, jobs=1, fresh=False, notices=False,
                           verbose=False, strict=True, audience="intranet")

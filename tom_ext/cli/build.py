"""``tom build``: build the site, and publish it only when the build is clean."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import Any

from tom_ext.cli.runner import (
    add_audience_option,
    audience_override,
    forget_environment,
    notices_note,
    print_outcome,
    publish,
)
from tom_ext.core.project import SOURCE_DIR, Paths


def cmd_build(args: argparse.Namespace, paths: Paths) -> int:
    from tom_ext.sphinx_ext.run import run_sphinx

    doctrees = paths.work / "doctrees"
    if paths.audience != "intranet" and paths.work.exists():
        # a public site is built afresh into an empty folder: an incremental build would
        # keep the pages, search entries and downloads of items withheld since the last one
        shutil.rmtree(paths.work)
    if args.verbose:
        print(f"Building the site from {SOURCE_DIR}/ …", flush=True)
    outcome = run_sphinx(paths, "html", paths.work / "html", doctrees, jobs=args.jobs,
                         quiet=not args.verbose, fresh=args.fresh,
                         confoverrides=audience_override(paths))
    print_outcome(outcome, notices=args.notices)
    if not outcome.ok and (args.strict or outcome.error):
        forget_environment(doctrees)
        count = len(outcome.warnings)
        print(f"tom build: {count} problem{'s' * (count != 1)}; the published site in "
              f"{paths.published.relative_to(paths.root)}/ was left as it was.",
              file=sys.stderr)
        return 1
    publish(paths.work / "html", paths.published)
    index = (paths.published / "index.html").relative_to(paths.root)
    print(f"tom build: site written to {index} in {outcome.seconds:.1f} s "
          f"({len(outcome.warnings)} warnings{notices_note(outcome, args.notices)}). "
          "Preview it with: tom serve")
    return 0


def add_build_parser(sub: Any) -> None:
    build = sub.add_parser(
        "build", help="build the HTML site into _build/html",
        description="Build the HTML site. Every warning is printed; with any warning the "
                    "command exits 1 and the published site in _build/html is left as it "
                    "was. Builds are incremental: only changed pages and the pages that "
                    "show their data are written again.")
    build.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                       help="build with N processes (default: 1)")
    build.add_argument("--no-strict", dest="strict", action="store_false",
                       help="publish even when there are warnings")
    build.add_argument("-E", "--fresh", action="store_true",
                       help="re-read every page instead of only the changed ones")
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

"""``tom check``: every check a build makes, without writing HTML; text or a CI report."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tom_ext.cli import report
from tom_ext.cli.progress import Progress
from tom_ext.cli.runner import (
    add_audience_option,
    add_jobs_option,
    audience_override,
    forget_environment,
    notices_note,
    print_outcome,
)
from tom_ext.core.messages import HANDBOOK_PAGE
from tom_ext.core.project import Paths
from tom_ext.core.words import plural


def cmd_check(args: argparse.Namespace, paths: Paths) -> int:
    from tom_ext.sphinx_ext.run import run_sphinx

    doctrees = paths.check / "doctrees"

    def resolve_every_page(app: Any) -> None:
        # a link or view on an unchanged page can break when another page changes:
        # resolve all pages (cheap) while reading only the changed ones
        app.connect("env-get-updated", lambda _app, env: sorted(env.found_docs))
        # only reading is worth other processes: Sphinx's dummy builder writes nothing,
        # and forking to write nothing took longer than resolving the pages here
        app.builder.allow_parallel = False

    # needs are only drawn for HTML: leaving them out halves the resolving of every
    # page; every check of a need's data runs on the data, not on its card
    outcome = run_sphinx(paths, "dummy", paths.check / "out", doctrees, jobs=args.jobs,
                         quiet=not args.verbose, fresh=args.fresh,
                         prepare=resolve_every_page,
                         # no page is written: no "last updated" date to ask git for
                         confoverrides={"needs_include_needs": False,
                                        "tom_needs_json": False, "tom_draw": False,
                                        "git_exclude_patterns": ["**"],
                                        **audience_override(paths)},
                         steps=Progress("tom check"),
                         last_in_process=getattr(args, "last_in_process", False))
    if not outcome.ok:
        forget_environment(doctrees)
    if args.format != "text":
        return _machine_report(args.format, outcome)
    print_outcome(outcome, sys.stdout, notices=args.notices)
    also = notices_note(outcome, args.notices)
    if not outcome.ok:
        count = outcome.problem_count
        print(f"tom check: {plural(count, 'problem')} found in "
              f"{outcome.seconds:.1f} s{also}. The handbook's Messages page "
              f"({HANDBOOK_PAGE}) explains each [tom.…] type.")
        return 1
    print(f"tom check: no problems ({outcome.seconds:.1f} s){also}.")
    return 0


def _machine_report(fmt: str, outcome: Any) -> int:
    """The problems as JSON, a GitLab Code Quality report or GitHub annotations on the
    standard output; the summary on the standard error."""
    problems = sorted((problem for problem, _line in outcome.found + outcome.noticed),
                      key=lambda p: (p.path, p.line))
    if outcome.error and not outcome.error_listed:
        # the build as a whole: named at the site's conf.py, by what stopped it
        problems.append(report.Problem("conf.py", 0, "error", outcome.error,
                                       outcome.error_kind or "build"))
    render = {"json": report.as_json, "gitlab": report.as_gitlab,
              "github": report.as_github}[fmt]
    sys.stdout.write(render(problems))
    count = sum(p.severity == "error" for p in problems)
    print(f"tom check: {plural(count, 'problem')} ({outcome.seconds:.1f} s).",
          file=sys.stderr)
    return int(not outcome.ok)


def add_check_parser(sub: Any) -> None:
    check = sub.add_parser(
        "check", help="check every page without writing HTML",
        description="Check the whole site as a build would (every page, every need, every "
                    "link) without writing HTML. Prints each problem as "
                    "file:line: message, then a one-line summary; exits 1 if there is any "
                    "problem.")
    add_jobs_option(check, "auto", "read")
    check.add_argument("-E", "--fresh", action="store_true",
                       help="re-read every page instead of only the changed ones")
    check.add_argument("--notices", action="store_true",
                       help="list the notices (past review dates, orphans), which never "
                            "fail the check; without it only their number is given")
    check.add_argument("-v", "--verbose", action="store_true",
                       help="also print Sphinx's own progress (by default only the problems "
                            "and the outcome are printed)")
    check.add_argument("--format", choices=report.FORMATS, default="text",
                       help="text (default); json; gitlab: a GitLab Code Quality report; "
                            "github: GitHub Actions annotations. The summary goes to stderr "
                            "for the machine formats.")
    add_audience_option(check, "check the site as built for: intranet (default) or public")
    check.set_defaults(func=cmd_check)

"""The ``tom`` command: build, check and preview a Golden Thread site."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, collector, report

SOURCE_DIR = "source"
BUILD_DIR = "_build"

_LOCATION = re.compile(r"^(?P<path>/[^:\n]+?)(?P<line>:\d+)?: ")


@dataclass
class Paths:
    """Where a project's inputs are and where a build writes (each audience its own)."""

    root: Path
    audience: str = "intranet"

    @property
    def suffix(self) -> str:
        return "" if self.audience == "intranet" else f"-{self.audience}"

    @property
    def source(self) -> Path:
        return self.root / SOURCE_DIR

    @property
    def build(self) -> Path:
        return self.root / BUILD_DIR

    @property
    def published(self) -> Path:
        return self.build / ("html" if self.audience == "intranet" else self.audience)

    @property
    def work(self) -> Path:
        """The incremental build's own output, published by copy only when it is clean."""
        return self.build / f".work{self.suffix}"

    @property
    def check(self) -> Path:
        return self.build / f".check{self.suffix}"


class WarningLog(io.StringIO):
    """Collects Sphinx's warning stream, one entry per logged warning."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.entries: list[str] = []

    def write(self, text: str) -> int:
        text = text.rstrip("\n")
        if text.strip():
            self.entries.append(report.with_fix(relative_location(text, self.root)))
        return len(text)

    def isatty(self) -> bool:
        return False


def relative_location(message: str, root: Path) -> str:
    """``/abs/root/source/handbook/x.md:3: …`` → ``docs/x.md:3: …`` (links resolved)."""
    match = _LOCATION.match(message)
    if not match:
        return message
    path = Path(os.path.realpath(match.group("path")))
    try:
        shown = path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return message
    return f"{shown}{match.group('line') or ''}: {message[match.end():]}"


@dataclass
class Outcome:
    warnings: list[str]
    seconds: float
    error: str = ""
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.warnings and not self.error


def run_sphinx(
    paths: Paths,
    builder: str,
    outdir: Path,
    doctreedir: Path,
    *,
    jobs: int = 1,
    quiet: bool = True,
    fresh: bool = False,
    confoverrides: dict[str, Any] | None = None,
    prepare: Callable[[Any], None] | None = None,
) -> Outcome:
    """Run one Sphinx build in this process and collect every warning it gives."""
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()

    log = WarningLog(root=paths.root)
    status = None if quiet else sys.stdout
    start = time.perf_counter()
    try:
        with patch_docutils(paths.root), docutils_namespace(), collector.lean():
            app = Sphinx(
                str(paths.source), str(paths.root), str(outdir), str(doctreedir), builder,
                confoverrides=confoverrides or {}, status=status, warning=log,
                freshenv=fresh, parallel=jobs, keep_going=True,
            )
            collector.freeze_after_reading(app)
            if prepare is not None:
                prepare(app)
            app.build()
    except SphinxError as err:
        return Outcome(log.entries, time.perf_counter() - start,
                       f"{err.category}: {err}")
    return Outcome(log.entries, time.perf_counter() - start,
                   notices=read_notices(doctreedir, paths.root))


def read_notices(doctreedir: Path, root: Path) -> list[str]:
    """The build's notices (never failures), as ``file:line: notice: message [type]``."""
    from . import NOTICES_FILE

    try:
        items = json.loads((doctreedir / NOTICES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [relative_location(f"{n['path']}:{n['line']}: notice: {n['message']} "
                              f"[{n['type']}]", root) for n in items]


def _forget_environment(doctreedir: Path) -> None:
    """After a build with warnings, the next one re-reads every page, so that the warnings
    of pages that did not change are given again instead of silently passing."""
    (doctreedir / "environment.pickle").unlink(missing_ok=True)


def print_outcome(outcome: Outcome, stream: Any = None, *, notices: bool = True) -> None:
    for entry in outcome.warnings:
        print(entry, file=stream or sys.stderr)
    if notices:
        for entry in outcome.notices:
            print(entry, file=stream or sys.stdout)
    if outcome.error:
        print(outcome.error, file=stream)


def _notices_note(outcome: Outcome, listed: bool) -> str:
    count = len(outcome.notices)
    if not count:
        return ""
    note = f"{count} notice{'s' * (count != 1)}"
    return f"; {note}" if listed else f"; {note} (--notices lists them)"


def publish(work_html: Path, published: Path) -> None:
    """Replace the published site with the finished build in two renames, so a reader
    or a web server never sees a half-written site."""
    staging = published.with_name(published.name + ".new")
    retired = published.with_name(published.name + ".old")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(work_html, staging, ignore=shutil.ignore_patterns(".doctrees"),
                    copy_function=_reusing(work_html, published))
    if published.exists():
        published.rename(retired)
    staging.rename(published)
    if retired.exists():
        shutil.rmtree(retired)


def _audience_override(paths: Paths) -> dict[str, Any]:
    return {} if paths.audience == "intranet" else {"tom_audience": paths.audience}


def _reusing(work_html: Path, published: Path) -> Callable[[str, str], object]:
    """Copy a file into the staged site, or link the published one when the build left it
    as it was (same size and time): a rebuild writes a few pages of a site of thousands.
    Only published files are linked, never the build's own, which Sphinx rewrites in
    place; a published file is never written, only replaced by the next publication."""

    def copy(src: str, dst: str) -> object:
        old = published / os.path.relpath(src, work_html)
        try:
            new, was = os.stat(src), os.stat(old)
            if (new.st_size, new.st_mtime_ns) == (was.st_size, was.st_mtime_ns):
                os.link(old, dst)
                return dst
        except OSError:
            pass  # not published yet, or no hard links here: copy
        return shutil.copy2(src, dst)

    return copy


def cmd_build(args: argparse.Namespace, paths: Paths) -> int:
    doctrees = paths.work / "doctrees"
    if paths.audience != "intranet" and paths.work.exists():
        # a public site is built afresh into an empty folder: an incremental build would
        # keep the pages, search entries and downloads of items withheld since the last one
        shutil.rmtree(paths.work)
    if not args.quiet:
        print(f"Building the site from {SOURCE_DIR}/ …", flush=True)
    outcome = run_sphinx(paths, "html", paths.work / "html", doctrees, jobs=args.jobs,
                         quiet=args.quiet, fresh=args.fresh,
                         confoverrides=_audience_override(paths))
    print_outcome(outcome, notices=args.notices)
    if not outcome.ok and (args.strict or outcome.error):
        _forget_environment(doctrees)
        count = len(outcome.warnings)
        print(f"tom build: {count} problem{'s' * (count != 1)}; the published site in "
              f"{paths.published.relative_to(paths.root)}/ was left as it was.",
              file=sys.stderr)
        return 1
    publish(paths.work / "html", paths.published)
    index = (paths.published / "index.html").relative_to(paths.root)
    print(f"tom build: site written to {index} in {outcome.seconds:.1f} s "
          f"({len(outcome.warnings)} warnings{_notices_note(outcome, args.notices)}). "
          "Preview it with: tom serve")
    return 0


def cmd_check(args: argparse.Namespace, paths: Paths) -> int:
    doctrees = paths.check / "doctrees"

    def resolve_every_page(app: Any) -> None:
        # a link or view on an unchanged page can break when another page changes:
        # resolve all pages (cheap) while reading only the changed ones
        app.connect("env-get-updated", lambda _app, env: sorted(env.found_docs))

    # need boxes are only drawn for HTML: skipping them halves the resolving of every
    # page; every check of a need's data runs on the data, not on its box
    outcome = run_sphinx(paths, "dummy", paths.check / "out", doctrees, jobs=args.jobs,
                         quiet=True, fresh=args.fresh, prepare=resolve_every_page,
                         confoverrides={"needs_include_needs": False,
                                        "tom_needs_json": False, "tom_draw": False,
                                        **_audience_override(paths)})
    if args.format != "text":
        problems = [report.parse(e) for e in outcome.warnings + outcome.notices]
        if outcome.error:
            problems.append(report.Problem("conf.py", 0, "error", outcome.error, "config"))
        render = {"json": report.as_json, "gitlab": report.as_gitlab,
                  "github": report.as_github}[args.format]
        sys.stdout.write(render(problems))
        failed = not outcome.ok
        if failed:
            _forget_environment(doctrees)
        count = sum(p.severity == "error" for p in problems)
        print(f"tom check: {count} problem{'s' * (count != 1)} ({outcome.seconds:.1f} s).",
              file=sys.stderr)
        return int(failed)
    print_outcome(outcome, sys.stdout, notices=args.notices)
    also = _notices_note(outcome, args.notices)
    if not outcome.ok:
        _forget_environment(doctrees)
        count = len(outcome.warnings) + bool(outcome.error)
        print(f"tom check: {count} problem{'s' * (count != 1)} found in "
              f"{outcome.seconds:.1f} s{also}.")
        return 1
    print(f"tom check: no problems ({outcome.seconds:.1f} s){also}.")
    return 0


def cmd_serve(args: argparse.Namespace, paths: Paths) -> int:
    from sphinx_autobuild.__main__ import main as autobuild

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
    autobuild(argv)
    return 0


def _find_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file() and (folder / SOURCE_DIR).is_dir():
            return folder
    return None


def _audience_option(command: argparse.ArgumentParser, text: str) -> None:
    from .audience import AUDIENCES

    command.add_argument("--audience", choices=AUDIENCES, default="intranet", help=text)


def parser() -> argparse.ArgumentParser:
    from .commands import add_diff_command, cmd_codeowners, cmd_export, cmd_new

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
    build.add_argument("-q", "--quiet", action="store_true",
                       help="print only warnings and the summary")
    _audience_option(build, "build for: intranet (default, into _build/html) or public "
                            "(into _build/public: nothing OFFICIAL-SENSITIVE in any file)")
    build.set_defaults(func=cmd_build)

    check = sub.add_parser(
        "check", help="check every page without writing HTML",
        description="Check the whole site as a build would (every page, every need, every "
                    "link) without writing HTML. Prints each problem as "
                    "file:line: message, then a one-line summary; exits 1 if there is any "
                    "problem.")
    check.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                       help="read with N processes (default: 1)")
    check.add_argument("-E", "--fresh", action="store_true",
                       help="re-read every page instead of only the changed ones")
    check.add_argument("--notices", action="store_true",
                       help="list the notices (past review dates, orphans), which never "
                            "fail the check; without it only their number is given")
    check.add_argument("--format", choices=report.FORMATS, default="text",
                       help="text (default); json; gitlab: a GitLab Code Quality report; "
                            "github: GitHub Actions annotations. The summary goes to stderr "
                            "for the machine formats.")
    _audience_option(check, "check the site as built for: intranet (default) or public")
    check.set_defaults(func=cmd_check)

    owners = sub.add_parser(
        "codeowners", help="write CODEOWNERS: each layer's lead reviews that layer",
        description="Write a CODEOWNERS file that makes the lead of each layer (the :handle: "
                    "of the strategy that :leads: it, or tom_layer_leads in conf.py) the "
                    "reviewer of that layer's page in every TOM.")
    owners.add_argument("-o", "--output", default="CODEOWNERS", metavar="FILE",
                        help="where to write it, relative to the site (default: CODEOWNERS; "
                             "GitLab also reads .gitlab/CODEOWNERS, GitHub .github/CODEOWNERS)")
    owners.set_defaults(func=cmd_codeowners)

    export = sub.add_parser(
        "export", help="write the CSV and Excel downloads and needs.json, without HTML",
        description="Write every view's CSV, the Excel workbook (a sheet per view) and "
                    "needs.json, exactly as a build publishes them under downloads/, "
                    "without building the HTML.")
    export.add_argument("-o", "--output", default="_build/export", metavar="DIR",
                        help="folder to write to (default: _build/export)")
    export.set_defaults(func=cmd_export)

    new = sub.add_parser(
        "new", help="start a TOM, a layer page or an action from a template",
        description="Write a new TOM (with a page for every layer of the framework, each "
                    "with its guiding question), a layer page, or an action with the next "
                    "free ID. What you must still write is marked TODO; `tom check` lists "
                    "each as 'not written yet' with its line. Never overwrites a file.")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    new_tom = kinds.add_parser("tom", help="a new TOM folder",
                               description="Write source/toms/<department>/<folder>/.")
    new_tom.add_argument("department", help="department key from tom_departments")
    new_tom.add_argument("folder", help="folder name, e.g. libraries (the URL)")
    new_tom.add_argument("--code", required=True,
                         help="the TOM's code used in every ID, e.g. LIB (TOM_LIB)")
    new_tom.add_argument("--title", required=True, help="the TOM's name, e.g. Libraries")
    new_layer = kinds.add_parser("layer", help="a missing layer page of a TOM")
    new_layer.add_argument("tom_folder", help="the TOM folder, e.g. source/toms/env/libraries")
    new_layer.add_argument("layer", help="the layer key, e.g. technology")
    new_action = kinds.add_parser("action", help="an action at the end of a layer page")
    new_action.add_argument("layer_page", help="e.g. source/toms/env/libraries/technology.md")
    new.set_defaults(func=cmd_new)

    add_diff_command(sub)

    serve = sub.add_parser(
        "serve", help="live preview on localhost, rebuilt on every save",
        description="Serve the site on localhost and rebuild it whenever a file in "
                    "source/, docs/ or conf.py changes (sphinx-autobuild).")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="host (default: 127.0.0.1)")
    _audience_option(serve, "preview the site as built for: intranet (default) or public")
    serve.set_defaults(func=cmd_serve)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = args.project.resolve() if args.project else _find_root(Path.cwd())
    if root is None or not (root / "conf.py").is_file():
        where = args.project or Path.cwd()
        print(f"tom: no Golden Thread site at {where}: expected conf.py and a {SOURCE_DIR}/ "
              "folder. Run tom in the site's folder or name it with -C DIR.",
              file=sys.stderr)
        return 2
    return int(args.func(args, Paths(root, getattr(args, "audience", "intranet"))))


if __name__ == "__main__":
    sys.exit(main())

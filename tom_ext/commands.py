"""The `tom` commands beyond build, check and serve: codeowners, export, new, diff."""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

from .cli import Paths, print_outcome, run_sphinx


def cmd_codeowners(args: argparse.Namespace, paths: Paths) -> int:
    from .codeowners import codeowners
    from .config import TomConfig

    captured: dict[str, Any] = {}

    def capture_site(app: Any) -> None:
        def keep(_app: Any, env: Any) -> list[str]:
            from . import current_site

            captured["site"] = current_site(app)
            captured["config"] = TomConfig.from_sphinx(app.config)
            captured["path"] = lambda doc: Path(os.path.realpath(env.doc2path(doc))
                                                ).relative_to(paths.root.resolve()).as_posix()
            return []

        app.connect("env-get-updated", keep, priority=900)

    outcome = run_sphinx(paths, "dummy", paths.check / "out", paths.check / "doctrees",
                         prepare=capture_site)
    if "site" not in captured:
        print_outcome(outcome)
        return 1
    text = codeowners(captured["site"], captured["path"], captured["config"].layer_leads)
    target = paths.root / args.output
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    rules = sum(1 for line in text.splitlines() if line.startswith("/"))
    print(f"tom codeowners: wrote {args.output} ({rules} layer pages).")
    return 0


def _site_settings(paths: Paths) -> tuple[Any, dict[str, str]]:
    """The framework and departments of conf.py, without a build."""
    import runpy

    from .config import TomConfig

    namespace = runpy.run_path(str(paths.root / "conf.py"))
    config = TomConfig(framework=namespace.get("tom_framework", "nine-layer"),
                       departments=namespace.get("tom_departments", {}))
    return config.resolved_framework(), dict(config.departments)


def cmd_new(args: argparse.Namespace, paths: Paths) -> int:
    import datetime as dt

    from . import scaffold

    framework, departments = _site_settings(paths)
    toms = paths.source / "toms"
    written: list[Path] = []
    try:
        if args.kind == "tom":
            if departments and args.department not in departments:
                print(f"tom new: department {args.department!r} is not in tom_departments "
                      f"({', '.join(sorted(departments))})", file=sys.stderr)
                return 2
            code = args.code.upper()
            if not re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", code):
                print("tom new: --code must be 2-8 capital letters or digits, e.g. LIB",
                      file=sys.stderr)
                return 2
            folder = toms / args.department / args.folder
            scaffold.write_new(folder / "index.md", scaffold.tom_index(
                code, args.title, framework, dt.date.today()))
            written.append(folder / "index.md")
            for layer in framework.layers:
                scaffold.write_new(folder / f"{layer.key}.md", scaffold.layer_page(code, layer))
                written.append(folder / f"{layer.key}.md")
        elif args.kind == "layer":
            folder = paths.root / args.tom_folder
            code = scaffold.tom_code_of((folder / "index.md").read_text(encoding="utf-8"))
            layer = framework.get(args.layer)
            if code is None or layer is None:
                print(f"tom new: need a TOM folder with an index.md holding ':id: TOM_<CODE>' "
                      f"and a layer key of {', '.join(framework.keys())}", file=sys.stderr)
                return 2
            scaffold.write_new(folder / f"{layer.key}.md", scaffold.layer_page(code, layer))
            written.append(folder / f"{layer.key}.md")
        else:
            page = paths.root / args.layer_page
            folder = page.parent
            code = scaffold.tom_code_of((folder / "index.md").read_text(encoding="utf-8"))
            layer = framework.get(page.stem)
            if code is None or layer is None:
                print("tom new: give a layer page inside a TOM folder, e.g. "
                      "source/toms/<department>/<tom>/technology.md", file=sys.stderr)
                return 2
            text = page.read_text(encoding="utf-8")
            action_id = scaffold.next_action_id(text, f"ACT_{code}_{layer.code}")
            page.write_text(text.rstrip("\n") + "\n" + scaffold.action_block(action_id),
                            encoding="utf-8")
            print(f"tom new: added action {action_id} to {args.layer_page}")
            return 0
    except (FileExistsError, FileNotFoundError) as err:
        print(f"tom new: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"tom new: wrote {path.relative_to(paths.root)}")
    print("Replace every TODO, then run: tom check")
    return 0


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    from . import current_site
    from .config import TomConfig
    from .exports import write_all

    out = paths.root / args.output
    captured: dict[str, Any] = {}

    def capture(app: Any) -> None:
        def keep(_app: Any, _env: Any) -> list[str]:
            captured["site"] = current_site(app)
            captured["today"] = TomConfig.from_sphinx(app.config).today()
            return []

        app.connect("env-get-updated", keep, priority=900)

    # sphinx-needs' own "needs" builder writes needs.json without any HTML
    outcome = run_sphinx(paths, "needs", out, paths.check / "export-doctrees",
                         quiet=True, prepare=capture)
    print_outcome(outcome, notices=False)
    if "site" not in captured or not outcome.ok:
        print("tom export: fix the problems above first; nothing was exported.",
              file=sys.stderr)
        return 1
    written = write_all(captured["site"], out, captured["today"])
    names = ", ".join(p.name for p in [out / "needs.json", *written])
    print(f"tom export: wrote {names} to {args.output}/")
    return 0


DIFF_EXAMPLES = """\
examples:
  tom diff HEAD                  what your uncommitted changes do to the TOMs
  tom diff main                  this branch's files against main
  tom diff v2026-09 HEAD --format markdown --output tom-diff.md
  tom diff board.json _build/html/needs.json

exit status: 0, also when something changed (with --exit-code: 1 when something
changed, 0 when nothing did); 2 when a side cannot be read.
"""


def add_diff_command(sub: Any) -> None:
    from .diffreport import FORMATS

    diff = sub.add_parser(
        "diff", help="what changed in the TOMs between two revisions or needs.json files",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=DIFF_EXAMPLES,
        description=textwrap.fill(  # the raw formatter keeps the epilog's layout
            "Summarise what changed in the TOMs between two versions of the site: needs "
            "added, removed, renamed (same title and text under a new ID) and changed, "
            "with each changed field old → new (a worsened status, a slipped due date and "
            "by how many days), links added and removed, and coverage cells whose state "
            "changed, grouped by department, TOM and layer. OLD and NEW are git revisions "
            "(branch, tag, commit) or needs.json files; without NEW, OLD is compared with "
            "the files on disk, uncommitted changes included. Only the needs data is read, "
            "no HTML is built; a revision is read once and cached under _build/.diff/.",
            80))
    diff.add_argument("old", metavar="OLD", help="git revision or needs.json file")
    diff.add_argument("new", metavar="NEW", nargs="?", default=None,
                      help="git revision or needs.json file (default: the files on disk)")
    diff.add_argument("--format", choices=FORMATS, default="text",
                      help="text (default); markdown: for a merge-request comment; json")
    diff.add_argument("-o", "--output", metavar="FILE", default=None,
                      help="write the summary to FILE (relative to the current folder) "
                           "instead of the standard output")
    diff.add_argument("--exit-code", action="store_true",
                      help="exit 1 when something changed, like git diff --exit-code")
    diff.set_defaults(func=cmd_diff)


def _settings_for_plain_json(paths: Paths) -> dict[str, Any]:
    """conf.py's framework and departments, for a needs.json that lacks its own."""
    import runpy

    try:
        namespace = runpy.run_path(str(paths.root / "conf.py"))
    except Exception:  # a needs.json diff must not depend on conf.py running here
        return {}
    return {"framework": namespace.get("tom_framework", "nine-layer"),
            "departments": namespace.get("tom_departments", {})}


def cmd_diff(args: argparse.Namespace, paths: Paths) -> int:
    from . import diffreport, revisions
    from .diff import diff

    specs = [args.old, args.new]
    plain = any(s and (s.endswith(".json") or Path(s).is_file()) for s in specs)
    settings = _settings_for_plain_json(paths) if plain else {}
    try:
        sides = [revisions.read_side(paths, spec, settings) for spec in specs]
    except revisions.SideError as err:
        print(f"tom diff: {err}", file=sys.stderr)
        return 2
    for side in sides:
        if side.problems:
            many = side.problems != 1
            print(f"tom diff: note: {side.snapshot.label} has {side.problems} "
                  f"problem{'s' * many} (tom check lists {'them' if many else 'it'}); "
                  "compared as read.", file=sys.stderr)
    result = diff(sides[0].snapshot, sides[1].snapshot)
    text = diffreport.render(result, args.format)
    if args.output:
        target = Path(args.output)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        what = diffreport.summary(result) if not result.empty else "no changes to TOMs."
        print(f"tom diff: wrote {args.output}: {what}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return int(args.exit_code and not result.empty)

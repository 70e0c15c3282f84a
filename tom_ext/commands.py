"""The `tom` commands beyond build, check and serve: codeowners, export, new."""

from __future__ import annotations

import argparse
import os
import re
import sys
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

"""``tom new``: start a TOM, a layer page or an action from a template, never overwriting."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from tom_ext.cli import scaffold
from tom_ext.cli.runner import site_settings
from tom_ext.core import ids
from tom_ext.core.project import Paths
from tom_ext.core.utf8 import not_utf8


class RefusedError(Exception):
    """What the author asked for cannot be made; the message says why and what to give."""


def cmd_new(args: argparse.Namespace, paths: Paths) -> int:
    make = {"tom": new_tom, "layer": new_layer, "action": new_action}[args.kind]
    try:
        written = make(args, paths)
    except RefusedError as err:
        print(f"tom new: {err}", file=sys.stderr)
        return 2
    except FileExistsError as err:
        print(f"tom new: {_relative(err.filename, paths)} already exists; tom new never "
              "overwrites a file", file=sys.stderr)
        return 2
    if args.kind == "action":
        return 0
    for path in written:
        print(f"tom new: wrote {path.relative_to(paths.root)}")
    print("Replace every TODO, then run: tom check")
    return 0


def new_tom(args: argparse.Namespace, paths: Paths) -> list[Path]:
    settings = site_settings(paths.root)
    framework, departments = settings.resolved_framework(), settings.departments
    if departments and args.department not in departments:
        raise RefusedError(f"department {args.department!r} is not in tom_departments "
                      f"({', '.join(sorted(departments))})")
    code = args.code.upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", code):
        raise RefusedError("--code must be 2-8 capital letters or digits, e.g. LIB")
    used = _site_ids(paths)
    if f"TOM_{code}" in used:
        raise RefusedError(f"the code {code} is taken: TOM_{code} is in "
                           f"{used[f'TOM_{code}']} — choose another --code")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.folder):
        slug = "-".join(re.findall(r"[a-z0-9]+", args.folder.lower())) or "museums"
        raise RefusedError(f"the folder name {args.folder!r} would be part of every page's "
                           "address: use small letters, digits and hyphens, e.g. "
                           f"{slug!r}")
    folder = paths.source / settings.toms_dir / args.department / args.folder
    pages = {folder / "index.md": scaffold.tom_index(code, args.title, framework,
                                                     dt.date.today())}
    for layer in framework.layers:
        pages[folder / f"{layer.key}.md"] = scaffold.layer_page(code, layer)
    for path, text in pages.items():
        scaffold.write_new(path, text)
    return list(pages)


def new_layer(args: argparse.Namespace, paths: Paths) -> list[Path]:
    framework = site_settings(paths.root).resolved_framework()
    folder = paths.root / args.tom_folder
    code = scaffold.tom_code_of(_read(folder / "index.md", paths))
    layer = framework.get(args.layer)
    if code is None or layer is None:
        raise RefusedError(f"need a TOM folder with an index.md holding ':id: TOM_<CODE>' and a "
                      f"layer key of {', '.join(framework.keys())}")
    path = folder / f"{layer.key}.md"
    wanted = ids.layer_id(code, layer.code)
    used = _site_ids(paths)
    if wanted in used and not path.exists():
        raise RefusedError(f"the layer's ID {wanted} is taken: it is in {used[wanted]} — "
                           "move that page into the TOM's folder as "
                           f"{path.relative_to(paths.root)} instead of writing a new one")
    scaffold.write_new(path, scaffold.layer_page(code, layer))
    return [path]


def new_action(args: argparse.Namespace, paths: Paths) -> list[Path]:
    framework = site_settings(paths.root).resolved_framework()
    page = paths.root / args.layer_page
    text = _read(page, paths, _A_LAYER_PAGE)
    code = scaffold.tom_code_of(_read(page.parent / "index.md", paths, _A_LAYER_PAGE))
    layer = framework.get(page.stem)
    if code is None or layer is None:
        raise RefusedError(_A_LAYER_PAGE)
    action_id = ids.next_action_id(ids.action_stem(code, layer.code), _site_ids(paths))
    page.write_text(text.rstrip("\n") + "\n" + scaffold.action_block(action_id),
                    encoding="utf-8")
    print(f"tom new: added action {action_id} to {args.layer_page}")
    return [page]


def _relative(path: str | Path, paths: Paths) -> str:
    try:
        return Path(path).resolve().relative_to(paths.root.resolve()).as_posix()
    except ValueError:
        return str(path)


_A_TOM_FOLDER = "give a TOM folder that holds an index.md (e.g. source/toms/<department>/<tom>)"
_A_LAYER_PAGE = ("give a layer page inside a TOM folder, e.g. "
                 "source/toms/<department>/<tom>/technology.md")


def _read(path: Path, paths: Paths, give: str = _A_TOM_FOLDER) -> str:
    """A page ``tom new`` needs, or a refusal naming it and what to give instead."""
    where = _relative(path, paths)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RefusedError(f"{where} does not exist — {give}") from None
    except OSError as err:
        raise RefusedError(f"{where} cannot be read ({err.strerror}) — check the file "
                           "and its permissions") from None
    problem = not_utf8(data)
    if problem:
        raise RefusedError(f"{where}:{problem[0]}: {problem[1]}")
    return data.decode("utf-8-sig")


def _site_ids(paths: Paths) -> dict[str, str]:
    """Every ID written in the site's pages, with the page: what ``tom new`` writes is
    free in the whole site, as the check judges it."""
    found: dict[str, str] = {}
    for page in sorted(paths.source.rglob("*.md")):
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the check reports a page it cannot read
        where = page.relative_to(paths.root).as_posix()
        for need_id in ids.written_ids(text):
            found.setdefault(need_id, where)
    return found


def add_new_parser(sub: Any) -> None:
    new = sub.add_parser(
        "new", help="start a TOM, a layer page or an action from a template",
        description="Write a new TOM (with a page for every layer of the framework, each "
                    "with its guiding question), a layer page, or an action with the next "
                    "free ID. What you must still write is marked TODO; `tom check` lists "
                    "each as 'not written yet' with its line. Never overwrites a file.")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    new_tom_parser = kinds.add_parser(
        "tom", help="a new TOM folder",
        description="Write source/<tom_toms_dir>/<department>/<folder>/ (tom_toms_dir is "
                    "'toms' unless conf.py says otherwise).")
    new_tom_parser.add_argument("department", help="department key from tom_departments")
    new_tom_parser.add_argument("folder", help="folder name, e.g. libraries (the URL)")
    new_tom_parser.add_argument("--code", required=True,
                                help="the TOM's code used in every ID, e.g. LIB (TOM_LIB)")
    new_tom_parser.add_argument("--title", required=True,
                                help="the TOM's name, e.g. Libraries")
    new_layer_parser = kinds.add_parser("layer", help="a missing layer page of a TOM")
    new_layer_parser.add_argument("tom_folder",
                                  help="the TOM folder, e.g. source/toms/env/libraries")
    new_layer_parser.add_argument("layer", help="the layer key, e.g. technology")
    new_action_parser = kinds.add_parser("action", help="an action at the end of a layer page")
    new_action_parser.add_argument("layer_page",
                                   help="e.g. source/toms/env/libraries/technology.md")
    new.set_defaults(func=cmd_new)

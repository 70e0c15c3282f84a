"""``tom export``: the CSV and Excel downloads and needs.json, without building the HTML."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tom_ext.cli.progress import Progress
from tom_ext.cli.runner import print_outcome
from tom_ext.core.needs import Site
from tom_ext.core.project import Paths


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    from tom_ext.sphinx_ext.run import run_sphinx
    from tom_ext.views.exports import write_all

    out = paths.root / args.output
    captured: dict[str, Site] = {}

    def keep(_app: Any, site: Site) -> None:
        captured["site"] = site

    # sphinx-needs' own "needs" builder writes needs.json without any HTML
    outcome = run_sphinx(paths, "needs", out, paths.check / "export-doctrees",
                         quiet=True, on_site=keep,
                         steps=Progress("tom export"))
    print_outcome(outcome, notices=False)
    if "site" not in captured or not outcome.ok:
        print("tom export: fix the problems above first; nothing was exported.",
              file=sys.stderr)
        return 1
    site = captured["site"]
    written = write_all(site, out, site.today)
    names = ", ".join(p.name for p in [out / "needs.json", *written])
    print(f"tom export: wrote {names} to {args.output}/")
    return 0


def add_export_parser(sub: Any) -> None:
    export = sub.add_parser(
        "export", help="write the CSV and Excel downloads and needs.json, without HTML",
        description="Write every view's CSV, the Excel workbook (a sheet per view) and "
                    "needs.json, exactly as a build publishes them under downloads/, "
                    "without building the HTML.")
    export.add_argument("-o", "--output", default="_build/export", metavar="DIR",
                        help="folder to write to (default: _build/export)")
    export.set_defaults(func=cmd_export)

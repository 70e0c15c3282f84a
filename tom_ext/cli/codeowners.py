"""``tom codeowners``: a CODEOWNERS file in which each layer's lead reviews that layer's page
of every TOM."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tom_ext.cli.progress import Progress
from tom_ext.cli.runner import print_outcome
from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Site
from tom_ext.core.project import Paths
from tom_ext.core.values import split_list

HEADER = """\
# Written by `tom codeowners` from the strategies' :leads: and :handle: fields and
# tom_layer_leads in conf.py. Do not edit by hand: run `tom codeowners` again instead.
"""


def lead_handles(site: Site, configured: Mapping[str, str]) -> dict[str, list[str]]:
    """Layer key → reviewer handles: the site setting first, else the strategies leading it."""
    handles: dict[str, list[str]] = {key: [] for key in site.framework.keys()}
    for strategy in site.by_type.get("strategy", []):
        for key in split_list(strategy.get("leads")):
            for handle in split_list(strategy.get("handle")):
                if key in handles and handle not in handles[key]:
                    handles[key].append(handle)
    for key, value in configured.items():
        if key in handles:
            handles[key] = value.split()
    return handles


def codeowners(site: Site, path_of: Callable[[str], str],
               configured: Mapping[str, str] | None = None) -> str:
    """The CODEOWNERS text: one line per layer page, sorted by path."""
    handles = lead_handles(site, configured or {})
    lines = []
    for layer in site.by_type.get("layer", []):
        owners = handles.get(layer.get("layer_key"), [])
        if owners:
            lines.append(f"/{path_of(layer.docname)} {' '.join(sorted(owners))}")
    missing = sorted(key for key, owners in handles.items() if not owners)
    notes = "".join(f"# no lead handle for layer '{key}': set :handle: on the strategy that "
                    f"leads it, or tom_layer_leads in conf.py\n" for key in missing)
    return HEADER + notes + "".join(line + "\n" for line in sorted(lines))


def cmd_codeowners(args: argparse.Namespace, paths: Paths) -> int:
    from tom_ext.sphinx_ext.run import run_sphinx

    captured: dict[str, Any] = {}

    def keep(app: Any, site: Site) -> None:
        root = paths.root.resolve()
        captured["site"] = site
        captured["path"] = lambda doc: Path(os.path.realpath(app.env.doc2path(doc))
                                            ).relative_to(root).as_posix()
        captured["leads"] = TomConfig.from_sphinx(app.config).layer_leads

    outcome = run_sphinx(paths, "dummy", paths.check / "out", paths.check / "doctrees",
                         on_site=keep,
                         steps=Progress("tom codeowners"))
    if "site" not in captured:
        print_outcome(outcome)
        return 1
    text = codeowners(captured["site"], captured["path"], captured["leads"])
    target = paths.root / args.output
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    rules = sum(1 for line in text.splitlines() if line.startswith("/"))
    print(f"tom codeowners: wrote {args.output} ({rules} layer pages).")
    return 0


def add_codeowners_parser(sub: Any) -> None:
    owners = sub.add_parser(
        "codeowners", help="write CODEOWNERS: each layer's lead reviews that layer",
        description="Write a CODEOWNERS file that makes the lead of each layer (the :handle: "
                    "of the strategy that :leads: it, or tom_layer_leads in conf.py) the "
                    "reviewer of that layer's page in every TOM.")
    owners.add_argument("-o", "--output", default="CODEOWNERS", metavar="FILE",
                        help="where to write it, relative to the site (default: CODEOWNERS; "
                             "GitLab also reads .gitlab/CODEOWNERS, GitHub .github/CODEOWNERS)")
    owners.set_defaults(func=cmd_codeowners)

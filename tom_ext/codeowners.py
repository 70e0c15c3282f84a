"""CODEOWNERS from the model: each layer's lead reviews that layer's page of every TOM."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .records import Site, split_list

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

"""The ID conventions of layers and actions, and the one rule for the next free action ID."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from tom_ext.core.needs import Need, Site

_WRITTEN_ID = re.compile(r"^\s*:id:\s*(\S+)\s*$", re.M)


def layer_id(tom_code: str, layer_code: str) -> str:
    """``LYR_<TOM>_<LAYER>``, e.g. LYR_LIB_TEC."""
    return f"LYR_{tom_code}_{layer_code}"


def action_stem(tom_code: str, layer_code: str) -> str:
    """What every action ID of a layer starts with: ``ACT_<TOM>_<LAYER>``."""
    return f"ACT_{tom_code}_{layer_code}"


def next_action_id(stem: str, used: Iterable[str]) -> str:
    """One more than the highest number of the IDs in ``used`` that start with ``stem``
    (``ACT_<TOM>_<LAYER>``), in two digits at least: ``ACT_LIB_TEC_03``. ``used`` is every
    ID of the site, so the answer is free wherever the action goes."""
    pattern = re.compile(re.escape(stem) + r"_(\d+)")
    numbers = [int(found.group(1)) for need_id in used
               if (found := pattern.fullmatch(need_id))]
    return f"{stem}_{max(numbers, default=0) + 1:02d}"


def written_ids(text: str) -> Iterator[str]:
    """The ``:id:`` values written in a page's text (for ``tom new``, which has no build)."""
    return (found.group(1) for found in _WRITTEN_ID.finditer(text))


def expected_id(site: Site, need: Need, taken: Collection[str] = ()
                ) -> tuple[str, str] | None:
    """``(pattern, suggestion)`` when ``need``'s ID breaks the convention, else None; the
    suggestion is none of ``taken`` (IDs already suggested to other needs)."""
    spec = site.model.type(need.type)
    if spec is None:
        return None
    if need.type in ("layer", "action"):
        layer = site.layer_of(need)
        tom = site.tom_of(need)
        lay = site.framework.get(layer.get("layer_key")) if layer else None
        if tom is None or lay is None or not tom.id.startswith("TOM_"):
            return None
        code = tom.id[len("TOM_"):]
        if need.type == "layer":
            wanted = layer_id(code, lay.code)
            return None if need.id == wanted else (spec.id_pattern, wanted)
        stem = action_stem(code, lay.code)
        if _numbered(need.id, stem):
            return None
        return spec.id_pattern, next_action_id(stem, [*site.by_id, *taken])
    if need.id.startswith(spec.prefix) and len(need.id) > len(spec.prefix):
        return None
    other = next((t.prefix for t in site.model.types if need.id.startswith(t.prefix)), "")
    return spec.id_pattern, spec.prefix + need.id[len(other):]


def _numbered(need_id: str, stem: str) -> bool:
    """``<stem>_<two digits or more>`` (a pattern per layer would overflow the regular
    expression cache on a large council and be compiled again for every action)."""
    head, underscore, number = need_id.rpartition("_")
    return head == stem and bool(underscore) and len(number) >= 2 and number.isdecimal()

"""Layer frameworks as data: the nine-layer default, McKinsey 7S, and council-defined ones."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")


@dataclass(frozen=True, slots=True)
class Layer:
    """One chapter of a framework: a TOM answers its guiding question."""

    key: str
    """File name of the layer's page inside a TOM's folder, e.g. ``technology``."""
    title: str
    code: str
    """Short upper-case code used in IDs, e.g. ``TEC`` in ``ACT_LIB_TEC_01``."""
    question: str


@dataclass(frozen=True, slots=True)
class Framework:
    """An ordered set of layers every TOM of the site is written against."""

    name: str
    title: str
    layers: tuple[Layer, ...]

    def keys(self) -> tuple[str, ...]:
        return tuple(layer.key for layer in self.layers)

    def get(self, key: str) -> Layer | None:
        for layer in self.layers:
            if layer.key == key:
                return layer
        return None

    def by_code(self, code: str) -> Layer | None:
        for layer in self.layers:
            if layer.code == code:
                return layer
        return None


NINE_LAYERS = Framework(
    name="nine-layer",
    title="Nine-layer TOM framework",
    layers=(
        Layer("customers", "Customers", "CUS",
              "Who are our customers now and in the future, and what outcomes do they want?"),
        Layer("channels", "Channels", "CHA",
              "How do our customers contact us and access services and how might this change "
              "in the future?"),
        Layer("services", "Services", "SER",
              "What services do we currently provide and what will we provide in the future?"),
        Layer("organisation", "Organisation", "ORG",
              "What is the current and future delivery model? What does this mean for the way "
              "we organise and structure our business, for example a shared or commissioned "
              "service?"),
        Layer("processes", "Processes", "PRO",
              "What business processes support our service delivery and are they fit for "
              "purpose? Could they be made more efficient?"),
        Layer("information", "Information", "INF",
              "What information and data do we hold and what do we need? Is it accurate, "
              "available when needed and shared appropriately? Are retention arrangements "
              "right?"),
        Layer("technology", "Technology", "TEC",
              "What technology, support and devices do we need to succeed?"),
        Layer("physical-location", "Physical location", "LOC",
              "Which locations are services delivered from and might this change in the "
              "future?"),
        Layer("people", "People", "PEO",
              "Do we have adequate and appropriately skilled staff to deliver our services? "
              "If not, what do we need to do in terms of training or recruitment?"),
    ),
)

SEVEN_S = Framework(
    name="7s",
    title="McKinsey 7S framework",
    layers=(
        Layer("strategy", "Strategy", "STR",
              "What is our plan to build and keep an advantage for the people we serve?"),
        Layer("structure", "Structure", "STU",
              "How is the service organised, and who reports to whom?"),
        Layer("systems", "Systems", "SYS",
              "Which processes and systems do the daily work of the service?"),
        Layer("style", "Style", "STY",
              "How do leaders behave, and what does the service's culture reward?"),
        Layer("staff", "Staff", "STA",
              "Do we have the right number and kind of people in the right roles?"),
        Layer("skills", "Skills", "SKI",
              "What capabilities does the service have, and which does it lack?"),
        Layer("shared-values", "Shared values", "VAL",
              "What core values does everyone in the service share?"),
    ),
)

BUILTIN: Mapping[str, Framework] = {f.name: f for f in (NINE_LAYERS, SEVEN_S)}


class FrameworkError(ValueError):
    """A framework definition in ``conf.py`` that cannot be used."""


def resolve(value: str | Mapping[str, Any]) -> Framework:
    """The framework named by ``tom_framework``: a built-in name or a council's own mapping."""
    if isinstance(value, str):
        try:
            return BUILTIN[value]
        except KeyError:
            raise FrameworkError(
                f"{value!r} is not a known framework; use one of "
                f"{', '.join(repr(k) for k in sorted(BUILTIN))}, or a mapping with "
                "'name', 'title' and 'layers'"
            ) from None
    if not isinstance(value, Mapping):
        raise FrameworkError("must be a framework name or a mapping")
    return _from_mapping(value)


def _from_mapping(value: Mapping[str, Any]) -> Framework:
    name = str(value.get("name") or "custom")
    layers_raw = value.get("layers")
    if not isinstance(layers_raw, Sequence) or not layers_raw:
        raise FrameworkError(f"framework {name!r}: 'layers' must be a non-empty list")
    layers = []
    for index, raw in enumerate(layers_raw, start=1):
        if not isinstance(raw, Mapping):
            raise FrameworkError(f"framework {name!r}: layer {index} must be a mapping")
        missing = [k for k in ("key", "title", "code", "question") if not raw.get(k)]
        if missing:
            raise FrameworkError(
                f"framework {name!r}: layer {index} lacks {', '.join(missing)}"
            )
        layer = Layer(str(raw["key"]), str(raw["title"]), str(raw["code"]),
                      str(raw["question"]))
        if not _KEY.match(layer.key):
            raise FrameworkError(
                f"framework {name!r}: layer key {layer.key!r} must be lower-case letters, "
                "digits and hyphens (it is the layer page's file name)"
            )
        if not _CODE.match(layer.code):
            raise FrameworkError(
                f"framework {name!r}: layer code {layer.code!r} must be 2-6 upper-case "
                "letters or digits"
            )
        layers.append(layer)
    for attr in ("key", "code"):
        seen = [getattr(layer, attr) for layer in layers]
        dupes = sorted({v for v in seen if seen.count(v) > 1})
        if dupes:
            raise FrameworkError(f"framework {name!r}: duplicate layer {attr}s {dupes}")
    return Framework(name=name, title=str(value.get("title") or name), layers=tuple(layers))

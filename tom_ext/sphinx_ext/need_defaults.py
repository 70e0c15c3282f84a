"""sphinx-needs gives every need each field's default through ``copy.deepcopy``
(``_get_field_default``, ``_get_links_default``): hundreds of thousands of calls at 150
TOMs, nearly all for a string, a number or an empty list, about 1.5 s of a fresh read.
The defaults are held in sphinx-needs' one-field value holders (``FieldLiteralValue``,
``LinksLiteralValue``). A deep copy of a string or a number is the value itself, of a list
of them a new list of the same values, and of a holder a new holder of a copy of its
value, so tom_ext gives sphinx-needs' module a ``deepcopy`` that makes those directly and
hands anything else to :func:`copy.deepcopy`: the same result, without the dispatch and
the reduction of a dataclass to its state. Upstream report: docs/upstream.md."""

from __future__ import annotations

import copy
from typing import Any

import sphinx_needs.api.need as need_api
from sphinx_needs.needs_schema import FieldLiteralValue, LinksLiteralValue

#: what :func:`copy.deepcopy` gives back as it is (its "atomic" types)
ATOMIC = frozenset({str, int, float, bool, type(None), bytes})

#: sphinx-needs' holders of a default: one field, ``value``
HOLDERS = frozenset({FieldLiteralValue, LinksLiteralValue})

#: sphinx-needs' own, for the test that says when upstream changed how defaults are copied
UPSTREAM_DEEPCOPY = need_api.deepcopy


def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """:func:`copy.deepcopy`, quicker for an atomic value, a list of atomic values and a
    holder of a default."""
    kind = type(value)
    if kind in ATOMIC:
        return value
    if kind is list and all(type(item) in ATOMIC for item in value):
        return list(value)
    if kind in HOLDERS:
        return kind(deepcopy(value.value, memo))
    return copy.deepcopy(value, memo)


def setup_need_defaults() -> None:
    """Once per process: sphinx-needs' defaults copied without the dispatch."""
    need_api.deepcopy = deepcopy  # type: ignore[assignment]

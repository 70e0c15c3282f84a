"""Sphinx writes a debug line for every event it emits, and makes it first: ``repr()`` of
the event's arguments, whether or not debug output is on. sphinx-needs emits two events
with every need of the site as an argument, so each build spent time in proportion to the
council writing a text nobody reads (0.3 s per event at 50 TOMs). tom_ext gives Sphinx's
events module a ``repr`` that stops after a few hundred characters (what the debug line
showed at most anyway) until Sphinx makes the line only when it is shown.
Upstream report: docs/upstream.md."""

from __future__ import annotations

import reprlib
from typing import Any

import sphinx.events

#: bounded like the line Sphinx 8 wrote (it cut the text at 100 characters)
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxdict, _SHORT.maxlist, _SHORT.maxtuple = 2, 4, 4, 6
_SHORT.maxstring = _SHORT.maxother = 80


def short_repr(value: Any) -> str:
    """``repr(value)`` cut short: the size of the text, not of the value, bounds its cost."""
    try:
        return _SHORT.repr(value)
    except Exception:  # what repr() of an odd object raises, the caller already expects
        return object.__repr__(value)


def setup_event_repr() -> None:
    """Once per process: Sphinx's event debug line made with :func:`short_repr`."""
    sphinx.events.repr = short_repr  # type: ignore[attr-defined]

"""Another extension's event listener wrapped in place, found by its module and name: how
tom_ext works around an upstream fault without copying the upstream function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx


def wrap_listener(app: Sphinx, event: str, module: str, name: str,
                  wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> bool:
    """Replace the listener ``module.name`` of ``event`` with ``wrap(listener)``, keeping
    its place and priority; whether it was found (a test fails when it is not)."""
    listeners = app.events.listeners.get(event, [])
    for index, listener in enumerate(listeners):
        handler = listener.handler
        if getattr(handler, "__name__", "") == name and \
                getattr(handler, "__module__", "") == module:
            listeners[index] = listener._replace(handler=wrap(handler))
            return True
    return False

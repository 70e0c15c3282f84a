"""Sphinx makes docutils' settings afresh for every page it reads: ``_parse_str_to_doctree``
calls ``_get_settings``, which builds an ``OptionParser`` option by option from every
component and reads the docutils configuration files again, to give the same defaults
each time (about 1.2 s of a fresh read at 150 TOMs). tom_ext keeps the parser made for a
set of components and defaults, and gives each page a fresh ``Values`` from it, as
docutils' ``get_default_values`` always does: each page still has settings of its own
(its source, its dependency list). The parser is made again whenever a default is not the
very object it was made with. Upstream report: docs/upstream.md."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Mapping
from typing import Any

import sphinx.util.docutils as sphinx_docutils
from docutils.frontend import OptionParser, Values
from docutils.utils import DependencyList

#: Sphinx's own, for the test that says when upstream changed how a page gets its settings
UPSTREAM_GET_SETTINGS = sphinx_docutils._get_settings


class SettingsCache:
    """The option parser of each set of components and defaults, made once."""

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], tuple[dict[str, Any], OptionParser]] = {}

    def get_settings(self, *components: Any, defaults: Mapping[str, Any],
                     read_config_files: bool = False) -> Values:
        key = (*(_kind(c) for c in components), read_config_files, tuple(sorted(defaults)))
        made = self._made.get(key)
        if made is None or any(made[0][name] is not value
                               for name, value in defaults.items()):
            with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
                parser = OptionParser(components=components, defaults=dict(defaults),
                                      read_config_files=read_config_files)
            made = self._made[key] = (dict(defaults), parser)
        if getattr(made[1].defaults.get("record_dependencies"), "file", None) is not None:
            # a docutils.conf names a file for the dependencies: Sphinx's own, which opens
            # it again for each page
            return UPSTREAM_GET_SETTINGS(*components, defaults=defaults,
                                         read_config_files=read_config_files)
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
            return _own(made[1].get_default_values(), made[0])


def _own(values: Values, shared: Mapping[str, Any]) -> Values:
    """The page's settings with containers of their own where a new parser would have made
    new ones (from the configuration files: above all the dependency list, where Sphinx
    records the files a page includes); what Sphinx passed as defaults stays shared, as it
    is when Sphinx makes the parser."""
    given = {id(value) for value in shared.values()}
    for name, value in list(vars(values).items()):
        if id(value) in given:
            continue
        if isinstance(value, DependencyList):
            setattr(values, name, DependencyList())  # as a new parser's configuration
        elif isinstance(value, (list, dict, set)):
            setattr(values, name, copy.copy(value))
    return values


def _kind(component: Any) -> tuple[object, object]:
    """A component by its class and the settings it declares (what the parser reads)."""
    kind = component if isinstance(component, type) else type(component)
    return kind, id(getattr(component, "settings_spec", None))


def setup_doc_settings() -> None:
    """Once per process: each page's settings from a parser made once."""
    sphinx_docutils._get_settings = SettingsCache().get_settings  # type: ignore[assignment]

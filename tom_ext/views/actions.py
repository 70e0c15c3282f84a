"""Views computed from the site's needs (no Sphinx): rows that directives only render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tom_ext.core.needs import Need, Site
from tom_ext.core.values import iso_date

STATUS_LABELS = {
    "not-started": ("○", "Not started"),
    "on-track": ("●", "On track"),
    "at-risk": ("▲", "At risk"),
    "off-track": ("✖", "Off track"),
    "complete": ("✔", "Complete"),
}


def status_label(status: str) -> tuple[str, str]:
    """``(symbol, words)`` for a status; the words alone carry the meaning."""
    return STATUS_LABELS.get(status, ("?", status or "No status"))


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: str
    title: str
    docname: str
    tom_id: str
    tom_title: str
    tom_docname: str
    layer_title: str
    owner: str
    due: str
    status: str
    days_overdue: int = 0
    """Days past its due date when not complete (0: not overdue), as of the build date."""


@dataclass(frozen=True, slots=True)
class ActionQuery:
    """Which actions a ``tom-actions`` view lists; every given criterion must hold."""

    supports: tuple[str, ...] = ()
    tom: str = ""
    layer: str = ""
    statuses: tuple[str, ...] = ()
    layer_key: str = ""
    theme: str = ""

    def is_empty(self) -> bool:
        return not (self.supports or self.tom or self.layer or self.statuses
                    or self.layer_key or self.theme)


def _candidates(site: Site, query: ActionQuery) -> Sequence[Need]:
    """The smallest starting set the link maps give, so a view costs what it lists."""
    if query.supports:
        ids: dict[str, None] = {}
        for target in query.supports:
            for need in site.incoming(target, "supports"):
                ids[need.id] = None
        return [site.by_id[i] for i in ids]
    if query.layer:
        return site.incoming(query.layer, "part_of")
    if query.theme:
        return site.incoming(query.theme, "themes")
    return site.by_type.get("action", [])


def due_date(action: Need) -> dt.date | None:
    return iso_date(action.get("due"))


def is_overdue(action: Need, today: dt.date) -> bool:
    """Due before the build date and not complete."""
    due = due_date(action)
    return due is not None and due < today and action.get("status") != "complete"


def days_overdue(action: Need, today: dt.date) -> int:
    """How many days an overdue action is past its due date (0 when it is not overdue)."""
    due = due_date(action)
    return (today - due).days if due is not None and is_overdue(action, today) else 0


def action_rows(site: Site, query: ActionQuery) -> list[ActionRow]:
    """The actions the query selects, sorted by due date then ID."""
    rows = []
    for need in _candidates(site, query):
        if need.type != "action":
            continue
        tom = site.tom_of(need)
        layer = site.layer_of(need)
        if query.tom and (tom is None or tom.id != query.tom):
            continue
        if query.layer and (layer is None or layer.id != query.layer):
            continue
        if query.layer_key and (layer is None or layer.get("layer_key") != query.layer_key):
            continue
        if query.theme and query.theme not in need.links.get("themes", []):
            continue
        status = need.get("status")
        if query.statuses and status not in query.statuses:
            continue
        rows.append(ActionRow(
            id=need.id, title=need.title, docname=need.docname,
            tom_id=tom.id if tom else "", tom_title=tom.title if tom else "",
            tom_docname=tom.docname if tom else "",
            layer_title=layer.title if layer else "",
            owner=need.get("owner"), due=need.get("due"), status=status,
            days_overdue=days_overdue(need, site.today),
        ))
    rows.sort(key=lambda r: (r.due or "9999", r.id))
    return rows

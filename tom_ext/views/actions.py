"""Views computed from the site's needs (no Sphinx): rows that directives only render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tom_ext.core.model import STATUSES
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
    if query.layer_key:
        return _under_layers(site, query.layer_key)
    return site.by_type.get("action", [])


def _under_layers(site: Site, layer_key: str) -> list[Need]:
    """What is part of a layer of this key, or part of what is (where :meth:`Site.layer_of`
    looks): the layer pages of the whole council list their key's actions from these."""
    found: dict[str, Need] = {}
    for layer in site.by_type.get("layer", []):
        if layer.get("layer_key") != layer_key:
            continue
        for child in site.incoming(layer.id, "part_of"):
            found[child.id] = child
            found.update((n.id, n) for n in site.incoming(child.id, "part_of"))
    return list(found.values())


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
    """The actions the query selects, sorted by due date then ID; worked out once per
    build for each query (a page's fingerprint, the page and a paper share it): treat the
    list as read-only."""
    return site.memo(("action rows", query), lambda: _selected(site, query))


def _selected(site: Site, query: ActionQuery) -> list[ActionRow]:
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


@dataclass(frozen=True, slots=True)
class TomTally:
    """One TOM's row of a list too long to show whole: its actions counted by status."""

    tom_id: str
    tom_title: str
    docname: str
    """Where its actions are: their one page when they share it, else the TOM's page."""
    counts: tuple[int, ...]
    """One count per status, in the order of ``STATUSES``."""
    overdue: int
    longest_overdue: int
    """Days the longest overdue of them is past its due date (0: none is overdue)."""

    @property
    def total(self) -> int:
        return sum(self.counts)


def tally_by_tom(rows: Sequence[ActionRow]) -> list[TomTally]:
    """The rows counted per TOM, most overdue first, then by TOM title."""
    grouped: dict[str, list[ActionRow]] = {}
    for row in rows:
        grouped.setdefault(row.tom_id, []).append(row)
    tallies = []
    for tom_id, mine in grouped.items():
        pages = {row.docname for row in mine}
        tallies.append(TomTally(
            tom_id=tom_id, tom_title=mine[0].tom_title,
            docname=pages.pop() if len(pages) == 1 else mine[0].tom_docname,
            counts=tuple(sum(row.status == status for row in mine) for status in STATUSES),
            overdue=sum(row.days_overdue > 0 for row in mine),
            longest_overdue=max(row.days_overdue for row in mine)))
    return sorted(tallies, key=lambda t: (-t.overdue, -t.longest_overdue,
                                          t.tom_title.casefold(), t.tom_id))

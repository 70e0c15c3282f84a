"""The facts at the top of a TOM's page: its stage, whether its review is overdue, who owns
it, and the priorities, principles and decision it names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tom_ext.core.needs import Site
from tom_ext.core.values import iso_date, split_list
from tom_ext.core.words import long_date, years
from tom_ext.views.coverage import STATE_LABELS, coverage
from tom_ext.views.progress import actions_by_tom, status_summary

STAGE_WORDS = {
    "first-draft": "First draft",
    "second-draft": "Second draft",
    "final": "Final draft",
    "approved": "Approved",
}


@dataclass(frozen=True, slots=True)
class Summary:
    tom_id: str
    stage: str
    banner: str
    review_by: str
    review_overdue: bool
    facts: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]
    """``(label, ((id, title, docname), ...))`` for priorities, principles, decision."""


def summary_of(site: Site, tom_id: str, today: dt.date) -> Summary | None:
    tom = site.by_id.get(tom_id)
    if tom is None:
        return None
    stage = tom.get("stage")
    words = STAGE_WORDS.get(stage, stage)
    banner = "" if stage == "approved" else f"{words} — not approved"
    review = tom.get("review_by")
    due = iso_date(review)
    overdue = due is not None and due < today
    department = tom.get("department")
    facts = tuple((label, value) for label, value in (
        ("Department", site.departments.get(department, department)),
        ("Stage", words),
        ("Owner", tom.get("owner")),
        ("Director", tom.get("director")),
        ("Author", tom.get("author")),
        ("Horizon", years(tom.get("horizon"))),
        ("Review by", long_date(review)),
        ("Services", ", ".join(split_list(tom.get("services")))),
        ("Classification", tom.get("classification")),
        ("Layers", _layers_words(site, tom_id)),
        ("Actions", _actions_words(site, tom_id, today)),
    ) if value)

    def linked(link: str) -> tuple[tuple[str, str, str], ...]:
        return tuple((i, site.by_id[i].title, site.by_id[i].docname)
                     for i in tom.links.get(link, []) if i in site.by_id)

    links = tuple((label, items) for label, items in (
        ("Priorities", linked("aligns")),
        ("Design principles", linked("embodies")),
        ("Approved by", linked("approved_by")),
    ) if items)
    return Summary(tom_id, stage, banner, review, overdue, facts, links)


def _layers_words(site: Site, tom_id: str) -> str:
    """"8 of 9 complete; 1 partial"."""
    rows = [row for row in coverage(site).rows if row.tom_id == tom_id]
    if not rows:
        return ""
    states = [cell.state for cell in rows[0].cells]
    rest = [f"{states.count(s)} {STATE_LABELS[s][1].lower()}" for s in
            ("partial", "missing", "withheld") if states.count(s)]
    return "; ".join([f"{rows[0].complete} of {rows[0].applicable} complete", *rest])


def _actions_words(site: Site, tom_id: str, today: dt.date) -> str:
    actions = actions_by_tom(site).get(tom_id, [])
    return status_summary(actions, today) if actions else ""

"""The summary card at the top of every TOM page: stage banner, review notice, key facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..records import Site, split_list
from .common import need_link, tom_view

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


def long_date(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def summary_of(site: Site, tom_id: str, today: dt.date) -> Summary | None:
    tom = site.by_id.get(tom_id)
    if tom is None:
        return None
    stage = tom.get("stage")
    words = STAGE_WORDS.get(stage, stage)
    banner = "" if stage == "approved" else f"{words} — not approved"
    review = tom.get("review_by")
    try:
        overdue = bool(review) and dt.date.fromisoformat(review) < today
    except ValueError:
        overdue = False
    department = tom.get("department")
    facts = tuple((label, value) for label, value in (
        ("Department", site.departments.get(department, department)),
        ("Stage", words),
        ("Owner", tom.get("owner")),
        ("Director", tom.get("director")),
        ("Author", tom.get("author")),
        ("Horizon", tom.get("horizon").replace("-", "–")),
        ("Review by", long_date(review)),
        ("Services", ", ".join(split_list(tom.get("services")))),
        ("Classification", tom.get("classification")),
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


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    from .thread import rows as thread_rows

    found = summary_of(site, view["tom"], site.today)
    return [found, *thread_rows(site, view)] if found else []


def placeholder(tom_id: str) -> tom_view:
    return tom_view(view={"kind": "summary", "tom": tom_id})


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    from .thread import diagram

    summary = summary_of(site, view["tom"], site.today)
    if summary is None:
        return nodes.container()
    card = nodes.container(classes=["tom-summary"])
    if summary.banner:
        banner = nodes.paragraph(classes=["tom-banner", f"tom-stage-{summary.stage}"])
        banner += nodes.strong(text=summary.banner)
        card += banner
    if summary.review_overdue:
        notice = nodes.paragraph(classes=["tom-review-overdue"])
        notice += nodes.strong(text="Review overdue: ")
        notice += nodes.Text(f"this TOM was due for review by {long_date(summary.review_by)}.")
        card += notice
    facts = nodes.definition_list(classes=["tom-facts"])
    for label, value in summary.facts:
        item = nodes.definition_list_item()
        item += nodes.term(text=label)
        definition = nodes.definition()
        definition += nodes.paragraph(text=value)
        item += definition
        facts += item
    for label, items in summary.links:
        item = nodes.definition_list_item()
        item += nodes.term(text=label)
        definition = nodes.definition()
        para = nodes.paragraph()
        for index, (need_id, title, docname) in enumerate(items):
            if index:
                para += nodes.Text("; ")
            para += need_link(app.builder, fromdocname, docname, need_id, title)
        definition += para
        item += definition
        facts += item
    card += facts
    wrapper = nodes.container(classes=["tom-summary-wrapper"])
    wrapper += card
    wrapper += diagram(app, site, summary.tom_id, fromdocname)
    return wrapper

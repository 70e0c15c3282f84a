"""The front door: how the council's TOMs stand, in figures a reader takes in at a glance,
and what needs attention. The action figures are the Progress page's (actions of a TOM)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tom_ext.core.model import STATUSES
from tom_ext.core.needs import Need, Site
from tom_ext.core.values import iso_date
from tom_ext.core.words import money_k
from tom_ext.views.actions import days_overdue
from tom_ext.views.coverage import coverage
from tom_ext.views.progress import overdue_actions, savings_rows, savings_total, status_rows
from tom_ext.views.traceability import tom_order

#: how many of the longest-overdue actions the front door names
OVERDUE_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Figure:
    """One headline figure: what it counts, the number, and a line that explains it."""

    key: str
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """A need as the front door names it: plain values, so a page fingerprint of them
    changes exactly when what the page shows does."""

    id: str
    title: str
    docname: str
    detail: tuple[str, ...] = ()
    """What the list says after the name: a TOM, a date, an owner, a stage, a count."""


@dataclass(frozen=True, slots=True)
class Attention:
    overdue: tuple[Item, ...]
    """The longest overdue: (TOM, due date, days overdue, owner)."""
    overdue_count: int
    past_review: tuple[Item, ...]
    """(review-by date,)"""
    drafts: tuple[Item, ...]
    """(stage,)"""


def headline_figures(site: Site) -> list[Figure]:
    """TOMs, layers complete, actions and how many are complete, overdue, at risk and off
    track, and savings against the MTFS."""
    rows = status_rows(site, site.today, by="department")
    counts = {status: sum(r.counts[i] for r in rows) for i, status in enumerate(STATUSES)}
    actions = sum(counts.values())
    overdue = sum(r.overdue for r in rows)
    done = counts["complete"]
    toms = site.by_type.get("tom", [])
    drafts = sum(t.get("stage") != "approved" for t in toms)
    cov = coverage(site)
    complete, applicable = sum(cov.column_complete()), sum(cov.column_applicable())
    share = round(100 * done / actions) if actions else 0
    return [
        Figure("toms", "TOMs", str(len(toms)),
               f"{len(toms) - drafts} approved, {drafts} in draft"),
        Figure("layers", "Layers complete", f"{complete} of {applicable}",
               "layers that apply, with every part written"),
        Figure("actions", "Actions", f"{actions:,}", f"{done:,} complete ({share}%)"),
        Figure("overdue", "Overdue", f"{overdue:,}", "past their due date, not complete"),
        Figure("at-risk", "At risk", f"{counts['at-risk']:,}",
               f"and {counts['off-track']:,} off track"),
        _savings(site),
    ]


def _savings(site: Site) -> Figure:
    """The All row of the Progress page's savings table."""
    total = savings_total(savings_rows(site))
    against = f" against the MTFS's {money_k(total.target)}" if total.target else ""
    return Figure("savings", "Savings a year", money_k(total.delivered),
                  f"delivered, of {money_k(total.planned)} planned{against}")


def attention(site: Site) -> Attention:
    """The longest-overdue actions, the TOMs past their review date and the drafts."""
    overdue = overdue_actions(site, site.today)
    longest = sorted(overdue, key=lambda a: (-days_overdue(a, site.today), a.id))
    past = [t for t in tom_order(site) if _before(t.get("review_by"), site.today)]
    drafts = [t for t in tom_order(site) if t.get("stage") != "approved"]
    return Attention(
        tuple(_overdue_item(site, a) for a in longest[:OVERDUE_SHOWN]), len(overdue),
        tuple(_tom_item(t, t.get("review_by")) for t in past),
        tuple(_tom_item(t, t.get("stage")) for t in drafts))


def _overdue_item(site: Site, action: Need) -> Item:
    tom = site.tom_of(action)
    return Item(action.id, action.title, action.docname,
                (tom.short_title if tom else "", action.get("due"),
                 str(days_overdue(action, site.today)), action.get("owner")))


def _tom_item(tom: Need, *detail: str) -> Item:
    return Item(tom.id, tom.short_title, tom.docname, detail)


def _before(value: str, today: dt.date) -> bool:
    day = iso_date(value)
    return day is not None and day < today


def departments(site: Site) -> list[tuple[str, tuple[Item, ...]]]:
    """Each department with its TOMs (and their stages), in the site's order."""
    found: dict[str, list[Item]] = {}
    for tom in tom_order(site):
        key = tom.get("department")
        found.setdefault(site.departments.get(key, key), []).append(
            _tom_item(tom, tom.get("stage")))
    return [(name, tuple(items)) for name, items in found.items()]

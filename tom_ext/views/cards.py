"""What each TOM object's card tells a reader: names before IDs, statuses and dates in words,
money and posts with their units, and whether an action is overdue. No field keys."""

from __future__ import annotations

from dataclasses import dataclass

from tom_ext.core.audience import SENSITIVE, WITHHELD, is_sensitive
from tom_ext.core.needs import Need, Site
from tom_ext.core.values import is_number, number, parse_targets, split_list
from tom_ext.core.words import long_date, money_k, plural, signed, years
from tom_ext.views.actions import days_overdue, is_overdue, status_label
from tom_ext.views.coverage import STATE_LABELS, Cell, cell_of, lacks_words
from tom_ext.views.progress import status_summary

PLAN_NAMES = {"community-plan": "Community Plan", "corporate-plan": "Corporate Plan",
              "mtfs": "Medium Term Financial Strategy"}
SCOPES = {"corporate": "Corporate", "departmental": "Departmental"}


@dataclass(frozen=True, slots=True)
class Link:
    """A need named by its title, with its page and anchor (the ID in small print)."""

    id: str
    title: str
    docname: str


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    text: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Badge:
    """A state at a glance: a symbol and words (colour, from ``kind``, only adds to them)."""

    kind: str
    symbol: str
    words: str


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    type: str
    kicker: str
    """What the object is, in words: "Action", "Layer of Highways"."""
    title: str
    badges: tuple[Badge, ...] = ()
    facts: tuple[Fact, ...] = ()
    plain: bool = False
    """A TOM's own need: its page's summary card says the rest, so only its text shows."""


def card_of(site: Site, need_id: str) -> Card | None:
    """The card of a need, or None when the site does not have it (withheld, say)."""
    need = site.by_id.get(need_id)
    if need is None:
        return None
    make = _CARDS.get(need.type, _plain_card)
    return make(site, need)


def overdue_badge(days: int) -> Badge:
    """"! Overdue by 12 days": on an action's card and in its TOM page's route table."""
    return Badge("overdue", "!", f"Overdue by {plural(days, 'day')}")


def _link(site: Site, need_id: str) -> Link:
    """The need by its title; one the site does not have is named "withheld" without its
    ID (a public build leaves sensitive needs out; elsewhere it is an error the check
    reports, so it is never published)."""
    need = site.by_id.get(need_id)
    if need is None:
        return Link("", WITHHELD, "")
    return Link(need_id, need.title, need.docname)


def _links(site: Site, ids: list[str]) -> tuple[Link, ...]:
    return tuple(_link(site, i) for i in ids)


def _facts(*facts: Fact) -> tuple[Fact, ...]:
    return tuple(f for f in facts if f.text or f.links)


def _marking(need: Need) -> tuple[Badge, ...]:
    return (Badge("marking", "", SENSITIVE),) if is_sensitive(need) else ()


def _action_card(site: Site, need: Need) -> Card:
    status = need.get("status")
    symbol, words = status_label(status)
    badges = [Badge(f"status-{status or 'none'}", symbol, words)]
    if is_overdue(need, site.today):
        badges.append(overdue_badge(days_overdue(need, site.today)))
    saving, fte = need.get("saving"), need.get("fte")
    return Card(need.id, need.type, "Action", need.title, (*badges, *_marking(need)), _facts(
        Fact("Due", long_date(need.get("due"))),
        Fact("Owner", need.get("owner")),
        Fact("Supports", links=_links(site, need.links.get("supports", []))),
        Fact("Themes", links=_links(site, need.links.get("themes", []))),
        Fact("Saving", (f"{money_k(number(saving))} a year" if is_number(saving) else saving)
             if saving else ""),
        Fact("Posts", (f"{signed(number(fte))} FTE (full-time equivalent)" if is_number(fte)
                       else fte) if fte else ""),
    ))


#: how far a layer's page is written, on its card: "Complete" beside its actions' progress
#: read as "the work is done" (the matrix keeps its one-word key)
LAYER_WORDS = {"complete": "Written in full", "partial": "Partly written"}


def _layer_badge(cell: Cell) -> Badge:
    symbol = STATE_LABELS[cell.state][0]
    words = LAYER_WORDS.get(cell.state, STATE_LABELS[cell.state][1])
    return Badge(f"cell-{cell.state}", symbol,
                 f"{words}: {lacks_words(cell.missing)}" if cell.missing else words)


def _layer_card(site: Site, need: Need) -> Card:
    tom = site.tom_of(need)
    kicker = f"Layer of {tom.short_title}" if tom else "Layer"
    cell = cell_of(site, need, need.get("layer_key"), tom.id if tom else "")
    badges = (_layer_badge(cell), *_marking(need))
    actions = [a for a in site.incoming(need.id, "part_of") if a.type == "action"]
    return Card(need.id, need.type, kicker, need.title, badges, _facts(
        Fact("Why it does not apply", need.get("reason") if cell.state == "not-applicable"
             else ""),
        Fact("TOM", links=(_link(site, tom.id),) if tom else ()),
        Fact("Guided by", links=_links(site, need.links.get("guided_by", []))),
        Fact("Route", status_summary(actions, site.today) if actions else ""),
    ))


def _strategy_card(site: Site, need: Need) -> Card:
    layers = [site.framework.get(key) for key in split_list(need.get("leads"))]
    return Card(need.id, need.type, f"{SCOPES.get(need.get('scope'), '')} strategy".strip()
                .capitalize(), need.title, _marking(need), _facts(
        Fact("Lead", need.get("owner")),
        Fact("Years", years(need.get("horizon"))),
        Fact("Leads the layers", ", ".join(lay.title for lay in layers if lay)),
        Fact("Delivers", links=_links(site, need.links.get("delivers", []))),
        Fact("Supported by", _supported(site, need)),
    ))


def _supported(site: Site, need: Need) -> str:
    """"12 actions in 5 TOMs"."""
    actions = site.incoming(need.id, "supports")
    toms = {tom.id for a in actions if (tom := site.tom_of(a)) is not None}
    if not actions:
        return ""
    return f"{plural(len(actions), 'action')} in {plural(len(toms), 'TOM')}"


def _priority_card(site: Site, need: Need) -> Card:
    return Card(need.id, need.type, "Corporate priority", need.title, (), _facts(
        Fact("Set by", links=_links(site, need.links.get("part_of", []))),
        Fact("Delivered by", links=tuple(_link(site, s.id) for s in
                                         site.incoming(need.id, "delivers"))),
        Fact("Aligned", links=tuple(_link(site, t.id) for t in
                                    site.incoming(need.id, "aligns"))),
        Fact("Supported by", _supported(site, need)),
    ))


def _plan_card(site: Site, need: Need) -> Card:
    targets = parse_targets(need.get("targets"))[0] if need.get("targets") else {}
    shown = "; ".join(f"{site.departments.get(key, key)} {money_k(value)}"
                      for key, value in targets.items())
    return Card(need.id, need.type, PLAN_NAMES.get(need.get("plan_kind"), "Plan"),
                need.title, (), _facts(
        Fact("Owner", need.get("owner")),
        Fact("Years", years(need.get("horizon"))),
        Fact("Answers to", links=_links(site, need.links.get("informed_by", []))),
        Fact("Informs", links=tuple(_link(site, p.id) for p in
                                    site.incoming(need.id, "informed_by"))),
        Fact("Savings targets", shown),
    ))


def _decision_card(site: Site, need: Need) -> Card:
    item = need.get("item")
    return Card(need.id, need.type, "Decision", need.title, (), _facts(
        Fact("Meeting", ", ".join(part for part in (need.get("meeting"),
                                                     f"item {item}" if item else "") if part)),
        Fact("Date", long_date(need.get("date"))),
        Fact("Resolved", need.get("resolution")),
        Fact("Approves", links=tuple(_link(site, t.id) for t in
                                     site.incoming(need.id, "approved_by"))),
    ))


def _theme_card(site: Site, need: Need) -> Card:
    carried = site.incoming(need.id, "themes")
    return Card(need.id, need.type, "Emerging theme", need.title, (), _facts(
        Fact("Carried by", plural(len(carried), "action") if carried else "")))


def _principle_card(site: Site, need: Need) -> Card:
    toms = site.incoming(need.id, "embodies")
    return Card(need.id, need.type, "Design principle", need.title, (), _facts(
        Fact("Embodied by", links=tuple(_link(site, t.id) for t in toms))))


def _plain_card(site: Site, need: Need) -> Card:
    return Card(need.id, need.type, "", need.title, _marking(need), plain=True)


_CARDS = {"action": _action_card, "layer": _layer_card, "strategy": _strategy_card,
          "priority": _priority_card, "plan": _plan_card, "decision": _decision_card,
          "theme": _theme_card, "principle": _principle_card, "tom": _plain_card}

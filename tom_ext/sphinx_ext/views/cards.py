"""Each TOM object drawn as tom_ext's own card instead of sphinx-needs' box: sphinx-needs
still makes the need (its data, ``{need}`` links, needs.json); the card replaces only how
it looks. The card carries the need's ID as its anchor, so links by ID land on it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.reading import current_site
from tom_ext.sphinx_ext.state import BuildState, with_state
from tom_ext.sphinx_ext.theme import heading, symbol_node
from tom_ext.sphinx_ext.views.common import date_node, need_link
from tom_ext.views.cards import Badge, Card, Fact, Link, card_of, overdue_badge


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    """What a card shows, for the page fingerprints: a card naming a strategy is drawn
    again when the strategy's title changes, an overdue badge when the build date moves."""
    return [card_of(site, view["id"])]


def badge_node(badge: Badge) -> nodes.inline:
    node = nodes.inline(classes=["tom-badge", f"tom-badge-{badge.kind}"])
    if badge.symbol:
        node += symbol_node(badge.symbol, "badge")
        node += nodes.Text(" ")
    node += nodes.Text(badge.words)
    return node


def due_node(due: str, days_overdue: int) -> nodes.Node:
    """A due date as a table shows it and, when it has passed and the action is not
    complete, the "Overdue by N days" badge of the action's card."""
    if not days_overdue:
        return date_node(due)
    cell = nodes.inline(classes=["tom-due"])
    cell += date_node(due)
    cell += nodes.Text(" ")
    cell += badge_node(overdue_badge(days_overdue))
    return cell


def link_nodes(builder: Builder, fromdocname: str, link: Link) -> list[nodes.Node]:
    """The need's title as the link, its ID after it in small print (a withheld need: its
    word alone)."""
    if not link.id:
        return [nodes.Text(link.title)]
    return [need_link(builder, fromdocname, link.docname, link.id, link.title),
            nodes.Text(" "), nodes.inline(link.id, link.id, classes=["tom-id"])]


def _fact_item(builder: Builder, fromdocname: str, fact: Fact) -> nodes.definition_list_item:
    item = nodes.definition_list_item()
    item += nodes.term(fact.label, fact.label)
    para = nodes.paragraph()
    if fact.text:
        para += nodes.Text(fact.text)
    for index, link in enumerate(fact.links):
        if index:
            para += nodes.Text("; ")
        para.extend(link_nodes(builder, fromdocname, link))
    definition = nodes.definition()
    definition += para
    item += definition
    return item


def card_node(builder: Builder, fromdocname: str, card: Card, body: list[nodes.Node],
              titled: bool) -> nodes.container:
    """The card: what it is and its ID, its title (unless the page is titled so), its
    badges, its facts, then the text the author wrote under it."""
    box = nodes.container(classes=["tom-card", f"tom-card-{card.type}"])
    if card.plain:
        box["classes"].append("tom-card-plain")
    if card.kicker:
        kicker = nodes.paragraph(classes=["tom-card-kicker"])
        kicker += nodes.Text(f"{card.kicker} ")
        # the ID links to the card itself: the address to share for this very item
        kicker += nodes.reference(card.id, card.id, refid=card.id, internal=True,
                                  classes=["tom-id"])
        box += kicker
    if titled and not card.plain:
        box += heading(card.title, ["tom-card-title"])
    if card.badges:
        badges = nodes.paragraph(classes=["tom-badges"])
        for index, badge in enumerate(card.badges):
            if index:
                badges += nodes.Text(" ")
            badges += badge_node(badge)
        box += badges
    if card.facts:
        facts = nodes.definition_list(classes=["tom-facts", "tom-card-facts"])
        for fact in card.facts:
            facts += _fact_item(builder, fromdocname, fact)
        box += facts
    if body:
        text = nodes.container(classes=["tom-card-text"])
        text.extend(body)
        box += text
    return box


def _section_title(node: nodes.Node) -> str:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None or not parent.children or not isinstance(parent[0], nodes.title):
        return ""
    return parent[0].astext().strip().casefold()


def render_cards(state: BuildState, app: Sphinx, doctree: nodes.document,
                 docname: str) -> None:
    """doctree-resolved, before sphinx-needs draws its boxes: each need of tom_ext's model
    becomes its card."""
    if app.builder.name == "dummy":
        return  # tom check: nothing is drawn
    from sphinx_needs.data import SphinxNeedsData
    from sphinx_needs.nodes import Need

    site = current_site(state, app)
    data = SphinxNeedsData(app.env).get_needs_view()
    for need_node in list(doctree.findall(Need)):
        if need_node.parent is None or not need_node["ids"]:
            continue
        need = site.by_id.get(need_node["ids"][0])
        if need is None or need_node.get("docname", need.docname) != need.docname:
            continue  # not of tom_ext's model, or not this need's own node: sphinx-needs'
        if need.id in data and data[need.id].get("hide"):
            need_node.parent.remove(need_node)  # ``:hide:``, as sphinx-needs would
            continue
        card = card_of(site, need.id)
        assert card is not None
        body = list(need_node.children)  # moved, not copied: nested needs get their cards
        need_node.children = []
        titled = card.title.strip().casefold() != _section_title(need_node)
        box = card_node(app.builder, docname, card, body, titled)
        box["ids"] = list(need_node["ids"])  # the need's anchor: links by ID land here
        need_node.parent.replace(need_node, box)




def setup_cards(app: Sphinx, state: BuildState) -> None:
    # after a public build took out its withheld needs (400), before sphinx-needs (500)
    app.connect("doctree-resolved", with_state(render_cards, state), priority=450)

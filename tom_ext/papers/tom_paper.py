"""A TOM as the committee paper that asks for its approval: the council's report structure
filled from the TOM's pages, what the site cannot know left as marked prompts."""

from __future__ import annotations

from tom_ext.core.needs import Need, Site
from tom_ext.core.values import number, split_list
from tom_ext.core.words import long_date, money_k, plural, short_date, signed, years
from tom_ext.papers.document import (
    Block,
    Bullets,
    Cover,
    Heading,
    Paper,
    Para,
    Section,
    Table,
    count_prompts,
)
from tom_ext.papers.figures import thread_figure
from tom_ext.papers.parts import (
    PaperSettings,
    background,
    contact_line,
    implications,
    prompt,
    to_write,
)
from tom_ext.papers.text import flowing, plain_paragraphs
from tom_ext.views.actions import ActionQuery, action_rows, status_label
from tom_ext.views.overview import overview
from tom_ext.views.progress import actions_by_tom, mtfs_targets, status_summary
from tom_ext.views.summary import STAGE_WORDS, summary_of


class NoSuchTomError(LookupError):
    """The ID names no TOM of the site (as its audience sees it)."""


def tom_paper(site: Site, tom_id: str, settings: PaperSettings, dot: str = "") -> Paper:
    """The paper for ``tom_id``; ``dot``: the Graphviz program that draws the golden
    thread ("" leaves the picture out and keeps its text)."""
    tom = site.by_id.get(tom_id)
    if tom is None or tom.type != "tom":
        raise NoSuchTomError(tom_id)
    cover = _cover(site, tom, settings)
    sections = (
        Section("Purpose of report and executive summary", tuple(_summary(site, tom))),
        Section("The target operating model", tuple(_model(site, tom, dot))),
        Section("The layers of the TOM", tuple(_layers(site, tom))),
        Section("Savings and staffing against the Medium Term Financial Strategy",
                tuple(_savings(site, tom))),
        Section("Decisions so far", tuple(_decisions(site, tom))),
        Section("Alternative options", (to_write(
            "the options considered besides this TOM, and why they were not chosen"),)),
        Section("Consultation undertaken or proposed", (to_write(
            "who was consulted on this TOM (staff, trade unions, partners, residents) and "
            "what changed as a result"),)),
        Section("Timetable", tuple(_timetable(tom))),
        *implications(tuple(_financial(site, tom)), tuple(_risk(site, tom))),
        background(settings, [(tom.title, f"{tom.docname}.html")]),
    )
    return Paper(tom.id, f"{tom.title}: report to {cover.committee}", cover,
                 _recommendations(site, tom, cover.committee), sections,
                 prompts=count_prompts(sections, cover))


def _cover(site: Site, tom: Need, settings: PaperSettings) -> Cover:
    department = tom.get("department")
    member = settings.lead_members.get(department, "")
    return Cover(
        council=settings.council, committee=settings.committee,
        date=settings.meeting_words(), wards=settings.wards, subject=tom.title,
        lead_officer=tom.get("director") or tom.get("owner") or prompt("the lead officer"),
        lead_member=member or prompt(f"the lead member for "
                                     f"{site.departments.get(department, department)}"),
        contact_officer=contact_line(tom.get("author") or tom.get("owner"), settings),
        classification=tom.get("classification") or "OFFICIAL")


def _recommendations(site: Site, tom: Need, committee: str) -> tuple[str, ...]:
    """What the committee is asked to do, which follows the TOM's stage."""
    stage = tom.get("stage")
    title = tom.title
    if stage in ("first-draft", "second-draft"):
        asked = (f"That {committee} comments on the {STAGE_WORDS[stage].lower()} of the "
                 f"{title}, so that its comments shape the next draft.")
    elif stage == "final":
        asked = f"That {committee} approves the {title}."
    else:
        approved = _decision_words(site, tom)
        asked = f"That {committee} notes the {title}" + (
            f", approved by {approved}." if approved else ".")
    return (asked, f"That {committee} notes the TOM's action plan, whose progress the "
                   "departmental management team monitors and reports to the "
                   "Improvement Board.")


def _decision_words(site: Site, tom: Need) -> str:
    decisions = [site.by_id[i] for i in tom.links.get("approved_by", []) if i in site.by_id]
    return "; ".join(f"{d.get('meeting')} on {long_date(d.get('date'))}" for d in decisions)


def _summary(site: Site, tom: Need) -> list[Block]:
    summary = summary_of(site, tom.id, site.today)
    facts = dict(summary.facts) if summary else {}
    services = _listed(split_list(tom.get("services")))
    end = tom.get("horizon").rpartition("-")[2].strip() or "the end of its five years"
    blocks: list[Block] = [Para(
        f"This report presents the {tom.title}: how "
        f"{f'the services it covers ({services})' if services else 'its services'} will "
        f"work by {end}, and the route from how they work today. "
        f"{_stage_sentence(site, tom)}")]
    if facts.get("Layers"):
        blocks.append(Para(f"The layers of the framework it describes: {facts['Layers']}."))
    actions = actions_by_tom(site).get(tom.id, [])
    if actions:
        blocks.append(Para(f"Its action plan has {status_summary(actions, site.today)}."))
    return blocks


def _listed(items: list[str]) -> str:
    """"A, B and C"."""
    return items[0] if len(items) == 1 else (
        f"{', '.join(items[:-1])} and {items[-1]}" if items else "")


def _stage_sentence(site: Site, tom: Need) -> str:
    stage = tom.get("stage")
    if stage == "approved":
        approved = _decision_words(site, tom)
        return f"It was approved by {approved}." if approved else "It is approved."
    words = {"first-draft": "a first draft", "second-draft": "a second draft",
             "final": "the final draft"}
    return f"It is {words.get(stage, stage)}."


def _model(site: Site, tom: Need, dot: str) -> list[Block]:
    texts = site.section_texts.get(tom.docname, {})
    blocks: list[Block] = [Heading("Vision")]
    vision = plain_paragraphs(tom.record.content, site.by_id)
    blocks += [Para(p) for p in vision] or [to_write("the TOM's vision")]
    blocks.append(Heading("Scope"))
    blocks += [Para(p) for p in flowing(texts.get("scope", ()))] or [to_write(
        "what the TOM covers and what it does not")]
    principles = [site.by_id[i] for i in tom.links.get("embodies", []) if i in site.by_id]
    if principles:
        blocks += [Heading("Design principles"), Para("The TOM embodies the council's "
                                                      "design principles:"),
                   Bullets(tuple(p.title for p in principles))]
    blocks += [Heading("The golden thread"), *thread_figure(site, tom, dot)]
    return blocks


def _layers(site: Site, tom: Need) -> list[Block]:
    blocks: list[Block] = []
    withheld = {key for owner, key in site.withheld_layers if owner == tom.id}
    for layer in overview(site, tom.id):
        blocks.append(Heading(layer.title))
        if layer.key in withheld:
            blocks.append(Para("This layer is OFFICIAL-SENSITIVE and is left out of this "
                               "public paper."))
        elif not layer.layer_id:
            blocks.append(to_write(f"the {layer.title.lower()} layer: the TOM has no page "
                                   "for it yet"))
        elif layer.not_applicable:
            blocks.append(Para(f"Not applicable to this TOM: {layer.not_applicable}"))
        else:
            blocks += _layer_text(site, layer.docname, layer.layer_id, layer.title)
    return blocks


def _layer_text(site: Site, docname: str, layer_id: str, title: str) -> list[Block]:
    texts = site.section_texts.get(docname, {})
    blocks: list[Block] = []
    for part, key in (("Current operating model", "current operating model"),
                      ("Target operating model", "target operating model")):
        blocks.append(Heading(part, level=3))
        blocks += [Para(p) for p in flowing(texts.get(key, ()))] or [to_write(part.lower())]
    blocks.append(Heading("Route", level=3))
    blocks += [Para(p) for p in flowing(texts.get("route", ()))]
    rows = action_rows(site, ActionQuery(layer=layer_id))
    if rows:
        blocks.append(Table(
            f"Actions of the {title.lower()} layer", ("Action", "Owner", "Due", "Status"),
            tuple((f"{r.title} ({r.id})", r.owner, short_date(r.due),
                   " ".join(status_label(r.status))) for r in rows), widths=(9, 5, 3, 3)))
    else:
        blocks.append(to_write("the actions that take this layer from today to the target"))
    return blocks


def _savings(site: Site, tom: Need) -> list[Block]:
    actions = [a for a in actions_by_tom(site).get(tom.id, [])
               if a.get("saving") or a.get("fte")]
    department = tom.get("department")
    target = mtfs_targets(site).get(department)
    name = site.departments.get(department, department)
    blocks: list[Block] = []
    if not actions:
        blocks.append(Para("No action of this TOM plans a saving or a change in posts."))
    else:
        saving = sum(number(a.get("saving")) for a in actions if a.get("saving"))
        fte = sum(number(a.get("fte")) for a in actions if a.get("fte"))
        blocks.append(Para(f"The TOM's actions plan savings of {money_k(saving)} a year and "
                           f"a change of {signed(fte)} full-time-equivalent posts."))
        blocks.append(Table(
            "Savings and posts by action", ("Action", "Saving a year", "Posts (FTE)",
                                            "Status"),
            tuple((f"{a.title} ({a.id})",
                   money_k(number(a.get("saving"))) if a.get("saving") else "—",
                   signed(number(a.get("fte"))) if a.get("fte") else "—",
                   " ".join(status_label(a.get("status")))) for a in actions),
            widths=(10, 3, 3, 3), numeric=(1, 2)))
    if target is not None:
        blocks.append(Para(f"The Medium Term Financial Strategy sets {name} a savings target "
                           f"of {money_k(target)}."))
    return blocks


def _decisions(site: Site, tom: Need) -> list[Block]:
    decisions = [site.by_id[i] for i in tom.links.get("approved_by", []) if i in site.by_id]
    if not decisions:
        return [Para("No decision has been taken on this TOM yet.")]
    return [Table("Decisions on the TOM", ("Meeting", "Date", "Item", "Resolution"),
                  tuple((d.get("meeting"), short_date(d.get("date")), d.get("item") or "—",
                         d.get("resolution") or d.title) for d in decisions),
                  widths=(4, 4, 2, 10))]


def _timetable(tom: Need) -> list[Block]:
    stage = STAGE_WORDS.get(tom.get("stage"), tom.get("stage"))
    blocks: list[Block] = [Para(f"The TOM is at the stage: {stage}. It covers "
                                f"{years(tom.get('horizon')) or 'five years'}.")]
    if tom.get("review_by"):
        blocks.append(Para(f"It must next be reviewed by {long_date(tom.get('review_by'))}, "
                           "in the council's two-yearly refresh of its TOMs."))
    return blocks


def _financial(site: Site, tom: Need) -> list[Block]:
    blocks: list[Block] = [b for b in _savings(site, tom) if isinstance(b, Para)]
    location = _layer_of(site, tom, "physical-location")
    if location is not None:
        target = site.section_texts.get(location.docname, {}).get("target operating model")
        if target:
            blocks.append(Para(f"Property: {flowing(target)[0]}"))
    blocks.append(to_write("the finance officer's comments on these figures"))
    return blocks


def _risk(site: Site, tom: Need) -> list[Block]:
    rows = [r for r in action_rows(site, ActionQuery(tom=tom.id))
            if r.status in ("at-risk", "off-track")]
    if not rows:
        return [Para("No action of the TOM is at risk or off track."),
                to_write("the risks of delivering the TOM and how they are managed")]
    return [Para(f"{plural(len(rows), 'action')} of the TOM "
                 f"{'is' if len(rows) == 1 else 'are'} at risk or off track:"),
            Bullets(tuple(f"{r.title} ({r.id}): {status_label(r.status)[1].lower()}, due "
                          f"{long_date(r.due)}, {r.owner}" for r in rows)),
            to_write("how these risks are managed")]


def _layer_of(site: Site, tom: Need, key: str) -> Need | None:
    return next((n for n in site.incoming(tom.id, "part_of")
                 if n.type == "layer" and n.get("layer_key") == key), None)

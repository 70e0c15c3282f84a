"""The Improvement Board's progress report on the TOMs' action plans: the figures of the
site's progress page, what changed since the board's last report, and what needs its
attention."""

from __future__ import annotations

from tom_ext.changes.diff import Diff, NeedChange
from tom_ext.core.model import STATUSES
from tom_ext.core.needs import Site
from tom_ext.core.values import iso_date
from tom_ext.core.words import long_date, money_k, plural, short_date
from tom_ext.papers.document import (
    Block,
    Cover,
    Heading,
    Paper,
    Para,
    Section,
    Table,
    count_prompts,
)
from tom_ext.papers.figures import status_figure
from tom_ext.papers.parts import (
    PaperSettings,
    background,
    contact_line,
    implications,
    prompt,
    to_write,
)
from tom_ext.views.actions import days_overdue, status_label
from tom_ext.views.progress import overdue_actions, savings_rows, status_rows, status_summary
from tom_ext.views.summary import STAGE_WORDS
from tom_ext.views.traceability import tom_order

SUBJECT = "Progress of the Target Operating Models' action plans"


def board_paper(site: Site, settings: PaperSettings, changes: Diff | None = None) -> Paper:
    """The report; ``changes``: the site against the board's last report (None: not
    compared, and the paper says how to)."""
    cover = Cover(council=settings.council, committee=settings.board,
                  date=settings.meeting_words(), wards=settings.wards, subject=SUBJECT,
                  lead_officer=prompt("the lead officer (the chair of the board's "
                                      "officer group)"),
                  lead_member=prompt("the lead member for improvement"),
                  contact_officer=contact_line("", settings))
    overdue = overdue_actions(site, site.today)
    sections = (
        Section("Purpose of report and executive summary", tuple(_summary(site, changes))),
        Section("Progress by department and TOM", tuple(_progress(site))),
        Section(_changes_title(changes), tuple(_changes(changes))),
        Section(f"Overdue actions ({len(overdue)})", tuple(_overdue(site))),
        Section("Savings delivered against planned", tuple(_savings(site))),
        Section("TOMs due for review and drafts awaiting approval", tuple(_toms(site))),
        *implications(tuple(_financial(site)), tuple(_risk(site))),
        background(settings, [("The progress page", "progress.html")]),
    )
    recommendations: tuple[str, ...] = (
        f"That the {settings.board} notes the progress of the action plans on "
        f"{long_date(site.today.isoformat())}.",)
    if overdue:
        recommendations += (f"That the {settings.board} asks the owners of the "
                            f"{plural(len(overdue), 'overdue action')} for a new date or "
                            "their real status.",)
    return Paper("board", f"{SUBJECT}: report to the {settings.board}", cover,
                 recommendations, sections, prompts=count_prompts(sections, cover))


def _summary(site: Site, changes: Diff | None) -> list[Block]:
    actions = [a for a in site.by_type.get("action", []) if site.tom_of(a) is not None]
    toms = site.by_type.get("tom", [])
    blocks: list[Block] = [Para(
        f"This report gives the progress of the action plans of the council's "
        f"{plural(len(toms), 'TOM')} on {long_date(site.today.isoformat())}: "
        f"{status_summary(actions, site.today) if actions else 'no actions'}.")]
    if changes is not None:
        worse = sum(c.worsened for c in changes.needs)
        slipped = sum(c.slipped_days > 0 for c in changes.needs)
        blocks.append(Para(f"Since {changes.old_label}, {plural(worse, 'action')} "
                           f"worsened and {plural(slipped, 'action')} slipped."))
    return blocks


def _progress(site: Site) -> list[Block]:
    counts = (*(" ".join(status_label(s)) for s in STATUSES), "Total", "Overdue")
    blocks: list[Block] = []
    for by, noun, per in (("department", "Department", "department"), ("tom", "TOM", "TOM")):
        rows = status_rows(site, site.today, by=by)
        if by == "department":
            blocks.append(status_figure(rows, "Actions by status and department"))
        body = [(r.label, *map(str, r.counts), str(r.total), str(r.overdue)) for r in rows]
        totals = [sum(r.counts[i] for r in rows) for i in range(len(STATUSES))]
        body.append(("All", *map(str, totals), str(sum(totals)),
                     str(sum(r.overdue for r in rows))))
        blocks.append(Table(f"Actions by status, per {per}", (noun, *counts),
                            tuple(body), widths=(6, 2, 2, 2, 2, 2, 2, 2),
                            numeric=tuple(range(1, len(counts) + 1))))
    return blocks


def _changes_title(changes: Diff | None) -> str:
    return f"What changed since {changes.old_label}" if changes else "What changed"


def _changes(changes: Diff | None) -> list[Block]:
    if changes is None:
        return [to_write("what changed since the board's last report (tom paper board "
                         "--since with the needs.json or git tag of that report writes it)")]
    actions = [c for c in changes.needs if c.type == "action"]
    attention = [c for c in changes.attention() if c.type == "action"]
    added = [c for c in actions if c.kind == "added"]
    closed = [c for c in actions if c.kind == "removed" or _completed(c)]
    blocks: list[Block] = []
    for title, found in (("Worsened or slipped", attention), ("New actions", added),
                         ("Completed or closed", closed)):
        blocks.append(Heading(f"{title} ({len(found)})"))
        if not found:
            blocks.append(Para("None."))
            continue
        blocks.append(Table(title, ("Action", "TOM", "What changed"),
                            tuple((f"{c.title} ({c.id})", c.place.tom_title,
                                   _what_changed(c)) for c in found), widths=(8, 5, 7)))
    return blocks


def _completed(change: NeedChange) -> bool:
    return any(f.name == "status" and f.new == "complete" for f in change.fields)


def _what_changed(change: NeedChange) -> str:
    if change.kind == "added":
        return "new"
    if change.kind == "removed":
        return "removed from the plan"
    words = []
    for f in change.fields:
        if f.name == "status":
            words.append(f"{status_label(f.old)[1]} → {status_label(f.new)[1]}")
        elif f.name == "due":
            words.append(f"due {short_date(f.new)}" + (f" ({f.note})" if f.note else ""))
    return "; ".join(words) or "details changed"


def _overdue(site: Site) -> list[Block]:
    found = overdue_actions(site, site.today)
    if not found:
        return [Para("No action is overdue.")]
    rows = []
    for action in found:
        tom = site.tom_of(action)
        rows.append((f"{action.title} ({action.id})", tom.short_title if tom else "",
                     action.get("owner"), short_date(action.get("due")),
                     plural(days_overdue(action, site.today), "day"),
                     " ".join(status_label(action.get("status")))))
    return [Table(f"Overdue actions on {long_date(site.today.isoformat())} ({len(found)})",
                  ("Action", "TOM", "Owner", "Due", "Overdue by", "Status"), tuple(rows),
                  widths=(8, 4, 5, 3, 3, 3))]


def _savings(site: Site) -> list[Block]:
    rows = tuple((r.department, money_k(r.planned), money_k(r.delivered),
                  money_k(r.target) if r.target is not None else "—")
                 for r in savings_rows(site))
    return [Para("Savings are a year's, in the actions' own figures; delivered means the "
                 "action is complete."),
            Table("Savings by department", ("Department", "Planned in TOM actions",
                                            "Delivered", "MTFS target"), rows,
                  widths=(6, 4, 4, 4), numeric=(1, 2, 3))]


def _toms(site: Site) -> list[Block]:
    past = [t for t in tom_order(site)
            if (iso_date(t.get("review_by")) or site.today) < site.today]
    drafts = [t for t in tom_order(site) if t.get("stage") != "approved"]
    blocks: list[Block] = [Heading(f"Past their review date ({len(past)})")]
    blocks.append(Table("TOMs past their review date", ("TOM", "Owner", "Review by"),
                        tuple((t.title, t.get("owner"), short_date(t.get("review_by")))
                              for t in past), widths=(8, 6, 4))
                  if past else Para("None."))
    blocks.append(Heading(f"Drafts awaiting approval ({len(drafts)})"))
    blocks.append(Table("Drafts awaiting approval", ("TOM", "Owner", "Stage"),
                        tuple((t.title, t.get("owner"),
                               STAGE_WORDS.get(t.get("stage"), t.get("stage")))
                              for t in drafts), widths=(8, 6, 4))
                  if drafts else Para("None."))
    return blocks


def _financial(site: Site) -> list[Block]:
    planned = sum(r.planned for r in savings_rows(site))
    return [Para(f"The TOMs' actions plan savings of {money_k(planned)} a year in all; "
                 "'Savings delivered against planned' above gives them by department, "
                 "against the Medium Term Financial Strategy."),
            to_write("the finance officer's comments on these figures")]


def _risk(site: Site) -> list[Block]:
    late = len(overdue_actions(site, site.today))
    off = sum(a.get("status") == "off-track" for a in site.by_type.get("action", []))
    return [Para(f"{plural(off, 'action')} {'is' if off == 1 else 'are'} off track and "
                 f"{plural(late, 'action')} {'is' if late == 1 else 'are'} overdue."),
            to_write("the risks to delivery the board should note, and how they are "
                     "managed")]

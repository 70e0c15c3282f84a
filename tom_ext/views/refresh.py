"""Where the refresh stands, as rows and sentences for the Refresh and home pages (no Sphinx)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tom_ext.core.needs import Need, Site
from tom_ext.core.refresh import STEPS, Standing, Timetable, refresh_label, standing_of
from tom_ext.core.words import long_date, plural, short_date
from tom_ext.views.summary import STAGE_WORDS
from tom_ext.views.traceability import tom_order

#: a TOM's status against the timetable as a reader sees it: symbol and words
STATUS_LABELS = {
    "approved": ("✔", "Approved"),
    "on-time": ("✓", "On time"),
    "behind": ("⚠", "Behind"),
    "not-due": ("○", "Not yet due"),
}
#: the order the statuses are counted in
STATUS_ORDER = ("on-time", "behind", "not-due", "approved")
NOT_STARTED = "Not started"
RULE = ("The site knows the stage each TOM has reached, not the day it reached it. A TOM is "
        "behind when the deadline of a stage it has not reached has passed, or when it is "
        "still a draft of an earlier refresh once this one has begun; on time when it has "
        "reached every stage whose deadline has passed; not yet due when it has not started "
        "and nothing is due yet. A deadline passes at the end of its day. A TOM joins this "
        "refresh when its page names this refresh; until then it has not started.")


@dataclass(frozen=True, slots=True)
class TomRow:
    """One TOM against the timetable, in plain values (what the page shows)."""

    id: str
    title: str
    docname: str
    department: str
    stage: str
    """The stage reached in this refresh, in words ("Not started" outside it)."""
    status: str
    due: str
    """What is due next or was missed, in words with a short date."""
    standing: Standing
    written: str = ""
    """The ``:stage:`` the TOM's page gives (in whichever refresh it names)."""


def tom_rows(site: Site, timetable: Timetable) -> list[TomRow]:
    """Every TOM in the site's order, with where it stands on the build date."""
    return site.memo(("refresh", timetable), lambda: [
        _row(site, timetable, tom) for tom in tom_order(site)])


def _row(site: Site, timetable: Timetable, tom: Need) -> TomRow:
    found = standing_of(timetable, tom, site.today)
    stage = STAGE_WORDS[STEPS[found.reached - 1].stage] if found.reached else NOT_STARTED
    department = site.departments.get(tom.get("department"), tom.get("department"))
    return TomRow(tom.id, tom.short_title, tom.docname, department, stage, found.status,
                  due_words(found, tom.get("stage")), found, tom.get("stage"))


def due_words(found: Standing, stage: str) -> str:
    """The "What is due" cell: "Second draft by 30 Jul 2027", "First draft was due
    30 Apr 2027", "Still a second draft of the 2025–2027 refresh; first draft by …"."""
    if found.step is None or found.due is None:
        return "Nothing more"
    words = found.step.words.capitalize()
    when = short_date(found.due.isoformat())
    if found.other:
        stage_words = STAGE_WORDS.get(stage, stage).lower()
        return (f"Still a {stage_words} of the {refresh_label(found.other)} refresh; "
                f"{found.step.words} by {when}")
    if found.status == "behind":
        return f"{words} was due {when}"
    return f"{words} by {when}"


@dataclass(frozen=True, slots=True)
class StageRow:
    """One line of the timetable: a stage, its deadline, the TOMs at it and past it."""

    stage: str
    due: str
    """ISO date ("" for "Not started")."""
    at_stage: int
    reached: int


def timetable_rows(timetable: Timetable, rows: list[TomRow]) -> list[StageRow]:
    found = [StageRow(NOT_STARTED, "", sum(r.standing.reached == 0 for r in rows), 0)]
    for index, (step, due) in enumerate(zip(STEPS, timetable.deadlines, strict=True)):
        found.append(StageRow(
            STAGE_WORDS[step.stage], due.isoformat(),
            sum(r.standing.reached == index + 1 for r in rows),
            sum(r.standing.reached > index for r in rows)))
    return found


def behind(rows: list[TomRow]) -> list[TomRow]:
    """The TOMs behind the timetable, the longest overdue first."""
    late = [r for r in rows if r.status == "behind"]
    return sorted(late, key=lambda r: (r.standing.due or dt.date.max, r.title))


def is_running(timetable: Timetable, rows: list[TomRow], today: dt.date) -> bool:
    """From its start until every TOM in it is approved."""
    return today >= timetable.start and any(r.status != "approved" for r in rows)


def counts_sentence(rows: list[TomRow]) -> str:
    """"Of the 14 TOMs, 1 is on time, 2 are behind and 11 are not yet due."."""
    if not rows:
        return "There is no TOM yet."
    parts = []
    for status in STATUS_ORDER:
        count = sum(r.status == status for r in rows)
        if count:
            verb = "is" if count == 1 else "are"
            parts.append(f"{count} {verb} {STATUS_LABELS[status][1].lower()}")
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"Of the {plural(len(rows), 'TOM')}, {listed}."


def summary_sentence(timetable: Timetable, rows: list[TomRow], today: dt.date) -> str:
    """Where the refresh stands on ``today``, in one or two sentences."""
    name, start = f"The {timetable.label} refresh", long_date(timetable.start.isoformat())
    if today < timetable.start:
        return f"{name} begins on {start}."
    if not is_running(timetable, rows, today):
        return f"{name} is complete: every TOM is approved."
    upcoming = timetable.next_step(today)
    if upcoming is None:
        due = f"approval was due by {long_date(timetable.approval.isoformat())}"
    else:
        due = f"{upcoming[0].due_phrase} by {long_date(upcoming[1].isoformat())}"
    return f"{name} began on {start}; {due}. {counts_sentence(rows)}"


def overdue_sentence(row: TomRow, timetable: Timetable, today: dt.date) -> str:
    """What is overdue for a TOM behind the timetable, after its name."""
    found = row.standing
    if found.other:
        stage = STAGE_WORDS.get(row.written, row.written).lower()
        return (f" is still a {stage} of the {refresh_label(found.other)} refresh, "
                f"and the {timetable.label} refresh began on "
                f"{long_date(timetable.start.isoformat())}.")
    assert found.step is not None and found.due is not None
    days = plural((today - found.due).days, "day")
    reached = "has not started" if not found.reached else f"is at {row.stage.lower()}"
    return (f": the {found.step.words} was due on {long_date(found.due.isoformat())} "
            f"({days} ago) and it {reached}.")

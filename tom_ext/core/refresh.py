"""The refresh's timetable and the one rule placing a TOM against it (page and tom check)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tom_ext.core.finding import Finding, a, check_date
from tom_ext.core.messages import TomWarning
from tom_ext.core.model import STAGES
from tom_ext.core.needs import Need, Site
from tom_ext.core.words import long_date, plural


@dataclass(frozen=True, slots=True)
class Step:
    """One deadline of the timetable: its key in ``tom_refresh``, the ``:stage:`` that
    reaches it and how a sentence names it."""

    key: str
    stage: str
    words: str
    due_phrase: str
    """What is due, for a sentence: "first drafts are due"."""


STEPS = (
    Step("first_draft", "first-draft", "first draft", "first drafts are due"),
    Step("second_draft", "second-draft", "second draft", "second drafts are due"),
    Step("final_draft", "final", "final draft", "final drafts are due"),
    Step("approval", "approved", "approval", "the TOMs go for approval"),
)
#: the keys of ``tom_refresh``, in the order their dates must come
KEYS = ("name", "start", *(step.key for step in STEPS))
EXAMPLE = ("{'name': '2027-2029', 'start': '2026-12-01', 'first_draft': '2027-04-30', "
           "'second_draft': '2027-07-30', 'final_draft': '2027-08-27', "
           "'approval': '2027-09-20'}")
#: a TOM's stage as a sentence names it
STAGE_NAMES = {"first-draft": "first draft", "second-draft": "second draft",
               "final": "final draft", "approved": "approved"}
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")


def same_refresh(one: str, other: str) -> bool:
    """Whether two names are one refresh: ``2027-2029`` is ``2027–2029``."""
    return _DASHES.sub("-", one.strip()).casefold() == _DASHES.sub("-", other.strip()).casefold()


def refresh_label(name: str) -> str:
    """A refresh as readers see it: ``2027-2029`` → ``2027–2029`` (an en dash)."""
    return _DASHES.sub("–", name.strip())


@dataclass(frozen=True, slots=True)
class Timetable:
    """The current refresh: its name (as TOMs write it in ``:refresh:``), when it began,
    and the deadline of each step, in the order of :data:`STEPS`."""

    name: str
    start: dt.date
    deadlines: tuple[dt.date, ...]

    @property
    def label(self) -> str:
        return refresh_label(self.name)

    @property
    def approval(self) -> dt.date:
        return self.deadlines[-1]

    def includes(self, refresh: str) -> bool:
        """A TOM whose ``:refresh:`` names this refresh, or names none, is in it."""
        return not refresh.strip() or same_refresh(refresh, self.name)

    def next_step(self, today: dt.date) -> tuple[Step, dt.date] | None:
        """The first step whose deadline has not passed (None once they all have)."""
        for step, due in zip(STEPS, self.deadlines, strict=True):
            if due >= today:
                return step, due
        return None

    def as_setting(self) -> dict[str, str]:
        """The timetable as ``tom_refresh`` writes it (what a view records)."""
        return {"name": self.name, "start": self.start.isoformat(),
                **{s.key: d.isoformat() for s, d in zip(STEPS, self.deadlines, strict=True)}}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def setting_problem(value: Any) -> str | None:
    """What is wrong with a ``tom_refresh`` value (None when it is right, or empty)."""
    if value is None or (isinstance(value, Mapping) and not value):
        return None
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        return f"must be a dict of the refresh's name and dates, e.g. {EXAMPLE}"
    unknown = sorted(set(value) - set(KEYS))
    if unknown:
        return (f"has {', '.join(map(repr, unknown))}, which the timetable does not have: "
                f"give {', '.join(KEYS)}")
    missing = [key for key in KEYS if key not in value]
    if missing:
        return (f"lacks {', '.join(missing)}: give the refresh's name and every date of its "
                f"timetable, e.g. {EXAMPLE}")
    name = value["name"]
    if not isinstance(name, str) or not name.strip():
        return ("name must be the refresh as TOMs write it in ':refresh:', e.g. '2027-2029', "
                f"not {name!r}")
    dates = {key: _date(value[key]) for key in KEYS[1:]}
    for key, day in dates.items():
        if day is None and isinstance(value[key], str):
            return f"{key} {check_date(value[key].strip())}"
        if day is None:
            return f"{key} must be an ISO date such as 2027-04-30, not {value[key]!r}"
    for before, after in itertools.pairwise(KEYS[1:]):
        if dates[after] <= dates[before]:  # type: ignore[operator]
            return (f"{after} ({dates[after]}) is not after {before} ({dates[before]}): "
                    f"the dates must come in the order {', '.join(KEYS[1:])}")
    return None


def timetable_of(value: Any) -> Timetable | None:
    """The timetable ``tom_refresh`` sets (None when it sets none, or a bad one)."""
    if not value or setting_problem(value) is not None:
        return None
    dates = [_date(value[key]) for key in KEYS[1:]]
    return Timetable(str(value["name"]).strip(), dates[0],  # type: ignore[arg-type]
                     tuple(dates[1:]))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a TOM stands against the timetable on a day.

    ``status``: ``approved`` (every step reached), ``behind`` (the deadline of a step it has
    not reached has passed, or it is still a draft of another refresh once this one has
    begun), ``on-time`` (it has reached a step and every step whose deadline has passed),
    ``not-due`` (it has reached no step and none is due yet)."""

    status: str
    reached: int
    """How many steps of this refresh the TOM has reached (0 to 4)."""
    step: Step | None = None
    """behind: the first step it missed; on time or not yet due: the next one."""
    due: dt.date | None = None
    """That step's deadline."""
    other: str = ""
    """The other refresh whose draft the TOM still is (behind for that reason)."""


def standing(timetable: Timetable, refresh: str, stage: str, today: dt.date) -> Standing:
    """The rule: a TOM knows the stage it has reached, not the day it reached it, so it is
    judged by what it has reached against the deadlines that have passed on ``today`` (a
    deadline passes at the end of its day)."""
    ours = timetable.includes(refresh)
    reached = STAGES.index(stage) + 1 if ours and stage in STAGES else 0
    if reached == len(STEPS):
        return Standing("approved", reached)
    first = timetable.deadlines[0]
    if not ours and stage in STAGES and stage != "approved" and today >= timetable.start:
        return Standing("behind", 0, STEPS[0], first, refresh.strip())
    for index in range(reached, len(STEPS)):
        if timetable.deadlines[index] < today:
            return Standing("behind", reached, STEPS[index], timetable.deadlines[index])
    return Standing("on-time" if reached else "not-due", reached, STEPS[reached],
                    timetable.deadlines[reached])


def standing_of(timetable: Timetable, tom: Need, today: dt.date) -> Standing:
    return standing(timetable, tom.get("refresh"), tom.get("stage"), today)


def check_refresh(site: Site, timetable: Timetable | None,
                  today: dt.date) -> Iterator[Finding]:
    """A notice for the author of each TOM behind the timetable, at its ``:stage:``."""
    if timetable is None:
        return
    for tom in site.by_type.get("tom", []):
        found = standing_of(timetable, tom, today)
        if found.status == "behind":
            yield Finding(tom.docname, tom.record.line_of("stage"), TomWarning.REFRESH_BEHIND,
                          behind_message(tom, found, timetable, today), about=tom.id)


def behind_message(tom: Need, found: Standing, timetable: Timetable, today: dt.date) -> str:
    """What the author of a TOM behind the timetable is told, with what to do."""
    step, due = found.step, found.due
    assert step is not None and due is not None  # behind names its step
    label, name = timetable.label, timetable.name
    when = _when(due, today)
    if found.other:
        stage = STAGE_NAMES.get(tom.get("stage"), tom.get("stage"))
        return (f"TOM {tom.id} is still {a(stage)} of the {refresh_label(found.other)} "
                f"refresh, and the {label} refresh began on "
                f"{long_date(timetable.start.isoformat())} — take it to approval, or, when "
                f"its {label} first draft is in, set ':refresh: {name}' and ':stage: "
                f"first-draft' (the first draft {when})")
    head = f"TOM {tom.id} is behind the {label} refresh: its {step.words} {when}"
    if found.reached == 0:
        return (f"{head} and the TOM is not in this refresh yet — when the draft is in, set "
                f"':refresh: {name}' and ':stage: first-draft'")
    stage = STAGE_NAMES.get(tom.get("stage"), tom.get("stage"))
    if step.stage == "approved":
        return (f"{head} and it is {a(stage)} — once it is approved, set ':stage: approved' "
                "and ':approved_by:' to the decision")
    return (f"{head} and it is {a(stage)} — when the {step.words} is in, set "
            f"':stage: {step.stage}'")


def _when(due: dt.date, today: dt.date) -> str:
    """``was due on 30 April 2027 (3 days ago)`` or ``is due by 30 April 2027``."""
    if due < today:
        return (f"was due on {long_date(due.isoformat())} "
                f"({plural((today - due).days, 'day')} ago)")
    return f"is due by {long_date(due.isoformat())}"

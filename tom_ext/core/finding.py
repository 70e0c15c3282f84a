"""A finding of the checks (where, which kind, the message with its fix) and the few ways
every message is worded: "did you mean", "a"/"an", a text cut short, a date to write."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from tom_ext.core.messages import TomWarning
from tom_ext.core.model import PROMPT

_UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass(frozen=True, slots=True)
class Finding:
    docname: str
    lineno: int
    subtype: TomWarning
    message: str
    about: str = ""
    """The ID the finding is about, where several findings may share one cause."""


def closest(word: str, candidates: list[str] | tuple[str, ...], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.5)


def short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def is_prompt(value: str) -> bool:
    return value.strip().startswith(PROMPT)


def a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    near = closest(word, candidates, n=1)
    return f"did you mean {near[0]!r}? " if near else ""


def check_date(value: str) -> str | None:
    """None if ``value`` is an ISO date that exists; else what to write instead."""
    match = _UK_DATE.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return (f"{value!r} is not an ISO date — write it as "
                f"{year:04d}-{month:02d}-{day:02d} (year-month-day)")
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return f"{value!r} is not an ISO date — write it as YYYY-MM-DD, e.g. 2026-03-31"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a real date — check the day and month"
    return None

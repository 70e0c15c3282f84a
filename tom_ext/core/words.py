"""How the site writes numbers and dates for readers, in one place (UK forms)."""

from __future__ import annotations

import datetime as dt


def plural(count: int, noun: str) -> str:
    """``1 day``, ``3 days``."""
    return f"{count} {noun}{'s' * (count != 1)}"


def long_date(value: str) -> str:
    """``2026-10-31`` → ``31 October 2026``; anything that is not an ISO date as it is."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"

"""How the site writes numbers and dates for readers, in one place (UK forms)."""

from __future__ import annotations

import datetime as dt

#: month names in English whatever the machine's locale (sphinx-build sets the locale)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def plural(count: int, noun: str) -> str:
    """``1 day``, ``3 days``."""
    return f"{count} {noun}{'s' * (count != 1)}"


def long_date(value: str) -> str:
    """``2026-10-31`` → ``31 October 2026``; anything that is not an ISO date as it is."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(value: str) -> str:
    """``2026-10-31`` → ``31 Oct 2026`` (for tables); anything else as it is."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def money_k(thousands: float) -> str:
    """An amount in £k as a reader writes it: ``£95k``, ``£12.5k``, ``£1.2m``, ``−£20k``."""
    sign = "−" if thousands < 0 else ""
    amount = abs(thousands)
    if round(amount, 1) >= 1000:
        text = f"{amount / 1000:,.1f}".removesuffix(".0")
        return f"{sign}£{text}m"
    text = f"{amount:,.1f}".removesuffix(".0")
    return f"{sign}£{text}k"


def years(horizon: str) -> str:
    """``2025-2030`` → ``2025–2030`` (an en dash between years)."""
    return horizon.replace("-", "–")


def signed(value: float) -> str:
    """``+1``, ``−2.5`` (a true minus sign), ``0``."""
    text = f"{abs(value):,.2f}".rstrip("0").rstrip(".")
    return f"{'−' if value < 0 else '+' if value > 0 else ''}{text}"


#: how a reader names a need's field (its key where that reads as a word already)
FIELD_LABELS = {"due": "due date", "review_by": "review by", "layer_key": "layer",
                "part_of": "part of", "guided_by": "guided by", "approved_by": "approved by",
                "informed_by": "informed by", "plan_kind": "kind of plan",
                "fte": "posts (FTE)", "applicable": "applies", "handle": "reviewer"}
#: fields that hold an ISO date
DATE_FIELDS = frozenset({"due", "review_by", "date"})


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " "))

"""How the values authors write are read: lists, numbers, savings targets."""

from __future__ import annotations

import datetime as dt


def split_list(value: str | None) -> list[str]:
    """``"A, B,C"`` → ``["A", "B", "C"]``; empty items dropped."""
    if not value:
        return []
    return [item.strip() for item in value.replace(";", ",").split(",") if item.strip()]


def number(value: str) -> float:
    try:
        return float(value.replace(",", ""))
    except ValueError:
        return 0.0


def parse_targets(value: str) -> tuple[dict[str, float], list[str]]:
    """``"a=1200, b=300"`` → ``({"a": 1200.0, "b": 300.0}, [])``; the bad items listed."""
    targets: dict[str, float] = {}
    bad: list[str] = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        key, sep, amount = item.partition("=")
        try:
            targets[key.strip()] = float(amount.replace("£", "").strip())
        except ValueError:
            bad.append(item)
            continue
        if not sep or not key.strip():
            bad.append(item)
    return targets, bad


def iso_date(value: str) -> dt.date | None:
    """The date ``value`` names as YYYY-MM-DD, or None."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def is_number(value: str) -> bool:
    try:
        float(value.replace(",", ""))
    except ValueError:
        return False
    return True

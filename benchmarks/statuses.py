"""Where a built site shows an action's status, and which status it shows there.

Scans every HTML page (need boxes, tom_ext's cards, table rows and list items that name the
action) and the downloads (``downloads/*.csv``, ``downloads/golden-thread.xlsx``) and
``needs.json``. A change row of the changes page ("On track → Off track") shows the status
after the arrow.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

STATUS_WORDS = {
    "not-started": ("not-started", "not started"),
    "on-track": ("on-track", "on track"),
    "at-risk": ("at-risk", "at risk"),
    "off-track": ("off-track", "off track"),
    "complete": ("complete",),
}
_ANY_STATUS = re.compile(
    "|".join(re.escape(w) for words in STATUS_WORDS.values() for w in words), re.I)
_TAG = re.compile(r"<[^>]+>")
_NEED_BOX = re.compile(r'<table class="need needs_[^"]*" id="(?P<id>[A-Z0-9_]+)">'
                       r"(?P<body>.*?)</table>", re.S)
_BOX_STATUS = re.compile(r'needs_status"?>.*?needs_data">([^<]+)<', re.S)
#: tom_ext's card of an action: its status badge
_CARD = re.compile(r'<div class="tom-card tom-card-action[^"]*" id="(?P<id>[A-Z0-9_]+)">'
                   r'.*?tom-badge-status-(?P<status>[a-z-]+)"', re.S)
_ROW = re.compile(r"<(?P<tag>tr|li)\b[^>]*>(?P<body>.*?)</(?P=tag)>", re.S)


@dataclass(frozen=True, slots=True)
class Shown:
    """The statuses one file shows for the action (one per place it shows it)."""

    path: str
    statuses: tuple[str, ...]


def canonical(text: str) -> str | None:
    """``"On track"`` / ``"on-track"`` → ``"on-track"``; None if not a status."""
    low = text.strip().lower()
    for status, words in STATUS_WORDS.items():
        if low in words:
            return status
    return None


def _status_in(text: str) -> str | None:
    """The status a row's text shows: after the last arrow if the row is a change."""
    text = text.rsplit("→", 1)[-1]
    found = [canonical(m.group(0)) for m in _ANY_STATUS.finditer(text)]
    return found[0] if found else None


def _html_statuses(page: str, action_id: str) -> list[str]:
    found = []
    for box in _NEED_BOX.finditer(page):
        if box.group("id") == action_id:
            match = _BOX_STATUS.search(box.group("body"))
            if match and canonical(match.group(1)):
                found.append(str(canonical(match.group(1))))
    found += [card.group("status") for card in _CARD.finditer(page)
              if card.group("id") == action_id and canonical(card.group("status"))]
    rest = _NEED_BOX.sub("", page)
    named = re.compile(rf">{re.escape(action_id)}(?:<| )")
    for row in _ROW.finditer(rest):
        body = row.group("body")
        if not named.search(body):
            continue
        status = _status_in(html.unescape(_TAG.sub(" ", body)))
        if status:
            found.append(status)
    return found


def _csv_statuses(text: str, action_id: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or "Status" not in rows[0]:
        return []
    column = rows[0].index("Status")
    return [str(canonical(r[column])) for r in rows[1:]
            if r and r[0] == action_id and canonical(r[column])]


def _xlsx_statuses(path: Path, action_id: str) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    found = []
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header or "Status" not in header:
            continue
        column = header.index("Status")
        found += [str(canonical(str(r[column]))) for r in rows
                  if r and r[0] == action_id and canonical(str(r[column]))]
    book.close()
    return found


def _needs_json_statuses(text: str, action_id: str) -> list[str]:
    data = json.loads(text)
    versions = data.get("versions", {})
    need = versions.get(data.get("current_version", ""), {}).get("needs", {}).get(action_id)
    return [need["status"]] if need and need.get("status") else []


def scan(html_dir: Path, action_id: str) -> Iterator[Shown]:
    """Every file of the built site that shows the action's status, with what it shows."""
    for path in sorted(html_dir.rglob("*")):
        rel = path.relative_to(html_dir).as_posix()
        if not path.is_file() or rel.startswith(("_sources/", "_static/", ".doctrees/")):
            continue
        statuses: list[str] = []
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            if action_id in text:
                statuses = _html_statuses(text, action_id)
        elif path.suffix == ".csv":
            statuses = _csv_statuses(path.read_text(encoding="utf-8"), action_id)
        elif path.suffix == ".xlsx":
            statuses = _xlsx_statuses(path, action_id)
        elif path.name == "needs.json":
            statuses = _needs_json_statuses(path.read_text(encoding="utf-8"), action_id)
        if statuses:
            yield Shown(rel, tuple(statuses))


@dataclass(frozen=True, slots=True)
class Verdict:
    shown: tuple[Shown, ...]
    stale: tuple[Shown, ...]
    """Files that show a status other than the expected one somewhere."""

    @property
    def ok(self) -> bool:
        return bool(self.shown) and not self.stale

    def words(self) -> str:
        pages = sum(s.path.endswith(".html") for s in self.shown)
        stale_pages = sum(s.path.endswith(".html") for s in self.stale)
        others = len(self.shown) - pages
        text = (f"{pages} pages and {others} exports show the status; "
                f"{len(self.stale)} stale")
        if stale_pages:
            text += f" ({stale_pages} pages: {', '.join(s.path for s in self.stale[:4])}"
            text += ", …)" if len(self.stale) > 4 else ")"
        return text


def verdict(html_dir: Path, action_id: str, expected: str) -> Verdict:
    shown = tuple(scan(html_dir, action_id))
    stale = tuple(s for s in shown if any(status != expected for status in s.statuses))
    return Verdict(shown, stale)

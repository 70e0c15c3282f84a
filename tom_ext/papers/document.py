"""A committee paper as plain data: made once from the site, then written as Word and as
PDF by two writers that cannot disagree about what it says."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Para:
    """A numbered paragraph (1.1, 1.2 …); a ``prompt`` is for the author to replace and
    is printed as such ("To write: …"), never as if the council had said it."""

    text: str
    prompt: bool = False


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose header row repeats on every page; its rows are never split."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()
    """Relative column widths (default: equal)."""
    numeric: tuple[int, ...] = ()
    """Columns of figures, set right-aligned."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture (SVG) with its text alternative; the paper gives its data as text too."""

    caption: str
    svg: str
    alt: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A sub-heading inside a section (a layer's name, "Route")."""

    text: str
    level: int = 2


Block = Para | Bullets | Table | Figure | Heading


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section of the report, with sub-headings inside (``Heading``)."""

    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Cover:
    """The report's front sheet, as every council report starts."""

    council: str
    committee: str
    date: str
    """Long UK form ("31 October 2026"), or a prompt when the meeting is not set."""
    wards: str
    subject: str
    lead_officer: str
    lead_member: str
    contact_officer: str
    classification: str = "OFFICIAL"

    def rows(self) -> list[tuple[str, str]]:
        return [("Committee", self.committee), ("Date", self.date), ("Wards", self.wards),
                ("Subject", self.subject), ("Lead officer", self.lead_officer),
                ("Lead member", self.lead_member), ("Contact officer", self.contact_officer)]


@dataclass(frozen=True, slots=True)
class Paper:
    name: str
    """The file name without extension, e.g. ``TOM_LIB`` or ``board``."""
    title: str
    """The document's title (its metadata, and what a screen reader announces)."""
    cover: Cover
    recommendations: tuple[str, ...]
    sections: tuple[Section, ...]
    language: str = "en-GB"
    prompts: int = field(default=0)
    """How many parts are left for the author to write."""

    def as_data(self) -> dict[str, Any]:
        """The paper as JSON-ready data, for the PDF template."""
        return {
            "title": self.title, "language": self.language, "subject": self.cover.subject,
            "council": self.cover.council, "classification": self.cover.classification,
            "cover": [list(row) for row in self.cover.rows()],
            "recommendations": list(self.recommendations),
            "sections": [{"title": s.title,
                          "blocks": [_block_data(b, label) for b, label
                                     in numbered(s.blocks, number)]}
                         for number, s in enumerate(self.sections, start=1)],
        }


def numbered(blocks: tuple[Block, ...],
             section: int) -> list[tuple[Block, str]]:
    """Each block with its number: 3.1, 3.2 … for the paragraphs of section 3, as council
    reports number them (so a member can say "paragraph 3.2"); "" for the rest."""
    found, count = [], 0
    for block in blocks:
        if isinstance(block, Para):
            count += 1
        found.append((block, f"{section}.{count}" if isinstance(block, Para) else ""))
    return found


def _block_data(block: Block, label: str) -> dict[str, Any]:
    if isinstance(block, Para):
        return {"kind": "para", "text": block.text, "prompt": block.prompt, "number": label}
    if isinstance(block, Heading):
        return {"kind": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Bullets):
        return {"kind": "bullets", "items": list(block.items)}
    if isinstance(block, Table):
        return {"kind": "table", "caption": block.caption, "header": list(block.header),
                "rows": [list(r) for r in block.rows],
                "widths": list(block.widths) or [1] * len(block.header),
                "numeric": list(block.numeric)}
    return {"kind": "figure", "caption": block.caption, "svg": block.svg, "alt": block.alt}


def count_prompts(sections: tuple[Section, ...], cover: Cover) -> int:
    """Parts of the paper the author must still write."""
    in_text = sum(isinstance(b, Para) and b.prompt for s in sections for b in s.blocks)
    return in_text + sum(value.startswith(PROMPT_MARK) for _, value in cover.rows())


#: how a cover-sheet value the site cannot give begins
PROMPT_MARK = "To write:"

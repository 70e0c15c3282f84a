"""What every council report carries, whichever paper it is: the front sheet's settings,
the implications sections, and the prompts an author fills in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from tom_ext.core.words import long_date
from tom_ext.papers.document import PROMPT_MARK, Block, Bullets, Para, Section


@dataclass(frozen=True, slots=True)
class PaperSettings:
    """The site's settings a paper's front sheet uses (``tom_council``, ``tom_paper_*``,
    ``tom_lead_members``) and what ``tom paper`` was asked for."""

    council: str
    committee: str = "Cabinet"
    board: str = "Improvement Board"
    wards: str = "All wards"
    contact: str = ""
    lead_members: Mapping[str, str] = field(default_factory=dict)
    meeting: dt.date | None = None
    """The date of the meeting, when known."""
    site_address: str = ""
    """Where the published site is (``html_baseurl``), for the background papers."""

    def meeting_words(self) -> str:
        return (long_date(self.meeting.isoformat()) if self.meeting
                else prompt("the date of the meeting"))


def prompt(what: str) -> str:
    """A front-sheet value the site cannot give: the author writes it."""
    return f"{PROMPT_MARK} {what}"


def to_write(what: str) -> Para:
    return Para(f"{PROMPT_MARK} {what}", prompt=True)


def contact_line(role: str, settings: PaperSettings) -> str:
    if not role:
        return prompt("the contact officer's role and how to reach them")
    return f"{role}, {settings.contact}" if settings.contact else role


#: the implications every report states, each with what the author should consider
IMPLICATIONS = (
    ("Legal and statutory implications",
     "the statutory duties the change touches, and the legal advice taken"),
    ("Human rights, equalities and community cohesion implications",
     "who is affected, by protected characteristic, and the equality analysis done or "
     "planned"),
    ("Crime and disorder implications",
     "any effect on crime and disorder (Crime and Disorder Act 1998, section 17)"),
)


def implications(financial: tuple[Block, ...], risk: tuple[Block, ...]) -> list[Section]:
    """Financial, legal, equalities, crime and disorder, and risk: filled where the paper
    has something to say (``financial``, ``risk``), otherwise a prompt for the author."""
    sections = [Section("Financial, resource and property implications", financial)]
    sections += [Section(title, (to_write(hint),)) for title, hint in IMPLICATIONS]
    sections.append(Section("Risk management and health and safety implications", risk))
    return sections


def background(settings: PaperSettings, pages: list[tuple[str, str]]) -> Section:
    """The published pages the paper was written from: ``(what, page path)``."""
    base = settings.site_address.rstrip("/")
    lines = tuple(f"{what}: {base}/{path}" if base else f"{what}: the intranet page {path}"
                  for what, path in pages)
    return Section("Background papers", (Para("This paper was written from the "
                                             "council's TOM site:"), *_bullets(lines)))


def _bullets(items: tuple[str, ...]) -> tuple[Block, ...]:
    return (Bullets(items),) if items else ()

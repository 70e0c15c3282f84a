"""Every paper of a site (each TOM's and the board's), and the settings they are written
with, as the command and the build both make them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from importlib import resources

from tom_ext.changes.diff import Diff
from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Site
from tom_ext.papers.board_paper import board_paper
from tom_ext.papers.document import Paper
from tom_ext.papers.parts import PaperSettings
from tom_ext.papers.tom_paper import tom_paper

#: the folder of the published site the papers are written to, and linked from
SITE_FOLDER = "downloads/papers"


def settings_from(config: TomConfig, project: str, address: str = "", *,
                  committee: str = "", meeting: dt.date | None = None) -> PaperSettings:
    """The front sheets' settings: conf.py's, with what the command was asked for."""
    return PaperSettings(
        council=config.council or project, committee=committee or config.paper_committee,
        board=config.paper_board, wards=config.paper_wards, contact=config.paper_contact,
        lead_members=dict(config.lead_members), meeting=meeting, site_address=address)


def every_paper(site: Site, settings: PaperSettings, dot: str,
                changes: Diff | None = None) -> list[Paper]:
    """The board's report, then each TOM's paper in ID order."""
    toms = sorted(t.id for t in site.by_type.get("tom", []))
    return [board_paper(site, settings, changes),
            *(tom_paper(site, tom_id, settings, dot) for tom_id in toms)]


def digest(paper: Paper, when: dt.date) -> str:
    """What a paper's files are made from (its content, the date, the template and the
    writers): the same digest, the same files."""
    made = hashlib.sha256(when.isoformat().encode())
    package = resources.files("tom_ext.papers")
    for name in ("paper.typ", "word.py", "pdf.py", "pictures.py"):
        made.update(package.joinpath(name).read_bytes())
    made.update(json.dumps(paper.as_data(), sort_keys=True).encode())
    return made.hexdigest()

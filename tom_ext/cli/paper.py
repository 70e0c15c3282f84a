"""``tom paper``: a TOM's committee paper, or the Improvement Board's progress report, as
Word and PDF from the same pages the site is built from."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tom_ext.cli.progress import Progress
from tom_ext.cli.runner import add_audience_option, audience_override, print_outcome
from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Site
from tom_ext.core.project import Paths

if TYPE_CHECKING:
    from tom_ext.papers.document import Paper
    from tom_ext.papers.parts import PaperSettings

PAPER_EXAMPLES = """\
examples:
  tom paper TOM_LIB                      the Libraries TOM's paper for the committee
                                         conf.py names (tom_paper_committee)
  tom paper TOM_LIB --committee "Overview and Scrutiny Commission" --date 2027-01-20
  tom paper board --since board-2026-09  the board's report, with what changed since the
                                         git tag (or needs.json) of its last one
  tom paper all --audience public        every paper, with nothing OFFICIAL-SENSITIVE

exit status: 0 when every paper was written; 1 when the site has problems (tom check
lists them) or a paper could not be written; 2 when what was asked for does not exist.
"""


class PaperRequestError(Exception):
    """What was asked for cannot be written; the message says what to give instead."""


@dataclass(frozen=True, slots=True)
class Read:
    site: Site
    withheld: frozenset[str]
    """IDs the audience does not see (empty for the intranet)."""
    config: TomConfig
    project: str
    address: str


def cmd_paper(args: argparse.Namespace, paths: Paths) -> int:
    read = _read_site(paths)
    if read is None:
        return 1
    try:
        papers = _papers(args, paths, read)
    except PaperRequestError as err:
        print(f"tom paper: {err}", file=sys.stderr)
        return 2
    return _write(papers, args, paths, read)


def _read_site(paths: Paths) -> Read | None:
    """Every page read (no HTML written), as the audience sees the site."""
    from tom_ext.sphinx_ext.run import run_sphinx

    captured: dict[str, Any] = {}

    def keep(app: Any, site: Site) -> None:
        withheld = app.env.get_domain("tom").data.get("withheld", [])
        captured.update(site=site, withheld=frozenset(withheld),
                        config=TomConfig.from_sphinx(app.config),
                        project=app.config.project, address=app.config.html_baseurl or "")

    outcome = run_sphinx(paths, "needs", paths.build / f".papers{paths.suffix}",
                         paths.build / f".papers{paths.suffix}" / "doctrees", quiet=True,
                         confoverrides=audience_override(paths), on_site=keep,
                         steps=Progress("tom paper"))
    print_outcome(outcome, notices=False)
    if "site" not in captured or not outcome.ok:
        print("tom paper: fix the problems above first (tom check lists them); no paper "
              "was written.", file=sys.stderr)
        return None
    return Read(**captured)


def _settings(args: argparse.Namespace, read: Read) -> PaperSettings:
    from tom_ext.papers.every import settings_from

    return settings_from(read.config, read.project, read.address,
                         committee=args.committee or "", meeting=args.date)


def _papers(args: argparse.Namespace, paths: Paths, read: Read) -> list[Paper]:
    from tom_ext.papers.board_paper import board_paper
    from tom_ext.papers.tom_paper import tom_paper

    settings = _settings(args, read)
    dot = _dot(read.config)
    wanted = [w for what in args.what for w in what.split(",") if w]
    if "all" in wanted:
        wanted = ["board", *(t.id for t in read.site.by_type.get("tom", []))]
    if args.since and "board" not in wanted:
        raise PaperRequestError("--since is for the board's report: tom paper board "
                                f"--since {args.since}")
    papers = []
    for what in wanted:
        if what.lower() == "board":
            papers.append(board_paper(read.site, settings, _changes(args, paths, read)))
        else:
            papers.append(tom_paper(read.site, _tom_id(read.site, what), settings, dot))
    return papers


def _tom_id(site: Site, word: str) -> str:
    """The TOM ``word`` names: its ID in any case, or its title."""
    from tom_ext.core.links import suggest

    if word in site.by_id and site.by_id[word].type == "tom":
        return word
    how, found = suggest(site, word, ("tom",))
    if how in ("case", "title") and len(found) == 1:
        return found[0]
    meant = f" — did you mean {' or '.join(found[:3])}?" if found else ""
    known = ", ".join(sorted(t.id for t in site.by_type.get("tom", [])))
    raise PaperRequestError(f"no TOM has the ID {word!r}{meant} (the TOMs: {known}; or "
                            "'board' for the board's progress report)")


def _dot(config: TomConfig) -> str:
    from tom_ext.views.diagram import DotError, find_dot

    try:
        return find_dot(config.dot)
    except DotError as err:
        print(f"tom paper: {err}; the papers give the golden thread as text only.",
              file=sys.stderr)
        return ""


def _changes(args: argparse.Namespace, paths: Paths, read: Read) -> Any:
    """The site against the board's last report: ``--since``, else the site's
    ``tom_changes_baseline``; None when neither is given."""
    from tom_ext.changes.diff import Snapshot, diff
    from tom_ext.changes.git import GitError
    from tom_ext.cli.diff import read_side
    from tom_ext.core.audience import public_site, withheld_ids

    since = args.since or read.config.changes_baseline
    if not since:
        return None
    settings = {"departments": read.config.departments,
                "framework": read.config.resolved_framework()}
    try:
        old = read_side(paths, since, settings).snapshot
    except GitError as err:
        raise PaperRequestError(f"the baseline {since!r} cannot be read: {err}") from err
    if paths.audience != "intranet":
        # the baseline was archived from the intranet: compare its public part only (less
        # what this site withholds, which the baseline may not have marked yet)
        hidden = read.withheld | withheld_ids(old.site)
        old = Snapshot(old.label, public_site(old.site).without(hidden), old.has_sections)
    return diff(old, Snapshot("now", read.site))


def _write(papers: list[Paper], args: argparse.Namespace, paths: Paths, read: Read) -> int:
    from tom_ext.papers.pdf import PdfError
    from tom_ext.papers.write import write_paper

    folder = paths.root / args.output if args.output else paths.build / f"papers{paths.suffix}"
    formats = ("docx", "pdf") if args.format == "both" else (args.format,)
    for paper in papers:
        try:
            written = write_paper(paper, folder, read.site.today, formats)
        except (PdfError, OSError) as err:
            print(f"tom paper: {err}", file=sys.stderr)
            return 1
        names = " and ".join(p.name for p in written)
        left = (f"; {paper.prompts} parts for you to write, marked 'To write:'"
                if paper.prompts else "")
        print(f"tom paper: wrote {names} to {_shown(folder, paths)}/{left}")
    return 0


def _shown(folder: Path, paths: Paths) -> str:
    try:
        return folder.relative_to(paths.root).as_posix()
    except ValueError:
        return str(folder)


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2027-01-20") from None


def add_paper_parser(sub: Any) -> None:
    paper = sub.add_parser(
        "paper", help="write committee papers (Word and PDF)",
        description="Write a TOM's committee paper, or the Improvement Board's progress "
                    "report, as Word and PDF into _build/papers/ (_build/papers-public/ "
                    "for the public audience). What the site cannot know is left marked "
                    "'To write:' for you to fill in.",
        epilog=PAPER_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    paper.add_argument("what", nargs="+", metavar="TOM_ID|board|all",
                       help="a TOM's ID (or its title), 'board' for the progress report, "
                            "or 'all'")
    paper.add_argument("--committee", metavar="NAME",
                       help="the committee a TOM's paper goes to (default: "
                            "tom_paper_committee in conf.py, else Cabinet)")
    paper.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                       help="the date of the meeting (default: left for you to write)")
    paper.add_argument("--since", metavar="BASELINE",
                       help="for 'board': the needs.json or git revision of the board's "
                            "last report (default: tom_changes_baseline in conf.py)")
    paper.add_argument("--format", choices=("both", "docx", "pdf"), default="both",
                       help="which files to write (default: both)")
    paper.add_argument("-o", "--output", metavar="DIR",
                       help="folder to write to (default: _build/papers)")
    add_audience_option(paper, "write for: intranet (default) or public (nothing "
                               "OFFICIAL-SENSITIVE, into _build/papers-public)")
    paper.set_defaults(func=cmd_paper)

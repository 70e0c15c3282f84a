"""The refresh as data: the timetable setting, the rule that places a TOM against it, the
author's notice in tom check, and the Refresh page and home box of the example council."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tom_ext.cli import main as cli
from tom_ext.core.config import TomConfig
from tom_ext.core.refresh import Timetable, standing, timetable_of
from tom_ext.views.refresh import TomRow, counts_sentence, summary_sentence

from .test_changes import tables_of

D = dt.date
SETTING = {"name": "2027-2029", "start": "2026-12-01", "first_draft": "2027-04-30",
           "second_draft": "2027-07-30", "final_draft": "2027-08-27", "approval": "2027-09-20"}
TIMETABLE = timetable_of(SETTING)


def test_the_setting_reads_as_a_timetable():
    expected = Timetable("2027-2029", D(2026, 12, 1), (
        D(2027, 4, 30), D(2027, 7, 30), D(2027, 8, 27), D(2027, 9, 20)))
    assert expected == TIMETABLE
    assert TIMETABLE.label == "2027–2029"
    assert TIMETABLE.as_setting() == SETTING
    assert timetable_of({}) is None
    assert TomConfig(refresh=SETTING).problems() == []


@pytest.mark.parametrize(("change", "message"), [
    ({"first_draft": "30/04/2027"},
     "tom_refresh first_draft '30/04/2027' is not an ISO date — write it as 2027-04-30 "
     "(year-month-day)"),
    ({"approval": "2027-09-31"},
     "tom_refresh approval '2027-09-31' is not a real date — check the day and month"),
    ({"second_draft": "2027-04-01"},
     "tom_refresh second_draft (2027-04-01) is not after first_draft (2027-04-30): the dates "
     "must come in the order start, first_draft, second_draft, final_draft, approval"),
    ({"final_draft": "2027-07-30"},
     "tom_refresh final_draft (2027-07-30) is not after second_draft (2027-07-30): the dates "
     "must come in the order start, first_draft, second_draft, final_draft, approval"),
    ({"name": ""},
     "tom_refresh name must be the refresh as TOMs write it in ':refresh:', e.g. "
     "'2027-2029', not ''"),
    ({"first_drafts": "2027-04-30"},
     "tom_refresh has 'first_drafts', which the timetable does not have: give name, start, "
     "first_draft, second_draft, final_draft, approval"),
])
def test_a_bad_timetable_is_named_with_what_to_write(change, message):
    assert TomConfig(refresh={**SETTING, **change}).problems() == [message]


def test_a_timetable_that_lacks_dates_or_is_not_a_dict_says_what_to_give():
    (lacks,) = TomConfig(refresh={"name": "2027-2029", "start": "2026-12-01"}).problems()
    assert lacks.startswith("tom_refresh lacks first_draft, second_draft, final_draft, "
                            "approval: give the refresh's name and every date of its "
                            "timetable, e.g. {'name': '2027-2029', 'start': '2026-12-01', ")
    (wrong,) = TomConfig(refresh=["2027-2029"]).problems()  # type: ignore[arg-type]
    assert wrong.startswith("tom_refresh must be a dict of the refresh's name and dates")


def _status(refresh: str, stage: str, today: dt.date) -> tuple[str, int, str, dt.date | None]:
    found = standing(TIMETABLE, refresh, stage, today)
    return found.status, found.reached, found.step.key if found.step else "", found.due


@pytest.mark.parametrize(("refresh", "stage", "today", "expected"), [
    # not started (still the approved TOM of the last refresh): not yet due to the very day
    ("2025-2027", "approved", D(2026, 11, 30), ("not-due", 0, "first_draft", D(2027, 4, 30))),
    ("2025-2027", "approved", D(2027, 4, 30), ("not-due", 0, "first_draft", D(2027, 4, 30))),
    ("2025-2027", "approved", D(2027, 5, 1), ("behind", 0, "first_draft", D(2027, 4, 30))),
    # a later deadline passing still names the first one missed
    ("2025-2027", "approved", D(2027, 8, 1), ("behind", 0, "first_draft", D(2027, 4, 30))),
    # a first draft in early is on time; on time until its second draft is a day late
    ("2027-2029", "first-draft", D(2026, 12, 3), ("on-time", 1, "second_draft", D(2027, 7, 30))),
    ("2027-2029", "first-draft", D(2027, 7, 30), ("on-time", 1, "second_draft", D(2027, 7, 30))),
    ("2027-2029", "first-draft", D(2027, 7, 31), ("behind", 1, "second_draft", D(2027, 7, 30))),
    ("2027-2029", "second-draft", D(2027, 8, 27), ("on-time", 2, "final_draft", D(2027, 8, 27))),
    ("2027-2029", "second-draft", D(2027, 8, 28), ("behind", 2, "final_draft", D(2027, 8, 27))),
    ("2027-2029", "final", D(2027, 9, 20), ("on-time", 3, "approval", D(2027, 9, 20))),
    ("2027-2029", "final", D(2027, 9, 21), ("behind", 3, "approval", D(2027, 9, 20))),
    ("2027-2029", "approved", D(2027, 9, 21), ("approved", 4, "", None)),
    # the refresh written with an en dash, or not written at all, is this refresh
    ("2027–2029", "second-draft", D(2027, 5, 1), ("on-time", 2, "final_draft", D(2027, 8, 27))),
    ("", "final", D(2027, 5, 1), ("on-time", 3, "approval", D(2027, 9, 20))),
    # still a draft of the last refresh: behind once this one has begun, not before
    ("2025-2027", "second-draft", D(2026, 11, 30), ("not-due", 0, "first_draft", D(2027, 4, 30))),
    ("2025-2027", "second-draft", D(2026, 12, 1), ("behind", 0, "first_draft", D(2027, 4, 30))),
])
def test_the_rule_around_each_deadline(refresh, stage, today, expected):
    assert _status(refresh, stage, today) == expected


def _row(status: str) -> TomRow:
    found = standing(TIMETABLE, "", "", D(2027, 1, 1))
    return TomRow("TOM_X", "X", "x", "Dept", "", status, "", found)


def test_the_summary_says_where_the_refresh_stands():
    rows = [_row("on-time"), _row("behind"), _row("behind"), _row("not-due")]
    assert counts_sentence(rows) == (
        "Of the 4 TOMs, 1 is on time, 2 are behind and 1 is not yet due.")
    assert summary_sentence(TIMETABLE, rows, D(2026, 11, 1)) == (
        "The 2027–2029 refresh begins on 1 December 2026.")
    assert summary_sentence(TIMETABLE, rows, D(2027, 5, 1)) == (
        "The 2027–2029 refresh began on 1 December 2026; second drafts are due by 30 July "
        "2027. Of the 4 TOMs, 1 is on time, 2 are behind and 1 is not yet due.")
    assert summary_sentence(TIMETABLE, rows, D(2027, 9, 21)).startswith(
        "The 2027–2029 refresh began on 1 December 2026; approval was due by 20 September "
        "2027.")
    assert summary_sentence(TIMETABLE, [_row("approved")], D(2027, 9, 21)) == (
        "The 2027–2029 refresh is complete: every TOM is approved.")


BASIC_REFRESH = ('tom_refresh = {"name": "2025-2027", "start": "2025-09-01", '
                 '"first_draft": "2026-01-09", "second_draft": "2026-03-31", '
                 '"final_draft": "2026-05-29", "approval": "2026-07-20"}\n')


def test_a_tom_behind_the_timetable_is_a_notice_for_its_author(project, capsys):
    root = project("basic")
    with (root / "conf.py").open("a") as conf:
        conf.write(BASIC_REFRESH)  # the fixture is built on 15 January 2026
    index = root / "source/toms/env/lib/index.md"
    index.write_text(index.read_text().replace(":stage: approved",
                                               ":refresh: 2023-2025\n:stage: approved"))
    line = index.read_text().splitlines().index(":stage: approved") + 1
    assert cli.main(["-C", str(root), "check"]) == 0
    assert re.fullmatch(r"tom check: no problems \(\d+\.\d s\); 1 notice \("
                        r"--notices lists them\)\.\n", capsys.readouterr().out)
    assert cli.main(["-C", str(root), "check", "--notices"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"source/toms/env/lib/index.md:{line}: notice: TOM TOM_LIB is behind the 2025–2027 "
        "refresh: its first draft was due on 9 January 2026 (6 days ago) and the TOM is not "
        "in this refresh yet — when the draft is in, set ':refresh: 2025-2027' and ':stage: "
        "first-draft' [tom.refresh_behind]")
    # the draft is in: nothing is due until its second draft
    index.write_text(index.read_text().replace(":refresh: 2023-2025", ":refresh: 2025-2027")
                     .replace(":stage: approved", ":stage: first-draft")
                     .replace(":approved_by: DEC_2025_CABINET\n", ""))
    assert cli.main(["-C", str(root), "check", "--notices"]) == 0
    assert "refresh_behind" not in capsys.readouterr().out


def test_a_bad_timetable_stops_the_build_at_its_line_of_conf_py(project, capsys):
    root = project("basic")
    with (root / "conf.py").open("a") as conf:
        conf.write(BASIC_REFRESH.replace('"2026-03-31"', '"2025-12-31"'))
    line = len((root / "conf.py").read_text().splitlines())
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert (f"conf.py:{line}: WARNING: tom_refresh second_draft (2025-12-31) is not after "
            "first_draft (2026-01-09): the dates must come in the order start, first_draft, "
            "second_draft, final_draft, approval [tom.config]") in out


# --- the example council: the 2027-2029 refresh ---------------------------------------

FIRST, SECOND = D(2027, 4, 30), D(2027, 7, 30)


def _expected_row(tom: dict, today: dt.date) -> tuple[str, str, str]:
    """(stage reached, status, what is due) of an example TOM, from the example's data:
    the Transport and Fleet first draft is the only one in the new refresh; Parking and
    Regulatory Services are still second drafts of the last one; the rest are approved."""
    if tom["refresh"] == "2027-2029":
        assert tom["stage"] == "first-draft"
        if today <= SECOND:
            return "First draft", "✓ On time", "Second draft by 30 Jul 2027"
        return "First draft", "⚠ Behind", "Second draft was due 30 Jul 2027"
    if tom["stage"] == "second-draft":
        return ("Not started", "⚠ Behind",
                "Still a second draft of the 2025–2027 refresh; first draft by 30 Apr 2027")
    assert tom["stage"] == "approved"
    if today <= FIRST:
        return "Not started", "○ Not yet due", "First draft by 30 Apr 2027"
    return "Not started", "⚠ Behind", "First draft was due 30 Apr 2027"


@pytest.fixture(scope="module")
def example(example_site):
    assert example_site["code"] == 0, example_site["stderr"] + example_site["stdout"]
    from .conftest import needs_of

    toms = [n for n in needs_of(example_site["html"]).values() if n["type"] == "tom"]
    return example_site, toms


@pytest.mark.slow
def test_the_refresh_page_shows_every_tom_against_the_timetable(example):
    site, toms = example
    today = site["today"]
    timetable, each = tables_of(site["html"] / "refresh.html")
    assert each["head"] == ["TOM", "Status", "What is due", "Stage reached", "Department"]
    assert each["caption"].startswith("Each TOM on ")
    by_id = {row[0].split()[-1]: row for row in each["rows"]}
    assert sorted(by_id) == sorted(t["id"] for t in toms)
    departments = {"children-schools-families": "Children, Schools & Families",
                   "community-housing": "Community & Housing",
                   "corporate-services": "Corporate Services",
                   "environment-regeneration": "Environment & Regeneration"}
    for tom in toms:
        title = re.sub(r" TOM \d{4}–\d{4}$", "", tom["title"])
        stage, status, due = _expected_row(tom, today)
        assert by_id[tom["id"]] == [f"{title} {tom['id']}", status, due, stage,
                                    departments[tom["department"]]], tom["id"]
    assert by_id["TOM_TRF"][3:] == ["First draft", "Environment & Regeneration"]
    statuses = [_expected_row(t, today)[1] for t in toms]
    reached = sum(t["refresh"] == "2027-2029" for t in toms)
    assert timetable["caption"].startswith("The 2027–2029 timetable and the TOMs at each stage")
    assert timetable["head"] == ["Stage", "Due by", "At this stage", "Reached it"]
    assert timetable["rows"] == [
        ["Not started", "—", str(len(toms) - reached), "—"],
        ["First draft", "30 Apr 2027", str(reached), f"{reached} of {len(toms)}"],
        ["Second draft", "30 Jul 2027", "0", f"0 of {len(toms)}"],
        ["Final draft", "27 Aug 2027", "0", f"0 of {len(toms)}"],
        ["Approved", "20 Sep 2027", "0", f"0 of {len(toms)}"],
    ]
    assert statuses.count("⚠ Behind") >= 2


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


@pytest.mark.slow
def test_the_refresh_page_says_where_it_stands_and_what_is_overdue(example):
    site, toms = example
    today = site["today"]
    page = (site["html"] / "refresh.html").read_text()
    statuses = [_expected_row(t, today)[1] for t in toms]
    counts = [(statuses.count(s), w) for s, w in (("✓ On time", "on time"),
              ("⚠ Behind", "behind"), ("○ Not yet due", "not yet due")) if statuses.count(s)]
    words = [f"{n} {'is' if n == 1 else 'are'} {w}" for n, w in counts]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    due = ("first drafts are due by 30 April 2027" if today <= FIRST else
           "second drafts are due by 30 July 2027")
    assert (f"The 2027–2029 refresh began on 1 December 2026; {due}. Of the 14 TOMs, "
            f"{listed}.") in _text(page)
    overdue = _text(page.split('id="what-is-overdue"', 1)[1])
    assert ("Parking Services is still a second draft of the 2025–2027 refresh, and the "
            "2027–2029 refresh began on 1 December 2026.") in overdue
    assert 'href="toms/environment-regeneration/parking/index.html#TOM_PRK"' in page
    assert "How the status is worked out." in _text(page)


@pytest.mark.slow
def test_the_home_page_says_where_the_refresh_stands_and_links_to_it(example):
    site, _toms = example
    home = (site["html"] / "index.html").read_text()
    box = home.split('class="tom-refresh-box', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    assert _text(box).startswith("The 2027–2029 refresh began on 1 December 2026; ")
    assert _text(box).endswith("Where each TOM stands.")
    assert '<strong>The 2027–2029 refresh</strong>' in box
    assert 'href="refresh.html"' in box
    # and the header's navigation names the page, as it names Progress
    assert re.search(r'<a class="nav-link nav-internal" href="refresh.html">\s*Refresh\s*</a>',
                     home)


def test_without_a_refresh_the_page_says_so_and_the_home_page_says_nothing(project, capsys):
    root = project("basic")
    index = root / "source/index.md"
    index.write_text(index.read_text().replace("thread\n", "thread\nrefresh\n")
                     + "\n```{tom-refresh}\n:show: home\n```\n")
    (root / "source/refresh.md").write_text(
        "# Refresh\n\n```{tom-refresh}\n```\n\n## Each TOM\n\n```{tom-refresh}\n:show: toms\n"
        "```\n\n## Overdue\n\n```{tom-refresh}\n:show: overdue\n```\n")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0, capsys.readouterr()
    html = root / "_build/html"
    page = _text((html / "refresh.html").read_text())
    # said once, then what each part of the page would have shown
    assert page.count("No refresh of the TOMs is under way.") == 1
    assert "Each TOM¶ No TOM has a refresh stage to reach." in page
    assert "Overdue¶ Nothing is overdue." in page
    assert "tom-refresh-box" not in (html / "index.html").read_text()
    # a refresh whose only TOM (it names no refresh) is approved is over: no box either
    with (root / "conf.py").open("a") as conf:
        conf.write(BASIC_REFRESH)
    assert cli.main(["-C", str(root), "build", "-q"]) == 0, capsys.readouterr()
    page = _text((html / "refresh.html").read_text())
    assert "The 2025–2027 refresh is complete: every TOM is approved." in page
    assert "Nothing is overdue on 15 January 2026: no TOM is behind the timetable." in page
    assert tables_of(html / "refresh.html")[1]["rows"] == [
        ["Libraries TOM_LIB", "✔ Approved", "Nothing more", "Approved", "Environment"]]
    assert "tom-refresh-box" not in (html / "index.html").read_text()

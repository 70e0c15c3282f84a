"""What a long command says while it works: a line per quarter of each step in a CI log,
a live line on a terminal, and nothing in a pipe or when asked for none."""

from __future__ import annotations

import io

import pytest

from tom_ext.cli import main as cli
from tom_ext.cli.progress import Progress, chosen_mode


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_ci_logs_get_a_line_per_step_and_per_quarter():
    out = io.StringIO()
    steps = Progress("tom check", out, mode="lines")
    steps.step("reading pages", 10)
    for _ in range(10):
        steps.advance()
    steps.step("linking the pages and views")
    assert out.getvalue().splitlines() == [
        "tom check: reading pages (10) …",
        "tom check: reading pages: 3 of 10",
        "tom check: reading pages: 5 of 10",
        "tom check: reading pages: 8 of 10",
        "tom check: reading pages: 10 of 10",
        "tom check: linking the pages and views …",
    ]


def test_a_terminal_gets_one_live_line_taken_away_at_the_end():
    out = Terminal()
    steps = Progress("tom build", out, mode="bar")
    steps.step("reading pages", 3)
    steps.advance()
    steps.clear()
    assert out.getvalue() == "\r\033[Ktom build: reading pages 0/3 …\r\033[K"


@pytest.mark.parametrize(("asked", "stream", "ci", "mode"), [
    ("", Terminal(), "", "bar"), ("", io.StringIO(), "true", "lines"),
    ("", io.StringIO(), "", "none"), ("none", Terminal(), "true", "none"),
    ("LINES", io.StringIO(), "", "lines")])
def test_the_mode_follows_where_the_output_goes(monkeypatch, asked, stream, ci, mode):
    monkeypatch.setenv("TOM_PROGRESS", asked)
    monkeypatch.setenv("CI", ci)
    assert chosen_mode(stream) == mode


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_tom_check_says_its_steps_in_a_ci_log(project, capsys, monkeypatch, jobs):
    """With -j 2 the pages are counted as they come back from the other processes."""
    monkeypatch.setenv("TOM_PROGRESS", "lines")
    root = project("basic")
    assert cli.main(["-C", str(root), "check", "-j", jobs]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    reading = [line for line in lines if line.startswith("tom check: reading pages")]
    assert reading[0].startswith("tom check: reading pages (") and reading[0].endswith(" …")
    total = int(reading[0].split("(")[1].split(")")[0])
    assert reading[-1] == f"tom check: reading pages: {total} of {total}"
    assert "tom check: linking the pages and views …" in lines
    assert "tom check: checking pages …" in lines
    assert captured.out.startswith("tom check: no problems")


def test_a_verbose_build_shows_sphinxs_steps_without_mysts_configuration(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "build", "-v"]) == 0
    out = capsys.readouterr().out
    assert "reading sources... [100%]" in out
    assert "MdParserConfig" not in out


def test_check_is_quiet_by_default_and_shows_sphinxs_steps_with_v(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "check"]) == 0
    quiet = capsys.readouterr()
    assert quiet.err == "" and quiet.out.startswith("tom check: no problems (")
    assert cli.main(["-C", str(root), "check", "-v", "-E"]) == 0
    assert "reading sources... [100%]" in capsys.readouterr().out

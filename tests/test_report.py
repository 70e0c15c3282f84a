"""Check output for machines: JSON, GitLab Code Quality and GitHub annotations."""

from __future__ import annotations

import json

from tom_ext.cli import main as cli
from tom_ext.cli.report import Problem, as_github, as_gitlab, parse

WARNING = ("source/toms/env/lib/technology.md:22: WARNING: status 'green' is not allowed — "
           "use one of: not-started, on-track [tom.bad_value]")


def test_parse_a_located_warning_and_a_notice():
    assert parse(WARNING) == Problem(
        "source/toms/env/lib/technology.md", 22, "error",
        "status 'green' is not allowed — use one of: not-started, on-track", "tom.bad_value")
    assert parse("a.md:3: notice: review it [tom.review_overdue]") == Problem(
        "a.md", 3, "notice", "review it", "tom.review_overdue")
    assert parse("WARNING: no location here") == Problem("", 0, "error", "no location here", "")


def test_gitlab_report_puts_each_problem_on_its_line():
    (item,) = json.loads(as_gitlab([parse(WARNING)]))
    assert item["location"] == {"path": "source/toms/env/lib/technology.md",
                                "lines": {"begin": 22}}
    assert item["severity"] == "major"
    assert item["check_name"] == "tom.bad_value"
    assert len(item["fingerprint"]) == 64


def test_github_annotations_escape_properties():
    text = as_github([Problem("a,b.md", 4, "error", "50% done\nnext", "tom.x"),
                      Problem("c.md", 1, "notice", "late", "tom.review_overdue")])
    assert text == ("::error file=a%2Cb.md,line=4,title=tom.x::50%25 done%0Anext\n"
                    "::notice file=c.md,line=1,title=tom.review_overdue::late\n")


def test_check_writes_a_gitlab_report_of_a_broken_site(project, capsys):
    root = project("basic")
    page = root / "source/toms/env/lib/technology.md"
    page.write_text(page.read_text().replace(":status: on-track", ":status: green", 1))
    assert cli.main(["-C", str(root), "check", "--format", "gitlab"]) == 1
    out = capsys.readouterr()
    (item,) = json.loads(out.out)
    assert item["location"]["path"] == "source/toms/env/lib/technology.md"
    assert item["location"]["lines"]["begin"] == 22
    assert item["description"].startswith("status 'green' is not allowed")
    assert "tom check: 1 problem (" in out.err


def test_a_warning_is_kept_from_its_log_record_as_printed(tmp_path):
    import io
    import logging

    from sphinx.util.logging import SphinxWarningLogRecord, WarningStreamHandler

    from tom_ext.sphinx_ext.warning_log import WarningRecords

    page = tmp_path / "source" / "toms" / "a.md"
    page.parent.mkdir(parents=True)
    page.write_text("# A\n")
    stream = io.StringIO()
    handler = WarningRecords(WarningStreamHandler(stream), tmp_path)
    record = SphinxWarningLogRecord("sphinx.x", logging.WARNING, "", 0,
                                    "status %r is not allowed [tom.bad_value]", ("green",),
                                    None)
    record.location, record.type, record.subtype = f"{page}:7", "tom", "bad_value"
    handler.handle(record)
    assert handler.found == [(
        Problem("source/toms/a.md", 7, "error", "status 'green' is not allowed",
                "tom.bad_value"),
        "source/toms/a.md:7: WARNING: status 'green' is not allowed [tom.bad_value]")]
    assert stream.getvalue().endswith("WARNING: status 'green' is not allowed "
                                      "[tom.bad_value]\n")  # printed as Sphinx prints it

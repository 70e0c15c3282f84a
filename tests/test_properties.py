"""Whatever an author types, the check gives findings, never a Python traceback.

Property tests (hypothesis) feed arbitrary text to every parsing step of the check: dates,
lists, targets, directive options, IDs and links of needs, the site settings, the
hardening scanner, and the whole ``tom check`` on a page with arbitrary front matter and
options. Examples are limited so the suite stays quick.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tom_ext.cli import main as cli
from tom_ext.cli import report
from tom_ext.core.blocks import OPTION
from tom_ext.core.config import TomConfig, config_values
from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.messages import TomWarning
from tom_ext.core.model import TYPES, Model
from tom_ext.core.needs import NeedRecord, Site
from tom_ext.core.validate import Finding, check_date, validate
from tom_ext.core.values import number, parse_targets, split_list
from tom_ext.safety.html_scan import bad_scheme, check_html, unsafe_style
from tom_ext.safety.markup import Files, Issue, Rules, parser, scan, scan_rst
from tom_ext.sphinx_ext import recording

from .conftest import make_project

# 150 examples a test by default; HYPOTHESIS_PROFILE=deep runs 5000 (see conftest.py)
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODEL = Model(layer_keys=NINE_LAYERS.keys())
TYPE_NAMES = [spec.directive for spec in TYPES]
FIELD_NAMES = sorted({f.name for s in TYPES for f in s.fields} | {
    lk.name for s in TYPES for lk in s.links})

#: text that looks like what authors write: Markdown and directive syntax, HTML, URLs
PIECES = st.sampled_from([
    "\n", "\n\n", " ", "`", "```", "````", "{", "}", "{note}", "{raw}", "{include}",
    "{eval-rst}", "{literalinclude}", "{image}", "{csv-table}", "{download}", ":", "---",
    ":id:", ":file:", ":url:", ":target:", ":diff:", "..", ".. raw::", ".. include::",
    ".. _x:", "<", ">", "</", "/>", "<br>", "<abbr", "<script>", "<div", " onclick=",
    "\"", "'", "=", "&#", "&#106;", ";", "javascript:", "data:", "vbscript:", "../",
    "/etc/passwd", "[", "]", "(", ")", "![", "|", "-", "*", "#", "\\", "\t", "<!--",
    "-->", "<![CDATA[", "url(", "expression(", "%6A", "\x00", "é", "\u2028",
])
AUTHOR_TEXT = st.one_of(st.text(max_size=300),
                        st.lists(st.one_of(PIECES, st.text(max_size=5)),
                                 max_size=60).map("".join))
#: a page that opens with front matter MyST reads (html_meta, substitutions …)
FRONT_MATTER = st.lists(st.sampled_from([
    "myst:\n", "  html_meta:\n", "    \"http-equiv=refresh\": x\n", "  substitutions:\n",
    "    a: \"<b>x</b>\"\n", "html_meta: 3\n", "substitutions: [1]\n", "title: [\n", "a: b\n",
    "  - 1\n", "myst: 1\n", "? x\n", "*a\n", "&a x\n", "    b: {c: d}\n"]), max_size=8).map(
    lambda parts: "---\n" + "".join(parts) + "---\n")
RULES = Rules(files=Files(Path("/site/source"), "toms/env/lib",
                          (Path("/site/source"), Path("/site/docs"))), md=parser())


def _only_issues(found: list[Issue], text: str) -> None:
    assert all(isinstance(i, Issue) and isinstance(i.subtype, TomWarning) for i in found)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert all(1 <= i.line <= lines + 1 for i in found), found
    assert all(" — " in i.message for i in found)


@FAST
@given(st.one_of(AUTHOR_TEXT, st.tuples(FRONT_MATTER, AUTHOR_TEXT).map("".join)))
def test_the_scanner_gives_only_findings_on_any_page(text):
    _only_issues(scan(text, RULES), text)


@FAST
@given(AUTHOR_TEXT)
def test_the_scanner_gives_only_findings_on_any_rst(text):
    _only_issues(scan_rst(text, RULES), text)


@FAST
@given(AUTHOR_TEXT)
def test_html_and_url_checks_never_fail(text):
    for problem in check_html(text):
        assert problem.line >= 0 and " — " in problem.message
    assert bad_scheme(text) in {None, "javascript", "vbscript", "livescript", "data"}
    assert unsafe_style(text) in (True, False)


@FAST
@given(st.text(max_size=40))
def test_dates_lists_numbers_and_targets_never_fail(value):
    problem = check_date(value)
    assert problem is None or value in problem or repr(value) in problem
    if problem is None:
        dt.date.fromisoformat(value)
    assert all(item.strip() == item and item for item in split_list(value))
    targets, bad = parse_targets(value)
    assert isinstance(targets, dict) and isinstance(bad, list)
    assert isinstance(number(value), float)


@st.composite
def records(draw):
    """Need directives as authors might write them: any type, any ID, any option values."""
    found = []
    for index in range(draw(st.integers(0, 8))):
        need_type = draw(st.sampled_from(TYPE_NAMES))
        need_id = draw(st.one_of(st.sampled_from(["", "TOM_LIB", "LYR_LIB_TEC",
                                                  "ACT_LIB_TEC_01", "STR_IT", "PRI_01"]),
                                 st.text(max_size=12)))
        options = draw(st.dictionaries(st.sampled_from(FIELD_NAMES), AUTHOR_TEXT.map(
            lambda t: t[:40]), max_size=6))
        docname = draw(st.sampled_from(["toms/env/lib/index", "toms/env/lib/technology",
                                        "strategies/it", "index", "toms/x"]))
        lines = {name: index * 10 + n for n, name in enumerate(options)}
        body = tuple((index * 10 + 9, text) for text in draw(
            st.lists(st.text(max_size=20), max_size=2)))
        found.append(NeedRecord(id=need_id, type=need_type, title=draw(st.text(max_size=20)),
                                docname=docname, lineno=index * 10 + 1, options=options,
                                option_lines=lines, body_options=body))
    return found


@FAST
@given(records(), st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3))
def test_validation_of_any_needs_gives_only_findings(found, departments):
    site = Site(found, MODEL, NINE_LAYERS, departments=departments, today=dt.date(2026, 1, 1))
    results = validate(site, departments, {}, dt.date(2026, 1, 1),
                       {"index": [(3, "TODO: x")]})
    assert all(isinstance(f, Finding) and isinstance(f.subtype, TomWarning) for f in results)
    assert all(" — " in f.message for f in results), results


@FAST
@given(st.text(max_size=200), st.integers(1, 10_000))
def test_directive_options_as_authored_never_fail(block, lineno):
    lines = block.split("\n")
    options = {m.group(1): (m.group(2) or "") for line in lines[1:]
               if (m := OPTION.match(line))}
    body = [line for line in lines[1:] if not OPTION.match(line)]
    config = SimpleNamespace(**{name: default for name, default, _help in config_values()},
                             needs_fields={}, needs_extra_options=[])
    directive = SimpleNamespace(options=options, block_text=block, lineno=lineno,
                                arguments=[lines[0]], name="action", content=body,
                                config=config,
                                env=SimpleNamespace(docname="toms/env/lib/technology"))
    record = recording._record(directive)
    assert record is not None and record.lineno == lineno
    assert all(line >= lineno for line in record.option_lines.values())
    assert all(line > lineno for line, _text in record.body_options)
    unknown = {name for _line, name in record.unknown_options}
    assert unknown | set(record.options) | ({"id"} & set(options)) == set(options)
    assert all(line >= lineno for line, _name in record.unknown_options)


@FAST
@given(st.dictionaries(st.sampled_from([f.name for f in TomConfig.__dataclass_fields__.values()]),
                       st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                                 st.lists(st.text(max_size=8), max_size=3),
                                 st.dictionaries(st.text(max_size=5), st.text(max_size=5),
                                                 max_size=2)), max_size=4))
def test_any_settings_give_sentences_not_errors(values):
    problems = TomConfig(**values).problems()
    assert all(isinstance(p, str) and p.startswith("tom_") for p in problems)


@FAST
@given(st.one_of(st.text(max_size=30), st.from_regex(r"\A[0-9]{1,25}\Z"),
                 st.sampled_from(["\u00b2", "99999999999999999999", "-1", " 1", "1e9",
                                  "\u0661\u0662"])))
def test_any_source_date_epoch_gives_a_date_or_a_sentence(epoch):
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch.replace("\x00", "")
    try:
        config = TomConfig()
        assert isinstance(config.today(), dt.date)
        assert all(p.startswith("SOURCE_DATE_EPOCH ") for p in config.problems())
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@FAST
@given(st.text(max_size=200))
def test_any_warning_line_parses(entry):
    problem = report.parse(entry)
    assert problem.severity in ("error", "notice")


# The whole check on a page an author could write: front matter, options, IDs and body.

_LINE = re.compile(r"^(\S[^:\n]*:\d+: (WARNING|ERROR|CRITICAL): .+|[^:\n]+: (WARNING|ERROR): .+"
                   r"|tom check: .+)$")


@st.composite
def pages(draw):
    front = draw(st.one_of(st.just(""), AUTHOR_TEXT.map(lambda t: f"---\n{t[:80]}\n---\n"),
                           st.sampled_from(["---\ntitle: [unclosed\n---\n",
                                            "---\nmyst:\n  html_meta: {a: b}\n---\n",
                                            "---\n: :\n---\n"])))
    options = draw(st.lists(st.tuples(st.sampled_from([*FIELD_NAMES, "id", "x"]),
                                      st.text(alphabet=st.characters(
                                          blacklist_categories=("Cs", "Cc")), max_size=20)),
                            max_size=4))
    need_id = draw(st.one_of(st.just("ACT_LIB_TEC_09"), st.text(
        alphabet="ABCTLI_0129-x", max_size=12)))
    option_text = "".join(f":{name}: {value}\n" for name, value in options)
    body = draw(AUTHOR_TEXT).replace("\x00", "")
    return (f"{front}# Extra\n\n```{{action}} A title\n:id: {need_id}\n{option_text}```\n\n"
            f"{body}\n")


@pytest.mark.slow
@settings(max_examples=300 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 12,
          deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(page=pages())
def test_tom_check_on_any_page_reports_findings_not_tracebacks(tmp_path, capsys, page):
    """A real check (Sphinx, MyST, sphinx-needs, tom_ext) of the basic fixture with one
    more page: exit 0 or 1, and every line printed is a located message or the summary."""
    root = tmp_path / "basic"
    if not root.exists():
        make_project("basic", root)
    (root / "source/toms/env/lib/extra.md").write_text(page, encoding="utf-8")
    index = root / "source/toms/env/lib/index.md"
    if "extra\n" not in index.read_text():
        index.write_text(index.read_text().replace("people\n", "people\nextra\n"))
    capsys.readouterr()
    code = cli.main(["-C", str(root), "check"])
    out, err = capsys.readouterr()
    assert code in (0, 1), out + err
    assert "Traceback" not in out + err
    assert "Exception occurred" not in out + err
    for line in out.splitlines():
        assert _LINE.match(line), line

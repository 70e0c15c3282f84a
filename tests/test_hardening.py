"""Author content that cannot inject script or publish a server file: one malicious change per
fixture build (exit code, file, line, message), and the scanner on its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tom_ext.cli import main as cli
from tom_ext.safety.html_scan import bad_scheme, check_html, unsafe_style
from tom_ext.safety.markup import Files, Rules, scan, scan_rst

TECH = "source/toms/env/lib/technology.md"
#: line 10 of the technology page, the body of its current operating model
PROSE = "Today's technology of the library service.\n"
NOT_ALLOWED = ("— write it in Markdown instead (HTML tags allowed here: <abbr>, <br>, <sub>, "
               "<sup>; tom_html_allowed in conf.py) [tom.unsafe_html]")
LINK_FIX = "— link to a page of the site or an https:// address instead [tom.unsafe_url]"
OUTSIDE_FIX = ("reads a file outside source/ and docs/ — only files of the site may be shown: "
               "copy the file into the page's folder and name it from there [tom.outside_file]")
RAW_FIX = ("is not allowed: it publishes its content unchecked — write the content in Markdown "
           "(tables, lists, admonitions) instead [tom.raw_directive]")

#: /etc/passwd, written as Sphinx reads absolute paths: from the source folder, up and out
PASSWD = "/" + "../" * 30 + "etc/passwd"

# (name, new text for line 10 on, expected message line)
CASES = [
    ("HTML block", "<div class=\"box\">\nBoxed text\n</div>\n",
     f"{TECH}:10: WARNING: raw HTML <div> is not allowed {NOT_ALLOWED}"),
    ("inline HTML", "Today's <span class=\"x\">technology</span>.\n",
     f"{TECH}:10: WARNING: raw HTML <span> is not allowed {NOT_ALLOWED}"),
    ("script", "Text.\n\n<script>fetch('/steal?' + document.cookie)</script>\n",
     f"{TECH}:12: WARNING: <script> is never allowed in a page (scripts come from the site's "
     "theme, never from a page) — remove it; link to other content instead of embedding it "
     "[tom.unsafe_html]"),
    ("event attribute on an allowed tag",
     "Run by <abbr title=\"ICT\" onmouseover=\"alert(1)\">ICT</abbr>.\n",
     f"{TECH}:10: WARNING: the onmouseover= attribute of <abbr> runs script and is never "
     "allowed — remove the attribute [tom.unsafe_html]"),
    ("iframe", "<iframe src=\"https://example.org/\"></iframe>\n",
     f"{TECH}:10: WARNING: <iframe> is never allowed in a page (it can run script or load "
     "content from elsewhere) — remove it"),
    ("object", "Text.\n\n<object data=\"/x.swf\"></object>\n",
     f"{TECH}:12: WARNING: <object> is never allowed in a page"),
    ("javascript link", "See [the plan](javascript:alert(document.domain)).\n",
     f"{TECH}:10: WARNING: a link to a javascript: URL is not allowed {LINK_FIX}"),
    ("javascript autolink in mixed case", "Text\nsee <JaVaScRiPt:alert(1)>.\n",
     f"{TECH}:11: WARNING: a link to a javascript: URL is not allowed {LINK_FIX}"),
    ("javascript in a link definition", "See [the plan][plan].\n\n[plan]: vbscript:msgbox\n",
     f"{TECH}:12: WARNING: a link to a vbscript: URL is not allowed {LINK_FIX}"),
    ("data image", "![chart](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n",
     f"{TECH}:10: WARNING: an image from a data: URL is not allowed — save the image in the "
     "page's folder and show that file [tom.unsafe_url]"),
    ("raw directive", "```{raw} html\n<b>bold</b>\n```\n",
     f"{TECH}:10: WARNING: the {{raw}} directive {RAW_FIX}"),
    ("raw inside eval-rst", "```{eval-rst}\nText.\n\n.. raw:: html\n\n   <b>x</b>\n```\n",
     f"{TECH}:13: WARNING: the raw directive {RAW_FIX}"),
    ("include from outside", "```{include} ../../../../conf.py\n```\n",
     f"{TECH}:10: WARNING: include of ../../../../conf.py {OUTSIDE_FIX}"),
    ("literalinclude of a server file", f"```{{literalinclude}} {PASSWD}\n```\n",
     f"{TECH}:10: WARNING: literalinclude of {PASSWD} {OUTSIDE_FIX}"),
    ("rst include inside a note", "````{note}\nText.\n\n```{eval-rst}\n"
                                  ".. include:: ../../../../conf.py\n```\n````\n",
     f"{TECH}:14: WARNING: include of ../../../../conf.py {OUTSIDE_FIX}"),
    ("download of a server file", "Get {download}`the keys <../../../../conf.py>`.\n",
     f"{TECH}:10: WARNING: download of ../../../../conf.py {OUTSIDE_FIX}"),
    ("link to a server file", "Text,\nsee [the settings](../../../../conf.py).\n",
     f"{TECH}:11: WARNING: a link to ../../../../conf.py would publish a file from outside "
     "source/ and docs/ as a download — link to a page of the site, or copy the file into "
     "the page's folder and link to that [tom.outside_file]"),
]


@pytest.mark.parametrize(("name", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_one_unsafe_change(project, capsys, name, new, expected):
    root = project("basic")
    page = root / TECH
    text = page.read_text()
    assert PROSE in text
    page.write_text(text.replace(PROSE, new, 1))
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    matching = [line for line in out if line.startswith(expected)]
    assert matching, "\n".join(out)
    assert out[-1].startswith("tom check: 1 problem found"), "\n".join(out)


def test_allowed_html_and_files_inside_the_site_pass(project, capsys):
    root = project("basic")
    (root / "source/toms/env/lib/snippet.txt").write_text("print('hello')\n")
    page = root / TECH
    page.write_text(page.read_text().replace(PROSE, (
        "CO<sub>2</sub> per <abbr title=\"information and communication technology\">ICT"
        "</abbr> user,<br>measured yearly; [the plan](https://example.org/plan).\n\n"
        "```{literalinclude} snippet.txt\n```\n\n"
        "```{toctree}\n:hidden:\n\nThe council <https://example.org/>\n```\n\n"
        "```html\n<script>code in a code block is shown, not run</script>\n```\n"), 1))
    assert cli.main(["-C", str(root), "check"]) == 0, capsys.readouterr().out


def test_a_site_can_allow_more_tags_but_never_script(project, capsys):
    root = project("basic")
    page = root / TECH
    page.write_text(page.read_text().replace(PROSE, "Press <kbd>Ctrl</kbd>.\n", 1))
    with (root / "conf.py").open("a") as conf:
        conf.write('\ntom_html_allowed = ["abbr", "br", "kbd", "sub", "sup"]\n')
    assert cli.main(["-C", str(root), "check"]) == 0, capsys.readouterr().out
    with (root / "conf.py").open("a") as conf:
        conf.write('\ntom_html_allowed = ["kbd", "script"]\n')
    assert cli.main(["-C", str(root), "check"]) == 1
    assert ("tom_html_allowed may not list script: these tags run script or load content from "
            "elsewhere and are never allowed") in capsys.readouterr().out


def test_a_build_published_anyway_carries_no_script_and_no_server_file(project, capsys):
    """``tom build --no-strict`` publishes with warnings: what the scan reports is kept out
    of the HTML all the same (defence in depth)."""
    root = project("basic")
    page = root / TECH
    page.write_text(page.read_text().replace(PROSE, (
        "Text <span onclick=\"alert(1)\">here</span>.\n\n"
        "<div><script>alert(2)</script></div>\n\n"
        "```{raw} html\n<img src=x onerror=alert(3)>\n```\n\n"
        "```{literalinclude} ../../../../conf.py\n```\n\n"
        "```{include} ../../../../conf.py\n```\n\n"
        "Get {download}`it <../../../../conf.py>` or [this](../../../../conf.py).\n\n"
        "![dot](data:image/png;base64,iVBORw0KGgo=)\n"), 1))
    assert cli.main(["-C", str(root), "build", "-q", "--no-strict"]) == 0
    capsys.readouterr()
    html = (root / "_build/html/toms/env/lib/technology.html").read_text()
    assert "<script>alert" not in html and "onerror=alert" not in html
    assert 'onclick="alert' not in html
    assert "tom_departments" not in html  # conf.py neither shown nor included
    assert "data:image" not in html
    assert not (root / "_build/html/_downloads").exists()


def test_a_page_linked_from_outside_the_site_is_reported(project, capsys, tmp_path):
    root = project("basic")
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n")
    os.symlink(secret, root / "source/secret.md")
    index = root / "source/index.md"
    index.write_text(index.read_text().replace("thread\n", "thread\nsecret\n"))
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert ("source/secret.md:1: WARNING: this page is a link to a file outside source/ and "
            "docs/ — put the page itself in the folder instead of a symbolic link "
            "[tom.outside_file]") in out


# The scanner on its own: obfuscations and places the fixtures above do not reach.

SITE = Path("/site/source")
RULES = Rules(files=Files(SITE, "toms/env/lib", (SITE, Path("/site/docs"))))


def lines(text: str, rst: bool = False) -> list[tuple[int, str]]:
    found = (scan_rst if rst else scan)(text, RULES)
    return [(i.line, i.subtype.value) for i in found]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " \tjava\nscript:alert(1)",
    "&#106;avascript:alert(1)", "&amp;#106;avascript:x", "java&#x09;script:x",
    "%6Aavascript:x", "\x01javascript:x", "vbscript:msgbox", "data:text/html,<script>",
    "DaTa:image/png;base64,AA",
])
def test_script_and_data_urls_are_found_however_written(url):
    assert bad_scheme(url) in {"javascript", "vbscript", "data"}


@pytest.mark.parametrize("url", ["https://example.org/", "../page.md#x", "mailto:a@b.org",
                                 "page.html?javascript=1", "#data:x", "/javascript/x"])
def test_ordinary_urls_pass(url):
    assert bad_scheme(url) is None


@pytest.mark.parametrize("style", ["background:url(javascript:alert(1))",
                                   "width:expression(alert(1))",
                                   "background:url( 'java\\73 cript:x' )",
                                   "x:u/**/rl(vbscript:x)", "behavior: url(x.htc)"])
def test_styles_that_run_script(style):
    assert unsafe_style(style)


def test_plain_style_passes():
    assert not unsafe_style("color: #333; font-weight: bold")


def test_html_checks_every_tag_with_its_line():
    problems = check_html("<abbr title=x>a</abbr>\n<p>\n<img/src/onerror=alert(1)>\n"
                          "<sub style=\"background:url(javascript:x)\">2</sub>")
    assert [(p.line, p.message.split(" — ")[0]) for p in problems] == [
        (1, "raw HTML <p> is not allowed"),
        (2, "raw HTML <img> is not allowed"),
        (3, "the style= attribute of <sub> can run script (url(), expression() or a script "
            "URL) and is never allowed")]


def test_markdown_places_the_scanner_reaches():
    text = ("# Title\n\n"                                       # 1-2
            "````{note}\n"                                      # 3
            ":class: tip\n\n"                                   # 4-5
            "Nested <b>bold</b>.\n\n"                           # 6-7
            "```{image} pic.png\n:target: javascript:x\n```\n"  # 8-10
            "````\n\n"                                          # 11-12
            "| a | b |\n|---|---|\n| <i>x</i> | y |\n\n"        # 13-16
            "```{csv-table}\n:url: http://intranet/x.csv\n```\n\n"   # 17-20
            "```{csv-table}\n:file: /../../etc/passwd\n```\n\n"      # 21-24
            "```python\n<script>shown, not run</script>\n```\n")     # 25-27
    assert lines(text) == [(6, "unsafe_html"), (9, "unsafe_url"), (15, "unsafe_html"),
                           (18, "outside_file"), (22, "outside_file")]


def test_front_matter_cannot_redirect_or_substitute_script():
    text = ("---\n"                                              # 1
            "myst:\n"                                            # 2
            "  html_meta:\n"                                     # 3
            "    description: fine\n"                            # 4
            "    \"http-equiv=refresh\": \"0; url=https://x\"\n"   # 5
            "  substitutions:\n"                                 # 6
            "    evil: \"<script>alert(1)</script>\"\n"           # 7
            "---\n# Title\n")
    assert lines(text) == [(5, "unsafe_html"), (7, "unsafe_html")]


def test_rst_places_the_scanner_reaches():
    text = (".. role:: html(raw)\n\n"                     # 1-2
            "See `x <java\n   script:alert(1)>`_.\n\n"    # 3-5
            ".. _target: data:text/html,x\n\n"            # 6-7
            ".. literalinclude:: ok.py\n"                 # 8
            "   :diff: ../../../../../etc/passwd\n\n"     # 9-10
            "Get :download:`this <../../../../../x>`.\n")  # 11
    assert lines(text, rst=True) == [(1, "raw_directive"), (3, "unsafe_url"),
                                     (6, "unsafe_url"), (9, "outside_file"),
                                     (11, "outside_file")]


def test_files_inside_source_and_docs_pass(tmp_path):
    (tmp_path / "source/toms").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    os.symlink("../docs", tmp_path / "source/handbook")
    files = Files(tmp_path / "source", "handbook", (tmp_path / "source", tmp_path / "docs"))
    assert files.inside("x.md")  # source/handbook/x.md is docs/x.md
    assert files.inside("../source/toms/x.md")  # .. after the link: from docs/
    assert not files.inside("../conf.py")
    assert files.inside("/toms/x.csv")  # absolute: from the source folder
    assert not files.inside("/../conf.py")

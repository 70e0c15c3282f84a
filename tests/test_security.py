"""The Content-Security-Policy works for the built site: no inline script, no event handler
attribute, no script from elsewhere; the handbook quotes the policy of tom_ext.safety.headers."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tom_ext.cli import main as cli
from tom_ext.safety import headers
from tom_ext.sphinx_ext.csp import externalise, script_name

_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_EVENT = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def csp_problems(folder: Path) -> list[str]:
    """What in the built HTML a browser under the policy would block or that would need
    more than ``script-src 'self'``."""
    found = []
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(folder).as_posix()
        for match in _SCRIPT.finditer(text):
            src = re.search(r"\ssrc=\"([^\"]*)\"", match.group("attrs"))
            if src is None and match.group("body").strip():
                found.append(f"{name}: inline script {match.group('body').strip()[:60]!r}")
            elif src is not None and re.match(r"[a-z]+:|//", src.group(1)):
                found.append(f"{name}: script from elsewhere {src.group(1)}")
        found.extend(f"{name}: event handler {m.group(0)[:60]!r}" for m in _EVENT.finditer(text))
        if re.search(r"href=\"\s*javascript:", text, re.I):
            found.append(f"{name}: javascript: link")
    return found


def test_policy_allows_no_inline_script_and_no_eval():
    policy = dict(part.split(" ", 1) for part in headers.CONTENT_SECURITY_POLICY.split("; "))
    assert policy["script-src"] == "'self'"
    assert "unsafe-eval" not in headers.CONTENT_SECURITY_POLICY
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert headers.SECURITY_HEADERS["Content-Security-Policy"] == (
        headers.CONTENT_SECURITY_POLICY)
    assert set(headers.SECURITY_HEADERS) >= {
        "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
        "X-Frame-Options", "Permissions-Policy"}
    assert "frame-ancestors" not in headers.CONTENT_SECURITY_POLICY_META


@pytest.mark.parametrize("make", [headers.nginx, headers.apache, headers.gitlab_pages])
def test_every_server_configuration_sends_every_header(make):
    text = make()
    for name, value in headers.SECURITY_HEADERS.items():
        assert name in text and value in text, (name, text)


def test_the_web_servers_answer_a_missing_address_with_the_sites_404_page():
    assert "error_page 404 /404.html;" in headers.nginx().splitlines()
    assert "ErrorDocument 404 /404.html" in headers.apache().splitlines()


def test_inline_scripts_become_files_named_after_their_content():
    saved = {}

    def save(body: str) -> str:
        saved[script_name(body)] = body
        return f"_static/tom-inline/{script_name(body)}"

    page = ('<script data-cfasync="false">\n  var a = 1;\n</script>'
            '<script src="x.js"></script><script type="application/json">{"a": 1}</script>'
            '<script>  </script><SCRIPT type="module">b()</SCRIPT >')
    out = externalise(page, save)
    first = script_name("\n  var a = 1;\n")
    assert out == (f'<script data-cfasync="false" src="_static/tom-inline/{first}"></script>'
                   '<script src="x.js"></script><script type="application/json">{"a": 1}'
                   '</script><script>  </script>'
                   f'<script type="module" src="_static/tom-inline/{script_name("b()")}">'
                   '</script>')
    assert sorted(saved.values()) == ["\n  var a = 1;\n", "b()"]


@pytest.mark.slow
def test_example_site_runs_under_the_policy(example_site):
    html_dir = example_site["html"]
    assert example_site["code"] == 0, example_site["stderr"]
    assert csp_problems(html_dir) == []
    index = (html_dir / "index.html").read_text()
    options = re.search(r'data-options="([^"]*)" src="_static/tom-options.js', index)
    assert options, "the page settings are data on tom-options.js"
    assert json.loads(html.unescape(options.group(1))) == {"pagename": "index",
                                                           "search_as_you_type": False}
    assert list((html_dir / "_static/tom-inline").glob("*.js"))


@pytest.mark.slow
def test_handbook_quotes_the_policy_and_headers_of_the_code(example_site):
    page = (example_site["html"] / "handbook/security.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert headers.CONTENT_SECURITY_POLICY in text
    for make in (headers.nginx, headers.apache, headers.gitlab_pages):
        assert make().strip() in text


def test_csp_meta_puts_the_policy_in_every_page_before_any_script(project, capsys):
    root = project("basic")
    with (root / "conf.py").open("a") as conf:
        conf.write("\ntom_csp_meta = True\n")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0, capsys.readouterr()
    html_dir = root / "_build/html"
    meta = ('<meta http-equiv="Content-Security-Policy" '
            f'content="{headers.CONTENT_SECURITY_POLICY_META}" />')
    for page in ("index.html", "toms/env/lib/technology.html", "search.html"):
        text = (html_dir / page).read_text()
        assert meta in text, page
        assert text.index(meta) < text.index("<script"), page
    assert csp_problems(html_dir) == []

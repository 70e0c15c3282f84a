"""No inline script in the built site, so its Content-Security-Policy needs only
``script-src 'self'`` (:mod:`tom_ext.security`).

The theme writes small inline scripts: per-page settings (``DOCUMENTATION_OPTIONS.pagename
= '…'``), its light/dark bootstrap in ``<head>``, the search page's focus; sphinx-needs
writes one into ``permalink.html``. The page settings become data on one script file;
every other inline script of a template is saved as a file named after its content and
loaded from there, in the same place, so it runs at the same moment. A page's own content
is never touched: an inline script in it stays inline, where the policy blocks it (and the
check has refused it already).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from tom_ext.core.config import TomConfig
from tom_ext.safety.headers import CONTENT_SECURITY_POLICY_META

#: where the scripts taken out of the templates are written, under the output folder
INLINE_DIR = "_static/tom-inline"
#: the script that sets ``DOCUMENTATION_OPTIONS`` entries from its ``data-options``
OPTIONS_SCRIPT = "tom-options.js"

_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"\stype\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_JS_TYPES = {"", "module", "text/javascript", "application/javascript"}
_SETTING = re.compile(
    r"\s*DOCUMENTATION_OPTIONS\.(\w+)\s*=\s*('[^'\\\n]*'|true|false|-?\d+)\s*;\s*")


def externalise(html: str, save: Callable[[str], str]) -> str:
    """``html`` with each inline script replaced by ``<script src>`` of the URL ``save``
    returns for its text. Data blocks (``type="application/json"`` …) stay."""

    def replace(match: re.Match[str]) -> str:
        attrs, body = match.group("attrs"), match.group("body")
        kind = _TYPE.search(attrs)
        if _SRC.search(attrs) or not body.strip() or (
                kind and kind.group(1).lower() not in _JS_TYPES):
            return match.group(0)
        return f'<script{attrs} src="{save(body)}"></script>'

    return _SCRIPT.sub(replace, html)


def script_name(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16] + ".js"


def _saver(outdir: Path, url_of: Callable[[str], str]) -> Callable[[str], str]:
    def save(body: str) -> str:
        name = f"{INLINE_DIR}/{script_name(body)}"
        path = outdir / name
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        return url_of(name)

    return save


def settings_as_data(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Any) -> None:
    """``html-page-context``, after the theme: the page's ``DOCUMENTATION_OPTIONS.x = …;``
    scripts become one ``<script src="tom-options.js" data-options="{…}">``."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    settings: dict[str, Any] = {}
    priority = None
    removed: Any = None
    for script in list(scripts):
        body = getattr(script, "attributes", {}).get("body", "")
        if getattr(script, "filename", None) or not body:
            continue
        statements = _SETTING.findall(body)
        if not statements or _SETTING.sub("", body).strip():
            continue  # anything else is taken out to a file when the page is written
        settings.update((key, _value(literal)) for key, literal in statements)
        priority = script.priority if priority is None else min(priority, script.priority)
        scripts.remove(script)
        removed = script
    if settings:
        # an asset of the same class as the theme's (Sphinx's own, not public API)
        scripts.append(type(removed)(f"_static/{OPTIONS_SCRIPT}", priority=priority or 500,
                                     **{"data-options": json.dumps(settings, sort_keys=True)}))
    if TomConfig.from_sphinx(app.config).csp_meta:
        meta = ('<meta http-equiv="Content-Security-Policy" '
                f'content="{CONTENT_SECURITY_POLICY_META}" />')
        context["metatags"] = context.get("metatags", "") + "\n" + meta


def _value(literal: str) -> Any:
    if literal.startswith("'"):
        return literal[1:-1]
    if literal in ("true", "false"):
        return literal == "true"
    return int(literal)


def take_scripts_out_of_templates(app: Sphinx) -> None:
    """``builder-inited``: every page the HTML builder renders has its template's inline
    scripts saved as files; the page's own content is set aside meanwhile."""
    templates = getattr(app.builder, "templates", None)
    if templates is None or app.builder.format != "html":
        return
    render = templates.render
    outdir = Path(app.outdir)

    def render_without_inline_script(template: str, context: dict[str, Any]) -> str:
        body = context.get("body")
        marker = ""
        if isinstance(body, str) and body:
            marker = f"<!-- tom-body-{hashlib.sha256(body.encode()).hexdigest()} -->"
            context["body"] = marker
        try:
            output = render(template, context)
        finally:
            if marker:
                context["body"] = body
        pathto = context.get("pathto")
        url_of = (lambda name: pathto(name, 1)) if callable(pathto) else (lambda name: name)
        output = externalise(output, _saver(outdir, url_of))
        return output.replace(marker, str(body)) if marker else output

    templates.render = render_without_inline_script


def permalink_page(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: sphinx-needs' ``permalink.html`` (its own template, at the site
    root) without inline script too."""
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / Path(getattr(app.config, "needs_permalink_file",
                                           "permalink.html")).name
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        new = externalise(text, _saver(Path(app.outdir), lambda name: name))
        if new != text:
            path.write_text(new, encoding="utf-8")


def setup_csp(app: Sphinx) -> None:
    app.connect("html-page-context", settings_as_data, priority=900)
    app.connect("builder-inited", take_scripts_out_of_templates)
    app.connect("build-finished", permalink_page)

"""HTML and URLs an author may not publish: script, event handlers, foreign tags (no Sphinx).

Used twice: by the page scanner, which tells the author file, line and fix, and by the
build, which keeps any such HTML out of the pages even when a build is published with
warnings (``tom build --no-strict``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from tom_ext.core.config import DEFAULT_ALLOWED, NEVER_ALLOWED

#: URL schemes that run script or smuggle a document inside the URL
BAD_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "data"})

#: attributes whose value a browser loads or follows as a URL
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "srcset", "lowsrc", "dynsrc", "cite", "longdesc", "ping", "codebase", "usemap",
    "manifest", "icon", "archive", "classid", "profile",
})

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
_EVENT_ATTRIBUTE = re.compile(r"(?:^|[\s/\"'])(on[a-z]+)\s*=", re.I)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')]*)", re.I)
_STYLE_SCRIPT = ("expression(", "behavior:", "-moz-binding", "javascript:", "vbscript:")

_NEVER_WHY = {
    "script": "scripts come from the site's theme, never from a page",
    "style": "the site's look comes from its stylesheet, never from a page",
}


def url_scheme(url: str) -> str:
    """The scheme a browser would see in ``url``, lower case ('' if none), after undoing
    what hides one: HTML entities (also doubly encoded), percent-encoding, and the tabs,
    newlines and control characters browsers drop."""
    text = url
    for _ in range(3):
        text = html.unescape(text)
    text = unquote(text)
    text = "".join(ch for ch in text if ch > " " and ch != "\x7f")
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


def bad_scheme(url: str) -> str | None:
    """``javascript``, ``data`` … when ``url`` uses a scheme a page may not link to."""
    scheme = url_scheme(url)
    return scheme if scheme in BAD_SCHEMES else None


def unsafe_style(style: str) -> bool:
    """Whether a ``style`` attribute can run script or load from a script URL."""
    text = _CSS_ESCAPE.sub(lambda m: _chr(m.group(1)), html.unescape(style))
    text = _CSS_COMMENT.sub("", text).replace("\\", "")
    squeezed = "".join(text.split()).lower()
    if any(word in squeezed for word in _STYLE_SCRIPT):
        return True
    return any(bad_scheme(m.group(1)) for m in _CSS_URL.finditer(text))


def _chr(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if 0 < code <= 0x10FFFF else ""


@dataclass(frozen=True, slots=True)
class HtmlProblem:
    line: int
    """0-based line within the HTML given."""
    message: str


@dataclass(frozen=True, slots=True)
class _Tag:
    line: int
    name: str
    attrs: tuple[tuple[str, str], ...]
    text: str


class _Tags(HTMLParser):
    """Every opening tag with its attributes (entities decoded) and 0-based line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[_Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(_Tag(self.getpos()[0] - 1, tag,
                              tuple((k, v or "") for k, v in attrs),
                              self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag


def _tags(fragment: str) -> list[_Tag] | None:
    parser = _Tags()
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError, IndexError):
        return None  # markup even a browser would guess at: reported by the caller
    return parser.tags


def check_html(fragment: str, allowed: Collection[str] = DEFAULT_ALLOWED
               ) -> list[HtmlProblem]:
    """What in an HTML fragment a page may not publish, each with how to fix it."""
    tags = _tags(fragment)
    if tags is None:
        return [HtmlProblem(0, "HTML the check cannot read is not allowed — write it in "
                               "Markdown instead")]
    found: list[HtmlProblem] = []
    for tag in tags:
        found.extend(_tag_problems(tag, allowed))
    unique = dict.fromkeys(found)
    return list(unique)


def _tag_problems(tag: _Tag, allowed: Collection[str]) -> Iterator[HtmlProblem]:
    if tag.name in NEVER_ALLOWED:
        why = _NEVER_WHY.get(tag.name, "it can run script or load content from elsewhere")
        yield HtmlProblem(tag.line, f"<{tag.name}> is never allowed in a page ({why}) — "
                                    "remove it; link to other content instead of embedding it")
        return
    if tag.name not in allowed:
        listed = ", ".join(f"<{name}>" for name in sorted(allowed)) or "none"
        yield HtmlProblem(tag.line, f"raw HTML <{tag.name}> is not allowed — write it in "
                                    f"Markdown instead (HTML tags allowed here: {listed}; "
                                    "tom_html_allowed in conf.py)")
        return
    yield from _attribute_problems(tag)


def _attribute_problems(tag: _Tag) -> Iterator[HtmlProblem]:
    names = {name for name, _value in tag.attrs}
    names.update(m.group(1).lower() for m in _EVENT_ATTRIBUTE.finditer(tag.text))
    for name in sorted(n for n in names if n.startswith("on")):
        yield HtmlProblem(tag.line, f"the {name}= attribute of <{tag.name}> runs script and "
                                    "is never allowed — remove the attribute")
    for name, value in tag.attrs:
        scheme = bad_scheme(value) if name in URL_ATTRIBUTES or name.endswith(":href") else None
        if scheme:
            yield HtmlProblem(tag.line, f"the {name}= attribute of <{tag.name}> is a "
                                        f"{scheme}: URL, which is never allowed — link to a "
                                        "page of the site or an https:// address instead")
        elif name == "style" and unsafe_style(value):
            yield HtmlProblem(tag.line, f"the style= attribute of <{tag.name}> can run script "
                                        "(url(), expression() or a script URL) and is never "
                                        "allowed — remove the attribute")

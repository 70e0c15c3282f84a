"""What a page may not publish: script, foreign HTML, raw output, files from the build server
(no Sphinx).

The page is read with the markdown-it configuration MyST itself uses, so the scanner sees
the tokens the build sees: HTML blocks and inline HTML, links, images, roles and directive
fences. Directive bodies that MyST parses as Markdown are scanned in turn; ``{eval-rst}``
bodies are scanned as reStructuredText. Each problem has its line in the page and says how
to fix it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tom_ext.core.config import DEFAULT_ALLOWED
from tom_ext.core.messages import TomWarning
from tom_ext.safety.html_scan import bad_scheme, check_html, url_scheme

#: directives whose body is not Markdown: never scanned as such
LITERAL_BODY = frozenset({
    "code", "code-block", "sourcecode", "code-cell", "literalinclude", "include", "math",
    "raw", "csv-table", "eval-rst", "mermaid", "graphviz", "digraph", "graph", "plantuml",
    "uml", "needuml", "needarch", "dot",
    # entries "Title <page>", not HTML; Sphinx links only to pages and scheme:// URLs there
    "toctree",
})
#: directive -> options naming a file the build reads
FILE_OPTIONS = {"literalinclude": ("diff",), "csv-table": ("file",)}
#: directives whose argument is a file the build reads or copies into the site
FILE_ARGUMENT = frozenset({"include", "literalinclude", "image", "figure", "needimport"})
#: directive -> options that make the build fetch from the network
NETWORK_OPTIONS = {"csv-table": ("url",)}
#: how deep directives may nest before the scanner stops looking (no real page comes near)
MAX_DEPTH = 30

_OPTION = re.compile(r"^\s*:([\w.-]+):(?:\s+(.*))?$")
_YAML_OPTION = re.compile(r"^\s*([\w.-]+)\s*:\s*(.*)$")
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)
_RST_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:.-]+)::(?:\s+(.*))?$")
_RST_RAW_ROLE = re.compile(r"^\s*\.\.\s+role::\s*[\w.-]+\s*\(\s*raw\s*\)", re.I)
_RST_TARGET = re.compile(r"^\s*\.\.\s+_[^:]*:\s*(.*)$")
_RST_EMBEDDED = re.compile(r"`[^`]*?<([^<>`]+)>`__?")
_RST_DOWNLOAD = re.compile(r":download:`([^`]+)`")
_ROLE_TARGET = re.compile(r"<([^<>]+)>\s*$")


def _lenient(word: str) -> str:
    """``javascript:`` with whitespace or backslashes anywhere in it (docutils drops them
    from URIs that run over lines)."""
    return r"(?<![\w.+\-])" + r"[\s\\]*".join(re.escape(ch) for ch in word) + r"[\s\\]*:"


_RST_SCRIPT_URL = re.compile("|".join(_lenient(w) for w in ("javascript", "vbscript",
                                                              "livescript")), re.I)


@dataclass(frozen=True, slots=True)
class Issue:
    line: int
    """1-based line in the page."""
    subtype: TomWarning
    message: str


@dataclass(frozen=True)
class Files:
    """Where a page stands, to tell whether a path it names leaves the site's folders."""

    srcdir: Path
    """The source folder: Sphinx reads ``/x`` in a page as ``<srcdir>/x``."""
    folder: str = ""
    """The page's folder inside ``srcdir`` (``toms/env/lib``), as its docname has it."""
    roots: tuple[Path, ...] = ()
    """Real paths of the folders files may come from (``source/`` and ``docs/``)."""

    def resolve(self, path: str) -> Path:
        """The real path the build reads for ``path`` written in this page."""
        if path.startswith(("/", "\\")):
            joined = self.srcdir.joinpath(path.lstrip("/\\"))
        else:
            joined = self.srcdir.joinpath(self.folder, path)
        return Path(os.path.realpath(joined))

    def inside(self, path: str) -> bool:
        return is_inside(self.resolve(path), self.roots)

    def published_from_outside(self, path: str) -> bool:
        """Whether a link to ``path`` would publish a file from outside the site's folders:
        MyST turns a link to an existing file that is not a page into a download."""
        real = self.resolve(path)
        return real.is_file() and not is_inside(real, self.roots)


def is_inside(real: Path, roots: Sequence[Path]) -> bool:
    return any(real == root or real.is_relative_to(root) for root in roots)


@dataclass
class Rules:
    """What the site allows (``tom_html_allowed``) and where files may come from."""

    allowed: Collection[str] = DEFAULT_ALLOWED
    files: Files | None = None
    md: Any = None
    """A markdown-it parser as MyST configures it (:func:`parser`); made when not given."""


def parser(myst_config: Any = None) -> Any:
    """markdown-it configured as MyST configures it for the build, but keeping every link:
    markdown-it drops ``javascript:`` links as text, the scanner still wants to see them."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    md = create_md_parser(myst_config or MdParserConfig(), RendererHTML)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def scan(text: str, rules: Rules | None = None) -> list[Issue]:
    """Every problem of a MyST page, sorted by line."""
    rules = rules or Rules()
    if rules.md is None:
        rules.md = parser()
    found: list[Issue] = []
    text = _newlines(text)
    _front_matter(text, rules, found)
    _scan_markdown(text, 0, rules, found, 0)
    return sorted(dict.fromkeys(found), key=lambda i: (i.line, i.subtype.value, i.message))


def scan_rst(text: str, rules: Rules | None = None) -> list[Issue]:
    """Every problem of a reStructuredText file or block, sorted by line."""
    found: list[Issue] = []
    _scan_rst(_newlines(text), 0, rules or Rules(), found)
    return sorted(dict.fromkeys(found), key=lambda i: (i.line, i.subtype.value, i.message))


def _newlines(text: str) -> str:
    """Line ends as Sphinx reads files (and markdown-it counts lines): ``\\n`` only."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _front_matter(text: str, rules: Rules, found: list[Issue]) -> None:
    """MyST's front matter, read as MyST reads it: ``html_meta`` may not add
    ``http-equiv`` tags (a refresh sends readers to another site), and substitutions,
    which MyST renders as Markdown, are scanned as such."""
    from myst_parser.config.main import TopmatterReadError, read_topmatter

    try:
        data = read_topmatter(text)
    except (TopmatterReadError, ValueError):
        return  # MyST reports malformed front matter itself
    if not isinstance(data, dict):
        return
    head = text.split("\n---", 1)[0].split("\n")
    settings = [data, data["myst"] if isinstance(data.get("myst"), dict) else {}]
    for source in settings:
        meta = source.get("html_meta")
        for key in meta if isinstance(meta, dict) else ():
            if any(part.lower().startswith("http-equiv=") for part in str(key).split()):
                found.append(Issue(_line_of(head, str(key)), TomWarning.UNSAFE_HTML,
                                   f"html_meta {key!r} in the front matter is not allowed: "
                                   "http-equiv tags can redirect readers or change how the "
                                   "page loads — remove it"))
        substitutions = source.get("substitutions")
        for key, value in (substitutions.items() if isinstance(substitutions, dict) else ()):
            if isinstance(value, str):
                _scan_markdown(value, _line_of(head, str(key)) - 1, rules, found, MAX_DEPTH)


def _line_of(lines: Sequence[str], word: str) -> int:
    return next((i + 1 for i, line in enumerate(lines) if word in line), 1)


def _scan_markdown(text: str, offset: int, rules: Rules, found: list[Issue],
                   depth: int) -> None:
    env: dict[str, Any] = {}
    tokens = rules.md.parse(text, env)
    bad_refs: set[str] = set()
    for ref in env.get("references", {}).values():
        scheme = bad_scheme(ref.get("href", ""))
        if scheme:
            bad_refs.add(ref["href"])
            line = offset + (ref.get("map") or [0])[0] + 1
            found.append(_bad_link(line, "link", scheme))
    for token in tokens:
        line = offset + (token.map[0] if token.map else 0) + 1
        if token.type == "html_block":
            _html(token.content, line, rules, found)
        elif token.type == "inline":
            _inline(token.children or [], line, rules, found, bad_refs)
        elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
            _directive(token.info, token.content, line, rules, found, depth)


def _html(fragment: str, line: int, rules: Rules, found: list[Issue]) -> None:
    for problem in check_html(fragment, rules.allowed):
        found.append(Issue(line + problem.line, TomWarning.UNSAFE_HTML, problem.message))


def _bad_link(line: int, what: str, scheme: str) -> Issue:
    fix = ("save the image in the page's folder and show that file" if what == "image"
           else "link to a page of the site or an https:// address instead")
    where = "an image from" if what == "image" else "a link to"
    return Issue(line, TomWarning.UNSAFE_URL,
                 f"{where} a {scheme}: URL is not allowed — {fix}")


def _inline(children: Sequence[Any], line: int, rules: Rules, found: list[Issue],
            bad_refs: set[str]) -> None:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            _html(child.content, line, rules, found)
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            scheme = bad_scheme(href)
            if scheme and href not in bad_refs:
                found.append(_bad_link(line, "link", scheme))
            elif not scheme:
                _linked_file(href, line, rules, found)
        elif child.type == "image":
            _image(str(child.attrGet("src") or ""), line, rules, found)
        elif child.type == "myst_role" and child.meta.get("name") == "download":
            _file(_role_target(child.content), "download", line, rules, found)
        line += child.content.count("\n") if child.type == "html_inline" else 0


def _linked_file(href: str, line: int, rules: Rules, found: list[Issue]) -> None:
    """A link without a URL scheme (or with MyST's ``path:``/``project:``) to a file."""
    scheme = url_scheme(href)
    if rules.files is None or href.startswith("#") or scheme not in ("", "path", "project"):
        return
    path = unquote(href.split(":", 1)[1] if scheme else href).split("#", 1)[0]
    if path and rules.files.published_from_outside(path):
        found.append(Issue(line, TomWarning.OUTSIDE_FILE,
                           f"a link to {path} would publish a file from outside source/ and "
                           "docs/ as a download — link to a page of the site, or copy the "
                           "file into the page's folder and link to that"))


def _role_target(content: str) -> str:
    match = _ROLE_TARGET.search(content)
    return match.group(1) if match else content


def _image(src: str, line: int, rules: Rules, found: list[Issue]) -> None:
    scheme = bad_scheme(src)
    if scheme:
        found.append(_bad_link(line, "image", scheme))
    elif not url_scheme(src):
        _file(unquote(src), "image", line, rules, found)


def _file(path: str, what: str, line: int, rules: Rules, found: list[Issue]) -> None:
    """A file the build reads or copies: it must stay inside the site's folders."""
    path = path.strip()
    if not path or rules.files is None:
        return
    if _URL.match(path):
        if what in ("image", "figure"):
            return  # shown from its address; nothing is read on the build server
        found.append(Issue(line, TomWarning.OUTSIDE_FILE,
                           f"{what} of {path} makes the build fetch from the network — "
                           "save the file in the page's folder and name that"))
        return
    standard = path.startswith("<") and path.endswith(">")
    if standard or not rules.files.inside(path):
        found.append(Issue(line, TomWarning.OUTSIDE_FILE,
                           f"{what} of {path} reads a file outside source/ and docs/ — only "
                           "files of the site may be shown: copy the file into the page's "
                           "folder and name it from there"))


def _directive(info: str, content: str, line: int, rules: Rules, found: list[Issue],
               depth: int) -> None:
    """A MyST directive fence at ``line``: its own checks, then its body."""
    name, _, argument = info[1:].partition("}")
    name, argument = name.strip().lower(), argument.strip()
    options, body_index = _directive_options(content)
    body_line = line + 1 + body_index
    if name == "raw":
        found.append(_raw(line, "the {raw} directive"))
    elif name == "eval-rst":
        _scan_rst(content, line, rules, found)
        return
    _directive_files(name, argument, options, line, rules, found)
    if name in LITERAL_BODY or depth >= MAX_DEPTH:
        return
    body = "\n".join(content.split("\n")[body_index:])
    if body.strip():
        _scan_markdown(body, body_line - 1, rules, found, depth + 1)


def _directive_files(name: str, argument: str, options: dict[str, tuple[int, str]],
                     line: int, rules: Rules, found: list[Issue]) -> None:
    if name in FILE_ARGUMENT and argument:
        if name in ("image", "figure"):
            _image(argument, line, rules, found)
        else:
            _file(argument, name, line, rules, found)
    for option in FILE_OPTIONS.get(name, ()):
        if option in options:
            at, value = options[option]
            _file(value, f"{name} :{option}:", line + 1 + at, rules, found)
    for option in NETWORK_OPTIONS.get(name, ()):
        if option in options:
            at, value = options[option]
            found.append(Issue(line + 1 + at, TomWarning.OUTSIDE_FILE,
                               f"{name} :{option}: makes the build fetch {value} from the "
                               "network — save the data in the page's folder and use :file:"))
    if "target" in options and name in ("image", "figure"):
        at, value = options["target"]
        scheme = bad_scheme(value)
        if scheme:
            found.append(_bad_link(line + 1 + at, "link", scheme))


def _raw(line: int, what: str) -> Issue:
    return Issue(line, TomWarning.RAW_DIRECTIVE,
                 f"{what} is not allowed: it publishes its content unchecked — write the "
                 "content in Markdown (tables, lists, admonitions) instead")


def _directive_options(content: str) -> tuple[dict[str, tuple[int, str]], int]:
    """``{name: (line index in content, value)}`` and the index of the body's first line."""
    lines = content.split("\n")
    options: dict[str, tuple[int, str]] = {}
    index = 0
    if lines and lines[0].strip() == "---":
        index = 1
        while index < len(lines) and lines[index].strip() != "---":
            match = _YAML_OPTION.match(lines[index])
            if match:
                options[match.group(1).lower()] = (index, _unquote(match.group(2)))
            index += 1
        index = min(index + 1, len(lines))
    else:
        while index < len(lines) and (match := _OPTION.match(lines[index])):
            options[match.group(1).lower()] = (index, (match.group(2) or "").strip())
            index += 1
    return options, index


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _scan_rst(text: str, offset: int, rules: Rules, found: list[Issue]) -> None:
    """reStructuredText (an ``{eval-rst}`` body or an included ``.rst`` file)."""
    lines = text.split("\n")
    for index, line_text in enumerate(lines):
        line = offset + index + 1
        if _RST_RAW_ROLE.match(line_text):
            found.append(_raw(line, "a role made from the raw role"))
            continue
        directive = _RST_DIRECTIVE.match(line_text)
        if directive:
            _rst_directive(directive, lines, index, offset, rules, found)
            continue
        target = _RST_TARGET.match(line_text)
        if target:
            uri = "".join([target.group(1), *_continuation(lines, index)]).replace("\\", "")
            scheme = bad_scheme("".join(uri.split()))
            if scheme:
                found.append(_bad_link(line, "link", scheme))
    for match in _RST_EMBEDDED.finditer(text):
        uri = "".join(match.group(1).split()).replace("\\", "")
        scheme = bad_scheme(uri)
        if scheme:
            found.append(_bad_link(offset + text.count("\n", 0, match.start(1)) + 1, "link",
                                   scheme))
    for match in _RST_SCRIPT_URL.finditer(text):
        scheme = "".join(ch for ch in match.group(0) if ch.isalpha()).lower()
        found.append(_bad_link(offset + text.count("\n", 0, match.start()) + 1, "link",
                               scheme))
    for match in _RST_DOWNLOAD.finditer(text):
        _file(_role_target(match.group(1)), "download",
              offset + text.count("\n", 0, match.start()) + 1, rules, found)


def _continuation(lines: Sequence[str], index: int) -> Iterator[str]:
    """The indented lines that continue an explicit markup line."""
    for following in lines[index + 1:]:
        if not following.strip() or not following[:1].isspace():
            return
        yield following.strip()


def _rst_directive(match: re.Match[str], lines: Sequence[str], index: int, offset: int,
                   rules: Rules, found: list[Issue]) -> None:
    name, argument = match.group(2).lower(), (match.group(3) or "").strip()
    line = offset + index + 1
    if name == "raw":
        found.append(_raw(line, "the raw directive"))
        return
    options: dict[str, tuple[int, str]] = {}
    for at, following in enumerate(lines[index + 1:]):
        option = _OPTION.match(following)
        if not option or not following[:1].isspace():
            break
        options[option.group(1).lower()] = (at, (option.group(2) or "").strip())
    _directive_files(name, argument, options, line, rules, found)

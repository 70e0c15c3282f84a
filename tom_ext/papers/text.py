"""A need's body as a committee paper prints it: its Markdown as plain paragraphs, a
{need} link as the name of what it links to."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from tom_ext.core.needs import Need

_ROLE = re.compile(r"\{(\w[\w:-]*)\}`([^`]*)`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_OPTION = re.compile(r"^:[\w-]+:")


def plain_paragraphs(markdown: str, needs: Mapping[str, Need]) -> list[str]:
    """The paragraphs of ``markdown`` as plain text (fenced blocks and option lines left
    out, lines of a paragraph joined)."""
    paragraphs: list[str] = []
    current: list[str] = []
    fence = ""
    for line in markdown.splitlines():
        stripped = line.strip()
        if fence:
            fence = "" if stripped.startswith(fence) else fence
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        if not stripped or _OPTION.match(stripped) or stripped.startswith("#"):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(stripped.lstrip("-*> ").strip() if stripped[:2] in ("- ", "* ", "> ")
                       else stripped)
    if current:
        paragraphs.append(" ".join(current))
    return [inline(p, needs) for p in paragraphs]


def inline(text: str, needs: Mapping[str, Need]) -> str:
    """Roles, links and emphasis of one paragraph as the words a reader sees."""

    def role(match: re.Match[str]) -> str:
        name, target = match.groups()
        label = re.match(r"(.*?)\s*<([^>]+)>$", target)
        if label:
            return label.group(1)
        if name == "need" and target in needs:
            return needs[target].title
        return target

    text = _ROLE.sub(role, text)
    text = _LINK.sub(lambda m: m.group(1), text)
    return _EMPHASIS.sub(lambda m: m.group(2), text)


def flowing(paragraphs: Sequence[str]) -> list[str]:
    """Paragraphs as a page's text gives them, each on one line: the line breaks of the
    Markdown source are not the paper's."""
    return [" ".join(p.split()) for p in paragraphs if p.strip()]

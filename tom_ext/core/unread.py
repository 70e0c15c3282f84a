"""Blocks written in a syntax the site does not read: a ``:::{action}`` colon fence (MyST
reads it only with its ``colon_fence`` extension) or a reStructuredText ``.. action::`` in
a Markdown page. Each is published as a paragraph of plain text and the need in it is
lost without a word, so the paragraph's first line is judged here."""

from __future__ import annotations

import re

_COLON_FENCE = re.compile(r"^(:{3,})\s*\{([\w:.-]+)\}")
_RST_DIRECTIVE = re.compile(r"^\.\.\s+([\w:.-]+)::")


def unread_block(first_line: str) -> str | None:
    """What is wrong with a paragraph that begins ``first_line``, when it is a block
    written in a syntax the page is not read with; None for ordinary text."""
    colon = _COLON_FENCE.match(first_line)
    if colon:
        fence, name = colon.groups()
        return (f"'{fence}{{{name}}}' is not read as a block: this site writes blocks "
                f"between lines of backticks, so it is published as plain text — write "
                f"```{{{name}}} on its first line and ``` on its last")
    rst = _RST_DIRECTIVE.match(first_line)
    if rst:
        name = rst.group(1)
        return (f"'.. {name}::' is reStructuredText, which a Markdown page does not read, "
                f"so it is published as plain text — write ```{{{name}}} on its first "
                "line, its options below it, and ``` on its last")
    return None

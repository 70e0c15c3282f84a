"""How a need directive was written, read from its text: the line of each option, and the
slips a parser passes over in silence (an option given twice, options after a blank line,
characters pasted from a word processor, a closing fence that is missing)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

OPTION = re.compile(r"^\s*:([A-Za-z_][\w-]*):(?:\s+(.*))?$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*)$")

#: invisible characters that word processors paste: never wanted in a page's markup
INVISIBLE = {"\u00a0": "a no-break space", "\u202f": "a narrow no-break space",
             "\u200b": "a zero-width space", "\u200c": "a zero-width non-joiner",
             "\u200d": "a zero-width joiner", "\ufeff": "a zero-width no-break space",
             "\u2060": "a word joiner", "\t": "a tab"}
#: typographic characters that break an ID, a date or a key word where they stand in
TYPOGRAPHIC = {"\u2013": "an en dash (–)", "\u2014": "an em dash (—)",
               "\u2212": "a minus sign (−)", "\u2018": "a curly quote (‘)",
               "\u2019": "a curly quote (’)", "\u201c": "a curly quote (“)",
               "\u201d": "a curly quote (”)"}
#: options whose value is an ID, a date or a word from a list: no typographic characters
PLAIN_VALUES = frozenset({"id", "due", "review_by", "date", "status", "stage",
                          "classification", "applicable", "layer_key", "plan_kind", "scope",
                          "supports", "themes", "part_of", "guided_by", "aligns", "embodies",
                          "approved_by", "delivers", "informed_by", "leads", "saving", "fte"})


@dataclass(frozen=True, slots=True)
class Written:
    """What the text of one need directive shows (lines are the page's)."""

    option_lines: dict[str, int]
    """Each option's first line."""
    repeated: tuple[tuple[int, str, int], ...] = ()
    """``(line, option, line it was first given on)`` of each option given again."""
    body_options: tuple[tuple[int, str], ...] = ()
    """``(line, text)`` of ``:name: value`` lines a blank line turned into body text."""
    pasted: tuple[tuple[int, str], ...] = ()
    """``(line, what)``: a pasted character, and where on the line it stands."""
    unclosed: tuple[int, str] | None = None
    """``(line, what)`` of the first thing that only a missing closing fence puts inside
    the directive: another need, or a heading."""


def read_block(block_text: str, lineno: int, need_types: Collection[str]) -> Written:
    """Read the text of a need directive whose fence line is ``lineno``."""
    lines = block_text.splitlines()
    option_lines: dict[str, int] = {}
    repeated = []
    pasted = []
    index = 1
    while index < len(lines) and OPTION.match(lines[index]):
        line = lineno + index
        name = OPTION.match(lines[index]).group(1)  # type: ignore[union-attr]
        if name in option_lines:
            repeated.append((line, name, option_lines[name]))
        else:
            option_lines[name] = line
        pasted += [(line, what) for what in _pasted(lines[index], name)]
        index += 1
    return Written(option_lines, tuple(repeated), _after_blank(lines, index, lineno),
                   tuple(pasted), _unclosed(lines, index, lineno, need_types))


def _pasted(text: str, name: str) -> list[str]:
    """What is pasted into one option line, in words."""
    found = []
    key, _, value = text.strip().partition(f":{name}:")
    for char, words in INVISIBLE.items():
        if char in key:
            found.append(f"{words} before ':{name}:'")
        if char in value[:1] or (char in value and char != "\u00a0"):
            found.append(f"{words} in ':{name}:'" if value[:1] != char else
                         f"{words} after ':{name}:'")
    if name in PLAIN_VALUES:
        found += [f"{words} in the value of ':{name}:'"
                  for char, words in TYPOGRAPHIC.items() if char in value]
    return found


def _after_blank(lines: list[str], index: int, lineno: int) -> tuple[tuple[int, str], ...]:
    if index >= len(lines) or lines[index].strip():
        return ()
    while index < len(lines) and not lines[index].strip():
        index += 1
    found = []
    while index < len(lines) and OPTION.match(lines[index]):
        found.append((lineno + index, lines[index].strip()))
        index += 1
    return tuple(found)


def _unclosed(lines: list[str], start: int, lineno: int,
              need_types: Collection[str]) -> tuple[int, str] | None:
    """The first need fence or heading in the body: where the closing fence belongs."""
    fence = re.compile(r"^\s*(`{3,}|:{3,})\{(" + "|".join(map(re.escape, need_types))
                       + r")\}\s*(.*)$")
    inner = ""  # a fence of another directive inside the body, while it is open
    for index in range(start, len(lines)):
        text = lines[index]
        found = fence.match(text)
        if found and not inner:
            title = found.group(3).strip()
            return lineno + index, f"the {found.group(2)} '{title}'" if title else (
                f"a {found.group(2)}")
        heading = _HEADING.match(text)
        if heading and not inner:
            return lineno + index, f"the heading '{heading.group(1)} {heading.group(2)}'"
        opened = re.match(r"^\s*(`{3,}|~{3,}|:{3,})", text)
        if opened:
            mark = opened.group(1)
            if not inner:
                inner = mark
            elif text.strip() == inner[0] * len(inner):
                inner = ""
    return None


def describe(char: str) -> str:
    """A character's name as a reader knows it: "a no-break space", "U+00AD SOFT HYPHEN"."""
    if char in INVISIBLE:
        return INVISIBLE[char]
    if char in TYPOGRAPHIC:
        return TYPOGRAPHIC[char]
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED')}"

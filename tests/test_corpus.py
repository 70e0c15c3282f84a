"""A generated corpus of broken pages: every kind of mistake an author makes in a page,
several to a file, checked in one run. The gate finds each one, once, at its line, in every
format; and the build finds nothing the check does not."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest

from tom_ext.cli import main as cli

pytestmark = pytest.mark.slow

LAYERS = ("customers", "channels", "services", "organisation", "processes", "information",
          "technology", "physical-location", "people")


@dataclass(frozen=True)
class Mistake:
    """One edit of a layer page of the basic fixture, and what the check must say."""

    kind: str
    first: bool
    """On the page's first action (else its second)."""
    old: str
    new: str


MISTAKES = (
    Mistake("tom.repeated_option", True, ":status: on-track\n",
            ":status: on-track\n:status: complete\n"),
    Mistake("tom.owner_role", False, ":owner: Libraries Manager", ":owner: TBC"),
    Mistake("tom.pasted_character", True, ":due: 2026-03-31", ":due: 2026\u201303\u201331"),
    Mistake("tom.unknown_option", False, ":supports: PRI_02", ":support: PRI_02"),
    Mistake("tom.unknown_link", True, ":supports: STR_IT", ":supports: str_it"),
    Mistake("tom.bad_value", False, ":status: not-started", ":status: amber"),
    Mistake("tom.bad_date", True, ":due: 2026-03-31", ":due: 31/03/2026"),
    Mistake("tom.options_in_body", False, ":owner: Libraries Manager\n",
            "\n:owner: Libraries Manager\n"),
)
#: mistakes that are a page's own, not an action's
PAGE_MISTAKES = (
    ("tom.image_alt", "\n![](chart.png)\n"),
    ("tom.unknown_link", "\nSee {need}`ACT_LIB_XYZ_01`.\n"),
    ("tom.heading_level", "\n#### In detail\n\nMore words.\n"),
    ("tom.unknown_markup", "\n```{acton} A new action\n:id: ACT_LIB_XYZ_02\n```\n"),
    ("tom.unknown_markup", "\nSee {nede}`ACT_LIB_TEC_01`.\n"),
    ("tom.broken_link", "\nAs the board agreed[^board].\n"),
    ("tom.broken_link", "\n![The floor plan](plan.png)\n"),
    ("tom.duplicate_id", "\n(the-plan)=\n### The plan\n\n(the-plan)=\n### The plan again\n"),
)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def _edit_action(text: str, first: bool, old: str, new: str) -> str:
    starts = [m.start() for m in re.finditer(r"```\{action\}", text)]
    start = starts[0 if first else 1]
    end = text.index("\n```\n", start)
    block = text[start:end + 1]
    assert old in block, (old, block)
    return text[:start] + block.replace(old, new, 1) + text[end + 1:]


def plant(root) -> list[tuple[str, str]]:
    """Two mistakes on each layer page (one per action) and one of the page's own;
    ``(file, type)`` of each mistake planted."""
    planted = []
    (root / "source/toms/env/lib/chart.png").write_bytes(PNG)
    for index, layer in enumerate(LAYERS):
        path = f"source/toms/env/lib/{layer}.md"
        page = root / path
        text = page.read_text()
        for mistake in (MISTAKES[(2 * index) % len(MISTAKES)],
                        MISTAKES[(2 * index + 1) % len(MISTAKES)]):
            text = _edit_action(text, mistake.first, mistake.old, mistake.new)
            planted.append((path, mistake.kind))
        kind, added = PAGE_MISTAKES[index % len(PAGE_MISTAKES)]
        text += added
        planted.append((path, kind))
        page.write_text(text)
    return planted


def _check(root, fmt, capsys):
    code = cli.main(["-C", str(root), "check", "--format", fmt])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.out + captured.err
    return captured.out


def test_every_planted_mistake_is_found_once_in_every_format(project, capsys):
    root = project("basic")
    planted = plant(root)
    assert len(planted) == 3 * len(LAYERS)
    text = _check(root, "text", capsys).splitlines()[:-1]
    found = [(line.split(":", 1)[0], re.search(r"\[(tom\.\w+)\]$", line).group(1))
             for line in text]
    assert sorted(found) == sorted(planted)  # each once: as many messages as mistakes
    problems = json.loads(_check(root, "json", capsys))
    errors = [(p["path"], p["type"]) for p in problems if p["severity"] == "error"]
    assert sorted(errors) == sorted(planted)
    gitlab = json.loads(_check(root, "gitlab", capsys))
    assert sorted((p["location"]["path"], p["check_name"]) for p in gitlab
                  if p["severity"] == "major") == sorted(planted)
    github = [line for line in _check(root, "github", capsys).splitlines()
              if line.startswith("::error ")]
    assert len(github) == len(planted)


def test_the_check_finds_everything_the_build_finds_in_the_same_words(project, capsys):
    root = project("basic")
    plant(root)
    text = _check(root, "text", capsys).splitlines()[:-1]
    assert cli.main(["-C", str(root), "build", "-q"]) == 1
    captured = capsys.readouterr()
    built = [line for line in captured.err.splitlines() if ": WARNING: " in line]
    assert built and set(built) <= set(text)
    assert sorted(built) == sorted(text)

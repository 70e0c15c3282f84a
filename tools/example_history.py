"""Derive the example council's 2023–2025 refresh from today's site, so that a clone has an
earlier refresh in its history to archive, switch to and compare with (issue 18).

Run once, in a separate worktree of the commit to derive from, then commit the result there:

    git worktree add /tmp/refresh-2023 HEAD
    python tools/example_history.py /tmp/refresh-2023

What it changes, deterministically (a hash of each ID decides, so a rerun gives the same
files): the four TOMs that are new in the 2025 refresh are left out; every other TOM is
approved in September 2023 for 2023–2028; about one action in seven of each layer is left
out (added since), some layers get a completed or dropped action of their own (closed
since), some carried-over actions had an earlier due date (slipped since) or supported
one strategy fewer (newly supported since), and some layers had a different target model
(rewritten since). The decisions are 2023's, and the "changes since the board" page
compares with the September 2024 board, whose needs.json is made from the derived site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path

#: TOMs written for the first time in the 2025 refresh
NEW_IN_2025 = ("building-control", "parking", "regulatory-services", "transport-fleet")
APPROVED = "2023-09-18"
REPLACED = dt.date(2025, 9, 15)
ACTION = re.compile(r"```\{action\} (?P<title>[^\n]*)\n(?P<options>(?::[a-z_]+:[^\n]*\n)+)"
                    r"(?P<body>.*?)```\n\n?", re.S)
OPTION = re.compile(r"^:(?P<name>[a-z_]+): ?(?P<value>.*)$", re.M)

#: an action of 2023's plan that the 2025 refresh no longer carries, by layer
CLOSED = {
    "customers": ("Survey residents' satisfaction with the service and publish the results",
                  "complete", "The survey ran in spring 2024; results are on the website."),
    "channels": ("Move the service's paper forms onto the council's online forms platform",
                 "complete", "All twelve forms went online by March 2025."),
    "services": ("Review the service's fees and charges against neighbouring boroughs",
                 "complete", "New charges were approved in the 2024/25 budget."),
    "organisation": ("Merge the two team leader posts into one service manager post",
                     "complete", "The new structure took effect in October 2024."),
    "processes": ("Map the service's main processes and remove duplicate steps", "complete",
                  "Eleven processes mapped; the changes are carried into the 2025 TOM."),
    "information": ("Complete the service's entries in the information asset register",
                    "complete", ""),
    "technology": ("Upgrade the service's main system to the supplier's supported version",
                   "off-track", "Stopped in 2025: the system is being replaced instead."),
    "physical-location": ("Pilot shared desks for the team at the Civic Centre",
                          "complete", "Piloted from January 2024 and made permanent."),
    "people": ("Complete a skills audit of every post in the service", "complete", ""),
}


def pick(key: str, salt: str, every: int) -> bool:
    """Whether ``key`` is one of about 1 in ``every`` (the same answer on every run)."""
    digest = hashlib.sha256(f"{salt}:{key}".encode()).hexdigest()
    return int(digest, 16) % every == 0


def months_earlier(iso: str, months: int) -> str:
    day = dt.date.fromisoformat(iso)
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, 28)).isoformat()


def options_of(block: re.Match[str]) -> dict[str, str]:
    return {m["name"]: m["value"] for m in OPTION.finditer(block["options"])}


def action_block(title: str, options: dict[str, str], body: str) -> str:
    lines = "".join(f":{name}: {value}\n" for name, value in options.items())
    return f"```{{action}} {title}\n{lines}{body}```\n\n"


def old_status(status: str, due: str, key: str) -> str:
    """What an action said in September 2025, from what it says now."""
    if status == "complete":
        return "complete" if due < REPLACED.isoformat() else "on-track"
    if status == "off-track":
        return "at-risk"
    if status == "at-risk":
        return "on-track" if pick(key, "risk", 2) else "at-risk"
    if status == "on-track" and due > "2027-01-01" and pick(key, "start", 3):
        return "not-started"
    return status


def carried(block: re.Match[str], strategies: set[str]) -> str:
    """An action kept from 2023: maybe an earlier due date, maybe one strategy fewer."""
    options = options_of(block)
    key = options["id"]
    due = options["due"]
    if pick(key, "slip", 4) and due > "2025-12-31":
        options["due"] = months_earlier(due, 3 + int(hashlib.sha256(key.encode())
                                                   .hexdigest(), 16) % 10)
    options["status"] = old_status(options["status"], options["due"], key)
    supports = [s.strip() for s in options["supports"].split(",")]
    dropped = [s for s in supports if s in strategies]
    if len(supports) > 1 and dropped and pick(key, "supports", 5):
        supports.remove(dropped[-1])
        options["supports"] = ", ".join(supports)
    ending = block.group(0)[block.group(0).rindex("```") + 3:]
    return action_block(block["title"], options, block["body"])[:-2] + ending


def closed_action(layer_key: str, layer_id: str, sibling: dict[str, str]) -> str:
    title, status, body = CLOSED[layer_key]
    options = {"id": layer_id.replace("LYR_", "ACT_", 1) + "_90",
               "owner": sibling["owner"], "due": "2024-09-30" if status == "complete"
               else "2025-03-31", "status": status, "supports": sibling["supports"]}
    return action_block(title, options, f"\n{body}\n" if body else "")


def derive_layer(text: str, strategies: set[str]) -> str:
    """A layer page as the 2023 refresh wrote it."""
    layer = re.search(r"```\{layer\}[^\n]*\n:id: (LYR_\w+)", text)
    blocks = list(ACTION.finditer(text))
    if layer is None or not blocks:
        return text
    layer_id = layer.group(1)
    added = {b["title"] for b in blocks if pick(options_of(b)["id"], "added", 7)}
    if len(blocks) - len(added) < 2:
        added = set()
    out, done = [], 0
    for block in blocks:
        out.append(text[done:block.start()])
        if block["title"] not in added:
            out.append(carried(block, strategies))
        done = block.end()
    return _rewrite_target("".join(out) + text[done:], layer_id)


def _rewrite_target(text: str, layer_id: str) -> str:
    """About one layer in three aimed at a different target in 2023."""
    if not pick(layer_id, "target", 3):
        return text
    match = re.search(r"(## Target operating model\n\n)(.*?)(\n## )", text, re.S)
    if match is None:
        return text
    paragraphs = match.group(2).strip("\n").split("\n\n")
    first = paragraphs[0].replace("2030", "2028")
    kept = [first, *paragraphs[1:-1]] if len(paragraphs) > 2 else [first, *paragraphs[1:]]
    return (text[:match.start(2)] + "\n\n".join(kept) + "\n" + text[match.end(2):])


def add_closed(text: str, layer_key: str) -> str:
    layer = re.search(r":id: (LYR_\w+)", text)
    blocks = list(ACTION.finditer(text))
    if layer is None or not blocks or layer_key not in CLOSED or not pick(
            layer.group(1), "closed", 3):
        return text
    last = blocks[-1]
    extra = closed_action(layer_key, layer.group(1), options_of(last))
    rest = text[last.end():]
    gap = "" if last.group(0).endswith("\n\n") else "\n"
    return text[:last.end()] + gap + (extra if rest else extra.rstrip("\n") + "\n") + rest


def derive_tom(text: str) -> str:
    text = re.sub(r"TOM 2025–2030", "TOM 2023–2028", text)
    text = text.replace(":horizon: 2025-2030", ":horizon: 2023-2028")
    text = text.replace(":refresh: 2025-2027", ":refresh: 2023-2025")
    text = re.sub(r":stage: [a-z-]+", ":stage: approved", text)
    text = re.sub(r":review_by: [0-9-]+", ":review_by: 2025-09-30", text)
    text = re.sub(r":approved_by: \w+\n", "", text)
    text = text.replace(":stage: approved\n", ":stage: approved\n:approved_by: "
                        "DEC_2023_CABINET\n", 1)
    return re.sub(r"\bBy 2030\b", "By 2028", text)


DECISIONS = """# Decisions

```{decision} Overview and Scrutiny Commission review of the draft TOMs
:id: DEC_2023_SCRUTINY
:meeting: Overview and Scrutiny Commission
:date: 2023-06-27
:item: 5
:resolution: To comment on the second drafts of the 2023-2028 TOMs

The Commission asked that each TOM show its savings by year and name an owner for every
action.
```

```{decision} Cabinet approval of the Target Operating Models 2023–2028
:id: DEC_2023_CABINET
:meeting: Cabinet
:date: 2023-09-18
:item: 7
:resolution: To approve the final TOMs for 2023-2028 and the design principles

Cabinet approved the final TOMs and asked the Improvement Board to report progress on
the action plans every six months.
```
"""

CHANGES = """# Changes since the September 2024 board

What moved in the TOMs since the Improvement Board last met on 16 September 2024: first
the actions whose status worsened or whose due date slipped, then every change by
department, TOM and layer, then the layers whose coverage changed. The comparison is with
the site's data as it was published for that meeting
(`source/_baselines/2024-09-board.json`), and it is redone at every publication.

```{tom-changes}
```
"""


def derive(root: Path) -> None:
    """Turn the site in ``root`` (conf.py, source/) into its 2023–2025 refresh."""
    source = root / "source"
    strategies = {m.group(1) for path in (source / "strategies").glob("*.md")
                  for m in re.finditer(r":id: (STR_\w+)", path.read_text(encoding="utf-8"))}
    for name in NEW_IN_2025:
        shutil.rmtree(source / "toms" / "environment-regeneration" / name)
    _edit(source / "toms/environment-regeneration/index.md",
          lambda t: t.replace("Ten TOMs", "Six TOMs"))
    for index in sorted((source / "toms").glob("*/*/index.md")):
        _edit(index, derive_tom)
        for page in sorted(index.parent.glob("*.md")):
            if page.name != "index.md":
                _edit(page, lambda t, key=page.stem: add_closed(
                    derive_layer(t, strategies), key))
    (source / "decisions.md").write_text(DECISIONS, encoding="utf-8")
    (source / "changes.md").write_text(CHANGES, encoding="utf-8")
    _edit(source / "index.md", lambda t: t.replace("2025–2030", "2023–2028"))
    _edit(source / "workforce-reductions.md", lambda t: t.replace("2027/28", "2024/25")
          .replace("12 January 2027", "13 January 2024"))
    _edit(root / "conf.py", _derive_conf)
    (source / "_baselines" / "2026-09-board.json").unlink()
    _edit(source / "_baselines" / "README.md", lambda t: t.replace(
        "2026-09-board", "2024-09-board").replace("14 September 2026", "16 September 2024"))


def _derive_conf(text: str) -> str:
    text = re.sub(r"\n# [^\n]*\n(# [^\n]*\n)*tom_versions = \{.*?\n\}\n", "\n", text,
                  flags=re.S)
    text = text.replace("2026-09-board", "2024-09-board")
    return text.replace("September 2026 board", "September 2024 board")


def _edit(path: Path, change: object) -> None:
    text = path.read_text(encoding="utf-8")
    new = change(text)  # type: ignore[operator]
    if new != text:
        path.write_text(new, encoding="utf-8")


def board_baseline(root: Path) -> None:
    """The needs.json published for the board of 16 September 2024: the derived site's,
    with a few actions set back to what they said then."""
    from tom_ext.changes import snapshot
    from tom_ext.sphinx_ext.run import read_needs

    with tempfile.TemporaryDirectory() as tmp:
        read_needs(root, Path(tmp), "the 2023–2025 refresh")
        data = snapshot.compact(json.loads((Path(tmp) / "needs.json").read_text("utf-8")))
    needs = data["versions"][data["current_version"]]["needs"]
    actions = sorted(i for i, n in needs.items() if n["type"] == "action")
    for need_id in actions:
        need = needs[need_id]
        if need["status"] in ("at-risk", "off-track") and pick(need_id, "board", 4):
            need["status"] = "on-track"
        elif need["due"] > "2025-06-30" and pick(need_id, "board-due", 9):
            need["due"] = months_earlier(need["due"], 2)
    for need_id in [i for i in actions if pick(i, "board-new", 40)][:3]:
        del needs[need_id]
    data["versions"][data["current_version"]]["needs_amount"] = len(needs)
    data.pop("created", None)
    snapshot.write_json(root / "source" / "_baselines" / "2024-09-board.json", data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the site to turn into its 2023 refresh")
    args = parser.parse_args()
    derive(args.root)
    board_baseline(args.root)


if __name__ == "__main__":
    main()

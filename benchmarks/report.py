"""benchmarks/results.json (every figure measured, by part and size) → benchmarks/RESULTS.md.

RESULTS.md is written by hand around generated blocks (``<!-- begin NAME -->`` …
``<!-- end NAME -->``); a run replaces only the blocks it measured, so running one size
keeps the figures of the others, and the analysis written by hand stays.
"""

from __future__ import annotations

import json
import os
import platform
import re
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS_MD = HERE / "RESULTS.md"
RESULTS_JSON = HERE / "results.json"

#: (ratio name in scale.summary, target, how the target is read)
TARGETS = (
    # issue 20: rebuilds and checks against the floor's
    ("tom change / floor change", 2.0, "rebuild after one action's status changed, against "
     "the floor's rebuild of the same edit"),
    ("tom no-change / floor no-change", 1.5, "rebuild with nothing changed, against the "
     "floor's"),
    ("tom check after a change / floor change", 2.0, "`tom check` after a one-line change, "
     "against the floor's rebuild of that page"),
    ("tom check fresh / floor-nav full", 0.5, "`tom check -E` against the floor with "
     "tom_ext's navigation (the reading-only floor)"),
    # issues 7 and 14: the full build and its memory
    ("tom full / floor full", 1.25, "full `tom build`, every view on"),
    ("tom change / tom full", 0.10, "rebuild after one action's status changed"),
    ("tom no-change / tom full", 0.05, "rebuild with nothing changed"),
    ("tom check fresh -j 1 / floor-nav full", None, "`tom check -E -j 1`: reading in one "
     "process, as the floor does, for reference (the default reads with one per core)"),
    ("tom check fresh / tom full", 0.20, "`tom check -E` (fresh, as CI runs it)"),
    ("tom check after a change / tom full", None, "`tom check` after a one-line change"),
    ("tom memory / floor memory", 1.5, "peak memory of the full build"),
    ("tom -j 2 / tom -j 1", 1.0, "full build with `-j 2`"),
    ("stock full / floor full", None, "stock sphinx-needs, for reference"),
    ("tom full / floor-nav full", None,
     "against the floor with tom_ext's section navigation, for reference"),
    ("tom memory / floor-nav memory", None, "the same, peak memory"),
)


def load() -> dict[str, Any]:
    if RESULTS_JSON.is_file():
        return dict(json.loads(RESULTS_JSON.read_text(encoding="utf-8")))
    return {}


def save(data: Mapping[str, Any]) -> None:
    RESULTS_JSON.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n",
                            encoding="utf-8")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()}, Python "
            f"{platform.python_version()}, Sphinx {version('sphinx')}, sphinx-needs "
            f"{version('sphinx-needs')}, myst-parser {version('myst-parser')}, "
            f"pydata-sphinx-theme {version('pydata-sphinx-theme')}")


def _mark(value: float | None, target: float | None) -> str:
    if value is None:
        return "—"  # not measured at that size (an older run)
    if target is None:
        return f"{value:.2f}"
    return f"{value:.2f} {'✓' if value <= target else '✗'}"


def scale_block(sizes: Mapping[str, Mapping[str, Any]]) -> str:
    ordered = [sizes[k] for k in sorted(sizes, key=int)]
    if not ordered:
        return "(not measured yet: `python -m benchmarks`)"
    head = " | ".join(f"{r['toms']} TOMs" for r in ordered)
    lines = [f"| | {head} |", "| --- |" + " ---: |" * len(ordered)]
    lines.append("| pages, actions | " + " | ".join(
        f"{r['pages']}, {r['actions']}" for r in ordered) + " |")
    lines.append("| runs (medians of), minutes | " + " | ".join(
        f"{r['runs']}, {r['minutes']:.0f}" for r in ordered) + " |")
    lines.append("| measured on | " + " | ".join(r.get("date", "") for r in ordered) + " |")
    seconds = (("full floor", "floor: full build (s)"), ("full stock", "stock: full build (s)"),
               ("full tom", "tom: full `tom build` (s)"),
               ("full tom -j 2", "tom: full build `-j 2` (s)"),
               ("full floor-nav", "floor with tom_ext's navigation: full build (s)"),
               ("change floor", "floor: rebuild after a status change (s)"),
               ("change stock", "stock: rebuild after a status change (s)"),
               ("change tom", "tom: rebuild after a status change (s)"),
               ("no-change floor", "floor: rebuild, nothing changed (s)"),
               ("no-change stock", "stock: rebuild, nothing changed (s)"),
               ("no-change tom", "tom: rebuild, nothing changed (s)"),
               ("check fresh", "`tom check -E` (s)"),
               ("check fresh -j 1", "`tom check -E -j 1` (s)"),
               ("check change", "`tom check` after a change (s)"))
    for key, label in seconds:
        lines.append(f"| {label} | " + " | ".join(
            f"{r['seconds'][key]:.1f}" if key in r["seconds"] else "—" for r in ordered)
            + " |")
    for key in ("floor", "stock", "tom", "floor-nav"):
        lines.append(f"| {key}: peak memory of the full build (MB) | " + " | ".join(
            f"{r['memory_mb'][f'full {key}']:.0f}" if f"full {key}" in r["memory_mb"]
            else "—" for r in ordered) + " |")
    lines += ["", f"| ratio (target) | {head} |", "| --- |" + " ---: |" * len(ordered)]
    for name, target, words in TARGETS:
        bound = f" (≤ {target:g})" if target is not None else ""
        lines.append(f"| {name}{bound}: {words} | " + " | ".join(
            _mark(r["ratios"].get(name), target) for r in ordered) + " |")
    for variant in ("tom", "stock", "tom-before"):
        if any(variant in r["correct"] for r in ordered):
            lines.append(f"| {variant}: after the status change | " + " | ".join(
                _correct(r, variant) for r in ordered) + " |")
    return "\n".join(lines)


def before_block(sizes: Mapping[str, Mapping[str, Any]]) -> str:
    """Golden Thread before and after the optimisations, per size measured both ways."""
    measured = [sizes[k] for k in sorted(sizes, key=int)]
    if not measured:
        return "(not measured: `python -m benchmarks --before DIR`)"
    lines = ["| TOMs | what | before (s) | after (s) | after / before | measured |",
             "| ---: | --- | ---: | ---: | ---: | --- |"]
    for result in measured:
        when = f"{result.get('date', '')}, {result.get('runs', '?')} runs, at " \
               f"{result.get('commit', '?')}"
        order = ("full", "no-change", "change", "check fresh", "check change")
        for what in sorted(result["before"], key=lambda w: order.index(w) if w in order
                           else len(order)):
            old, new = result["before"][what]
            lines.append(f"| {result['toms']} | {what} | {old:.1f} | {new:.1f} | "
                         f"{new / old:.2f} | {when} |")
    return "\n".join(lines)


def _correct(result: Mapping[str, Any], variant: str) -> str:
    found = result["correct"].get(variant)
    if not found:
        return "—"
    runs = len(found["stale"])
    stale_runs = sum(1 for s in found["stale"] if s)
    verdict = "✓ correct" if not stale_runs else f"✗ stale in {stale_runs} of {runs} runs"
    return f"{verdict}: {found['last']}"


def example_block(data: Mapping[str, Any]) -> str:
    rows = data.get("rows", [])
    return ("| what | tom build (s) | tom check (s) | check / build |\n"
            "| --- | ---: | ---: | ---: |\n" + "\n".join(rows)
            + f"\n\nMedians of {data.get('runs')} alternating runs, {data.get('date', '')}.")


def views_block(data: Mapping[str, Any]) -> str:
    return ("| copies | needs | seconds | µs per need |\n| --- | ---: | ---: | ---: |\n"
            + "\n".join(data.get("rows", [])))


def startup_block(data: Mapping[str, Any]) -> str:
    rows = data.get("rows", [])
    by = {(r["what"], r["tom_ext"]): r for r in rows}
    lines = ["| what | tom_ext | seconds | modules loaded | of them Sphinx's | this / before |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for row in rows:
        before = by.get((row["what"], "before"))
        ratio = (f"{row['seconds'] / before['seconds']:.2f}"
                 if before and row["tom_ext"] == "this" else "")
        lines.append(f"| {row['what']} | {row['tom_ext']} | {row['seconds']:.3f} | "
                     f"{row['modules']} | {row['sphinx_modules']} | {ratio} |")
    return ("\n".join(lines) + f"\n\nMedians of {data.get('runs')} alternating runs, "
            f"{data.get('date', '')}; before = {data.get('before') or 'not measured'}.")


def example_before_block(data: Mapping[str, Any]) -> str:
    return ("| what | before (s) | after (s) | after / before |\n"
            "| --- | ---: | ---: | ---: |\n" + "\n".join(data.get("rows", []))
            + f"\n\nMedians of {data.get('runs')} alternating runs, {data.get('date', '')}; "
              f"before = {data.get('before')}.")


def papers_block(data: Mapping[str, Any]) -> str:
    return ("| what | without papers (s) | with papers (s) | with − without (s) | "
            "with / without |\n| --- | ---: | ---: | ---: | ---: |\n"
            + "\n".join(data.get("rows", []))
            + f"\n\nMedians of {data.get('runs')} alternating runs, {data.get('date', '')}.")


def blocks(data: Mapping[str, Any]) -> dict[str, str]:
    found = {"machine": f"Machine: {data.get('machine', machine())}."}
    found["scale"] = scale_block(data.get("scale", {}))
    found["before"] = before_block(data.get("before", {}))
    if "example" in data:
        found["example"] = example_block(data["example"])
    if "views" in data:
        found["views"] = views_block(data["views"])
    if "example_before" in data:
        found["example-before"] = example_before_block(data["example_before"])
    if "startup" in data:
        found["startup"] = startup_block(data["startup"])
    if "papers" in data:
        found["papers"] = papers_block(data["papers"])
    return found


def write(data: Mapping[str, Any], path: Path = RESULTS_MD) -> None:
    """Replace each generated block of RESULTS.md with the figures in ``data``."""
    text = path.read_text(encoding="utf-8")
    for name, body in blocks(data).items():
        pattern = re.compile(rf"(<!-- begin {name} -->\n)(?:.*?\n)?(<!-- end {name} -->)",
                             re.S)
        if not pattern.search(text):
            text += f"\n<!-- begin {name} -->\n{body}\n<!-- end {name} -->\n"
            continue
        text = pattern.sub(lambda m, body=body: f"{m.group(1)}{body}\n{m.group(2)}", text)
    path.write_text(text, encoding="utf-8")

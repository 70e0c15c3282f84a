"""``python -m benchmarks [--sizes 14,50,150] [--runs N]``: measure, update RESULTS.md.

1. scale: a synthetic council of N TOMs (``benchmarks/generate.py``) built as the plain-
   Sphinx floor, stock sphinx-needs and Golden Thread in the same run (``scale.py``): full
   build, rebuild after one action's status changed (checked on every page and export),
   rebuild with nothing changed, ``tom check``, peak memory, ``-j 2``.
2. example: ``tom check`` against ``tom build`` on the example council (``example.py``).
3. views: the views computed from the example's needs.json at 1x, 4x and 16x its size.
4. startup: ``tom --help`` and an import of the checks module (``startup.py``), with
   ``--before DIR`` for an earlier tom_ext in the same run.
5. papers: the example council built with and without its committee papers
   (``tom_papers``), in full and after one action's status changed (``papers.py``).

Figures go to ``benchmarks/results.json`` (kept between runs: measuring one size keeps the
others) and into the generated blocks of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from . import example, papers, report, scale, startup

PARTS = ("scale", "example", "views", "startup", "papers")


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, check=False, cwd=Path(__file__).parent)
    return done.stdout.strip()


def _before_label(before: Path | None) -> str:
    """What ``--before`` measured: the commit its folder was made from, if it says."""
    if before is None:
        return ""
    stamp = before / "COMMIT"
    return stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else str(before)


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="14",
                        help="TOMs of the synthetic council, comma-separated (default 14; "
                             "the issue's sizes are 14,50,150)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generator")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"what to measure, comma-separated (default {','.join(PARTS)})")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="build the generated sites in DIR/<size>/ and keep them")
    parser.add_argument("--before", type=Path, default=None, metavar="DIR",
                        help="also measure the tom_ext package in DIR (e.g. from git "
                             "archive REV tom_ext | tar -x -C DIR) in the same run")
    parser.add_argument("--before-site", type=Path, default=None, metavar="DIR",
                        help="with --before and the example part: the site both tom_exts "
                             "check (default: this repository's; give an older one, e.g. "
                             "git archive REV source docs conf.py, when its pages need "
                             "what the earlier tom_ext lacks)")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; use {', '.join(PARTS)}")
    data = report.load()
    data["machine"] = report.machine()
    today = dt.date.today().isoformat()
    if "scale" in parts:
        for size in (int(s) for s in args.sizes.split(",")):
            keep = args.keep / str(size) if args.keep else None
            result = scale.run_size(size, args.runs, args.seed, keep, _log, args.before)
            result["date"] = today
            result["load"] = f"load average {os.getloadavg()[0]:.1f} at the end"
            data.setdefault("scale", {})[str(size)] = result
            if result.get("before"):  # kept when the size is measured again without it
                data.setdefault("before", {})[str(size)] = {
                    "toms": size, "before": result["before"], "date": today,
                    "runs": args.runs, "commit": _commit()}
            report.save(data)
            report.write(data)
    if "example" in parts:
        data["example"] = {"rows": example.check_vs_build(args.runs), "runs": args.runs,
                           "date": today}
        if args.before:
            runs = max(args.runs, 7)
            data["example_before"] = {
                "rows": example.check_before_after(runs, args.before,
                                                   args.before_site or example.REPO),
                "runs": runs, "date": today, "before": _before_label(args.before)}
    if "views" in parts:
        data["views"] = {"rows": example.views_timing(args.runs), "date": today}
    if "startup" in parts:
        runs = max(args.runs, 10)  # a fraction of a second each: more runs for the median
        data["startup"] = {"rows": startup.measure(runs, args.before), "runs": runs,
                           "date": today, "before": _before_label(args.before)}
    if "papers" in parts:
        data["papers"] = {"rows": papers.measure(args.runs), "runs": args.runs,
                          "date": today}
    report.save(data)
    report.write(data)
    print(report.RESULTS_MD.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

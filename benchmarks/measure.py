"""Run one command and report its wall time and peak memory, measured in a process of its own.

``python benchmarks/measure.py LOG -- COMMAND …`` runs COMMAND with its output in LOG and
prints one JSON line: ``{"seconds", "maxrss_mb", "returncode"}``. The peak memory is
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of this small process, whose only child is the
command: the largest resident set of the command or of any process it waited for (the
workers of ``-j 2``), not their sum.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Measured:
    seconds: float
    maxrss_mb: float
    returncode: int


def run(command: list[str], log: Path, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> Measured:
    """``command`` in a fresh measuring process (so its peak memory is its own), with
    ``env`` added to the environment, in ``cwd``. This file runs as a script, and the
    command in ``cwd``: ``python -m`` puts the current folder first on the import path,
    and the repository's folder would hide a ``tom_ext`` given by ``PYTHONPATH``."""
    done = subprocess.run([sys.executable, __file__, str(log), "--", *command],
                          capture_output=True, text=True, check=False, cwd=cwd,
                          env=_as_installed({**os.environ, **(env or {})}))
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"measuring {' '.join(command)} failed: {done.stderr[-2000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Measured(data["seconds"], data["maxrss_mb"], data["returncode"])


def _as_installed(env: dict[str, str]) -> dict[str, str]:
    """Every command as a user's install runs it: with its bytecode cached. A shell with
    ``PYTHONDONTWRITEBYTECODE`` would make each run of tom compile tom_ext (an editable
    install) from source again (0.3 s a run) while the floor's packages keep the bytecode
    written when they were installed."""
    return {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}


def main(argv: list[str]) -> int:
    log, separator, *command = argv
    if separator != "--" or not command:
        print("usage: python benchmarks/measure.py LOG -- COMMAND …", file=sys.stderr)
        return 2
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        code = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT)
        seconds = time.perf_counter() - start
    # Linux reports ru_maxrss in KiB
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "maxrss_mb": peak, "returncode": code}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

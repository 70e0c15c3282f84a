"""Reading in parallel (tom_ext/sphinx_ext/parallel.py): one batch per process, ``-j auto``
only where it pays, and the guard that says when Sphinx's batches change (docs/upstream.md);
the ``tom`` program ending its process without Python's teardown (tom_ext/cli/main.py)."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx import builders
from sphinx.application import Sphinx
from sphinx.util import parallel as sphinx_parallel

from tom_ext.cli import main as cli
from tom_ext.core.project import AUTO_JOBS, Paths
from tom_ext.sphinx_ext import parallel
from tom_ext.sphinx_ext.run import run_sphinx


def test_upstream_still_reads_in_small_batches_through_make_chunks():
    """Fails once Sphinx's parallel read no longer takes its batches from ``make_chunks``:
    then see whether the override is still needed."""
    parallel.setup_parallel()
    source = inspect.getsource(builders.Builder._read_parallel.__wrapped__)
    assert "chunks = make_chunks(docnames, nproc)" in source
    assert "return pickle.dumps(self.env, pickle.HIGHEST_PROTOCOL)" in source
    assert len(sphinx_parallel.make_chunks([str(n) for n in range(1500)], 2)) > 2


def test_pages_are_split_in_one_batch_per_process_in_order():
    assert parallel.one_batch_per_process(list("abcde"), 2) == [["a", "b", "c"], ["d", "e"]]
    assert parallel.one_batch_per_process(list("ab"), 4) == [["a"], ["b"]]
    assert parallel.one_batch_per_process([], 2) == []


def _read(root: Path, out: Path, jobs: int, *, fresh: bool = True) -> list[int]:
    """Sizes of the batches merged back from other processes while ``root`` is checked."""
    merged: list[int] = []

    def count(app: Sphinx) -> None:
        app.connect("env-merge-info", lambda _a, _e, docnames, _o: merged.append(
            len(docnames)))

    outcome = run_sphinx(Paths(root), "dummy", out / "out", out / "doctrees", jobs=jobs,
                         fresh=fresh, prepare=count)
    assert outcome.ok, outcome.found
    return merged


def test_a_parallel_read_merges_one_batch_per_process_and_puts_sphinx_back(project,
                                                                           tmp_path):
    root = project("basic")
    pages = len(list((root / "source").rglob("*.md")))
    assert _read(root, tmp_path, 2) == [(pages + 1) // 2, pages // 2]
    assert builders.make_chunks is sphinx_parallel.make_chunks


def test_auto_reads_a_fresh_site_in_parallel_and_a_few_pages_serially(project, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    root = project("basic")
    assert len(_read(root, tmp_path, AUTO_JOBS)) == 2
    page = root / "source/toms/env/lib/technology.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    assert _read(root, tmp_path, AUTO_JOBS, fresh=False) == []


def test_auto_is_serial_and_silent_when_an_extension_does_not_say_it_is_safe(
        project, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    root = project("basic")
    (root / "undeclared.py").write_text("def setup(app):\n    return {}\n")
    with (root / "conf.py").open("a") as conf:
        conf.write("\nimport sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
                   "extensions.append('undeclared')\n")
    assert _read(root, tmp_path, AUTO_JOBS) == []
    assert cli.main(["-C", str(root), "check", "-E"]) == 0
    assert "does not declare" not in capsys.readouterr().out


@pytest.mark.parametrize("jobs", ["0", "two", "-1"])
def test_jobs_must_be_a_number_of_processes_or_auto(project, jobs, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["-C", str(project("basic")), "check", "-j", jobs])
    assert stopped.value.code == 2
    assert (f"tom check: error: argument -j/--jobs: {jobs!r} is not a number of processes: "
            "give 1 or more, or auto") in capsys.readouterr().err


def test_the_tom_program_ends_with_every_line_written_and_its_exit_code(project,
                                                                        tmp_path):
    """``os._exit`` skips Python's teardown: what was printed to a file must be there."""
    root = project("basic")
    page = root / "source/toms/env/lib/technology.md"
    page.write_text(page.read_text().replace(":status: on-track", ":status: sideways", 1))
    report = tmp_path / "report.txt"
    with report.open("w") as out:
        code = subprocess.run([sys.executable, "-m", "tom_ext.cli", "-C", str(root),
                               "check", "--notices"], stdout=out, cwd=tmp_path).returncode
    lines = report.read_text().splitlines()
    assert code == 1
    assert any(line.startswith("source/toms/env/lib/technology.md:") and "sideways" in line
               for line in lines)
    assert lines[-1].startswith("tom check: 1 problem found in ")


def test_the_tom_program_stops_the_helper_processes_an_extension_started(project):
    """sphinx-sitemap starts a multiprocessing manager for each build; Python's exit
    handlers stop it. Skipped, the manager would outlive ``tom build`` holding its output
    open, and whoever reads that output would wait for ever."""
    root = project("basic")
    with (root / "conf.py").open("a") as conf:
        conf.write('\nhtml_baseurl = "https://tom.example.gov.uk/"\n')
    done = subprocess.run([sys.executable, "-m", "tom_ext.cli", "-C", str(root), "build",
                           "-q"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "_build/html/sitemap.xml").is_file()
    assert done.stdout.startswith("tom build: site written to _build/html/index.html")

"""The downloads (a CSV per matrix, one Excel workbook) written beside the HTML, by a child
process while the pages are written: a rebuild after one change need not wait for them."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import ExtensionError

from tom_ext.core.config import TomConfig
from tom_ext.core.project import keep_error_details
from tom_ext.sphinx_ext.reading import current_site
from tom_ext.sphinx_ext.state import BuildState, with_state
from tom_ext.views.exports import write_all

#: digest of the data the downloads were last written from (in the doctree folder)
EXPORTS_STAMP = "tom-exports.sha256"


def beside(work: Callable[[], object]) -> Callable[[], str]:
    """Run ``work`` in a forked child process; the function returned waits for it and
    gives what went wrong ('' when nothing did). Where there is no fork, ``work`` runs at
    once. The child shares the parent's memory as it was (copy on write), and leaves by
    ``os._exit``: nothing of the parent's (buffers, handlers) runs twice."""
    if not hasattr(os, "fork"):
        try:
            work()
        except Exception:  # reported by the waiter, as a child's would be
            failure = traceback.format_exc()
            return lambda: failure
        return lambda: ""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        code = 0
        try:
            work()
        except BaseException:  # whatever it is, the parent reports it
            os.write(write_end, traceback.format_exc().encode("utf-8", "replace")[-8000:])
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)

    def wait() -> str:
        with os.fdopen(read_end, "rb") as pipe:
            said = pipe.read().decode("utf-8", "replace")
        _, status = os.waitpid(pid, 0)
        return said or ("" if status == 0 else f"the writer ended with status {status}")

    return wait


def failed_beside(app: Sphinx, what: str, failure: str) -> ExtensionError:
    """The error that fails the build when work done beside it failed: its last line in
    words, the whole traceback in the error log beside the doctrees for the maintainers."""
    lines = [line for line in failure.strip().splitlines() if line.strip()]
    shown = keep_error_details(Path(app.doctreedir), Path(app.confdir), failure)
    where = f" (the details are in {shown})" if shown else ""
    return ExtensionError(f"{what}: {lines[-1] if lines else failure}{where}")


def start_downloads(state: BuildState, app: Sphinx, builder: Builder) -> None:
    """write-started: the downloads of every view begin to be written, beside the pages;
    a rebuild that changed no need leaves them as they are."""
    if app.builder.format != "html" or state.quiet:
        return  # a quiet build's downloads are those the last build wrote
    site = current_site(state, app)  # made here, once, and shared with the child
    folder, stamp = Path(app.outdir) / "downloads", Path(app.doctreedir) / EXPORTS_STAMP
    today = TomConfig.from_sphinx(app.config).today()
    state.downloads = beside(lambda: write_all(site, folder, today, stamp))


def finish_downloads(state: BuildState, app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the downloads are written before the build ends."""
    wait, state.downloads = state.downloads, None
    failure = wait() if wait is not None else ""
    if failure and exception is None:
        raise failed_beside(app, "the downloads could not be written", failure)


def setup_downloads(app: Sphinx, state: BuildState) -> None:
    # before sphinx-needs' post-processing (write-started, 500), which the child needs
    # nothing of: the two then run at the same time too
    app.connect("write-started", with_state(start_downloads, state), priority=400)
    app.connect("build-finished", with_state(finish_downloads, state))

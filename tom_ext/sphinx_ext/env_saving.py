"""The environment saved by a child process while the pages are written: Sphinx pickles it
(27 MB at 150 TOMs, about 0.8 s) after reading and before it writes a page, so a rebuild
after one change waited for it every time.

Sphinx calls ``pickle.dump`` from ``sphinx.builders`` for the environment and for each
doctree; tom_ext gives that module a ``pickle`` whose ``dump`` of an environment tom_ext
set up runs in a forked child (:func:`~tom_ext.sphinx_ext.downloads.beside`) with the
environment as it was at that moment, and waits for the child before the build ends.
Everything else goes to :mod:`pickle` unchanged.
"""

from __future__ import annotations

import pickle
import weakref
from pathlib import Path
from typing import Any

from sphinx import builders
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment

from tom_ext.sphinx_ext.downloads import beside, failed_beside
from tom_ext.sphinx_ext.state import BuildState, with_state

#: the state of the build each environment belongs to (``builder-inited``)
_BUILDS: weakref.WeakKeyDictionary[Any, BuildState] = weakref.WeakKeyDictionary()


class _PickleSavingBeside:
    """:mod:`pickle` as ``sphinx.builders`` sees it."""

    def __getattr__(self, name: str) -> Any:
        return getattr(pickle, name)

    def dump(self, obj: Any, file: Any, protocol: int | None = None, **kwargs: Any) -> None:
        state = _BUILDS.get(obj) if isinstance(obj, BuildEnvironment) else None
        if state is None or state.env_saving is not None:
            pickle.dump(obj, file, protocol, **kwargs)
            return

        def save() -> None:
            pickle.dump(obj, file, protocol, **kwargs)
            file.flush()

        state.env_saving = beside(save)


def follow_builds(state: BuildState, app: Sphinx) -> None:
    """builder-inited: this application's environment is saved beside the writing."""
    _BUILDS[app.env] = state


def wait_for_saving(state: BuildState, app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the environment is saved before the build ends; one that could not
    be is removed (the next build reads every page) and the build fails."""
    wait, state.env_saving = state.env_saving, None
    failure = wait() if wait is not None else ""
    if failure:
        Path(app.doctreedir, ENV_PICKLE_FILENAME).unlink(missing_ok=True)
        if exception is None:
            raise failed_beside(app, "the environment could not be saved", failure)


def setup_env_saving(app: Sphinx, state: BuildState) -> None:
    if not isinstance(builders.pickle, _PickleSavingBeside):  # type: ignore[attr-defined]
        builders.pickle = _PickleSavingBeside()  # type: ignore[assignment]
    app.connect("builder-inited", with_state(follow_builds, state))
    # late: the other handlers' work (waiting for the downloads) overlaps the saving
    app.connect("build-finished", with_state(wait_for_saving, state), priority=800)

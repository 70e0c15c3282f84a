"""The environment saved by a child process while the pages are written
(tom_ext/sphinx_ext/env_saving.py): whole when the build ends, used by the next build, and a
failure to save it reported with the environment removed."""

from __future__ import annotations

import inspect
import pickle

from sphinx import builders

from tom_ext.cli import main as cli

from .conftest import needs_of

ENV = "_build/.work/doctrees/environment.pickle"


def test_upstream_still_pickles_the_environment_with_pickle_dump_before_writing():
    """Fails once Sphinx saves the environment another way: the override then does nothing
    and can go (or follow it)."""
    source = inspect.getsource(builders.Builder.build)
    assert "pickle.dump(self.env, f, pickle.HIGHEST_PROTOCOL)" in source
    assert source.index("pickle.dump(self.env") < source.index("self.write(docnames")


def test_the_saved_environment_is_whole_and_the_next_build_reads_only_the_change(
        project):
    root = project("basic")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    env = pickle.loads((root / ENV).read_bytes())
    assert "toms/env/lib/technology" in env.all_docs
    assert "ACT_LIB_TEC_02" in env._needs_all_needs
    page = root / "source/toms/env/lib/technology.md"
    page.write_text(page.read_text().replace(":status: on-track", ":status: complete", 1))
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    again = pickle.loads((root / ENV).read_bytes())
    assert {doc for doc, read in again.all_docs.items()
            if env.all_docs[doc] != read} == {"toms/env/lib/technology"}
    assert again._needs_all_needs["ACT_LIB_TEC_01"]["status"] == "complete"
    statuses = {i: n["status"] for i, n in needs_of(root / "_build/html").items()}
    assert "complete" in statuses.values()


def test_an_environment_that_cannot_be_saved_fails_the_build_and_is_removed(project,
                                                                           capsys):
    root = project("basic")
    with (root / "conf.py").open("a") as conf:
        conf.write("\n\ndef setup(app):\n"
                   "    app.connect('env-updated',\n"
                   "                lambda app, env: setattr(env, 'unsaveable', lambda: 0))\n")
    assert cli.main(["-C", str(root), "build", "-q"]) != 0
    out = capsys.readouterr().out
    assert "the environment could not be saved" in out
    assert "PicklingError" in out or "Can't pickle" in out
    assert not (root / ENV).exists()

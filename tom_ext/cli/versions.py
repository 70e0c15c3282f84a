"""``tom build --versions``: each earlier refresh conf.py names, built once from its git
revision with today's tom_ext into ``archive/<name>/``, published with the current site.

Why not sphinx-multiversion (or sphinx-polyversion): the first is unmaintained and builds
each revision with that revision's own conf.py *and extension*, so an old refresh would
keep old bugs and an old look; the issue asks for the opposite. Both also rebuild every
version on every run. Here each revision's tree comes from ``git archive`` (the same export
``tom diff`` reads), is built with the tom_ext that is installed, and is kept with a stamp
(the revision, tom_ext's and the theme's versions, the audience and the banner's targets):
an unchanged version is reused, not rebuilt."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from dataclasses import dataclass, field
from importlib.metadata import version as installed
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tom_ext.changes import git, snapshot
from tom_ext.cli.runner import forget_environment, site_settings
from tom_ext.core import audience, versions
from tom_ext.core.needs import Site
from tom_ext.core.project import Paths
from tom_ext.core.words import plural
from tom_ext.version import __version__

if TYPE_CHECKING:
    from tom_ext.sphinx_ext.run import Outcome

STAMP = "stamp.sha256"
SUFFIXES = (".md",)


class VersionsError(Exception):
    """A version that cannot be archived; the message names it, where conf.py names it, and
    what to do."""


@dataclass
class Archives:
    """The earlier refreshes of one ``tom build --versions``, built after the current site."""

    paths: Paths
    found: list[versions.Version]
    commits: dict[str, tuple[str, str]]
    conf_text: str
    fresh: bool = False
    current: Site | None = None
    current_docs: set[str] = field(default_factory=set)
    built: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def start(cls, paths: Paths, fresh: bool) -> Archives | None:
        """The versions conf.py names, each revision found in the repository (before
        anything is built: a missing one stops the command at once); None when it names
        none, so that a pipeline can always publish with --versions."""
        conf_text = (paths.root / "conf.py").read_text(encoding="utf-8")
        found = versions.read(site_settings(paths.root).versions)
        if not found:
            return None
        commits = {}
        for version in found:
            try:
                commits[version.name] = git.resolve_revision(paths.root, version.revision)
            except git.GitError as err:
                raise VersionsError(f"{_where(conf_text, version)}: {err}") from err
        return cls(paths, found, commits, conf_text, fresh)

    def on_site(self, app: Any, site: Site) -> None:
        """tom-site-ready of the current build: the site the banners lead to."""
        self.current = site
        self.current_docs = set(app.env.found_docs)

    def build_all(self) -> bool:
        """Each version built, or reused; False (with the problems printed) on the first
        that fails, so that nothing is published."""
        for version in self.found:
            try:
                self.built[version.folder] = self.build(version)
            except VersionsError as err:
                print(f"tom build: {err}", file=sys.stderr)
                return False
        return True

    def build(self, version: versions.Version) -> Path:
        sha, prefix = self.commits[version.name]
        home = self.paths.build / f".versions{self.paths.suffix}" / version.name
        what = f"{_named(version)} ({sha[:7]})"
        tree = self.tree(version, home, (sha, prefix))
        setting = self.setting(version, tree, (sha, prefix))
        stamp = _stamp(sha, prefix, self.paths.audience, setting)
        html = home / "html"
        if not self.fresh and _read(home / STAMP) == stamp and (html / "index.html").is_file():
            print(f"{what[0].upper()}{what[1:]}: reused (built before from this revision "
                  "with this tom_ext)", flush=True)
            return html
        print(f"Building {what} …", end=" ", flush=True)
        outcome = self.run(version, tree, home, setting)
        if not outcome.ok:
            print("failed.", flush=True)
            forget_environment(home / "doctrees")
            for line in [*outcome.warnings, *([outcome.error] if outcome.error else [])]:
                print(f"{version.name} at {sha[:7]}: {line}", file=sys.stderr)
            count = outcome.problem_count
            raise VersionsError(
                f"{what} could not be archived: {plural(count, 'problem')} in its "
                f"files at that revision (listed above; {_where(self.conf_text, version)} "
                "names it); nothing was published")
        (home / STAMP).write_text(stamp, encoding="utf-8")
        print(f"done in {outcome.seconds:.1f} s", flush=True)
        return html

    def tree(self, version: versions.Version, home: Path, commit: tuple[str, str]) -> Path:
        """The revision's files, exported once per commit (``git archive``)."""
        tree, mark = home / "tree", home / "tree.commit"
        if _read(mark) == commit[0] and (tree / "conf.py").is_file():
            return tree
        shutil.rmtree(tree, ignore_errors=True)
        mark.unlink(missing_ok=True)
        try:
            git.export_tree(self.paths.root, *commit, tree)
        except git.GitError as err:
            raise VersionsError(f"{_where(self.conf_text, version)}: {err}") from err
        if not (tree / "conf.py").is_file():
            raise VersionsError(f"{_where(self.conf_text, version)}: revision "
                                f"{commit[0][:7]} has no conf.py: the site did not exist "
                                "there yet")
        mark.write_text(commit[0], encoding="utf-8")
        return tree

    def setting(self, version: versions.Version, tree: Path,
                commit: tuple[str, str]) -> dict[str, Any]:
        """``tom_archive`` for the version's build: its banner's words and targets."""
        from tom_ext.sphinx_ext.run import read_needs

        assert self.current is not None, "the current site is built first"
        try:
            cache = git.commit_snapshot(self.paths.root, self.paths.diff_cache, commit,
                                        version.revision, read_needs)
            old = snapshot.load(cache, version.title).site
        except (git.GitError, snapshot.SnapshotError) as err:
            raise VersionsError(f"{_where(self.conf_text, version)}: {err}") from err
        pages = audience.read_pages(tree / "source", SUFFIXES)
        docs = set(pages)
        if self.paths.audience != "intranet":
            docs -= set(audience.withheld_pages(pages))
        return {"name": version.name, "title": version.title, "replaced": version.replaced,
                "by": versions.replaced_by(version, self.current), "home": "index",
                "up": "../" * len(version.folder.split("/")),
                "links": versions.banner_targets(old, docs, self.current,
                                                 self.current_docs)}

    def run(self, version: versions.Version, tree: Path, home: Path,
            setting: dict[str, Any]) -> Outcome:
        from tom_ext.sphinx_ext.run import run_sphinx

        (home / STAMP).unlink(missing_ok=True)
        public = self.paths.audience != "intranet"
        if public or self.fresh:
            # a public archive is built afresh, as a public site is (nothing withheld left)
            for folder in (home / "html", home / "doctrees"):
                shutil.rmtree(folder, ignore_errors=True)
        overrides: dict[str, Any] = {"tom_archive": setting, "tom_switcher": version.name}
        if public:
            overrides["tom_audience"] = self.paths.audience
        return run_sphinx(Paths(tree, self.paths.audience), "html", home / "html",
                          home / "doctrees", quiet=True, confoverrides=overrides)

    def switchers(self) -> dict[str, str]:
        """switcher.json at the root of the current site and of each archive."""
        roots = {"": versions.CURRENT} | {f"{v.folder}/": v.name for v in self.found}
        return {f"{root}{versions.SWITCHER_FILE}": json.dumps(
            versions.switcher(self.found, at), indent=1, ensure_ascii=False) + "\n"
            for root, at in roots.items()}


def _named(version: versions.Version) -> str:
    """"the 2023–2025 TOMs" from the title "The 2023–2025 TOMs"."""
    title = version.title
    return "the " + title[4:] if title.startswith("The ") else title


def _where(conf_text: str, version: versions.Version) -> str:
    line = versions.conf_line(conf_text, version.name)
    return f"conf.py{f':{line}' if line else ''}: tom_versions[{version.name!r}]"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _stamp(sha: str, prefix: str, who: str, setting: dict[str, Any]) -> str:
    """What an archive is built from: when it is the same, the archive is reused."""
    made = {"revision": sha, "prefix": prefix, "audience": who, "archive": setting,
            "tom_ext": __version__,
            "with": [installed(name) for name in ("sphinx", "sphinx-needs", "myst-parser",
                                                  "pydata-sphinx-theme")]}
    text = json.dumps(made, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

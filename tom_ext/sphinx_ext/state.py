"""What one build's event handlers share, in one typed object instead of attributes on ``app``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tom_ext.core.audience import Found
from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.navigation import NavigationStore


@dataclass(repr=False)  # a repr would print the whole site in an error message
class BuildState:
    """The state of one Sphinx application's builds that tom_ext's handlers share.

    Lifetime: :func:`tom_ext.sphinx_ext.setup` makes one for each application and hands it
    to every component it sets up; the handlers hold it, so it lives as long as the
    application and no longer. It is never pickled: what must outlast a build (each page's
    records, views, text hashes) lives in :class:`~tom_ext.sphinx_ext.domain.TomDomain`,
    which Sphinx keeps in the environment with purge and merge. Forked writers of a parallel
    build get a copy and only read it.
    """

    withheld_pages: dict[str, list[Found]] = field(default_factory=dict)
    """Pages a public build leaves out, with the needs on each (``config-inited``)."""
    withheld_ids: set[str] = field(default_factory=set)
    """Sensitive needs of the pages a public build reads (``env-get-updated``)."""
    full_site: Site | None = None
    """Every need read, sensitive ones too: what the author checks run on."""
    site: Site | None = None
    """The site as this build's audience sees it: what every view shows."""
    markdown: Any = None
    """The markdown-it parser of the safety scan, made once per process."""
    roots: tuple[Path, ...] = ()
    """Real paths of the folders a page may take files from (``builder-inited``)."""
    linked_folders: dict[str, str] = field(default_factory=dict)
    """Real path of each folder linked into the source folder → its name there
    (``builder-inited``)."""
    navigation: NavigationStore = field(default_factory=NavigationStore)
    """Each section's sidebar as a template, kept from build to build in a file of its own
    (see :mod:`~tom_ext.sphinx_ext.navigation`)."""
    pages_read: int = 0
    """Pages this build read again or removed (``env-purge-doc``): none means every need is
    as the last build left it."""
    quiet: bool = False
    """No page read or removed, on the same day, with the same settings and baselines as
    the last build (see :mod:`~tom_ext.sphinx_ext.quiet`): what that build worked out from
    the whole council still holds (``env-get-updated``)."""
    baselines_as_before: bool = False
    """The baselines are those the last build that ended well read without a problem
    (``env-get-updated``): ``tom check`` need not read them again."""
    baseline_failed: bool = False
    """This build could not read its changes baseline (reported where the changes show)."""
    last_record: dict[str, Any] = field(default_factory=dict)
    """What the last build recorded for judging this one quiet (``builder-inited`` to
    ``env-get-updated``)."""
    reported: list[list[Any]] = field(default_factory=list)
    """The author checks' findings as reported: ``[level, message, subtype, location]``,
    kept for the next quiet build to give again."""
    downloads: Callable[[], str] | None = None
    """Waits for the child process writing the downloads (``write-started`` to
    ``build-finished``) and says what went wrong, if anything."""
    needs_json: Callable[[bool], str] | None = None
    """Waits for the child process writing needs.json (``write-started`` to
    ``build-finished``), records its stamp if the build ended well (the argument), and says
    what went wrong, if anything."""
    env_saving: Callable[[], str] | None = None
    """Waits for the child process saving the environment (from Sphinx's pickling of it
    to ``build-finished``) and says what went wrong, if anything."""
    needs_json_kept: bool = False
    """Whether tom_ext, not sphinx-needs, writes this build's needs.json (``build-finished``)."""

    def withheld_need_ids(self) -> set[str]:
        """Every ID a public build must not show: the sensitive needs of the pages it reads
        and the needs of the pages it leaves out."""
        return self.withheld_ids | {need_id for found in self.withheld_pages.values()
                                    for _type, need_id, _level in found if need_id}


def with_state(handler: Callable[..., Any], state: BuildState) -> Callable[..., Any]:
    """``handler`` as a Sphinx event listener that gets ``state`` first (its name kept,
    for Sphinx's messages when a handler fails)."""

    @functools.wraps(handler)
    def listener(*args: Any) -> Any:
        return handler(state, *args)

    return listener

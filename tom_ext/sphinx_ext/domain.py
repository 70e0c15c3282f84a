"""Per-document state of a build: authored need records and view placeholders, purge and merge."""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any, ClassVar, cast

from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment

from tom_ext.core.model import TYPES
from tom_ext.core.needs import NeedRecord

PER_DOCUMENT = ("records", "views", "sections", "prompts", "target_models",
                "current_models", "section_texts", "unsafe", "texts", "prose_links")


class TomDomain(Domain):
    """Holds what each document contributed, so incremental and parallel reads stay right."""

    name = "tom"
    label = "Target Operating Models"
    initial_data: ClassVar[dict[str, Any]] = {  # type: ignore[misc]
        "records": {},  # docname -> list[NeedRecord]
        "views": {},  # docname -> list[dict] (view kind and options)
        "sections": {},  # docname -> list[str], section titles of pages with a layer
        "prompts": {},  # docname -> list[(line, text)], TODO prompts not yet replaced
        "target_models": {},  # docname -> list[str], text of a layer's target model
        "current_models": {},  # docname -> list[str], text of a layer's current model
        # docname -> {section title in lower case: its paragraphs}, of a TOM's or a layer's
        # page (the committee papers print them)
        "section_texts": {},
        # docname -> list[(path of an included file or "", line, warning subtype, message)]:
        # what the page may not publish (tom_ext.sphinx_ext.guard)
        "unsafe": {},
        # docname -> sha256 of its text as read (tom_ext.sphinx_ext.source_hashes)
        "texts": {},
        # docname -> list[(line, ID)] of the {need} links in its text
        "prose_links": {},
        # ID -> the source file it was last read from (whole-site, kept when it is gone:
        # a message about links to a removed need says where it was)
        "known_ids": {},
        # path of a file a page includes -> sha256 of its bytes (whole-site, after reading)
        "files": {},
        "fingerprints": {},  # docname -> str, as last written (whole-site, not per doc)
        # what the fingerprints were worked out from (whole-site, set after reading; see
        # tom_ext.views.freshness.basis_of): the next build works out again only those a
        # page read since can have changed
        "fingerprint_basis": {},
        # IDs a public build withholds (whole-site, set after reading; [] for the intranet)
        "withheld": [],
    }
    data_version = 11
    #: every need is an object of the search index, so searching for an ID finds its card
    object_types: ClassVar[dict[str, ObjType]] = {  # type: ignore[misc]
        spec.directive: ObjType(spec.title, spec.directive) for spec in TYPES}

    @staticmethod
    def of(env: BuildEnvironment) -> TomDomain:
        return cast(TomDomain, env.get_domain("tom"))

    @property
    def records(self) -> dict[str, list[NeedRecord]]:
        return self.data["records"]

    @property
    def views(self) -> dict[str, list[dict[str, Any]]]:
        return self.data["views"]

    @property
    def sections(self) -> dict[str, list[str]]:
        return self.data["sections"]

    @property
    def target_models(self) -> dict[str, list[str]]:
        return self.data["target_models"]

    @property
    def current_models(self) -> dict[str, list[str]]:
        return self.data["current_models"]

    @property
    def section_texts(self) -> dict[str, dict[str, list[str]]]:
        return self.data["section_texts"]

    @property
    def prompts(self) -> dict[str, list[tuple[int, str]]]:
        return self.data["prompts"]

    @property
    def unsafe(self) -> dict[str, list[tuple[str, int, str, str]]]:
        return self.data["unsafe"]

    @property
    def fingerprints(self) -> dict[str, str]:
        return self.data["fingerprints"]

    @property
    def prose_links(self) -> dict[str, list[tuple[int, str]]]:
        return self.data["prose_links"]

    @property
    def known_ids(self) -> dict[str, str]:
        return self.data["known_ids"]

    @property
    def texts(self) -> dict[str, str]:
        return self.data["texts"]

    @property
    def files(self) -> dict[str, str]:
        return self.data["files"]

    def add_record(self, record: NeedRecord) -> None:
        self.records.setdefault(record.docname, []).append(record)

    def add_view(self, docname: str, view: dict[str, Any]) -> None:
        self.views.setdefault(docname, []).append(view)

    def all_records(self) -> Iterable[NeedRecord]:
        for docname in sorted(self.records):
            yield from self.records[docname]

    def clear_doc(self, docname: str) -> None:
        for key in PER_DOCUMENT:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in PER_DOCUMENT:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """(name, display name, type, page, anchor, priority) of every need with an ID:
        Sphinx's search lists them before the pages that merely mention the ID."""
        withheld = set(self.data.get("withheld", ()))
        for record in self.all_records():
            if record.id in withheld:
                continue  # a public build names no withheld need, not even in search
            if record.id and record.type in self.object_types:
                # the display name must be the ID: Sphinx's search makes the link's
                # anchor from it
                yield (record.id, record.id, record.type, record.docname, record.id, 1)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

"""A page that is not UTF-8 (a Word apostrophe saved as Windows-1252) is read anyway, with
its stray bytes replaced, and reported at its line with how to fix it: Sphinx would stop
the whole build with a traceback and no file name, and no other page would be checked."""

from __future__ import annotations

import codecs
from pathlib import Path

from sphinx.application import Sphinx

from tom_ext.core.messages import TomWarning
from tom_ext.core.utf8 import not_utf8
from tom_ext.sphinx_ext.domain import TomDomain

#: the encoding Sphinx reads pages with while tom_ext is loaded: UTF-8 (with or without
#: its byte-order mark), a byte that is not UTF-8 becoming U+FFFD instead of an error
TOLERANT = "tom-utf-8-sig"


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != TOLERANT:
        return None
    strict = codecs.lookup("utf-8-sig")

    def decode(data: bytes, errors: str = "strict", /) -> tuple[str, int]:
        return strict.decode(data, "replace")

    return codecs.CodecInfo(name=TOLERANT, encode=strict.encode,
                            decode=decode,  # type: ignore[arg-type]
                            incrementalencoder=strict.incrementalencoder,
                            incrementaldecoder=lambda errors="strict":
                            strict.incrementaldecoder("replace"))


def register() -> None:
    """Make :data:`TOLERANT` known to Python's codecs (once per process)."""
    try:
        codecs.lookup(TOLERANT)
    except LookupError:
        codecs.register(_search)


def use_tolerant_reading(app: Sphinx) -> None:
    """builder-inited: pages are read with :data:`TOLERANT` when the site reads UTF-8."""
    settings = app.env.settings
    if str(settings.get("input_encoding", "")).lower() in ("utf-8", "utf-8-sig", "utf8"):
        settings["input_encoding"] = TOLERANT


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read: a page that had stray bytes is reported at the first of them."""
    if "\ufffd" not in source[0]:
        return
    try:
        problem = not_utf8(Path(app.env.doc2path(docname)).read_bytes())
    except OSError:
        return
    if problem:
        line, message = problem
        TomDomain.of(app.env).unsafe.setdefault(docname, []).append(
            ("", line, TomWarning.UNREADABLE.value, message))


def setup_encoding(app: Sphinx) -> None:
    register()
    app.connect("builder-inited", use_tolerant_reading)
    app.connect("source-read", check_page, priority=2)

"""Office files (a workbook, a Word document) are zips that record the clock: dated
instead by the build date, two builds of one commit give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Mapping

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fixed_zip_dates(data: bytes, when: dt.date,
                    edits: Mapping[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The same zip with every entry dated ``when``, and the document's "modified"
    property too: openpyxl and python-docx set both from the clock as they save, which
    would make two builds of one commit differ. ``edits`` change named entries on the way
    (what the library cannot write)."""
    stamp = f"{when.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(when.year, when.month,
                                                              when.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            if edits and info.filename in edits:
                content = edits[info.filename](content)
            target.writestr(fixed, content)
    return out.getvalue()

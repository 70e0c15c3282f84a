"""A paper's SVG pictures as PNG for Word, which shows no SVG of its own in older
versions: drawn by the same typst engine that writes the PDF, so no extra library."""

from __future__ import annotations

import struct
from dataclasses import dataclass

import typst

#: a page exactly the size of the picture, with a thin white margin
_PAGE = b"""#set page(width: auto, height: auto, margin: 4pt, fill: white)
#image(bytes(sys.inputs.svg), format: "svg")
"""
#: pixels per inch: sharp in print at the width of a page's text
PPI = 200


@dataclass(frozen=True, slots=True)
class Picture:
    data: bytes
    width_cm: float


def png_of(svg: str) -> Picture:
    data = typst.compile(_PAGE, format="png", ppi=PPI, sys_inputs={"svg": svg},
                         ignore_system_fonts=True)
    assert isinstance(data, bytes)  # one page, one image
    width = struct.unpack(">I", data[16:20])[0]  # the PNG header's width in pixels
    return Picture(data, width / PPI * 2.54)

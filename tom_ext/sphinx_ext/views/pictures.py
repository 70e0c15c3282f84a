"""A view's picture for builders that are not HTML, where raw SVG would silently vanish."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from tom_ext.papers.pictures import PPI, png_of

#: the builders' name for PNG, the one picture format LaTeX and Texinfo both take
PNG = "image/png"
#: where the pictures are kept between builds, under the doctrees (a cache, never a page)
CACHE = "tom-pictures"


def is_html(builder: Builder) -> bool:
    """A builder that writes HTML (html, dirhtml, singlehtml, epub): SVG shows inline."""
    return builder.format == "html"


def picture(app: Sphinx, svg: str, alt: str, kind: str) -> nodes.image:
    """``svg`` as an image of its own for a builder that is not HTML, ``alt`` its text
    alternative. A builder that takes PNG (LaTeX, Texinfo) gets one, drawn by the typst
    engine the papers use, copied beside the document like any other image of the site;
    a builder that takes no image (text, man) prints ``alt`` in its place."""
    name = f"tom-{kind}-{hashlib.sha256(svg.encode()).hexdigest()[:16]}.png"
    node = nodes.image(alt=alt, classes=[f"tom-{kind}-picture"])
    uri = name  # never written where no image is shown: the builder prints ``alt``
    if PNG in app.builder.supported_image_types:
        path = Path(app.doctreedir) / CACHE / name
        if not path.is_file():  # named by its SVG: a picture that changed gets a new name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png_of(svg).data)
        uri = str(path)
        node["width"] = f"{width_cm(path.read_bytes()):.2f}cm"  # at most the text's width
        # the builder copies it to its output as ``name`` (Sphinx's own images take this
        # road from post_process_images), and its writer refers to it by that name
        app.builder.images[uri] = name
    node["uri"] = uri
    node["candidates"] = {"*": uri}
    return node


def width_cm(png: bytes) -> float:
    """The picture's width as drawn: its pixels (the PNG header's width) at the papers'
    resolution."""
    return float(struct.unpack(">I", png[16:20])[0]) / PPI * 2.54

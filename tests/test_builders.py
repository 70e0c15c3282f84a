"""Builders other than HTML: no diagram or chart of the example silently vanishes from them."""

from __future__ import annotations

import html
import re
import struct
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest

from .conftest import copy_example

pytestmark = pytest.mark.slow

#: a view's SVG on an HTML page, and the text alternative it carries
SVG_LABEL = re.compile(r'<svg role="img" aria-label="([^"]*)"')
#: what only HTML may promise: a PNG or a text line has no links
LINKS = " Each box links to its page; the list below says the same in words."


def sphinx(root: Path, builder: str) -> tuple[Path, str]:
    """The example built by Sphinx alone with ``builder``: its folder and its warnings."""
    out, warnings = root / "_build" / builder, root / f"{builder}-warnings.txt"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "--keep-going", "-q", "-c", ".",
         "-d", str(root / "_build" / f"{builder}-doctrees"), "-w", str(warnings),
         "source", str(out)],
        cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out, warnings.read_text(encoding="utf-8") + done.stderr


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("builders"))


@pytest.fixture(scope="module")
def html_labels(example_site) -> Counter[str]:
    """Every diagram's and chart's text alternative on the HTML site, as many times as
    it is drawn (the tom build of the session)."""
    assert example_site["code"] == 0, example_site["stderr"]
    found: Counter[str] = Counter()
    for page in example_site["html"].rglob("*.html"):
        found.update(html.unescape(label).removesuffix(LINKS)
                     for label in SVG_LABEL.findall(page.read_text(encoding="utf-8")))
    return found


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG read by hand: every chunk's CRC right, the pixels the size the header says."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == \
            zlib.crc32(kind + body), kind
        chunks[kind] = chunks.get(kind, b"") + body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    row = 1 + (width * channels * depth + 7) // 8  # a filter byte, then the pixels
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * row
    assert b"IEND" in chunks
    return width, height


def test_latex_has_a_picture_of_every_diagram_and_chart(example, html_labels):
    out, warnings = sphinx(example, "latex")
    assert warnings == ""
    tex = "\n".join(p.read_text(encoding="utf-8") for p in out.glob("*.tex"))
    pictures = re.findall(r"\\sphinxincludegraphics\[[^]]*\]\{\{(tom-(?:thread|chart)-\w+)\}"
                          r"\.png\}", tex)
    assert len(html_labels) > 15  # the council's thread, every TOM's, the progress charts
    assert len(pictures) == sum(html_labels.values())
    for name in set(pictures):
        width, height = png_size((out / f"{name}.png").read_bytes())
        assert width > 300 and height > 100, name
    # the caption beside a picture promises no links it does not have
    assert "Each box links" not in tex
    assert tex.count("The list below says the same in words.") == sum(
        n for label, n in html_labels.items() if label.startswith("The golden thread"))
    # nor does a PDF link to downloads that only the HTML site has
    assert r"\sphinxhref{downloads/" not in tex


def test_text_gives_every_diagram_and_chart_in_words(example, html_labels):
    out, warnings = sphinx(example, "text")
    assert warnings == ""
    text = " ".join(" ".join(p.read_text(encoding="utf-8").split())
                    for p in sorted(out.rglob("*.txt")))
    found = Counter(re.findall(r"\[image: ((?:The golden thread|Actions by status)[^]]*)\]",
                               text))
    assert found == html_labels
    assert "Each box links" not in text

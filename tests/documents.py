"""What every file the product writes must be, checked on the file itself (tests/<app>/ use
these on their own downloads; tests/core/test_documents*.py test the module).

- A PDF is tagged (PDF/UA-1): a structure tree, marked content, its language, its title in
  the document information and in the XMP metadata, shown by the viewer; every figure has a
  text alternative and the headings go down one level at a time from a first H1.
- A spreadsheet cell holding text that a spreadsheet would run as a formula starts with `'`.
"""

from __future__ import annotations

from io import BytesIO
from itertools import pairwise
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

# Text a parent or a partner could type, each a formula in some spreadsheet program.
FORMULAS = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "＝1+1",  # full-width equals sign
)


def struct_elements(reader: PdfReader) -> list[DictionaryObject]:
    """The structure elements in reading order (depth first)."""
    found: list[DictionaryObject] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if not isinstance(node, DictionaryObject):
            return  # a marked-content number
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def assert_tagged_pdf(content: bytes, *, title: str, lang: str = "fr-BE") -> PdfReader:
    """`content` is a tagged PDF with its language and title; returns the reader."""
    assert content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "no structure tree: the PDF is not tagged"
    # pypdf's BooleanObject(False) is truthy: compare its value.
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == lang
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata is not None and reader.metadata.title == title
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title == {"x-default": title}
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    elements = struct_elements(reader)
    tags = [str(e["/S"]) for e in elements]
    assert "/Document" in tags and len(tags) > 3, tags
    for element in elements:
        if element["/S"] == "/Figure":
            assert str(element.get("/Alt", "")).strip(), "a figure without a text alternative"
    levels = [int(tag[2]) for tag in tags if len(tag) == 3 and tag.startswith("/H")]
    assert levels and levels[0] == 1, f"the first heading is not H1: {levels}"
    for before, after in pairwise(levels):
        assert after <= before + 1, f"a heading level skipped: {levels}"
    return reader


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)

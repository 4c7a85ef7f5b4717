"""Read a PDF report into a Document: body text in reading order, ruled tables as grids.

Why it looks like this:

- pdfplumber (on pdfminer.six, both MIT; nothing AGPL) gives every glyph with
  its box and every ruling line and rectangle. The PDF is parsed once; tables
  are looked for only on pages that have horizontal and vertical rulings.
- Tables are read from the PDF's own rulings, never from its plain text, which
  puts figures before their multi-line labels and runs cells together. A
  ruling is a stroked line, rect or curve, or a thin filled rect (Word and WPS
  draw borders that way). A wide filled rect is a background: WPS puts a white
  one behind every body line, which a naive finder returns as a one-column
  "table". A table side left open by a page break (no top rule on the
  continuation page) is closed before cells are found.
- Merged cells are kept as the lead's grid policy says: a label cell is
  repeated into every row and column it spans (a group label applies to each
  of its rows), a figure is placed once, so values never shift. A table
  continued on the next page (same outer borders, column lines compatible) is
  joined to its first part: a header repeated there is dropped and a group
  label cut by the break is made whole again.
- Body text is every glyph outside the tables, grouped into lines, without
  running headers, footers and page numbers (rules/knowledge/pdf.yaml), rejoined into
  paragraphs across line and page breaks: a line that reaches the right margin
  goes on; an indent, a short line, a gap or a new heading ends a paragraph.
- Positions are (page, line, column), 1-based: line is the line of that page's
  text (all its glyphs, tables included, grouped into lines from top to
  bottom), column the glyph's place in that line from the left (spaces are not
  glyphs). A merged label repeated into several cells cites its one source.
- A PDF that needs a password, is damaged, or has no usable text layer
  (scanned) is an InputError: never a clean pass for a file that was not read.
"""
from __future__ import annotations

from ...core.model import Document
from ..text import document_from_text
from ..textbuild import TextBuilder
from .grids import Grid
from .layout import emit, layout
from .pages import read_pages, refuse_scanned


def pdf_document(path: str, raw: bytes) -> Document:
    """The Document of a PDF report (see the module docstring)."""
    notes: list = []
    pages = read_pages(path, raw, notes)
    refuse_scanned(path, pages)
    elements = layout(pages)
    builder = TextBuilder()
    emit(builder, elements)
    doc = document_from_text(builder.text(), path, media="pdf", encoding="pdf")
    doc.position_map = builder.position_map()
    doc.notes.extend(notes)
    doc.metadata["pages"] = len(pages)
    doc.metadata["tables"] = sum(1 for e in elements if isinstance(e, Grid))
    return doc

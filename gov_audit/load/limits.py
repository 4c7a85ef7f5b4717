"""What one report may make the loaders build, and what happens past it.

A file is at most MAX_BYTES (files.py), but some formats multiply: a merged
cell is repeated into every cell it spans (an HTML table of 50×50 cells each
spanning 200×200 expands to 100 million), a compressed PDF stream expands
a thousandfold, one PDF page may draw millions of lines. Each is bounded here,
and what passes a bound is not read and is said so in the file's notes,
while the rest of the report is still checked:

- a table whose merged cells expand past MAX_GRID_CELLS cells (or
  MAX_GRID_CHARACTERS characters of repeated labels) is left out;
- a PDF page that needs a stream decompressing past MAX_PAGE_STREAM_BYTES,
  interprets more than MAX_PAGE_OPERATIONS operands and path operators, or
  draws more than MAX_PAGE_OBJECTS glyphs, lines and shapes is left out;
- a PDF whose streams together decompress past MAX_PDF_STREAM_BYTES is
  refused whole (an InputError), and the pages after the first MAX_PDF_OBJECTS
  glyphs and rulings are left out.
"""
from __future__ import annotations

from typing import Optional

# Inputs: a file read costs memory a number of times its size (measured, README
# "Speed and limits"): each format reads at most this much. Real reports are far
# smaller (the text of an annual report: 10-50 KB).
MAX_TEXT_BYTES = 8 * 2**20  # .txt .md: ~75× in memory (a pipe table is the worst)
MAX_HTML_BYTES = 16 * 2**20  # .html: ~30×
MAX_DOCX_XML_BYTES = 16 * 2**20  # a .docx's word/document.xml unpacked: ~30×
MAX_PDF_OBJECTS = 1_000_000  # glyphs and rulings kept of a whole PDF (a 30-page report: ~50,000)

MAX_GRID_CELLS = 50_000  # a statistical table has a few hundred; a long listing a few thousand
MAX_GRID_CHARACTERS = 2_000_000  # characters of one table once merged labels are repeated
MAX_PAGE_OBJECTS = 50_000  # glyphs, lines, rects and curves of one PDF page (a dense page: ~5,000)
MAX_PAGE_OPERATIONS = 500_000  # operands and path operators of one page (a dense page: ~50,000)
MAX_PAGE_STREAM_BYTES = 32 * 2**20  # one page's content, decompressed (a dense page: ~200 KB)
MAX_PDF_STREAM_BYTES = 256 * 2**20  # all streams of a PDF, decompressed (fonts included)


def grid_problem(where: str, cells: int, characters: int) -> Optional[str]:
    """The note for a table too large once its merged cells are expanded, or None."""
    if cells > MAX_GRID_CELLS:
        return f"the table at {where} expands its merged cells to {cells:,} cells, more than {MAX_GRID_CELLS:,}: not read"
    if characters > MAX_GRID_CHARACTERS:
        return (f"the table at {where} expands its merged cells to {characters:,} characters, "
                f"more than {MAX_GRID_CHARACTERS:,}: not read")
    return None

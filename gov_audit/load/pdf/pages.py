"""Reading a PDF's pages: glyphs and ruled grids of each, and the refusal of scanned files.

The PDF is parsed once: through pdfium (pdfium.py, about 10× faster), which gives
the glyphs and rulings pdfplumber would, or by pdfplumber (on pdfminer.six)
where pdfium cannot give them the same (a rotated page, a glyph not upright),
cannot open the file (so the errors of a damaged file are pdfplumber's, as they
always were) or where a bound of limits.py may be reached (bounded.py leaves out
a page past them and says so). Only the parsing is guarded: the many exceptions
of a damaged file become InputErrors; what is done with its output is not. A
PDF with no usable text layer is refused, so that a scanned report is never a
clean pass.
"""
from __future__ import annotations

import functools
import io
import logging
import re
from dataclasses import dataclass
from typing import Optional

from ...core.resources import builtin_yaml
from ..files import InputError
from ..textbuild import BARS
from ..limits import MAX_PDF_OBJECTS
from .bounded import DocumentTooLarge, PageTooLarge, bounded_pages, bounded_streams
from .glyphs import Glyph, Line, number_lines
from .grids import fill_grids, find_grids, has_both_orientations, rulings
from .pdfium import read_document

ENCRYPTED = "encrypted PDF: remove the password and try again"
SCANNED = "scanned PDF (no text layer): no text to check — OCR is not supported"
GARBAGE = ("scanned PDF or unreadable text layer ({why}): no text to check — "
           "OCR is not supported")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
UNMAPPED = re.compile(r"^\(cid:|[\ue000-\uf8ff\ufffd]")  # a glyph the PDF gives no character for


@dataclass
class Page:
    number: int
    top: float
    height: float
    glyphs: list
    grids: list
    images: int
    unmapped: int


@functools.lru_cache(maxsize=None)
def settings() -> dict:
    data = builtin_yaml("knowledge/pdf.yaml")
    data["_page_number"] = [re.compile(p) for p in data["page_number_patterns"]]
    return data


def read_pages(path: str, raw: bytes, notes: Optional[list] = None) -> list[Page]:
    """Glyphs and ruled tables of every page; the PDF's own errors become InputErrors."""
    fast = read_document(raw)
    if fast is not None:
        return [_read_page(n, *parts) for n, parts in enumerate(fast, 1)]
    return _plumbed_pages(path, raw, notes)


def _plumbed_pages(path: str, raw: bytes, notes: Optional[list]) -> list[Page]:
    """The pages as pdfplumber reads them. Only the parsing (pdfminer) is guarded: it
    raises many kinds of exception on damaged files. What is done with its output is not.
    A page past the bounds of bounded.py is left out and named in `notes`.
    """
    import pdfplumber  # heavy: imported only when a PDF comes

    # pdfminer logs every oddity of a damaged content stream; the result (or
    # the InputError) says what matters, so only its errors may reach stderr.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    raw_pages = []
    try:
        with bounded_streams(), pdfplumber.open(io.BytesIO(raw)) as pdf:
            kept = 0  # glyphs and rulings of the pages read so far
            for page in bounded_pages(pdf):
                try:
                    if kept > MAX_PDF_OBJECTS:
                        raise PageTooLarge(f"the pages before it hold more than {MAX_PDF_OBJECTS:,} glyphs and lines")
                    parts = _parse_page(page)
                    kept += len(parts[1]) + len(parts[2])
                    raw_pages.append((page.page_number, parts))
                except PageTooLarge as exc:
                    if notes is not None:
                        notes.append(f"page {page.page_number} not read: {exc}")
                finally:
                    page.close()  # its objects are not kept past it
    except DocumentTooLarge as exc:
        raise InputError(path, f"PDF too large to read: {exc}") from None
    except Exception as exc:
        cause = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
        if type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
            raise InputError(path, ENCRYPTED) from None
        if isinstance(cause, PageTooLarge):  # a stream the document itself needs (its page tree, its xref)
            raise InputError(path, f"PDF too large to read: {cause}") from None
        reason = str(cause).strip() or type(cause).__name__
        raise InputError(path, f"damaged or invalid PDF, cannot read it ({reason[:120]})") from None
    return [_read_page(n, *parts) for n, parts in raw_pages]


def _parse_page(page) -> tuple:
    """What is needed of a pdfplumber page: its box, glyphs, rulings and image count."""
    return page.bbox, page.dedupe_chars(tolerance=1).chars, rulings(page), len(page.images)


def _read_page(number: int, bbox: tuple, chars: list, edges: list, images: int) -> Page:
    x0, top, x1, bottom = bbox
    glyphs, unmapped = [], 0
    for c in chars:
        text = c["text"]
        if not text or text.isspace():
            continue
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue  # outside the visible page
        if UNMAPPED.search(text):
            unmapped += 1
            continue
        glyphs.append(Glyph(text.translate(BARS), c["x0"], c["x1"], c["top"], c["bottom"], c["size"]))
    number_lines(glyphs)
    grids = find_grids(edges, number) if has_both_orientations(edges) else []
    outside = fill_grids(grids, glyphs) if grids else glyphs
    return Page(number, top, bottom - top, outside, grids, images, unmapped)


def refuse_scanned(path: str, pages: list[Page]) -> None:
    """No text to check: raise, so a scanned report is never a clean pass."""
    spec = settings()["scanned"]
    glyphs = [g for p in pages for g in p.glyphs] + [
        g for p in pages for grid in p.grids for cell in grid.cells for g in cell.glyphs]
    unmapped = sum(p.unmapped for p in pages)
    if len(glyphs) + unmapped < spec["min_chars_per_page"] * max(1, len(pages)):
        if any(p.images for p in pages) or not glyphs:
            raise InputError(path, SCANNED)
    if unmapped > spec["max_unmapped_ratio"] * (len(glyphs) + unmapped):
        raise InputError(path, GARBAGE.format(why="glyphs without characters"))
    cjk = sum(1 for g in glyphs if CJK.search(g.text))
    if cjk < spec["min_cjk_chars"]:
        raise InputError(path, GARBAGE.format(why="no Chinese text"))


def body_lines(page: Page) -> list[Line]:
    lines, current = [], []
    for g in page.glyphs:  # sorted by (line, column)
        if current and g.line != current[-1].line:
            lines.append(Line(page.number, current))
            current = []
        current.append(g)
    if current:
        lines.append(Line(page.number, current))
    return lines

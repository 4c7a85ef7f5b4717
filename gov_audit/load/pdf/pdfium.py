"""A PDF's pages through pdfium (pypdfium2, BSD/Apache): the glyphs and rulings pdfplumber gives.

Why it exists: pdfminer (under pdfplumber) interprets content streams in Python,
about 50 ms a page; pdfium gives a page's characters and paths in a few. This
module returns, for each page, what pages.py takes from pdfplumber — the page
box, the glyphs as `page.dedupe_chars(tolerance=1).chars` gives them (text, box,
size), the rulings as grids.rulings() makes them, the number of images — so the
reader downstream is the same and reads the same cells:

- a glyph's box is pdfminer's: from its origin to its advance width, from the
  font's descent to descent + size (pdfium's loose box has the same sides but
  the font's ascent on top, so the top is the bottom less the size);
- paths are classified as pdfminer classifies them (a straight segment is a
  line, a closed axis-aligned four-sided path a rect, anything else a curve of
  its segments' end points), each subpath on its own, and made into edges as
  pdfplumber makes them.

A document this cannot give exactly as pdfplumber would — a rotated page, a
page box away from the origin, a glyph that is not upright or horizontal —, one
pdfium cannot open (its errors are reported from pdfplumber's reading, as
before) and one that may pass a bound of limits.py (a stream that would decode
past its bound, streams.py; a page with more glyphs and shapes, or path
segments, than a page may have; more glyphs and rulings than a PDF may have)
return None: pdfplumber reads it, within the bounds bounded.py sets as it reads.
"""
from __future__ import annotations

import ctypes
from typing import Optional

from .. import limits
from .paths import shape_edges, subpaths
from .streams import within_bounds



class _Unsupported(Exception):
    """A page feature read otherwise by pdfminer: the document goes to pdfplumber."""


def read_document(raw_bytes: bytes) -> Optional[list[tuple]]:
    """(bbox, glyph dicts, ruling edges, image count) of every page, or None (see the module)."""
    import pypdfium2

    if not within_bounds(raw_bytes):
        return None
    try:
        pdf = pypdfium2.PdfDocument(raw_bytes)
    except Exception:  # noqa: BLE001 — pdfplumber reads it and says what is wrong
        return None
    try:
        pages, kept = [], 0
        for n in range(len(pdf)):
            pages.append(_page(pdf, n))
            kept += len(pages[-1][1]) + len(pages[-1][2])
            if kept > limits.MAX_PDF_OBJECTS:
                raise _Unsupported  # bounded.py leaves the pages past the bound out, and says so
        return pages
    except _Unsupported:
        return None
    except Exception:  # noqa: BLE001 — a page pdfium cannot load: pdfplumber says why
        return None
    finally:
        pdf.close()


def _page(pdf, index: int) -> tuple:
    page = pdf[index]
    try:
        if page.get_rotation() % 360:
            raise _Unsupported
        left, bottom, right, top = page.get_mediabox()
        if left or bottom or tuple(page.get_cropbox()) != (left, bottom, right, top):
            raise _Unsupported
        height = top - bottom
        textpage = page.get_textpage()
        try:
            if textpage.count_chars() > limits.MAX_PAGE_OBJECTS:
                raise _Unsupported
            chars = _dedupe(_glyphs(textpage.raw, height))
        finally:
            textpage.close()
        edges, images = _objects(page.raw, height, limits.MAX_PAGE_OBJECTS - len(chars))
        return (0, 0, right, height), chars, edges, images
    finally:
        page.close()


# ---------------------------------------------------------------- glyphs


class _Calls:
    """pdfium's text functions, the ones returning handles made to return plain addresses
    (a handle object for every glyph costs more than the call)."""

    def __init__(self):
        import pypdfium2.raw as pdfium_c

        def returning_address(function, *argtypes):
            address = ctypes.cast(function, ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)(address)

        self.c = pdfium_c
        self.text_object = returning_address(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_int)
        self.font_of = returning_address(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)


_CALLS: Optional[_Calls] = None


def _calls() -> _Calls:
    global _CALLS
    if _CALLS is None:
        _CALLS = _Calls()
    return _CALLS


def _page_text(textpage, count: int) -> str:
    """The characters of a text page, one per index (GetUnicode one by one past U+FFFF)."""
    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: 2 * max(written - 1, 0)].decode("utf-16-le", "replace")
    if len(text) != count:
        return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(count))
    return text


def _glyphs(textpage, height: float) -> list[dict]:
    """Every character of the page that is not a space pdfium made up, with pdfminer's box.

    A horizontal glyph's box goes from its origin to its advance, from the font's
    descent below the baseline to the size above that; a glyph of vertical writing
    (its origin is off the text matrix's baseline: it advances downwards) is the
    size wide from its origin and the size high above it.
    """
    calls = _calls()
    pdfium_c = calls.c
    count = pdfium_c.FPDFText_CountChars(textpage)
    text = _page_text(textpage, count)
    handle = ctypes.cast(textpage, ctypes.c_void_p)
    text_object, font_of = calls.text_object, calls.font_of
    get_matrix, font_size = pdfium_c.FPDFText_GetMatrix, pdfium_c.FPDFText_GetFontSize
    origin_of, loose_box = pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetLooseCharBox
    map_error = pdfium_c.FPDFText_HasUnicodeMapError
    matrix, box = pdfium_c.FS_MATRIX(), pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    fonts: dict = {}  # font → (name, descent per unit of size)
    out = []
    last = None  # the text object of the glyph before: its font, size and matrix hold for the next
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\x00":
            continue  # pdfium's own spaces and line ends (blank glyphs are skipped downstream anyway)
        obj = text_object(handle, i)
        if not obj:
            continue  # a character pdfium made up
        if obj != last:
            last = obj
            font = font_of(obj)
            spec = fonts.get(font)
            if spec is None:
                spec = fonts[font] = _font(font)
            get_matrix(textpage, i, matrix)
            a, d, f = matrix.a, matrix.d, matrix.f
            if matrix.b or matrix.c or a <= 0 or d <= 0:
                raise _Unsupported
            fs = font_size(textpage, i)
        origin_of(textpage, i, x, y)
        x0, baseline = x.value, y.value
        if abs(baseline - f) > 1e-3:  # vertical writing
            size = fs * a
            x1, bottom = x0 + size, height - baseline
        else:
            size = fs * d
            loose_box(textpage, i, box)
            x1, bottom = box.right, height - (baseline + spec[1] * size)
        out.append({"text": "(cid:0)" if map_error(textpage, i) else ch, "x0": x0, "x1": x1,
                    "top": bottom - size, "bottom": bottom, "size": size, "fontname": spec[0]})
    return out


def _font(font: Optional[int]) -> tuple:
    """(name, descent per unit of size) of a font. pdfminer takes a standard font's
    metrics from its own table (Adobe's AFM files), whatever the PDF says."""
    import pypdfium2.raw as pdfium_c

    if not font:
        return "", 0.0
    handle = ctypes.cast(font, pdfium_c.FPDF_FONT)
    length = pdfium_c.FPDFFont_GetBaseFontName(handle, None, 0)
    buffer = ctypes.create_string_buffer(length)
    pdfium_c.FPDFFont_GetBaseFontName(handle, buffer, length)
    name = buffer.value.decode("utf-8", "replace")
    descent = _standard_descent(name)
    if descent is None:
        value = ctypes.c_float()
        pdfium_c.FPDFFont_GetDescent(handle, 1000.0, value)
        descent = min(value.value, -value.value)  # as pdfminer: a descent is below the baseline
    return name, descent / 1000


def _standard_descent(name: str) -> Optional[float]:
    """The descent pdfminer gives one of the 14 standard fonts (from its AFM table), if `name` is one."""
    if "+" in name or not name.isascii():
        return None
    from pdfminer.fontmetrics import FONT_METRICS

    metrics = FONT_METRICS.get(name)
    return None if metrics is None else float(metrics[0].get("Descent", 0))


def _dedupe(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """pdfplumber's dedupe_chars(tolerance=1): of the glyphs of one text, font and size
    standing within `tolerance` of each other (top, then x0, in chains), the first by
    position is kept; the order is the page's."""
    groups: dict = {}
    for n, c in enumerate(chars):
        groups.setdefault((c["text"], c["fontname"], c["size"]), []).append((c["top"], c["x0"], n))
    drop = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        for row in _chains(members, 0, tolerance):
            if len(row) < 2:
                continue
            for cluster in _chains(row, 1, tolerance):
                if len(cluster) > 1:
                    kept = min(cluster)
                    drop.update(n for _, _, n in cluster if n != kept[2])
    return [c for n, c in enumerate(chars) if n not in drop] if drop else chars


def _chains(members: list, axis: int, tolerance: float) -> list[list]:
    """pdfplumber's cluster_objects: (top, x0, n) grouped by chains of one coordinate within `tolerance`."""
    ordered = sorted(members, key=lambda m: (m[axis], m[2]))
    out: list = [[ordered[0]]]
    for previous, current in zip(ordered, ordered[1:]):
        if current[axis] > previous[axis] + tolerance:
            out.append([])
        out[-1].append(current)
    return out


# ---------------------------------------------------------------- paths


def _objects(page, height: float, room: int) -> tuple[list, int]:
    """The ruling edges and the number of images of a page (form XObjects entered);
    _Unsupported past `room` objects or limits.MAX_PAGE_OPERATIONS path segments (bounded.py's bounds)."""
    import pypdfium2.raw as pdfium_c

    edges: list = []
    images = 0
    segments = [0]
    stack = [(pdfium_c.FPDFPage_CountObjects(page), lambda i: pdfium_c.FPDFPage_GetObject(page, i), None)]
    while stack:
        count, get, outer = stack.pop()
        room -= count
        if room < 0:
            raise _Unsupported
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                edges.extend(_path_edges(obj, _matrix(obj, outer), height, segments))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                form = obj
                stack.append((pdfium_c.FPDFFormObj_CountObjects(form),
                              lambda j, form=form: pdfium_c.FPDFFormObj_GetObject(form, j),
                              _matrix(form, outer)))
    return edges, images


def _matrix(obj, outer: Optional[tuple]) -> tuple:
    """The object's matrix on the page: its own, then its form's."""
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    own = (m.a, m.b, m.c, m.d, m.e, m.f)
    if outer is None:
        return own
    a, b, c, d, e, f = own
    a1, b1, c1, d1, e1, f1 = outer
    return (a * a1 + b * c1, a * b1 + b * d1, c * a1 + d * c1, c * b1 + d * d1,
            e * a1 + f * c1 + e1, e * b1 + f * d1 + f1)


def _path_edges(obj, matrix: tuple, height: float, segments: list) -> list:
    """The edges pdfplumber makes of the lines, rects and curves pdfminer makes of a path;
    `segments` counts the page's path segments (each takes two operands at least)."""
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFPath_CountSegments(obj)
    segments[0] += count
    if 2 * segments[0] > limits.MAX_PAGE_OPERATIONS:
        raise _Unsupported
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    stroked = bool(stroke.value)
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list = []  # (op, point) as pdfminer's path: m, l, c (a Bézier's end point), h
    beziers = 0
    for k in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            ops.append(("m", point))
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            ops.append(("l", point))
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            beziers += 1
            if beziers % 3 == 0:  # a Bézier is three points; pdfminer keeps its end
                ops.append(("c", point))
            continue
        else:
            raise _Unsupported
        beziers = 0
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            ops.append(("h", None))
    if beziers % 3:
        raise _Unsupported
    edges = []
    for subpath in subpaths(ops):
        edges.extend(shape_edges(subpath, stroked, height))
    return edges

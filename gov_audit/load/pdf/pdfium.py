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
page box away from the origin, a glyph that is not upright or horizontal — and
one pdfium cannot open (its errors are reported from pdfplumber's reading, as
before) return None: pdfplumber reads it.
"""
from __future__ import annotations

import ctypes
from typing import Optional

THIN = 2.0  # as grids.THIN: a filled rect thinner than this is a ruling
EDGE_MIN = 3.0  # as grids.EDGE_MIN


class _Unsupported(Exception):
    """A page feature read otherwise by pdfminer: the document goes to pdfplumber."""


def read_document(raw_bytes: bytes) -> Optional[list[tuple]]:
    """(bbox, glyph dicts, ruling edges, image count) of every page, or None (see the module)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(raw_bytes)
    except Exception:  # noqa: BLE001 — pdfplumber reads it and says what is wrong
        return None
    try:
        return [_page(pdf, n) for n in range(len(pdf))]
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
            chars = _dedupe(_glyphs(textpage.raw, height))
        finally:
            textpage.close()
        edges, images = _objects(page.raw, height)
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


def _objects(page, height: float) -> tuple[list, int]:
    """The ruling edges and the number of images of a page (form XObjects entered)."""
    import pypdfium2.raw as pdfium_c

    edges: list = []
    images = 0
    stack = [(pdfium_c.FPDFPage_CountObjects(page), lambda i: pdfium_c.FPDFPage_GetObject(page, i), None)]
    while stack:
        count, get, outer = stack.pop()
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                edges.extend(_path_edges(obj, _matrix(obj, outer), height))
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


def _path_edges(obj, matrix: tuple, height: float) -> list:
    """The edges pdfplumber makes of the lines, rects and curves pdfminer makes of a path."""
    import pypdfium2.raw as pdfium_c

    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    stroked = bool(stroke.value)
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list = []  # (op, point) as pdfminer's path: m, l, c (a Bézier's end point), h
    beziers = 0
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
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
    for subpath in _subpaths(ops):
        edges.extend(_shape_edges(subpath, stroked, height))
    return edges


def _subpaths(ops: list) -> list[list]:
    """pdfminer paints each subpath (from an m) of a path on its own; a path not starting with m is none."""
    if not ops or ops[0][0] != "m":
        return []
    out: list = []
    for op in ops:
        if op[0] == "m":
            out.append([])
        out[-1].append(op)
    return [p for p in out if len(p) > 1]


def _shape_edges(ops: list, stroked: bool, height: float) -> list:
    shape = "".join(op for op, _ in ops)
    pts = [point if op != "h" else ops[0][1] for op, point in ops]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        return _line_edges(pts[0], pts[1], height)
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return _rect_edges(pts[:4], stroked, height)
    return _curve_edges(pts, stroked, height)


def _bounds(pts: list, height: float) -> dict:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {"x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0, "doctop": height - y1,
            "width": x1 - x0, "height": y1 - y0}


def _line_edges(p0: tuple, p1: tuple, height: float) -> list:
    """pdfplumber's line_to_edge: "h" when both ends are at one height, else "v"."""
    edge = _bounds([p0, p1], height)
    edge["orientation"] = "h" if edge["top"] == edge["bottom"] else "v"
    edge["object_type"] = "line"
    return [edge] if _long(edge) else []


def _rect_edges(pts: list, stroked: bool, height: float) -> list:
    """pdfplumber's rect_to_edges, for a stroked rect or a thin filled one (grids.rulings)."""
    r = _bounds(pts, height)
    if not stroked and min(r["width"], r["height"]) >= THIN:
        return []
    top = dict(r, object_type="rect_edge", height=0, orientation="h", bottom=r["top"])
    bottom = dict(r, object_type="rect_edge", height=0, orientation="h", top=r["top"] + r["height"],
                  doctop=r["doctop"] + r["height"])
    left = dict(r, object_type="rect_edge", width=0, orientation="v", x1=r["x0"])
    right = dict(r, object_type="rect_edge", width=0, orientation="v", x0=r["x1"])
    return [e for e in (top, bottom, left, right) if _long(e)]


def _curve_edges(pts: list, stroked: bool, height: float) -> list:
    """pdfplumber's curve_to_edges for a stroked curve: one edge per pair of end points."""
    if not stroked:
        return []
    edges = []
    flipped = [(x, height - y) for x, y in pts]
    for (x0, t0), (x1, t1) in zip(flipped, flipped[1:]):
        orientation = "v" if x0 == x1 else ("h" if t0 == t1 else None)
        if orientation is None:
            continue
        edge = {"object_type": "curve_edge", "x0": min(x0, x1), "x1": max(x0, x1), "top": min(t0, t1),
                "doctop": min(t0, t1), "bottom": max(t0, t1), "width": abs(x0 - x1), "height": abs(t0 - t1),
                "orientation": orientation}
        if _long(edge):
            edges.append(edge)
    return edges


def _long(edge: dict) -> bool:
    length = edge["bottom"] - edge["top"] if edge["orientation"] == "v" else edge["x1"] - edge["x0"]
    return length >= EDGE_MIN

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
  running headers, footers and page numbers (rules/pdf.yaml), rejoined into
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

import bisect
import functools
import io
import logging
import re
import statistics
from dataclasses import dataclass, field
from typing import Optional

from ..text import InputError, document_from_text
from ...core.model import Document
from ...core.numbers import parse_figure
from ...core.resources import builtin_yaml
from ..textbuild import SourceCell, TextBuilder

SNAP = 3.0  # points: rulings this close are one line; ends this close meet
THIN = 2.0  # a filled rect thinner than this is a ruling, not a background
EDGE_MIN = 3.0  # shorter edges are glyph decoration, not rulings
MAX_REPEATED_HEADER = 4  # header rows a continuation page may repeat
# A "|" in the report's own text would read as a table cell border; it is kept
# as "¦", which normalization leaves alone (a full-width ｜ becomes | again).
BAR = "¦"
BARS = {ord("|"): BAR, ord("｜"): BAR}

ENCRYPTED = "encrypted PDF: remove the password and try again"
SCANNED = "scanned PDF (no text layer): no text to check — OCR is not supported"
GARBAGE = ("scanned PDF or unreadable text layer ({why}): no text to check — "
           "OCR is not supported")

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014]")
ITEM_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．](?!\d))")
SENTENCE_END = "。；;！!？?：:"


# ---------------------------------------------------------------- data


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    line: int = 0  # 1-based line of its page
    column: int = 0  # 1-based place in that line

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """A line of body text on one page."""

    page: int
    glyphs: list
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0

    def __post_init__(self):
        g = self.glyphs
        self.x0, self.x1 = g[0].x0, max(c.x1 for c in g)
        self.top, self.bottom = min(c.top for c in g), max(c.bottom for c in g)
        self.size = statistics.median(c.size for c in g)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.glyphs)


@dataclass
class GridCell:
    x0: float
    x1: float
    r0: int  # rows [r0, r1) of its grid
    r1: int
    page: int
    glyphs: list = field(default_factory=list)
    text: str = ""


@dataclass
class Grid:
    """A ruled table (possibly joined over pages): cells with row spans and x borders."""

    page: int
    last_page: int
    x0: float
    x1: float
    top: float
    bottom: float
    nrows: int
    cells: list
    ys: list = field(default_factory=list)  # row borders while the grid is one page's

    def borders(self) -> list:
        return _cluster([c.x0 for c in self.cells] + [c.x1 for c in self.cells])


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


# ---------------------------------------------------------------- entry


def pdf_document(path: str, raw: bytes) -> Document:
    """The Document of a PDF report (see the module docstring)."""
    pages = _read_pdf(path, raw)
    _refuse_scanned(path, pages)
    elements = _layout(pages)
    builder = TextBuilder()
    _emit(builder, elements)
    doc = document_from_text(builder.text(), path, media="pdf", encoding="pdf")
    doc.position_map = builder.position_map()
    doc.metadata["pages"] = len(pages)
    doc.metadata["tables"] = sum(1 for e in elements if isinstance(e, Grid))
    return doc


def _read_pdf(path: str, raw: bytes) -> list[Page]:
    """Glyphs and ruled tables of every page; the PDF's own errors become InputErrors.

    Only the parsing (pdfminer, through pdfplumber) is guarded: it raises many
    kinds of exception on damaged files. What is done with its output is not.
    """
    import pdfplumber  # heavy: imported only when a PDF comes

    # pdfminer logs every oddity of a damaged content stream; the result (or
    # the InputError) says what matters, so only its errors may reach stderr.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            raw_pages = [_parse_page(page) for page in pdf.pages]
    except Exception as exc:
        cause = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
        if type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
            raise InputError(path, ENCRYPTED) from None
        reason = str(cause).strip() or type(cause).__name__
        raise InputError(path, f"damaged or invalid PDF, cannot read it ({reason[:120]})") from None
    return [_read_page(n, *parts) for n, parts in enumerate(raw_pages, 1)]


def _parse_page(page) -> tuple:
    """What is needed of a pdfplumber page: its box, glyphs, rulings and image count."""
    return page.bbox, page.dedupe_chars(tolerance=1).chars, _rulings(page), len(page.images)


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
        if text.startswith("(cid:") or any(0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd" for ch in text):
            unmapped += 1
            continue
        glyphs.append(Glyph(text.translate(BARS), c["x0"], c["x1"], c["top"], c["bottom"], c["size"]))
    _number_lines(glyphs)
    grids = _find_grids(edges, number) if _has_both(edges) else []
    outside = _fill_grids(grids, glyphs) if grids else glyphs
    return Page(number, top, bottom - top, outside, grids, images, unmapped)


def _refuse_scanned(path: str, pages: list[Page]) -> None:
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


# ---------------------------------------------------------------- lines


def _number_lines(glyphs: list) -> None:
    """Give every glyph its page line and column (the page's extracted text)."""
    for n, line in enumerate(_text_lines(glyphs), 1):
        for col, g in enumerate(line, 1):
            g.line, g.column = n, col
    glyphs.sort(key=lambda g: (g.line, g.column))


def _text_lines(glyphs: list) -> list:
    """Glyphs grouped into lines, top to bottom, each left to right.

    A glyph belongs to the line whose first glyph it overlaps vertically by at
    least half its height: Latin digits and CJK glyphs of one baseline have
    different boxes, and a vertical label has one glyph a line.
    """
    lines: list = []
    top = bottom = 0.0
    for g in sorted(glyphs, key=lambda g: g.top):
        height = max(g.bottom - g.top, 0.1)
        if lines and min(bottom, g.bottom) - max(top, g.top) >= 0.5 * min(height, bottom - top):
            lines[-1].append(g)
        else:
            lines.append([g])
            top, bottom = g.top, max(g.bottom, g.top + 0.1)
    for line in lines:
        line.sort(key=lambda g: g.x0)
    return lines


def _body_lines(page: Page) -> list[Line]:
    lines, current = [], []
    for g in page.glyphs:  # sorted by (line, column)
        if current and g.line != current[-1].line:
            lines.append(Line(page.number, current))
            current = []
        current.append(g)
    if current:
        lines.append(Line(page.number, current))
    return lines


def _needs_space(left: Glyph, right: Glyph) -> bool:
    """A visible gap between two Latin glyphs (words, figures) of a line.

    Never beside a Chinese glyph: the gap before a figure in Chinese text is
    typesetting (the PDF holds no space), and "申请 17 件" would hide the
    phrasing "申请17件" from the lexicon.
    """
    if WIDE.match(left.text[-1]) or WIDE.match(right.text[0]):
        return False
    return right.x0 - left.x1 > 0.2 * min(left.size, right.size)


def joiner(left: str, right: str) -> str:
    """What joins two lines of one paragraph or cell: nothing in Chinese, a space between words."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return " "
    return ""


# ---------------------------------------------------------------- rulings and grids


def _rulings(page) -> list:
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    edges = [line_to_edge(obj) for obj in page.lines]
    for obj in page.rects:
        if obj.get("stroke") or min(obj["width"], obj["height"]) < THIN:
            edges.extend(rect_to_edges(obj))
    for obj in page.curves:
        if obj.get("stroke"):
            edges.extend(curve_to_edges(obj))
    return [e for e in edges if e.get("orientation") in ("h", "v") and _length(e) >= EDGE_MIN]


def _length(edge) -> float:
    return edge["bottom"] - edge["top"] if edge["orientation"] == "v" else edge["x1"] - edge["x0"]


def _has_both(edges) -> bool:
    return any(e["orientation"] == "h" for e in edges) and any(e["orientation"] == "v" for e in edges)


def _find_grids(edges: list, page: int) -> list[Grid]:
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    def merged(items):
        return merge_edges(items, snap_x_tolerance=SNAP, snap_y_tolerance=SNAP,
                           join_x_tolerance=SNAP, join_y_tolerance=SNAP)

    edges = merged(edges)
    edges = merged(edges + _closing_edges(edges))
    edges = [e for e in edges if _length(e) >= EDGE_MIN]
    cells = intersections_to_cells(edges_to_intersections(edges, SNAP, SNAP))
    grids = []
    for group in cells_to_tables(cells):
        grid = _grid(group, page)
        if grid is not None:
            grids.append(grid)
    return grids


def _closing_edges(edges: list) -> list:
    """Rulings that close a table's top or bottom left open by a page break.

    Where two or more vertical rulings start (or end) at the same height and no
    horizontal ruling joins them there, one is added. Open left and right
    sides are left alone: closing them could bridge two tables stacked on a page.
    """
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    added = []
    for end in ("top", "bottom"):
        for y, group in _ends(vertical, end):
            a, b = min(e["x0"] for e in group), max(e["x0"] for e in group)
            if not _covered(horizontal, "top", y, "x0", "x1", a, b):
                added.append(_edge("h", a, b, y, y))
    return added


def _ends(edges: list, key: str):
    """Groups of two or more edges whose `key` end is the same (within SNAP)."""
    items = sorted(edges, key=lambda e: e[key])
    group: list = []
    for e in items:
        if group and e[key] - group[0][key] > SNAP:
            if len(group) > 1:
                yield group[0][key], group
            group = []
        group.append(e)
    if len(group) > 1:
        yield group[0][key], group


def _covered(edges: list, pos_key: str, pos: float, lo_key: str, hi_key: str, a: float, b: float) -> bool:
    if b - a < EDGE_MIN:
        return True
    spans = sorted((max(a, e[lo_key]), min(b, e[hi_key])) for e in edges if abs(e[pos_key] - pos) <= SNAP)
    total, reach = 0.0, a
    for lo, hi in spans:
        if hi > reach:
            total += hi - max(lo, reach)
            reach = hi
    return total >= 0.9 * (b - a)


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    return {"object_type": "closing_edge", "orientation": orientation, "x0": x0, "x1": x1,
            "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top}


def _cluster(values: list) -> list:
    """Sorted representative values, one per run of values within SNAP."""
    out: list = []
    for v in sorted(values):
        if not out or v - out[-1][0] > SNAP:
            out.append([v, v])
        else:
            out[-1][1] = v
    return [(lo + hi) / 2 for lo, hi in out]


def _nearest(points: list, value: float) -> int:
    i = bisect.bisect_left(points, value)
    if i == len(points) or (i > 0 and value - points[i - 1] < points[i] - value):
        i -= 1
    return i


def _grid(bboxes: list, page: int) -> Optional[Grid]:
    xs = _cluster([b[0] for b in bboxes] + [b[2] for b in bboxes])
    ys = _cluster([b[1] for b in bboxes] + [b[3] for b in bboxes])
    if len(xs) < 3 or len(ys) < 2:
        return None  # one column: a box around text, not a table
    cells = []
    for x0, top, x1, bottom in bboxes:
        r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
        if r1 > r0:
            cells.append(GridCell(xs[_nearest(xs, x0)], xs[_nearest(xs, x1)], r0, r1, page))
    return Grid(page, page, xs[0], xs[-1], ys[0], ys[-1], len(ys) - 1, cells, ys) if cells else None


def _fill_grids(grids: list, glyphs: list) -> list:
    """Put each glyph inside a grid into its cell; return the glyphs outside every grid."""
    slots = []
    for grid in grids:
        xs = grid.borders()
        ys = grid.ys
        owner = {}
        for cell in grid.cells:
            c0, c1 = _nearest(xs, cell.x0), _nearest(xs, cell.x1)
            for r in range(cell.r0, cell.r1):
                for c in range(c0, c1):
                    owner[r, c] = cell
        slots.append((grid, xs, ys, owner))
    outside = []
    for g in glyphs:
        for grid, xs, ys, owner in slots:
            if xs[0] - 1 <= g.cx <= xs[-1] + 1 and ys[0] - 1 <= g.cy <= ys[-1] + 1:
                c = min(max(bisect.bisect_right(xs, g.cx) - 1, 0), len(xs) - 2)
                r = min(max(bisect.bisect_right(ys, g.cy) - 1, 0), len(ys) - 2)
                cell = owner.get((r, c))
                if cell is None:  # a hole in the rulings: a cell of its own
                    cell = owner[r, c] = GridCell(xs[c], xs[c + 1], r, r + 1, grid.page)
                    grid.cells.append(cell)
                cell.glyphs.append(g)
                break
        else:
            outside.append(g)
    for grid, *_ in slots:
        for cell in grid.cells:
            cell.text = _cell_text(cell.glyphs)
    return outside


def _cell_text(glyphs: list) -> str:
    """A cell's text: its lines joined (no space between Chinese lines), glyphs kept in reading order."""
    lines = _text_lines(glyphs)
    glyphs[:] = [g for line in lines for g in line]
    parts: list[str] = []
    prev = None
    for line in lines:
        for n, g in enumerate(line):
            if prev is not None:
                if n == 0:
                    parts.append(joiner(prev.text, g.text))
                elif _needs_space(prev, g):
                    parts.append(" ")
            parts.append(g.text)
            prev = g
    return "".join(parts).strip()



# ---------------------------------------------------------------- layout


def _layout(pages: list[Page]) -> list:
    """Body lines and grids of the whole report in reading order.

    Page furniture is dropped first, so that a table at the foot of one page
    and one at the head of the next are adjacent: they are one table when
    their outer borders agree and their column lines are compatible.
    """
    per_page = []
    for page in pages:
        items = _body_lines(page) + page.grids
        items.sort(key=lambda e: e.top)
        per_page.append(items)
    _drop_furniture(pages, per_page)
    elements: list = []
    for items in per_page:
        for item in items:
            prev = elements[-1] if elements else None
            if (isinstance(item, Grid) and isinstance(prev, Grid) and prev.last_page == item.page - 1
                    and _same_table(prev, item)):
                _join(prev, item)
            else:
                elements.append(item)
    return elements


def _drop_furniture(pages: list[Page], per_page: list) -> None:
    """Remove page numbers and running headers/footers (rules/pdf.yaml)."""
    spec = settings()
    band = spec["margin_band"]
    candidates = []
    for index, (page, items) in enumerate(zip(pages, per_page)):
        for zone, seq in (("top", items[:2]), ("bottom", items[::-1][:2])):
            for item in seq:
                if not isinstance(item, Line):
                    break
                if zone == "top":
                    inside = item.bottom - page.top <= band * page.height
                else:
                    inside = item.top - page.top >= (1 - band) * page.height
                if not inside:
                    break
                candidates.append((index, item, zone))
    seen: dict = {}
    for index, item, zone in candidates:
        seen.setdefault((zone, _furniture_key(item.text)), set()).add(index)
    need = max(spec["running_min_pages"], (len(pages) + 1) // 2)
    drop = set()
    for index, item, zone in candidates:
        text = re.sub(r"\s+", "", item.text)
        if any(p.fullmatch(text) for p in spec["_page_number"]) or len(seen[zone, _furniture_key(text)]) >= need:
            drop.add(id(item))
    for items in per_page:
        items[:] = [item for item in items if id(item) not in drop]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _same_table(first: Grid, second: Grid) -> bool:
    """The grid at the head of a page continues the one at the foot of the page before."""
    if abs(first.x0 - second.x0) > 2 * SNAP or abs(first.x1 - second.x1) > 2 * SNAP:
        return False
    a, b = first.borders()[1:-1], second.borders()[1:-1]

    def within(xs, ys):
        return all(any(abs(x - y) <= 2 * SNAP for y in ys) for x in xs)

    return within(a, b) or within(b, a)


def _join(first: Grid, second: Grid) -> None:
    """Append a continuation to its table: a repeated header dropped, a cut group label mended."""
    skip = _repeated_header(first, second)
    base = first.nrows - skip
    added = []
    for cell in second.cells:
        if cell.r1 <= skip:
            continue
        cell.r0, cell.r1 = max(cell.r0, skip) + base, cell.r1 + base
        added.append(cell)
    head = [c for c in added if c.r0 == first.nrows]
    foot = [c for c in first.cells if c.r1 == first.nrows]
    for cell in head:
        above = next((c for c in foot if abs(c.x0 - cell.x0) <= SNAP and abs(c.x1 - cell.x1) <= SNAP), None)
        if above is None or not above.text or is_value(above.text):
            continue
        # A group label (labels stand to its right in the same row) cut by the
        # page break: the part on the new page is empty or no new item.
        if not any(o.x0 >= cell.x1 - SNAP and o.text and not is_value(o.text) for o in head):
            continue
        if cell.text and ITEM_START.match(cell.text):
            continue
        above.r1 = cell.r1
        if cell.text:
            above.text += joiner(above.text, cell.text) + cell.text
            above.glyphs.extend(cell.glyphs)
        added.remove(cell)
    first.cells.extend(added)
    first.nrows = base + second.nrows
    first.last_page = second.last_page


def _repeated_header(first: Grid, second: Grid) -> int:
    """How many leading rows of a continuation repeat the table's header rows."""

    def row(grid: Grid, r: int) -> tuple:
        return tuple(c.text for c in sorted(grid.cells, key=lambda c: c.x0) if c.r0 == r)

    k = 0
    while k < min(MAX_REPEATED_HEADER, first.nrows, second.nrows):
        a = row(first, k)
        if not any(a) or a != row(second, k) or any(is_value(t) for t in a if t):
            break
        k += 1
    return k


# ---------------------------------------------------------------- emission


def _emit(builder: TextBuilder, elements: list) -> None:
    lines = [e for e in elements if isinstance(e, Line)]
    margins, pitches = _margins(lines), _pitches(lines)
    paragraph: list = []
    for item in elements:
        if isinstance(item, Grid):
            _emit_paragraph(builder, paragraph)
            paragraph = []
            _emit_grid(builder, item)
        elif paragraph and _continues(paragraph[-1], item, margins, pitches):
            paragraph.append(item)
        else:
            _emit_paragraph(builder, paragraph)
            paragraph = [item]
    _emit_paragraph(builder, paragraph)


def _margins(lines: list) -> dict:
    """(left, right) text margins of each page: where lines start and end.

    The left margin is the leftmost x where two or more lines start, the right
    one the rightmost x where two or more lines end (justified Chinese lines
    end exactly there); a page with few lines takes the report's.
    """
    whole = _edges_of(lines)
    pages: dict = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    return {page: _edges_of(items) if len(items) >= 4 else whole for page, items in pages.items()}


def _edges_of(lines: list) -> tuple:
    if not lines:
        return 0.0, 0.0
    lefts = _shared([l.x0 for l in lines]) or [min(l.x0 for l in lines)]
    rights = _shared([l.x1 for l in lines]) or [max(l.x1 for l in lines)]
    return min(lefts), max(rights)


def _shared(values: list) -> list:
    """Values that another value lies within SNAP of."""
    values = sorted(values)
    return [v for i, v in enumerate(values)
            if (i > 0 and v - values[i - 1] <= SNAP) or (i + 1 < len(values) and values[i + 1] - v <= SNAP)]


def _pitches(lines: list) -> dict:
    """The usual distance from one body line to the next, per page."""
    gaps: dict = {}
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and b.top > a.top:
            gaps.setdefault(a.page, []).append(b.top - a.top)
    return {page: statistics.median(values) for page, values in gaps.items()}


def _continues(prev: Line, line: Line, margins: dict, pitches: dict) -> bool:
    """Whether `line` goes on with the paragraph that `prev` ended."""
    _, right = margins[prev.page]
    left, _ = margins[line.page]
    if prev.x1 < right - prev.size:  # a short line ends its paragraph
        return False
    if line.x0 > left + line.size:  # an indented line starts one
        return False
    if abs(prev.size - line.size) > 1.5:  # heading and body
        return False
    if prev.page == line.page and line.top - prev.top > 1.5 * pitches.get(prev.page, 2 * prev.size):
        return False  # a blank line between
    if prev.text[-1] in SENTENCE_END and ITEM_START.match(line.text):
        return False
    return True


def _emit_paragraph(builder: TextBuilder, lines: list) -> None:
    if not lines:
        return
    run: list = []  # glyphs of one anchored piece: same line, consecutive columns
    prev: Optional[Glyph] = None
    prev_page = None
    for line in lines:
        for g in line.glyphs:
            sep = ""
            if prev is not None:
                if g.line != prev.line or line.page != prev_page:
                    sep = joiner(prev.text, g.text)
                elif _needs_space(prev, g):
                    sep = " "
            if run and (sep or g.line != prev.line or line.page != prev_page
                        or g.column != prev.column + 1 or len(g.text) != 1 or len(prev.text) != 1):
                _add_run(builder, run, prev_page)
                run = []
            if sep:
                builder.add(sep, g.line, g.column, line.page)
            run.append(g)
            prev, prev_page = g, line.page
    _add_run(builder, run, prev_page)
    builder.newline()


def _add_run(builder: TextBuilder, run: list, page: int) -> None:
    if run:
        builder.add("".join(g.text for g in run), run[0].line, run[0].column, page)


def _emit_grid(builder: TextBuilder, grid: Grid) -> None:
    """The grid as pipe rows: labels repeated over their span, figures placed once.

    Two empty lines stand before and after it, so that a one-line paragraph
    between two tables is never taken for a line of either.
    """
    xs = grid.borders()
    width = len(xs) - 1
    rows: list = [[None] * width for _ in range(grid.nrows)]
    for cell in grid.cells:
        if not cell.text:
            continue
        c0, c1 = _nearest(xs, cell.x0), _nearest(xs, cell.x1)
        if c1 <= c0:
            continue
        first = cell.glyphs[0]
        source = SourceCell(cell.text, first.line, first.column, cell.page, numeric=is_value(cell.text))
        if source.numeric:
            rows[cell.r0][c0] = source
        else:
            for r in range(cell.r0, cell.r1):
                for c in range(c0, c1):
                    rows[r][c] = source
    rows = [row for row in rows if any(cell is not None for cell in row)]
    if not rows:
        return
    blank_lines(builder)
    builder.add_table(rows)
    blank_lines(builder)


def blank_lines(builder: TextBuilder) -> None:
    builder.newline()
    builder.blank_line()


_ASCII = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}


@functools.lru_cache(maxsize=4096)
def is_value(text: str) -> bool:
    """A figure or a blank marker (/, -, 无): placed once, never repeated over a merge."""
    from ...read.tables import templates

    text = text.translate(_ASCII).strip()
    markers = {m for ms in templates()["blank_markers"].values() for m in ms}
    return text in markers or parse_figure(text) is not None

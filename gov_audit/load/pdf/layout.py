"""A PDF's body lines and grids in reading order, emitted as the one text the pipeline reads.

Page furniture (page numbers, running headers and footers: rules/knowledge/pdf.yaml)
is dropped first, so that a table at the foot of one page and its continuation
at the head of the next are adjacent and joined. Body lines are rejoined into
paragraphs across line and page breaks; each grid becomes pipe rows, a label
repeated over its merged span, a figure placed once.
"""
from __future__ import annotations

import re
import statistics
from typing import Optional

from ...knowledge.numbering import item_start
from ..textbuild import SourceCell, TextBuilder, blank_lines, is_value, joiner
from .glyphs import Glyph, Line, needs_space
from .grids import SNAP, Grid, nearest
from .pages import Page, body_lines, settings

MAX_REPEATED_HEADER = 4  # header rows a continuation page may repeat
SENTENCE_END = "。；;！!？?：:"


def layout(pages: list[Page]) -> list:
    """Body lines and grids of the whole report in reading order.

    Page furniture is dropped first, so that a table at the foot of one page
    and one at the head of the next are adjacent: they are one table when
    their outer borders agree and their column lines are compatible.
    """
    per_page = []
    for page in pages:
        items = body_lines(page) + page.grids
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
    """Remove page numbers and running headers/footers (rules/knowledge/pdf.yaml)."""
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
        if cell.text and item_start().match(cell.text):
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


def emit(builder: TextBuilder, elements: list) -> None:
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
    if prev.text[-1] in SENTENCE_END and item_start().match(line.text):
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
                elif needs_space(prev, g):
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
        c0, c1 = nearest(xs, cell.x0), nearest(xs, cell.x1)
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

"""Tables of a PDF page found from its own rulings: grids of cells with their spans.

A ruling is a stroked line, rect or curve, or a thin filled rect (Word and WPS
draw borders that way); a wide filled rect is a background. A table side left
open by a page break is closed before cells are found. Each glyph inside a
grid goes to its cell.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

from ..textbuild import joiner
from .glyphs import needs_space, text_lines

SNAP = 3.0  # points: rulings this close are one line; ends this close meet
THIN = 2.0  # a filled rect thinner than this is a ruling, not a background
EDGE_MIN = 3.0  # shorter edges are glyph decoration, not rulings


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


def rulings(page) -> list:
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


def has_both_orientations(edges) -> bool:
    return any(e["orientation"] == "h" for e in edges) and any(e["orientation"] == "v" for e in edges)


def find_grids(edges: list, page: int) -> list[Grid]:
    from pdfplumber.table import cells_to_tables, merge_edges

    def merged(items):
        return merge_edges(items, snap_x_tolerance=SNAP, snap_y_tolerance=SNAP,
                           join_x_tolerance=SNAP, join_y_tolerance=SNAP)

    edges = merged(edges)
    edges = merged(edges + _closing_edges(edges))
    edges = [e for e in edges if _length(e) >= EDGE_MIN]
    cells = _cells(_intersections(edges))
    grids = []
    for group in cells_to_tables(cells):
        grid = _grid(group, page)
        if grid is not None:
            grids.append(grid)
    return grids


def _intersections(edges: list) -> dict:
    """pdfplumber's edges_to_intersections(edges, SNAP, SNAP): each point where a vertical
    ruling meets a horizontal one (within SNAP), with the bounding boxes of the rulings
    through it, {(x, y): (vertical boxes, horizontal boxes)}."""
    vertical = sorted((e for e in edges if e["orientation"] == "v"), key=lambda e: (e["x0"], e["top"]))
    horizontal = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: (e["top"], e["x0"]))
    found: dict = {}
    for v in vertical:
        x, v_top, v_bottom = v["x0"], v["top"], v["bottom"]
        for h in horizontal:
            y = h["top"]
            if v_top <= y + SNAP and v_bottom >= y - SNAP and h["x0"] - SNAP <= x <= h["x1"] + SNAP:
                through = found.get((x, y))
                if through is None:
                    through = found[x, y] = (set(), set())
                through[0].add(_box(v))
                through[1].add(_box(h))
    return found


def _box(edge: dict) -> tuple:
    return edge["x0"], edge["top"], edge["x1"], edge["bottom"]


def _cells(found: dict) -> list:
    """pdfplumber's intersections_to_cells: for each point in order, the smallest cell whose
    four corners are points joined by rulings, the point its top left corner."""

    def joined(p1, p2) -> bool:
        return bool((p1[0] == p2[0] and found[p1][0] & found[p2][0])
                    or (p1[1] == p2[1] and found[p1][1] & found[p2][1]))

    points = sorted(found)
    by_row: dict = {}
    for p in points:
        by_row.setdefault(p[1], []).append(p)
    cells = []
    for i, top_left in enumerate(points):
        below = []
        for p in points[i + 1:]:
            if p[0] != top_left[0]:
                break
            below.append(p)
        right = [p for p in by_row[top_left[1]] if p > top_left]
        cell = _smallest_cell(top_left, below, right, found, joined)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(top_left, below, right, found, joined):
    for below_pt in below:
        if not joined(top_left, below_pt):
            continue
        for right_pt in right:
            if not joined(top_left, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in found and joined(corner, right_pt) and joined(corner, below_pt):
                return (top_left[0], top_left[1], corner[0], corner[1])
    return None


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


def nearest(points: list, value: float) -> int:
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
        r0, r1 = nearest(ys, top), nearest(ys, bottom)
        if r1 > r0:
            cells.append(GridCell(xs[nearest(xs, x0)], xs[nearest(xs, x1)], r0, r1, page))
    return Grid(page, page, xs[0], xs[-1], ys[0], ys[-1], len(ys) - 1, cells, ys) if cells else None


def fill_grids(grids: list, glyphs: list) -> list:
    """Put each glyph inside a grid into its cell; return the glyphs outside every grid."""
    slots = []
    for grid in grids:
        xs = grid.borders()
        ys = grid.ys
        owner = {}
        for cell in grid.cells:
            c0, c1 = nearest(xs, cell.x0), nearest(xs, cell.x1)
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
    lines = text_lines(glyphs)
    glyphs[:] = [g for line in lines for g in line]
    parts: list[str] = []
    prev = None
    for line in lines:
        for n, g in enumerate(line):
            if prev is not None:
                if n == 0:
                    parts.append(joiner(prev.text, g.text))
                elif needs_space(prev, g):
                    parts.append(" ")
            parts.append(g.text)
            prev = g
    return "".join(parts).strip()

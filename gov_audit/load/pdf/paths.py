"""pdfminer's reading of a path, and pdfplumber's edges of it: for the paths pdfium gives.

pdfminer paints each subpath (from an m) on its own and classifies it by its
operators: one straight segment is a line; a closed four-sided path whose sides
are horizontal and vertical is a rect; anything else a curve through its
segments' end points (a Bézier's control points left out). pdfplumber makes
edges of them (line_to_edge, rect_to_edges, curve_to_edges), and grids.rulings
keeps the rulings among them: every line, the edges of a stroked rect or of a
thin filled one, the horizontal and vertical edges of a stroked curve, each at
least EDGE_MIN long. The same is done here with the same arithmetic, so that
the cells found from them are the same.
"""
from __future__ import annotations

from .grids import EDGE_MIN, THIN


def subpaths(ops: list) -> list[list]:
    """pdfminer paints each subpath (from an m) of a path on its own; a path not starting with m is none."""
    if not ops or ops[0][0] != "m":
        return []
    out: list = []
    for op in ops:
        if op[0] == "m":
            out.append([])
        out[-1].append(op)
    return [p for p in out if len(p) > 1]


def shape_edges(ops: list, stroked: bool, height: float) -> list:
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

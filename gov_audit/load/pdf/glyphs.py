"""A PDF page's glyphs grouped into text lines, as the page's extracted text counts them.

A glyph belongs to the line whose first glyph it overlaps vertically by at
least half its height; each glyph gets its 1-based line and column, which are
the positions findings cite.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014]")


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


def number_lines(glyphs: list) -> None:
    """Give every glyph its page line and column (the page's extracted text)."""
    for n, line in enumerate(text_lines(glyphs), 1):
        for col, g in enumerate(line, 1):
            g.line, g.column = n, col
    glyphs.sort(key=lambda g: (g.line, g.column))


def text_lines(glyphs: list) -> list:
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


def needs_space(left: Glyph, right: Glyph) -> bool:
    """A visible gap between two Latin glyphs (words, figures) of a line.

    Never beside a Chinese glyph: the gap before a figure in Chinese text is
    typesetting (the PDF holds no space), and "申请 17 件" would hide the
    phrasing "申请17件" from the lexicon.
    """
    if WIDE.match(left.text[-1]) or WIDE.match(right.text[0]):
        return False
    return right.x0 - left.x1 > 0.2 * min(left.size, right.size)

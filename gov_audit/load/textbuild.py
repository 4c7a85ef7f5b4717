"""Building a Document from structured sources (HTML, Word, PDF).

Every loader turns its source into the one text the rest of the pipeline reads:
paragraphs as lines, and each table as pipe rows (`| 标签 | 12 | 0 |`), merged
cells already expanded. Each piece added remembers where it stood in the
source (page, line, column), so findings cite the source file, not the text.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import Optional

from ..core.figures import parse_figure
from ..knowledge.templates import blank_markers

# A "|" in the report's own text would read as a table cell border; it is kept
# as "¦", which normalization leaves alone (a full-width ｜ becomes | again).
BAR = "¦"
BARS = {ord("|"): BAR, ord("｜"): BAR}


@dataclass
class Anchor:
    offset: int  # where the piece starts in the built text
    page: Optional[int]
    line: int
    column: int


class PositionMap:
    """Offset in the built text → (page, line, column) in the source."""

    def __init__(self, anchors: list[Anchor]):
        self.anchors = anchors
        self.offsets = [a.offset for a in anchors]

    def __call__(self, offset: int):
        i = bisect.bisect_right(self.offsets, offset) - 1
        if i < 0:
            return None, 1, 1
        anchor = self.anchors[i]
        return anchor.page, anchor.line, anchor.column + (offset - anchor.offset)


class TextBuilder:
    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.anchors: list[Anchor] = []

    def add(self, text: str, line: int = 1, column: int = 1, page: Optional[int] = None) -> None:
        """A piece of source text starting at (page, line, column); no line breaks in it."""
        text = text.replace("\r", " ").replace("\n", " ")
        if not text:
            return
        self.anchors.append(Anchor(self.length, page, line, column))
        self._append(text)

    def add_lines(self, text: str, line: int = 1, column: int = 1, page: Optional[int] = None) -> None:
        """Source text that may span lines (each line anchored at its own source line)."""
        for n, part in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            if n:
                self.newline()
            self.add(part, line + n, column if n == 0 else 1, page)

    def newline(self) -> None:
        """End the current line (a paragraph or a table row)."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self._append("\n")

    def blank_line(self) -> None:
        """End the current line and leave an empty one: keeps a paragraph apart from a table."""
        self.newline()
        if not self.parts or not self.parts[-1].endswith("\n\n"):
            self._append("\n")

    def add_table(self, rows: list[list[Optional["SourceCell"]]]) -> None:
        """A grid as pipe rows; a None cell is an empty one."""
        self.newline()
        for row in rows:
            self._append("|")
            for cell in row:
                self._append(" ")
                if cell is not None and cell.text:
                    self.add(cell.text, cell.line, cell.column, cell.page)
                self._append(" |")
            self.newline()

    def text(self) -> str:
        return "".join(self.parts)

    def position_map(self) -> PositionMap:
        return PositionMap(self.anchors)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


@dataclass
class SourceCell:
    """A table cell's text and where it starts in the source."""

    text: str
    line: int = 1
    column: int = 1
    page: Optional[int] = None
    numeric: bool = False


def joiner(left: str, right: str) -> str:
    """What joins two lines of one paragraph or cell: nothing in Chinese, a space between words."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return " "
    return ""


def blank_lines(builder: TextBuilder) -> None:
    builder.newline()
    builder.blank_line()


_ASCII = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}


@functools.lru_cache(maxsize=4096)
def is_value(text: str) -> bool:
    """A figure or a blank marker (/, -, 无): placed once, never repeated over a merge."""
    text = text.translate(_ASCII).strip()
    return text in blank_markers() or parse_figure(text) is not None

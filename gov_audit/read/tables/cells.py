"""Table text into a stream of cells, and cells into rows: a label, then its values.

Every layout real reports use (one cell per line between `|` lines, one row
per line with merged cells dropped, Markdown pipe rows, HTML/PDF grids turned
into rows) becomes one stream of cells. A row of the stream is a label (one or
more text cells) followed by its value cells.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from ...core.figures import parse_figure
from ...knowledge.layout import table_line_ranges
from ...knowledge.templates import blank_markers, unit_cells

CJK = regex.compile(r"\p{Han}")


@dataclass(slots=True)
class Cell:
    text: str  # normalized
    start: int
    end: int
    line: int  # index of the source line (a row on one line shares it)
    kind: str = ""  # label | number | blank | unit | empty
    figure: object = None


@dataclass
class StreamRow:
    label: str
    label_start: int
    label_end: int
    values: list = field(default_factory=list)  # Cells: number | blank | empty
    single_line: bool = True
    index: int = 0
    first_line: int = 0
    parts: list = field(default_factory=list)  # (start, end) of each label cell
    leaf: str = ""  # the last label cell: the row's own label under repeated merged parents


def cells_from_text(text: str) -> list[Cell]:
    """Split the tabular lines of a text into cells, with offsets."""
    cells: list[Cell] = []
    for number, (start, end) in enumerate(table_line_ranges(text)):
        pos = start
        line = text[start:end]
        for part in line.split("|"):
            stripped = part.strip()
            if stripped:
                lead = len(part) - len(part.lstrip())
                cells.append(Cell(stripped, pos + lead, pos + lead + len(stripped), number))
            else:
                cells.append(Cell("", pos, pos, number))
            pos += len(part) + 1
        if not line.strip():
            cells.pop()  # a blank line is no cell
    return cells


def classify(cells: list[Cell]) -> list[Cell]:
    markers = blank_markers()
    units = unit_cells()
    for cell in cells:
        text = cell.text
        if not text:
            cell.kind = "empty"
        elif text in markers:
            cell.kind = "blank"
            cell.figure = markers[text]
        elif text in units:
            cell.kind = "unit"
        else:
            figure = parse_figure(text)
            if figure is not None and not figure.percent:
                cell.kind = "number"
                cell.figure = figure
            elif CJK.search(text) or regex.search(r"[A-Za-z]", text):
                cell.kind = "label"
            else:
                cell.kind = "empty"  # stray punctuation
    return cells


def stream_rows(cells: list[Cell]) -> list[StreamRow]:
    """Group cells into rows: a label (possibly wrapped over cells), then its values.

    A label cell continues the current label when no value came since and the
    label so far stands alone on its line (a label wrapped over lines) or on
    the same line (a merged parent cell before its child label).
    """
    per_line: dict[int, int] = {}
    for cell in cells:
        if cell.kind != "empty":
            per_line[cell.line] = per_line.get(cell.line, 0) + 1
    rows: list[StreamRow] = []
    current: Optional[StreamRow] = None
    label_line = -1
    for cell in cells:
        if cell.kind == "label":
            if current is not None and _continues(current, cell, label_line, per_line):
                current.label += cell.text
                current.label_end = cell.end
                current.leaf = cell.text
                current.parts.append((cell.start, cell.end))
                current.values = []
            else:
                current = StreamRow(cell.text, cell.start, cell.end, index=len(rows), first_line=cell.line,
                                    leaf=cell.text, parts=[(cell.start, cell.end)])
                rows.append(current)
            label_line = cell.line
        elif current is not None and cell.kind in ("number", "blank", "empty"):
            current.values.append(cell)
            # The empty slots around the pipes of the next line are no values of
            # this row: only a figure or blank marker on another line makes the
            # row span lines.
            if cell.line != current.first_line and cell.kind != "empty":
                current.single_line = False
    return rows


def _continues(row: StreamRow, cell: Cell, label_line: int, per_line: dict) -> bool:
    if any(v.kind in ("number", "blank") for v in row.values):
        return False
    if cell.line == label_line:
        return True
    later_slot = any(v.kind == "empty" and v.line > label_line for v in row.values)
    return per_line.get(label_line, 0) == 1 and not later_slot

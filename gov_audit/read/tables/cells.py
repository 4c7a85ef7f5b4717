"""Table text into cells, and cells into rows: a label, then its values.

Every layout real reports use becomes one stream of cells (knowledge/layout.py
finds the table lines and divides each into cells: pipes, tabs, runs of
spaces, or a whole line as one cell). A cell keeps its slot on its line, so a
blank written as an empty cell keeps its column. A row of the stream is a
label (one or more text cells) followed by its values: the cells after the
label on the label's own line, or, when that line holds none, the values on
the lines that follow it (a table written one cell per line).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from ...core.figures import parse_figure
from ...knowledge.layout import split_line, table_line_ranges
from ...knowledge.templates import blank_markers, has_row_numbering, is_header_label, unit_cells

CJK = regex.compile(r"\p{Han}")
LATIN = regex.compile(r"[A-Za-z]")
VALUE_KINDS = ("number", "blank")
WRAPPED_LABEL_CHARS = 80  # a label wrapped over lines is no longer than this


@dataclass(slots=True)
class Cell:
    text: str  # normalized
    start: int
    end: int
    line: int  # index of the table line (a row on one line shares it)
    kind: str = ""  # label | number | blank | unit | empty
    figure: object = None
    slot: int = 0  # place among the cells of its line
    separator: str = ""  # how its line is divided: "|", "\t", "  ", "" (one cell per line)


@dataclass
class StreamRow:
    label: str
    label_start: int
    label_end: int
    values: list = field(default_factory=list)  # Cells: number | blank | empty
    single_line: bool = True  # its values stand on one line, in their slots
    index: int = 0
    first_line: int = 0
    parts: list = field(default_factory=list)  # (start, end) of each label cell
    leaf: str = ""  # the last label cell: the row's own label under repeated merged parents
    width: int = 0  # cells on the line of its values
    separator: str = ""  # how that line is divided
    label_line: int = 0  # the line of its last label cell
    alone: bool = False  # its label stood alone on its line
    label_slots: dict = field(default_factory=dict)  # slot → text of its label cells on its line
    line_cells: int = 0  # cells on the line of its label
    wrapped: list = field(default_factory=list)  # its label joined with a wrapped part on the line before or after

    def figures(self) -> list:
        return [v for v in self.values if v.kind in VALUE_KINDS]

    def has_values(self) -> bool:
        return any(v.kind in VALUE_KINDS for v in self.values)


def cells_from_text(text: str) -> list[Cell]:
    """The cells of the text's table lines, with offsets; empty cells between separators kept."""
    cells: list[Cell] = []
    for number, (start, end) in enumerate(table_line_ranges(text)):
        line = text[start:end]
        split = split_line(line)
        fields = split.fields or ((0, 0),)  # a line of pipes alone: one empty cell, a separator
        for slot, (a, b) in enumerate(fields):
            cells.append(Cell(line[a:b], start + a, start + b, number, slot=slot, separator=split.separator))
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
            elif CJK.search(text) or LATIN.search(text):
                cell.kind = "label"
            else:
                cell.kind = "empty"  # stray punctuation, an alignment row's ---
    return cells


def lines_of(cells: list[Cell]) -> list:
    """The cells grouped by table line: [(line number, [Cell])]."""
    lines: list = []
    for cell in cells:
        if not lines or lines[-1][0] != cell.line:
            lines.append((cell.line, []))
        lines[-1][1].append(cell)
    return lines


def stream_rows(cells: list[Cell]) -> list[StreamRow]:
    """Group cells into rows: a label (possibly wrapped over cells), then its values.

    On a line, each run of label cells starts a row (or continues the current
    label: a merged parent cell before its child label on the same line, or a
    label wrapped onto the next line), and the cells after it up to the next
    label are its values. A line of values without a label continues the
    current row while that row still waits for its values (they follow its
    label's line, one or more per line); otherwise it is a row of its own,
    whose label a PDF converter put elsewhere.
    """
    rows: list[StreamRow] = []
    current: Optional[StreamRow] = None
    for number, line in lines_of(cells):
        if _separator_line(line):
            if current is not None and not current.single_line:
                current.values.append(line[0])  # keeps empty cells written one per line apart
            continue
        for labels, values in _segments(line):
            if labels:
                current = _labelled(rows, current, labels, number, len(line))
                current.values = values if any(v.kind in VALUE_KINDS for v in values) else []
                current.width, current.separator = len(line), line[0].separator
                current.single_line = bool(current.values)
            elif current is None or current.has_values() and current.single_line or is_header_row(current):
                current = _row_without_label(values, line, len(rows))
                rows.append(current)
            elif not current.values and not _takes_values_below(current, line):
                current = _row_without_label(values, line, len(rows))
                rows.append(current)
            elif len(values) == 1 and (not current.values or not current.single_line):
                current.values.extend(values)  # one cell per line: the row gathers them
                current.single_line = False
            elif not current.values:
                current.values = values  # its values on the line after its label
                current.width, current.separator = len(line), line[0].separator
                current.single_line = True
            else:
                current = _row_without_label(values, line, len(rows))
                rows.append(current)
    _join_wrapped_labels(rows)
    return rows


def _takes_values_below(row: StreamRow, line: list) -> bool:
    """A label whose line left empty cells for its values takes a line of values only
    when that line is divided as its own (the same grid); a line of another shape is a
    row whose label stands elsewhere (a page break between them)."""
    return row.alone or row.line_cells == len(row.label_slots) or len(line) == row.line_cells


def _join_wrapped_labels(rows: list) -> None:
    """A label a converter wrapped over two table lines: the part on the line before a row
    of figures, or after it, holds no figures and starts no row (no numbering). The row
    keeps its label and gains the joined one, slot by slot, for matching."""
    for k, row in enumerate(rows):
        if not row.has_values() or not row.label:
            continue
        before = rows[k - 1] if k else None
        after = rows[k + 1] if k + 1 < len(rows) else None
        if _wrap_part(before, row, row.label_line - 1):
            row.wrapped.append(_joined(before, row))
        if _wrap_part(after, row, row.label_line + 1) and not has_row_numbering(after.label):
            row.wrapped.append(_joined(row, after))


def _wrap_part(part: Optional[StreamRow], row: StreamRow, line: int) -> bool:
    """A label without figures on the line next to a row's, divided as the row's line is:
    the rest of a label wrapped in its cell, not a header or a row of its own."""
    return (part is not None and part.label and not part.has_values() and part.label_line == line
            and part.line_cells == row.line_cells and not is_header_row(part))


def is_header_row(row: StreamRow) -> bool:
    """A row whose label cells are all header words (行政复议 | 行政诉讼): a line of the header."""
    return bool(row.label_slots) and all(is_header_label(text) for text in row.label_slots.values())


def _joined(upper: StreamRow, lower: StreamRow) -> str:
    """Two rows' labels joined slot by slot (a cell's text continues in the cell below it)."""
    slots = sorted(set(upper.label_slots) | set(lower.label_slots))
    return "".join(upper.label_slots.get(s, "") + lower.label_slots.get(s, "") for s in slots)


def _separator_line(line: list) -> bool:
    """A line holding only `|`: in a table written one cell per line it separates cells."""
    return len(line) == 1 and line[0].kind == "empty" and line[0].separator == "|"


def _segments(line: list) -> list:
    """A line's runs of label cells, each with the cells after it up to the next label
    (units left out). Empty cells before a label are the slots of merged labels; a
    run of values with no label before it comes first, with an empty label run."""
    segments: list = []
    labels: list = []
    values: list = []
    for cell in line:
        if cell.kind == "label":
            if any(v.kind in VALUE_KINDS for v in values):
                segments.append((labels, values))
                labels = []
            values = []
            labels.append(cell)
        elif cell.kind != "unit":
            values.append(cell)
    if labels or any(v.kind in VALUE_KINDS for v in values):
        segments.append((labels, values))
    return segments


def _labelled(rows: list, current: Optional[StreamRow], labels: list, number: int, cells_on_line: int) -> StreamRow:
    alone = len(labels) == 1 and cells_on_line == 1
    for cell in labels:
        if current is not None and _continues(current, cell, number, alone):
            current.label += cell.text
            current.label_end = cell.end
            current.leaf = cell.text
            current.parts.append((cell.start, cell.end))
        else:
            current = StreamRow(cell.text, cell.start, cell.end, index=len(rows), first_line=number,
                                leaf=cell.text, parts=[(cell.start, cell.end)])
            rows.append(current)
        if current.label_line != number:
            current.label_slots = {}
        current.label_slots[cell.slot] = current.label_slots.get(cell.slot, "") + cell.text
        current.label_line = number
        current.line_cells = cells_on_line
        current.alone = alone
    return current


def _continues(row: StreamRow, cell: Cell, number: int, alone: bool) -> bool:
    """A label cell continues the row's label: on the same line (a merged parent
    before its child), or on the next line when both stand alone on their lines
    and the new one starts no row of its own (no numbering, not a header word)."""
    if row.has_values() or not row.label:
        return False
    if number == row.label_line:
        return True
    return (alone and row.alone and number == row.label_line + 1
            and not has_row_numbering(cell.text) and not is_header_label(cell.text)
            and not is_header_label(row.label) and len(row.label) + len(cell.text) <= WRAPPED_LABEL_CHARS)


def _row_without_label(values: list, line: list, index: int) -> StreamRow:
    first = next(c for c in values if c.kind in VALUE_KINDS)
    return StreamRow("", first.start, first.start, values=values, index=index, first_line=first.line,
                     width=len(line), separator=first.separator, label_line=first.line)

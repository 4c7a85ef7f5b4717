"""Which column each value of a row stands in: decided by the table's header, or not at all.

A header is a run of table lines without figures whose cells name columns
(自然人, 商业企业 … 总计, 本年制发件数, 结果维持 …; knowledge/templates.py
`column_headers`). A row's values are placed in columns in one of two ways,
and only when one of them decides every value:

- by slot: the header's lines and the row's line are divided into the same
  number of cells (an HTML, Word or PDF grid, or a Markdown table written in
  full): each value takes the column named by the header cells stacked over
  its slot, and an empty cell is a blank in its own column;
- by count: the row holds exactly as many values as the header names columns
  (or, with no header, as the template has): they stand in the template's
  order, with a column the template does not have (a local 小计) placed where
  the header puts it.

A row that neither decides is unread: its values are never packed to the left.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Optional

from ...knowledge.templates import clean_label, column_header_names, has_row_numbering, header_words, is_header_label
from .cells import VALUE_KINDS, Cell, StreamRow


@dataclass
class Header:
    """A run of header lines: their cells, line by line."""

    first_line: int
    last_line: int
    lines: list  # [[Cell]]

    def tokens(self) -> list:
        """The header's cells in reading order, with the columns each names."""
        return [(cell, column_header_names(clean_label(cell.text))) for line in self.lines for cell in line
                if cell.kind == "label"]

    def widths(self) -> set:
        return {len(line) for line in self.lines}


def find_headers(lines: list) -> "Headers":
    """Runs of header lines in the table lines ([(line number, [Cell])])."""
    headers: list[Header] = []
    for number, line in lines:
        kind = _header_line(line)
        if kind is None:
            continue
        last = headers[-1] if headers else None
        if last is not None and number - last.last_line <= 2:
            last.lines.append(line)
            last.last_line = number
        elif kind == "names":
            headers.append(Header(number, number, [line]))
    return Headers([h for h in headers if any(names for _, names in h.tokens())])


def _header_line(line: list) -> Optional[str]:
    """"names" (a header line naming a column), "words" (header words only), or None."""
    if any(c.kind in VALUE_KINDS for c in line):
        return None
    labels = [c for c in line if c.kind == "label"]
    if not labels or any(has_row_numbering(c.text) for c in labels):
        return None
    cleaned = [clean_label(c.text) for c in labels]
    if any(column_header_names(text) for text in cleaned):
        return "names"
    if all(text in header_words() for text in cleaned):
        return "words"
    return None


class Headers(list):
    """The headers of a text, in the order of their lines, each found for a row by bisection."""

    def __init__(self, headers: list):
        super().__init__(headers)
        self.last_lines = [h.last_line for h in headers]


def governing(headers: Headers, row: StreamRow) -> Optional[Header]:
    """The last header above a row."""
    k = bisect.bisect_left(headers.last_lines, row.first_line) - 1
    return headers[k] if k >= 0 else None


def place(row: StreamRow, columns: list, header: Optional[Header], extras: tuple = ()) -> Optional[dict]:
    """{column: Cell or None (blank)} for a row's values, or None when no rule decides every value.

    `columns` are the template's columns for the row, in the template's order;
    `extras` the columns a report may add (小计), placed only where a header names them.
    """
    if header is not None and row.single_line and row.separator in ("|", "\t"):
        by_slot = _by_slot(row, columns, extras, header)
        if by_slot is not None:
            return by_slot
    order = _header_order(columns, extras, header) if header is not None else None
    if order is None:
        order = list(columns)
    slots = value_slots(row)
    if len(slots) != len(order):
        slots = _trimmed(slots, row, len(order))
    if len(slots) != len(order):
        return None
    return {column: (cell if cell is not None and cell.kind in VALUE_KINDS else None)
            for column, cell in zip(order, slots)}


def fills(row: StreamRow, width: int) -> bool:
    """Whether a row's values fill exactly `width` columns (blanks keeping their slots)."""
    slots = value_slots(row)
    return len(slots) == width or len(_trimmed(slots, row, width)) == width


def _trimmed(slots: list, row: StreamRow, width: int) -> list:
    """Slots without the empty cells around the figures, when those are the surplus: the
    slots of merged labels before them, a web page's stray cells after them. One cell per
    line with every cell filled: the separator lines end rows, they hold no blanks."""
    if not row.single_line and len(row.figures()) == width:
        return row.figures()
    first = next((k for k, s in enumerate(slots) if s is not None), len(slots))
    last = max((k for k, s in enumerate(slots) if s is not None), default=-1)
    return slots[first:last + 1]


def value_slots(row: StreamRow) -> Optional[list]:
    """The row's value cells in order, empty slots kept where the layout keeps them.

    On one line: every cell after the label (an empty cell is a blank). One
    per line between `|` lines: two separator lines in a row enclose an empty
    cell. One per line with no separator: the figures in order.
    """
    if row.single_line:
        return [v if v.kind in VALUE_KINDS else None for v in row.values]
    if any(v.kind == "empty" and v.separator == "|" for v in row.values):
        return _slots_between_separator_lines(row)
    return [v for v in row.values if v.kind in VALUE_KINDS]


def _slots_between_separator_lines(row: StreamRow) -> list:
    filled_lines = {v.line for v in row.values if v.kind != "empty"}
    slots: list = []
    previous_separator = None
    for v in row.values:
        if v.kind != "empty":
            slots.append(v)
            previous_separator = None
        elif v.line not in filled_lines and v.line != previous_separator:
            if previous_separator is not None and v.line == previous_separator + 1:
                slots.append(None)
            previous_separator = v.line
    return slots


def _by_slot(row: StreamRow, columns: list, extras: tuple, header: Header) -> Optional[dict]:
    """Values placed by the header cells stacked over their slots (lines of equal width).

    Adjacent slots naming the same column are one merged cell (a header spanning
    them): it holds at most one figure.
    """
    if header.widths() != {row.width}:
        return None
    named = _slot_columns(list(columns) + list(extras), header, row.width)
    spans: dict[str, list] = {}
    for slot, column in named.items():
        spans.setdefault(column, []).append(slot)
    if any(slots != list(range(slots[0], slots[-1] + 1)) for slots in spans.values()):
        return None  # a column named in two places
    if not set(columns) & set(spans):
        return None
    placed: dict = {}
    for cell in row.values:
        column = named.get(cell.slot)
        if column is None:
            if cell.kind in VALUE_KINDS:
                return None  # a figure under no column
            continue
        if cell.kind in VALUE_KINDS:
            if placed.get(column) is not None:
                return None  # two figures in one merged cell
            placed[column] = cell
        else:
            placed.setdefault(column, None)
    return {c: placed.get(c) for c in list(columns) + list(extras) if c in spans}


def _slot_columns(wanted: list, header: Header, width: int) -> dict:
    """{slot: column} for the slots whose stacked header cells name exactly one wanted column;
    where the stack names several, its lowest cell decides (商业企业 under 法人或其他组织)."""
    named: dict[int, str] = {}
    for slot in range(width):
        path = [clean_label(line[slot].text) for line in header.lines if line[slot].kind == "label"]
        if not path:
            continue
        found = column_header_names("".join(path), wanted)
        if len(found) > 1:
            found = column_header_names(path[-1], wanted) or found
        if len(found) == 1:
            named[slot] = next(iter(found))
    return named


def _header_order(columns: list, extras: tuple, header: Header) -> Optional[list]:
    """The row's columns as the header has them: the template's order, with a column the
    template lacks (小计) put where the header puts it; only the columns a header names,
    when it names every one of its cells (a header of 自然人 and 总计 alone).

    None when the header names no column of this row: it belongs to another table.
    """
    tokens = header.tokens()
    seen = {c for _, names in tokens for c in names}
    if not seen & (set(columns) | set(extras)):
        return None
    # A header that names its columns one by one (at least two, nothing else) gives the
    # columns; one that names fewer, or holds words of its own, only confirms the template's.
    complete = len(seen & set(columns)) >= 2 and all(names or is_header_label(cell.text) for cell, names in tokens)
    order = [c for c in columns if c in seen] if complete else list(columns)
    for extra in extras:
        if extra not in seen:
            continue
        at = _extra_position(extra, order, header)
        if at is None:
            return ["?"]  # named but not placeable: no count can match
        order.insert(at, extra)
    return order


def _extra_position(extra: str, columns: list, header: Header) -> Optional[int]:
    """Where an extra column stands among the template's: by its neighbours on its header line."""
    for line in header.lines:
        names = [column_header_names(clean_label(c.text), list(columns) + [extra]) if c.kind == "label" else set()
                 for c in line]
        spots = [k for k, n in enumerate(names) if extra in n]
        if not spots:
            continue
        k = spots[0]
        after = [n for n in names[k + 1:] if n & set(columns)]
        if after:
            return min(columns.index(c) for c in after[0] & set(columns))
        before = [n for n in names[:k] if n & set(columns)]
        if before:
            return max(columns.index(c) for c in before[-1] & set(columns)) + 1
    return None

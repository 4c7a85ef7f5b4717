"""Statistical tables: from text to template rows to facts.

The cells of the text's tables (cells.py) are aligned to the template rows of
the detected format (align.py), and each value becomes a `Fact` keyed
`<row key>.<column>` (knowledge/templates.py). Tables whose cells ran together
are read from running text instead (flattened.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...core.model import UNKNOWN_FORMAT, Coverage, Document, Fact
from ...knowledge.layout import table_line_ranges
from ...knowledge.templates import column_name, detect_format, key_for, row_columns, templates, variants
from . import flattened
from .align import align
from .cells import Cell, StreamRow, cells_from_text, classify, stream_rows

MIN_ROWS = 2  # data rows a table needs before its template is taken as found


@dataclass
class TableRead:
    """What was read of the tables of a document."""

    format: str
    facts: list
    coverage: Coverage


def read_tables(doc: Document, rows: Optional[list[StreamRow]] = None) -> TableRead:
    """Table facts of a document, its format and what was covered."""
    fmt, formats = detect_format(doc.text)
    coverage = Coverage(format=fmt)
    if rows is None:
        rows = stream_rows(classify(cells_from_text(doc.text)))
    if fmt == UNKNOWN_FORMAT:
        return TableRead(fmt, [], coverage)
    facts: list[Fact] = []
    skip = table_line_ranges(doc.text)
    for base_name in formats[fmt]["tables"]:
        best = None
        for table_name in [base_name] + variants(base_name):
            table = templates()["tables"][table_name]
            part = Coverage(format=fmt)
            table_facts, expected = _read_table(doc, table, rows, part)
            # Cells run together in running text; blanks the relations force to 0.
            table_facts, expected = flattened.complete(doc, table_name, table, table_facts, expected, part, skip)
            read = sum(1 for f in table_facts if f.value is not None)
            if best is None or read > best[0]:
                best = (read, table_name, table_facts, expected, part)
        _, table_name, table_facts, expected, part = best
        coverage.table_cells += expected
        coverage.table_cells_inferred += part.table_cells_inferred
        coverage.rows_missing.extend(part.rows_missing)
        if part.rows_unread:
            coverage.rows_unread = getattr(coverage, "rows_unread", []) + part.rows_unread
        if table_facts:
            coverage.tables_found.append(table_name)
        facts.extend(table_facts)
    coverage.table_cells_read = sum(1 for f in facts if f.value is not None and not f.key.endswith("header"))
    return TableRead(fmt, facts, coverage)


def _read_table(doc: Document, table: dict, rows: list[StreamRow], coverage: Coverage):
    template_rows = table["rows"]
    mapping = align(template_rows, rows)
    if not _enough_evidence(table, rows, mapping):
        mapping = {}  # a stray label elsewhere (table 四's header cell 总计) is not this table
    headers, stood_for = _stood_for(template_rows, rows, mapping)
    facts: list[Fact] = []
    expected = 0
    local = table.get("local")  # a row missing from a locally defined form is not its row
    for i, trow in enumerate(template_rows):
        columns = row_columns(table, trow)
        if i in stood_for or (local and i not in mapping):
            continue
        if not trow.get("optional") or i in headers:
            expected += len(columns)
        if i not in mapping:
            if not trow.get("optional"):
                coverage.rows_missing.append(trow["key"])
            continue
        row = rows[mapping[i]]
        if trow.get("collect"):
            slots = _collect(rows, mapping[i], trow["collect"])
        else:
            slots = _value_slots(row, len(columns))
        label = row_label(doc, row)
        for column, cell in zip(columns, slots):
            key = key_for(trow["key"], column)
            fact = _cell_fact(doc, key, row, label, column, cell)
            if fact is not None and (fact.value is not None or not trow.get("optional")):
                facts.append(fact)
    return facts, expected


def _enough_evidence(table: dict, rows: list[StreamRow], mapping: dict) -> bool:
    """Whether the matched rows show the table is there: `min_rows` data rows, or
    fewer whose figures each fill exactly the row's columns."""
    template_rows = table["rows"]
    data = [(template_rows[i], rows[j]) for i, j in mapping.items() if not template_rows[i].get("optional")]
    data = [(t, r) for t, r in data if any(v.kind in ("number", "blank") for v in r.values)]
    if len(data) >= table.get("min_rows", MIN_ROWS):
        return True
    return all(
        t.get("collect") or _written_width(r) == len(row_columns(table, t))
        for t, r in data
    )


def _written_width(row: StreamRow) -> int:
    """How many value cells a row holds; on one line, empty cells between figures count."""
    filled = [k for k, v in enumerate(row.values) if v.kind in ("number", "blank")]
    if not filled:
        return 0
    if not row.single_line:
        return max(len(filled), len(_slots_between_separator_lines(row)))
    return filled[-1] + 1


def _stood_for(template_rows: list[dict], rows: list[StreamRow], mapping: dict) -> tuple[set, set]:
    """Group rows stated by their header alone: (header indices, sub-row indices).

    A group header (t3.other_header) that holds figures while none of its
    sub-rows (t3.other.*) was found is the group in one row — the 2019 layout
    of （六）其他处理 in a 2021 table. Its sub-rows are then not missing.
    """
    headers: set = set()
    children_out: set = set()
    for i, trow in enumerate(template_rows):
        if not trow.get("optional") or i not in mapping or not trow["key"].endswith("_header"):
            continue
        if not any(v.kind in ("number", "blank") for v in rows[mapping[i]].values):
            continue
        group = trow["key"][: -len("_header")] + "."
        children = [k for k, t in enumerate(template_rows) if k > i and t["key"].startswith(group)]
        if children and not any(k in mapping for k in children):
            headers.add(i)
            children_out.update(children)
    return headers, children_out


def row_label(doc: Document, row: StreamRow) -> str:
    """A row's label in the report's characters: its label cells, each once
    (a merged parent label repeated into every row it spans is shown once)."""
    seen: list[str] = []
    for start, end in row.parts or [(row.label_start, row.label_end)]:
        text = doc.quote(start, end).strip()
        if text and text not in seen:
            seen.append(text)
    return " ".join(seen)


def _cell_fact(doc: Document, key: str, row: StreamRow, label: str, column: str, cell: Optional[Cell]):
    column = column_name(column)
    if cell is None:
        # A blank where a figure belongs: positioned at the row label.
        return Fact(key, None, "", "table", row.label_start, row.label_end, blank="empty",
                    row_label=label, column_label=column)
    quote = doc.quote(cell.start, cell.end)
    if cell.kind == "blank":
        return Fact(key, None, quote, "table", cell.start, cell.end, blank=cell.figure,
                    row_label=label, column_label=column)
    figure = cell.figure
    return Fact(key, figure.value, quote, "table", cell.start, cell.end, unit=figure.unit,
                row_label=label, column_label=column)


def _value_slots(row: StreamRow, width: int) -> list[Optional[Cell]]:
    """The row's value cells by column; None where the cell is missing or empty."""
    filled = [v for v in row.values if v.kind in ("number", "blank")]
    if not row.single_line and len(filled) < width:
        by_lines = _slots_between_separator_lines(row)
        if len(by_lines) == width:
            return by_lines
    if len(filled) >= width or not row.single_line:
        slots: list[Optional[Cell]] = list(filled[:width])
    else:
        slots = [v if v.kind != "empty" else None for v in row.values[:width]]
        if sum(s is not None for s in slots) < len(filled):
            slots = list(filled)
    return slots + [None] * (width - len(slots))


def _slots_between_separator_lines(row: StreamRow) -> list[Optional[Cell]]:
    """Cells written one per line between `|` lines: two `|` lines in a row
    enclose an empty cell, which keeps its column."""
    filled_lines = {v.line for v in row.values if v.kind != "empty"}
    slots: list[Optional[Cell]] = []
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


def _collect(rows: list[StreamRow], start: int, width: int) -> list[Optional[Cell]]:
    """The next `width` value cells from stream row `start` on, across header rows."""
    found: list[Optional[Cell]] = []
    for row in rows[start:]:
        for v in row.values:
            if v.kind in ("number", "blank"):
                found.append(v)
                if len(found) == width:
                    return found
    return found + [None] * (width - len(found))

"""Statistical tables: from text to template rows to facts.

The cells of the text's tables (cells.py) are grouped into rows and aligned
to the template rows of the detected format (align.py); the table's header
decides which column each value stands in (columns.py), and each value
becomes a `Fact` keyed `<row key>.<column>` (knowledge/templates.py). A row
whose values no rule places is unread, never guessed. Tables whose cells ran
together are read from running text instead (flattened.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...core.model import UNKNOWN_FORMAT, UNREAD, Coverage, Document, Fact
from ...knowledge.layout import table_line_ranges
from ...knowledge.templates import (
    column_name,
    detect_format,
    key_for,
    row_columns,
    templates,
    variants,
)
from . import flattened
from .align import align
from .cells import Cell, StreamRow, cells_from_text, classify, is_header_row, lines_of, stream_rows
from .columns import Header, fills, find_headers, governing, place

MIN_ROWS = 2  # data rows a table needs before its template is taken as found
UNPLACED = "数字个数与表头列数不符，无法确定各数字所在的列"


@dataclass
class TableRead:
    """What was read of the tables of a document."""

    format: str
    facts: list
    coverage: Coverage
    expected_keys: frozenset = frozenset()  # the cells of the templates read: a key not read is untested


@dataclass
class Layout:
    """The text's table rows and headers, found once for every table of the format."""

    rows: list
    headers: list

    @classmethod
    def of(cls, text: str) -> "Layout":
        cells = classify(cells_from_text(text))
        return cls(stream_rows(cells), find_headers(lines_of(cells)))


@dataclass
class _Table:
    """One table's reading: its facts, the cells it should have, and its rows' fate."""

    facts: list = field(default_factory=list)
    expected: int = 0
    keys: set = field(default_factory=set)


def read_tables(doc: Document, evidence: Optional[dict] = None) -> TableRead:
    """Table facts of a document, its format and what was covered.

    `evidence`: {indicator key: exact values} the report's text states for those
    cells (prose figures the lexicon keyed), which may choose among the splits of
    a row whose digits ran together.
    """
    skip = table_line_ranges(doc.text)
    fmt, formats = detect_format(doc.text, skip)
    coverage = Coverage(format=fmt)
    if fmt == UNKNOWN_FORMAT:
        return TableRead(fmt, [], coverage)
    layout = Layout.of(doc.text)
    facts: list[Fact] = []
    keys: set = set()
    for base_name in formats[fmt]["tables"]:
        best = None
        for table_name in [base_name] + variants(base_name):
            table = templates()["tables"][table_name]
            part = Coverage(format=fmt)
            read = _read_table(doc, table, layout, part)
            # Cells run together in running text; blanks the relations force to 0.
            read.facts, read.expected = flattened.complete(doc, table_name, table, read.facts, read.expected,
                                                           part, skip, evidence)
            score = sum(1 for f in read.facts if f.value is not None)
            if best is None or score > best[0]:
                best = (score, table_name, read, part)
        _, table_name, read, part = best
        coverage.table_cells += read.expected
        coverage.table_cells_inferred += part.table_cells_inferred
        coverage.rows_missing.extend(part.rows_missing)
        coverage.rows_unread.extend(part.rows_unread)
        coverage.rows_contradicted.extend(part.rows_contradicted)
        coverage.rows_short.extend(part.rows_short)
        if read.facts:
            coverage.tables_found.append(table_name)
            keys |= read.keys
        facts.extend(read.facts)
    # Each cell is read (inferred ones counted apart too), doubtful (a guess chose it),
    # unread, or blank; the cells of rows never found are in none of these.
    data = [f for f in facts if not f.key.endswith("header")]
    coverage.table_cells_read = sum(1 for f in data if f.value is not None and not f.hedge)
    coverage.table_cells_doubtful = sum(1 for f in data if f.value is not None and f.hedge)
    coverage.table_cells_unread = sum(1 for f in data if f.blank == UNREAD)
    return TableRead(fmt, facts, coverage, frozenset(keys))


def stated_cells(prose: list) -> dict:
    """{indicator key: exact values} of the prose figures keyed to one table cell each (a figure
    whose scope may differ, 现行有效…698件 counted on another day, still points at its cell: a split
    it chooses is marked doubtful all the same)."""
    stated: dict = {}
    for fact in prose:
        if fact.key and fact.value is not None and fact.value.is_exact \
                and "+" not in fact.key and "*" not in fact.key:
            stated.setdefault(fact.key, set()).add(fact.value.low)
    return stated


def _read_table(doc: Document, table: dict, layout: Layout, coverage: Coverage) -> _Table:
    template_rows = table["rows"]
    rows = layout.rows
    mapping, labels = align(template_rows, rows)
    if not _enough_evidence(table, rows, mapping):
        mapping, labels = {}, {}  # a stray label elsewhere (table 四's header cell 总计) is not this table
    headers, stood_for = _stood_for(template_rows, rows, mapping)
    out = _Table()
    local = table.get("local")  # a row missing from a locally defined form is not its row
    extras = tuple(table.get("optional_columns") or ())
    for i, trow in enumerate(template_rows):
        columns = row_columns(table, trow)
        if i in stood_for or (local and i not in mapping):
            continue
        if not trow.get("optional") or i in headers:
            out.expected += len(columns)
            out.keys.update(key_for(trow["key"], c) for c in columns)
        if i not in mapping:
            if not trow.get("optional"):
                coverage.rows_missing.append(trow["key"])
            continue
        row = rows[mapping[i]]
        label = row_label(doc, rows[labels.get(i, mapping[i])])
        if trow.get("collect"):
            row = _collected(rows, mapping[i], len(columns)) or row
        placed = _placed(row, columns, extras if not trow.get("columns") else (), layout.headers)
        if placed is None:
            out.facts.extend(_unread(trow, row, label, columns))
            if len(row.figures()) < len(columns):
                coverage.rows_short.append(trow["key"])  # a cell missing, and which one is unknown
            else:
                coverage.rows_unread.append(f"{trow['key']}：{UNPLACED}")
            continue
        out.keys.update(key_for(trow["key"], c) for c in placed if c in extras)
        for column, cell in placed.items():
            fact = _cell_fact(doc, key_for(trow["key"], column), row, label, column, cell)
            if fact.value is not None or not trow.get("optional"):
                out.facts.append(fact)
    return out


def _placed(row: StreamRow, columns: list, extras: tuple, headers: list) -> Optional[dict]:
    if row is None:
        return {c: None for c in columns}
    if not row.has_values():
        return {c: None for c in columns}
    return place(row, columns, governing(headers, row), extras)


def _unread(trow: dict, row: StreamRow, label: str, columns: list) -> list[Fact]:
    """A row whose values could not be placed: each cell unread (no sum is tested without it)."""
    figures = row.figures()
    start = figures[0].start if figures else row.label_start
    end = figures[-1].end if figures else row.label_end
    return [Fact(key_for(trow["key"], c), None, "", "table", start, end, blank=UNREAD, row_label=label,
                 column_label=column_name(c)) for c in columns]


def _collected(rows: list, start: int, width: int) -> Optional[StreamRow]:
    """The values of a row whose label stands in the header (table 四: 行政复议 over its 15
    cells): its own, or those of the rows after it that hold figures under no label of
    their own — one row, or consecutive rows that together hold exactly `width` cells
    (table 四 written as three tables of five)."""
    gathered: list = []
    for row in rows[start:]:
        if not row.has_values():
            continue
        if row.index != start and row.label and not is_header_row(row):
            break
        if not gathered and (len(row.values) >= width or not row.single_line):
            return row
        gathered.append(row)
        if sum(len(r.values) for r in gathered) >= width:
            break
    if not gathered or sum(len(r.values) for r in gathered) != width or any(not r.single_line for r in gathered):
        return gathered[0] if gathered else None
    first = gathered[0]
    return StreamRow(first.label, first.label_start, first.label_end, index=first.index,
                     values=[v for r in gathered for v in r.values], first_line=first.first_line,
                     parts=first.parts)


def _enough_evidence(table: dict, rows: list[StreamRow], mapping: dict) -> bool:
    """Whether the matched rows show the table is there: `min_rows` data rows, or
    fewer whose figures each fill exactly the row's columns."""
    template_rows = table["rows"]
    data = []
    for i, j in mapping.items():
        trow = template_rows[i]
        if trow.get("optional"):
            continue
        row = _collected(rows, j, len(row_columns(table, trow))) if trow.get("collect") else rows[j]
        if row is not None and row.has_values():
            data.append((trow, row))
    if len(data) >= table.get("min_rows", MIN_ROWS):
        return True
    return bool(data) and all(t.get("collect") or fills(r, len(row_columns(table, t))) for t, r in data)


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
        if not rows[mapping[i]].has_values():
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


def _cell_fact(doc: Document, key: str, row: StreamRow, label: str, column: str, cell: Optional[Cell]) -> Fact:
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


__all__ = ["Header", "Layout", "TableRead", "read_tables", "row_label", "stated_cells"]

"""Statistical tables: from text layouts to a cell stream to template rows to facts.

Every layout real reports use (one cell per line between `|` lines, one row
per line with merged cells dropped, Markdown pipe rows, HTML/PDF grids turned
into rows) becomes one stream of cells. A row of the stream is a label (one or
more text cells) followed by its value cells. Template rows are aligned to the
stream rows in order (a monotone alignment, so a label that recurs — 被依法纠错数
under 复议 and under 诉讼 — lands on the right template row), and each value
becomes a `Fact` keyed `<row key>.<column>`.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import Optional

import regex

from . import flattened
from ...core.model import Coverage, Document, Fact
from ...core.numbers import parse_figure
from ...core.resources import builtin_yaml

CJK = regex.compile(r"\p{Han}")
NUMBERING = regex.compile(
    r"^(?:[一二三四五六七八九十]+[、.．,，]|[(（][一二三四五六七八九十]+[)）][、.]?|\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）]|其中[:：]?)+"
)
NOTE = regex.compile(r"[(（][^()（）]{6,}[)）]")
SPACES = regex.compile(r"\s+")
SENTENCE_END = regex.compile(r"[。；;！？]")
CELL_MAX_CHARS = 80
MIN_ROWS = 2  # data rows a table needs before its template is taken as found


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


@dataclass
class TableRead:
    """What was read of the tables of a document."""

    format: str
    facts: list
    coverage: Coverage


# ---------------------------------------------------------------- templates


@functools.lru_cache(maxsize=None)
def templates() -> dict:
    return builtin_yaml("knowledge/templates.yaml")


@functools.lru_cache(maxsize=None)
def template_keys() -> frozenset:
    """Every indicator key a table fact can have: each template row with each of its columns."""
    keys = set()
    for table in templates()["tables"].values():
        for trow in table["rows"]:
            columns = trow.get("columns") or table.get("columns") or ["value"]
            keys.update(trow["key"] if column == "value" else f"{trow['key']}.{column}" for column in columns)
    return frozenset(keys)


@functools.lru_cache(maxsize=8192)
def clean_label(text: str) -> str:
    """A row label without spaces, numbering and long parenthetical notes."""
    text = SPACES.sub("", text)
    text = NUMBERING.sub("", text)
    return text


def _label_score(row: dict, label: str, leaf: str = "") -> int:
    """How well a template row's fragments match a cleaned label (0: no match).

    An exact fragment ("=其他") may also match the row's last label cell alone,
    when merged parent labels (（六）其他处理) were repeated before it.
    """
    if any(bad in label for bad in row.get("not", ())):
        return 0
    best = 0
    for fragment in row["labels"]:
        if fragment.startswith("="):
            stripped = NOTE.sub("", label)
            if fragment[1:] in (stripped, label, leaf, NOTE.sub("", leaf)):
                best = max(best, 100)
        elif fragment in label:
            best = max(best, len(fragment))
    return best


# ---------------------------------------------------------------- cells


@functools.lru_cache(maxsize=2)  # the text being checked and the page text it came from
def table_line_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of the lines that belong to pipe tables.

    A line with `|` is tabular; a line without is kept when tabular lines stand
    within three lines on both sides (labels and values written one per line).
    Several stages ask for the same text's ranges: kept for the last two texts.
    """
    if "|" not in text:
        return ()
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), "|" in line))
        pos += len(line) + 1
    piped = [i for i, (_, _, has) in enumerate(lines) if has]
    keep = set(piped)
    for a, b in zip(piped, piped[1:]):
        if 1 < b - a <= 4:
            keep.update(i for i in range(a + 1, b) if _cell_like(text[lines[i][0]:lines[i][1]]))
    return tuple((lines[i][0], lines[i][1]) for i in sorted(keep))


def _cell_like(line: str) -> bool:
    """A line that can be a table cell: not a sentence of prose between two tables."""
    return len(line.strip()) <= CELL_MAX_CHARS and not SENTENCE_END.search(line)


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
    spec = templates()
    markers = {m: kind for kind, ms in spec["blank_markers"].items() for m in ms}
    units = set(spec["unit_cells"])
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


# ---------------------------------------------------------------- alignment


def align(template_rows: list[dict], rows: list[StreamRow]) -> dict[int, int]:
    """Monotone alignment of template rows to stream rows maximizing label score.

    Returns {template index: stream row index}. A data row that holds values
    scores far above one without, so a header cell 总计 loses to the row
    （七）总计, and a header row (optional) never takes a row of figures from
    the data row whose label it shares a merged cell with.
    """
    labels = [clean_label(r.label) for r in rows]
    leaves = [clean_label(r.leaf) for r in rows]
    has_values = [any(v.kind in ("number", "blank") for v in r.values) for r in rows]
    matcher = _matcher(template_rows)
    gains: dict[int, dict[int, int]] = {}
    for j, (label, leaf) in enumerate(zip(labels, leaves)):
        column = {}
        for i, score in matcher.scores(label, leaf):
            optional = template_rows[i].get("optional")
            column[i] = score if optional else score + (1000 if has_values[j] else 1)
        if column:
            gains[j] = column
    result = monotone_alignment(len(template_rows), len(rows), gains)
    _fill_gaps(template_rows, matcher, labels, leaves, has_values, result)
    return result


class _RowMatcher:
    """The template rows whose label fragments a cleaned label holds, with scores.

    Labels repeat from report to report (they are the template's own words),
    so the scores of a label are computed once per process.
    """

    CACHE_LIMIT = 20_000

    def __init__(self, template_rows: list[dict]):
        self.template_rows = template_rows
        self.cache: dict = {}

    def scores(self, label: str, leaf: str) -> tuple:
        key = (label, leaf)
        found = self.cache.get(key)
        if found is None:
            if len(self.cache) >= self.CACHE_LIMIT:
                self.cache.clear()
            found = tuple((i, s) for i, t in enumerate(self.template_rows) if (s := _label_score(t, label, leaf)))
            self.cache[key] = found
        return found


_MATCHERS: dict[int, _RowMatcher] = {}


def _matcher(template_rows: list[dict]) -> _RowMatcher:
    matcher = _MATCHERS.get(id(template_rows))
    if matcher is None or matcher.template_rows is not template_rows:
        matcher = _MATCHERS[id(template_rows)] = _RowMatcher(template_rows)
    return matcher


def monotone_alignment(n: int, m: int, gains: dict, after=None) -> dict[int, int]:
    """The order-keeping pairing of n template rows with m candidates that
    maximizes the summed gain. `gains[j][i]` is the gain of pairing template
    row i with candidate j (absent: no pair). `after[j]` is the first
    candidate that may follow candidate j (default j + 1: overlapping
    candidates of run-together text skip each other).

    Rows and candidates without any gain cannot change the best pairing, so
    the table is computed over the others only (it stays small however long
    the report).
    """
    after = after or list(range(1, m + 1))
    columns = sorted(gains)
    rows = sorted({i for column in gains.values() for i in column})
    if not columns:
        return {}
    # the first kept column at or after after[j], for each kept column j
    follow = [bisect.bisect_left(columns, after[j]) for j in columns]
    width = len(rows)
    zero = [0] * (width + 1)
    score = [None] * len(columns) + [zero]
    for k in range(len(columns) - 1, -1, -1):
        here = [0] * (width + 1)
        right = score[k + 1]
        then = score[follow[k]]
        column = gains[columns[k]]
        for r in range(width - 1, -1, -1):
            best = here[r + 1] if here[r + 1] > right[r] else right[r]
            g = column.get(rows[r])
            if g and then[r + 1] + g > best:
                best = then[r + 1] + g
            here[r] = best
        score[k] = here
    pairs: dict[int, int] = {}
    r = k = 0
    while r < width and k < len(columns):
        g = gains[columns[k]].get(rows[r])
        if g and score[k][r] == score[follow[k]][r + 1] + g:
            pairs[rows[r]] = columns[k]
            r, k = r + 1, follow[k]
        elif score[k][r] == score[k][r + 1]:
            r += 1
        else:
            k += 1
    return pairs


def _fill_gaps(template_rows: list[dict], matcher: "_RowMatcher", labels: list, leaves: list, has_values: list,
               result: dict) -> None:
    """A template row left alone between two aligned neighbours takes the one row between them.

    Only when that row holds figures and its label matches no template row
    (a misspelt label such as 其他法律行政止公开): its place fixes what it is.
    """
    for i in range(1, len(template_rows) - 1):
        if i in result or template_rows[i].get("optional") or i - 1 not in result or i + 1 not in result:
            continue
        j = result[i - 1] + 1
        if result[i + 1] != j + 1 or not has_values[j]:
            continue
        if not any(not template_rows[k].get("optional") for k, _ in matcher.scores(labels[j], leaves[j])):
            result[i] = j


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


# ---------------------------------------------------------------- facts


def detect_format(text: str) -> tuple[str, dict]:
    """The template whose markers the text holds most of ("unknown" when none)."""
    best, best_hits = "unknown", 0
    for name, spec in templates()["formats"].items():
        hits = sum(1 for marker in spec["markers"] if marker in text)
        if hits > best_hits:
            best, best_hits = name, hits
    return best, {name: spec for name, spec in templates()["formats"].items()}


def read_tables(doc: Document, rows: Optional[list[StreamRow]] = None) -> TableRead:
    """Table facts of a document, its format and what was covered."""
    fmt, formats = detect_format(doc.text)
    coverage = Coverage(format=fmt)
    if rows is None:
        rows = stream_rows(classify(cells_from_text(doc.text)))
    if fmt == "unknown":
        return TableRead(fmt, [], coverage)
    facts: list[Fact] = []
    skip = table_line_ranges(doc.text)
    for base_name in formats[fmt]["tables"]:
        best = None
        for table_name in [base_name] + _variants(base_name):
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


def _variants(table_name: str) -> list:
    """Tables that can stand in for this one (a locally defined form for the 2014 table)."""
    return [name for name, spec in templates()["tables"].items() if spec.get("variant_of") == table_name]


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
        columns = trow.get("columns") or table.get("columns") or ["value"]
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
            key = trow["key"] if column == "value" else f"{trow['key']}.{column}"
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
        t.get("collect") or _written_width(r) == len(t.get("columns") or table.get("columns") or ["value"])
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


def column_name(column: str) -> str:
    """A column key as the report's header names it."""
    return templates().get("column_names", {}).get(column, column)


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

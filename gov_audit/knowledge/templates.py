"""The official table templates: the one place that knows their formats, rows, keys and relations.

Both the table reader (read/) and the rule engine (audit/) ask here, never each
other: which template a text follows, the indicator key of every cell (one
rule: `<row key>.<column>`, the row key alone for the column `value`), the
names of columns, how a row label is cleaned before it is matched, and the
relations a template states among its cells. The data is
rules/knowledge/templates.yaml.
"""
from __future__ import annotations

import bisect
import functools
import itertools
from typing import Optional

import regex

from ..core.expr import is_pattern, matching, parse
from ..core.model import UNKNOWN_FORMAT
from ..core.resources import builtin_yaml
from .numbering import label_numbering

MIN_ROWS_WITHOUT_MARKER = 3  # template rows a table's lines must hold to take its format without a marker
VALUE = "value"  # the column of a single-valued row: its key is the row key itself
NOTE = regex.compile(r"[(（][^()（）]{6,}[)）]")  # a long parenthetical note in a label
SPACES = regex.compile(r"\s+")
BRACKETS = regex.compile(r"[()（）\[\]【】]")
LABEL_NOISE = regex.compile(r"\s+|<br\s*/?>|^#+", regex.IGNORECASE)  # a line break kept as <br> in a Markdown cell


@functools.lru_cache(maxsize=None)
def templates() -> dict:
    return builtin_yaml("knowledge/templates.yaml")


# ---------------------------------------------------------------- formats


def format_names() -> tuple:
    """The template formats ("2014", "2019", "2021"), then "unknown"."""
    return tuple(templates()["formats"]) + (UNKNOWN_FORMAT,)


def format_label(fmt: str) -> str:
    """A format as the output names it: 2019 格式, 格式未识别."""
    if fmt == UNKNOWN_FORMAT:
        return templates()["unknown_label"]
    spec = templates()["formats"].get(fmt)
    return spec["label"] if spec else fmt


def detect_format(text: str, table_lines=()) -> tuple[str, dict]:
    """The template whose markers the text holds most of ("unknown" when none counts).

    A marker counts where it stands in a table line (`table_lines`: (start, end)
    ranges), or when the text holds two different markers of the format: one
    phrase a sentence borrows from the table (主动公开政府信息数30条) makes no table.
    A table whose lines hold no marker at all (table 三 alone) is read with the
    format whose rows its lines hold most of, a marker in the text breaking a tie
    and the latest format the remaining ones.
    """
    formats = templates()["formats"]
    best, best_hits = UNKNOWN_FORMAT, 0
    for name, spec in formats.items():
        found = [marker for marker in spec["markers"] if marker in text]
        if len(found) < 2 and not any(_in_table(text, marker, table_lines) for marker in found):
            continue
        if len(found) > best_hits:
            best, best_hits = name, len(found)
    if best == UNKNOWN_FORMAT and table_lines:
        best = _format_by_rows(text, table_lines)
    return best, dict(formats)


def _format_by_rows(text: str, table_lines) -> str:
    tabular = clean_label("".join(text[a:b] for a, b in table_lines))
    scores = {}
    for name, spec in templates()["formats"].items():
        rows = sum(1 for table in spec["tables"] for trow in templates()["tables"][table]["rows"]
                   if not trow.get("optional")
                   and any(not f.startswith("=") and f in tabular for f in trow["labels"]))
        markers = sum(1 for marker in spec["markers"] if marker in text)
        if rows >= MIN_ROWS_WITHOUT_MARKER:
            scores[name] = (rows, markers)
    if not scores:
        return UNKNOWN_FORMAT
    top = max(scores.values())
    return [name for name, score in scores.items() if score == top][-1]


@functools.lru_cache(maxsize=None)
def _cell_run():
    """After a label in running text: a unit cell then a figure, or two or more figures (a row's cells)."""
    units = "|".join(sorted(map(regex.escape, unit_cells()), key=len, reverse=True))
    return regex.compile(rf"[\s:：]*(?:{units})\s*\d+|[\s:：]*\d+(?:\s+\d+)+")


def _in_table(text: str, marker: str, lines) -> bool:
    """A marker standing in a table line, or before a table's run of cells in running text
    (`受理依申请公开信息总数 条 4 8`), not before a figure of a sentence (`…数30条`)."""
    starts = [start for start, _ in lines]
    at = text.find(marker)
    while at != -1:
        k = bisect.bisect_right(starts, at) - 1
        if (k >= 0 and at < lines[k][1]) or _cells_after(text, at + len(marker)):
            return True
        at = text.find(marker, at + 1)
    return False


def _cells_after(text: str, end: int) -> bool:
    m = _cell_run().match(text, end)
    if m is None:
        return False
    after = text[m.end():m.end() + 2].lstrip()
    return not any(after.startswith(unit) for unit in flattened_settings().get("prose_units") or ())


def variants(table_name: str) -> list:
    """Tables that can stand in for this one (a locally defined form for the 2014 table)."""
    return [name for name, spec in templates()["tables"].items() if spec.get("variant_of") == table_name]


# ---------------------------------------------------------------- keys


def key_for(row_key: str, column: str) -> str:
    """The indicator key of a cell: the row key, and its column unless that is `value`."""
    return row_key if column == VALUE else f"{row_key}.{column}"


def row_columns(table: dict, trow: dict) -> list:
    """The value columns of a template row: its own, else its table's, else `value`."""
    return list(trow.get("columns") or table.get("columns") or [VALUE])


@functools.lru_cache(maxsize=None)
def template_keys() -> frozenset:
    """Every indicator key a table fact can have: each template row with each of its columns.

    The reader keys cells with it and the rule engine accepts exactly these keys.
    """
    return frozenset(
        key_for(trow["key"], column)
        for table in templates()["tables"].values() for trow in table["rows"]
        for column in row_columns(table, trow) + _optional_columns(table, trow)
    )


def _optional_columns(table: dict, trow: dict) -> list:
    """Columns a local variant adds to a table's rows (小计), read where the header names them."""
    return [] if trow.get("columns") else list(table.get("optional_columns") or ())


def table_keys(table: dict) -> tuple:
    """Every cell key of a table's data rows (template tables live as long as the process: made once)."""
    known = _TABLE_KEYS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    keys = tuple(key_for(trow["key"], column) for trow in table["rows"] if not trow.get("optional")
                 for column in row_columns(table, trow))
    _TABLE_KEYS[id(table)] = (table, keys)
    return keys


_TABLE_KEYS: dict = {}


def column_name(column: str) -> str:
    """A column key as the report's header names it."""
    return templates().get("column_names", {}).get(column, column)


def column_label(column: str) -> str:
    """A cell's column as a message names it when several are listed (`value`: 本年度)."""
    return templates()["value_column_label"] if column == VALUE else column


# ---------------------------------------------------------------- labels and cells


@functools.lru_cache(maxsize=8192)
def clean_label(text: str) -> str:
    """A row label without spaces and numbering (一、（一）1. 其中:)."""
    text = LABEL_NOISE.sub("", text)
    return label_numbering().sub("", text)


def short_label(label: str, limit: int = 16) -> str:
    """A row label short enough for a formula: cleaned, without long notes, cut at `limit`."""
    text = NOTE.sub("", clean_label(label)) or clean_label(label)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@functools.lru_cache(maxsize=None)
def blank_markers() -> dict:
    """Cell text meaning "no figure here" → its kind (slash, dash, none): a blank is not 0."""
    return {marker: kind for kind, markers in templates()["blank_markers"].items() for marker in markers}


def blank_name(kind: Optional[str]) -> str:
    """How a message names a blank cell of this kind: 空白, “/”."""
    names = templates()["blank_names"]
    return names.get(kind, names["empty"])


def unit_cells() -> frozenset:
    """Measure words a cell may hold beside its label (the 单位 column)."""
    return frozenset(templates()["unit_cells"])


def flattened_settings() -> dict:
    """How tables whose cells ran together are read (`flattened` in templates.yaml)."""
    return templates().get("flattened") or {}


# ---------------------------------------------------------------- headers


def column_header_names(text: str, candidates=None) -> frozenset:
    """The columns a cleaned header text names (`column_headers`), among `candidates` if given."""
    found = _header_names(text)
    return found if candidates is None else found & frozenset(candidates)


@functools.lru_cache(maxsize=4096)
def _header_names(text: str) -> frozenset:
    names = set()
    for column, alternatives in templates()["column_headers"].items():
        for words in alternatives:
            words = [words] if isinstance(words, str) else words
            if all(_header_word(w, text) for w in words):
                names.add(column)
                break
    return frozenset(names)


def _header_word(word: str, text: str) -> bool:
    """"=X": the text is X; "^…": a pattern the whole text matches; else X stands in the text."""
    if word.startswith("="):
        return text == word[1:]
    if word.startswith("^"):
        return regex.fullmatch(word, text) is not None
    return word in text


@functools.lru_cache(maxsize=None)
def header_words() -> frozenset:
    """Header words that name no column (信息内容, 申请人情况 …)."""
    return frozenset(templates()["header_words"])


def is_header_label(text: str) -> bool:
    """A label made of header words only (数量, 结果维持, 信息内容 …): no row of its own."""
    if has_row_numbering(text):
        return False
    cleaned = clean_label(text)
    return (bool(_header_names(cleaned)) or _of_header_words(cleaned)
            or any(note in cleaned for note in templates()["header_notes"]))


def _of_header_words(text: str) -> bool:
    """Header words only, one or several (行政诉讼（未经复议直接起诉）), brackets aside."""
    rest = BRACKETS.sub("", text)
    for word in sorted(header_words(), key=len, reverse=True):
        rest = rest.replace(word, "")
    return bool(text) and not rest


def has_row_numbering(text: str) -> bool:
    """A label that starts with row numbering (（七）总计): a row of the table, not a header cell."""
    m = label_numbering().match(SPACES.sub("", text))
    return m is not None and m.end() > 0 and not m.group().startswith("其中")


# ---------------------------------------------------------------- relations


@functools.lru_cache(maxsize=None)
def sum_relations(fmt: str) -> dict:
    """{frozenset of the parts: the whole} for each relation `whole == a + b + …` of the
    format's tables: what a list of figures and its 合计 state."""
    out = {}
    for name in templates()["formats"].get(fmt, {}).get("tables") or ():
        for relation in table_relations(name):
            parts = _added_keys(relation.right) if relation.op == "==" and relation.left[0] == "key" else None
            if parts:
                out.setdefault(frozenset(parts), relation.left[1])
    return out


def _added_keys(node) -> Optional[list]:
    """The keys of a sum of keys (a + b + …), else None."""
    if node is None or node[0] != "add" or any(sign != "+" or term[0] != "key" for sign, term in node[1]):
        return None
    return [term[1] for _, term in node[1]]


@functools.lru_cache(maxsize=None)
def table_relations(table_name: str) -> tuple:
    """The relations a table states (`relations`), {row} and {col} expanded, parsed (once)."""
    table = templates()["tables"][table_name]
    columns = table.get("columns") or [VALUE]
    row_keys = [r["key"] for r in table["rows"]
                if not r.get("optional") and not r.get("collect") and not r.get("columns")]
    out = []
    for text in table.get("relations") or ():
        rows = row_keys if "{row}" in text else [None]
        cols = columns if "{col}" in text else [None]
        for row, col in itertools.product(rows, cols):
            expanded = text.replace("{row}", row or "").replace("{col}", col or "")
            expanded = regex.sub(r"\.value\b", "", expanded)
            out.append(parse(expanded))
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def base_cells(fmt: str, key: str) -> frozenset:
    """The template cells a key stands for, each whole of a relation replaced by its parts
    (t4.review.total: its upheld, corrected, other and pending): what it counts, part by part."""
    by_whole = {whole: parts for parts, whole in sum_relations(fmt).items()}
    out, todo, seen = set(), list(key_cells(key)), set()
    while todo:
        cell = todo.pop()
        if cell in seen:
            continue
        seen.add(cell)
        if cell in by_whole:
            todo.extend(c for part in by_whole[cell] for c in key_cells(part))
        else:
            out.add(cell)
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def key_cells(key: str) -> frozenset:
    """The template cells a key names (a sum of terms, a pattern with *)."""
    keys = template_keys()
    out = set()
    for term in parse(key).keys():
        out.update(matching(term, keys) if is_pattern(term) else [term] if term in keys else [])
    return frozenset(out)

"""Tables whose cell boundaries were lost, and cells the template's relations force.

A crawler or a copy from a web page often runs a table's cells together:
`规范性文件7777166`, `（一）予以公开6000017`, `行政许可396442278`, a row of fifteen
zeros `000000000000000`, or cells separated by single spaces on one line. This
module reads such text with the template of the report's format:

1. Rows are recognised by their labels in template order (runs.py: a monotone
   alignment of template rows to label occurrences, as align.py does for pipe
   rows); a row's cells are the run of digits right after its label. A space, or a
   minus sign, is a certain cell boundary; a digit glued to the next row's
   numbering (`00000002.其他法律…`) belongs to that numbering.
2. A run is split into the row's number of cells in every way in which no
   cell has a leading zero and signs fall only in signed columns (splitting.py).
3. The relations the template states for the table (rules/knowledge/templates.yaml
   `relations`: the 总计 column, the balance, the result rows, the three 总计 of
   table 四, 历年累计 ≥ 本年度 …) choose among the splits: first the relations
   within the row, then the relations linking rows (a joint search over the rows
   still open). A row is read only when exactly one split is left for it in
   every solution; otherwise it is left unread and the coverage says so.

Policy on findings (applied by certainty.py): a value recovered by splitting is
a Fact with `inferred=True`. When its split was the only one the relations
allow, a finding on it keeps its severity: another split would break the
relations that decided it, so the report is inconsistent however it is read.
When several splits remained and the one taken is the one whose cells the
text states as those indicators (`corroborate_with_text`: a prose figure the
lexicon keys to the cell, never an equal number about something else), the
cells carry a `hedge` saying so, and any finding resting on them is at most a
warning.

The same relations also decide blank cells: when 总计 26 = 自然人 26 and the
five 法人 columns are blank, those blanks can only be 0 (inferred).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...core import expr
from ...core.model import UNREAD, Coverage, Document, Fact
from ...core.numbers import Interval
from ...knowledge.templates import (
    column_name,
    flattened_settings,
    key_for,
    row_columns,
    table_keys,
    table_relations,
)
from .runs import find_rows
from .splitting import NO_SPLIT_FITS, cell_value, solve, splits

CONFIRMING_ROWS = 3  # rows read consistently before a row no split fits is called inconsistent
HEDGE_CORROBORATED = "表格数字连在一起，拆分不唯一，按文中出现的数字选取"


@dataclass
class Outcome:
    """What was read of one table: facts, and the rows left unread and why."""

    facts: list
    unread: list  # [(row key, reason)]
    inferred: int = 0
    rows_read: set = field(default_factory=set)  # template row keys with figures
    expected: int = 0  # cells of the rows found
    contradicted: list = field(default_factory=list)  # row keys inconsistent however their digits split
    short: list = field(default_factory=list)  # row keys with fewer figures than columns


# ---------------------------------------------------------------- reading a table


def read_flattened(doc: Document, table_name: str, table: dict, skip=(), evidence: Optional[dict] = None) -> Outcome:
    """Facts of a table read from text whose cells ran together."""
    text = doc.text
    conf = flattened_settings()
    limit = int(conf.get("max_splits", 20000))
    found = find_rows(text, table, skip)
    rows = table["rows"]
    signed_cols = set(table.get("signed") or ())
    known: dict = {}
    pending: dict = {}
    direct: dict = {}
    forced: dict = {}
    unread: list = []
    short: list = []
    located = {fr.index: fr for fr in found}
    for fr in found:
        trow = rows[fr.index]
        columns = row_columns(table, trow)
        keys = [key_for(trow["key"], c) for c in columns]
        if not fr.tokens:
            continue
        signed = {n for n, c in enumerate(columns) if c.split(".")[-1] in signed_cols}
        if len(fr.tokens) == len(columns) and all(cell_value(t) is not None for t, _ in fr.tokens):
            direct[fr.index] = [t for t, _ in fr.tokens]
            for key, (t, _) in zip(keys, fr.tokens):
                known[key] = cell_value(t)
            continue
        cands = splits(fr.tokens, len(columns), signed, limit)
        if cands is None:
            unread.append((trow["key"], "拆分方式太多，无法确定"))
        elif not cands and _digits(fr.tokens) < len(columns):
            short.append(trow["key"])
        elif not cands:
            unread.append((trow["key"], "数字位数与列数不符"))
        elif len(cands) == 1:
            # one way to cut the digits: the boundaries are certain, whatever the relations say
            forced[fr.index] = [c for c, _ in cands[0]]
            known.update(zip(keys, map(cell_value, forced[fr.index])))
        else:
            pending[fr.index] = (keys, [[c for c, _ in cand] for cand in cands])
    absent = set()
    if table.get("local"):
        for i, trow in enumerate(rows):
            if i not in located:
                absent.update(key_for(trow["key"], c) for c in row_columns(table, trow))
    decided, failed = solve(table_name, table, known, pending, absent, evidence)
    for index, reason in failed.items():
        unread.append((rows[index]["key"], reason))
    decided.update((index, (cells, False)) for index, cells in forced.items())
    contradicted = _contradicted(rows, failed, len(direct) + len(decided))
    facts = []
    inferred = 0
    for fr in found:
        trow = rows[fr.index]
        columns = row_columns(table, trow)
        label = doc.quote(fr.label_start, fr.label_end)
        if fr.index in direct:
            cells, hedge, is_inferred = direct[fr.index], None, False
            positions = [at for _, at in fr.tokens]
        elif fr.index in decided:
            cells, corroborated = decided[fr.index]
            hedge = HEDGE_CORROBORATED if corroborated else None
            is_inferred = True
            positions = _positions(fr.tokens, cells)
        else:
            if fr.tokens and not trow.get("optional"):
                # Unread: a blank of its own kind, so no sum is tested without it.
                end = fr.tokens[-1][1] + len(fr.tokens[-1][0])
                for column in columns:
                    facts.append(Fact(key_for(trow["key"], column), None, "", "table", fr.label_start, end,
                                      blank=UNREAD, row_label=label, column_label=column_name(column)))
            continue
        for column, cell, at in zip(columns, cells, positions):
            value = cell_value(cell)
            fact = Fact(key_for(trow["key"], column), value, doc.quote(at, at + len(cell)), "table",
                        at, at + len(cell), row_label=label, column_label=column_name(column),
                        inferred=is_inferred, hedge=hedge)
            if trow.get("optional") and value is None:
                continue
            facts.append(fact)
            inferred += is_inferred
    rows_read = {rows[fr.index]["key"] for fr in found if fr.index in direct or fr.index in decided}
    expected = sum(len(row_columns(table, rows[fr.index])) for fr in found
                   if not rows[fr.index].get("optional"))
    return Outcome(facts, unread, inferred, rows_read, expected, contradicted, short)


def _digits(tokens: list) -> int:
    """The most cells a row's tokens can be: one per digit."""
    return sum(sum(ch.isdigit() for ch in token) for token, _ in tokens)


def _contradicted(rows: list, failed: dict, read: int) -> list:
    """Rows no split of whose digits satisfies the row's own relations — reported as such
    only where enough other rows of the table were read to confirm its columns."""
    if read < CONFIRMING_ROWS:
        return []
    return [rows[index]["key"] for index, reason in failed.items() if reason == NO_SPLIT_FITS]


def _positions(tokens: list, cells: list) -> list:
    """Start offsets of the cells cut from the tokens, in order."""
    out = []
    queue = [(t, at) for t, at in tokens]
    k = 0
    offset = 0
    for cell in cells:
        token, at = queue[k]
        out.append(at + offset)
        offset += len(cell)
        if offset >= len(token):
            k += 1
            offset = 0
    return out


# ---------------------------------------------------------------- blanks forced to 0


def zero_blanks(table_name: str, table: dict, facts: list) -> int:
    """Blank cells that a relation forces become inferred figures; returns how many.

    In `total == a + b + …` with every figure known but some parts blank, and the
    known parts already making the total, the blank parts (never negative) can
    only be 0. A blank that is the one unknown of an equality (a 总计 left blank
    beside its filled columns) can only be what the equality gives. Any other
    blank stays blank.
    """
    relations = table_relations(table_name)
    if not relations:
        return 0
    signed = set(table.get("signed") or ())
    by_key = {f.key: f for f in facts}
    known = {k: f.value for k, f in by_key.items() if f.value is not None}
    blanks = {k for k, f in by_key.items() if f.value is None and f.blank != UNREAD and not k.endswith("header")
              and k.split(".")[-1] not in signed}
    all_keys = table_keys(table)
    changed = 0
    progress = True
    while progress and blanks:
        progress = False
        for relation in relations:
            if relation.op != "==":
                continue
            sides = (_terms(relation.left), _terms(relation.right))
            if sides[0] is None or sides[1] is None:
                continue
            for side, other in ((sides[0], sides[1]), (sides[1], sides[0])):
                forced = _forced(_expand(side, all_keys), _expand(other, all_keys), known, blanks)
                for key, value in forced.items():
                    fact = by_key[key]
                    fact.value = value
                    fact.inferred = True
                    fact.derived = len(forced) == 1 and (value.low != 0 or len(side) == 1)
                    known[key] = value
                    blanks.discard(key)
                    changed += 1
                    progress = True
    return changed


def _forced(side_keys: list, other_keys: list, known: dict, blanks: set) -> dict:
    """{blank key: the figure it must hold} for one side of `side == other`, or {}."""
    blank_here = [k for k in side_keys if k in blanks]
    if not blank_here or any(k in blanks for k in other_keys):
        return {}
    if any(k not in known and k not in blanks for k in side_keys + other_keys):
        return {}
    total = sum((known[k] for k in other_keys), Interval.exact(0))
    parts = sum((known[k] for k in side_keys if k in known), Interval.exact(0))
    if not (total.is_exact and parts.is_exact):
        return {}
    if len(blank_here) == 1:
        rest = total.low - parts.low
        return {blank_here[0]: Interval.exact(rest)} if rest >= 0 else {}
    if len(blank_here) < len(side_keys) and total.low == parts.low:
        return {k: Interval.exact(0) for k in blank_here}
    return {}


def _terms(node) -> Optional[list]:
    """Keys of a sum with only '+' terms, or None."""
    if node[0] == "key":
        return [node[1]]
    if node[0] == "add":
        keys = []
        for sign, term in node[1]:
            if sign != "+" or term[0] != "key":
                return None
            keys.append(term[1])
        return keys
    return None


def _expand(keys: list, all_keys: list) -> list:
    out = []
    for key in keys:
        out.extend(expr.matching(key, all_keys) if expr.is_pattern(key) else [key])
    return out


def complete(doc: Document, table_name: str, table: dict, facts: list, expected: int,
             coverage: Coverage, skip=(), evidence: Optional[dict] = None) -> tuple[list, int]:
    """The hook tables.read_tables calls for each table after reading its pipe rows.

    No figure read from pipe rows: the table is looked for in running text (cells
    run together). Figures read: blank cells the relations force to 0 are filled.
    Records inferred cells and unread rows in `coverage` (`rows_unread`).
    """
    if any(f.value is not None for f in facts):
        coverage.table_cells_inferred += zero_blanks(table_name, table, facts)
        return facts, expected
    outcome = read_flattened(doc, table_name, table, skip, evidence)
    if not any(f.value is not None for f in outcome.facts):
        return facts, expected
    unread = coverage.rows_unread
    unread.extend(f"{key}：{reason}" for key, reason in outcome.unread)
    coverage.rows_contradicted.extend(outcome.contradicted)
    coverage.rows_short.extend(outcome.short)
    unread_keys = {key for key, _ in outcome.unread}
    coverage.rows_missing[:] = [k for k in coverage.rows_missing
                                if k not in outcome.rows_read and k not in unread_keys]
    coverage.table_cells_inferred += outcome.inferred
    coverage.table_cells_inferred += zero_blanks(table_name, table, outcome.facts)
    if table.get("local"):
        expected = outcome.expected
    return outcome.facts, expected

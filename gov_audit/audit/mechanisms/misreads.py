"""`doubtful_table`: relations failing together in a pattern a misreading explains.

A report whose table holds one wrong figure fails the relations through that
cell. A table read wrong — its columns in another order than the template's
(总计 written first), two rows' figures exchanged, a row lost so that the
figures of a block stand one row off — fails many relations at once, and one
rearrangement of the cells makes every relation hold again. When one such
rearrangement explains every relation of a table that failed (at least
`min_failures`), the errors are not the report's to answer for: they become
one warning of this kind naming the pattern. This mechanism reviews the
findings of the other rules (it runs after them).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator, Optional

from ...core import expr
from ...core.compiled import compile_relation
from ...core.model import Finding
from ...knowledge.templates import (
    column_name,
    key_for,
    row_columns,
    short_label,
    table_keys,
    table_relations,
    templates,
)
from ..context import Context
from ..params import Param
from ..rule import Rule

DOUBTFUL_TABLE_PARAMS = {"min_failures": Param("int", 2)}
RELATION_KINDS = frozenset({"table_sum", "table_balance", "column_total"})


@dataclass(frozen=True)
class Pattern:
    """A rearrangement of a table's cells: {key: the key whose figure it then holds}, and how to say it."""

    moves: dict
    words: str


def doubtful_table(rule: Rule, ctx: Context, findings: list) -> list[Finding]:
    """The findings, with the errors of each table a misreading explains replaced by one warning."""
    out = list(findings)
    for table_name in (ctx.coverage.tables_found if ctx.coverage else ()):
        keys = set(table_keys(templates()["tables"][table_name]))
        failing = [f for f in out if f.severity == "error" and f.kind in RELATION_KINDS and f.facts
                   and all(fact.source == "table" and fact.key in keys for fact in f.facts)]
        if len(failing) < rule.params.get("min_failures", 2):
            continue
        pattern = _explanation(table_name, ctx)
        if pattern is None:
            continue
        out = [f for f in out if f not in failing]
        out.append(Finding(
            rule=rule.id, kind=rule.kind, severity=rule.severity,
            message=f"{rule.title}：{len(failing)} 项表内关系不成立，但若{pattern.words}，各项关系均成立；"
                    "更可能是表格读错或排错了位置，而非数字本身有误",
            values=[], facts=sorted({id(x): x for f in failing for x in f.facts}.values(), key=lambda x: x.start),
            start=min(f.start for f in failing),
        ))
    return out


def _explanation(table_name: str, ctx: Context) -> Optional[Pattern]:
    """The one rearrangement under which every relation of the table holds, if exactly one does."""
    values = {k: f.value for k, f in ctx.table.items()}
    if _broken(table_name, values, ctx) == 0:
        return None
    fits = [p for p in _patterns(table_name) if _broken(table_name, _moved(values, p.moves), ctx) == 0]
    return fits[0] if len(fits) == 1 else None


def _broken(table_name: str, values: dict, ctx: Context) -> int:
    """How many relations fail with these figures (a relation with a figure missing is not counted).

    A pattern expands over the table's expected keys (else over the keys with a figure)."""
    def value_of(key: str):
        value = values.get(key)
        if value is None:
            raise expr.Missing(key)
        return value

    holds = (r.holds(value_of) for r in _compiled(table_name, tuple(sorted(ctx.expected_keys or values))))
    return sum(1 for held in holds if held is False)


@functools.lru_cache(maxsize=32)
def _compiled(table_name: str, keys: tuple) -> tuple:
    return tuple(compile_relation(r, keys) for r in table_relations(table_name))


def _moved(values: dict, moves: dict) -> dict:
    out = dict(values)
    for key, source in moves.items():
        if source in values:
            out[key] = values[source]
        else:
            out.pop(key, None)
    return out


def _patterns(table_name: str) -> Iterator[Pattern]:
    table = templates()["tables"][table_name]
    rows = [t for t in table["rows"] if not t.get("optional")]
    yield from _column_patterns(table, rows)
    yield from _row_patterns(table, rows)


def _column_patterns(table: dict, rows: list) -> Iterator[Pattern]:
    """Every row's columns in another order, the same in each block of columns (table 四's
    three blocks): the last column first or the first last (rotated by one), or two adjacent
    columns exchanged."""
    blocks = _column_blocks(table, rows)
    if not blocks:
        return
    first, n = blocks[0], len(blocks[0])
    orders = [(list(range(1, n)) + [0], f"每行“{column_name((first[-1]))}”列的数字实为"
                                        f"“{column_name((first[0]))}”列（该列在前）"),
              ([n - 1] + list(range(n - 1)), f"每行“{column_name((first[0]))}”列的数字实为"
                                             f"“{column_name((first[-1]))}”列（该列在后）")]
    for a in range(n - 1):
        order = list(range(n))
        order[a], order[a + 1] = order[a + 1], order[a]
        orders.append((order, f"“{column_name((first[a]))}”与“{column_name((first[a + 1]))}”两列对调"))
    for order, words in orders:
        mapping = {block[k]: block[order[k]] for block in blocks for k in range(n)}
        yield _by_columns(rows, table, mapping, words)


def _column_blocks(table: dict, rows: list) -> list:
    """The columns a header may order differently: the table's, or table 四's blocks of five."""
    widest = max((row_columns(table, trow) for trow in rows), key=len, default=[])
    blocks: dict = {}
    for column in widest:
        blocks.setdefault(column.split(".")[0] if "." in column else "", []).append(column)
    found = [b for b in blocks.values() if len(b) > 2]
    return found if found and all(len(b) == len(found[0]) for b in found) else []


def _by_columns(rows: list, table: dict, mapping: dict, words: str) -> Pattern:
    moves = {}
    for trow in rows:
        for column in row_columns(table, trow):
            if column in mapping:
                moves[_key(trow, column)] = _key(trow, mapping[column])
    return Pattern(moves, words)


def _row_patterns(table: dict, rows: list) -> Iterator[Pattern]:
    """Two adjacent rows' figures exchanged."""
    for upper, lower in zip(rows, rows[1:]):
        columns = row_columns(table, upper)
        if columns != row_columns(table, lower):
            continue
        moves = {}
        for column in columns:
            moves[_key(upper, column)] = _key(lower, column)
            moves[_key(lower, column)] = _key(upper, column)
        yield Pattern(moves, f"“{short_label(upper['labels'][0])}”与“{short_label(lower['labels'][0])}”两行的数字对调")


def _key(trow: dict, column: str) -> str:
    return key_for(trow["key"], column)

"""Template cells left blank — a blank is not 0, and the form asks for a figure.

`missing_value`: one remark per blank cell. `blank_column`: a whole column
left blank while the cells beside it are filled (总计 left empty on every row)
is one structural defect of the table, said once at its own severity; its
cells are then not remarked one by one. A blank that a relation forces
(a 总计 that can only be the sum of its row) was still written blank.
"""
from __future__ import annotations

from collections import defaultdict

from ...core.model import Finding
from ...knowledge.templates import VALUE, blank_markers, blank_name, column_label, short_label
from ..context import Context
from ..naming import fact_name
from ..params import Param
from ..rule import Rule

BLANK_COLUMN_PARAMS = {"min_rows": Param("int", 3)}


def missing_value(rule: Rule, ctx: Context) -> list[Finding]:
    in_blank_columns = {id(f) for facts in _blank_columns(ctx, BLANK_COLUMN_PARAMS["min_rows"].default).values()
                        for f in facts}
    found = []
    for fact in ctx.table_facts:
        if not _missing(fact) or fact.key.endswith("header") or id(fact) in in_blank_columns:
            continue
        label = fact_name(fact)
        derived = f"（按表内关系应为 {fact.value}）" if fact.value is not None else ""
        found.append(Finding(
            rule=rule.id, kind=rule.kind, severity=rule.severity,
            message=f"{rule.title}：“{label}”为{blank_name(fact.blank)}，未填数字{derived}",
            values=[], facts=[fact], start=fact.start,
        ))
    return found


def _missing(fact) -> bool:
    """A template cell without the figure the form asks for: blank, or blank and filled by the
    relations with a figure (a part they fix at 0 is how reports write 0: not missing)."""
    return fact.value is None or fact.derived


def short_row(rule: Rule, ctx: Context) -> list[Finding]:
    """A row with fewer figures than the table has columns: a cell is missing, which one is unknown."""
    found = []
    for row_key in ctx.coverage.rows_short if ctx.coverage else ():
        cells = [f for f in ctx.table_facts if _row_key(f) == row_key]
        if not cells:
            continue
        columns = "、".join(column_label(f.column_label) for f in cells if f.column_label)
        found.append(Finding(
            rule=rule.id, kind=rule.kind, severity=rule.severity,
            message=f"{rule.title}：“{short_label(cells[0].row_label or row_key)}”一行的数字少于表的 {len(cells)} 列"
                    f"（{columns}），不知哪一格未填，本行不参与核对",
            values=[], facts=[], start=cells[0].start,
        ))
    return found


def blank_column(rule: Rule, ctx: Context) -> list[Finding]:
    found = []
    for (table, column), facts in _blank_columns(ctx, rule.params.get("min_rows", 3)).items():
        note = "，已按本行关系推算以便核对"
        found.append(Finding(
            rule=rule.id, kind=rule.kind, severity=rule.severity,
            message=f"{rule.title}：“{column}”列有 {len(facts)} 行空白，而同行其他各列已填{note}",
            values=[], facts=facts, start=facts[0].start,
        ))
    return found


def _blank_columns(ctx: Context, min_rows: int) -> dict:
    """{(table, column label): facts} of columns left blank on at least `min_rows` rows whose
    other cells hold figures, where the row's relation gives the figure the blank stands for
    (a blank a relation cannot fill is remarked cell by cell)."""
    rows: dict = defaultdict(list)
    for fact in ctx.table_facts:
        if not fact.key.endswith("header"):
            rows[_row_key(fact)].append(fact)
    blank: dict = defaultdict(list)
    for key, facts in rows.items():
        written = [f for f in facts if not _written_blank(f)]
        if len(facts) < 2 or not written or any(f.value is None for f in written):
            continue
        for fact in facts:
            if fact.derived:
                blank[(key.split(".", 1)[0], fact.column_label)].append(fact)
    return {k: v for k, v in blank.items() if len(v) >= min_rows}


def _row_key(fact) -> str:
    """The key of a cell's row: its own key in a one-column table (column `value`)."""
    return fact.key if fact.column_label in (None, VALUE) else fact.key.rsplit(".", 1)[0]


def _written_blank(fact) -> bool:
    return fact.raw.strip() == "" or fact.raw.strip() in blank_markers()

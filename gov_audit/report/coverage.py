"""What was read of a report, said the same way in every format.

A report's `Coverage` (core/model.py) comes from the table reader. Every
format states it: its table's state — `none` (no statistical table: a report
in prose), `unreadable` (a table of a known format, not one cell read),
`partial` or `read` — and its counts. The counts are rendered from the
dataclass's own fields, so a count the reader adds (a cell state, rows of a
new kind) appears in the JSON as it is and in the line with a generic label
until it is given a word here.
"""
from __future__ import annotations

import dataclasses

from ..core.model import UNKNOWN_FORMAT
from ..knowledge.templates import format_label

TABLE_STATES = ("read", "partial", "unreadable", "none")
# How a summary names the files in each state.
STATE_NAMES = {"read": "table read", "partial": "table partly read", "unreadable": "table unreadable",
               "none": "no table"}

CELLS = "table_cells"  # the template's cells; `table_cells_<state>` counts the cells in a state
# The words of the coverage line for the counts the reader keeps; any other
# `table_cells_<state>` or `rows_<what>` shows under its own name.
CELL_WORDS = {"inferred": "推断", "doubtful": "存疑", "unread": "未读"}
ROW_WORDS = {"rows_unread": "{n} 行未能读出", "rows_missing": "未找到 {n} 行",
             "rows_contradicted": "{n} 行连写数字怎样拆分都不一致", "rows_short": "{n} 行缺数字"}
# JSON names that predate the generic rendering (the JSON contract keeps them).
JSON_NAMES = {"prose_facts": "prose_figures", "prose_mapped": "prose_figures_mapped"}


def table_state(cov) -> str:
    """none (no statistical table: prose only), unreadable, partial or read."""
    if cov.format == UNKNOWN_FORMAT or not cov.table_cells:
        return "none" if not cov.table_cells_read else "read"
    if not cov.table_cells_read:
        return "unreadable"
    if cov.table_cells_read < cov.table_cells or any(rows for _, rows in _row_lists(cov)):
        return "partial"
    return "read"


def _cell_counts(cov) -> list[tuple[str, int]]:
    """(state, count) of every `table_cells_<state>` field but `read`, in field order."""
    prefix = CELLS + "_"
    return [(f.name[len(prefix):], getattr(cov, f.name)) for f in dataclasses.fields(cov)
            if f.name.startswith(prefix) and f.name != prefix + "read" and isinstance(getattr(cov, f.name), int)]


def _row_lists(cov) -> list[tuple[str, list]]:
    """(field, rows) of every `rows_<what>` list: rows not found, not read…"""
    return [(f.name, getattr(cov, f.name)) for f in dataclasses.fields(cov)
            if f.name.startswith("rows_") and isinstance(getattr(cov, f.name), (list, tuple))]


def coverage_text(cov) -> str:
    """The coverage line: format · table cells read (and in other states) · rows · prose figures mapped."""
    state = table_state(cov)
    if state == "none":
        table = "无统计表（仅文字）"
    elif state == "unreadable":
        table = f"统计表未能读取（0/{cov.table_cells} 格）"
    else:
        table = f"表格 {cov.table_cells_read}/{cov.table_cells} 格已读"
        others = [f"{CELL_WORDS.get(name, name)} {count}" for name, count in _cell_counts(cov) if count]
        if others:
            table += f"（{'，'.join(others)}）"
        for name, rows in _row_lists(cov):
            if rows:
                table += " · " + ROW_WORDS.get(name, name + " {n}").format(n=len(rows))
    return f"{format_label(cov.format)} · {table} · 文中数字 {cov.prose_mapped}/{cov.prose_facts} 个对应指标"


def coverage_json(cov) -> dict:
    """Every field of the coverage (under its JSON name), and the table's state."""
    data = {JSON_NAMES.get(name, name): value for name, value in dataclasses.asdict(cov).items()}
    # rows found whose figures could not be read: their labels, and why
    unread = list(cov.rows_unread or ())
    data["rows_unread"] = [u.split("：", 1)[0] for u in unread]
    data["rows_unread_reasons"] = unread
    data["table"] = table_state(cov)
    return data

"""`parts_present`: a total against the parts a locally defined form lists.

The 统计表s provinces defined before 2014 (template s_local) list different
rows: a total is checked against the parts the report's own form has, in both
its 本年度 and 历年累计 columns.
"""
from __future__ import annotations

from ...core.model import Finding
from ...core.numbers import Interval
from ..context import Context
from ..naming import display_name
from ..params import REQUIRED, Param
from ..rule import Rule

PARTS_PRESENT_PARAMS = {
    "total": Param("key", REQUIRED),
    "parts": Param("keys", REQUIRED, min_items=1),
    "op": Param("choice", "==", ("==", "<=")),
    # key suffixes: "" is the first value column, ".cumulative" the 历年累计 column
    "columns": Param("texts", ("",), min_items=1),
    # keys of the national form: when one is read, the rule is not for this table
    "unless_present": Param("keys", ()),
    "min_parts": Param("int", 2),
}


def parts_present(rule: Rule, ctx: Context) -> list[Finding]:
    """`total <op> Σ parts`, the parts being the rows the report's own form has.

    params: PARTS_PRESENT_PARAMS. A part the form lacks is no part; a part read
    as blank or left unread makes the relation untestable. At least `min_parts`
    parts must be present.
    """
    params = rule.params
    op = params["op"]
    present_keys = {f.key for f in ctx.table_facts}
    if any(k in present_keys for k in params["unless_present"]):
        return []  # the national form's rows: its own rules apply
    found = []
    for suffix in params["columns"]:
        total_fact = ctx.table.get(params["total"] + suffix)
        if total_fact is None:
            continue
        parts = [k + suffix for k in params["parts"] if k + suffix in present_keys]
        if len(parts) < params["min_parts"] or any(k not in ctx.table for k in parts):
            continue
        facts = [ctx.table[k] for k in parts]
        total = sum((f.value for f in facts), Interval.exact(0))
        value = total_fact.value
        holds = value.meets(total) if op == "==" else value.can_be_le(total)
        if holds:
            continue
        names = " + ".join(f"{display_name(f.key, ctx, rule)} {f.value}" for f in facts)
        head = display_name(total_fact.key, ctx, rule)
        sign = "≠" if op == "==" else ">"
        gap = ""
        if value.is_exact and total.is_exact:
            gap = f"（差 {abs(value.low - total.low)}）"
        found.append(Finding(
            rule=rule.id, kind=rule.kind, severity=rule.severity,
            message=f"{rule.message or rule.title}：{head} {value} {sign} {names} = {total}{gap}",
            values=[total_fact.value.point] + [f.value.point for f in facts],
            facts=[total_fact] + facts, relation=f"{params['total']}{suffix} {op} Σ parts",
            left=f"{head} {value}", right=f"{names} = {total}", start=total_fact.start,
        ))
    return found

"""Rules that state a relation (`assert`): evaluated over a report's table, explained when broken.

Each binding of a rule (one per combination of its `for_each` values) is
tested with interval semantics; a `when` condition that cannot be tested, or a
key without a figure, leaves the relation untested. A broken relation becomes
a finding that states the formula in the report's own labels, both sides and
the difference.
"""
from __future__ import annotations

from ..core import expr
from ..core.model import Finding
from ..core.numbers import Interval, fmt_decimal
from ..knowledge.templates import VALUE, column_name, short_label
from .context import Context
from .naming import display_name
from .rule import Rule


def run_relation(rule: Rule, ctx: Context) -> list[Finding]:
    found = []
    for variables, relation, when, missing in rule.bindings:
        if missing and all(k in ctx.table for k in missing):
            continue
        condition: list = []
        if when is not None and not _surely(when, ctx, condition):
            continue
        left_used: list = []
        right_used: list = []
        try:
            left = expr.evaluate(relation.left, ctx.lookup, left_used)
            right = expr.evaluate(relation.right, ctx.lookup, right_used)
        except expr.Missing:
            continue
        if expr.holds(relation.op, left, right):
            continue
        finding = relation_finding(rule, ctx, relation.op, left_used, left, right_used, right, variables)
        _add_condition(finding, condition, ctx)
        found.append(finding)
    return found


def _add_condition(finding: Finding, condition: list, ctx: Context) -> None:
    """The figures of a `when` condition are part of what the finding rests on."""
    extra = [ctx.table[k] for k, _ in condition if k in ctx.table and ctx.table[k] not in finding.facts]
    finding.facts = extra + finding.facts
    finding.values = [f.value.point for f in extra] + finding.values


def _surely(when: expr.Relation, ctx: Context, used: list) -> bool:
    """A `when` condition that certainly holds (if it cannot be tested, it does not)."""
    try:
        left = expr.evaluate(when.left, ctx.lookup, used)
        right = expr.evaluate(when.right, ctx.lookup, used)
    except expr.Missing:
        return False
    negation = {"==": "!=", "!=": "==", "<=": ">", ">=": "<", "<": ">=", ">": "<="}[when.op]
    return not expr.holds(negation, left, right)


NEGATED = {"==": "≠", "<=": ">", ">=": "<", "<": "≥", ">": "≤", "!=": "="}


def relation_finding(rule: Rule, ctx: Context, op: str, left_used, left: Interval, right_used, right: Interval,
                     variables: dict) -> Finding:
    facts = [ctx.table[k] for k, _ in left_used + right_used if k in ctx.table]
    shared = _shared_label(facts)
    left_text = _side(left_used, left, ctx, rule, shared)
    right_text = _side(right_used, right, ctx, rule, shared)
    difference = _difference(left, right)
    formula = f"{left_text} {NEGATED.get(op, '≠')} {right_text}"
    if difference:
        formula += f"（差 {difference}）"
    named = {k: column_name(v) for k, v in variables.items()}
    prefix = rule.message.format(**named) if rule.message else rule.title
    if shared and shared[1] not in prefix:
        prefix += f"（{shared[1]}）"
    return Finding(
        rule=rule.id, kind=rule.kind, severity=rule.severity, message=f"{prefix}：{formula}",
        values=[f.value.point for f in facts], facts=facts, relation=rule.relation_text.format(**variables),
        left=left_text, right=right_text, difference=difference,
        start=min((f.start for f in facts), default=0),
    )


def _shared_label(facts: list):
    """("row", label) when every fact is on one row, ("column", name) when in one column."""
    if len(facts) < 2:
        return None
    rows = {short_label(f.row_label or "") for f in facts}
    columns = {f.column_label for f in facts}
    if len(rows) == 1 and None not in columns and VALUE not in columns:
        return ("row", rows.pop())
    if len(columns) == 1 and None not in columns and VALUE not in columns:
        return ("column", columns.pop())
    return None


def _side(used: list, total: Interval, ctx: Context, rule: Rule, shared=None) -> str:
    parts = [f"{display_name(k, ctx, rule, shared)} {value}" for k, value in used]
    if len(parts) == 1:
        return parts[0]
    return " + ".join(parts) + f" = {total}"


def _difference(left: Interval, right: Interval) -> str:
    if left.is_exact and right.is_exact:
        return fmt_decimal(abs(left.low - right.low))
    return ""

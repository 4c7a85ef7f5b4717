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
        finding = relation_finding(rule, ctx, relation, left_used + right_used, left, right, variables)
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


ZERO_TERMS_TOGETHER = 3  # this many figures of 0 in a sum are counted, not each named
NEGATED = {"==": "≠", "<=": ">", ">=": "<", "<": "≥", ">": "≤", "!=": "="}


def relation_finding(rule: Rule, ctx: Context, relation: expr.Relation, used: list, left: Interval,
                     right: Interval, variables: dict) -> Finding:
    facts = [ctx.table[k] for k, _ in used if k in ctx.table]
    shared = _shared_label(facts)
    left_text = _side(relation.left, left, ctx, rule, shared)
    right_text = _side(relation.right, right, ctx, rule, shared)
    difference = _difference(left, right)
    formula = f"{left_text} {NEGATED.get(relation.op, '≠')} {right_text}"
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
        start=min((f.start for f in facts), default=0), left_value=left, right_value=right,
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


def _side(node: tuple, total: Interval, ctx: Context, rule: Rule, shared=None) -> str:
    """A side of the relation in the report's labels: each figure named, the
    expression's own operators kept, and its value when it is not a lone figure."""
    text, lone = _described(node, ctx, rule, shared)
    return text if lone else f"{text} = {total}"


def _described(node: tuple, ctx: Context, rule: Rule, shared) -> tuple[str, bool]:
    """(text, whether it is a single figure or number) of an expression tree."""
    kind = node[0]
    if kind == "num":
        return fmt_decimal(node[1]), True
    if kind == "neg":
        inner, lone = _described(node[1], ctx, rule, shared)
        return f"-{_grouped(node[1], inner, lone)}", lone
    if kind == "call":
        args = [_described(arg, ctx, rule, shared)[0] for arg in node[2]]
        return f"{node[1]}（{'，'.join(args)}）", False
    terms = _terms(node, ctx, rule, shared)
    zeros = [t for t in terms if t[2]]
    if len(zeros) >= ZERO_TERMS_TOGETHER:  # a long sum's empty rows, counted instead of named
        terms = [t for t in terms if not t[2]]
    text = " ".join(term if not i and sign == "+" else f"{sign} {term}" for i, (sign, term, _) in enumerate(terms))
    if len(zeros) >= ZERO_TERMS_TOGETHER:
        text = f"{text}（另 {len(zeros)} 项为 0）" if text else f"{len(zeros)} 项均为 0"
    return text, kind == "key" and len(terms) == 1  # a sum ("add") has two terms or more


def _terms(node: tuple, ctx: Context, rule: Rule, shared) -> list[tuple[str, str, bool]]:
    """(sign, text, is a figure of 0) of each term of a sum; a key pattern is a term per key it matches."""
    if node[0] == "key":
        return [("+", f"{display_name(k, ctx, rule, shared)} {value}", value.is_exact and value.low == 0)
                for k, value in ctx.lookup(node[1])]
    terms = []
    for sign, term in node[1]:
        if term[0] == "key" and sign == "+":
            terms.extend(_terms(term, ctx, rule, shared))
            continue
        text, lone = _described(term, ctx, rule, shared)
        terms.append((sign, _grouped(term, text, lone), False))
    return terms


def _grouped(node: tuple, text: str, lone: bool) -> str:
    """A sum inside a larger expression, in brackets; a figure, a number or a call as it is."""
    return text if lone or node[0] in ("num", "call") else f"（{text}）"


def _difference(left: Interval, right: Interval) -> str:
    """How far apart two exact sides are; "" when they are not exact, or equal (a broken
    `!=`, `<` or `>`: "（差 0）" would say nothing)."""
    if left.is_exact and right.is_exact and left.low != right.low:
        return fmt_decimal(abs(left.low - right.low))
    return ""

"""A relation between a report and others judged, and said: both sides quoted, the difference given.

A relation that fails on certain figures is a finding at its rule's
severity. One that would fail, but rests on a figure not read with
certainty, is not judged: an info finding says it cannot be assessed and why.
"""
from __future__ import annotations

import functools

from ..core import expr
from ..core.numbers import fmt_decimal
from ..knowledge.compare import compare_words
from ..knowledge.templates import VALUE, column_name, short_label
from .citing import Cross, cite_figure
from .readings import evaluate
from .summary import Figure


class CompareRuleError(Exception):
    """A folder rule whose relation cannot be read; the message names the rule."""


@functools.lru_cache(maxsize=4096)
def parsed(text: str) -> expr.Relation:
    relation = expr.parse(text)
    if relation.op is None:
        raise expr.ExprError("a relation needs a comparison (==, >=, …)")
    return relation


def check_relation(rule, text: str) -> None:
    """Raise CompareRuleError when a rule's relation cannot be read."""
    try:
        parsed(text)
    except expr.ExprError as exc:
        raise CompareRuleError(f"rule {rule.id}: bad relation {text!r}: {exc}") from None


def judge(rule, text: str, report, others: dict, notes: dict) -> list:
    """[Cross] for the relation `text` over `report` and `others` (prefix → summary), if it fails."""
    relation = parsed(text)
    outcome = evaluate(relation, {"": report, **others})
    if outcome.holds is not False and not outcome.unsure:
        return []
    left = " + ".join(_named(p, f, notes) for p, f in outcome.used[:outcome.split])
    right = " + ".join(_named(p, f, notes) for p, f in outcome.used[outcome.split:])
    here = [cite_figure(report, f) for p, f in outcome.used if not p]
    there = [(cite_figure(others[p], f), notes[p]) for p, f in outcome.used if p]
    difference = outcome.left - outcome.right
    shown = f"{left} {_broken(relation.op)} {right}"
    if outcome.holds is None:
        why = "；".join(f"{_named(p, f, notes)} 为{f.doubt}" for p, f in outcome.unsure)
        message = f"无法核对：{rule.message or rule.title}（{shown}），但{why}，不据此判断"
        severity = "info"
    else:
        message = f"{rule.message or rule.title}：{shown}"
        if difference.is_exact and relation.op == "==":
            message += f"（差 {fmt_decimal(difference.low)}）"
        severity = None
    values = [f.value.point for _, f in outcome.used]
    return [Cross(rule, report, message, values, here, there, severity, relation.text, left, right,
                  fmt_decimal(difference.low) if difference.is_exact else None)]


def _broken(op: str) -> str:
    return {"==": "≠", "<=": ">", ">=": "<", "<": "≥", ">": "≤", "!=": "="}[op]


def _named(prefix: str, figure: Figure, notes: dict) -> str:
    """A figure in a formula: whose report, which cell or sentence, the figure as written."""
    owner = f"{notes[prefix]} " if prefix else ""
    if figure.source == "table":
        label = short_label(figure.quote)
        column = figure.column_label
        if column and column != VALUE:
            label += f"［{compare_words().column_names.get(column, column_name(column))}］"
        return f"{owner}{label} {figure.raw}"
    return f"{owner}文中“{figure.quote}” {figure.raw}"


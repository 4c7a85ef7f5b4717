"""The report's own names for the figures a finding cites: a row label, with its column where needed."""
from __future__ import annotations

from ..core.model import Fact
from ..knowledge.templates import VALUE, short_label
from .context import Context
from .rule import Rule


def display_name(key: str, ctx: Context, rule: Rule, shared=None) -> str:
    """The report's own label for a key (its row and, in wide tables, column)."""
    if key in rule.names:
        return str(rule.names[key])
    fact = ctx.table.get(key)
    return fact_name(fact, shared) if fact is not None else key


def fact_name(fact: Fact, shared=None) -> str:
    """A table fact's row label, with its column where the table has several;
    the part that all figures of a relation share (`shared`) is left out."""
    label = short_label(fact.row_label or fact.key or "")
    column = fact.column_label if fact.column_label not in (None, VALUE) else None
    if shared and shared[0] == "row" and column:
        return column
    if column and not (shared and shared[0] == "column"):
        return f"{label}［{column}］"
    return label

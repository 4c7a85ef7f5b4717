"""Relations compiled once for a set of keys: sums of exact numbers, intervals only where needed.

A table's relations are tested thousands of times a report: for every way to split
a row of run-together digits, for every rearrangement a misreading may be. Walking
the expression tree over intervals costs a Decimal interval and a Python call per
step. Compiled once (per template table), a relation is, on each side, a constant
and a list of signed keys with its patterns already expanded against the table's
keys; its figures are added as Python ints (Decimal only where a figure has a
fraction), and where one figure is approximate (300余, 83.9%) the side is added in
intervals, so every result is the one `expr.evaluate` and `expr.holds` give. A side
that is not a sum (max, min) is evaluated as its tree.
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence

from . import expr
from .numbers import Interval

ValueOf = Callable[[str], Interval]  # a key's figure; raises expr.Missing when it has none

_COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
}


class Side:
    """A side of a relation: `constant + Σ ±figure`, each term (negative?, keys, written key)."""

    __slots__ = ("constant", "terms")

    def __init__(self, constant, terms: tuple):
        self.constant = constant
        self.terms = terms

    def value(self, value_of: ValueOf):
        """An int or Decimal when every figure is exact, else an Interval."""
        total = self.constant
        approximate = None
        for negative, keys, written in self.terms:
            if not keys:
                raise expr.Missing(written)  # a pattern that matches no key of the table
            for key in keys:
                figure = value_of(key)
                number = figure.number
                if number is None:
                    part = -figure if negative else figure
                    approximate = part if approximate is None else approximate + part
                elif negative:
                    total -= number
                else:
                    total += number
        if approximate is None:
            return total
        return approximate + Interval.exact(total)


class CompiledRelation:
    """A relation over a fixed set of keys, tested many times with different figures."""

    __slots__ = ("relation", "op", "left", "right", "keys")

    def __init__(self, relation: expr.Relation, keys: Sequence[str]):
        self.relation = relation
        self.op = relation.op
        self.left = _side(relation.left, keys)
        self.right = _side(relation.right, keys)
        self.keys = keys

    def holds(self, value_of: ValueOf) -> Optional[bool]:
        """Whether the relation can hold with these figures; None when one is missing."""
        try:
            left = self._value(self.left, self.relation.left, value_of)
            right = self._value(self.right, self.relation.right, value_of)
        except expr.Missing:
            return None
        if isinstance(left, Interval) or isinstance(right, Interval):
            return expr.holds(self.op, _interval(left), _interval(right))
        return _COMPARE[self.op](left, right)

    def _value(self, side: Optional[Side], node: tuple, value_of: ValueOf):
        if side is not None:
            return side.value(value_of)
        return expr.evaluate(node, lambda key: self._lookup(key, value_of), [])

    def _lookup(self, key: str, value_of: ValueOf) -> list:
        keys = expr.matching(key, self.keys) if expr.is_pattern(key) else [key]
        return [(k, value_of(k)) for k in keys]


def compile_relation(relation: expr.Relation, keys: Sequence[str]) -> CompiledRelation:
    """`relation` for figures keyed by `keys` (in order: its patterns expand over them)."""
    return CompiledRelation(relation, tuple(keys))


def _interval(value) -> Interval:
    return value if isinstance(value, Interval) else Interval.exact(value)


def _side(node: tuple, keys: tuple) -> Optional[Side]:
    """The side as a constant and signed terms, or None when it is not a sum."""
    terms: list = []
    constant = [0]

    def add(item: tuple, negative: bool) -> bool:
        kind = item[0]
        if kind == "num":
            value = item[1]
            value = int(value) if value == value.to_integral_value() else value
            constant[0] = constant[0] - value if negative else constant[0] + value
            return True
        if kind == "key":
            written = item[1]
            expanded = tuple(expr.matching(written, keys)) if expr.is_pattern(written) else (written,)
            terms.append((negative, expanded, written))
            return True
        if kind == "neg":
            return add(item[1], not negative)
        if kind == "add":
            return all(add(term, negative != (sign == "-")) for sign, term in item[1])
        if kind == "call" and item[1] == "sum":
            return all(add(arg, negative) for arg in item[2])
        return False

    if not add(node, False):
        return None
    return Side(constant[0], tuple(terms))


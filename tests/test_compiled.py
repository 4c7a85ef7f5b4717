"""core/compiled.py: a relation compiled for a table's keys decides exactly as the tree
evaluation over intervals does — exact figures as ints or Decimals, approximate ones
(300余, 83.9%, 不少于4) as intervals — and a missing figure leaves it untested."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_audit.core import expr
from gov_audit.core.compiled import compile_relation
from gov_audit.core.numbers import Interval

X = Interval.exact
KEYS = ("t.a.v", "t.b.v", "t.c.v", "t.total", "t.rate")


def tree(text: str, values: dict):
    """What the rules engine decides: True/False, None when a figure is missing."""
    relation = expr.parse(text)

    def lookup(key):
        keys = expr.matching(key, KEYS) if expr.is_pattern(key) else [key]
        return [(k, values[k]) for k in keys if k in values] if all(k in values for k in keys) else []

    try:
        left = expr.evaluate(relation.left, lookup, [])
        right = expr.evaluate(relation.right, lookup, [])
    except expr.Missing:
        return None
    return expr.holds(relation.op, left, right)


def compiled(text: str, values: dict):
    def value_of(key):
        if key not in values:
            raise expr.Missing(key)
        return values[key]

    return compile_relation(expr.parse(text), KEYS).holds(value_of)


ABOUT_300 = Interval(Decimal(300), Decimal(400), True, True)  # 300余
AT_LEAST_4 = Interval(Decimal(4), None)  # 不少于4


@pytest.mark.parametrize("text, values, result", [
    ("t.a.v + t.b.v == t.total", {"t.a.v": X(2), "t.b.v": X(3), "t.total": X(5)}, True),
    ("t.a.v + t.b.v == t.total", {"t.a.v": X(2), "t.b.v": X(3), "t.total": X(6)}, False),
    ("sum(t.*.v) == t.total", {"t.a.v": X(1), "t.b.v": X(2), "t.c.v": X(0), "t.total": X(3)}, True),
    ("t.total - t.a.v >= t.b.v", {"t.a.v": X(1), "t.b.v": X(3), "t.total": X(3)}, False),
    ("t.a.v + t.b.v == 1.5", {"t.a.v": X("0.5"), "t.b.v": X(1)}, True),  # a fraction: Decimal
    ("t.a.v == t.total", {"t.a.v": ABOUT_300, "t.total": X(350)}, True),  # within 300余
    ("t.a.v == t.total", {"t.a.v": ABOUT_300, "t.total": X(300)}, False),
    ("t.a.v + t.b.v == t.total", {"t.a.v": AT_LEAST_4, "t.b.v": X(1), "t.total": X(9)}, True),
    ("t.a.v + t.b.v == t.total", {"t.a.v": AT_LEAST_4, "t.b.v": X(1), "t.total": X(2)}, False),
    ("max(t.a.v, t.b.v) <= t.total", {"t.a.v": X(1), "t.b.v": X(4), "t.total": X(3)}, False),
    ("t.a.v + t.b.v == t.total", {"t.a.v": X(2), "t.total": X(5)}, None),  # a figure missing
    ("sum(t.*.v) == t.total", {"t.a.v": X(1), "t.total": X(1)}, None),  # one matched key missing
    ("t.x.* == 1", {"t.a.v": X(1)}, None),  # a pattern matching no key of the table
])
def test_compiled_decides_as_the_tree(text, values, result):
    assert compiled(text, values) is result
    assert tree(text, values) is result


FIGURES = st.one_of(
    st.integers(-5, 40).map(X),
    st.decimals(-5, 40, places=1, allow_nan=False, allow_infinity=False).map(X),
    st.tuples(st.integers(0, 30), st.integers(1, 20), st.booleans(), st.booleans()).map(
        lambda t: Interval(Decimal(t[0]), Decimal(t[0] + t[1]), t[2], t[3])),
    st.integers(0, 30).map(lambda low: Interval(Decimal(low), None)),
)
TERMS = st.lists(st.tuples(st.sampled_from("+-"), st.sampled_from(KEYS + ("t.*.v", "3", "0.5"))), min_size=1,
                 max_size=5)


def _written(terms) -> str:
    return " ".join(f"{sign} {name}" for sign, name in terms).lstrip("+ ")


@settings(max_examples=400, deadline=None)
@given(left=TERMS, right=TERMS, op=st.sampled_from(expr.COMPARATORS),
       values=st.dictionaries(st.sampled_from(KEYS), FIGURES, min_size=2))
def test_compiled_equals_tree_for_any_sums(left, right, op, values):
    text = f"{_written(left) or '0'} {op} {_written(right) or '0'}"
    assert compiled(text, values) is tree(text, values), text


def test_a_figure_is_added_as_an_int_when_whole():
    assert X(12).number == 12 and type(X(12).number) is int
    assert X("83.9").number == Decimal("83.9")
    assert ABOUT_300.number is None and AT_LEAST_4.number is None

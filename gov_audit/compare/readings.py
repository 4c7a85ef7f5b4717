"""Which figure of a report stands for an indicator, and relations over the figures of several reports.

A report may state an indicator twice (its table, its text). The table's
cell stands for it when read with certainty; else the text's figure, when
every certain figure of the text agrees. A cell inferred, doubtful or
unread, or a figure of the text with a hedge, is not certain: a relation
resting on one is not judged (`Outcome.unsure` says which figure).

A relation is written in the rule language (core/expr.py) with the other
report's keys behind a prefix: `t3.carry_in.sum == prior.t3.carry_out.sum`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..core import expr
from ..core.numbers import Interval
from ..knowledge.compare import compare_words
from .summary import Figure, ReportSummary


def reading(summary: ReportSummary, key: str, certain: bool = True) -> Optional[Figure]:
    """The figure standing for `key` in a report (None: not stated, or not with certainty)."""
    figures = [f for f in summary.figures.get(key, ()) if f.value is not None]
    for source in ("table", "prose"):
        pool = [f for f in figures if f.source == source]
        if certain:
            pool = [f for f in pool if f.doubt is None]
        if pool and all(_worth(f).meets(_worth(pool[0])) for f in pool[1:]):
            return pool[0]
    return None


def _worth(figure: Figure) -> Interval:
    """The figure's value in its measure's base unit (万元 → 元)."""
    _, worth = compare_words().measure(figure.unit)
    return figure.value.scale(worth) if worth != 1 else figure.value


def measure(figure: Figure) -> Optional[str]:
    found, _ = compare_words().measure(figure.unit)
    return found


def same_measure(a: Figure, b: Figure) -> bool:
    """Whether two figures count the same thing: a unit each of one measure, or one without."""
    return measure(a) is None or measure(b) is None or measure(a) == measure(b)


@dataclass
class Outcome:
    """A relation evaluated over reports."""

    holds: Optional[bool]  # None: not assessable
    left: Optional[Interval] = None
    right: Optional[Interval] = None
    used: list = field(default_factory=list)  # (prefix, Figure) in the order read
    split: int = 0  # used[:split] are the left side's figures
    unsure: list = field(default_factory=list)  # (prefix, Figure) not read with certainty


def evaluate(relation: expr.Relation, reports: dict) -> Outcome:
    """The relation over `reports` (prefix → ReportSummary; "" is the report itself).

    Judged on certain figures only; when one is missing, evaluated again on
    every figure stated to tell whether it would fail (`unsure`): a failure
    that rests on an uncertain figure is only said to be unassessable.
    """
    sure = _evaluate(relation, reports, certain=True)
    if sure is not None:
        return sure
    loose = _evaluate(relation, reports, certain=False)
    if loose is None or loose.holds:
        return Outcome(None)
    unsure = [(prefix, f) for prefix, f in loose.used if f.doubt is not None]
    return Outcome(None, loose.left, loose.right, loose.used, loose.split, unsure)


def _evaluate(relation: expr.Relation, reports: dict, certain: bool) -> Optional[Outcome]:
    used: list = []
    measures: set = set()

    def lookup(key: str) -> list:
        prefix, own = split_key(key, reports)
        summary = reports[prefix]
        keys = expr.matching(own, list(summary.figures)) if expr.is_pattern(own) else [own]
        found = []
        for k in keys:
            figure = reading(summary, k, certain)
            if figure is not None:
                found.append((key, _worth(figure)))
                used.append((prefix, figure))
                measures.add(measure(figure))
        return found

    try:
        left = expr.evaluate(relation.left, lookup, [])
        split = len(used)
        right = expr.evaluate(relation.right, lookup, [])
    except expr.Missing:
        return None
    if len(measures - {None}) > 1:
        return None  # 条 against 元: not one measure
    return Outcome(expr.holds(relation.op, left, right), left, right, used, split)


def split_key(key: str, reports: dict) -> tuple[str, str]:
    """(prefix, key in that report) of a key of a relation over reports."""
    head, _, rest = key.partition(".")
    if head in reports and head and rest:
        return head, rest
    return "", key

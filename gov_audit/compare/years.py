"""One agency across the years: carry-over, stock, cumulative columns, 上一年 columns, 同比 statements.

Each report is compared with the agency's report of the year before; when
that year is missing, with the nearest earlier year, saying so, and only by
the relation a rule gives for a gap (a 历年累计 can only have grown), or not
at all (a carry-over over a gap is unknown). A relation applies to the
reports that state its keys: the 2019 format's 对外公开总数量 is no key of the
2021 format, so it is never taken for 现行有效件数; a row renamed between
templates keeps its key (rules/knowledge/templates.yaml).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from ..core.numbers import fmt_decimal, rounded_interval
from ..knowledge.compare import compare_words
from .citing import Cross, cite_figure
from .readings import measure, reading, same_measure
from .relating import judge
from .summary import ReportSummary


def across_years(rule, later: ReportSummary, earlier: ReportSummary, gap: int) -> list:
    """The rule's relation between a report and the agency's report of an earlier year
    (`gap`: the years missing between them)."""
    text = rule.params["relation"] if not gap else rule.params.get("over_gap", "")
    if not text:
        return []
    note = f"{earlier.year}年报告" + (f"（中间缺{_missing(earlier.year, later.year)}年报告）" if gap else "")
    found = []
    for each in rule.params.get("each") or [""]:
        for cross in judge(rule, text.replace("{each}", each), later, {"prior": earlier}, {"prior": note}):
            cross.extra["link"] = (earlier.year, later.year)
            found.append(cross)
    return found


def _missing(first: int, last: int) -> str:
    return f"{first + 1}" if last - first == 2 else f"{first + 1}–{last - 1}"


def year_on_year(rule, later: ReportSummary, earlier: ReportSummary, gap: int) -> list:
    """A figure's 同比 / 比上年 change as the text states it, against last year's report."""
    if gap:
        return []  # 同比 means the year before
    found = []
    for claim in later.claims:
        figure = claim.figure
        if figure.doubt is not None or figure.value is None or not figure.value.is_exact:
            continue
        prior = _prior_reading(earlier, figure.key)
        if prior is None or not prior.value.is_exact or not same_measure(prior, figure):
            continue
        computed, stated, unit = _change(claim, figure.value.low, prior.value.low)
        if computed is None:
            continue
        if stated is None or stated.contains(computed) or _truncated(claim.amount, computed):
            continue
        found.append(Cross(
            rule, later,
            f"文中“{claim.words}”与{earlier.year}年报告不符：{earlier.year}年为 {prior.raw}，"
            f"本年 {figure.raw}，实际{_said(claim, computed, unit)}",
            [figure.value.low, prior.value.low, computed],
            [cite_figure(later, figure)], [(cite_figure(earlier, prior), f"{earlier.year}年报告")],
        ))
    return found


def _prior_reading(earlier: ReportSummary, key: str):
    for candidate in (key, *compare_words().equivalents.get(key, ())):
        figure = reading(earlier, candidate)
        if figure is not None:
            return figure
    return None


def _change(claim, now: Decimal, before: Decimal) -> tuple:
    """(the change as computed, the interval stated, its unit); (None, …) when not comparable."""
    if claim.direction == 0:
        return now - before, rounded_interval("0"), ""
    signed = (now - before) * claim.direction
    if claim.unit == "%":
        if before == 0:
            return None, None, ""
        return (signed * 100 / before).quantize(Decimal("0.01")), rounded_interval(claim.amount), "%"
    if claim.unit == "个百分点":
        if claim.figure.unit != "%":
            return None, None, ""
        return signed, rounded_interval(claim.amount), "个百分点"
    stated = compare_words().measure(claim.unit)[0]
    if stated is not None and measure(claim.figure) not in (None, stated):
        return None, None, ""
    return signed, rounded_interval(claim.amount), claim.unit or ""


def _truncated(amount: Optional[str], computed: Decimal) -> bool:
    """A rate cut, not rounded, at its last written digit (20.68% written 20.6%)."""
    if amount is None:
        return False
    decimals = len(amount.split(".", 1)[1]) if "." in amount else 0
    step = Decimal(1).scaleb(-decimals)
    return (computed / step).to_integral_value(rounding="ROUND_DOWN") * step == Decimal(amount)


def _said(claim, computed: Decimal, unit: str) -> str:
    if claim.direction == 0:
        return f"变化 {fmt_decimal(computed)}"
    verb = "增加" if claim.direction > 0 else "减少"
    return f"{verb} {fmt_decimal(computed)}{unit}"

"""Figures that cannot be true as written (`implausible`).

- A fractional count of whole things: 粉丝3.5名, 2.5件 (`units.whole`); an
  average (人均3.5次) or a figure with 万/亿 (1.5万人) is no count of this kind.
- An average over a period above the total of the same quantity in the same
  sentence: 访问数量突破30人次, 日均访问量197次 (`averages`). The two must share
  a word (访问) so that a daily average is not set against an unrelated total.

The usual cause is a lost 万 or a misplaced decimal point; the message says so.
"""
from __future__ import annotations

from ...core.numbers import fmt_decimal
from ..context import Context
from ..rule import Rule
from .prose import make_finding, prose_of


def fractional_count(rule: Rule, ctx: Context) -> list:
    prose = prose_of(ctx)
    whole = prose.cfg.whole
    found = []
    for fact in prose.facts:
        if fact.unit not in whole or fact.value.is_exact and fact.value.low == fact.value.low.to_integral_value():
            continue
        raw = prose.text[fact.start:fact.end]
        if "." not in raw or any(m in raw for m in ("万", "亿", "千")) or prose.per_item(fact):
            continue
        value = prose.written(fact)
        if value == value.to_integral_value():
            continue
        message = (f"“{prose.clause_quote(fact)}”：{fact.unit}是整数计量的，不能是 {fmt_decimal(value)}；"
                   "可能漏写了“万”或小数点位置有误")
        found.append(make_finding(rule, rule.severity, message, [value], [fact], fact.start,
                                  relation=f"{fact.unit}数为整数", left=fmt_decimal(value), right="整数"))
    return found


def _bigrams(words: str) -> set:
    return {words[i:i + 2] for i in range(len(words) - 1) if words[i:i + 2].isalpha()}


def average_above_total(rule: Rule, ctx: Context) -> list:
    prose = prose_of(ctx)
    averages = prose.cfg.averages
    found = []
    for fact in prose.facts:
        if prose.kind_of(fact) != "count":
            continue
        words = prose.prefix(fact)
        word = next((w for w in averages if w in words), None)
        if word is None:
            continue
        subject = _bigrams(words[words.index(word) + len(word):])
        start, _ = prose.sentence(fact.start)
        total = None
        for other in reversed(prose.last_facts(start, fact.start, prose.cfg.lookback)):  # bounded work
            other_words = prose.prefix(other)
            if prose.kind_of(other) != "count" or any(w in other_words for w in averages):
                continue
            if prose.family(other) == prose.family(fact) and subject & _bigrams(other_words):
                total = other
                break
        if total is None:
            continue
        avg, tot = prose.written(fact), prose.written(total)
        if avg <= tot:
            continue
        message = (f"“{prose.clause_quote(fact)}”超过了总数“{prose.clause_quote(total)}”："
                   f"{word} {fmt_decimal(avg)} > {fmt_decimal(tot)}；总数可能漏写了“万”等单位")
        found.append(make_finding(rule, rule.severity, message, [tot, avg], [total, fact], total.start,
                                  relation="平均数 ≤ 总数", left=prose.label(fact), right=prose.label(total),
                                  difference=fmt_decimal(avg - tot), left_value=avg, right_value=tot))
    return found

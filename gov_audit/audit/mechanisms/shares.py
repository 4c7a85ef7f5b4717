"""Percentages recomputed from the figures the text states: shares, rates, and none above 100%.

- A share: a part with 占/占比/所占比例 p% (`share_gap` in structures.yaml).
  Its base is the total of the part's breakdown, else a figure of the same
  unit before it in the sentence that is not itself a share, else one in the
  sentence before. Any candidate that fits clears it.
- A rate: X率 p% (`rates`): its numerator and denominator are the figures whose
  clause names them (已办理… / 受理…). A rate whose figures are not both stated
  is not checked; a qualifier in its name (按时办结率) must be in the numerator's.

A stated p% is the interval of its written precision (core/numbers.py: rounded_interval):
100% is right for 1486/1487. When the base is not certain (from another
sentence, one of several totals, a rate whose name does not say what it
divides) the finding is a warning naming the base it assumed; a percentage that
is the truncation of the right one (2.9 for 2.96) is a warning too.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from ...core.model import Fact, lower
from ...core.numbers import Interval, fmt_decimal
from ..context import Context
from ..rule import Rule
from .prose import Prose, make_finding, percent_text, prose_of, ratio, truncated
from .sums import breakdowns

HUNDRED = Decimal(100)


@dataclass
class Statement:
    """A stated percentage and what it is a percentage of."""

    percent: Fact
    kind: str  # share | rate
    part: Optional[Fact] = None  # share: the part
    stem: str = ""  # rate: its name before 率, e.g. 案件办理
    key: str = ""  # rate: the rates entry, e.g. 办理


def statements(prose: Prose) -> list[Statement]:
    """Every stated percentage of the report, with what it is a percentage of (found once)."""
    return prose.once("percent statements", _statements)


def _statements(prose: Prose) -> list[Statement]:
    cfg, text = prose.cfg, prose.text
    out = []
    previous = None
    for fact in prose.facts:
        if fact.unit != "%":
            previous = fact
            continue
        s_start, _ = prose.sentence(fact.start)
        if previous is not None and previous.start >= s_start and prose.kind_of(previous) in ("count", "money") \
                and cfg.share_gap.search(text[previous.end:fact.start]):
            out.append(Statement(fact, "share", part=previous))
            continue
        m = cfg.rate_gap.search(text, max(s_start, fact.start - 24), fact.start)
        if m and m.end() == fact.start:
            stem = m.group("stem")
            key = next((k for k in sorted(cfg.rates, key=len, reverse=True) if stem.endswith(k)), "")
            out.append(Statement(fact, "rate", stem=stem, key=key))
    return out


def _sentence_facts(prose: Prose, start: int, end: int) -> list[Fact]:
    return [f for f in prose.facts_in(start, end) if prose.kind_of(f) in ("count", "money")]


def _sibling(prose: Prose, fact: Fact) -> bool:
    """A figure followed by its own 占 p%: a part, not a base."""
    after = prose.facts_in(fact.end, fact.end + 16)
    return bool(after) and after[0].unit == "%" and bool(prose.cfg.share_gap.search(prose.text[fact.end:after[0].start]))


def _share_bases(prose: Prose, part: Fact) -> tuple[list, bool, str]:
    """Candidate bases of a share, preferred first; whether the base is certain; where it came from.

    The total of the part's breakdown comes first, then figures of the same unit
    before the part in its sentence (not shares themselves), then those of the
    sentence before. A share that fits any of them is not reported.
    """
    family = prose.family(part)
    bases, certain, source = [], False, ""
    for item in breakdowns(prose):
        if part in item.parts:
            bases = list(item.totals)
            certain, source = item.certain and item.opener in prose.cfg.openers_set, "breakdown"
            break
    start, _ = prose.sentence(part.start)
    same = [f for f in reversed(_sentence_facts(prose, start, part.start))
            if prose.family(f) == family and not _sibling(prose, f) and not prose.per_item(f) and f not in bases]
    if same and not bases:
        certain, source = len(same) == 1, "sentence"
    bases += same
    sentence = prose.previous_sentence(start)
    for _ in range(2):
        if sentence is None:
            break
        earlier = [f for f in _sentence_facts(prose, *sentence) if prose.family(f) == family
                   and not prose.per_item(f) and not _sibling(prose, f) and f not in bases]
        if earlier:
            if not bases:
                source = "previous"
            bases += earlier
            break
        sentence = prose.previous_sentence(sentence[0])
    return bases, certain, source


def _fits(part: Interval, base: Interval, stated: Interval) -> bool:
    computed = ratio(part, base)
    return computed is None or computed.meets(stated)


def _judge(rule: Rule, prose: Prose, numerators: list, base: Fact, percent: Fact, certain: bool,
           notes: list) -> Optional[object]:
    """A finding when numerators ÷ base does not give the stated percentage."""
    part = Interval.exact(0)
    for fact in numerators:
        part = part + fact.value
    stated = percent.value
    computed = ratio(part, base.value)
    if computed is None or computed.meets(stated):
        return None
    severity = rule.severity
    if computed.meets(truncated(stated)):
        severity = lower(severity, "warning")
        notes = notes + ["按截断而非四舍五入可得此数"]
    if not certain:
        severity = lower(severity, "warning")
    written = [prose.written(f) for f in numerators]
    num_text = " + ".join(prose.label(f) for f in numerators)
    if len(numerators) > 1:
        num_text = f"({num_text})"
    left = f"{num_text} ÷ {prose.label(base)} = {percent_text(computed, stated)}"
    right = f"{fmt_decimal(prose.written(percent))}%"
    first = numerators[0]
    begin = first.start - len(prose.prefix(first))
    quote = prose.quote(begin, percent.end) if percent.end - begin <= 60 else prose.clause_quote(percent, 24)
    message = f"“{quote}”：{left}，文中为 {right}"
    if notes:
        message += "；" + "；".join(notes)
    values = written + [prose.written(base), prose.written(percent)]
    return make_finding(rule, severity, message, values, numerators + [base, percent], percent.start,
                        relation="百分比 = 部分 ÷ 总数", left=left, right=right, left_value=computed,
                        right_value=stated)


def share(rule: Rule, ctx: Context) -> list:
    """A part with 占 p% of its base."""
    prose = prose_of(ctx)
    found = []
    for st in statements(prose):
        if st.kind != "share" or prose.kind_of(st.part) != "count":
            continue
        bases, certain, source = _share_bases(prose, st.part)
        if not bases or any(_fits(st.part.value, b.value, st.percent.value) for b in bases):
            continue
        notes = []
        if not certain:
            where = {"previous": "总数在前一句", "breakdown": "有多个可能的总数"}.get(source, "句中有多个可能的总数")
            notes.append(f"{where}，按“{prose.clause_quote(bases[0])}”为基数")
        finding = _judge(rule, prose, [st.part], bases[0], st.percent, certain, notes)
        if finding is not None:
            found.append(finding)
    return found


def _has(words: str, items) -> bool:
    return any(w in words for w in items)


def rate(rule: Rule, ctx: Context) -> list:
    """X率 p% recomputed from its stated numerator and denominator."""
    prose = prose_of(ctx)
    cfg = prose.cfg
    found = []
    for st in statements(prose):
        if st.kind != "rate" or not st.key:
            continue
        spec = cfg.rates[st.key]
        qualifier = st.stem[: -len(st.key)]
        required = [w for w in cfg.restrictive if w in qualifier]
        start, _ = prose.sentence(st.percent.start)
        numerators, denominators = [], []
        for fact in _sentence_facts(prose, start, st.percent.start):
            if prose.kind_of(fact) != "count" or prose.per_item(fact):
                continue
            words = prose.prefix(fact)
            is_num = _has(words, spec["numerator"]) and all(w in words for w in required) and \
                (required or not _has(words, cfg.restrictive)) and not cfg.negated[st.key].search(words)
            is_den = _has(words, spec["denominator"]) or bool(cfg.total_word.search(words))
            if is_num and not _has(words, spec["denominator"]):
                numerators.append(fact)
            elif is_den and not numerators:
                denominators.append(fact)
        if not numerators:
            continue  # the rate's numerator is not stated: not checked
        certain = spec.get("certain", True)
        previous = False
        if not denominators:
            sentence = prose.previous_sentence(start)
            if sentence is not None:
                denominators = [f for f in _sentence_facts(prose, *sentence) if prose.kind_of(f) == "count"
                                and (_has(prose.prefix(f), spec["denominator"])
                                     or cfg.total_word.search(prose.prefix(f)))]
            certain, previous = False, True
        if not denominators:
            continue
        total = Interval.exact(0)
        for fact in numerators:
            total = total + fact.value
        if any(_fits(total, d.value, st.percent.value) for d in denominators):
            continue
        # The assumed base: a figure stated as a total (共…), else the nearest.
        base = max(reversed(denominators), key=lambda f: bool(cfg.total_word.search(prose.prefix(f))))
        named = f"按“{prose.clause_quote(base)}”计"
        if previous:
            notes = [f"分母取自前一句，{named}"]
        elif len(denominators) > 1:
            certain, notes = False, [f"可能的分母不止一个，{named}"]
        elif not certain:
            notes = [f"“{st.stem}率”未说明以何为分母，{named}"]
        else:
            notes = []
        finding = _judge(rule, prose, numerators, base, st.percent, certain, notes)
        if finding is not None:
            found.append(finding)
    return found


def percent_over_100(rule: Rule, ctx: Context) -> list:
    """A share or a bounded rate above 100%."""
    prose = prose_of(ctx)
    found = []
    for st in statements(prose):
        bounded = st.kind == "share" or (st.key and prose.cfg.rates[st.key].get("max") == 100)
        if not bounded or st.percent.value.low is None or st.percent.value.low <= HUNDRED:
            continue
        what = "占比" if st.kind == "share" else f"“{st.stem}率”"
        p = prose.written(st.percent)
        message = f"“{prose.clause_quote(st.percent, 24)}”：{what}不可能超过100%；可能是数字写错或分子分母颠倒"
        found.append(make_finding(rule, rule.severity, message, [p], [st.percent], st.percent.start,
                                  relation="百分比 ≤ 100%", left=f"{fmt_decimal(p)}%", right="100%",
                                  left_value=st.percent.value, right_value=HUNDRED))
    return found

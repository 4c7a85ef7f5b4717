"""Percentages recomputed from the figures the text states: shares, rates, and none above 100%.

- A share: a part with 占/占比/所占比例 p% (`share_gap` in structures.yaml).
  Its candidate bases are the totals of the part's list, the figures of the same
  unit before it in its sentence that are no shares themselves, and those of the
  sentence before; a base is never below its part. Any candidate that fits
  clears it, and so does the sum of the candidates of its sentence (复议5起、
  诉讼3起 … 占12.5%). Otherwise it is judged against the base its sibling shares
  (the other shares of its list or sentence) fit — certain when two or more fit
  it — else against the first candidate.
- A rate: X率 p% (`rates`): its numerator and denominator are the figures whose
  clause names them (已办理… / 受理…). A rate whose figures are not both stated
  is not checked; a qualifier in its name (按时办结率) must be in the numerator's;
  several denominators may be meant together (their sum clears it).

A stated p% is the interval of its written precision (core/numbers.py: rounded_interval):
100% is right for 1486/1487. When the base is not certain (from another
sentence, one of several totals, a rate whose name does not say what it
divides) the finding is a warning naming the base it assumed; a percentage that
is the truncation of the right one (2.9 for 2.96) is a warning too.

The work per statement is bounded (structures.yaml `limits`): at most
`candidates` bases among the `lookback` figures before it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

from ...core.model import Fact, lower
from ...core.numbers import Interval, fmt_decimal
from ..context import Context
from ..rule import Rule
from .breakdowns import breakdowns
from .list_parts import Breakdown, has_share
from .prose import Prose, make_finding, percent_text, prose_of, ratio, truncated

HUNDRED = Decimal(100)


@dataclass
class Statement:
    """A stated percentage and what it is a percentage of."""

    percent: Fact
    kind: str  # share | rate
    part: Optional[Fact] = None  # share: the part
    stem: str = ""  # rate: its name before 率, e.g. 案件办理
    key: str = ""  # rate: the rates entry, e.g. 办理
    bases: list = field(default_factory=list)  # share: candidate bases, preferred first
    certain: bool = False  # share: the first base is the only one the syntax allows
    source: str = ""  # share: breakdown | sentence | previous
    group: tuple = ()  # share: its list or sentence (the siblings share it)


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


def _near(prose: Prose, start: int, end: int) -> list[Fact]:
    """The counted figures of a span, in order: at most the last `lookback`."""
    return [f for f in prose.last_facts(start, end, prose.cfg.lookback) if prose.kind_of(f) in ("count", "money")]


# ---------------------------------------------------------------- shares


def _shares(prose: Prose) -> list[Statement]:
    """The share statements with their candidate bases (found once)."""
    return prose.once("shares", _with_bases)


def _with_bases(prose: Prose) -> list[Statement]:
    lists = {}
    for item in breakdowns(prose):
        for part in item.parts:
            lists.setdefault(part.start, item)
    found = [st for st in statements(prose) if st.kind == "share"]
    for st in found:
        _share_bases(prose, st, lists.get(st.part.start))
    return found


def _share_bases(prose: Prose, st: Statement, item: Optional[Breakdown]) -> None:
    """A share's candidate bases, preferred first; whether the base is certain; where they came from.

    The total of the part's list comes first, then figures of the same unit
    before the part in its sentence (not shares themselves), then those of the
    sentence before. None is below the part.
    """
    part, cap = st.part, prose.cfg.candidates
    family = prose.family(part)

    def base(f: Fact) -> bool:
        return prose.family(f) == family and not prose.per_item(f) and not has_share(prose, f) \
            and not f.value.surely_lt(part.value) and all(f is not b for b in bases)

    bases: list = []
    start, _ = prose.sentence(part.start)
    st.group = ("list", item.start) if item is not None else ("sentence", start)
    if item is not None:
        bases = [t for t in item.totals if not t.value.surely_lt(part.value)][:cap]
        st.certain, st.source = item.certain and item.opener in prose.cfg.openers_set, "breakdown"
    same = [f for f in reversed(_near(prose, start, part.start)) if base(f)][:cap]
    if same and not bases:
        st.certain, st.source = len(same) == 1, "sentence"
    bases += same
    sentence = prose.previous_sentence(start)
    for _ in range(2):
        if sentence is None:
            break
        earlier = [f for f in _near(prose, *sentence) if base(f)][:cap]
        if earlier:
            if not bases:
                st.source = "previous"
            bases += earlier
            break
        sentence = prose.previous_sentence(sentence[0])
    st.bases = bases


def _fits(part: Interval, base: Interval, stated: Interval) -> bool:
    computed = ratio(part, base)
    return computed is None or computed.meets(stated)


def _sum(facts: list) -> Interval:
    total = Interval.exact(0)
    for fact in facts:
        total = total + fact.value
    return total


def _cleared(prose: Prose, st: Statement) -> bool:
    """The share fits one of its bases, or the sum of the bases of its sentence (复议5起、诉讼3起…)."""
    part, stated = st.part.value, st.percent.value
    if any(_fits(part, b.value, stated) for b in st.bases):
        return True
    start, _ = prose.sentence(st.part.start)
    same = [b for b in st.bases if b.start >= start]
    return len(same) > 1 and _fits(part, _sum(same), stated)


def _sibling_bases(shares: list) -> dict:
    """For each group of sibling shares: how many of them fit each candidate base (by its place)."""
    fitting: dict = {}
    for st in shares:
        counter = fitting.setdefault(st.group, Counter())
        for b in st.bases:
            if _fits(st.part.value, b.value, st.percent.value):
                counter[b.start] += 1
    return fitting


def share(rule: Rule, ctx: Context) -> list:
    """A part with 占 p% of its base."""
    prose = prose_of(ctx)
    shares = [st for st in _shares(prose) if prose.kind_of(st.part) == "count"]
    fitting = _sibling_bases(shares)
    found = []
    for st in shares:
        if not st.bases or _cleared(prose, st):
            continue
        counts = fitting[st.group]
        chosen = max(st.bases, key=lambda b: counts[b.start])  # the first among equals
        siblings = counts[chosen.start]
        if siblings:
            certain = siblings >= 2
            notes = [] if certain else [f"按“{prose.clause_quote(chosen)}”为基数（同一列举中另一占比以此计算相符）"]
        else:
            certain = st.certain
            where = {"previous": "总数在前一句", "breakdown": "有多个可能的总数"}.get(st.source, "句中有多个可能的总数")
            notes = [] if certain else [f"{where}，按“{prose.clause_quote(chosen)}”为基数"]
        finding = _judge(rule, prose, [st.part], chosen, st.percent, certain, notes)
        if finding is not None:
            found.append(finding)
    return found


def share_of_part(ctx: Context) -> Callable[[Fact], bool]:
    """Whether a figure followed by 占 p% is a sub-unit's: a part of a whole the text states
    and of the same indicator (全年主动公开1300条。其中，机关各科室主动公开900条，占69.2%).

    Not a whole that is a share of something larger (占全市的5%: no whole stated), nor a
    category of the whole (办结115件…予以公开46件，占40%: the whole is another indicator).
    The whole is the total of the figure's list or a base its share fits; a whole the
    lexicon did not key may be the same indicator.
    """
    def of_sub_unit(st: Statement) -> bool:
        wholes = st.bases if st.group[0] == "list" else \
            [b for b in st.bases if _fits(st.part.value, b.value, st.percent.value)]
        return any(b.key is None or b.key == st.part.key for b in wholes)

    def is_part(fact: Fact) -> bool:
        parts = prose_of(ctx).once("share parts", lambda p: {st.part.start: of_sub_unit(st) for st in _shares(p)})
        return parts.get(fact.start, False)

    return is_part


# ---------------------------------------------------------------- judging


def _judge(rule: Rule, prose: Prose, numerators: list, base: Fact, percent: Fact, certain: bool,
           notes: list) -> Optional[object]:
    """A finding when numerators ÷ base does not give the stated percentage."""
    part = _sum(numerators)
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


# ---------------------------------------------------------------- rates


def _has(words: str, items) -> bool:
    return any(w in words for w in items)


def _rate_figures(prose: Prose, st: Statement, spec: dict) -> tuple[list, list]:
    """The numerators and denominators a rate names, before it in its sentence."""
    cfg = prose.cfg
    qualifier = st.stem[: -len(st.key)]
    required = [w for w in cfg.restrictive if w in qualifier]
    start, _ = prose.sentence(st.percent.start)
    numerators, denominators = [], []
    for fact in _near(prose, start, st.percent.start):
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
    return numerators, denominators[-prose.cfg.candidates:]


def rate(rule: Rule, ctx: Context) -> list:
    """X率 p% recomputed from its stated numerator and denominator."""
    prose = prose_of(ctx)
    cfg = prose.cfg
    found = []
    for st in statements(prose):
        if st.kind != "rate" or not st.key:
            continue
        spec = cfg.rates[st.key]
        numerators, denominators = _rate_figures(prose, st, spec)
        if not numerators:
            continue  # the rate's numerator is not stated: not checked
        certain = spec.get("certain", True)
        previous = False
        if not denominators:
            sentence = prose.previous_sentence(prose.sentence(st.percent.start)[0])
            if sentence is not None:
                denominators = [f for f in _near(prose, *sentence) if prose.kind_of(f) == "count"
                                and (_has(prose.prefix(f), spec["denominator"])
                                     or cfg.total_word.search(prose.prefix(f)))][:cfg.candidates]
            certain, previous = False, True
        if not denominators:
            continue
        total = _sum(numerators)
        stated = st.percent.value
        if any(_fits(total, d.value, stated) for d in denominators) or \
                (len(denominators) > 1 and _fits(total, _sum(denominators), stated)):
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

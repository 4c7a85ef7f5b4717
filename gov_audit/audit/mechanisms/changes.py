"""Changes recomputed from the figures the text states: 由A…到B and the 2019 table 二.

- A change: 由A…精简到B with 精简率 p% or 精简N项 (`change` in structures.yaml).
- The 2019 table 二: 上一年项目数量 + 本年增/减 against the current count the
  text states for the same row (`delta`).

The rate or the difference of a change is looked for among the `lookback`
figures after it (structures.yaml `limits`), so a sentence of many changes costs
time linear in its length.
"""
from __future__ import annotations

import functools

import regex

from ...core.model import lower
from ...core.numbers import Interval, fmt_decimal
from ..context import Context
from ..rule import Rule
from .phrasing import config
from .prose import Prose, make_finding, percent_text, prose_of, ratio, truncated

# ---------------------------------------------------------------- 由A…到B


@functools.lru_cache(maxsize=None)
def _change_patterns():
    spec = config().raw["change"]
    flags = regex.MULTILINE
    return (regex.compile(spec["pattern"], flags), regex.compile(spec["rate_gap"], flags),
            regex.compile(spec["diff_gap"], flags), frozenset(spec["increase"]))


def changes(prose: Prose) -> list:
    """(a, b, increase, sentence end) for every 由A…到B of the text (found once)."""
    return prose.once("changes", _changes)


def _changes(prose: Prose) -> list:
    pattern, _, _, increase = _change_patterns()
    found = []
    for m in pattern.finditer(prose.text):
        a, b = prose.fact_at(m.start("a")), prose.fact_at(m.start("b"))
        if a is None or b is None or prose.kind_of(a) != "count" or prose.family(a) != prose.family(b):
            continue
        found.append((a, b, m.group("verb") in increase, prose.sentence(b.start)[1]))
    return found


def change_rate(rule: Rule, ctx: Context) -> list:
    """由A…精简到B, 精简率 p%: (A − B) ÷ A (or (B − A) ÷ A for a rise)."""
    prose = prose_of(ctx)
    _, rate_gap, _, _ = _change_patterns()
    found = []
    for a, b, up, end in changes(prose):
        for fact in prose.first_facts(b.end, end, prose.cfg.lookback):
            if fact.unit != "%" or not rate_gap.search(prose.text, max(b.end, fact.start - 12), fact.start):
                continue
            change = (b.value - a.value) if up else (a.value - b.value)
            computed = ratio(change, a.value) if change.low is not None and change.low >= 0 else None
            stated = fact.value
            if computed is None or computed.meets(stated):
                break
            severity = rule.severity
            note = ""
            if computed.meets(truncated(stated)):
                severity, note = lower(severity, "warning"), "；按截断而非四舍五入可得此数"
            av, bv, p = prose.written(a), prose.written(b), prose.written(fact)
            formula = f"({fmt_decimal(bv)} − {fmt_decimal(av)})" if up else f"({fmt_decimal(av)} − {fmt_decimal(bv)})"
            left = f"{formula} ÷ {fmt_decimal(av)} = {percent_text(computed, stated)}"
            message = f"“{prose.quote(a.start, fact.end)}”：{left}，文中为 {fmt_decimal(p)}%{note}"
            found.append(make_finding(rule, severity, message, [av, bv, p], [a, b, fact], a.start,
                                      relation="变化率 = 变化量 ÷ 原数", left=left, right=f"{fmt_decimal(p)}%",
                                      left_value=computed, right_value=stated))
            break
    return found


def change_difference(rule: Rule, ctx: Context) -> list:
    """由A项精简到B项, 精简N项: N = A − B."""
    prose = prose_of(ctx)
    _, _, diff_gap, _ = _change_patterns()
    found = []
    for a, b, up, end in changes(prose):
        for fact in prose.first_facts(b.end, end, prose.cfg.lookback):
            if prose.family(fact) != prose.family(a) or \
                    not diff_gap.search(prose.text, max(b.end, fact.start - 8), fact.start):
                continue
            change = (b.value - a.value) if up else (a.value - b.value)
            if change.meets(fact.value):
                break
            av, bv, n = prose.written(a), prose.written(b), prose.written(fact)
            left = f"{fmt_decimal(bv)} − {fmt_decimal(av)}" if up else f"{fmt_decimal(av)} − {fmt_decimal(bv)}"
            message = f"“{prose.quote(a.start, fact.end)}”：{left} = {change}，文中为 {fmt_decimal(n)}"
            found.append(make_finding(rule, rule.severity, message, [av, bv, n], [a, b, fact], a.start,
                                      relation="变化量 = 原数 − 现数", left=f"{left} = {change}",
                                      right=fmt_decimal(n), left_value=change, right_value=fact.value))
            break
    return found


# ---------------------------------------------------------------- 2019 table 二


@functools.lru_cache(maxsize=None)
def _delta_spec():
    spec = config().raw["delta"]
    parts = []
    rows = list(spec["rows"].items())
    for n, (_, names) in enumerate(rows):
        alt = "|".join(regex.escape(str(x)) for x in sorted(names, key=len, reverse=True))
        parts.append(f"(?P<r{n}>{spec['pattern'].replace('{name}', f'(?:{alt})')})")
    return regex.compile("|".join(parts)), [key for key, _ in rows], frozenset(map(str, spec["units"]))


def table_delta(rule: Rule, ctx: Context) -> list:
    """上一年项目数量 + 本年增/减 = the current count the text states for the row."""
    prose = prose_of(ctx)
    pattern, keys, units = _delta_spec()
    rows = {}
    for key in keys:
        prev, delta = ctx.table.get(f"{key}.prev_items"), ctx.table.get(f"{key}.delta")
        if prev is not None and delta is not None:
            rows[key] = (prev, delta)
    if not rows:
        return []
    found = []
    for fact in prose.facts:
        if fact.unit not in units:
            continue
        start = max(prose.sentence(fact.start)[0], fact.start - 30)
        m = pattern.search(prose.text[start:fact.start])
        if not m:
            continue
        key = keys[int(m.lastgroup[1:])]
        if key not in rows:
            continue
        prev, delta = rows[key]
        current = prev.value + delta.value
        if current.meets(fact.value):
            continue
        pv, dv, cv = prev.value.point, delta.value.point, prose.written(fact)
        left = f"{fmt_decimal(pv)} + ({fmt_decimal(dv)}) = {current}"
        message = (f"表格“{prev.row_label or key}”上一年项目数量 {fmt_decimal(pv)} + 本年增/减 {fmt_decimal(dv)} = "
                   f"{current}，文中“{prose.clause_quote(fact)}”为 {fmt_decimal(cv)}")
        found.append(make_finding(rule, rule.severity, message, [pv, dv, cv], [prev, delta, fact], fact.start,
                                  relation=f"{key}.prev_items + {key}.delta == 文中现有数", left=left,
                                  right=fmt_decimal(cv), difference=fmt_decimal(abs(pv + dv - cv)),
                                  left_value=current, right_value=fact.value))
    for key, (prev, delta) in rows.items():
        current = prev.value + delta.value
        if current.high is not None and current.high < 0:
            pv, dv = prev.value.point, delta.value.point
            message = f"表格“{prev.row_label or key}”上一年项目数量 {fmt_decimal(pv)} + 本年增/减 {fmt_decimal(dv)} 为负数"
            found.append(make_finding(rule, rule.severity, message, [pv, dv], [prev, delta], prev.start,
                                      relation=f"{key}.prev_items + {key}.delta >= 0", left=str(current), right="0",
                                      left_value=current, right_value=Interval.exact(0)))
    return found

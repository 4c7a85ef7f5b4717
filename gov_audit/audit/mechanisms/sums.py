"""A total and its breakdown: 共N件，其中A a件、B b件… (`prose_sum`, `part_above_whole`).

The lists and their totals are found in breakdowns.py. The parts are summed as
intervals. More than the total is an error — but not for publication channels
(one item may be published on several, and the total counts it once): no
finding, or a remark when a residual bucket (其他方式…) makes the list read as a
partition. Less than the total is an error when the list ends with a residual
bucket (其他…), a warning when it nearly exhausts the total, and no finding
otherwise (a partial list, or one whose end is not certain). A single part
above its total is `implausible`.
"""
from __future__ import annotations

from decimal import Decimal

from ...core.model import lower
from ...core.numbers import Interval, fmt_decimal
from ..context import Context
from ..params import severity_param
from ..rule import Rule
from .breakdowns import breakdowns
from .list_parts import Breakdown
from .prose import Prose, make_finding, param_severity, prose_of

# ---------------------------------------------------------------- the mechanisms


LEAD_CHARS = 100

PROSE_SUM_PARAMS = {
    # the most a sum above its total may be when the parts are publication channels
    # closed by a residual bucket (without one, channels above their total are no finding)
    "channel_severity": severity_param("info"),
    # the most a sum just short of its total may be when the list has no residual bucket
    "shortfall_severity": severity_param("warning"),
}


def prose_sum(rule: Rule, ctx: Context) -> list:
    """A total against the sum of its breakdown (two or more parts)."""
    prose = prose_of(ctx)
    found = []
    for item in breakdowns(prose):
        if len(item.parts) < 2:
            continue
        finding = _judge(rule, prose, item)
        if finding is not None:
            found.append(finding)
    return found


def part_above_whole(rule: Rule, ctx: Context) -> list:
    """A single 其中 part above its total."""
    prose = prose_of(ctx)
    found = []
    for item in breakdowns(prose):
        if len(item.parts) != 1:
            continue
        part = item.parts[0]
        if any(not t.value.surely_lt(part.value) for t in item.totals):
            continue
        total = item.totals[0]
        severity = rule.severity if item.certain else lower(rule.severity, "warning")
        p, t = prose.written(part), prose.written(total)
        message = (f"“{prose.clause_quote(part)}”是“{prose.clause_quote(total)}”中的一部分，"
                   f"却比总数多 {fmt_decimal(p - t)}；可能漏写或多写了位数")
        found.append(make_finding(
            rule, severity, message, [t, p], [total, part], part.start, relation="部分 ≤ 总数",
            left=prose.label(part), right=prose.label(total), difference=fmt_decimal(p - t),
            left_value=part.value, right_value=total.value))
    return found


def _named(item: Breakdown, cfg) -> str:
    """How the message names the list: by its opener (其中), its topic, or as the list that follows."""
    if item.opener in cfg.openers_set:
        return item.opener
    return f"“{item.opener}”所列" if item.opener else "其后所列"


def _judge(rule: Rule, prose: Prose, item: Breakdown):
    total_sum = Interval.exact(0)
    for part in item.parts:
        total_sum = total_sum + part.value
    if any(t.value.meets(total_sum) for t in item.totals):
        return None
    cfg = prose.cfg
    total = item.totals[0]
    over = total.value.surely_lt(total_sum)
    words = [prose.prefix(p) for p in item.parts]
    channels = sum(1 for w in words if any(c in w for c in cfg.channel_words)) >= 2
    residual = any(any(r in w for r in cfg.residual) for w in words)
    written = sum((prose.written(p) for p in item.parts), Decimal(0))
    stated = prose.written(total)
    notes = []
    if over:
        severity = rule.severity
        if channels:
            if not residual:
                return None  # the same item on several channels: the total counts it once
            severity = param_severity(rule, "channel_severity")
            notes.append("所列为公开渠道，同一信息可能在多个渠道发布，总数只计一次，故仅作提示")
    else:
        # The words that introduce the list (主要包括…), from its sentence's start, at most LEAD_CHARS back.
        lead_start = max(prose.sentence(item.start)[0], item.start - LEAD_CHARS)
        lead = prose.text[item.start:item.body] + prose.text[lead_start:item.start]
        partial = any(w in lead for w in cfg.partial) or prose.text[item.end - 2:item.end].startswith("等")
        body = prose.text[item.body:item.end]
        if not item.complete or any(mark in body for mark in cfg.elision):
            return None  # cut where its clauses changed shape, or items left out: maybe not every item
        if residual:
            severity = rule.severity
            notes.append("所列含“其他”类，应已穷尽总数")
        elif partial or stated <= 0 or written / stated < cfg.min_coverage:
            return None  # a partial list
        else:
            severity = param_severity(rule, "shortfall_severity")
            notes.append("所列各项几乎覆盖总数，差额可能是遗漏或笔误")
    if not item.certain:
        severity = lower(severity, "warning")
        if len(item.totals) > 1:
            notes.append(f"句中有多个可能的总数，按“{prose.clause_quote(total)}”计")
    diff = abs(written - stated)
    left = " + ".join(fmt_decimal(prose.written(p)) for p in item.parts) + f" = {fmt_decimal(written)}"
    opener = _named(item, cfg)
    message = (f"“{prose.clause_quote(total)}”，{opener}各项之和 {left}，"
               f"{'多于' if over else '少于'}总数 {fmt_decimal(stated)}（差 {fmt_decimal(diff)}）")
    if notes:
        message += "；" + "；".join(notes)
    values = [stated, written] + [prose.written(p) for p in item.parts]
    return make_finding(rule, severity, message, values, [total] + item.parts, total.start,
                        relation="总数 = 各分项之和", left=left, right=fmt_decimal(stated),
                        difference=fmt_decimal(diff), left_value=written, right_value=stated)

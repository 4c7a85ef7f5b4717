"""Prose figures against the table: the same indicator stated twice, and a channel above its total.

`prose_vs_table`: a prose figure keyed by the lexicon against the table value
of the same indicator, with interval semantics. Figures that together make the
table value (16 件 + 10 件 stated for two parts of an agency = 26) are parts,
not contradictions, and so are other figures for an indicator whose table
value the text also states; a mismatch that another reading of the table explains
(the text counting the carry-over) or that another figure of the sentence
explains (the table folding a second channel in) is reported at the lower
severity the lexicon gives, saying why.

`prose_channel_total`: a publication channel stated in the text as larger than
the table's total of published information.
"""
from __future__ import annotations

from ...core import expr
from ...core.model import Fact, Finding
from ...core.numbers import Interval, fmt_decimal
from ...core.sentences import sentence_end, sentence_start
from ...knowledge.lexicon import entries_by_id
from ..context import Context
from ..naming import display_name
from ..params import Param
from ..rule import Rule


def prose_vs_table(rule: Rule, ctx: Context) -> list[Finding]:
    groups: dict[str, list[Fact]] = {}
    for fact in ctx.prose:
        if fact.key:
            groups.setdefault(fact.key, []).append(fact)
    found = []
    for key, facts in groups.items():
        table = _table_value(key, ctx)
        if table is None:
            continue
        value, used = table
        mismatched = [f for f in facts if not f.value.meets(value)]
        if not mismatched or _parts_make_whole(facts, value):
            continue
        if len(mismatched) < len(facts):
            # The text states the table's figure too: the others speak of a
            # part or of one topic (全年共发布信息166条 in a section on one field).
            continue
        for fact in mismatched:
            found.append(_finding(rule, ctx, key, fact, value, used))
    return found


def _table_value(key: str, ctx: Context):
    try:
        relation = expr.parse(key)
        used: list = []
        return expr.evaluate(relation.left, ctx.lookup, used), used
    except (expr.ExprError, expr.Missing):
        return None


def _parts_make_whole(facts: list[Fact], whole: Interval) -> bool:
    """Several figures for one indicator that add up to the table's: parts."""
    distinct = {f.start: f for f in facts}
    if len(distinct) < 2:
        return False
    total = Interval.exact(0)
    for fact in distinct.values():
        total = total + fact.value
    return total.meets(whole)


def _finding(rule: Rule, ctx: Context, key: str, fact: Fact, table: Interval, used: list) -> Finding:
    table_facts = [ctx.table[k] for k, _ in used if k in ctx.table]
    names = " + ".join(display_name(k, ctx, rule) for k, _ in used)
    severity, note = rule.severity, ""
    if fact.hedge_severity:
        severity, note = fact.hedge_severity, fact.hedge or ""
    other = _other_reading(fact, ctx)
    entry = entries_by_id().get(fact.lexeme)
    if other:
        severity, note = other
    elif entry is not None and entry.channel:
        explained = _explained_by_sentence(fact, table, ctx)
        if explained:
            severity, note = "warning", explained
    clause = _quote(ctx, fact)
    message = f"文中“{clause}”为 {fmt_decimal(fact.value.point)}，表格“{names}”为 {table}"
    if table.is_exact and fact.value.is_exact:
        message += f"（差 {fmt_decimal(abs(table.low - fact.value.low))}）"
    if note:
        message += f"；{note}"
    return Finding(
        rule=rule.id, kind=rule.kind, severity=severity, message=message,
        values=[fact.value.point, table.point],
        facts=[fact] + table_facts, relation=f"prose == {key}", left=clause,
        right=f"{names} {table}", start=fact.start, left_value=fact.value, right_value=table,
        difference=fmt_decimal(abs(table.low - fact.value.low)) if table.is_exact and fact.value.is_exact else None,
    )


def _other_reading(fact: Fact, ctx: Context):
    """A lexicon `explain` reading of the table that the figure does meet."""
    entry = entries_by_id().get(fact.lexeme)
    for alt in entry.explain if entry else ():
        key = alt.get("key", {})
        key = key.get(ctx.format) or key.get("all") if isinstance(key, dict) else key
        if not key:
            continue
        value = _table_value(key, ctx)
        if value is not None and fact.value.meets(value[0]):
            return alt.get("severity", "info"), f"{alt.get('note', '')}（{value[0]}）"
    return None


def _explained_by_sentence(fact: Fact, table: Interval, ctx: Context) -> str:
    """The table minus the figure equals another figure of the same sentence."""
    if not (table.is_exact and fact.value.is_exact):
        return ""
    gap = table.low - fact.value.low
    if gap <= 0:
        return ""
    begin, end = sentence_start(ctx.text, fact.start), sentence_end(ctx.text, fact.end)
    for other in ctx.prose:
        if other is fact or not (begin <= other.start < end) or not other.value.is_exact:
            continue
        if other.value.low == gap and other.unit == fact.unit:
            quote = ctx.document.quote(other.start, other.end) if ctx.document else other.raw
            return f"差额 {fmt_decimal(gap)} 正是同句的“{quote}”，表格可能并入了另一渠道或口径"
    return ""


def _quote(ctx: Context, fact: Fact, width: int = 24) -> str:
    begin = max(sentence_start(ctx.text, fact.start), fact.start - width)
    for sep in "，,、：:":
        cut = ctx.text.rfind(sep, begin, fact.start)
        if cut != -1:
            begin = max(begin, cut + 1)
    return (ctx.document.quote(begin, fact.end) if ctx.document else ctx.text[begin:fact.end]).strip()


PROSE_CHANNEL_TOTAL_PARAMS = {
    "total": Param("key", "s.active.total"),  # the table's total of published information
    "lexemes": Param("texts", ()),  # lexicon ids counted as channels besides those marked `channel`
}


def prose_channel_total(rule: Rule, ctx: Context) -> list[Finding]:
    """A channel figure of the text above the table's total of published information.

    Every item published on one channel is one distinct item, so a channel
    cannot exceed the de-duplicated total (FORMATS §3 item 25); stated in the
    text, the channel figure may count every posting, hence a warning.
    params: PROSE_CHANNEL_TOTAL_PARAMS.
    """
    total_fact = ctx.table.get(rule.params["total"])
    if total_fact is None or not total_fact.value.is_exact:
        return []
    entries = entries_by_id()
    wanted = set(rule.params["lexemes"])
    found = []
    for fact in ctx.prose:
        entry = entries.get(fact.lexeme) if fact.lexeme else None
        if entry is None or not (entry.channel or entry.id in wanted):
            continue
        if fact.value is None or not fact.value.is_exact or fact.value.low <= total_fact.value.low:
            continue
        same = ctx.table.get(fact.key or "")
        if same is not None and same.value.is_exact and same.value.low > total_fact.value.low:
            continue  # the table's own channel already exceeds it: one defect, reported on the table
        quote = ctx.document.quote(fact.start, fact.end) if ctx.document else fact.raw
        head = display_name(total_fact.key, ctx, rule)
        found.append(Finding(
            rule=rule.id, kind=rule.kind, severity=rule.severity,
            message=f"{rule.message or rule.title}：文中“{quote}”多于表格“{head}” {total_fact.value}"
                    f"（差 {fact.value.low - total_fact.value.low}）",
            values=[fact.value.point, total_fact.value.point], facts=[fact, total_fact],
            relation=f"channel <= {total_fact.key}", start=fact.start,
        ))
    return found

"""Prose figures against the table: the same indicator stated twice, and a channel above its total.

`prose_vs_table`: a prose figure keyed by the lexicon against the table value
of the same indicator, with interval semantics. Figures that together make the
table value (16 件 + 10 件 stated for two parts of an agency = 26, the sub-units'
figures among them) are parts, not contradictions. A figure that contradicts the table is reported even when
another figure of the text states the table's value (then as a warning that
says so: the other may speak of a part, or of one topic). A mismatch that
another reading of the table explains (the text counting the carry-over) or
that another figure of the sentence explains (the table folding a second
channel in) is reported at the lower severity the lexicon gives, saying why.
What a quantifier says of a figure (行政复议4件…均获维持: 维持 = 4) is checked
the same way, at the quantifier's severity, citing the cells that differ.

`prose_channel_total`: a publication channel stated in the text as larger than
the table's total of published information.
"""
from __future__ import annotations

import regex

from ...core import expr
from ...core.model import Fact, Finding
from ...core.numbers import Interval, fmt_decimal
from ...knowledge.lexicon import entries_by_id
from ..context import Context
from ..naming import display_name
from ..params import Param
from ..rule import Rule

AGREES = "文中另有“{quote}”与表格相符，此处数字可能另有所指"


def prose_vs_table(rule: Rule, ctx: Context) -> list[Finding]:
    groups: dict[str, list[Fact]] = {}
    parts: dict[str, list[Fact]] = {}  # sub-units' figures, by the key of their whole
    for fact in ctx.prose:
        if fact.key:
            groups.setdefault(fact.key, []).append(fact)
        elif fact.part_of:
            parts.setdefault(fact.part_of, []).append(fact)
    found = []
    for key, facts in groups.items():
        table = _table_value(key, ctx)
        if table is None:
            continue
        value, used = table
        mismatched = [f for f in facts if not f.value.meets(value)]
        if not mismatched or _parts_make_whole(facts + parts.get(key, []), value):
            continue
        agreeing = [f for f in facts if f.value.meets(value)]
        for fact in mismatched:
            finding = _finding(rule, ctx, key, fact, value, used)
            if agreeing and finding.severity == "error":
                # The text states the table's figure too: the other figure may speak
                # of a part or of one topic, but it is not silenced.
                finding.severity = "warning"
                finding.message += "；" + AGREES.format(quote=_quote(ctx, agreeing[0]))
            found.append(finding)
    found.extend(_claim_findings(rule, ctx))
    return found


def _claim_findings(rule: Rule, ctx: Context) -> list[Finding]:
    """What a quantifier says of a figure, against the table (均获维持: 维持 == the total)."""
    found = []
    for fact in ctx.prose:
        for claim in fact.claims:
            table = _table_value(claim.key, ctx)
            if table is None or fact.value.meets(table[0]):
                continue
            value, used = table
            words = ctx.document.quote(claim.start, claim.end) if ctx.document else ctx.text[claim.start:claim.end]
            cited = [(k, ctx.table[k]) for k in claim.cite if k in ctx.table and ctx.table[k].value.point]
            finding = _finding(rule, ctx, claim.key, fact, value, used, clause=f"{_quote(ctx, fact)}…{words}")
            finding.severity = claim.severity
            others = "，".join(f"“{display_name(k, ctx, rule)}”为 {f.value}" for k, f in cited)
            finding.message += "；" + claim.hedge.format(words=words) + (f"（表格{others}）" if others else "")
            finding.facts += [f for _, f in cited]
            found.append(finding)
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


def _finding(rule: Rule, ctx: Context, key: str, fact: Fact, table: Interval, used: list,
             clause: str = "") -> Finding:
    table_facts = [ctx.table[k] for k, _ in used if k in ctx.table]
    names = " + ".join(display_name(k, ctx, rule) for k, _ in used)
    severity, note = rule.severity, ""
    if fact.hedge_severity:
        severity, note = fact.hedge_severity, fact.hedge or ""
    other = _other_reading(fact, ctx)
    entry = _entry(fact, ctx)
    if other:
        severity, note = other
    elif entry is not None and entry.channel:
        explained = _explained_by_sentence(fact, table, ctx)
        if explained:
            severity, note = "warning", explained
    clause = clause or _quote(ctx, fact)
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
    entry = _entry(fact, ctx)
    column = fact.key.rsplit(".", 1)[-1] if fact.key and "+" not in fact.key else None
    for alt in entry.explain if entry else ():
        key = _explain_key(alt.get("key"), ctx.format, column)
        if not key:
            continue
        value = _table_value(key, ctx)
        if value is not None and fact.value.meets(value[0]) and _table_holds(alt.get("when"), ctx):
            return alt.get("severity", "info"), f"{alt.get('note', '')}（{value[0]}）"
    return None


def _table_holds(relation, ctx: Context) -> bool:
    """An explain reading's condition on the table (`when`), a cell the table lacks counting 0:
    the reading holds only where the table's own figures allow it."""
    if not relation:
        return True
    try:
        parsed = expr.parse(str(relation))

        def lookup(key):
            return ctx.lookup(key) or ([] if expr.is_pattern(key) else [(key, Interval.exact(0))])

        return expr.holds(parsed.op, expr.evaluate(parsed.left, lookup, []), expr.evaluate(parsed.right, lookup, []))
    except (expr.ExprError, expr.Missing):
        return False


def _explain_key(raw, fmt: str, column):
    """An explain reading's key in this format; `{column}` stands for the figure's column
    (自然人 of 本年新收 → 自然人 of 上年结转)."""
    if isinstance(raw, dict):
        raw = next((v for k, v in raw.items() if fmt in str(k).replace(",", " ").split() or k == "all"), None)
    if not isinstance(raw, str) or ("{column}" in raw and column is None):
        return None
    return raw.replace("{column}", column or "")


def _entry(fact: Fact, ctx: Context):
    """The lexicon entry that keyed the figure (the run's lexicon: user packs add entries)."""
    lex = ctx.extra.get("lexicon")
    return (lex.by_id if lex is not None else entries_by_id()).get(fact.lexeme)


def _explained_by_sentence(fact: Fact, table: Interval, ctx: Context) -> str:
    """The table minus the figure equals another figure of the same sentence."""
    if not (table.is_exact and fact.value.is_exact):
        return ""
    gap = table.low - fact.value.low
    if gap <= 0:
        return ""
    begin, end = fact.context_start or fact.start, fact.context_end or fact.end
    for other in ctx.prose:
        if other is fact or not (begin <= other.start < end) or not other.value.is_exact:
            continue
        if other.value.low == gap and other.unit == fact.unit:
            quote = ctx.document.quote(other.start, other.end) if ctx.document else other.raw
            return f"差额 {fmt_decimal(gap)} 正是同句的“{quote}”，表格可能并入了另一渠道或口径"
    return ""


QUOTE_STOP = regex.compile(r"[，,、：:；;。\n0-9０-９(（]")


def _quote(ctx: Context, fact: Fact, width: int = 24) -> str:
    """The figure's clause: its words before it and, when it leads its phrasing
    (收到3件针对该答复的行政复议申请), the words after it up to the next figure or stop."""
    begin = max(fact.context_start or 0, fact.start - width)
    for sep in "，,、：:；;。":
        cut = ctx.text.rfind(sep, begin, fact.start)
        if cut != -1:
            begin = max(begin, cut + 1)
    end = fact.end
    stop = QUOTE_STOP.search(ctx.text, fact.end, min(len(ctx.text), fact.end + width))
    if stop is not None and stop.start() > fact.end and ctx.text[stop.start()] not in "0123456789０１２３４５６７８９":
        end = stop.start()
    return (ctx.document.quote(begin, end) if ctx.document else ctx.text[begin:end]).strip()


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
        entry = entries.get(fact.lexeme) if fact.key and fact.lexeme else None
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

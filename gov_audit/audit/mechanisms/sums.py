"""A total and its breakdown: 共N件，其中A a件、B b件… (`prose_sum`).

An opener (其中, 包括, 分别为… in rules/knowledge/structures.yaml) starts a list of parts;
its total is a figure of the same unit before it — in the same sentence, or,
when the opener begins a sentence (其中，…), in the sentence before. A topic
("主动公开的政府信息，…") names its total by the words standing before it.
The list runs to the end of the sentence, or of the parenthesis it opened in,
and continues into following sentences of the paragraph that are parallel
(the same unit, the same 占 p% shape, no new total). Figures in nested
parentheses and in nested breakdowns are not parts of the outer list; a list
that mixes units (件 and 万元) is not a breakdown.

The parts are summed as intervals. More than the total is an error, or a
warning when the parts are publication channels (one item may be published on
several); less is an error when the list ends with a residual bucket (其他…),
a warning when it nearly exhausts the total, and no finding otherwise (a
partial list). A single part above its total is `implausible`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

import regex

from ...core.model import Fact, lower
from ...core.numbers import Interval, fmt_decimal
from ...knowledge.numbering import sentence_marker
from ..context import Context
from ..params import severity_param
from ..rule import Rule
from .prose import Prose, make_finding, param_severity, prose_of

_BRACKETS = regex.compile(r"[()。!?\n]")


@dataclass
class Breakdown:
    opener: str  # the opener's words, or the topic
    start: int  # the opener
    body: int  # where the parts start
    end: int  # where they end
    totals: list  # candidate totals, preferred first
    certain: bool  # one total, named by the syntax
    parts: list = field(default_factory=list)
    nested: list = field(default_factory=list)  # (start, end) spans whose figures are not parts
    shares: bool = False  # the parts carry 占 p%
    paren: bool = False


def breakdowns(prose: Prose) -> list[Breakdown]:
    """Every breakdown of the report (computed once, shared with the percentage mechanisms)."""
    return prose.once("breakdowns", _find)


def _find(prose: Prose) -> list[Breakdown]:
    cfg, text = prose.cfg, prose.text
    items: list[Breakdown] = []
    for m in cfg.opener.finditer(text):
        if prose.in_table(m.start()):
            continue
        word = m.group().rstrip(" :,\t")
        s_start, _ = prose.sentence(m.start())
        lead = text[s_start:m.start()].strip(" \t")
        paren = lead.endswith("(")
        if lead.rstrip("(").strip() == "" and word not in cfg.same_sentence:
            totals = _previous_totals(prose, s_start, items)
        else:
            totals = [f for f in reversed(prose.facts_in(s_start, m.start())) if _countable(prose, f)]
        if not totals:
            continue
        end, nested = _region(text, m.end(), paren)
        items.append(Breakdown(word, m.start(), m.end(), end, totals, len(totals) == 1, nested=nested,
                               paren=paren))
    for m in cfg.topic.finditer(text):
        start = m.start("a")
        if prose.in_table(start):
            continue
        total = _named_total(prose, start, m.group("a") + m.group("b"))
        if total is None:
            continue
        end, nested = _region(text, m.end(), False)
        items.append(Breakdown(text[start:m.end()].rstrip(",:"), start, m.end(), end, [total], True,
                               nested=nested))
    items.sort(key=lambda b: b.start)
    _nest(text, items)
    for item in items:
        _collect(prose, item)
    return [b for b in items if b.parts]


def _countable(prose: Prose, fact: Fact) -> bool:
    return prose.kind_of(fact) in ("count", "money") and not prose.per_item(fact)


def _previous_totals(prose: Prose, s_start: int, earlier: list) -> list[Fact]:
    """Totals for a sentence-initial 其中: the figures of the sentence before (or the one before it).

    When that sentence is itself a breakdown (其中…。其中…), its total is this one's too.
    """
    sentence = prose.previous_sentence(s_start)
    for _ in range(2):
        if sentence is None:
            return []
        for item in earlier:
            if item.body < sentence[1] and item.end > sentence[0]:
                return list(item.totals)
        figures = [f for f in prose.facts_in(*sentence) if _countable(prose, f)]
        if figures:
            return figures  # the sentence's first figure is its subject: preferred
        sentence = prose.previous_sentence(sentence[0])
    return []


def _named_total(prose: Prose, pos: int, words: str) -> Optional[Fact]:
    """The nearest earlier figure written right after the topic's words (主动公开政府信息2026条)."""
    sentence = prose.previous_sentence(prose.sentence(pos)[0])
    for _ in range(3):
        if sentence is None:
            return None
        for fact in reversed(prose.facts_in(*sentence)):
            if _countable(prose, fact) and prose.prefix(fact).endswith(words):
                return fact
        sentence = prose.previous_sentence(sentence[0])
    return None


def _region(text: str, start: int, paren: bool) -> tuple[int, list]:
    """Where a list starting at `start` ends, and the nested parentheses inside it."""
    depth, nested, opened = 0, [], 0
    limit = min(len(text), start + 1500)
    for m in _BRACKETS.finditer(text, start, limit):
        ch = m.group()
        if ch == "(":
            if depth == 0:
                opened = m.start()
            depth += 1
        elif ch == ")":
            if depth == 0:
                return m.start(), nested
            depth -= 1
            if depth == 0:
                nested.append((opened, m.end()))
        elif depth == 0:
            return (m.end() if ch != "\n" else m.start()), nested
    return limit, nested


def _nest(text: str, items: list[Breakdown]) -> None:
    """A breakdown inside another's list is nested: it ends at the next ; of the outer list,
    whose parts skip it. After a ; it starts a new statement instead (复议351件，其中…；
    诉讼46件，其中…): the outer list ends at that ;."""
    for outer in items:
        for inner in items:
            if inner is outer or not (outer.body <= inner.start < outer.end):
                continue
            if any(a <= inner.start < b for a, b in outer.nested):
                continue  # in a parenthesis: already skipped by the outer list
            semicolon = text.rfind(";", outer.body, inner.start)
            if semicolon != -1:
                outer.end = semicolon
                continue
            semicolon = text.find(";", inner.body, outer.end)
            inner.end = min(inner.end, outer.end, semicolon if semicolon != -1 else outer.end)
            outer.nested.append((inner.body, inner.end))


def _collect(prose: Prose, item: Breakdown) -> None:
    """The parts of a breakdown, with parallel sentences that continue it."""
    parts = _parts(prose, item, item.body, item.end)
    if parts is None or not parts:
        return
    unit = prose.family(parts[0])
    totals = [t for t in item.totals if prose.family(t) == unit]
    if not totals:
        return
    item.totals, item.certain = totals, len(totals) == 1
    item.shares = _has_share(prose, parts[0])
    item.parts = parts
    if item.paren or prose.text[item.end - 1:item.end] != "。":
        return
    sentence = prose.next_sentence(item.end)
    for _ in range(prose.cfg.continuation):
        if sentence is None or not _parallel(prose, item, sentence, unit):
            return
        more = _parts(prose, item, *sentence)
        if not more:
            return
        item.parts.extend(more)
        item.end = sentence[1]
        sentence = prose.next_sentence(sentence[1])


def _parts(prose: Prose, item: Breakdown, start: int, end: int) -> Optional[list]:
    """Countable figures of a list span; None when the span mixes units.

    A clause that states a new total (…；共办理718件) ends the list.
    """
    parts, families = [], set()
    total_word = prose.cfg.total_word
    for fact in prose.facts_in(start, end):
        if any(a <= fact.start < b for a, b in item.nested):
            continue
        kind = prose.kind_of(fact)
        if kind not in ("count", "money") or prose.per_item(fact):
            continue
        if parts and total_word.search(prose.prefix(fact)) and not total_word.search(prose.prefix(parts[0])):
            item.end = min(item.end, fact.start - len(prose.prefix(fact)))
            break
        families.add(prose.family(fact))
        parts.append(fact)
    if len(families) > 1:
        return None
    return _cut(prose, item, parts)


_SEPARATORS = ("、", ",", ";")


def _cut(prose: Prose, item: Breakdown, parts: list) -> list:
    """A list whose items are separated by 、 or , ends at a ;:
    …其他处理1件；结转下年度6件 — the ; starts a new statement."""
    def strength(a: Fact, b: Fact) -> int:
        gap = prose.text[a.end:b.start]
        return max((i for i, sep in enumerate(_SEPARATORS) if sep in gap), default=-1)

    if len(parts) < 3:
        return parts
    level = strength(parts[0], parts[1])
    for i in range(1, len(parts) - 1):
        if level < 2 and strength(parts[i], parts[i + 1]) == 2:
            item.end = min(item.end, prose.text.find(_SEPARATORS[-1], parts[i].end, parts[i + 1].start) + 1
                           or parts[i + 1].start)
            return parts[:i + 1]
    return parts


def _has_share(prose: Prose, fact: Fact) -> bool:
    nxt = prose.facts_in(fact.end, fact.end + 16)
    return bool(nxt) and nxt[0].unit == "%" and bool(prose.cfg.share_gap.search(prose.text[fact.end:nxt[0].start]))


def _parallel(prose: Prose, item: Breakdown, sentence: tuple, unit: str) -> bool:
    """Whether a following sentence continues the list: the same unit, the same 占 p% shape,
    no new total or opener, each figure named like a part before it (…乡镇发布420条 after
    …部门发布800条), and no residual bucket that already closed the list."""
    text = prose.text[sentence[0]:sentence[1]]
    if sentence_marker().match(text) or prose.cfg.opener.search(text) or prose.cfg.topic.search(text):
        return False
    words = [prose.prefix(p) for p in item.parts]
    if any(r in w for w in words for r in prose.cfg.residual):
        return False
    figures = [f for f in prose.facts_in(*sentence) if prose.kind_of(f) in ("count", "money")]
    if not figures or any(prose.family(f) != unit for f in figures):
        return False
    if any(prose.cfg.total_word.search(prose.prefix(f)) for f in figures):
        return False
    for fact in figures:
        name = prose.prefix(fact)
        if _has_share(prose, fact) != item.shares or not any(name[-2:] == w[-2:] for w in words if len(w) >= 2):
            return False
    return True


# ---------------------------------------------------------------- the mechanisms


PROSE_SUM_PARAMS = {
    # the most a sum above its total may be when the parts are publication channels
    "channel_severity": severity_param("warning"),
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
            severity = param_severity(rule, "channel_severity")
            notes.append("所列为公开渠道，同一信息可能在多个渠道发布，总数只计一次，故仅作提示")
    else:
        lead = prose.text[item.start:item.body] + prose.text[prose.sentence(item.start)[0]:item.start]
        partial = any(w in lead for w in cfg.partial) or prose.text[item.end - 2:item.end].startswith("等")
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
    opener = item.opener if item.opener in cfg.openers_set else f"“{item.opener}”所列"
    message = (f"“{prose.clause_quote(total)}”，{opener}各项之和 {left}，"
               f"{'多于' if over else '少于'}总数 {fmt_decimal(stated)}（差 {fmt_decimal(diff)}）")
    if notes:
        message += "；" + "；".join(notes)
    values = [stated, written] + [prose.written(p) for p in item.parts]
    return make_finding(rule, severity, message, values, [total] + item.parts, total.start,
                        relation="总数 = 各分项之和", left=left, right=fmt_decimal(stated),
                        difference=fmt_decimal(diff), left_value=written, right_value=stated)

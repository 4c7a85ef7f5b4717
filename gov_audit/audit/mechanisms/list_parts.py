"""Where a list of parts ends and which figures are its parts (breakdowns.py finds where lists start).

A list runs to the end of the sentence, or of the parenthesis it opened in,
and continues into following sentences of the paragraph that are parallel (the
same unit, the same 占 p% shape, no new total). Figures in nested parentheses
and in nested lists are not parts of the outer list; a list that mixes units
(件 and 万元) is no list. A list whose items are separated by ; ends at the
first clause that changes shape — one without the 占 p% its items carry, one
keyed to another table, one that starts a new statement (另有…) — and is then
not known to be complete. A list spans at most `list_chars` characters
(structures.yaml `limits`); lists are nested by their places, sorted once.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

import regex

from ...core.model import Fact
from ...knowledge.numbering import sentence_marker
from ...knowledge.templates import base_cells
from .prose import Prose

_BRACKETS = regex.compile(r"[()。!?\n]")


@dataclass
class Breakdown:
    opener: str  # the opener's words, the topic, or "" for a list without opener
    start: int  # the opener
    body: int  # where the parts start
    end: int  # where they end
    totals: list  # candidate totals, preferred first
    certain: bool  # one total, named by the syntax
    parts: list = field(default_factory=list)
    nested: list = field(default_factory=list)  # (start, end) spans whose figures are not parts
    shares: bool = False  # the parts carry 占 p%
    paren: bool = False
    complete: bool = True  # False: cut where its clauses changed shape, so maybe not every item
    named: object = None  # a list without opener: a regex every part's clause matches (予以公开…)


def countable(prose: Prose, fact: Fact) -> bool:
    """A count or an amount that is no per-item figure (各14项, 人均3.5次)."""
    return prose.kind_of(fact) in ("count", "money") and not prose.per_item(fact)


def region(prose: Prose, start: int) -> tuple[int, list]:
    """Where a list starting at `start` ends, and the nested parentheses inside it."""
    text = prose.text
    depth, nested, opened = 0, [], 0
    limit = min(len(text), start + prose.cfg.list_chars)
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


def nest(text: str, outers: list, inners: list) -> None:
    """A list inside another's is nested: it ends at the next ; of the outer list, whose
    parts skip it. After a ; it starts a new statement instead (复议351件，其中…；
    诉讼46件，其中…): the outer list ends at that ;. `inners` are sorted by start."""
    starts = [b.start for b in inners]
    for outer in outers:
        parens = merged(outer.nested)
        reach = -1  # the end of the lists nested so far: one inside them is not outer's
        i = bisect.bisect_left(starts, outer.body)
        while i < len(inners) and inners[i].start < outer.end:
            inner = inners[i]
            i += 1
            if inner is outer or inner.start < reach or inside(parens, inner.start):
                continue
            semicolon = text.rfind(";", outer.body, inner.start)
            if semicolon != -1:
                outer.end = semicolon
                break
            semicolon = text.find(";", inner.body, outer.end)
            inner.end = min(inner.end, outer.end, semicolon if semicolon != -1 else outer.end)
            outer.nested.append((inner.body, inner.end))
            reach = max(reach, inner.end)


def merged(spans: list) -> list:
    """(start, end) spans merged and sorted, for `inside`."""
    out: list = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def inside(spans: list, pos: int) -> bool:
    """Whether pos falls in one of the merged spans."""
    i = bisect.bisect_right(spans, [pos, float("inf")]) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# ---------------------------------------------------------------- the parts


def collect(prose: Prose, item: Breakdown) -> None:
    """The parts of a list, with parallel sentences that continue it."""
    parts = _parts(prose, item, item.body, item.end)
    if not parts:
        return
    unit = prose.family(parts[0])
    totals = [t for t in item.totals if prose.family(t) == unit]
    if not totals:
        return
    item.totals, item.certain = totals, len(totals) == 1
    item.shares = has_share(prose, parts[0])
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

    A clause that states a new total (…；共办理718件) ends the list, and so does, in a list
    without opener, a clause that names none of its categories (…其他处理2件，结转下年度3件).
    """
    parts, families = [], set()
    total_word = prose.cfg.total_word
    skipped = merged(item.nested)
    for fact in prose.facts_in(start, end):
        if inside(skipped, fact.start):
            continue
        if not countable(prose, fact):
            continue
        words = prose.prefix(fact)
        if (parts and total_word.search(words) and not total_word.search(prose.prefix(parts[0]))) \
                or (item.named is not None and not item.named.search(words)):
            item.end = min(item.end, fact.start - len(words))
            break
        families.add(prose.family(fact))
        parts.append(fact)
    if len(families) > 1:
        return None
    return _cut(prose, item, _without_breakdowns(prose, parts))


def _without_breakdowns(prose: Prose, parts: list) -> list:
    """The items, less those that count a part of an item before them (直接起诉2件，法院判决驳回
    1件、原告撤诉1件: the outcomes of the 2, not items beside it)."""
    fmt = prose.ctx.format
    kept, wholes = [], []
    for fact in parts:
        cells = base_cells(fmt, fact.key) if fact.key else frozenset()
        if cells and any(cells < whole for whole in wholes):
            continue
        kept.append(fact)
        if cells:
            wholes.append(cells)
    return kept


_SEPARATORS = ("、", ",", ";")


def _strength(prose: Prose, a: Fact, b: Fact) -> int:
    gap = prose.text[a.end:b.start]
    return max((i for i, sep in enumerate(_SEPARATORS) if sep in gap), default=-1)


def _cut(prose: Prose, item: Breakdown, parts: list) -> list:
    """A list whose items are separated by 、 or , ends at a ; (…其他处理1件；结转下年度6件:
    the ; starts a new statement) or at a clause that starts one (…，尚有3件正在办理中); one
    separated by ; ends where its clauses change shape."""
    if len(parts) < 2:
        return parts
    level = _strength(prose, parts[0], parts[1])
    if level == 2:
        return _shape_cut(prose, item, parts)
    for i in range(len(parts) - 1):
        # …，尚有3件正在办理中 / …，另有3件结转下年度: a new statement, not an item
        comma = prose.text.rfind(",", parts[i].end, parts[i + 1].start)
        if comma != -1 and prose.cfg.list_end.match(prose.text, comma + 1):
            item.end = min(item.end, comma)
            item.complete = False
            return parts[:i + 1]
    for i in range(1, len(parts) - 1):
        if _strength(prose, parts[i], parts[i + 1]) == 2:
            item.end = min(item.end, prose.text.find(";", parts[i].end, parts[i + 1].start) + 1
                           or parts[i + 1].start)
            return parts[:i + 1]
    return parts


def _shape_cut(prose: Prose, item: Breakdown, parts: list) -> list:
    """A ;-list ends at the first clause that starts a new statement (另有…), lacks or adds
    the 占 p% of the first item, or is keyed to another table than the first item."""
    text = prose.text
    shares, table = has_share(prose, parts[0]), _table(parts[0])
    for i in range(1, len(parts)):
        semicolon = text.rfind(";", parts[i - 1].end, parts[i].start)
        if semicolon == -1:
            continue
        other = _table(parts[i])
        if prose.cfg.list_end.match(text, semicolon + 1) or has_share(prose, parts[i]) != shares \
                or (table and other and other != table):
            item.end = min(item.end, semicolon)
            item.complete = False
            return parts[:i]
    return parts


def _table(fact: Fact) -> str:
    """The table a keyed figure belongs to (t3 of t3.granted.sum), or ""."""
    return fact.key.split(".", 1)[0] if fact.key else ""


def has_share(prose: Prose, fact: Fact) -> bool:
    """A figure followed by its own 占 p%."""
    nxt = prose.facts_in(fact.end, fact.end + 16)
    return bool(nxt) and nxt[0].unit == "%" and bool(prose.cfg.share_gap.search(prose.text[fact.end:nxt[0].start]))


def _parallel(prose: Prose, item: Breakdown, sentence: tuple, unit: str) -> bool:
    """Whether a following sentence continues the list: the same unit, the same 占 p% shape,
    no new total or opener, each figure named like a part before it (…乡镇发布420条 after
    …部门发布800条), and no residual bucket that already closed the list."""
    if sentence[1] - sentence[0] > prose.cfg.list_chars:
        return False
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
        if has_share(prose, fact) != item.shares or not any(name[-2:] == w[-2:] for w in words if len(w) >= 2):
            return False
    return True

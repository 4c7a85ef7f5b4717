"""Prose figures that restate table indicators, through the YAML lexicon.

Every figure of the text is scanned once. Its clause is masked — the figure
itself replaced by one marker character — and matched against the lexicon's
phrasings (a phrasing writes the figure as `{N}`, so words may stand before
it, after it, or both). The match that starts furthest left, the longest
phrasing, wins. The figure then gets the indicator key of the report's
format, unless its sentence (or, for some frames, its heading) says it is
out of the agency's scope — a service hall's applications, a sub-unit's
count, a WeChat account's posts — and the frame of the entry (which case,
which document) chooses among its keys. Quantifiers (均获维持) then add their
claims to the keyed figures before them in the sentence.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

import regex

from ..core.figures import scan_figures
from ..core.model import Claim, Document, Fact
from ..knowledge.conflicts import DROP, resolve
from ..knowledge.lexicon import MARK, Lexicon, lexicon
from ..knowledge.prose_keys import first_present
from ..knowledge.templates import base_cells
from .list_totals import key_list_totals
from .own_agency import leave_others
from .prose_scope import TextIndex
from .respectively import respective_readings

CLAUSE_END = regex.compile(r"[。；;\n!?！？]")
LEFT_CHARS = 60
RIGHT_CHARS = 30


def read_prose(doc: Document, fmt: str, skip=(), lex: Optional[Lexicon] = None, table_keys=None) -> list[Fact]:
    """Every figure outside the tables, keyed where the lexicon knows its phrasing.

    `table_keys`: the keys the report's table has, to choose among an entry's alternatives.
    """
    lex = lex or lexicon()
    text = doc.text
    index = TextIndex(text, lex.frames, lex.headings)
    skip = sorted(skip)
    starts = [a for a, _ in skip]
    facts = []
    previous_end = 0
    chain: dict = {}  # frame read within its comma clause → (sentence start, answer of the previous figure)
    figures = scan_figures(text)
    readings = respective_readings(text, figures, index.sentence, lex.frames)
    for n, figure in enumerate(figures):
        i = bisect.bisect_right(starts, figure.start) - 1
        if i >= 0 and figure.start < skip[i][1]:
            continue
        sentence = index.sentence(figure.start)
        where = Where(sentence[0], max(sentence[0], previous_end), index.comma_start(figure.start, sentence[0]),
                      _chained(index, figure, sentence[0], chain))
        previous_end = figure.end
        keyed = None
        # Only an entry that accepts the figure's unit can key it: a figure
        # whose unit no entry accepts (most: none, 年, 月, 万元) needs no search.
        if not figure.percent and figure.unit in lex.units:
            if n in readings:
                keyed = _keyed_alone(readings[n], figure.unit, lex, fmt, table_keys)
            if keyed is None:
                masked, to_text = _masked_clause(text, figure.start, figure.end)
                keyed = _keyed(lex.match(masked, figure.unit), to_text, where, index, fmt, table_keys)
        if keyed is None and facts and facts[-1].key and facts[-1].context_start == sentence[0]:
            keyed = _continued(facts[-1], figure, text, index, lex, fmt)
        entry, key, severity, hedge, part_of, choices = keyed or (None, None, None, None, None, ())
        value = figure.value
        if key:
            factor = entry.scale.get(figure.unit)
            value = value.scale(Decimal(str(factor))) if factor is not None else value
            if figure.qualifier in ("lower", "upper", "approx"):
                hedge = hedge or f"“{figure.raw}”只说了范围"
                severity = severity or "warning"
        facts.append(Fact(
            key=key, value=value, raw=doc.quote(figure.start, figure.end), source="prose",
            start=figure.start, end=figure.end, unit=figure.unit, hedge=hedge, hedge_severity=severity,
            context_start=sentence[0], context_end=sentence[1], lexeme=entry.id if entry else None, part_of=part_of,
            key_choices=choices,
        ))
    _leave_contradicted(facts, text, lex)
    leave_others(facts, text, lex.own_agency)
    key_list_totals(facts, text, fmt, lex.list_total)
    _add_claims(facts, text, fmt, index, lex)
    return facts


def _leave_contradicted(facts: list, text: str, lex: Lexicon) -> None:
    """A key whose row or column the sentence names otherwise takes the facet the sentence made
    its topic, or is dropped: the figure is read, and compared with nothing (knowledge/conflicts.py)."""
    for fact in facts:
        if not fact.key:
            continue
        key = resolve(lex.conflicts, fact.key, text[fact.context_start:fact.start], text[fact.end:fact.context_end])
        if key == DROP:
            fact.drop_key()
        elif key is not None:
            fact.key, fact.key_choices = key, ()


@dataclass(frozen=True)
class Where:
    """Where a figure stands: its sentence, its clause since the previous figure, and the
    answers of the frames read within its comma clause (chained from the figure before)."""

    sentence_start: int
    clause_start: int  # since the previous figure
    comma_start: int  # since the last , ; or : before the figure
    chained: dict


def _chained(index: TextIndex, figure, sentence_start: int, chain: dict) -> dict:
    """The answers of the `within: comma` frames for a figure: the markers of its comma clause,
    else the previous figure's answer in the same sentence (区政府本级共受理206件,结转…6件)."""
    comma = index.comma_start(figure.start, sentence_start)
    answers = {}
    for name in index.frames_within("comma"):
        answer = index.answer(name, comma, figure.end, clause_start=sentence_start)
        before = chain.get(name)
        if answer is None and before is not None and before[0] == sentence_start:
            answer = before[1]
        chain[name] = (sentence_start, answer)
        answers[name] = answer
    return answers


LIST_JOINT = regex.compile(r"\s*[、,]")
ITEM_FILLER = regex.compile(r"[\s的为共计有是]")
LIST_ITEM_CHARS = 14


def _continued(before: Fact, figure, text: str, index: TextIndex, lex: Lexicon, fmt: str):
    """A list item that names only another answer of the frame that keyed the figure before it
    (现行有效规章21件、行政规范性文件167件): the same phrasing, with the item's answer."""
    between = text[before.end:figure.start]
    entry = lex.by_id.get(before.lexeme)
    if entry is None or not entry.frame or len(between) > LIST_ITEM_CHARS or not LIST_JOINT.match(between) \
            or CLAUSE_END.search(between) or figure.unit not in entry.units:
        return None
    item = between[LIST_JOINT.match(between).end():]
    markers = index.frame(entry.frame).markers(item)
    if len(markers) != 1 or ITEM_FILLER.sub("", item[:markers[0][0]] + item[markers[0][1]:]):
        return None  # the item says more than another answer (修改规章3部 after 制定规章2部)
    key = entry.key_for(fmt, markers[0][2])
    return (entry, key, before.hedge_severity, before.hedge, None, ()) if key else None


def choose_keys(facts: list, table_keys) -> None:
    """Give each figure whose phrasing allows several keys the first the report's table has
    (网上申请数: s.app.online in the 2014 统计表, s.app.via.online in a local one)."""
    for fact in facts:
        if fact.key_choices:
            chosen = first_present(fact.key_choices, table_keys)
            if fact.key:
                fact.key = chosen
            else:
                fact.part_of = chosen


def _keyed_alone(reading: tuple, unit: str, lex: Lexicon, fmt: str, table_keys):
    """A figure of a 分别 list keyed in a text of its own (respectively.py)."""
    own, start, end = reading
    index = TextIndex(own, lex.frames, {})
    figures = scan_figures(own)
    clause_start = max((f.end for f in figures if f.end <= start), default=0)
    mine = next((f for f in figures if f.start == start), None)
    chained = _chained(index, mine, 0, {}) if mine is not None else {}
    masked, to_text = _masked_clause(own, start, end)
    where = Where(0, clause_start, index.comma_start(start, 0), chained)
    return _keyed(lex.match(masked, unit), to_text, where, index, fmt, table_keys)


def _keyed(matches: list, to_text, where: Where, index: TextIndex, fmt: str, table_keys):
    """(entry, key, severity, hedge, part_of, key choices) of the first best phrasing that gives
    the figure a key in the agency's scope; None when none does. A sub-unit's figure (a frame
    with `parts: true`) gets no key, but the key it is part of."""
    for match in matches:
        entry, start, point = match.entry, to_text(match.start), to_text(match.end)
        if not entry.keys:
            return entry, None, None, None, None, ()  # a phrasing claimed for no indicator
        severity, hedge, part = entry.severity, entry.hedge, False
        out = False
        for name in entry.scope:
            frame = index.frame(name)
            answer = _answer(index, frame, where, start, point)
            out = out or (answer in frame.out and not frame.parts)
            part = part or answer in frame.out
            if answer is None and frame.unmarked:
                severity = severity or frame.unmarked.get("severity")
                hedge = hedge or frame.unmarked.get("hedge")
        if out:
            continue  # out of the agency's scope: a phrasing as long may still read it
        answer = _answer(index, index.frame(entry.frame), where, start, point) if entry.frame else None
        key = entry.key_for(fmt, answer, table_keys)
        if key:
            choices = entry.key_choices(fmt, answer)
            choices = choices if len(choices) > 1 and table_keys is None else ()
            if part:
                return entry, None, None, None, key, choices
            return entry, key, severity, hedge, None, choices
    return None


def _answer(index: TextIndex, frame, where: Where, start: int, point: int):
    """The frame's answer for a phrasing from `start` to `point` (frames.py: `within`, `until`)."""
    if frame.within == "comma":
        return where.chained.get(frame.name)
    point = start if frame.until == "start" else point
    clause = min(where.clause_start, start)
    begin = {"sentence": where.sentence_start, "clause": clause, "phrase": start}[frame.within]
    # a contrast (行政诉讼 after 直接起诉) holds within the comma clause of the phrasing, or over
    # the sentence before a summing word (复议被纠错1件，诉讼被纠错1件，合计纠错2件)
    contrast = min(max(where.comma_start, clause), start)
    if frame.summing and any(word in index.text[where.comma_start:point] for word in frame.summing):
        contrast = where.sentence_start
    return index.answer(frame.name, begin, point, clause_start=contrast)


def _masked_clause(text: str, start: int, end: int):
    """The figure's clause with the figure as MARK, and a function from its offsets to the text's."""
    left_from = max(0, start - LEFT_CHARS)
    for m in CLAUSE_END.finditer(text, left_from, start):
        left_from = m.end()
    right = text[end:end + RIGHT_CHARS]
    stop = CLAUSE_END.search(right)
    if stop:
        right = right[: stop.start()]
    # "申请 749 件": spaces around a figure (PDF and Markdown text) are not words
    left = text[left_from:start].rstrip(" ")
    lead = len(right) - len(right.lstrip(" "))

    def to_text(offset: int) -> int:
        if offset <= len(left):
            return left_from + offset
        return end + lead + offset - len(left) - 1

    return left + MARK + right[lead:], to_text


def _add_claims(facts: list, text: str, fmt: str, index: TextIndex, lex: Lexicon) -> None:
    """Each quantifier's claim on the keyed figures before it, back to the start of its
    sentence, a ; or the previous quantifier (unless no figure stands between them: 均已审结，
    结果均为维持 both speak of the same figures), and never past a figure left unkeyed
    (已审结的2件均维持: the quantifier speaks of that figure, not of the cases counted before
    it) or one that holds a figure it claims (共4件，已审结3件，均为维持: the 3, not the 4)."""
    if not lex.quantifiers:
        return
    hits = sorted(((m.start(), m.end(), q) for q in lex.quantifiers for m in q.pattern.finditer(text)),
                  key=lambda hit: hit[:2])
    starts = [f.start for f in facts]
    previous_stop, previous_end = 0, 0
    for start, end, quantifier in hits:
        sentence_start = index.sentence(start)[0]
        stop = max(sentence_start, previous_end, text.rfind(";", sentence_start, start) + 1)
        if stop == previous_end and bisect.bisect_left(starts, previous_end) == bisect.bisect_left(starts, start):
            stop = max(sentence_start, previous_stop)
        previous_stop, previous_end = stop, end
        _claim(quantifier, facts[bisect.bisect_left(starts, stop):bisect.bisect_left(starts, start)], fmt, start, end)


def _claim(quantifier, before: list, fmt: str, start: int, end: int) -> None:
    """The quantifier's claim on the figures before it, nearest first."""
    nearer: list = []  # the cells of the figures passed so far
    for fact in reversed(before):
        cells = base_cells(fmt, fact.key) if fact.key else frozenset()
        if not cells or any(c < cells for c in nearer):
            return
        nearer.append(cells)
        claim = quantifier.claims.get(fact.key)
        if claim is not None:
            fact.claims = fact.claims + (Claim(
                key=claim[0], lexeme=quantifier.id, start=start, end=end, severity=quantifier.severity,
                hedge=quantifier.hedge, cite=claim[1]),)

"""Lists of parts in report prose, each with its candidate totals (found once per report).

A list starts
- at an opener (其中, 包括, 分别为… structures.yaml `breakdown.openers`): its total is
  a figure of the same unit before it in the sentence, or, when the opener begins
  a sentence (其中，…), in the sentence before;
- without an opener, at a figure named as a category of an `unopened` entry
  (予以公开25件，部分公开5件…) after the total the entry names (办结 N件), in the
  same sentence or the one before;
- at a topic that names an earlier total by its words ("主动公开的政府信息，…",
  "…主动公开政府信息的主要类别有：…"): the figure stated with those words up to
  `topic_sentences` sentences before (headings between them not counted), never
  one named with a qualifier the topic lacks (a sub-unit's figure).
Where each list ends and which figures are its parts: list_parts.py. The work is
bounded (structures.yaml `limits`): a list has at most `candidates` candidate
totals, found among at most `lookback` figures.
"""
from __future__ import annotations

from typing import Optional

import regex

from ...core.model import Fact
from .list_parts import Breakdown, collect, countable, inside, merged, nest, region
from .prose import Prose

_SPACES = regex.compile(r"\s+")
LEAD_CHARS = 24  # the words looked at before an opener or a topic


def breakdowns(prose: Prose) -> list[Breakdown]:
    """Every list of the report (computed once, shared by the sums and the shares)."""
    return prose.once("breakdowns", _find)


def _find(prose: Prose) -> list[Breakdown]:
    opened = _opened(prose)
    items = sorted(opened + _unopened(prose, opened), key=lambda b: b.start)
    nest(prose.text, items, items)
    for item in items:
        collect(prose, item)
    topics = _topics(prose, items)
    if topics:
        everything = sorted(items + topics, key=lambda b: b.start)
        nest(prose.text, topics, everything)
        for item in topics:
            collect(prose, item)
        items = everything
    return [b for b in items if b.parts]


def _before(prose: Prose, start: int, end: int) -> list[Fact]:
    """The countable figures of a span nearest its end first: at most `candidates`, among
    the last `lookback` figures."""
    cfg = prose.cfg
    near = prose.last_facts(start, end, cfg.lookback)
    return [f for f in reversed(near) if countable(prose, f)][:cfg.candidates]


# ---------------------------------------------------------------- where lists start


def _opened(prose: Prose) -> list[Breakdown]:
    cfg, text = prose.cfg, prose.text
    items: list[Breakdown] = []
    for m in cfg.opener.finditer(text):
        if prose.in_table(m.start()):
            continue
        word = m.group().rstrip(" :,\t")
        s_start, _ = prose.sentence(m.start())
        near = max(s_start, m.start() - LEAD_CHARS)  # what stands before it: a "(" or nothing
        lead = text[near:m.start()].strip(" \t")
        paren = lead.endswith("(")
        if near == s_start and lead.rstrip("(").strip() == "" and word not in cfg.same_sentence:
            totals = _previous_totals(prose, s_start, items)
        else:
            totals = _before(prose, s_start, m.start())
        if not totals:
            continue
        end, nested = region(prose, m.end())
        items.append(Breakdown(word, m.start(), m.end(), end, totals, len(totals) == 1, nested=nested,
                               paren=paren))
    return items


def _previous_totals(prose: Prose, s_start: int, earlier: list) -> list[Fact]:
    """Totals for a sentence-initial 其中: the figures of the sentence before (or the one before it).

    When that sentence is itself a breakdown (其中…。其中…), its total is this one's too.
    """
    sentence = prose.previous_sentence(s_start)
    for _ in range(2):
        if sentence is None:
            return []
        for item in reversed(earlier):
            if item.start < sentence[0] - prose.cfg.list_chars:
                break  # earlier lists end before this sentence
            if item.body < sentence[1] and item.end > sentence[0]:
                return list(item.totals)
        near = prose.first_facts(*sentence, prose.cfg.lookback)
        figures = [f for f in near if countable(prose, f)][:prose.cfg.candidates]
        if figures:
            return figures  # the sentence's first figure is its subject: preferred
        sentence = prose.previous_sentence(sentence[0])
    return []


def _unopened(prose: Prose, opened: list) -> list[Breakdown]:
    """Lists with no opener: a figure named as a category right after its named total."""
    cfg = prose.cfg
    if not cfg.unopened:
        return []
    covered = merged([(b.start, b.end) for b in opened])
    found: list[Breakdown] = []
    reach = -1
    for fact in prose.facts:
        if fact.start < reach or inside(covered, fact.start) or not countable(prose, fact):
            continue
        words = prose.prefix(fact)
        for total_words, part_words in cfg.unopened:
            if not part_words.search(words):
                continue
            totals = _named_totals(prose, fact, total_words, part_words)
            if not totals:
                continue
            body = fact.start - len(words)
            end, nested = region(prose, body)
            found.append(Breakdown("", body, body, end, totals, len(totals) == 1, nested=nested,
                                   named=part_words))
            reach = end
            break
    return found


def _named_totals(prose: Prose, fact: Fact, total_words, part_words) -> list[Fact]:
    """The figures before `fact` named by a total word, by no part word and by no qualifier
    (办结60件; not 同意公开答复19件, not 按时办结58件): in its sentence, nearest first, else in
    the sentence before, its subject first."""
    s_start, _ = prose.sentence(fact.start)
    restrictive = prose.cfg.restrictive

    def total(other: Fact) -> bool:
        words = prose.prefix(other)
        return prose.family(other) == prose.family(fact) and bool(total_words.search(words)) \
            and not part_words.search(words) and not any(w in words for w in restrictive)

    found = [f for f in _before(prose, s_start, fact.start) if total(f)]
    previous = prose.previous_sentence(s_start)
    if not found and previous is not None:
        found = [f for f in reversed(_before(prose, *previous)) if total(f)]
    return found


def _topics(prose: Prose, items: list) -> list[Breakdown]:
    """Lists whose total a topic names by its words (主动公开的政府信息，…; …的主要类别有：)."""
    cfg, text = prose.cfg, prose.text
    covered = merged([(b.start, b.end) for b in items])
    found = []
    for pattern, exact in ((cfg.topic, True), (cfg.category, False)):
        for m in pattern.finditer(text):
            start = m.start(1)
            if prose.in_table(start) or inside(covered, m.end()):
                continue
            words = "".join(m.group(n) for n in sorted(pattern.groupindex.values()))
            total = _named_total(prose, start, words, exact)
            if total is None:
                continue
            end, nested = region(prose, m.end())
            clause = max(start - LEAD_CHARS, *(text.rfind(c, max(0, start - LEAD_CHARS), start) + 1
                                               for c in ",;:。\n"))
            found.append(Breakdown(prose.quote(clause, m.end()).rstrip(",:，："), start, m.end(), end, [total],
                                   True, nested=nested))
    return found


def _named_total(prose: Prose, pos: int, words: str, exact: bool) -> Optional[Fact]:
    """The nearest earlier figure stated with the topic's words.

    `exact` (a topic, 主动公开的信息，): the figure's words end with the topic's
    (其中主动公开信息3000条). Else (a category list, …本局主动公开政府信息的主要类别有：)
    the topic's words end with the figure's (主动公开政府信息1200条): a figure
    named with a qualifier the topic lacks (机关各科室主动公开政府信息800条) is a
    sub-unit's, never the total of the whole's categories.
    """
    cfg = prose.cfg
    bare = cfg.time_words.sub("", words)
    for sentence in _earlier(prose, prose.sentence(pos)[0], cfg.topic_sentences):
        for fact in reversed(prose.last_facts(*sentence, cfg.lookback)):
            if not countable(prose, fact):
                continue
            named = _subject(prose, fact)
            if named.endswith(words) if exact else (len(named) >= 4 and bare.endswith(named)):
                return fact
    return None


def _earlier(prose: Prose, start: int, count: int):
    """The sentences before the one starting at `start`, nearest first, across line breaks:
    `count` statements (ending with 。!?) and the headings between them (（二）公开类别)."""
    pos, statements, steps = start, 0, 0
    while pos > 0 and statements < count and steps < 4 * count:
        sentence = prose.sentence(pos - 1)
        pos, steps = sentence[0], steps + 1
        if prose.text[sentence[0]:sentence[1]].strip():
            yield sentence
            statements += prose.text[sentence[1] - 1:sentence[1]] in ("。", "!", "?")


def _subject(prose: Prose, fact: Fact) -> str:
    """The words naming a figure, without spaces, a leading total word (共, 累计…) or words
    of time (全年, 2021年)."""
    words = _SPACES.sub("", prose.prefix(fact))
    last = None
    for last in prose.cfg.total_word.finditer(words):
        pass
    words = words[last.end():] if last is not None else words
    return prose.cfg.time_words.sub("", words)

"""全县共收到申请412件，其中本机关收到37件: the figure the report gives as its own agency's.

A sentence may state the same indicator twice: for a whole its agency is a part
of (the county, every agency of the district) and for the agency itself, named
by the words a report calls itself (lexicon.yaml `own_agency`: 本机关, 我局,
本单位…). Where one of the figures of a key is said of the agency and another is
not, only the agency's keeps the key; a figure followed by 其中 and the agency's
name counts a whole the agency is part of, whether or not its part is read. The
others are read, and compared with nothing (the table is the agency's).
"""
from __future__ import annotations

import regex

PART_OPENER = regex.compile(r"[\s,;:，；：]*其中[\s,:：]*")


def leave_others(facts: list, text: str, own_agency) -> None:
    """Unkey, sentence by sentence, the figures of a key said beside the agency's own (in place)."""
    if own_agency is None:
        return
    by_sentence: dict = {}
    for n, fact in enumerate(facts):
        if fact.key and fact.context_start is not None:
            by_sentence.setdefault(fact.context_start, []).append(n)
    for n, fact in enumerate(facts):
        if fact.key and _holds_own(facts, n, text, own_agency):
            _unkey(fact)
    for members in by_sentence.values():
        by_key: dict = {}
        for n in members:
            by_key.setdefault(facts[n].key, []).append(n)
        for same in by_key.values():
            if len(same) < 2:
                continue
            own = [n for n in same if _said_of_own(facts, n, text, own_agency)]
            if own and len(own) < len(same):
                for n in same:
                    if n not in own:
                        _unkey(facts[n])


def _unkey(fact) -> None:
    fact.key, fact.key_choices, fact.hedge, fact.hedge_severity = None, (), None, None


def _holds_own(facts: list, n: int, text: str, own_agency) -> bool:
    """Whether 其中 and the agency's name follow the figure (全县…186人，其中本单位4人)."""
    opener = PART_OPENER.match(text, facts[n].end)
    return opener is not None and own_agency.match(text, opener.end()) is not None


def _said_of_own(facts: list, n: int, text: str, own_agency) -> bool:
    """Whether the agency's own name stands between the figure before (or the sentence's start) and this one."""
    fact = facts[n]
    begin = fact.context_start
    if n > 0 and facts[n - 1].context_start == fact.context_start:
        begin = facts[n - 1].end
    return own_agency.search(text, begin, fact.start) is not None

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


def leave_others(facts: list, text: str, own_agency) -> None:
    """Unkey the figures of wholes the agency is part of, and, sentence by sentence, the
    figures of a key said beside the agency's own (in place). `own_agency`: the lexicon's
    compiled words (`name`) and the openers of a part (`part`)."""
    if own_agency is None:
        return
    for n, fact in enumerate(facts):
        if fact.key and _holds_own(facts, n, text, own_agency):
            fact.drop_key()
    by_sentence: dict = {}
    for n, fact in enumerate(facts):
        if fact.key and fact.context_start is not None:
            by_sentence.setdefault((fact.context_start, fact.key), []).append(n)
    for same in by_sentence.values():
        own = [n for n in same if _said_of_own(facts, n, text, own_agency.name)]
        if own and len(own) < len(same):
            for n in same:
                if n not in own:
                    facts[n].drop_key()


def _holds_own(facts: list, n: int, text: str, own_agency) -> bool:
    """Whether 其中 and the agency's name follow the figure (全县…186人，其中本单位4人)."""
    opener = own_agency.part.match(text, facts[n].end)
    return opener is not None and own_agency.name.match(text, opener.end()) is not None


def _said_of_own(facts: list, n: int, text: str, name) -> bool:
    """Whether the agency's own name stands between the figure before (or the sentence's start) and this one."""
    fact = facts[n]
    begin = fact.context_start
    if n > 0 and facts[n - 1].context_start == fact.context_start:
        begin = facts[n - 1].end
    return name.search(text, begin, fact.start) is not None

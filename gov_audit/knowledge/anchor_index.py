"""Every anchor word of a lexicon in one automaton: which forms a clause can match, in one scan.

A lexicon form needs, for each of its required parts, one of that part's words
(its anchors, phrasing.py; a raw pattern's are read by anchors.py). Testing
each form's parts against each clause costs a Python step per form, and most
clauses match no form at all. Here every anchor word of every form is put in
one Aho–Corasick automaton (pyahocorasick, in C): one pass over a clause finds
all the anchor words it holds, overlapping ones included, with their places;
only the forms those words can complete are looked at; of those, a form whose
parts are known in order (a form; a raw pattern's are not) must find them in
that order, each after the one before and the figure among them where the form
has it; only the forms left are searched (and compiled: a one-report run then
compiles fewer expressions). A form without anchors is searched in every
clause. Whether a form is searched changes nothing but time: its expression
decides the match.
"""
from __future__ import annotations

from .phrasing import MARK


class AnchorIndex:
    """The anchor words of a lexicon's forms, and the forms each word may complete."""

    def __init__(self, entries: tuple):
        import ahocorasick

        ids: dict = {}  # word → its number
        self.forms: list = []  # (entry, form, its parts as frozensets of word numbers, their order)
        self.always: dict = {}  # entry → its forms without anchors
        for n, entry in enumerate(entries):
            sequences = entry.sequences or ((),) * len(entry.anchors)
            for f, (parts, sequence) in enumerate(zip(entry.anchors, sequences)):
                if not parts:
                    self.always.setdefault(n, []).append(f)
                    continue
                numbers = tuple(frozenset(ids.setdefault(word, len(ids)) for word in part) for part in parts)
                order = tuple(None if part is None else frozenset(ids[word] for word in part) for part in sequence)
                self.forms.append((n, f, numbers, order))
        self.by_word = _by_trigger(self.forms)
        self.lengths = [len(word) for word in ids]  # by word number (ids keeps insertion order)
        self.automaton = ahocorasick.Automaton()
        for word, number in ids.items():
            self.automaton.add_word(word, number)
        self.scan = self.automaton.iter if ids else None
        if ids:
            self.automaton.make_automaton()

    def candidates(self, clause: str) -> list:
        """(entry, [forms]) to search in the clause, in entry order, forms in their order."""
        chosen: dict = {n: list(forms) for n, forms in self.always.items()}
        if self.scan is not None:
            places: dict = {}  # word number → [(start, end)] of its occurrences, left to right
            lengths = self.lengths
            for last, number in self.scan(clause):
                places.setdefault(number, []).append((last + 1 - lengths[number], last + 1))
            reached = set()
            for number in places:
                reached.update(self.by_word.get(number, ()))
            mark = clause.find(MARK)
            for form in reached:
                n, f, parts, order = self.forms[form]
                for part in parts:
                    if part.isdisjoint(places):
                        break
                else:
                    if not order or mark < 0 or _in_order(order, places, mark):
                        chosen.setdefault(n, []).append(f)
        return [(n, sorted(chosen[n])) for n in sorted(chosen)]


def _in_order(order: tuple, places: dict, mark: int) -> bool:
    """Whether the clause holds a word of each part, and the figure, in the form's order, each
    starting where the one before ended. Taking for each part the word that ends first
    leaves the most room for the parts after it, so one pass decides."""
    reached = 0
    for part in order:
        if part is None:
            if mark < reached:
                return False
            reached = mark + 1
            continue
        end = None
        for number, spans in places.items():
            if number in part:
                for start, stop in spans:  # left to right: the first one after `reached` ends first
                    if start >= reached:
                        end = stop if end is None else min(end, stop)
                        break
        if end is None:
            return False
        reached = end
    return True


def _by_trigger(forms: list) -> dict:
    """word number → the forms whose trigger part has that word. A form is met only where
    each of its parts is, so it need be looked at only where one chosen part is: its
    rarest, the part whose words the fewest forms share (申请 and 件 are in most forms,
    复议 in few), so that a clause meets the few forms it may complete, not every form
    that shares a common word with it."""
    sharing: dict = {}  # word number → how many forms have it in some part
    for _, _, parts, _ in forms:
        for number in frozenset().union(*parts):
            sharing[number] = sharing.get(number, 0) + 1
    by_word: dict = {}
    for form, (_, _, parts, _) in enumerate(forms):
        trigger = min(parts, key=lambda part: sum(sharing[number] for number in part))
        for number in trigger:
            by_word.setdefault(number, []).append(form)
    return {number: tuple(found) for number, found in by_word.items()}

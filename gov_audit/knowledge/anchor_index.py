"""Every anchor word of a lexicon in one automaton: which forms a clause can match, in one scan.

A lexicon form needs, for each of its required parts, one of that part's words
(its anchors, phrasing.py; a raw pattern's are read by anchors.py). Testing
each form's parts against each clause costs a Python step per form, and most
clauses match no form at all. Here every anchor word of every form is put in
one Aho–Corasick automaton (pyahocorasick, in C): one pass over a clause finds
all the anchor words it holds, overlapping ones included; only the forms
those words can complete are looked at, and only those whose every part is
met are searched. A form without anchors is searched in every clause. Whether a
form is searched changes nothing but time: its expression decides the match.
"""
from __future__ import annotations


class AnchorIndex:
    """The anchor words of a lexicon's forms, and the forms each word may complete."""

    def __init__(self, entries: tuple):
        import ahocorasick

        ids: dict = {}  # word → its number
        self.forms: list = []  # (entry, form, its parts as frozensets of word numbers)
        by_word: dict = {}  # word number → forms having it in a part
        self.always: dict = {}  # entry → its forms without anchors
        for n, entry in enumerate(entries):
            for f, parts in enumerate(entry.anchors):
                if not parts:
                    self.always.setdefault(n, []).append(f)
                    continue
                numbers = tuple(frozenset(ids.setdefault(word, len(ids)) for word in part) for part in parts)
                form = len(self.forms)
                self.forms.append((n, f, numbers))
                for part in numbers:
                    for number in part:
                        by_word.setdefault(number, set()).add(form)
        self.by_word = {number: tuple(sorted(forms)) for number, forms in by_word.items()}
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
            present = {number for _, number in self.scan(clause)}
            looked: set = set()
            for number in present:
                for form in self.by_word[number]:
                    if form in looked:
                        continue
                    looked.add(form)
                    n, f, parts = self.forms[form]
                    if all(not part.isdisjoint(present) for part in parts):
                        chosen.setdefault(n, []).append(f)
        return [(n, sorted(chosen[n])) for n in sorted(chosen)]

"""A rule as the engine runs it, and the set of rules a run uses.

A rule either states a relation over indicator keys (`bindings`: one relation
per combination of its `for_each` values) or names a mechanism (`check`, with
its `params`). Rules are built and validated from the YAML packs (packs.py).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Optional

from ..knowledge.lexicon import Lexicon, extend_lexicon, lexicon

ALL_FORMATS = "all"  # applies_to: every format


@dataclass
class Rule:
    id: str
    kind: str
    severity: str
    title: str
    pack: str
    applies_to: tuple = (ALL_FORMATS,)
    description: str = ""
    bindings: list = field(default_factory=list)  # [(vars, Relation, when Relation|None, missing keys)]
    check: Optional[str] = None
    params: dict = field(default_factory=dict)
    unless_text: tuple = ()
    message: str = ""
    examples: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    relation_text: str = ""
    enabled: bool = True

    def applies(self, fmt: str) -> bool:
        return ALL_FORMATS in self.applies_to or fmt in self.applies_to


@dataclass
class RuleSet:
    rules: list
    lexicon_entries: tuple = ()  # entries user packs add to the built-in lexicon

    def by_id(self) -> dict:
        return {r.id: r for r in self.rules}

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """The built-in lexicon, with the entries user packs add after its own."""
        if not self.lexicon_entries:
            return lexicon()
        return extend_lexicon(list(self.lexicon_entries), "user lexicon")

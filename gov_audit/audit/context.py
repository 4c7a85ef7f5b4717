"""What the rules see of one report: its format, text, table facts by key and prose facts."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Optional

from ..core import expr
from ..core.model import Coverage
from ..knowledge.templates import template_keys


@dataclass
class Context:
    """What rules see of one report."""

    format: str
    text: str  # normalized
    table: dict  # key → Fact (table facts with a figure)
    table_facts: list  # every table Fact, blanks included
    prose: list  # prose Facts
    document: object = None
    extra: dict = field(default_factory=dict)
    # The cells of the template tables the report was read against: one of them
    # that was not read (its row never found, or its cell unread or blank) makes
    # every sum over it untested — never a sum over the cells that were read.
    expected_keys: frozenset = frozenset()
    coverage: Optional[Coverage] = None  # what the table reader could and could not read

    def __post_init__(self):
        self.blank_keys = [f.key for f in self.table_facts if f.value is None]
        self._patterns: dict = {}  # pattern → its lookup: rules share patterns (t3.*.total)
        self._order: Optional[dict] = None  # key → place in the table, when every key is a template's

    def lookup(self, pattern: str) -> list:
        if expr.is_pattern(pattern):
            found = self._patterns.get(pattern)
            if found is None:
                found = self._patterns[pattern] = self._lookup_pattern(pattern)
            return found
        fact = self.table.get(pattern)
        return [(pattern, fact.value)] if fact is not None else []

    def _lookup_pattern(self, pattern: str) -> list:
        """The table's keys a pattern matches, in the table's order; none when one is blank
        or was never read (the sum cannot be tested).

        The candidates are the templates' keys the pattern matches (found once
        per process); a table with a key no template has is matched key by key.
        """
        if self._order is None:
            keys = list(self.table) + self.blank_keys
            self._order = {k: i for i, k in enumerate(keys)} if template_keys().issuperset(keys) else {}
        if not self._order:
            if expr.matching(pattern, self.blank_keys):
                return []
            return [(k, self.table[k].value) for k in expr.matching(pattern, self.table)]
        present = [k for k in _template_matches(pattern) if k in self._order or k in self.expected_keys]
        if any(k not in self.table for k in present):
            return []
        present.sort(key=self._order.__getitem__)
        return [(k, self.table[k].value) for k in present]


@functools.lru_cache(maxsize=4096)
def _template_matches(pattern: str) -> tuple:
    return tuple(expr.matching(pattern, sorted(template_keys())))

"""What reports are compared by: rules/knowledge/compare.yaml, compiled once."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

import regex

from ..core.resources import builtin_yaml


@dataclass(frozen=True)
class CompareWords:
    sentence_end: object  # a pattern matching where a sentence ends
    section_heading: object
    section_after: str
    leading_numbering: object
    min_sentence_chars: int
    # Each template sentence its own pattern: one alternation of them all hides their
    # literal words from the regex engine, which then tries every alternative at every
    # character (three times slower).
    template_sentences: tuple
    # those whose match cannot depend on what surrounds the text searched (no anchor, no
    # lookaround): one search of a whole text rules each out for every sentence of it
    context_free: frozenset
    template_agencies: int
    change_after: object
    up: frozenset
    down: frozenset
    units: dict  # unit → (measure, worth)
    table_units: dict  # key → unit
    group_figure: object
    equivalents: dict  # key → keys of the same indicator in other templates
    plan_words: tuple
    year_mention: object
    chart: tuple  # (label, keys) of the indicators charted by year
    column_names: dict

    def is_template(self, sentence: str, patterns: Optional[tuple] = None) -> bool:
        """Whether the sentence is template wording; `patterns`: those that may match it
        (templates_within), else all."""
        patterns = self.template_sentences if patterns is None else patterns
        return any(pattern.search(sentence) is not None for pattern in patterns)

    def templates_within(self, text: str) -> tuple:
        """The template patterns that may match some sentence of `text`: a context-free one
        matches inside a sentence only where it matches in the whole text."""
        return tuple(pattern for pattern in self.template_sentences
                     if pattern not in self.context_free or pattern.search(text) is not None)

    def section_headings(self, text: str) -> list:
        """(offset, numeral) of each section heading of a text."""
        return [(m.start(), m.group(1)) for m in self.section_heading.finditer(text)
                if m.start() == 0 or text[m.start() - 1] in self.section_after]

    def measure(self, unit: Optional[str]) -> tuple[Optional[str], Decimal]:
        """(measure, worth) of a unit; (None, 1) for none or an unknown one."""
        return self.units.get(unit, (None, Decimal(1))) if unit else (None, Decimal(1))


CONTEXT_SYNTAX = ("^", "$", "(?<", "(?=", "(?!", "\\b", "\\B", "\\A", "\\Z", "\\G")


def _context_free(patterns: tuple) -> frozenset:
    """The patterns whose match cannot depend on what surrounds the text they are searched in."""
    return frozenset(p for p in patterns if not any(syntax in p.pattern for syntax in CONTEXT_SYNTAX))


@functools.lru_cache(maxsize=None)
def compare_words() -> CompareWords:
    spec = builtin_yaml("knowledge/compare.yaml")
    templates = tuple(regex.compile(p) for p in spec["template_sentences"])
    ends = regex.escape(spec["sentence_ends"])
    units = {unit: (measure, Decimal(str(worth)))
             for measure, members in spec["units"].items() for unit, worth in members.items()}
    groups = "|".join(regex.escape(g) for g in sorted(spec["unit_groups"], key=len, reverse=True))
    return CompareWords(
        sentence_end=regex.compile(f"[{ends}\\n]"),
        section_heading=regex.compile(spec["section_heading"]), section_after=spec["section_after"],
        leading_numbering=regex.compile(spec["leading_numbering"]),
        min_sentence_chars=int(spec["min_sentence_chars"]),
        template_sentences=templates, context_free=_context_free(templates),
        template_agencies=int(spec["template_agencies"]),
        change_after=regex.compile(spec["change_after"]),
        up=frozenset(spec["up"]), down=frozenset(spec["down"]),
        units=units, table_units=dict(spec["table_units"]),
        group_figure=regex.compile(spec["group_figure"].replace("{groups}", groups)),
        equivalents={k: tuple(v) for k, v in spec["equivalent_keys"].items()},
        column_names=dict(spec["column_names"]),
        plan_words=tuple(spec["plan_words"]), year_mention=regex.compile(spec["year_mention"]),
        chart=tuple((row["label"], tuple(row["keys"])) for row in spec["chart"]),
    )

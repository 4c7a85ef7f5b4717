"""How reports name their agency and year: rules/knowledge/identity.yaml, compiled once."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..core.resources import builtin_yaml


@dataclass(frozen=True)
class IdentityPatterns:
    head_chars: int
    opening_chars: int
    titles: tuple  # title patterns with `agency` and `year`, in the order tried
    title_anchor: str  # a word every title holds
    title_reach: tuple  # (before, after): how far from that word a title can start and end
    not_agency_words: tuple
    not_agency_names: tuple
    not_agency_starts: tuple
    lead_verbs: object
    period_years: tuple  # patterns whose group 1 is the year, in the order tried
    any_year: object
    metadata_year: object


@functools.lru_cache(maxsize=None)
def identity_patterns() -> IdentityPatterns:
    spec = builtin_yaml("knowledge/identity.yaml")
    return IdentityPatterns(
        head_chars=int(spec["head_chars"]), opening_chars=int(spec["opening_chars"]),
        titles=(regex.compile(spec["title"]), regex.compile(spec["title_year_first"])),
        title_anchor=spec["title_anchor"], title_reach=tuple(int(n) for n in spec["title_reach"]),
        not_agency_words=tuple(spec["not_agency_words"]), not_agency_names=tuple(spec["not_agency_names"]),
        not_agency_starts=tuple(spec["not_agency_starts"]), lead_verbs=regex.compile(spec["lead_verbs"]),
        period_years=tuple(regex.compile(p) for p in spec["period_years"]),
        any_year=regex.compile(spec["any_year"]), metadata_year=regex.compile(spec["metadata_year"]),
    )

"""One name per agency: 淮安市洪泽区人民政府 and 洪泽区人民政府 are the agency 洪泽区.

The patterns and words are data (rules/knowledge/agencies.yaml); this module
reads a name as its leading regions and the rest (agencies.yaml says how),
so that the reports of one agency find each other across the years, and a
report's own words for its region (我县, 本区) can be told from another's.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

import regex

from ..core.resources import builtin_yaml


@dataclass(frozen=True)
class AgencyName:
    """An agency's name, read: `name` is the agency itself, `within` the regions placing it."""

    name: str  # 洪泽区, 洪泽区财政局
    within: tuple = ()  # (淮安市,): the regions written before its own, top first
    region: Optional[str] = None  # its own region: 洪泽区 (also for 洪泽区财政局)
    government: bool = False  # the region's government itself, not one of its departments

    @property
    def kind(self) -> Optional[str]:
        """The kind of its own region (区, 县, 实验区 …), None without one."""
        return region_kind(self.region) if self.region else None


@dataclass(frozen=True)
class AgencyWords:
    regions: dict  # suffix → (level, characters needed before it), longest suffix first
    not_regions: tuple
    government: tuple
    self_reference: object


@functools.lru_cache(maxsize=None)
def agency_words() -> AgencyWords:
    spec = builtin_yaml("knowledge/agencies.yaml")
    regions = {str(k): (int(v["level"]), int(v["before"])) for k, v in spec["regions"].items()}
    return AgencyWords(
        regions=dict(sorted(regions.items(), key=lambda kv: -len(kv[0]))),
        not_regions=tuple(spec["not_regions"]), government=tuple(spec["government"]),
        self_reference=regex.compile(spec["self_reference"]),
    )


def region_kind(region: str) -> Optional[str]:
    """The suffix that makes a region what it is: 实验区 for 平潭综合实验区."""
    for suffix in agency_words().regions:
        if region.endswith(suffix):
            return suffix
    return None


def level(kind: Optional[str]) -> Optional[int]:
    found = agency_words().regions.get(kind) if kind else None
    return found[0] if found else None


def leading_region(name: str) -> Optional[str]:
    """The shortest start of `name` that is a region (淮安市 of 淮安市洪泽区…), or None."""
    words = agency_words()
    for end in range(2, len(name) + 1):
        head = name[:end]
        for suffix, (_, before) in words.regions.items():
            if head.endswith(suffix) and end - len(suffix) >= before and not head.endswith(words.not_regions):
                return head
    return None


@functools.lru_cache(maxsize=4096)
def read_agency(written: str) -> Optional[AgencyName]:
    """The agency a name written in a report stands for; None for an empty name."""
    name = "".join(written.split()).strip("()（）")
    if not name:
        return None
    regions = []
    rest = name
    while rest:
        region = leading_region(rest)
        if region is None:
            break
        regions.append(region)
        rest = rest[len(region):]
    if not regions:
        return AgencyName(name=name)
    government = not rest or rest in agency_words().government
    own = regions[-1]
    return AgencyName(name=own if government else own + rest, within=tuple(regions[:-1]), region=own,
                      government=government)


def same_place(a: AgencyName, b: AgencyName) -> bool:
    """Whether two readings can name one agency: the same name, and regions
    placing it that do not contradict each other (淮安市 vs none, or
    江苏省·淮安市 vs 淮安市; not 淮安市 vs 宿迁市)."""
    if a.name != b.name:
        return False
    short, long_ = sorted((a.within, b.within), key=len)
    return not short or long_[len(long_) - len(short):] == short


def self_references(text: str) -> list:
    """(kind, start, end) of each word by which a text names its own region (我县 …)."""
    return [(m.group(1), m.start(), m.end()) for m in agency_words().self_reference.finditer(text)]


def foreign_self_reference(agency: AgencyName, kind: str) -> bool:
    """Whether 我<kind> cannot be the agency's own region: another kind at its
    level or below (我县 in a zone's report, 我镇 in a county's)."""
    own = agency.kind
    if own is None or own.endswith(kind):
        return False
    own_level, word_level = level(own), level(kind)
    return own_level is not None and word_level is not None and word_level >= own_level

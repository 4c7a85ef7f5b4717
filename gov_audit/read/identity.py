"""Which agency's report for which year: from the title, the metadata or the period sentence.

A dataset of facts is only useful when each row says whose report it came
from, and a baseline entry should survive a report being moved or renamed.
Reports say it in a few stock ways, tried in this order:

1. a title line `XX市XX局2023年(度)政府信息公开工作年度报告` (also inside a
   sentence: `特编制思茅区2017年政府信息公开工作年度报告`), but not a cited
   notice `《…关于做好2017年政府信息公开工作年度报告…》`;
2. the loader's metadata (`title`, `publisher`; `published` gives the year
   before it, as reports come out by 31 January of the next year);
3. the period sentence `统计期限自2016年1月1日起…`, `2016年度`, or a heading
   `一、2016年政府信息公开工作落实情况`;
4. for the year only, the year the opening of the report names most often.

Matching runs on the normalized text, so a traditional report gives a
simplified agency name; the name is then reduced to one name per agency
(knowledge/agencies.py: 淮安市洪泽区人民政府 → 洪泽区). A crawler's 来源 line
is not evidence of whose report it is. The patterns and words are data:
rules/knowledge/identity.yaml and agencies.yaml.
"""
from __future__ import annotations

from collections import Counter
from typing import Optional

from ..core.model import Identity
from ..knowledge.agencies import read_agency
from ..knowledge.identity import identity_patterns


def _title(text: str) -> tuple[Optional[str], Optional[int]]:
    patterns = identity_patterns()
    segments = _around(text, patterns.title_anchor, patterns.title_reach)
    for pattern in patterns.titles:
        for start, end in segments:
            for match in pattern.finditer(text, start, end):
                agency = _clean_agency(match.group("agency"))
                if agency:
                    return agency, int(match.group("year"))
    return None, None


def _around(text: str, anchor: str, reach: tuple) -> list:
    """The spans of the text within reach of each occurrence of the word every title holds,
    merged: a title pattern is tried there only (trying it at every character of the
    opening cost more than the rest of a report's identity)."""
    before, after = reach
    spans: list = []
    at = text.find(anchor)
    while at != -1:
        start, end = max(0, at - before), min(len(text), at + after)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        at = text.find(anchor, at + 1)
    return spans


def _clean_agency(name: str) -> Optional[str]:
    words = identity_patterns()
    name = words.lead_verbs.sub("", name).strip("()（）")
    if len(name) < 2 or name in words.not_agency_names or name.startswith(words.not_agency_starts):
        return None
    if any(word in name for word in words.not_agency_words):
        return None
    return name


def identify(doc) -> Identity:
    """The report's agency and year, either None when the report does not say."""
    patterns = identity_patterns()
    head = doc.text[:patterns.head_chars]
    agency, year = _title(head)
    meta = getattr(doc, "metadata", None) or {}
    if (agency is None or year is None) and meta.get("title"):
        meta_agency, meta_year = _title(str(meta["title"]))
        agency = agency or meta_agency
        year = year or meta_year
    if agency is None and meta.get("publisher"):
        agency = str(meta["publisher"]).strip() or None
    if year is None:
        year = _period_year(head)
    if year is None and meta.get("published"):
        found = patterns.metadata_year.search(str(meta["published"]))
        year = int(found.group(1)) - 1 if found else None
    if year is None:
        years = Counter(m.group(1) for m in patterns.any_year.finditer(head[:patterns.opening_chars]))
        if years:
            year = int(years.most_common(1)[0][0])
    reading = read_agency(agency) if agency else None
    return Identity(reading.name if reading else None, year, agency)


def _period_year(head: str) -> Optional[int]:
    for pattern in identity_patterns().period_years:
        found = pattern.search(head)
        if found:
            return int(found.group(1))
    return None

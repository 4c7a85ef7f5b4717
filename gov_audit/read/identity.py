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
simplified agency name (one name per agency in a dataset).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional

import regex

HEAD = 4000  # the title and period sentence stand at the top
TITLE = regex.compile(
    r"(?P<agency>[\p{Han}A-Za-z()（）]{2,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*"
    r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:工作)?报告"
)
TITLE_YEAR_FIRST = regex.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<agency>[\p{Han}A-Za-z()（）]{2,40}?)(?:政府)?信息公开(?:工作)?年度报告"
)
NOT_AGENCY = ("关于", "做好", "根据", "按照", "依据", "参照", "通知", "要求", "报告", "本")
LEAD_VERBS = regex.compile(r"^.*?(?:特编制|编制|现公布|公布|发布|特制定|制定|现将|特将|现予)")
PERIOD = regex.compile(r"(?:统计期限|统计时限|统计期|统计时间|数据统计期限)[^。\n]{0,12}?((?:19|20)\d{2})\s*年")
YEAR_DU = regex.compile(r"((?:19|20)\d{2})\s*年度")
HEADING = regex.compile(r"(?m)^\s*[一二三四五六七八九十]+[、.]\s*((?:19|20)\d{2})\s*年")
ANY_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")
META_YEAR = regex.compile(r"((?:19|20)\d{2})")


@dataclass(frozen=True)
class Identity:
    agency: Optional[str] = None
    year: Optional[int] = None

    def key(self) -> Optional[str]:
        """A stable name of the report, when both parts are known."""
        if self.agency and self.year:
            return f"{self.agency}|{self.year}"
        return None


def _title(text: str) -> tuple[Optional[str], Optional[int]]:
    for pattern in (TITLE, TITLE_YEAR_FIRST):
        for match in pattern.finditer(text):
            agency = _clean_agency(match.group("agency"))
            if agency:
                return agency, int(match.group("year"))
    return None, None


def _clean_agency(name: str) -> Optional[str]:
    name = LEAD_VERBS.sub("", name).strip("()（）")
    if len(name) < 2 or name in ("政府", "人民政府") or name.startswith(("我", "本")):
        return None
    if any(word in name for word in NOT_AGENCY):
        return None
    return name


def identify(doc) -> Identity:
    """The report's agency and year, either None when the report does not say."""
    head = doc.text[:HEAD]
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
        found = META_YEAR.search(str(meta["published"]))
        year = int(found.group(1)) - 1 if found else None
    if year is None:
        years = Counter(m.group(1) for m in ANY_YEAR.finditer(head[:2000]))
        if years:
            year = int(years.most_common(1)[0][0])
    return Identity(agency, year)


def _period_year(head: str) -> Optional[int]:
    for pattern in (PERIOD, YEAR_DU, HEADING):
        found = pattern.search(head)
        if found:
            return int(found.group(1))
    return None

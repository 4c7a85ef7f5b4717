"""The period a report covers against the dates it carries (`date`).

The report year comes from the statistics period (统计期限自2013年1月1日起至
12月31日), else from the title (包头市青山区2013年政府信息公开工作年度报告).
Its dates: `Document.metadata["published"]` when a loader put one there, else
a 发布时间/发布日期/公开日期 line, and the date standing alone under the
signature (二〇一三年一月二十日). Three checks:

- dated before the period ends (a warning; it quotes 截至2013年底 when the
  text speaks of the period's end);
- the body calling another year its own (本单位2022年度 in a 2023 report;
  a past-year comparison such as 仅2015年… is no such claim);
- published after the statutory deadline (info): under the 2019 条例 art. 49 a
  government department's report by 1月31日, a government's by 3月31日 of
  the next year; for report years before 2019, 3月31日 for every body. The
  body is the title's subject (not the office that posted it), and its kind
  follows from its name (the words in structures.yaml).
"""
from __future__ import annotations

import datetime
import functools
from collections import Counter
from decimal import Decimal
from typing import Optional

import regex

from ...core.figures import whole_number
from ..context import Context
from ..rule import Rule
from .phrasing import config
from .prose import Prose, make_finding, mark_fact, prose_of

# A Chinese year written with a letter O or a digit 0 for 〇 (二O一三, 二0一三).
_ZERO_LOOKALIKES = str.maketrans({"O": "〇", "0": "〇"})


@functools.lru_cache(maxsize=None)
def _spec():
    raw = config().raw["dates"]
    flags = regex.MULTILINE

    def words(key):
        return sorted(map(str, raw[key]), key=len, reverse=True)

    return {
        "period": regex.compile(raw["period"], flags),
        "title": regex.compile(raw["title"], flags),
        "published": regex.compile(raw["published"], flags),
        "signature": regex.compile(raw["signature"], flags),
        "period_end": regex.compile(raw["period_end_words"], flags),
        "own_year": regex.compile(raw["own_year"], flags),
        "reference_before": tuple(raw["own_year_reference_before"]),
        "reference_after": tuple(raw["own_year_reference_after"]),
        "body": regex.compile(raw["body"], flags),
        "not_title_before": tuple(raw["not_title_before"]),
        "deadlines": raw["deadlines"],
        "government": words("government_words"),
        "department": words("department_words"),
    }


def _number(text: str) -> int:
    """12, 十二, 二十, 二〇一三 → int."""
    if text.isdigit():
        return int(text)
    value = whole_number(text.translate(_ZERO_LOOKALIKES))
    if value is None:
        raise ValueError(f"not a number: {text}")
    return value


YEARS = range(1990, 2100)  # report years this can be about; other 4-digit figures are no years


def _date(m) -> Optional[tuple]:
    """(date, precise) of a match with y, m and optionally d; None when no calendar date."""
    try:
        year, month = _number(m.group("y")), _number(m.group("m"))
        if year not in YEARS:
            return None
        day = m.group("d")
        if day:
            return datetime.date(year, month, _number(day)), True
        nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
        return nxt - datetime.timedelta(days=1), False  # the month's last day
    except ValueError:
        return None


def _in_quotes(text: str, pos: int) -> bool:
    """Inside 《…》: another document's title."""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


@functools.lru_cache(maxsize=64)
def _published_meta(value: str) -> Optional[datetime.date]:
    m = regex.match(r"\s*(\d{4})\D(\d{1,2})\D(\d{1,2})", value)
    if not m:
        return None
    try:
        found = datetime.date(*map(int, m.groups()))
    except ValueError:
        return None
    return found if found.year in YEARS else None


def report_dates(prose: Prose) -> dict:
    """The report year and its dates, found once per report."""
    return prose.once("dates", _report_dates)


def _report_dates(prose: Prose) -> dict:
    spec, text, meta = _spec(), prose.text, prose.metadata
    out: dict = {"year": None, "year_at": None}
    period = spec["period"].search(text)
    titles = []
    for m in spec["title"].finditer(text, 0, min(len(text), 4000)):
        before = text[max(0, m.start() - 6):m.start()]
        if _in_quotes(text, m.start()) or any(w in before for w in spec["not_title_before"]):
            continue
        titles.append(m)
    title_meta = spec["title"].search(str(meta.get("title") or ""))
    titles = [m for m in titles if int(m.group("y")) in YEARS]
    if period and int(period.group("y")) in YEARS:
        out["year"], out["year_at"] = int(period.group("y")), period
    elif titles:
        year = Counter(int(m.group("y")) for m in titles).most_common(1)[0][0]
        out["year"], out["year_at"] = year, next(m for m in titles if int(m.group("y")) == year)
    elif title_meta and int(title_meta.group("y")) in YEARS:
        out["year"] = int(title_meta.group("y"))
    out["titles"] = titles
    if meta.get("published"):
        out["published"] = (_published_meta(str(meta["published"])), True, None)
    else:
        m = spec["published"].search(text)
        if m and _date(m):
            out["published"] = (*_date(m), m)
    signatures = [(m, _date(m)) for m in spec["signature"].finditer(text)]
    signatures = [(m, d) for m, d in signatures if d is not None and not prose.in_table(m.start())]
    if signatures:
        precise = [(m, d) for m, d in signatures if d[1]]
        m, d = (precise or signatures)[-1]
        out["signed"] = (*d, m)
    elif meta.get("written"):
        out["signed"] = (_published_meta(str(meta["written"])), True, None)
    out["body"] = _body(prose, titles, str(meta.get("publisher") or ""), str(meta.get("title") or ""),
                        out["signed"][2] if "signed" in out else None)
    return out


_TITLE_LEAD = regex.compile(r"^[\s#>*]*(?:标题\s*[:|]\s*)?(?P<name>[\p{Han}()]{2,30}?)\s*$")
_NAME = regex.compile(r"[\p{Han}()]{2,30}$")


def _body(prose: Prose, titles: list, publisher: str, title: str, signed) -> str:
    """The body whose report it is: the title's subject (the words before its year), else
    the publisher in the metadata, the line above the signature date, or a 发布机构 line.

    The subject comes first: a county's report posted by the county government's
    general office (发布机构: …人民政府办公室) is the county's, due by the
    government's deadline.
    """
    text = prose.text
    head = _spec()["title"].search(title)
    if head:
        lead = _TITLE_LEAD.match(title[:head.start()])
        if lead:
            return lead.group("name")
    for m in titles:
        line_start = text.rfind("\n", 0, m.start()) + 1
        lead = _TITLE_LEAD.match(text[line_start:m.start()])
        if lead:
            return lead.group("name")
    if publisher:
        return publisher
    if signed is not None:
        before = text[max(0, signed.start() - 32):signed.start()].rstrip(" \t\n")
        line = before[before.rfind("\n") + 1:]
        run = _NAME.search(line.split("。")[-1].strip())
        if run:
            return run.group()
    m = _spec()["body"].search(text, 0, min(len(text), 2000))
    return m.group("name") if m else ""


def _body_kind(name: str) -> str:
    """government | department | unknown, from the last kind word of the body's name."""
    spec = _spec()
    best, kind = -1, "unknown"
    for label in ("government", "department"):
        for word in spec[label]:
            at = name.rfind(word)
            if at != -1 and at + len(word) > best:
                best, kind = at + len(word), label
    return kind


def _fmt(d: datetime.date, precise: bool) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if precise else f"{d.year}年{d.month}月"


def _fact(prose: Prose, m, value):
    if m is None:
        return None
    return mark_fact(prose, m.start("y"), m.end(), value)


def dated_early(rule: Rule, ctx: Context) -> list:
    prose = prose_of(ctx)
    info = report_dates(prose)
    year = info["year"]
    if year is None or info["year_at"] is None:
        return []
    end = datetime.date(year, 12, 31)
    found = []
    for name, label in (("published", "发布日期"), ("signed", "落款日期")):
        if name not in info or info[name][0] is None:
            continue
        when, precise, m = info[name]
        if when >= end:
            continue
        facts = [f for f in (_fact(prose, info["year_at"], year), _fact(prose, m, year)) if f]
        message = f"本报告为{year}年度报告，{label}却是{_fmt(when, precise)}，早于统计期末{year}年12月31日"
        words = _spec()["period_end"].search(prose.text)
        if words and int(words.group("y")) == year:
            message += f"；文中还写有“{prose.quote(words.start(), words.end())}”"
            facts.append(mark_fact(prose, words.start(), words.end(), year))
        at = m or info["year_at"]
        found.append(make_finding(rule, rule.severity, message, [Decimal(year)], facts, at.start() if at else 0,
                                  relation="发布日期 ≥ 统计期末", left=_fmt(when, precise), right=f"{year}年12月31日"))
        break
    return found


def _reference(prose: Prose, m, spec: dict) -> bool:
    """A clause that names the year to refer to its report or to compare with it."""
    start, end = prose.sentence(m.start())
    before = prose.text[max(start, m.start() - 8):m.start()]
    after = prose.text[m.end():min(end, m.end() + 16)]
    before = regex.split(r"[,;:、]", before)[-1]
    after = regex.split(r"[,;:、。]", after)[0]
    return any(w in before for w in spec["reference_before"]) or any(w in after for w in spec["reference_after"])


def other_year(rule: Rule, ctx: Context) -> list:
    prose = prose_of(ctx)
    info = report_dates(prose)
    year = info["year"]
    if year is None or info["year_at"] is None:
        return []
    spec = _spec()
    found = []
    claims = [m for m in spec["own_year"].finditer(prose.text)
              if not prose.in_table(m.start()) and not _reference(prose, m, spec)]
    claims += [m for m in info["titles"] if m.start() < 600 and not _reference(prose, m, spec)]
    seen = set()
    for m in sorted(claims, key=lambda m: m.start()):
        other = int(m.group("y"))
        if other == year or other not in YEARS or m.start() in seen:
            continue
        seen.add(m.start())
        basis = prose.quote(info["year_at"].start(), info["year_at"].end())
        message = f"本报告统计的是{year}年度（“{basis}”），正文却写“{prose.quote(m.start(), m.end())}”"
        facts = [mark_fact(prose, m.start("y"), m.end("y"), other),
                 mark_fact(prose, info["year_at"].start("y"), info["year_at"].end("y"), year)]
        found.append(make_finding(rule, rule.severity, message, [Decimal(other), Decimal(year)], facts, m.start(),
                                  relation="正文年度 = 报告年度", left=str(other), right=str(year)))
    return found


def late_publication(rule: Rule, ctx: Context) -> list:
    prose = prose_of(ctx)
    info = report_dates(prose)
    year = info["year"]
    source = info.get("published") or info.get("signed")
    if year is None or info["year_at"] is None or source is None or source[0] is None:
        return []
    when, precise, m = source
    spec = _spec()["deadlines"]
    kind = _body_kind(info["body"])
    if year >= int(spec["new_rules_from"]):
        key = "department" if kind == "department" else "government"
    else:
        key = "before"
    rule_text = spec["wording"][key]
    month, day = map(int, str(spec[key]).split("-"))
    deadline = datetime.date(year + 1, month, day)
    if when <= deadline or (not precise and when.replace(day=1) <= deadline):
        return []
    body = f"（{info['body']}）" if info["body"] else ""
    message = (f"{year}年度报告{body}应于{_fmt(deadline, True)}前公布（{rule_text}），"
               f"{'发布' if 'published' in info else '落款'}日期为{_fmt(when, precise)}")
    facts = [f for f in (_fact(prose, m, year), _fact(prose, info["year_at"], year)) if f]
    at = m or info["year_at"]
    return [make_finding(rule, rule.severity, message, [Decimal(year)], facts, at.start() if at else 0,
                         relation="发布日期 ≤ 法定期限", left=_fmt(when, precise), right=_fmt(deadline, True))]

"""Sentences taken from another report that kept what was true only there.

- an old year: a plan for the year after the earlier report (2016年，我们将…)
  kept in the report of that year, or a sentence opening with the earlier
  report's own year kept, figures and all, in a later report;
- an old figure: a figure of a sentence taken word for word, where this
  year's table says otherwise and the earlier report's said the same;
- another agency's words: 我县 in a zone's report, in a sentence found in a
  county's report of the folder.
"""
from __future__ import annotations

from ..knowledge.agencies import foreign_self_reference, read_agency, self_references
from ..knowledge.compare import compare_words
from .citing import Cross, cite_figure, cite_sentence, shorten
from .readings import reading
from .reuse import counted


def _years(text: str) -> list:
    return [int(m.group(1)) for m in compare_words().year_mention.finditer(text)]


def stale_year(rule, report, found: list) -> list:
    out = []
    for match in found:
        years = _years(match.sentence.plain)
        if not years or years != _years(match.theirs.plain) or match.other.year >= report.year:
            continue
        kept = _kept_year(match, years, report.year)
        if kept is None:
            continue
        out.append(Cross(
            rule, report,
            f"句子沿用{match.other.year}年报告，仍写“{kept}年”（本报告为{report.year}年度）："
            f"“{shorten(match.sentence.quote)}”", [kept, report.year],
            [cite_sentence(report, match.sentence)],
            [(cite_sentence(match.other, match.theirs), f"{match.other.year}年报告")],
        ))
    return out


def _kept_year(match, years: list, year: int):
    """The old year a taken sentence kept, or None."""
    earlier = match.other.year
    words = compare_words()
    if earlier + 1 in years and earlier + 1 <= year and any(w in match.sentence.plain for w in words.plan_words):
        return earlier + 1  # last year's plan for this year, still a plan
    opening = words.year_mention.match(match.sentence.plain)
    has_figures = len(years) < len(masked_runs(match.sentence.plain))
    if match.exact and opening and int(opening.group(1)) == earlier and has_figures:
        return earlier  # the earlier report's year, with its figures
    return None


def masked_runs(text: str) -> list:
    """The runs of digits of a text."""
    runs, current = [], ""
    for ch in text:
        if ch.isdigit():
            current += ch
        elif current:
            runs.append(current)
            current = ""
    return runs + ([current] if current else [])


def stale_figure(rule, report, found: list) -> list:
    """A figure in a sentence taken word for word that this year's table contradicts."""
    out = []
    for match in found:
        if not match.exact or match.other.year >= report.year:
            continue
        for offset, figure in report.prose_figures:
            if not (match.sentence.start <= offset < match.sentence.end) or figure.doubt is not None:
                continue
            table = reading(report, figure.key)
            before = reading(match.other, figure.key)
            if table is None or table.source != "table" or before is None or figure.value is None:
                continue
            if table.value.meets(figure.value) or not before.value.meets(figure.value):
                continue
            out.append(Cross(
                rule, report,
                f"文中“{figure.quote}”沿用了{match.other.year}年报告的数字 {figure.raw}：本报告表格“{table.quote}”为 "
                f"{table.raw}，{match.other.year}年报告为 {before.raw}",
                [figure.value.point, table.value.point, before.value.point],
                [cite_figure(report, figure), cite_figure(report, table)],
                [(cite_sentence(match.other, match.theirs), f"{match.other.year}年报告")],
            ))
    return out


def foreign_words(rule, report, shared: dict, others, common: set) -> list:
    """我县 in a zone's report, in a sentence also found in a report of another agency.

    `shared`: sentence number → [(other report index, its sentence number)];
    `others`: the summaries by report index (store.StoredReports)."""
    mine = read_agency(report.identity.written or "") if report.identity.written else None
    if mine is None:
        return []
    out = []
    for number, sentence in enumerate(report.sentences):
        if number not in shared or not counted(sentence, common):
            continue
        words = [w for w in self_references(sentence.text) if foreign_self_reference(mine, w[0])]
        if not words:
            continue
        source = _source(shared[number], others, words[0][0])
        if source is None:
            continue
        other, theirs = source
        word = sentence.text[words[0][1]:words[0][2]]
        out.append(Cross(
            rule, report,
            f"句中“{word}”不是本机关（{report.agency}）的自称：此句见于{other.identity.written or other.agency}"
            f"{other.year or ''}年报告：“{shorten(sentence.quote)}”", [],
            [cite_sentence(report, sentence)],
            [(cite_sentence(other, theirs), f"{other.agency} {other.year or ''}年报告")],
        ))
    return out


def _source(places: list, others, kind: str):
    """The other report a sentence came from: one whose own region is of the kind the word names."""
    for index, number in places:
        theirs = others.agency_of(index)
        if theirs is not None and theirs.kind and theirs.kind.endswith(kind):
            other = others[index]
            return other, other.sentences[number]
    return None


def reuse_other_agency(rule, report, shared: dict, others, common: set) -> list:
    """The share of a report's prose found in one report of another agency, above the threshold."""
    mine = [n for n, s in enumerate(report.sentences) if counted(s, common)]
    total = sum(len(report.sentences[n].plain) for n in mine)
    if not total:
        return []
    found: dict = {}  # other report → {my sentence: its sentence}
    for number in mine:
        for index, theirs in shared.get(number, ()):
            found.setdefault(index, {}).setdefault(number, theirs)
    best = None
    for index, pairs in sorted(found.items()):
        chars = sum(len(report.sentences[n].plain) for n in pairs)
        if best is None or chars > best[1]:
            best = (index, chars)
    if best is None:
        return []
    share = best[1] * 100 // total
    if share < rule.params["threshold"]:
        return []
    other = others[best[0]]
    first, theirs = min(found[best[0]].items())
    return [Cross(
        rule, report, f"本报告文字的 {share}% 见于{other.identity.written or other.agency}{other.year or ''}年报告",
        [share], [cite_sentence(report, report.sentences[first])],
        [(cite_sentence(other, other.sentences[theirs]), f"{other.agency} {other.year or ''}年报告")],
    )]

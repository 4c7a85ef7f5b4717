"""Findings that point at two reports: this one's figures or sentences, and the other's.

A finding across reports is reported with the report it is about (the later
year, the region): its own side as the finding's facts, the other side as
`related` citations (file, line:column, quote). The reports are no longer in
memory when these findings are made, so each result carries an excerpt: a
small document made of the quotes it cites, each placed where it stands in
the report — every output format then cites them as it cites any figure.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from ..core.model import Citation, Document, Fact, FileResult, Finding
from ..core.numbers import Interval
from .summary import Figure, Place, ReportSummary, Sentence

SHORT_QUOTE = 40  # characters of a sentence shown as a finding's figure


@dataclass(frozen=True)
class Cited:
    """One thing a finding cites in a report."""

    path: str
    place: Place
    quote: str  # the report's own characters
    raw: str  # the figure as written, or the sentence shortened
    key: Optional[str] = None
    source: str = "prose"
    value: Optional[Interval] = None
    unit: Optional[str] = None
    label: Optional[str] = None  # a table cell's row label
    column_label: Optional[str] = None


def cite_figure(summary: ReportSummary, figure: Figure) -> Cited:
    quote = f"{figure.quote}｜{figure.raw}" if figure.source == "table" else figure.quote
    return Cited(summary.path, figure.place, quote or figure.raw, figure.raw, figure.key, figure.source,
                 figure.value, figure.unit, figure.quote if figure.source == "table" else None,
                 figure.column_label)


def cite_sentence(summary: ReportSummary, sentence: Sentence, at: int = 0, part: str = "") -> Cited:
    """A sentence, or the part of it at offset `at` of its text (placed within its line)."""
    if not part:
        return Cited(summary.path, sentence.place, sentence.quote, shorten(sentence.quote))
    place = sentence.place
    if place.page is None and "\n" not in sentence.text[:at]:
        place = Place(None, place.line, place.column + at)
    quote = sentence.quote[at:at + len(part)] if len(sentence.quote) == len(sentence.text) else part
    return Cited(summary.path, place, quote, shorten(quote))


def shorten(text: str, limit: int = SHORT_QUOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RuleRef(NamedTuple):
    """What a finding keeps of its rule."""

    id: str
    kind: str
    severity: str


@dataclass
class Cross:
    """A finding across reports, before it is placed in its report's result.

    It holds what it cites, never a summary: the folder stage keeps only one
    agency's summaries in memory at a time."""

    rule: object  # the rule (id, kind, severity)
    report: object  # the report it is about (a summary, kept as its ReportRef)
    message: str
    values: list
    here: list  # [Cited] in `report`
    there: list  # [(Cited, note)] in other reports
    severity: Optional[str] = None  # the rule's, unless lowered (unassessable: info)
    relation: Optional[str] = None
    left: Optional[str] = None
    right: Optional[str] = None
    difference: Optional[str] = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if isinstance(self.report, ReportSummary):
            self.report = self.report.ref
        self.rule = RuleRef(self.rule.id, self.rule.kind, self.rule.severity)


class ExcerptPlaces:
    """Where each character of an excerpt stands in its report: (page, line, column)."""

    def __init__(self, starts: list, places: list):
        self.starts = starts
        self.places = places

    def __call__(self, offset: int) -> tuple:
        at = max(0, bisect.bisect_right(self.starts, offset) - 1)
        place = self.places[at]
        return place.page, place.line, place.column + (offset - self.starts[at] if place.page is None else 0)


def result(crosses: list) -> FileResult:
    """The FileResult of one report's findings across reports."""
    report = crosses[0].report
    cited = sorted({c for cross in crosses for c in cross.here},
                   key=lambda c: (c.place.page or 0, c.place.line, c.place.column, c.quote))
    text, starts, places, offsets = "", [], [], {}
    for c in cited:
        offsets[c] = len(text)
        starts.append(len(text))
        places.append(c.place)
        text += c.quote + "\n"
    doc = Document(path=report.path, original=text, text=text, encoding="", position_map=ExcerptPlaces(starts, places))
    findings = []
    for cross in crosses:
        facts = [_fact(c, offsets[c]) for c in cross.here]
        findings.append(Finding(
            rule=cross.rule.id, kind=cross.rule.kind, severity=cross.severity or cross.rule.severity,
            message=cross.message, values=cross.values, facts=facts, relation=cross.relation,
            left=cross.left, right=cross.right, difference=cross.difference,
            start=facts[0].start if facts else 0,
            related=[Citation(c.path, c.place.page, c.place.line, c.place.column, c.quote, note)
                     for c, note in cross.there],
        ))
    findings.sort(key=lambda f: (f.sort_key(), f.message))
    result = FileResult(path=report.path, format=report.format, findings=findings, document=doc, across=True)
    result._identity = report.identity
    return result


def _fact(cited: Cited, offset: int) -> Fact:
    """A fact of the excerpt: the quote's span, the figure as written."""
    start = offset
    if cited.raw and cited.source == "prose":
        found = cited.quote.rfind(cited.raw)
        start = offset + found if found >= 0 else offset
    return Fact(key=cited.key, value=cited.value, raw=cited.raw, source=cited.source, start=start,
                end=offset + len(cited.quote), unit=cited.unit, row_label=cited.label,
                column_label=cited.column_label)

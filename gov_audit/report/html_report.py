"""The visual report: one self-contained HTML page (`--format html`).

A reviewer should see the two contradicting figures where they stand. So each
report with findings is shown in full, every cited figure highlighted in the
colour of its finding's severity and linked both ways: from the finding list
to the figure, and from the figure back to its finding.

Self-contained and safe: inline CSS, no script, no font or image from
anywhere, and a Content-Security-Policy that forbids any fetch; jinja2
autoescapes everything, so a report that contains `<script>` shows it as text.
Highlights are computed on the original text: spans cited by several
findings, or overlapping, become one highlight in the worst severity.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from .. import __version__
from ..core import display
from ..core.model import FileResult, severity_rank
from ..knowledge.templates import format_label
from .chart import chart
from .lines import BLANK_QUOTE, UNREADABLE_INPUT, citation_where, coverage_line, formula, source_word, where
from .renderer import Renderer
from .coverage import STATE_NAMES, TABLE_STATES, table_state
from .tally import Tally


@dataclass
class Mark:
    start: int
    end: int
    severity: str
    findings: list = field(default_factory=list)  # finding ids
    titles: list = field(default_factory=list)
    id: str = ""

    @property
    def finding(self) -> str:
        return self.findings[0]

    @property
    def title(self) -> str:
        return " · ".join(dict.fromkeys(self.titles))


def _span(doc, fact) -> tuple[int, int]:
    start = doc.source_offset(fact.start)
    end = doc.source_offset(fact.end - 1) + 1 if fact.end > fact.start else start
    return start, max(start, end)


def _marks(result: FileResult, prefix: str) -> tuple[list[Mark], dict]:
    """Merged highlight spans, and (finding index, fact index) → mark id."""
    doc = result.document
    raw = []
    for i, finding in enumerate(result.findings):
        for j, fact in enumerate(finding.facts):
            start, end = _span(doc, fact)
            raw.append((start, end, i, j, finding))
    raw.sort(key=lambda r: (r[0], -r[1]))
    marks: list[Mark] = []
    where: dict = {}
    for start, end, i, j, finding in raw:
        current = marks[-1] if marks else None
        if current is not None and (start < current.end or (start, end) == (current.start, current.end)):
            current.end = max(current.end, end)
            if severity_rank(finding.severity) > severity_rank(current.severity):
                current.severity = finding.severity
        else:
            current = Mark(start, end, finding.severity, id=f"{prefix}-m{len(marks) + 1}")
            marks.append(current)
        finding_id = f"{prefix}-f{i + 1}"
        if finding_id not in current.findings:
            current.findings.append(finding_id)
        current.titles.append(f"{finding.severity} {finding.rule}")
        where[(i, j)] = current.id
    return marks, where


def _segments(text: str, marks: list[Mark]) -> list[dict]:
    segments, cursor = [], 0
    for mark in marks:
        if mark.start > cursor:
            segments.append({"text": text[cursor:mark.start], "mark": None})
        segments.append({"text": text[mark.start:mark.end], "mark": mark})
        cursor = max(cursor, mark.end)
    if cursor < len(text):
        segments.append({"text": text[cursor:], "mark": None})
    return segments


def html_file(result: FileResult, index: int) -> dict:
    """One report's part of the page (plain data: it may come from a worker process)."""
    prefix = f"file{index + 1}"
    data = {"id": prefix, "path": display.shown(result.path), "format": format_label(result.format),
            "error": display.shown(result.error) if result.error else None, "agency": None, "year": None, "findings": [], "segments": [],
            "counts": Counter(f.severity for f in result.findings)}
    if result.error or result.document is None:
        return data
    identity = result.identity
    data.update(agency=identity.agency, year=identity.year, coverage=coverage_line(result),
                table_status=STATE_NAMES[table_state(result.coverage)] if result.coverage is not None else "")
    marks, mark_of = _marks(result, prefix)
    for i, finding in enumerate(result.findings):
        figures = []
        for j, fact in enumerate(finding.facts):
            quote = result.document.quote(fact.start, fact.end) or BLANK_QUOTE
            figures.append({"mark": mark_of[(i, j)], "where": where(result, fact.start),
                            "source": source_word(fact), "quote": " ".join(quote.split())})
        data["findings"].append({
            "id": f"{prefix}-f{i + 1}", "severity": finding.severity, "rule": finding.rule, "kind": finding.kind,
            "where": where(result, finding.start), "message": finding.message,
            "formula": formula(finding), "figures": figures,
        })
    if result.findings:
        data["segments"] = _segments(result.document.original, marks)
    return data


def html_across(result: FileResult, index: int) -> dict:
    """A report's findings across reports: each with its figures here and its places in the others."""
    identity = result.identity
    data = {"id": f"across{index + 1}", "path": result.path, "agency": identity.agency if identity else None,
            "year": identity.year if identity else None, "findings": []}
    for i, finding in enumerate(result.findings):
        data["findings"].append({
            "id": f"across{index + 1}-f{i + 1}", "severity": finding.severity, "rule": finding.rule,
            "kind": finding.kind, "where": where(result, finding.start), "message": finding.message,
            "formula": formula(finding),
            "figures": [{"where": where(result, f.start), "source": source_word(f),
                         "quote": " ".join((result.document.quote(f.start, f.end) or BLANK_QUOTE).split())}
                        for f in finding.facts],
            "related": [{"note": c.note, "where": citation_where(c), "quote": " ".join(c.quote.split())}
                        for c in finding.related],
        })
    return data


def _kinds(tally: Tally) -> list[dict]:
    return [{"kind": kind, "total": sum(c.values()), "error": c["error"], "warning": c["warning"], "info": c["info"]}
            for kind, c in tally.kinds()]


def to_html(results: list[FileResult], baselined: Optional[int] = None) -> str:
    return html_document([html_file(r, i) for i, r in enumerate(results)], Tally.of(results), baselined)


def html_document(files: list[dict], tally: Tally, baselined: Optional[int] = None, across: list = (),
                  series: list = ()) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False,
        finalize=_harmless,
    )
    template = env.get_template("report.html.j2")
    tables = [(STATE_NAMES[state], tally.tables[state]) for state in TABLE_STATES]
    return template.render(version=__version__, summary=tally.summary(), baselined=baselined, files=files,
                           kinds=_kinds(tally), tables=tables, unreadable_rule=UNREADABLE_INPUT,
                           across=list(across), charts=[chart(s) for s in series])


def _harmless(value):
    """Every value the page shows (names, messages, the report's text) without control
    characters: the page may be written to a terminal, and they are no HTML."""
    return display.shown_text(value) if isinstance(value, str) else value


RENDERER = Renderer(
    piece=lambda result, index, options: html_file(result, index),
    end=lambda ending: html_document(ending.held, ending.tally, ending.baselined, ending.across, ending.series),
    holds=True,
    across=lambda result, index, options: html_across(result, index),
)

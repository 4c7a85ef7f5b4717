"""The JSON format: a stable contract (fields may be added, none removed or renamed).

Each file's entry stands on one line of the `files` list, written as soon as
the file is checked; the summary closes the document.
"""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Optional

from ..core import display
from ..core.model import FileResult, Finding
from ..core.numbers import json_number
from . import coverage
from .relation import relation_json
from .renderer import Renderer
from .tally import Tally


def _number(value) -> Optional[object]:
    if value is None:
        return None
    return json_number(value) if isinstance(value, Decimal) else value


def fact_json(result: FileResult, fact) -> dict:
    page, line, column = result.document.position(fact.start) if result.document else (None, 0, 0)
    data = {
        "key": fact.key, "value": _number(fact.value.point) if fact.value is not None else None,
        "source": fact.source, "line": line, "column": column, "quote": fact.raw,
        "unit": fact.unit, "inferred": fact.inferred,
    }
    if fact.value is not None and not fact.value.is_exact:
        data["low"] = _number(fact.value.low)
        data["high"] = _number(fact.value.high)
    if fact.row_label:
        data["row"] = fact.row_label
    if fact.blank:
        data["blank"] = fact.blank
    if page is not None:
        data["page"] = page
    return data


def finding_json(result: FileResult, finding: Finding) -> dict:
    data = {
        "rule": finding.rule, "kind": finding.kind, "severity": finding.severity,
        "message": finding.message, "values": [_number(v) for v in finding.values],
        "facts": [fact_json(result, f) for f in finding.facts],
    }
    data.update(relation_json(finding))
    if finding.related:
        data["related"] = [citation_json(c) for c in finding.related]
    return data


def citation_json(citation) -> dict:
    """A place in another report that a finding across reports cites."""
    data = {"path": citation.path, "line": citation.line, "column": citation.column, "quote": citation.quote,
            "note": citation.note}
    if citation.page is not None:
        data["page"] = citation.page
    return data


def coverage_json(result: FileResult) -> Optional[dict]:
    return coverage.coverage_json(result.coverage) if result.coverage is not None else None


def file_json(result: FileResult) -> dict:
    """One file's entry in the JSON output."""
    identity = result.identity if result.document is not None and not result.error else None
    name_bytes = display.raw_name(result.path)  # the exact name, when it is not UTF-8
    return {
        "path": display.valid(result.path), **({"path_bytes": name_bytes} if name_bytes else {}),
        "format": result.format,
        "agency": identity.agency if identity else None, "year": identity.year if identity else None,
        "encoding": result.document.encoding if result.document else None,
        "findings": [finding_json(result, f) for f in result.findings],
        "error": display.valid(result.error) if result.error else None,
        "coverage": coverage_json(result), "notes": [display.valid(note) for note in result.notes],
    }


def across_json(result: FileResult) -> str:
    """A report's findings across reports: one line of the `across` list."""
    identity = result.identity
    entry = {"path": result.path, "agency": identity.agency if identity else None,
             "year": identity.year if identity else None,
             "findings": [finding_json(result, f) for f in result.findings]}
    return "    " + json.dumps(entry, ensure_ascii=False)


def json_piece(result: FileResult) -> str:
    """One file's entry, on one line, in the `files` list of the JSON output.

    One line a file: json's C encoder only serves unindented output, and
    indenting every fact made rendering a fifth of a run's time.
    """
    return "    " + json.dumps(file_json(result), ensure_ascii=False)


def json_head() -> str:
    return '{\n  "version": 1,\n  "files": ['


def json_tail(tally: Tally, files: int, baselined: Optional[int] = None, across: int = 0) -> str:
    """Closes the JSON document opened by json_head after `files` pieces (joined by ",\n"),
    and `across` lines of findings across reports after them (across_between)."""
    summary_text = json.dumps(tally.summary(), indent=2).replace("\n", "\n  ")
    tail = "\n  ]" if files or across else "]"
    tail += f',\n  "summary": {summary_text}'
    if baselined is not None:
        tail += f',\n  "baselined": {baselined}'
    return tail + "\n}"


def to_json(results: list[FileResult], baselined: Optional[int] = None) -> str:
    pieces = [json_piece(r) for r in results]
    body = ("\n" + ",\n".join(pieces)) if pieces else ""
    return json_head() + body + json_tail(Tally.of(results), len(pieces), baselined)


def _piece(result: FileResult, index: int, options) -> str:
    """A file's entry, after the separator from the entry before it."""
    return ("\n" if index == 0 else ",\n") + json_piece(result)


def across_between(written: int, files: int) -> str:
    """Before a report's findings across reports: the `files` list closed and `across`
    opened before the first, a comma before the others."""
    if written:
        return ",\n"
    return ("\n  ]" if files else "]") + ',\n  "across": [\n'


RENDERER = Renderer(
    piece=_piece,
    begin=json_head(),
    end=lambda ending: json_tail(ending.tally, ending.count, ending.baselined, ending.across_count) + "\n",
    across=lambda result, index, options: across_json(result),
    across_between=across_between,
)

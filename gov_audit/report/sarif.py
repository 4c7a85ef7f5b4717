"""SARIF 2.1.0 output, for GitHub code scanning and other CI dashboards.

One run; `tool.driver.rules` describes every rule that ran (id, title,
description, default level, kind and pack as properties). Each finding is a
result with its rule, level, message and one location per cited figure, so a
dashboard points at both sides of a contradiction; the result's
`partialFingerprints` hold the baseline fingerprint (stable across unrelated
edits). Columns are counted in Unicode code points (`columnKind`). A file that
could not be read is a tool execution notification, not a result. Each
artifact's `properties.coverage` says what was read of it (as the JSON does).

Built as plain dicts: the object model packages for SARIF add dependencies
and have not been maintained for years; the output is checked against the
official 2.1.0 JSON schema in the tests instead.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..core import display
from ..core.model import FileResult
from ..core.numbers import json_number
from .baseline import fingerprint
from .coverage import coverage_json
from .lines import UNREADABLE_INPUT, source_word
from .relation import relation_json
from .renderer import Renderer, rule_indices

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference, an absolute one as file://; both
    percent-encode the name's bytes, so a name that is not UTF-8 is kept exactly."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(os.fsencode(p.as_posix()), safe="/")


def _rule(rule) -> dict:
    data = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"kind": rule.kind, "pack": rule.pack, "formats": list(rule.applies_to)},
    }
    if rule.description:
        data["fullDescription"] = {"text": " ".join(rule.description.split())}
    relation = rule.relation_text or (f"check: {rule.check}" if rule.check else "")
    if relation:
        data["help"] = {"text": f"{rule.title}\n{relation}"}
        data["properties"]["relation"] = relation
    return data


def _location(result: FileResult, fact, uri: str) -> dict:
    doc = result.document
    page, line, column = doc.position(fact.start)
    region = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    if fact.end > fact.start:
        end_page, end_line, end_column = doc.position(fact.end - 1)
        if end_page == page and end_line >= line:
            region["endLine"] = end_line
            region["endColumn"] = end_column + 1
    snippet = doc.quote(fact.start, fact.end)
    if snippet:
        region["snippet"] = {"text": snippet}
    location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}
    label = fact.row_label or fact.key
    if label or page is not None:
        location["message"] = {"text": (f"p.{page} " if page is not None else "") + source_word(fact)
                               + (f" {' '.join(label.split())}" if label else "")}
    return location


def _file_location(result: FileResult, uri: str, offset: int) -> dict:
    _, line, column = result.document.position(offset)
    return {"physicalLocation": {"artifactLocation": {"uri": uri},
                                 "region": {"startLine": max(line, 1), "startColumn": max(column, 1)}}}


def _related(citation, number: int) -> dict:
    region = {"startLine": max(citation.line, 1), "startColumn": max(citation.column, 1)}
    if citation.quote:
        region["snippet"] = {"text": citation.quote}
    page = f"p.{citation.page} " if citation.page is not None else ""
    return {"id": number, "message": {"text": f"{page}{citation.note}".strip()},
            "physicalLocation": {"artifactLocation": {"uri": artifact_uri(citation.path)}, "region": region}}


def _number(value):
    try:
        return json_number(value)
    except (AttributeError, TypeError, ArithmeticError):
        return value


def sarif_piece(result: FileResult, rule_index: dict) -> dict:
    """One file's part of the run: its artifact, its results, a notification when unreadable."""
    uri = artifact_uri(result.path)
    piece = {"artifact": {"location": {"uri": uri}}, "results": [], "notification": None}
    if result.error:
        piece["notification"] = {
            "level": "error", "message": {"text": display.valid(f"{result.path}: {result.error}")},
            "descriptor": {"id": UNREADABLE_INPUT},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
        }
        return piece
    if result.coverage is not None:  # what was read of the report, as in the JSON
        piece["artifact"]["properties"] = {"coverage": coverage_json(result.coverage)}
    for finding in result.findings:
        entry = {
            "ruleId": finding.rule,
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [_location(result, fact, uri) for fact in finding.facts]
            or [_file_location(result, uri, finding.start)],
            "partialFingerprints": {"govaudit/v1": fingerprint(finding)},
            "properties": {"kind": finding.kind, "values": [_number(v) for v in finding.values]},
        }
        if finding.related:  # the other report's side of a finding across reports
            entry["relatedLocations"] = [_related(c, n) for n, c in enumerate(finding.related, 1)]
        if finding.rule in rule_index:
            entry["ruleIndex"] = rule_index[finding.rule]
        entry["properties"].update(relation_json(finding))
        piece["results"].append(entry)
    return piece


def to_sarif(results: list[FileResult], rules: list) -> str:
    index = rule_indices(rules)
    return sarif_document([sarif_piece(r, index) for r in results], rules)


def sarif_document(pieces: list[dict], rules: list) -> str:
    notifications = [p["notification"] for p in pieces if p["notification"]]
    run = {
        "tool": {"driver": {
            "name": "govaudit", "version": __version__, "semanticVersion": __version__,
            "rules": [_rule(rule) for rule in rules],
        }},
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        # a report with findings across reports has a second piece: one artifact each
        "artifacts": list({p["artifact"]["location"]["uri"]: p["artifact"] for p in pieces}.values()),
        "columnKind": "unicodeCodePoints",
        "results": [entry for p in pieces for entry in p["results"]],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)


RENDERER = Renderer(
    piece=lambda result, index, options: sarif_piece(result, options.rule_index),
    end=lambda ending: sarif_document(ending.held + ending.across, list(ending.rules)) + "\n",
    holds=True,
)

"""`govaudit extract`: every figure read, as a dataset (csv, jsonl or sqlite).

Researchers want the figures, not only the contradictions. One row per fact —
table cell or prose figure — with the report's agency and year (read/identity.py),
the indicator key, the value as written and its interval, and where it
stands. Bounds are numbers (an unbounded end is empty / null); `value` keeps
the characters as written (`3万余`, `83.9%`, `18654條`), so no precision is lost.

The sqlite database also has the findings and the files, and a link table
from findings to the facts they cite; the schema is in FACT_COLUMNS and
SQLITE_SCHEMA below and in the README.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from typing import Callable, Iterable, Iterator

from ..core import display
from ..core.model import FileResult
from ..core.numbers import json_number

FACT_COLUMNS = (
    "file", "agency", "year", "format", "key", "value", "low", "high", "low_open", "high_open", "unit",
    "source", "row", "column_label", "blank", "page", "line", "column", "quote", "inferred", "file_bytes",
)

SQLITE_SCHEMA = """
CREATE TABLE files (
    file TEXT PRIMARY KEY, agency TEXT, year INTEGER, format TEXT, encoding TEXT, error TEXT,
    tables_found TEXT, table_cells INTEGER, table_cells_read INTEGER, prose_figures INTEGER, file_bytes TEXT
);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY, file TEXT NOT NULL, agency TEXT, year INTEGER, format TEXT,
    key TEXT, value TEXT, low NUMERIC, high NUMERIC, low_open INTEGER, high_open INTEGER, unit TEXT,
    source TEXT, "row" TEXT, column_label TEXT, blank TEXT, page INTEGER, line INTEGER, "column" INTEGER,
    quote TEXT, inferred INTEGER, file_bytes TEXT
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY, file TEXT NOT NULL, agency TEXT, year INTEGER, format TEXT,
    rule TEXT, kind TEXT, severity TEXT, message TEXT, "values" TEXT,
    relation TEXT, "left" TEXT, "right" TEXT, difference TEXT, line INTEGER, "column" INTEGER
);
CREATE TABLE finding_facts (finding_id INTEGER NOT NULL, fact_id INTEGER NOT NULL);
CREATE INDEX facts_key ON facts(key);
CREATE INDEX facts_file ON facts(file);
CREATE INDEX findings_file ON findings(file);
"""


def _bound(value):
    if value is None:
        return None
    try:
        return json_number(value)
    except (AttributeError, TypeError, ArithmeticError):
        return value


def _quote(result: FileResult, fact, width: int = 20) -> str:
    """The figure in its context, in the report's own characters."""
    doc = result.document
    if fact.source == "table":
        return " ".join((fact.row_label or "").split())
    text = doc.text
    begin = max(0, fact.start - width)
    cut = max(text.rfind(c, begin, fact.start) for c in "。\n；;")
    begin = cut + 1 if cut >= begin else begin
    end = min(len(text), fact.end + 6)
    stop = min((i for i in (text.find(c, fact.end, end) for c in "。\n；;，,") if i != -1), default=end)
    return " ".join(doc.quote(begin, stop).split())


def fact_rows(result: FileResult) -> Iterator[dict]:
    """One dict per fact of a checked report, in FACT_COLUMNS order."""
    if result.error or result.document is None:
        return
    identity = result.identity
    name, name_bytes = display.valid(result.path), display.raw_name(result.path)
    for fact in sorted(result.facts, key=lambda f: (f.start, f.key or "")):
        page, line, column = result.document.position(fact.start)
        value = fact.value
        yield {
            "file": name, "agency": identity.agency, "year": identity.year, "format": result.format,
            "key": fact.key, "value": fact.raw,
            "low": _bound(value.low) if value is not None else None,
            "high": _bound(value.high) if value is not None else None,
            "low_open": bool(value.low_open) if value is not None else None,
            "high_open": bool(value.high_open) if value is not None else None,
            "unit": fact.unit, "source": fact.source, "row": fact.row_label, "column_label": fact.column_label,
            "blank": fact.blank, "page": page, "line": line, "column": column,
            "quote": _quote(result, fact), "inferred": bool(fact.inferred), "file_bytes": name_bytes,
        }


def write_csv(results: Iterable[FileResult], write: Callable[[str], object]) -> None:
    """The header, then each report's rows as it comes (a collection is never held whole)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FACT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in results:
        for row in fact_rows(result):
            writer.writerow({k: ("" if v is None else int(v) if isinstance(v, bool) else v) for k, v in row.items()})
        write(out.getvalue())
        out.seek(0)
        out.truncate()
    write(out.getvalue())


def write_jsonl(results: Iterable[FileResult], write: Callable[[str], object]) -> None:
    for result in results:
        write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in fact_rows(result)))


def to_csv(results: Iterable[FileResult]) -> str:
    chunks: list = []
    write_csv(results, chunks.append)
    return "".join(chunks)


def to_jsonl(results: Iterable[FileResult]) -> str:
    chunks: list = []
    write_jsonl(results, chunks.append)
    return "".join(chunks)


def write_sqlite(results: Iterable[FileResult], path: str) -> None:
    """A fresh database at `path` (the caller's temp file) with files, facts, findings."""
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF;" + "".join(
            f"DROP TABLE IF EXISTS {t};" for t in ("files", "facts", "findings", "finding_facts")) + SQLITE_SCHEMA)
        fact_id = finding_id = 0
        for result in results:
            cov = result.coverage
            identity = result.identity if result.document is not None and not result.error else None
            con.execute(
                "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (display.valid(result.path), identity.agency if identity else None, identity.year if identity else None,
                 result.format, result.document.encoding if result.document else None,
                 display.valid(result.error) if result.error else None,
                 json.dumps(cov.tables_found) if cov else None, cov.table_cells if cov else None,
                 cov.table_cells_read if cov else None, cov.prose_facts if cov else None,
                 display.raw_name(result.path)),
            )
            if result.error:
                continue
            ids = {}
            for fact, row in zip(sorted(result.facts, key=lambda f: (f.start, f.key or "")), fact_rows(result)):
                fact_id += 1
                ids[id(fact)] = fact_id
                con.execute(f"INSERT INTO facts VALUES ({','.join('?' * (len(FACT_COLUMNS) + 1))})",
                            (fact_id, *[int(v) if isinstance(v, bool) else v for v in row.values()]))
            for finding in result.findings:
                finding_id += 1
                _, line, column = result.document.position(finding.start)
                con.execute(
                    "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (finding_id, display.valid(result.path), identity.agency, identity.year, result.format, finding.rule,
                     finding.kind, finding.severity, finding.message,
                     json.dumps([_bound(v) for v in finding.values]), finding.relation, finding.left,
                     finding.right, finding.difference, line, column),
                )
                for fact in finding.facts:
                    if id(fact) in ids:
                        con.execute("INSERT INTO finding_facts VALUES (?,?)", (finding_id, ids[id(fact)]))
        con.commit()
    finally:
        con.close()

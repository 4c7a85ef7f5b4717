"""The pipeline for one report: load → tables → prose → rules → FileResult."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from .audit import certainty, engine
from .load.text import InputError, load_document
from .core.model import Document, FileResult
from .read.prose import USER_REGEX_TIMEOUT, LexiconTimeout, read_prose
from .read.tables import read_tables, table_line_ranges

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".doc", ".wps", ".text"}


def check_document(doc: Document, rules: engine.RuleSet) -> FileResult:
    tables = read_tables(doc)
    table_lines = table_line_ranges(doc.text)
    notes = []
    try:
        prose = read_prose(doc, tables.format, skip=table_lines, lex=rules.lexicon)
    except LexiconTimeout:
        notes.append(f"a user lexicon pattern took longer than {USER_REGEX_TIMEOUT}s on this report: "
                     "user lexicon entries were skipped for it")
        prose = read_prose(doc, tables.format, skip=table_lines)
    coverage = tables.coverage
    coverage.prose_facts = len(prose)
    coverage.prose_mapped = sum(1 for f in prose if f.key)
    ctx = engine.Context(
        format=tables.format, text=doc.text,
        table={f.key: f for f in tables.facts if f.value is not None},
        table_facts=tables.facts, prose=prose, document=doc, extra={"table_line_ranges": table_lines},
    )
    # An error needs figures read with certainty (certainty.py): doubtful readings warn.
    findings = certainty.settle(engine.run(rules, ctx), doc, prose, ctx.table)
    findings = sorted(findings, key=lambda f: f.sort_key())
    return FileResult(
        path=doc.path, format=tables.format, findings=findings, facts=tables.facts + prose,
        coverage=coverage, document=doc, notes=notes,
    )


def check_path(path: str, rules: engine.RuleSet) -> FileResult:
    """Check one file; a file that cannot be read gives a result with `error`."""
    try:
        doc = load_document(path)
    except InputError as exc:
        return FileResult(path=str(path), error=exc.message)
    return check_document(doc, rules)


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files named, and supported files under folders named (recursively, sorted)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED):
                yield str(found)
        else:
            yield str(given)

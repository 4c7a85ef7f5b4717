"""The pipeline for one report: load → read (tables, prose, identity) → audit → FileResult."""
from __future__ import annotations

import functools

from . import audit
from .core.model import Document, FileResult
from .knowledge.layout import table_line_ranges
from .knowledge.lexicon import USER_REGEX_TIMEOUT, LexiconTimeout
from .load import InputError, load_document
from .knowledge.templates import detect_format
from .read import choose_keys, identify, read_prose, read_tables, stated_cells


def check_document(doc: Document, rules: audit.RuleSet) -> FileResult:
    table_lines = table_line_ranges(doc.text)
    # Prose first: the figures it keys are the evidence that may choose how a row of
    # run-together digits splits into the table's cells.
    prose, notes = _prose(doc, detect_format(doc.text, table_lines)[0], table_lines, rules)
    tables = read_tables(doc, evidence=stated_cells(prose))
    choose_keys(prose, {f.key for f in tables.facts if f.key})  # the 统计表s name some indicators differently
    coverage = tables.coverage
    coverage.prose_facts = len(prose)
    coverage.prose_mapped = sum(1 for f in prose if f.key)
    ctx = audit.Context(
        format=tables.format, text=doc.text,
        table={f.key: f for f in tables.facts if f.value is not None},
        table_facts=tables.facts, prose=prose, document=doc, expected_keys=tables.expected_keys,
        coverage=coverage, extra={"table_line_ranges": table_lines},
    )
    # An error needs figures read with certainty (audit/certainty.py): doubtful readings warn.
    findings = audit.settle(audit.run(rules, ctx), doc, prose, ctx.table, audit.share_of_part(ctx))
    findings = sorted(findings, key=lambda f: f.sort_key())
    return FileResult(
        path=doc.path, format=tables.format, findings=findings, facts=tables.facts + prose,
        coverage=coverage, document=doc, notes=notes,
        find_identity=functools.partial(identify, doc),
    )


def _prose(doc: Document, fmt: str, table_lines, rules: audit.RuleSet) -> tuple[list, list]:
    """The prose figures, keyed; a user lexicon pattern that runs too long is left out, and said."""
    try:
        return read_prose(doc, fmt, skip=table_lines, lex=rules.lexicon), []
    except LexiconTimeout:
        note = (f"a user lexicon pattern took longer than {USER_REGEX_TIMEOUT}s on this report: "
                "user lexicon entries were skipped for it")
        return read_prose(doc, fmt, skip=table_lines), [note]


def check_path(path: str, rules: audit.RuleSet) -> FileResult:
    """Check one file; a file that cannot be read gives a result with `error`."""
    try:
        doc = load_document(path)
    except InputError as exc:
        return FileResult(path=str(path), error=exc.message)
    return check_document(doc, rules)

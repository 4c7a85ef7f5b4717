"""The pipeline for one report: load → read (tables, prose, identity) → audit → FileResult.

When a rule compares the reports of a folder, the result also carries the
report's summary for that comparison (gov_audit/compare), made here, where
the document still is.
"""
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
    notes = list(doc.notes) + notes  # what the loader could not read comes first
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
    result = FileResult(
        path=doc.path, format=tables.format, findings=findings, facts=tables.facts + prose,
        coverage=coverage, document=doc, notes=notes,
        find_identity=functools.partial(identify, doc),
    )
    if audit.folder_rules(rules):
        from .compare import pack, summarize  # only runs that compare reports pay for the import

        result.summary = pack(summarize(doc.path, tables.format, result.identity, result.facts, doc.text,
                                        doc.position, doc.quote, table_lines))
    return result


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


def folder_check(rules: audit.RuleSet, declared=None):
    """The comparison of a run's reports with each other (compare.Folder), None when no rule
    compares reports. `declared`: the user's agency file (compare.AgencyFile).

    Give it each checked file's summary (`add(index, result.summary)`), then
    ask for its `results()`; `close()` it after."""
    found = audit.folder_rules(rules)
    if not found:
        return None
    from .compare import AgencyFile, Folder
    from .knowledge.compare import compare_words

    return Folder(found, declared or AgencyFile(), compare_words().template_agencies)


def alone(rules: audit.RuleSet) -> audit.RuleSet:
    """The rules without those that compare reports: for a run of one file."""
    folder = audit.folder_rules(rules)
    return audit.RuleSet([r for r in rules.rules if r not in folder], rules.lexicon_entries)


def compare_results(results: list, rules: audit.RuleSet, declared=None) -> list:
    """The findings across already checked reports (in memory: for tests and small runs)."""
    folder = folder_check(rules, declared)
    if folder is None:
        return []
    try:
        for index, result in enumerate(results):
            folder.add(index, result.summary)
        return list(folder.results())
    finally:
        folder.close()

"""The pass/fail example texts carried by every rule and every lexicon entry, run by one test.

Each rule in rules/packs/*.yaml and each entry of rules/knowledge/lexicon.yaml has
`examples: {pass: [text, ...], fail: [text, ...]}`: small report texts written for
the purpose. A `fail` text must give at least one finding of that rule (for a
lexicon entry: a prose_vs_table finding whose prose figure that entry keyed); a
`pass` text none. A pass text must also exercise what it claims to pass: the
rule applies to the format the text is detected as (and, for a relation, its
figures were all read), or the lexicon entry read a figure of the text. An entry
that claims phrasings for no indicator (`key: ~`) has pass texts only.

Packs are found through gov_audit.audit.load_rules(), so a pack added under
rules/packs/ brings its examples here without a change to this file.

A rule that compares the reports of a folder (gov_audit/compare) has
examples of several reports, each after a line `=== name`; a part named
`agencies.yaml` is the agency file the comparison is given.
"""
from __future__ import annotations

import functools
import re

import yaml
from pathlib import Path

import pytest

from gov_audit import audit
from gov_audit.audit import packs as audit_packs
from gov_audit.core import expr
from gov_audit.core.resources import builtin_yaml
from gov_audit.load.text import document_from_text, is_traditional
from gov_audit.compare import parse_agency_file
from gov_audit.pipeline import check_document, compare_results

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OUTCOMES = ("pass", "fail")


@functools.lru_cache(maxsize=None)
def rules() -> audit.RuleSet:
    return audit.load_rules()


def lexicon_entries() -> list[dict]:
    return builtin_yaml("knowledge/lexicon.yaml")["entries"]


# Entries that claim a phrasing for no indicator (key: ~): a pass text shows the claim; nothing can fail.
STOP_ENTRIES = {entry["id"] for entry in lexicon_entries() if entry.get("key") is None}


def _cases():
    cases = []
    for rule in rules().rules:
        for outcome in OUTCOMES:
            for n, text in enumerate((rule.examples or {}).get(outcome) or []):
                cases.append(pytest.param("rule", rule.id, outcome, text, id=f"{rule.id}-{outcome}-{n}"))
    for entry in lexicon_entries():
        for outcome in OUTCOMES:
            for n, text in enumerate((entry.get("examples") or {}).get(outcome) or []):
                cases.append(pytest.param("lexicon", entry["id"], outcome, text,
                                          id=f"lexicon:{entry['id']}-{outcome}-{n}"))
    return cases


def check_text(text: str, name: str = "<example>"):
    return check_document(document_from_text(text, path=name), rules())


def folder_parts(text: str) -> dict:
    """name → text of each part of a folder example (`=== name` lines)."""
    parts, name = {}, None
    for line in text.splitlines(keepends=True):
        if line.startswith("=== "):
            name = line[4:].strip()
            parts[name] = ""
        elif name is not None:
            parts[name] += line
    return parts


def check_folder_text(text: str):
    """The findings across the reports of a folder example, and whether two of them could be paired."""
    parts = folder_parts(text)
    declared = parse_agency_file(yaml.safe_load(parts.pop("agencies.yaml", "")) or {}, "<example>")
    results = [check_document(document_from_text(body, path=name), rules()) for name, body in parts.items()]
    dated = [r.identity for r in results if r.identity.agency and r.identity.year]
    across = compare_results(results, rules(), declared)
    return [f for r in across for f in r.findings], len(dated) >= 2


def _context(result) -> audit.Context:
    """The rule context of a checked text, built as gov_audit.check builds it."""
    table_facts = [f for f in result.facts if f.source == "table"]
    return audit.Context(
        format=result.format, text=result.document.text,
        table={f.key: f for f in table_facts if f.value is not None},
        table_facts=table_facts, prose=[f for f in result.facts if f.source == "prose"],
        document=result.document,
    )


def _exercised(rule: audit.Rule, result) -> bool:
    """Whether the rule ran on the text and, for a relation, could evaluate it at least once."""
    if not rule.applies(result.format):
        return False
    if rule.check:
        return True
    ctx = _context(result)
    for _variables, relation, _when, missing in rule.bindings:
        if missing and all(k in ctx.table for k in missing):
            continue
        try:
            expr.evaluate(relation.left, ctx.lookup, [])
            expr.evaluate(relation.right, ctx.lookup, [])
        except expr.Missing:
            continue
        return True
    return False


def _explain(result) -> str:
    lines = [f"format {result.format}"]
    for fact in result.facts:
        if fact.source == "table" or fact.key:
            lines.append(f"  fact {fact.source} {fact.key} = {fact.value} {fact.raw!r} {fact.lexeme or ''}")
    for finding in result.findings:
        lines.append(f"  finding {finding.rule} {finding.kind} {finding.severity} {finding.values}")
    return "\n".join(lines)


@pytest.mark.parametrize("what, ident, outcome, text", _cases())
def test_example(what, ident, outcome, text):
    rule = rules().by_id().get(ident) if what == "rule" else None
    if rule is not None and rule in audit.folder_rules(rules()):
        found, paired = check_folder_text(text)
        hits = [f for f in found if f.rule == ident and f.severity == rule.severity]
        assert paired, f"the {outcome} example of {ident} has no two reports with an agency and a year"
        assert bool(hits) == (outcome == "fail"), f"{ident} {outcome}: {[(f.rule, f.message) for f in found]}"
        return
    result = check_text(text, f"<{ident} {outcome}>")
    assert result.error is None
    if what == "rule":
        rule = rules().by_id()[ident]
        hits = [f for f in result.findings if f.rule == ident]
        if outcome == "pass":
            assert _exercised(rule, result), f"the pass text does not exercise {ident}\n{_explain(result)}"
    else:
        hits = [f for f in result.findings
                if f.kind == "prose_vs_table" and any(x.source == "prose" and x.lexeme == ident for x in f.facts)]
        if outcome == "pass":
            read = [f for f in result.facts if f.source == "prose" and f.lexeme == ident]
            assert read, f"no figure of the pass text was read by {ident}\n{_explain(result)}"
            if ident in STOP_ENTRIES:
                assert not any(f.key for f in read), f"{ident} claims its phrasings for no indicator"
    if outcome == "fail":
        assert hits, f"{ident}: no finding on its fail example\n{_explain(result)}"
    else:
        assert not hits, f"{ident}: finding on its pass example\n{_explain(result)}"


# ---------------------------------------------------------------- meta


def _all_examples():
    for rule in rules().rules:
        yield f"rule {rule.id}", rule.examples
    for entry in lexicon_entries():
        yield f"lexicon entry {entry['id']}", entry.get("examples")


def test_every_rule_and_entry_has_pass_and_fail_examples():
    lacking = []
    for name, examples in _all_examples():
        if not isinstance(examples, dict) or set(examples) - set(OUTCOMES):
            lacking.append(f"{name}: examples must be a mapping with only `pass` and `fail`")
            continue
        for outcome in OUTCOMES:
            texts = examples.get(outcome)
            if outcome == "fail" and name.removeprefix("lexicon entry ") in STOP_ENTRIES:
                if texts:
                    lacking.append(f"{name}: claims its phrasings for no indicator, so nothing can fail")
                continue
            if not isinstance(texts, list) or not texts:
                lacking.append(f"{name}: no `{outcome}` example")
            elif not all(isinstance(t, str) and t.strip() for t in texts):
                lacking.append(f"{name}: every `{outcome}` example is a non-empty text")
    assert not lacking, "\n".join(lacking)


def test_every_builtin_pack_is_covered():
    """The runner sees every pack file under rules/packs/, not a fixed list."""
    packs = {p.stem for p in audit_packs.builtin_packs()}
    assert {r.pack for r in rules().rules} == packs
    assert {"tables", "prose_table"} <= packs


def test_examples_cover_traditional_text_and_full_width_digits():
    texts = [t for _, ex in _all_examples() for o in OUTCOMES for t in (ex or {}).get(o) or []]
    assert sum(is_traditional(t) for t in texts) >= 5
    assert sum(bool(re.search("[０-９]", t)) for t in texts) >= 5


def test_examples_are_not_copied_from_the_seeds():
    """Examples are written for the purpose: no sentence with figures of a seed reappears in one.

    (Section headings and table labels are the official wording every report shares.)"""
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")))
    copied = []
    for name, examples in _all_examples():
        for outcome in OUTCOMES:
            for text in (examples or {}).get(outcome) or []:
                for line in text.splitlines():
                    line = line.strip()
                    if "|" not in line and len(line) >= 10 and re.search(r"[0-9０-９]", line) and line in seeds:
                        copied.append(f"{name} {outcome}: {line}")
    assert not copied, "\n".join(copied)

"""`govaudit rules`: the rules documented from their own YAML.

As yamllint and sqlfluff do, the documentation of a rule is the rule: its
title, description, relation (or mechanism) and the pass / fail examples
kept next to it in the pack (`examples: {pass: [...], fail: [...]}`; an
example is a text, or a mapping with `text` and an optional `note`). Each
example is checked when a rule is explained, and shown with the finding it
produces — or that it produces none.
"""
from __future__ import annotations

import textwrap

from ..core.display import shown, shown_lines

EXAMPLE_TITLES = {"pass": "Passes (no finding)", "fail": "Fails (a finding)"}
EXAMPLE_PATH = "example.txt"  # the name an example is checked under
# What stands in a rule's place for a file that could not be read (report/lines.py).
UNREADABLE_INPUT_DOC = """{rule}: a file that could not be read as a report

Not a rule of any pack: a file named, or found in a folder, that govaudit could not
read — missing, empty, too large, a legacy .doc/.wps, an encrypted or scanned PDF,
undecodable text. It is reported with the reason, counted as unreadable in the
summary, and makes the run exit 2; the other files are still checked."""


def relation_of(rule) -> str:
    if rule.relation_text:
        return rule.relation_text
    return f"check: {rule.check} (a mechanism in Python)" if rule.check else ""


def _example_texts(value) -> list[tuple[str, str]]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append((str(item.get("text", "")), str(item.get("note", "") or "")))
        else:
            out.append((str(item), ""))
    return out


def examples_of(rule) -> dict:
    examples = rule.examples if isinstance(rule.examples, dict) else {"examples": rule.examples}
    return {str(name): _example_texts(value) for name, value in examples.items() if value}


def rule_json(rule) -> dict:
    return {
        "id": rule.id, "kind": rule.kind, "severity": rule.severity, "formats": list(rule.applies_to),
        "pack": rule.pack, "title": rule.title, "description": " ".join(rule.description.split()),
        "relation": relation_of(rule), "message": rule.message,
        "examples": {name: [{"text": t, "note": n} if n else t for t, n in texts]
                     for name, texts in examples_of(rule).items()},
    }


def example_findings(rule, ruleset) -> dict:
    """For each example of the rule, the findings of that rule it gives, as text lines."""
    from ..load import document_from_text
    from ..pipeline import check_document
    from ..report.lines import line_message

    outcomes = {}
    for name, texts in examples_of(rule).items():
        outcomes[name] = []
        for text, _ in texts:
            result = check_document(document_from_text(text, path=EXAMPLE_PATH), ruleset)
            lines = []
            for finding in result.findings:
                if finding.rule == rule.id:
                    line, column, message = line_message(result, finding)
                    lines.append(f"{line}:{column}: {finding.severity} {finding.rule} {message}")
            outcomes[name].append(lines)
    return outcomes


def explain_rule(rule, outcomes: dict = None) -> str:
    """The rule as text; a pack's strings come from others, so none reaches the terminal raw."""
    lines = [f"{rule.id}: {shown(rule.title)}", ""]
    lines.append(f"kind:      {rule.kind}")
    lines.append(f"severity:  {rule.severity}")
    lines.append(f"formats:   {', '.join(rule.applies_to)}")
    lines.append(f"pack:      {shown(rule.pack)}")
    relation = relation_of(rule)
    if relation:
        lines.append(f"relation:  {shown(relation)}")
    if rule.message:
        lines.append(f"message:   {shown(rule.message)}")
    if rule.description:
        lines += ["", textwrap.fill(shown(" ".join(rule.description.split())), width=88)]
    examples = examples_of(rule)
    if not examples:
        lines += ["", "Examples: none in the rule's YAML yet."]
    for name, texts in examples.items():
        lines += ["", f"{shown(EXAMPLE_TITLES.get(name, name.capitalize()))}:"]
        for n, (text, note) in enumerate(texts):
            lines.append(f"  {n + 1}.{f' ({shown(note)})' if note else ''}")
            lines.append(textwrap.indent(shown_lines(text.rstrip("\n")), "    "))
            if outcomes is not None:
                found = outcomes[name][n]
                lines += [f"    → {line}" for line in found] or ["    → no finding"]
    return "\n".join(lines)


def rules_table(rules: list) -> None:
    """A table on stdout: id, kind, severity, formats, pack, title (Text cells: never markup)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200, no_color=True)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in ("id", "kind", "severity", "formats", "pack", "title"):
        table.add_column(name, no_wrap=name != "title")
    for rule in rules:
        cells = (rule.id, rule.kind, rule.severity, ",".join(rule.applies_to), rule.pack, rule.title)
        table.add_row(*(Text(shown(cell)) for cell in cells))
    console.print(table)
    console.print(f"{len(rules)} rule{'' if len(rules) == 1 else 's'}")

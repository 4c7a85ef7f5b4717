"""`govaudit rules`: list the rules, or explain one from its own YAML."""
from __future__ import annotations

import click

from . import options, shared

RULES_EPILOG = """\b
Examples:
  govaudit rules                       # a table of every rule
  govaudit rules --format json         # the same as JSON
  govaudit rules --explain T3-BALANCE  # description, relation, examples and their findings
  govaudit rules --explain table_sum   # the rules of a kind
  govaudit rules -r my-rules.yaml      # including a pack of your own
"""


@click.command("rules", epilog=RULES_EPILOG, short_help="List the rules, or explain one with its examples.")
@click.option("--explain", metavar="ID|KIND", default=None,
              help="Explain one rule: description, relation, its pass and fail examples with the finding each "
                   "gives. A kind (prose_vs_table…) lists its rules.")
@click.option("--format", "-f", "output_format", type=click.Choice(("table", "json")), default="table",
              show_default=True,
              help="table or json (id, kind, severity, formats, pack, title, description, relation, examples).")
@options.rules_option
@options.config_option
@options.isolated_option
def rules_command(explain, output_format, rules, config, isolated):
    """List every rule (built-in and from your packs), or explain one."""
    from .rule_docs import rule_json, rules_table

    settings = shared.resolve_settings(config, isolated, rules=rules)
    recipe, ruleset = shared.ruleset_of(settings)
    if explain is not None:
        _explain(explain, ruleset, output_format)
        return
    if output_format == "json":
        import json

        click.echo(json.dumps([rule_json(r) for r in ruleset.rules], ensure_ascii=False, indent=2))
        return
    rules_table(ruleset.rules)


def _explain(name: str, ruleset, output_format: str) -> None:
    """One rule with its examples and what they give; a kind: its rules."""
    from .rule_docs import UNREADABLE_INPUT_DOC, example_findings, explain_rule, rule_json, rules_table
    from ..report.lines import UNREADABLE_INPUT

    rule = ruleset.by_id().get(name) or {r.id.upper(): r for r in ruleset.rules}.get(name.upper())
    of_kind = [r for r in ruleset.rules if r.kind == name]
    if rule is None and of_kind:
        if output_format == "json":
            _echo_json([rule_json(r) for r in of_kind])
        else:
            click.echo(f"Rules of kind {name} (`govaudit rules --explain ID` explains each):")
            rules_table(of_kind)
        return
    if rule is None and name.upper() == UNREADABLE_INPUT:
        click.echo(UNREADABLE_INPUT_DOC.format(rule=UNREADABLE_INPUT))
        return
    if rule is None:
        import difflib

        close = difflib.get_close_matches(name, [r.id for r in ruleset.rules] + sorted({r.kind for r in ruleset.rules}),
                                          n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        shared.fail(f"unknown rule id or kind '{name}'{hint} (`govaudit rules` lists them)")
    outcomes = example_findings(rule, ruleset)
    if output_format == "json":
        _echo_json({**rule_json(rule), "example_findings": outcomes})
    else:
        click.echo(explain_rule(rule, outcomes))


def _echo_json(data) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))

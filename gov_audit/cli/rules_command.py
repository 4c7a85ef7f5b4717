"""`govaudit rules`: list the rules, or explain one from its own YAML."""
from __future__ import annotations

import click

from . import options, shared

RULES_EPILOG = """\b
Examples:
  govaudit rules                       # a table of every rule
  govaudit rules --format json         # the same as JSON
  govaudit rules --explain T3-BALANCE  # description, relation, examples
  govaudit rules -r my-rules.yaml      # including a pack of your own
"""


@click.command("rules", epilog=RULES_EPILOG, short_help="List the rules, or explain one with its examples.")
@click.option("--explain", metavar="ID", default=None,
              help="Explain one rule: description, relation, pass and fail examples.")
@click.option("--format", "-f", "output_format", type=click.Choice(("table", "json")), default="table",
              show_default=True,
              help="table or json (id, kind, severity, formats, pack, title, description, relation, examples).")
@options.rules_option
@options.config_option
@options.isolated_option
def rules_command(explain, output_format, rules, config, isolated):
    """List every rule (built-in and from your packs), or explain one."""
    from .rule_docs import explain_rule, rule_json, rules_table

    settings = shared.resolve_settings(config, isolated, rules=rules)
    recipe, ruleset = shared.ruleset_of(settings)
    if explain is not None:
        rule = ruleset.by_id().get(explain) or {r.id.upper(): r for r in ruleset.rules}.get(explain.upper())
        if rule is None:
            import difflib

            close = difflib.get_close_matches(explain, [r.id for r in ruleset.rules], n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            shared.fail(f"unknown rule id '{explain}'{hint} (`govaudit rules` lists them)")
        if output_format == "json":
            import json

            click.echo(json.dumps(rule_json(rule), ensure_ascii=False, indent=2))
        else:
            click.echo(explain_rule(rule))
        return
    if output_format == "json":
        import json

        click.echo(json.dumps([rule_json(r) for r in ruleset.rules], ensure_ascii=False, indent=2))
        return
    rules_table(ruleset.rules)

"""The command line: `govaudit check`, `govaudit rules`.

Exit codes, as the linters agree: 0 clean (nothing reaches --fail-on),
1 findings, 2 usage error, unreadable input or invalid rule pack.
"""
from __future__ import annotations

import enum
import os
import sys
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    help="Audit Chinese government information-disclosure annual reports (政府信息公开工作年度报告) "
         "for internal inconsistencies: text against table, totals, the official balance, "
         "percentages, dates.",
)


class OutputFormat(str, enum.Enum):
    rich = "rich"
    text = "text"
    json = "json"


class Severity(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _version(value: bool):
    if value:
        typer.echo(f"govaudit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
):
    """govaudit: find contradictions in 政府信息公开工作年度报告."""


@app.command()
def check(
    paths: List[str] = typer.Argument(..., help="Report files (.txt .md) or folders, searched recursively."),
    rules: List[str] = typer.Option([], "--rules", "-r", metavar="FILE|DIR",
                                    help="Extra rule pack(s): add rules, or override built-in ones by id "
                                         "(disable / change severity). Repeatable."),
    output_format: Optional[OutputFormat] = typer.Option(
        None, "--format", "--output-format", "-f",
        help="Output format. Default: rich on a terminal, text when piped."),
    fail_on: Severity = typer.Option(Severity.error, "--fail-on",
                                     help="Exit 1 when a finding reaches this severity."),
    no_color: bool = typer.Option(False, "--no-color", help="No colors (also: NO_COLOR set)."),
):
    """Check reports and print every inconsistency found, with the figures quoted."""
    from .check import check_path, expand
    from .engine import load_rules
    from .resources import YamlError
    from .render import print_rich, to_json, to_text, worst
    from .model import severity_rank

    try:
        ruleset = load_rules(tuple(rules))
    except YamlError as exc:
        typer.echo(f"govaudit: invalid rule pack: {exc}", err=True)
        raise typer.Exit(2)
    files = list(expand(paths))
    if not files:
        typer.echo("govaudit: no report files found in the given paths", err=True)
        raise typer.Exit(2)
    results = [check_path(path, ruleset) for path in files]
    fmt = output_format or (OutputFormat.rich if sys.stdout.isatty() else OutputFormat.text)
    if fmt == OutputFormat.json:
        sys.stdout.write(to_json(results) + "\n")
    elif fmt == OutputFormat.text:
        sys.stdout.write(to_text(results))
    else:
        from rich.console import Console

        color = not (no_color or os.environ.get("NO_COLOR"))
        console = Console(highlight=False, no_color=not color, soft_wrap=True)
        print_rich(results, console)
    for result in results:
        if result.error:
            typer.echo(f"govaudit: {result.path}: {result.error}", err=True)
    if any(r.error for r in results):
        raise typer.Exit(2)
    if worst(results) >= severity_rank(fail_on.value):
        raise typer.Exit(1)


def run() -> None:
    app(prog_name="govaudit")

"""The command line: `govaudit check`, `govaudit rules`, `govaudit extract`.

Exit codes, as the linters agree: 0 clean (nothing reaches --fail-on),
1 findings, 2 usage error, bad configuration, unreadable input or invalid
rule pack, 130 interrupted (Ctrl-C).

Each command is a module (check_command, rules_command, extract_command) that
only wires options to the stages that do the work; what they share is
shared.py (settings, rule set, files, --output, progress, errors) and
options.py. Settings and their sources are config.py.
"""
from __future__ import annotations

import click

from .. import __version__
from .check_command import check
from .extract_command import extract
from .rules_command import rules_command

# Plain click: typer builds a pydantic adapter for every parameter at start-up
# (70 ms of the 150 a one-report run may take, issue 8).
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT, no_args_is_help=True,
             help="Audit Chinese government information-disclosure annual reports (政府信息公开工作年度报告) "
                  "for internal inconsistencies: text against table, totals, the official balance, "
                  "percentages, dates.")
@click.version_option(__version__, "--version", prog_name="govaudit", message="%(prog)s %(version)s",
                      help="Print the version and exit.")
def app():
    """govaudit: find contradictions in 政府信息公开工作年度报告."""


app.add_command(check)
app.add_command(rules_command)
app.add_command(extract)


def run() -> None:
    try:
        app(prog_name="govaudit")
    except OSError as exc:  # stdout or stderr full or closed outside the streamed report
        from . import shared

        shared.stdout_lost()
        try:
            shared.warn(f"cannot write the output: {exc.strerror or exc}")
        except OSError:
            pass
        raise SystemExit(2) from None

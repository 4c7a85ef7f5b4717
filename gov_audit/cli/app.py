"""The command line: `govaudit check`, `govaudit rules`, `govaudit extract`.

Exit codes, as the linters agree: 0 clean (nothing reaches --fail-on),
1 findings, 2 usage error, bad configuration, unreadable input or invalid
rule pack, 130 interrupted (Ctrl-C).

This module only wires options to the modules that do the work: config
(settings and their sources), audit.selection (--select/--ignore), batch
(files, workers, progress), report (the formats, streamed; baseline; extract
for datasets) and output (atomic --output).
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Optional

import click

from .. import __version__
from ..core.model import WORST_FIRST
from ..report import OUTPUT_FORMATS, SUFFIX_FORMATS

# Plain click: typer builds a pydantic adapter for every parameter at start-up
# (70 ms of the 150 a one-report run may take, issue 8).
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}



# Options shared by the commands.
def _rules_option(f):
    return click.option("--rules", "-r", multiple=True, metavar="FILE|DIR",
                        help="Extra rule pack(s): add rules, or override built-in ones by id "
                             "(disable / change severity). Repeatable. [config: rules]")(f)


def _select_option(f):
    return click.option("--select", multiple=True, metavar="RULE|PREFIX|KIND",
                        help="Run only these rules: ids, id prefixes (T3), kinds (prose_vs_table) or ALL. "
                             "Comma-separated or repeated. [config: select]")(f)


def _extend_select_option(f):
    return click.option("--extend-select", multiple=True, metavar="RULE|PREFIX|KIND",
                        help="Add rules to the selection (to --select, or to all rules). [config: extend-select]")(f)


def _ignore_option(f):
    return click.option("--ignore", multiple=True, metavar="RULE|PREFIX|KIND",
                        help="Do not run these rules, e.g. --ignore numbering,bracket. [config: ignore]")(f)


def _include_option(f):
    return click.option("--include", multiple=True, metavar="GLOB",
                        help="In folders, check only files matching a glob (file name, path below the folder, "
                             "or a folder name). Repeatable. [config: include]")(f)


def _exclude_option(f):
    return click.option("--exclude", multiple=True, metavar="GLOB",
                        help="In folders, skip files matching a glob (e.g. 'drafts', '*.md'). Repeatable. "
                             "[config: exclude]")(f)


def _jobs_option(f):
    return click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
                        help="Worker processes for many files (default: all cores). [config: jobs]")(f)


def _config_option(f):
    return click.option("--config", metavar="FILE", default=None,
                        help="Read settings from this file (pyproject.toml [tool.govaudit] or a govaudit.toml) "
                             "instead of searching upward from the current folder.")(f)


def _isolated_option(f):
    return click.option("--isolated", is_flag=True, help="Ignore every configuration file.")(f)


@click.group(context_settings=CONTEXT, no_args_is_help=True,
             help="Audit Chinese government information-disclosure annual reports (政府信息公开工作年度报告) "
                  "for internal inconsistencies: text against table, totals, the official balance, "
                  "percentages, dates.")
@click.version_option(__version__, "--version", prog_name="govaudit", message="%(prog)s %(version)s",
                      help="Print the version and exit.")
def app():
    """govaudit: find contradictions in 政府信息公开工作年度报告."""


def _fail(message: str, code: int = 2):
    click.echo(f"govaudit: {message}", err=True)
    raise click.exceptions.Exit(code)


@contextmanager
def _interruptible(*outputs):
    """Ctrl-C: remove half-written outputs, say so, exit 130 — no traceback."""
    try:
        yield
    except KeyboardInterrupt:
        for out in outputs:
            if out is not None:
                out.discard()
        click.echo("\ngovaudit: interrupted", err=True)
        raise click.exceptions.Exit(130)
    except BaseException:
        for out in outputs:
            if out is not None:
                out.discard()
        raise


def _cli_settings(**given) -> dict:
    """Options given on the command line, by config key (lists split on commas)."""
    from .config import split_list

    cli = {}
    for key, value in given.items():
        if value is None or value == ():
            continue  # not given (click gives an empty tuple for a repeatable option)
        name = key.replace("_", "-")
        if name in ("select", "extend-select", "ignore", "include", "exclude"):
            value = split_list(value)
        elif name == "rules":
            value = list(value)
        cli[name] = value
    return cli


def _settings(config: Optional[str], isolated: bool, **given):
    from .config import ConfigError, resolve

    try:
        return resolve(_cli_settings(**given), config=config, isolated=isolated)
    except ConfigError as exc:
        _fail(f"configuration: {exc}")


def _ruleset(settings):
    """The rule set to run, and the recipe that lets a worker build the same one."""
    from ..audit import SelectionError
    from ..batch import RuleRecipe
    from ..core.resources import YamlError

    recipe = RuleRecipe(
        packs=tuple(settings["rules"]),
        select=tuple(settings["select"]) if settings["select"] is not None else None,
        extend_select=tuple(settings["extend-select"]), ignore=tuple(settings["ignore"]),
    )
    try:
        return recipe, recipe.build()
    except YamlError as exc:
        _fail(f"invalid rule pack: {exc}")
    except SelectionError as exc:
        _fail(str(exc))


def _open_output(path: Optional[str], binary: bool = False):
    from .output import AtomicOutput, OutputError

    if path is None:
        return None
    try:
        return AtomicOutput(path, binary=binary).open()
    except OutputError as exc:
        _fail(str(exc))


def _commit(out, content=None) -> None:
    from .output import OutputError

    try:
        out.commit(content)
    except OutputError as exc:
        _fail(str(exc))


def _files(paths, settings) -> list:
    from ..batch import collect_files

    files = collect_files(paths, settings["include"], settings["exclude"])
    if not files:
        _fail("no report files found in the given paths")
    return files


def _progress(fmt: str, streams_to_stdout: bool = False):
    """A progress bar for human formats on an interactive stderr.

    The report is written to stdout while the bar shows: when stdout is the
    same screen, the bar is drawn there too so that the lines stand above it;
    when stdout is a file or a pipe, it gets the report and nothing else.
    """
    if fmt not in ("rich", "text") or not (sys.stderr.isatty() or os.environ.get("FORCE_COLOR")):
        return None  # (rich is imported only when a bar can be shown)
    from rich.console import Console

    from ..batch import make_progress

    console = Console(stderr=True)
    if not console.is_terminal or console.is_dumb_terminal:
        return None
    if streams_to_stdout and sys.stdout.isatty():
        return make_progress(Console(highlight=False, soft_wrap=True), carries_stdout=True)
    return make_progress(console)


def _report_errors(tally) -> bool:
    """Each file that could not be read, and each thing not done on a file, on stderr."""
    for path, message in tally.unreadable:
        click.echo(f"govaudit: {path}: {message}", err=True)
    for path, note in tally.notes:
        click.echo(f"govaudit: {path}: note: {note}", err=True)
    return bool(tally.unreadable)


CHECK_EPILOG = """\b
Examples:
  govaudit check reports/                       # every report under reports/
  govaudit check report.txt -f json             # the JSON contract on stdout
  govaudit check reports/ -f sarif -o govaudit.sarif
  govaudit check reports/ -f html -o report.html
  govaudit check reports/ --select T3,prose_vs_table --ignore T3-NONNEGATIVE
  govaudit check reports/ --write-baseline baseline.json
  govaudit check reports/ --baseline baseline.json --fail-on warning
  govaudit check --show-settings

\b
Exit codes: 0 nothing reaches --fail-on, 1 findings, 2 usage / configuration /
input / rule-pack error, 130 interrupted.
"""


@app.command(epilog=CHECK_EPILOG, short_help="Check reports; print each inconsistency with its figures.")
@click.argument("paths", nargs=-1, metavar="PATH...")
@_rules_option
@click.option("--format", "--output-format", "-f", "output_format", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="Output format: rich (colours, default on a terminal), text (path:line:col: severity rule "
                   "message; default when piped), json, sarif (SARIF 2.1.0), github (workflow annotations), "
                   "html (one self-contained page). With --output and no format: from the file suffix "
                   "(.json .sarif .html), else text. [config: format]")
@click.option("--output", "-o", metavar="FILE", default=None,
              help="Write the report to FILE (atomically: a temp file, then renamed) instead of stdout.")
@click.option("--fail-on", type=click.Choice(WORST_FIRST), default=None,
              help="Exit 1 when a finding reaches this severity. [default: error] [config: fail-on]")
@_select_option
@_extend_select_option
@_ignore_option
@click.option("--baseline", metavar="FILE", default=None,
              help="Report only findings not recorded in FILE (made with --write-baseline). [config: baseline]")
@click.option("--write-baseline", metavar="FILE", default=None,
              help="Record the present findings in FILE (atomically) and exit 0; report nothing.")
@_include_option
@_exclude_option
@_jobs_option
@_config_option
@_isolated_option
@click.option("--show-settings", is_flag=True,
              help="Print the resolved settings and where each came from, then exit.")
@click.option("--no-color", is_flag=True, help="No colors (also: NO_COLOR set).")
@click.pass_context
def check(ctx, paths, rules, output_format, output, fail_on, select, extend_select, ignore, baseline,
          write_baseline, include, exclude, jobs, config, isolated, show_settings, no_color):
    """Check reports and print every inconsistency found, with the figures quoted."""
    from ..core.model import severity_rank

    settings = _settings(config, isolated, rules=rules, select=select, extend_select=extend_select,
                         ignore=ignore, fail_on=fail_on, format=output_format, baseline=baseline,
                         include=include, exclude=exclude, jobs=jobs)
    if show_settings:
        _show_settings(settings)
        raise click.exceptions.Exit(0)
    if not paths:
        ctx.fail("Missing argument 'PATH...': name report files or folders.")
    fmt = settings["format"] or (SUFFIX_FORMATS.get(os.path.splitext(output)[1].lower(), "text") if output else None) \
        or ("rich" if sys.stdout.isatty() else "text")
    recipe, ruleset = _ruleset(settings)
    baseline_entries = None
    if settings["baseline"] and not write_baseline:
        from ..report.baseline import BaselineError, load_baseline

        try:
            baseline_entries = load_baseline(settings["baseline"])
        except BaselineError as exc:
            _fail(str(exc))
    out = _open_output(output) if not write_baseline else None
    baseline_out = _open_output(write_baseline)
    with _interruptible(out, baseline_out):
        files = _files(paths, settings)
        tally, baselined, found = _stream(files, fmt, recipe, ruleset, settings, out, baseline_entries,
                                          write_baseline, color=not (no_color or os.environ.get("NO_COLOR")))
        if write_baseline:
            from ..report.baseline import baseline_document

            count, text = baseline_document(found)
            _commit(baseline_out, text)
            click.echo(f"govaudit: wrote {count} findings to baseline {write_baseline}", err=True)
            raise click.exceptions.Exit(2 if _report_errors(tally) else 0)
        if out is not None:
            _commit(out)
    if baselined is not None:
        click.echo(f"govaudit: {baselined} baselined findings not shown ({settings['baseline']})", err=True)
    if _report_errors(tally):
        raise click.exceptions.Exit(2)
    if tally.worst >= severity_rank(settings["fail-on"]):
        raise click.exceptions.Exit(1)


def _stream(files, fmt, recipe, ruleset, settings, out, baseline_entries, write_baseline, color: bool):
    """Check the files and write each one's output as it is ready (stream.py).

    Returns the run's Tally, how many findings the baseline hid (None without
    one), and the entries for --write-baseline.
    """
    from ..batch import iter_checks
    from ..report.stream import Writer
    from ..report.tally import Tally

    shown = "none" if write_baseline else fmt  # --write-baseline reports nothing
    maker = _piece_maker(shown, ruleset, out, write_baseline, color)
    # A baseline is matched in file order in this process (its entries are
    # claimed once); the pieces are then made here too.
    sieve = None
    if baseline_entries is not None:
        from ..report.baseline import BaselineFilter

        sieve = BaselineFilter(baseline_entries, settings["baseline"], files)
    writer = Writer(shown, _write_to(out), ruleset.rules, maker.rich)
    tally, found = Tally(), []
    writer.begin()
    progress = _progress(fmt, streams_to_stdout=out is None and not write_baseline)
    for index, item in iter_checks(files, recipe, ruleset, jobs=settings.jobs, progress=progress,
                                   finish=maker if sieve is None else None):
        if sieve is not None:
            sieve.apply(item)
            item = maker(index, item)
        tally.add(item.tally)
        found.extend(item.baseline)
        writer.add(item)
    dropped = sieve.dropped if sieve is not None else None
    writer.end(tally, dropped)
    return tally, dropped, found


def _piece_maker(fmt: str, ruleset, out, write_baseline, color: bool):
    """What turns a checked file into its piece of the output, in a worker too."""
    from ..report.renderer import RichOptions
    from ..report.stream import PieceMaker

    rich = RichOptions()
    if fmt == "rich" and out is None:  # the terminal's width and colours
        from rich.console import Console

        rich = RichOptions.of(Console(highlight=False, soft_wrap=True, **({} if color else {"color_system": None})))
    rule_index: tuple = ()
    if fmt == "sarif":
        from ..report.sarif import rule_indices

        rule_index = tuple(rule_indices(ruleset.rules).items())
    base = None
    if write_baseline:
        from ..report.baseline import baseline_base

        base = str(baseline_base(write_baseline))
    return PieceMaker(fmt=fmt, rule_index=rule_index, rich=rich, baseline_base=base)


def _write_to(out):
    """How the report's pieces are written: to --output (a write that fails ends
    the run with exit 2 and leaves no half file), else to stdout."""
    if out is None:
        return _stdout
    from .output import OutputError

    def write(text: str) -> None:
        try:
            out.write(text)
        except OutputError as exc:
            _fail(str(exc))

    return write


def _stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _show_settings(settings) -> None:
    from .config import settings_json, settings_lines

    if settings["format"] == "json":
        import json

        click.echo(json.dumps(settings_json(settings), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(settings_lines(settings)))


RULES_EPILOG = """\b
Examples:
  govaudit rules                       # a table of every rule
  govaudit rules --format json         # the same as JSON
  govaudit rules --explain T3-BALANCE  # description, relation, examples
  govaudit rules -r my-rules.yaml      # including a pack of your own
"""


@app.command("rules", epilog=RULES_EPILOG, short_help="List the rules, or explain one with its examples.")
@click.option("--explain", metavar="ID", default=None,
              help="Explain one rule: description, relation, pass and fail examples.")
@click.option("--format", "-f", "output_format", type=click.Choice(("table", "json")), default="table",
              show_default=True,
              help="table or json (id, kind, severity, formats, pack, title, description, relation, examples).")
@_rules_option
@_config_option
@_isolated_option
def rules_command(explain, output_format, rules, config, isolated):
    """List every rule (built-in and from your packs), or explain one."""
    from .rule_docs import explain_rule, rule_json, rules_table

    settings = _settings(config, isolated, rules=rules)
    recipe, ruleset = _ruleset(settings)
    if explain is not None:
        rule = ruleset.by_id().get(explain) or {r.id.upper(): r for r in ruleset.rules}.get(explain.upper())
        if rule is None:
            import difflib

            close = difflib.get_close_matches(explain, [r.id for r in ruleset.rules], n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            _fail(f"unknown rule id '{explain}'{hint} (`govaudit rules` lists them)")
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


EXTRACT_EPILOG = """\b
Examples:
  govaudit extract reports/ -f csv -o facts.csv
  govaudit extract reports/ -f jsonl > facts.jsonl
  govaudit extract reports/ -f sqlite -o facts.sqlite
  python -c "import pandas as pd; print(pd.read_csv('facts.csv'))"
"""


@app.command(epilog=EXTRACT_EPILOG, short_help="Write every figure read as csv, jsonl or sqlite.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "-f", "output_format", type=click.Choice(("csv", "jsonl", "sqlite")), default="csv",
              show_default=True,
              help="csv or jsonl (one row per fact), or sqlite (tables files, facts, findings, finding_facts).")
@click.option("--output", "-o", metavar="FILE", default=None,
              help="Write there (atomically); csv and jsonl go to stdout without it, sqlite needs it.")
@_rules_option
@_select_option
@_extend_select_option
@_ignore_option
@_include_option
@_exclude_option
@_jobs_option
@_config_option
@_isolated_option
def extract(paths, output_format, output, rules, select, extend_select, ignore, include, exclude, jobs,
            config, isolated):
    """Write every figure read (table cells and prose figures) as a dataset: file, agency, year,
    format, indicator key, value as written, bounds, source, position, quote."""
    from ..report import extract as extracting
    from ..batch import iter_checks
    from ..report.tally import Tally

    if output_format == "sqlite" and not output:
        _fail("--format sqlite needs --output FILE")
    settings = _settings(config, isolated, rules=rules, select=select, extend_select=extend_select,
                         ignore=ignore, include=include, exclude=exclude, jobs=jobs)
    recipe, ruleset = _ruleset(settings)
    out = _open_output(output)
    tally = Tally()

    def results(files):
        """The checked reports one by one, counted; none is kept."""
        for _, result in iter_checks(files, recipe, ruleset, jobs=settings.jobs,
                                     progress=_progress("text", streams_to_stdout=out is None)):
            tally.add(Tally.of_result(result))
            yield result

    with _interruptible(out):
        files = _files(paths, settings)
        if output_format == "sqlite":
            extracting.write_sqlite(results(files), out.path)
        elif output_format == "csv":
            extracting.write_csv(results(files), _write_to(out))
        else:
            extracting.write_jsonl(results(files), _write_to(out))
        if out is not None:
            _commit(out)
    if _report_errors(tally):
        raise click.exceptions.Exit(2)


def run() -> None:
    app(prog_name="govaudit")

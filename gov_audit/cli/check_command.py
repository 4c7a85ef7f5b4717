"""`govaudit check`: check reports, print every inconsistency with its figures, set the exit code."""
from __future__ import annotations

import os
import sys

import click

from ..core.model import WORST_FIRST
from ..report import OUTPUT_FORMATS, RENDERERS, SUFFIX_FORMATS
from . import options, shared
from .view import STATISTICS_FORMATS, View

CHECK_EPILOG = """\b
Examples:
  govaudit check reports/                       # every report under reports/
  govaudit check report.txt -f json             # the JSON contract on stdout
  govaudit check reports/ -f sarif -o govaudit.sarif
  govaudit check reports/ -f html -o report.html
  govaudit check reports/ --select T3,prose_vs_table --ignore T3-NONNEGATIVE
  govaudit check reports/ --write-baseline baseline.json
  govaudit check reports/ --baseline baseline.json --fail-on warning
  govaudit check reports/ --statistics          # findings per rule
  govaudit check reports/ --exit-zero -q        # findings only, never exit 1
  govaudit check - < report.txt                 # a report on standard input
  govaudit check --show-settings

\b
Exit codes: 0 nothing reaches --fail-on (or --exit-zero), 1 findings,
2 usage / configuration / input / rule-pack error, 130 interrupted.
"""


@click.command(epilog=CHECK_EPILOG, short_help="Check reports; print each inconsistency with its figures.")
@click.argument("paths", nargs=-1, metavar="PATH...")
@options.rules_option
@click.option("--format", "--output-format", "-f", "output_format", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="Output format: rich (colours, default on a terminal), text (path:line:col: severity rule "
                   "message; default when piped), json, sarif (SARIF 2.1.0), github (workflow annotations), "
                   "html (one self-contained page). With --output and no format: from the file suffix "
                   "(.json .sarif .html), else text. [config: format]")
@click.option("--output", "-o", metavar="FILE", default=None,
              help="Write the report to FILE (atomically: a temp file, then renamed) instead of stdout.")
@click.option("--fail-on", type=click.Choice(WORST_FIRST), default=None,
              help="Exit 1 when a finding reaches this severity. [default: error] [config: fail-on]")
@options.select_option
@options.extend_select_option
@options.ignore_option
@click.option("--baseline", metavar="FILE", default=None,
              help="Report only findings not recorded in FILE (made with --write-baseline). [config: baseline]")
@click.option("--write-baseline", metavar="FILE", default=None,
              help="Record the present findings in FILE (atomically) and exit 0; report nothing.")
@options.include_option
@options.exclude_option
@options.jobs_option
@options.agencies_option
@options.config_option
@options.isolated_option
@click.option("--show-settings", is_flag=True,
              help="Print the resolved settings and where each came from, then exit.")
@click.option("--no-color", is_flag=True, help="No colors (also: NO_COLOR set).")
@options.reporting_options
@options.input_options
@click.pass_context
def check(ctx, paths, rules, output_format, output, fail_on, select, extend_select, ignore, baseline,
          write_baseline, include, exclude, jobs, agencies, config, isolated, show_settings, no_color, exit_zero,
          statistics, quiet, respect_gitignore):
    """Check reports and print every inconsistency found, with the figures quoted."""
    from ..core.model import severity_rank

    settings = shared.resolve_settings(config, isolated, rules=rules, select=select, extend_select=extend_select,
                         ignore=ignore, fail_on=fail_on, format=output_format, baseline=baseline,
                         include=include, exclude=exclude, jobs=jobs, respect_gitignore=respect_gitignore,
                         agencies=agencies)
    if show_settings:
        _show_settings(settings)
        raise click.exceptions.Exit(0)
    if not paths:
        ctx.fail("Missing argument 'PATH...': name report files or folders.")
    fmt = settings["format"] or (SUFFIX_FORMATS.get(os.path.splitext(output)[1].lower(), "text") if output else None) \
        or ("rich" if sys.stdout.isatty() else "text")
    if statistics and fmt not in STATISTICS_FORMATS:
        shared.fail(f"--statistics prints {' or '.join(STATISTICS_FORMATS)}, not {fmt}")
    recipe, ruleset = shared.ruleset_of(settings)
    declared = shared.agency_file(settings)
    baseline_entries = None
    if settings["baseline"] and not write_baseline:
        from ..report.baseline import BaselineError, load_baseline

        try:
            baseline_entries = load_baseline(settings["baseline"])
        except BaselineError as exc:
            shared.fail(str(exc))
    out = shared.open_output(output) if not write_baseline else None
    baseline_out = shared.open_output(write_baseline)
    with shared.interruptible(out, baseline_out):
        files = shared.files_to_check(paths, settings, outputs=(out, baseline_out))
        view = View(fmt, quiet=quiet, statistics=statistics)
        tally, baselined, found = _stream(files, view, recipe, ruleset, settings, out, baseline_entries,
                                          write_baseline, color=not (no_color or os.environ.get("NO_COLOR")),
                                          declared=declared)
        if write_baseline:
            from ..report.baseline import baseline_document

            count, text = baseline_document(found)
            shared.commit(baseline_out, text)
            shared.warn(f"wrote {count} findings to baseline {write_baseline}")
            raise click.exceptions.Exit(2 if shared.report_errors(tally) else 0)
        if out is not None:
            shared.commit(out)
    if baselined is not None and not quiet:
        shared.warn(f"{baselined} baselined findings not shown ({settings['baseline']})")
    if shared.report_errors(tally):
        raise click.exceptions.Exit(2)
    if tally.worst >= severity_rank(settings["fail-on"]) and not exit_zero:
        raise click.exceptions.Exit(1)


def _stream(files, view: View, recipe, ruleset, settings, out, baseline_entries, write_baseline, color: bool,
            declared=None):
    """Check the files and write each one's output as it is ready (stream.py).

    Returns the run's Tally, how many findings the baseline hid (None without
    one), and the entries for --write-baseline.
    """
    from ..batch import iter_checks
    from ..pipeline import alone, folder_check
    from ..report.stream import Writer
    from ..report.tally import Tally

    fmt = view.format
    shown = view.per_file(write_baseline)
    maker = _piece_maker(shown, ruleset, out, write_baseline, color, view.quiet)
    # A baseline is matched in file order in this process (its entries are
    # claimed once); the pieces are then made here too.
    sieve = None
    if baseline_entries is not None:
        from ..report.baseline import BaselineFilter

        sieve = BaselineFilter(baseline_entries, settings["baseline"], files)
    writer = Writer(shown, shared.write_to(out), ruleset.rules, maker.rich, say=shared.say, quiet=view.quiet)
    tally, found = Tally(), []
    writer.begin()
    progress = shared.progress_bar(RENDERERS[fmt].for_people, streams_to_stdout=out is None and not write_baseline)
    folder = folder_check(ruleset, declared) if len(files) > 1 else None
    erred: set = set()  # files with error findings of their own: not counted again for those across reports
    try:
        for index, item in iter_checks(files, recipe, ruleset if folder is not None else alone(ruleset),
                                       jobs=settings.jobs, progress=progress,
                                       finish=maker if sieve is None else None):
            if sieve is not None:
                sieve.apply(item)
                item = maker(index, item)
            if folder is not None:
                folder.add(index, item.summary)
            item.summary = None
            if item.tally.files_with_errors:
                erred.add(files[index])
            tally.add(item.tally)
            found.extend(item.baseline)
            writer.add(item)
        if folder is not None:
            _across(folder, len(files), sieve, maker, tally, found, writer, erred)
    finally:
        if folder is not None:
            folder.close()
    dropped = sieve.dropped if sieve is not None else None
    writer.end(tally, dropped)
    if view.statistics and not write_baseline:
        shared.write_to(out)(view.statistics_text(tally))
    return tally, dropped, found


def _across(folder, count: int, sieve, maker, tally, found: list, writer, erred: set) -> None:
    """The findings across reports, once every report is in: written after the files'."""
    for number, result in enumerate(folder.results()):
        if sieve is not None:
            sieve.apply(result)
            if not result.findings:
                continue
        piece = maker(count + number, result)
        piece.tally.files_with_errors = int(bool(piece.tally.severities["error"]) and result.path not in erred)
        tally.add(piece.tally)
        found.extend(piece.baseline)
        writer.add_across(piece)
    writer.series = folder.series()


def _piece_maker(fmt: str, ruleset, out, write_baseline, color: bool, quiet: bool = False):
    """What turns a checked file into its piece of the output, in a worker too."""
    from ..report.renderer import RichOptions, rule_indices
    from ..report.stream import PieceMaker

    rich = RichOptions()
    shown = RENDERERS.get(fmt)  # None: nothing is shown (--write-baseline)
    if shown is not None and shown.terminal and out is None:  # the terminal's width and colours
        from rich.console import Console

        rich = RichOptions.of(Console(highlight=False, soft_wrap=True, **({} if color else {"color_system": None})))
    rule_index = tuple(rule_indices(ruleset.rules).items())
    base = None
    if write_baseline:
        from ..report.baseline import baseline_base

        base = str(baseline_base(write_baseline))
    return PieceMaker(fmt=fmt, rule_index=rule_index, rich=rich, baseline_base=base, quiet=quiet)


def _show_settings(settings) -> None:
    from .config import settings_json, settings_lines

    if settings["format"] == "json":
        import json

        click.echo(json.dumps(settings_json(settings), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(settings_lines(settings)))

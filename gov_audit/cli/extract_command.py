"""`govaudit extract`: every figure read, as a dataset (csv, jsonl or sqlite)."""
from __future__ import annotations

import click

from . import options, shared

CSV_ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")


def csv_encoding(output) -> str:
    """UTF-8 with a BOM for a .csv file (Excel reads it as UTF-8 only with one), plain UTF-8 elsewhere."""
    return "utf-8-sig" if output and output.lower().endswith(".csv") else "utf-8"


def encoded(write, encoding: str):
    """`write` for text, encoding it as it comes (a BOM, if any, once at the start)."""
    import codecs

    encoder = codecs.getincrementalencoder(encoding)()
    return lambda text: write(encoder.encode(text))

EXTRACT_EPILOG = """\b
Examples:
  govaudit extract reports/ -f csv -o facts.csv
  govaudit extract reports/ -f jsonl > facts.jsonl
  govaudit extract reports/ -f sqlite -o facts.sqlite
  python -c "import pandas as pd; print(pd.read_csv('facts.csv'))"
"""


@click.command(epilog=EXTRACT_EPILOG, short_help="Write every figure read as csv, jsonl or sqlite.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "-f", "output_format", type=click.Choice(("csv", "jsonl", "sqlite")), default="csv",
              show_default=True,
              help="csv or jsonl (one row per fact), or sqlite (tables files, facts, findings, finding_facts).")
@click.option("--output", "-o", metavar="FILE", default=None,
              help="Write there (atomically); csv and jsonl go to stdout without it, sqlite needs it.")
@options.rules_option
@options.select_option
@options.extend_select_option
@options.ignore_option
@options.include_option
@options.exclude_option
@options.jobs_option
@options.config_option
@options.isolated_option
@options.input_options
@click.option("--encoding", type=click.Choice(CSV_ENCODINGS), default=None,
              help="The csv's encoding: utf-8-sig (UTF-8 with a BOM, so that Excel reads Chinese right; the "
                   "default for a .csv --output), utf-8 (the default on stdout) or gb18030.")
def extract(paths, output_format, output, rules, select, extend_select, ignore, include, exclude, jobs,
            config, isolated, respect_gitignore, encoding):
    """Write every figure read (table cells and prose figures) as a dataset: file, agency, year,
    format, indicator key, value as written, bounds, source, position, quote."""
    from ..batch import iter_checks
    from ..report import extract as extracting
    from ..report.tally import Tally

    if output_format == "sqlite" and not output:
        shared.fail("--format sqlite needs --output FILE")
    if encoding and output_format != "csv":
        shared.fail(f"--encoding applies to csv ({output_format} is always UTF-8)")
    settings = shared.resolve_settings(config, isolated, rules=rules, select=select, extend_select=extend_select,
                         ignore=ignore, include=include, exclude=exclude, jobs=jobs,
                         respect_gitignore=respect_gitignore)
    recipe, ruleset = shared.ruleset_of(settings)
    encoding = encoding or csv_encoding(output)
    out = shared.open_output(output, binary=output_format == "csv")
    tally = Tally()

    def results(files):
        """The checked reports one by one, counted; none is kept."""
        for _, result in iter_checks(files, recipe, ruleset, jobs=settings.jobs,
                                     progress=shared.progress_bar(True, streams_to_stdout=out is None)):
            tally.add(Tally.of_result(result))
            yield result

    with shared.interruptible(out):
        files = shared.files_to_check(paths, settings, outputs=(out,))
        if output_format == "sqlite":
            import sqlite3

            try:
                extracting.write_sqlite(results(files), out.path)
            except sqlite3.Error as exc:  # the disk full, most likely
                shared.fail(f"cannot write --output {output}: {exc}")
        elif output_format == "csv":
            extracting.write_csv(results(files), encoded(shared.write_to(out, binary=True), encoding))
        else:
            extracting.write_jsonl(results(files), shared.write_to(out))
        if out is not None:
            shared.commit(out)
    if shared.report_errors(tally):
        raise click.exceptions.Exit(2)

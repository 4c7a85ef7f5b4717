"""The options the commands share, each with its help (and its configuration key)."""
from __future__ import annotations

import click


def rules_option(f):
    return click.option("--rules", "-r", multiple=True, metavar="FILE|DIR",
                        help="Extra rule pack(s): add rules, or override built-in ones by id "
                             "(disable / change severity). Repeatable. [config: rules]")(f)


def select_option(f):
    return click.option("--select", multiple=True, metavar="RULE|PREFIX|KIND",
                        help="Run only these rules: ids, id prefixes (T3), kinds (prose_vs_table) or ALL. "
                             "Comma-separated or repeated. [config: select]")(f)


def extend_select_option(f):
    return click.option("--extend-select", multiple=True, metavar="RULE|PREFIX|KIND",
                        help="Add rules to the selection (to --select, or to all rules). [config: extend-select]")(f)


def ignore_option(f):
    return click.option("--ignore", multiple=True, metavar="RULE|PREFIX|KIND",
                        help="Do not run these rules, e.g. --ignore numbering,bracket. [config: ignore]")(f)


def include_option(f):
    return click.option("--include", multiple=True, metavar="PATTERN",
                        help="In folders, check only files matching a gitignore-style pattern ('*.pdf', "
                             "'2019/', '/top-level.txt'; relative to the folder given). Repeatable. "
                             "[config: include]")(f)


def exclude_option(f):
    return click.option("--exclude", multiple=True, metavar="PATTERN",
                        help="In folders, skip files matching a gitignore-style pattern (e.g. 'drafts', '*.md', "
                             "'!keep.md'). Repeatable. [config: exclude]")(f)


def respect_gitignore_option(f):
    return click.option("--respect-gitignore/--no-respect-gitignore", default=None,
                        help="In folders, skip what .gitignore files (and .git/info/exclude) ignore. "
                             "[default: respect] [config: respect-gitignore]")(f)


def jobs_option(f):
    return click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
                        help="Worker processes for many files (default: all cores). [config: jobs]")(f)


def config_option(f):
    return click.option("--config", metavar="FILE", default=None,
                        help="Read settings from this file (pyproject.toml [tool.govaudit] or a govaudit.toml) "
                             "instead of searching upward from the current folder.")(f)


def isolated_option(f):
    return click.option("--isolated", is_flag=True, help="Ignore every configuration file.")(f)


def exit_zero_option(f):
    return click.option("--exit-zero", is_flag=True,
                        help="Exit 0 even when findings reach --fail-on (2 still means govaudit could not do "
                             "its work: an unreadable file, a bad option or configuration).")(f)


def quiet_option(f):
    return click.option("--quiet", "-q", is_flag=True,
                        help="Print the findings and nothing else: no coverage lines, no summary.")(f)


def statistics_option(f):
    return click.option("--statistics", is_flag=True,
                        help="Print how many findings each rule made (text, or JSON with -f json) instead of "
                             "the findings.")(f)


def reporting_options(f):
    """--exit-zero, --statistics, --quiet: what a run reports, and how it ends."""
    return exit_zero_option(statistics_option(quiet_option(f)))


def input_options(f):
    """How folders are searched beyond --include / --exclude."""
    return respect_gitignore_option(f)


def agencies_option(f):
    return click.option("--agencies", metavar="FILE", default=None,
                        help="A YAML file declaring agencies that are one (merged or renamed: `same`) and regions "
                             "with their sub-units (`units`), for the checks across the reports of a folder. "
                             "[config: agencies]")(f)

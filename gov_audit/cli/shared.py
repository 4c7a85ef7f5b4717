"""What the commands share: settings, the rule set, the files, --output, progress, and errors on stderr.

Every problem the user can fix ends the run here with `govaudit: …` on stderr
and exit 2; Ctrl-C removes half-written outputs and exits 130.
"""
from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager
from typing import Optional

import click


def fail(message: str, code: int = 2):
    """`govaudit: message` on stderr, as one harmless line (it may quote a file name), and exit."""
    warn(message)
    raise click.exceptions.Exit(code)


def warn(message: str) -> None:
    """`govaudit: message`, one line on stderr: a name or a rule-pack string in it can forge no other line
    (CI logs parse stderr) nor reach the terminal as an escape sequence."""
    from ..core.display import shown

    click.echo(f"govaudit: {shown(message)}", err=True)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a CI job cancelled, `timeout`, a terminal closed): handled as Ctrl-C."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame):
    raise Stopped(signum)


STOP_SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s)


@contextmanager
def interruptible(*outputs):
    """Ctrl-C, SIGTERM, SIGHUP: remove half-written outputs, say so, exit 128 + the
    signal's number (130 for Ctrl-C) — no traceback."""
    previous = {number: signal.signal(number, _stop) for number in STOP_SIGNALS}
    try:
        yield
    except KeyboardInterrupt as exc:
        for out in outputs:
            if out is not None:
                out.discard()
        number = getattr(exc, "signum", signal.SIGINT)
        click.echo("\ngovaudit: interrupted" if number == signal.SIGINT
                   else f"govaudit: stopped by {signal.Signals(number).name}", err=True)
        raise click.exceptions.Exit(128 + number)
    except BaseException:
        for out in outputs:
            if out is not None:
                out.discard()
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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


def resolve_settings(config: Optional[str], isolated: bool, **given):
    from .config import ConfigError, resolve

    try:
        return resolve(_cli_settings(**given), config=config, isolated=isolated)
    except ConfigError as exc:
        fail(f"configuration: {exc}")


def agency_file(settings):
    """The agencies declared for the checks across reports (`--agencies`), read and checked;
    None when none is given."""
    if not settings["agencies"]:
        return None
    from ..compare import AgencyFileError, load_agency_file

    try:
        return load_agency_file(settings["agencies"])
    except AgencyFileError as exc:
        fail(f"agency file: {exc}")


def ruleset_of(settings):
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
        fail(f"invalid rule pack: {exc}")
    except SelectionError as exc:
        fail(exc.explained(_config_source(settings, exc.option.lstrip("-"))))


def _config_source(settings, key: str) -> Optional[str]:
    """The configuration file a setting came from; None when the command line gave it."""
    from .config import CLI_SOURCE, DEFAULT_SOURCE

    source = settings.sources.get(key)
    return None if source in (CLI_SOURCE, DEFAULT_SOURCE, None) else source


def open_output(path: Optional[str], binary: bool = False):
    from .output import AtomicOutput, OutputError

    if path is None:
        return None
    try:
        return AtomicOutput(path, binary=binary).open()
    except OutputError as exc:
        fail(str(exc))


def commit(out, content=None) -> None:
    from .output import OutputError

    try:
        out.commit(content)
    except OutputError as exc:
        fail(str(exc))


def files_to_check(paths, settings, outputs=()) -> list:
    """The report files of the run; an output that is one of its inputs ends it (exit 2)."""
    from ..batch import collect_files
    from ..load import STDIN
    from .output import OutputError

    if STDIN in paths and len(paths) > 1:
        fail(f"'{STDIN}' (a report on standard input) cannot be mixed with other paths")
    files = collect_files(paths, settings["include"], settings["exclude"], settings["respect-gitignore"])
    if not files:
        fail("no report files found in the given paths")
    inputs = [*files, *settings["rules"], *([settings["baseline"]] if settings["baseline"] else [])]
    for out in outputs:
        if out is not None:
            try:
                out.refuse_inputs(inputs)
            except OutputError as exc:
                fail(str(exc))
    return files


def progress_bar(for_people: bool, streams_to_stdout: bool = False):
    """A progress bar, for output that people read as it comes, on an interactive stderr.

    The report is written to stdout while the bar shows: when stdout is the
    same screen, the bar is drawn there too so that the lines stand above it;
    when stdout is a file or a pipe, it gets the report and nothing else.
    """
    if not for_people or not (sys.stderr.isatty() or os.environ.get("FORCE_COLOR")):
        return None  # (rich is imported only when a bar can be shown)
    from rich.console import Console

    from ..batch import make_progress

    console = Console(stderr=True)
    if not console.is_terminal or console.is_dumb_terminal:
        return None
    if streams_to_stdout and sys.stdout.isatty():
        return make_progress(Console(highlight=False, soft_wrap=True), carries_stdout=True)
    return make_progress(console)


def report_errors(tally) -> bool:
    """Each file that could not be read, and each thing not done on a file, on stderr."""
    for path, message in tally.unreadable:
        warn(f"{path}: {message}")
    for path, note in tally.notes:
        warn(f"{path}: note: {note}")
    return bool(tally.unreadable)


def write_to(out, binary: bool = False):
    """How the report's pieces are written: to --output (a write that fails ends
    the run with exit 2 and leaves no half file), else to stdout (as bytes when `binary`)."""
    if out is None:
        return _stdout_bytes if binary else _stdout
    from .output import OutputError

    def write(text: str) -> None:
        try:
            out.write(text)
        except OutputError as exc:
            fail(str(exc))

    return write


def say(text: str) -> None:
    """What a run says beside its report (the text format's summary): on stderr."""
    click.echo(text, err=True, nl=False)


def _stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError) as exc:  # full, closed (pipe or fd), or no stdout at all
        _stdout_lost(exc)


def _stdout_bytes(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except (OSError, ValueError, AttributeError) as exc:
        _stdout_lost(exc)


def _stdout_lost(exc: Exception) -> None:
    stdout_lost()
    fail(f"cannot write to stdout: {getattr(exc, 'strerror', None) or 'it is closed'}")


def stdout_lost() -> None:
    """Point stdout at the null device, so that nothing left in its buffer fails again at exit."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass

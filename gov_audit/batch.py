"""Checking many reports: which files, in which order, on how many cores.

- Files: those named, and the reports under the folders named (walk.py:
  recursively, sorted, each once, filtered by .gitignore and --include /
  --exclude).
- Order: results come back in file order whatever the number of workers, so
  `--jobs 8` prints byte for byte what `--jobs 1` prints; each as soon as it
  is ready (a generator), so a caller can write it and let it go.
- Workers: processes (pool.py), at most one a core; each worker builds the
  rule set once from its recipe (rule packs + selection), since compiled rules
  need not travel. A worker the OS kills fails only the file it was checking.
  Workers ignore SIGINT, SIGTERM and SIGHUP: the main process stops them and
  exits without a traceback from any of them.
- Progress: a rich bar on stderr, only when stderr is a terminal, only for
  human formats, and only once a run has lasted a second.
"""
from __future__ import annotations

import functools
import gc
import sys
import time
from dataclasses import dataclass
from typing import Iterator, Optional

from .core.model import FileResult
from .pipeline import check_path
from .pool import OutOfTime, available_cores, deadline, memory_bound, ordered_map
from .walk import collect_files  # noqa: F401 - the files of a run are chosen there (re-exported)

PROGRESS_AFTER = 1.0  # seconds
SECONDS_PER_FILE = 60  # a report is checked in milliseconds; no file may hold a run for longer
MEMORY_PER_FILE = 1536 * 2**20  # what checking one file may add to its process (README: the inputs' caps)


@dataclass(frozen=True)
class RuleRecipe:
    """What a worker needs to build the same rule set as the main process."""

    packs: tuple = ()
    select: Optional[tuple] = None
    extend_select: tuple = ()
    ignore: tuple = ()

    def build(self):
        from .audit import load_rules, select_rules

        ruleset = load_rules(self.packs)
        return select_rules(ruleset, list(self.select) if self.select is not None else None,
                            self.extend_select, self.ignore)


# ---------------------------------------------------------------- running

_worker_rules = None
_worker_finish = None


def _init_worker(recipe: RuleRecipe, finish) -> None:
    global _worker_rules, _worker_finish
    if _worker_rules is None:  # a forked worker has the parent's rule set already
        _worker_rules = recipe.build()
    _worker_finish = finish
    gc.freeze()  # the rules live as long as the worker: no collection need look at them


def _check_one(item):
    index, path = item
    return _finished(_worker_finish, index, safe_check(path, _worker_rules))


def safe_check(path: str, ruleset) -> FileResult:
    """check_path, and a bug met on one file is reported for that file, not the run;
    a file whose check passes SECONDS_PER_FILE or MEMORY_PER_FILE is stopped and reported too."""
    try:
        with deadline(SECONDS_PER_FILE), memory_bound(MEMORY_PER_FILE):
            return check_path(path, ruleset)
    except OutOfTime:
        return FileResult(path=str(path), error=f"checking it took longer than {SECONDS_PER_FILE} s: stopped")
    except MemoryError:
        return FileResult(path=str(path), error=f"checking it needed more than {MEMORY_PER_FILE // 2**20} MiB "
                                                "of memory: stopped")
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - one bad report must not stop a collection
        return _internal_error(path, exc)


def _internal_error(path: str, exc: Exception) -> FileResult:
    return FileResult(path=str(path), error=f"internal error ({type(exc).__name__}: {exc}); please report it")


def _finished(finish, index: int, result: FileResult):
    """finish(index, result), or the result itself without `finish`; a bug in
    finishing (rendering) is that file's error too."""
    if finish is None:
        return result
    try:
        return finish(index, result)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001
        return finish(index, _internal_error(result.path, exc))


def iter_checks(files: list[str], recipe: RuleRecipe, ruleset=None, jobs: int = 1,
                progress=None, finish=None) -> Iterator[tuple]:
    """(index, finish(index, result)) for every file, in the order of `files`,
    each as soon as it and the files before it are done. `finish` (picklable)
    runs where the file was checked — in a worker with `jobs` > 1 — so that
    only what it returns travels back; without it the FileResult is yielded.
    `progress` is a Progress or None."""
    ticker = _Ticker(progress, len(files))
    if jobs <= 1 or len(files) <= 1:
        ruleset = ruleset if ruleset is not None else recipe.build()
        gc.freeze()  # the rules and caches made so far live as long as the run: collections skip them
        try:
            for index, path in enumerate(files):
                item = _finished(finish, index, safe_check(path, ruleset))
                ticker.advance(path)
                yield index, item
        finally:
            ticker.stop()
            gc.unfreeze()
        return
    global _worker_rules
    workers = min(jobs, len(files), available_cores())
    context = _pool_context()
    _worker_rules = ruleset if context.get_start_method() == "fork" else None
    gc.freeze()  # forked workers then share the parent's objects instead of copying them
    lost = functools.partial(_lost, finish)
    try:
        for index, item in ordered_map(context, workers, _check_one, list(enumerate(files)), lost,
                                       initializer=_init_worker, initargs=(recipe, finish)):
            ticker.advance(files[index])
            yield index, item
    finally:
        ticker.stop()
        gc.unfreeze()
        _worker_rules = None


def _lost(finish, item, reason: str):
    """The result of a file whose worker died checking it (made here, in the main process)."""
    index, path = item
    return _finished(finish, index, FileResult(path=str(path), error=reason))


def _pool_context():
    """fork on Linux: workers start at once and never re-import `__main__` (which, for
    `python -m gov_audit`, would run the CLI again); the platform default elsewhere."""
    import multiprocessing  # imported here: a one-file run need not pay for it

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class _Ticker:
    """Starts the progress display once a run has lasted PROGRESS_AFTER seconds."""

    def __init__(self, progress, total: int):
        self.progress = progress
        self.total = total
        self.done = 0
        self.began = time.monotonic()
        self.task = None

    def advance(self, path: str) -> None:
        self.done += 1
        if self.progress is None:
            return
        if self.task is None:
            if time.monotonic() - self.began < PROGRESS_AFTER or self.done >= self.total:
                return
            self.progress.start()
            self.task = self.progress.add_task("checking", total=self.total, completed=self.done - 1)
        self.progress.update(self.task, advance=1, description=_short(path))

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()


def _short(path: str, width: int = 40) -> str:
    """The file being checked, as the bar shows it: its end, one harmless line."""
    from .core.display import shown

    path = shown(path)
    return path if len(path) <= width else "…" + path[-(width - 1):]


def make_progress(console, carries_stdout: bool = False):
    """A transient bar on `console`. `carries_stdout`: the bar's console is the screen
    stdout goes to, and lines written to stdout meanwhile are printed above the bar;
    otherwise stdout is left alone (it may be a file)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True, redirect_stdout=carries_stdout, redirect_stderr=False,
    )

"""Checking many reports: which files, in which order, on how many cores.

- Files: those named, and under folders named the supported files, recursively,
  sorted, each once; `--include` / `--exclude` globs filter the files found in
  folders (a file named on the command line is always checked). A glob
  matches the file name (`*.md`), the path below the folder given
  (`2019/*.txt`), or a folder on the way (`drafts`).
- Order: results come back in file order whatever the number of workers, so
  `--jobs 8` prints byte for byte what `--jobs 1` prints.
- Workers: a multiprocessing pool; each worker builds the rule set once from
  its recipe (rule packs + selection), since compiled rules need not travel.
  Workers ignore SIGINT: Ctrl-C reaches the main process, which terminates the
  pool and exits 130 without a traceback from any of them.
- Progress: a rich bar on stderr, only when stderr is a terminal, only for
  human formats, and only once a run has lasted a second.
"""
from __future__ import annotations

import fnmatch
import multiprocessing
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from .check import SUPPORTED, check_path
from .model import FileResult

PROGRESS_AFTER = 1.0  # seconds


@dataclass(frozen=True)
class RuleRecipe:
    """What a worker needs to build the same rule set as the main process."""

    packs: tuple = ()
    select: Optional[tuple] = None
    extend_select: tuple = ()
    ignore: tuple = ()

    def build(self):
        from .engine import load_rules
        from .selection import select_rules

        ruleset = load_rules(self.packs)
        return select_rules(ruleset, list(self.select) if self.select is not None else None,
                            self.extend_select, self.ignore)


def _matches(patterns: Iterable[str], relative: str) -> bool:
    parts = relative.split("/")
    candidates = {relative, parts[-1]} | {"/".join(parts[:i]) for i in range(1, len(parts))}
    return any(fnmatch.fnmatchcase(c, p) for p in patterns for c in candidates)


def collect_files(paths: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = ()) -> list[str]:
    """The files to check, in a deterministic order, each once."""
    include, exclude = list(include), list(exclude)
    seen: set = set()
    files: list[str] = []

    def add(name: str) -> None:
        key = str(Path(name).resolve()) if Path(name).exists() else name
        if key not in seen:
            seen.add(key)
            files.append(name)

    for given in paths:
        root = Path(given)
        if not root.is_dir():
            add(str(given))
            continue
        found = []
        for path in root.rglob("*"):
            if not path.is_file() or path.suffix.lower() not in SUPPORTED:
                continue
            relative = path.relative_to(root).as_posix()
            if any(part.startswith(".") for part in relative.split("/")[:-1]):
                continue  # .git, .venv and the like
            if include and not _matches(include, relative):
                continue
            if exclude and _matches(exclude, relative):
                continue
            found.append(path)
        for path in sorted(found, key=lambda p: p.relative_to(root).parts):
            add(str(path))
    return files


# ---------------------------------------------------------------- running

_worker_rules = None


def _init_worker(recipe: RuleRecipe) -> None:
    global _worker_rules
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_rules = recipe.build()


def _check_one(item):
    index, path = item
    return index, safe_check(path, _worker_rules)


def safe_check(path: str, ruleset) -> FileResult:
    """check_path, and a bug met on one file is reported for that file, not the run."""
    try:
        return check_path(path, ruleset)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - one bad report must not stop a collection
        return FileResult(path=str(path), error=f"internal error ({type(exc).__name__}: {exc}); please report it")


def run_checks(files: list[str], recipe: RuleRecipe, ruleset=None, jobs: int = 1,
               progress=None) -> list[FileResult]:
    """Check every file; results in the order of `files`. `progress` is a Progress or None."""
    results: list = [None] * len(files)
    ticker = _Ticker(progress, len(files))
    if jobs <= 1 or len(files) <= 1:
        ruleset = ruleset if ruleset is not None else recipe.build()
        try:
            for index, path in enumerate(files):
                results[index] = safe_check(path, ruleset)
                ticker.advance(path)
        finally:
            ticker.stop()
        return results
    pool = _pool_context().Pool(min(jobs, len(files)), initializer=_init_worker, initargs=(recipe,))
    try:
        for index, result in pool.imap_unordered(_check_one, enumerate(files)):
            results[index] = result
            ticker.advance(result.path)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        ticker.stop()
        pool.join()
    return results


def _pool_context():
    """fork on Linux: workers start at once and never re-import `__main__` (which, for
    `python -m gov_audit`, would run the CLI again); the platform default elsewhere."""
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
    return path if len(path) <= width else "…" + path[-(width - 1):]


def make_progress(console):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True,
    )


# ---------------------------------------------------------------- summary


def table_unread(result: FileResult) -> bool:
    """A report whose statistical table could not be read (or that has none we know)."""
    if result.error:
        return False
    if any(f.kind == "unreadable_table" for f in result.findings):
        return True
    return result.coverage is not None and not result.coverage.tables_found


@dataclass
class BatchSummary:
    files: int
    files_with_errors: int  # error-level findings
    unreadable: list  # paths that could not be read at all
    tables_unread: list  # paths whose table could not be read
    by_kind: dict  # kind → Counter(severity → n)


def batch_summary(results: list[FileResult]) -> BatchSummary:
    by_kind: dict = {}
    for result in results:
        for finding in result.findings:
            by_kind.setdefault(finding.kind, Counter())[finding.severity] += 1
    return BatchSummary(
        files=len(results),
        files_with_errors=sum(1 for r in results if any(f.severity == "error" for f in r.findings)),
        unreadable=[r.path for r in results if r.error],
        tables_unread=[r.path for r in results if table_unread(r)],
        by_kind=dict(sorted(by_kind.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))),
    )

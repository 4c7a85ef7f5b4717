"""Which files a run checks: those named, and the reports found in the folders named.

A folder is searched recursively, in sorted order; each file is checked once.
What a folder holds is filtered as git and ruff do, with gitignore patterns
(pathspec implements git's rules, negation and anchoring included):

- `.gitignore` files — of the folder, of its subfolders and of the folders
  above it up to the repository's root — and the repository's
  `.git/info/exclude` leave out what they ignore (unless `respect_gitignore`
  is off); a deeper file's patterns win over a shallower one's, as in git, and
  nothing inside an ignored folder is taken back.
- `--exclude` patterns leave out what they match, `--include` patterns keep
  only what they match; both are relative to the folder given (`drafts`
  matches a folder or file of that name at any depth, `2019/*.txt` only below
  the folder's own `2019`, `*.md` any Markdown file).
- Hidden folders (.git, .venv…) are skipped.

A file named on the command line is always checked, whatever the patterns say,
and `-` is standard input.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Optional

from .load import FOLDER_SUFFIXES

GITIGNORE = ".gitignore"


def collect_files(paths: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = (),
                  respect_gitignore: bool = True) -> list[str]:
    """The files to check, in a deterministic order, each once."""
    include, exclude = list(include), list(exclude)
    seen: set = set()
    files: list[str] = []
    for given in paths:
        found = _found(Path(given), include, exclude, respect_gitignore) if _is_folder(Path(given)) else [str(given)]
        for name in found:
            key = _identity(name)
            if key not in seen:
                seen.add(key)
                files.append(name)
    return files


def _found(root: Path, include: list, exclude: list, respect_gitignore: bool) -> list[str]:
    """The reports under a folder, sorted by their path below it."""
    ignored = _Gitignores(root) if respect_gitignore else None
    keep = _spec(include) if include else None
    leave = _spec(exclude) if exclude else None

    def left_out(below: str, name: str, is_folder: bool) -> bool:
        if ignored is not None and ignored.ignores(below, name, is_folder):
            return True
        relative = f"{below}/{name}" if below else name
        return leave is not None and leave.match_file(relative + ("/" if is_folder else ""))

    found = []

    def unlisted(error: OSError) -> None:
        """A folder that cannot be listed is named, so that its check says why (not silence)."""
        folder = Path(error.filename) if error.filename is not None else root
        below = folder.relative_to(root).as_posix() if folder != root else ""
        found.append((below.split("/") if below else [], str(folder)))

    for folder, subfolders, names in os.walk(root, onerror=unlisted):
        below = Path(folder).relative_to(root).as_posix()
        below = "" if below == "." else below
        if ignored is not None:
            ignored.enter(below)
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and not left_out(below, d, True)]
        for name in names:
            # A broken link to a report is named too: it gets its own error, not silence.
            if os.path.splitext(name)[1].lower() not in FOLDER_SUFFIXES or left_out(below, name, False):
                continue
            relative = f"{below}/{name}" if below else name
            if keep is None or keep.match_file(relative):
                found.append((relative.split("/"), str(Path(folder, name))))
    return [name for _, name in sorted(found)]


def _identity(name: str) -> str:
    """What makes two names one file: its resolved path (the name itself when it cannot be resolved)."""
    try:
        return str(Path(name).resolve()) if Path(name).exists() else name
    except (OSError, RuntimeError):  # a name too long, a link loop: its check says so
        return name


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the system: checked as a file, it says so
        return False


def _spec(patterns: list):
    import pathspec  # imported only for a folder run that needs it

    return pathspec.GitIgnoreSpec.from_lines(patterns)


class _Gitignores:
    """The gitignore patterns that apply in each folder under a root, deepest last."""

    def __init__(self, root: Path):
        self.top = root.resolve()
        self.chains: dict = {}  # folder below the root ("" for the root) → [(folder, spec)] that apply there
        self.base: list = []  # those of the repository's exclude file and of the folders above the root
        repository = _repository(self.top)
        if repository is not None:
            exclude = repository / ".git" / "info" / "exclude"
            if exclude.is_file():
                self.base.append((repository, _spec(_lines(exclude))))
            for folder in reversed(self.top.relative_to(repository).parents):
                self._add(repository / folder, self.base)

    @staticmethod
    def _add(folder: Path, chain: list) -> None:
        file = folder / GITIGNORE
        if file.is_file():
            chain.append((folder, _spec(_lines(file))))

    def enter(self, below: str) -> None:
        """Start a folder (os.walk goes top-down): its parent's patterns, then its own."""
        chain = list(self.chains[below.rpartition("/")[0]] if below else self.base)
        self._add(self.top / below, chain)
        self.chains[below] = chain

    def ignores(self, below: str, name: str, is_folder: bool) -> bool:
        """Whether git ignores `name` in the folder `below` the root: the last pattern that matches decides."""
        target = self.top / below / name
        decided: Optional[bool] = None
        for folder, spec in self.chains[below]:
            result = spec.check_file(target.relative_to(folder).as_posix() + ("/" if is_folder else "")).include
            if result is not None:
                decided = result
        return bool(decided)


def _repository(folder: Path) -> Optional[Path]:
    """The root of the git repository `folder` is in (the folder holding `.git`), if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []

"""Writing --output atomically: a temp file in the same folder, then os.replace.

A run that is interrupted, or fails half-way, leaves the previous file (or
none), never half a report. The temp file is created before the run starts,
so an unwritable destination fails at once (exit 2) instead of after an
hour of checking.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional

from ..core.readfile import not_regular


class OutputError(Exception):
    """--output cannot be written; the message says where and why."""


class AtomicOutput:
    """`open()` early, `write()` pieces, `commit(text | None)` at the end, `discard()` on failure."""

    def __init__(self, target: str, binary: bool = False):
        self.target = Path(target)
        self.binary = binary
        self.temp: Optional[str] = None
        self.handle = None  # open once something is written piece by piece

    def open(self) -> "AtomicOutput":
        what = _not_a_regular_file(self.target)
        if what:
            raise OutputError(f"cannot write --output {self.target}: {what}; name a regular file")
        folder = self.target.parent if str(self.target.parent) else Path(".")
        try:
            import tempfile
            handle, self.temp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise OutputError(f"cannot write --output {self.target}: {exc.strerror or exc}") from None
        os.close(handle)
        return self

    def refuse_inputs(self, inputs) -> None:
        """An output that is one of the run's inputs (by device and inode, so a hard link or
        another spelling of the name is caught too) would be overwritten by its own report."""
        try:
            mine = os.stat(self.target)
        except OSError:
            return  # not there yet: it is no input
        for name in inputs:
            try:
                theirs = os.stat(name)
            except (OSError, ValueError):
                continue
            if (theirs.st_dev, theirs.st_ino) == (mine.st_dev, mine.st_ino):
                self.discard()
                raise OutputError(f"cannot write --output {self.target}: it is an input of this run ({name})")

    @property
    def path(self) -> str:
        """Where to write (for writers, such as sqlite, that need a file name)."""
        assert self.temp is not None
        return self.temp

    def write(self, content) -> None:
        """Append to the temp file (a report written file by file)."""
        assert self.temp is not None
        try:
            if self.handle is None:
                mode = "wb" if self.binary else "w"
                self.handle = open(self.temp, mode, **({} if self.binary else {"encoding": "utf-8", "newline": ""}))
            self.handle.write(content)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write --output {self.target}: {exc.strerror or exc}") from None

    def commit(self, content=None) -> None:
        """Write `content` (when given) to the temp file, then move it into place."""
        assert self.temp is not None
        if content is not None:
            self.write(content)
        try:
            if self.handle is not None:
                self.handle.flush()
                os.fsync(self.handle.fileno())
                self.handle.close()
                self.handle = None
            os.chmod(self.temp, _mode_for(self.target))
            os.replace(self.temp, self.target)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write --output {self.target}: {exc.strerror or exc}") from None
        self.temp = None

    def discard(self) -> None:
        if self.handle is not None:
            try:
                self.handle.close()
            except OSError:
                pass  # the disk is full: what is left in the buffer is dropped with the file
            self.handle = None
        if self.temp is not None:
            try:
                os.unlink(self.temp)
            except OSError:
                pass
            self.temp = None


def _not_a_regular_file(target: Path):
    """What an existing output is when it is not a regular file (renaming over a link, a
    FIFO or a device would replace it with a file); None when it is one or is not there."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return str(getattr(exc, "strerror", None) or exc)
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link"
    if stat.S_ISDIR(info.st_mode):
        return "it is a folder"
    return not_regular(info.st_mode)


def _mode_for(target: Path) -> int:
    """Keep an existing file's mode; a new one gets the usual 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

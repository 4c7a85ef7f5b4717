"""Reading a file the user named — a report, a rule pack, a baseline, a configuration — bounded.

Only a regular file is read: a FIFO would block forever, `/dev/zero` would never end, a device
or socket is no report. The file is opened without blocking and checked on
the open descriptor, so it cannot be swapped for a FIFO between a check and
the read, and at most `limit` bytes are read, whatever its size says (it may
grow while read). Every failure is an `Unreadable` with a plain reason.
"""
from __future__ import annotations

import os
import stat

KINDS = (  # what a name that is not a regular file is
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "not a regular file (a FIFO)"),
    (stat.S_ISSOCK, "not a regular file (a socket)"),
    (stat.S_ISCHR, "not a regular file (a character device)"),
    (stat.S_ISBLK, "not a regular file (a block device)"),
)


class Unreadable(Exception):
    """A file that cannot be read; `reason` says why in a few words, `size` when too large."""

    def __init__(self, reason: str, size: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.size = size


def not_regular(mode: int) -> str | None:
    """What a file of this mode is, when it is not a regular file."""
    for test, what in KINDS:
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_regular(name: str, limit: int) -> bytes:
    """At most `limit` bytes of a regular file; Unreadable otherwise."""
    try:
        with open(name, "rb", opener=_without_blocking) as handle:
            info = os.fstat(handle.fileno())
            what = not_regular(info.st_mode)
            if what:
                raise Unreadable(what)
            if info.st_size > limit:
                raise Unreadable("too large", info.st_size)
            return _bounded(handle.read, limit)
    except OSError as exc:
        raise Unreadable(reason_of(exc)) from None
    except ValueError as exc:  # a NUL byte in the name
        raise Unreadable(f"cannot read file: {exc}") from None


def _without_blocking(name, flags: int) -> int:
    """Opening a FIFO for reading waits for a writer: never, here (the check comes next)."""
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


def _bounded(read, limit: int) -> bytes:
    data = read(limit + 1)
    if len(data) > limit:
        raise Unreadable("too large", len(data))
    return data


def reason_of(exc: OSError) -> str:
    """An OSError in a few words: what a user can act on."""
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read file: {getattr(exc, 'strerror', None) or exc or type(exc).__name__}"

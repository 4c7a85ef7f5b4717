"""Reading a report file's bytes, and the one error a user's file may cause: InputError.

Every problem a user can cause — a missing, unreadable, empty or oversized
file, an undecodable text, a damaged PDF — is an InputError with a plain
message naming the file; no OSError or UnicodeError escapes a loader.
"""
from __future__ import annotations

import os
import stat
import sys

from ..core.readfile import Unreadable, read_regular, reason_of

MAX_BYTES = 50 * 1024 * 1024  # 50 MiB: far above any real report

class InputError(Exception):
    """A file the user named cannot be read as a report."""

    def __init__(self, path, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _not_found(name: str) -> str:
    if os.path.islink(name):
        return f"broken symbolic link (its target {os.readlink(name)} does not exist)"
    return "file not found"


def read_bytes(name: str) -> bytes:
    """The file's bytes: an InputError for whatever makes them unusable (a FIFO, a device…)."""
    try:
        info = os.stat(name)  # a file too large is refused before it is opened
    except FileNotFoundError:
        raise InputError(name, _not_found(name)) from None
    except (OSError, ValueError) as exc:  # permission, bad path (NUL byte, too long, …)
        raise InputError(name, _reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(name, _folder(name))
    if info.st_size > MAX_BYTES:
        raise InputError(name, _too_large(info.st_size))
    try:
        raw = read_regular(name, MAX_BYTES)
    except Unreadable as exc:
        raise InputError(name, _too_large(exc.size) if exc.size is not None else exc.reason) from None
    if not raw:
        raise InputError(name, "empty file")
    return raw


def _folder(name: str) -> str:
    """A folder where a report was expected: one that cannot even be listed says so."""
    try:
        with os.scandir(name):
            return "is a directory"
    except OSError as exc:
        return f"folder cannot be read: {reason_of(exc)}"


def read_stdin() -> bytes:
    """A report's bytes from standard input, bounded as a file's are."""
    try:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    except (OSError, AttributeError, ValueError) as exc:  # closed, or not a byte stream
        raise InputError("-", f"cannot read standard input: {_reason(exc)}") from None
    if len(raw) > MAX_BYTES:
        raise InputError("-", _too_large(len(raw)))
    if not raw:
        raise InputError("-", "empty input")
    return raw


def _too_large(size: int) -> str:
    return f"file too large: {size} bytes, more than {MAX_BYTES} ({MAX_BYTES / 2**20:g} MiB)"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return reason_of(exc)
    return f"cannot read file: {exc}"

"""A cache file that is used only when it can be trusted, and rebuilt otherwise.

The cache directory may be shared (a server's $XDG_CACHE_HOME, a CI cache
restored from elsewhere). The cache holds marshalled data, and marshal is
no defence against a crafted file (5 bytes may ask for 16 GB). So a cache is
read only when all of these hold, and otherwise the caller rebuilds it from
the YAML:

- it and its folder belong to the user running govaudit and no one else may
  write them (mode without group/other write), and it is a regular file (not
  a link, not a FIFO);
- it is at most MAX_CACHE_BYTES;
- it starts with MAGIC and the SHA-256 of the rest, which matches (a file cut
  short or damaged is refused before marshal sees it).

It is written to a temp file in the same folder (made 0700 when created),
then renamed into place.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Optional

MAGIC = b"govaudit-cache-1\n"
MAX_CACHE_BYTES = 16 * 1024 * 1024  # the built-in YAML makes ~1 MiB


def _trusted(info: os.stat_result) -> bool:
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_cache(path: Path) -> Optional[bytes]:
    """The payload of a trusted, intact cache file; None for anything else."""
    try:
        if not _trusted(os.stat(path.parent)):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _trusted(info) or info.st_size > MAX_CACHE_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    head = len(MAGIC) + 32
    if len(data) > MAX_CACHE_BYTES or not data.startswith(MAGIC) or len(data) < head:
        return None
    payload = data[head:]
    return payload if hashlib.sha256(payload).digest() == data[len(MAGIC):head] else None


def write_cache(path: Path, payload: bytes) -> None:
    """Write the cache atomically; give up quietly (no cache this time) when it cannot be."""
    if len(payload) + len(MAGIC) + 32 > MAX_CACHE_BYTES:
        return
    temp = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(path.parent)):
            return  # another user's folder, or one anyone may write: never ours to fill
        import tempfile
        handle, temp = tempfile.mkstemp(prefix=".cache-", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temp, path)
        temp = None
    except OSError:
        pass
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass

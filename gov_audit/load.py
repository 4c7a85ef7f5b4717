"""Read a plain-text or markdown report into a Document.

Why it looks like this:

- The encoding is detected from the bytes, never from the extension: reports
  arrive as UTF-8 (with or without BOM), GBK/GB18030 and UTF-16 with a BOM.
- Every later stage matches on `Document.text` but reports positions and quotes
  in `Document.original`. Normalization is therefore character for character
  (same length), so an offset into one is the same offset into the other.
- OpenCC is slow to load and most reports are simplified, so whether a text is
  traditional is decided from a shipped character list (data/traditional_chars.txt,
  made by scripts/make_traditional_chars.py), and OpenCC is loaded only when needed.
- Every problem a user can cause is an InputError with a plain message; no
  OSError or UnicodeError escapes.

Other loaders (html, pdf, docx) decode their own formats and then call
`document_from_text`.
"""
from __future__ import annotations

import importlib

import os
import stat
from importlib import resources
from pathlib import Path
from typing import Optional

from .model import Document

MAX_BYTES = 50 * 1024 * 1024  # 50 MiB: far above any real report

# A text is traditional when it has at least this many occurrences of
# traditional-only characters. One or two (a quoted 《關於…》 title, a name)
# do not make a report traditional; a real traditional report has hundreds
# (fixture 000 has ~1800), a simplified one has none.
TRADITIONAL_THRESHOLD = 3

LEGACY_WORD = (".doc", ".wps")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.wps/.xls containers
# Structured formats: their loaders build the text with textbuild and are
# imported only when such a file comes (PDF and HTML parsers are heavy).
STRUCTURED = {
    "html": (".load_html", "html_document"),
    "pdf": (".load_pdf", "pdf_document"),
    "docx": (".load_docx", "docx_document"),
}
MARKDOWN = (".md", ".markdown")

_BOM_UTF8 = b"\xef\xbb\xbf"
_BOM_UTF16 = (b"\xff\xfe", b"\xfe\xff")

# Every character for which str.isspace() is true, except "\n" (which the
# original keeps; "\r" is gone by then), plus the other C0 controls and DEL:
# all become " " in the normalized text. tests assert this list is complete.
_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_CONTROLS = "".join(chr(c) for c in range(0x20) if c not in (0x0A,) and chr(c) not in _SPACES) + "\x7f"
_TABLE = {ord(ch): " " for ch in _SPACES + _CONTROLS}
# Full-width ASCII variants ！..～ (U+FF01–U+FF5E) → ! .. ~
_TABLE.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})

_traditional_chars: Optional[frozenset] = None
_converter = None  # OpenCC('t2s'), created on first use


class InputError(Exception):
    """A file the user named cannot be read as a report."""

    def __init__(self, path, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def load_document(path: str | Path) -> Document:
    """Read a .txt/.md (or any other plain-text) report from disk."""
    name = str(path)
    raw = _read_bytes(name)
    suffix = Path(name).suffix.lower()
    if suffix in LEGACY_WORD or raw.startswith(OLE_MAGIC):
        raise InputError(name, "legacy Word format (.doc/.wps) is not supported: save it as .docx")
    kind = _sniff(suffix, raw)
    if kind is not None:
        module_name, function_name = STRUCTURED[kind]
        module = importlib.import_module(module_name, __package__)
        return getattr(module, function_name)(name, raw)
    text, encoding = _decode(name, raw)
    media = "markdown" if suffix in MARKDOWN else "text"
    return document_from_text(text, path=name, media=media, encoding=encoding)


def _sniff(suffix: str, raw: bytes):
    """Which structured loader a file needs, by its bytes first, then its name."""
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04") and suffix == ".docx":
        return "docx"
    if suffix in (".html", ".htm", ".xhtml") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".docx":
        return "docx"
    return None


def document_from_text(text: str, path: str = "<text>", media: str = "text", *,
                       encoding: str = "utf-8") -> Document:
    """Build a Document from already-decoded text.

    "\\r\\n" and lone "\\r" become "\\n" in the original first (so line numbers
    are right); everything after that keeps the length. Loaders that keep a
    position map should pass text without "\\r" so their offsets stay valid.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    traditional = is_traditional(text)
    normalized = to_simplified(text) if traditional else text
    normalized = normalized.translate(_TABLE)
    assert len(normalized) == len(text), "normalization must keep the length"
    return Document(path=str(path), original=text, text=normalized, encoding=encoding,
                    traditional=traditional, media=media)


def traditional_chars() -> frozenset:
    """Characters that only traditional Chinese uses (loaded once)."""
    global _traditional_chars
    if _traditional_chars is None:
        data = resources.files("gov_audit").joinpath("data", "traditional_chars.txt").read_text("utf-8")
        _traditional_chars = frozenset(
            ch for line in data.splitlines() if not line.startswith("#") for ch in line if not ch.isspace()
        )
    return _traditional_chars


def is_traditional(text: str) -> bool:
    """At least TRADITIONAL_THRESHOLD traditional-only characters in text."""
    chars = traditional_chars()
    if chars.isdisjoint(text):
        return False
    count = 0
    for ch in text:
        if ch in chars:
            count += 1
            if count >= TRADITIONAL_THRESHOLD:
                return True
    return False


def to_simplified(text: str) -> str:
    """OpenCC t2s, but never changing the length of the text.

    Whole text first (phrases convert best in context); if that changed the
    length, line by line; a line whose length still changes goes character by
    character, and a character that converts to several keeps itself.
    """
    converter = _opencc()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    lines = []
    for line in text.split("\n"):
        out = converter.convert(line)
        lines.append(out if len(out) == len(line) else _by_char(converter, line))
    return "\n".join(lines)


def _by_char(converter, text: str) -> str:
    cache: dict[str, str] = {}
    out = []
    for ch in text:
        if ch not in cache:
            result = converter.convert(ch)
            cache[ch] = result if len(result) == 1 else ch
        out.append(cache[ch])
    return "".join(out)


def _opencc():
    global _converter
    if _converter is None:
        from opencc import OpenCC

        _converter = OpenCC("t2s")
    return _converter


def _read_bytes(name: str) -> bytes:
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise InputError(name, "file not found") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except (OSError, ValueError) as exc:  # bad path (NUL byte, too long, …)
        raise InputError(name, f"cannot read file: {_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(name, "is a directory")
    if info.st_size > MAX_BYTES:
        raise InputError(name, _too_large(info.st_size))
    try:
        with open(name, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may have grown since stat
    except FileNotFoundError:
        raise InputError(name, "file not found") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except OSError as exc:
        raise InputError(name, f"cannot read file: {_reason(exc)}") from None
    if len(raw) > MAX_BYTES:
        raise InputError(name, _too_large(len(raw)))
    if not raw:
        raise InputError(name, "empty file")
    return raw


def _decode(name: str, raw: bytes) -> tuple[str, str]:
    if raw.startswith(_BOM_UTF16):
        try:
            text = raw.decode("utf-16")
        except UnicodeError:
            raise InputError(name, "cannot decode as UTF-16 (it starts with a UTF-16 byte-order mark)") from None
        encoding = "utf-16"
        if "\x00" in text:
            raise InputError(name, "binary file (NUL characters in UTF-16 text)")
    elif b"\x00" in raw:
        raise InputError(name, "binary file (contains NUL bytes; UTF-16 text needs a byte-order mark)")
    elif raw.startswith(_BOM_UTF8):
        try:
            text, encoding = raw.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeError:
            raise InputError(name, "cannot decode as UTF-8 (it starts with a UTF-8 byte-order mark)") from None
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeError:
            try:
                text, encoding = raw.decode("gb18030"), "gb18030"
            except UnicodeError:
                raise InputError(name, "cannot decode as UTF-8, GB18030 (GBK) or UTF-16") from None
    if not text.strip():
        raise InputError(name, "empty file (no text)")
    return text, encoding


def _too_large(size: int) -> str:
    return f"file too large: {size} bytes, more than {MAX_BYTES} ({MAX_BYTES / 2**20:g} MiB)"


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__

"""Loading: a report file into a Document (original text, normalized text, positions).

Each input format is one module with one function `(path, bytes) -> Document`,
named in INPUT_FORMATS by the file suffixes it reads; a new format is a module
and a line there. Its module is imported only when such a file comes (the PDF,
HTML and Word parsers are heavy). The bytes decide before the name: a PDF is
read as a PDF, and a page starting `<html` as HTML, whatever they are called.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from ..core.model import Document
from .files import MAX_BYTES, InputError, read_bytes, read_stdin
from .limits import MAX_HTML_BYTES, MAX_TEXT_BYTES
from .text import document_from_text

__all__ = ["INPUT_FORMATS", "FOLDER_SUFFIXES", "STDIN", "InputError", "document_from_text", "load_document"]

STDIN = "-"  # the path that stands for standard input (its format is told by its bytes, else plain text)


@dataclass(frozen=True)
class InputFormat:
    """Where the loader of a format is: a module of this package and its function, and
    the largest file it reads (set from the memory it takes: limits.py)."""

    module: str
    function: str
    max_bytes: int = MAX_BYTES

    def load(self, path: str, raw: bytes) -> Document:
        return getattr(importlib.import_module(f"{__name__}.{self.module}"), self.function)(path, raw)


PLAIN = InputFormat("text", "plain_document", MAX_TEXT_BYTES)
MARKDOWN = InputFormat("text", "markdown_document", MAX_TEXT_BYTES)
HTML = InputFormat("html", "html_document", MAX_HTML_BYTES)
PDF = InputFormat("pdf", "pdf_document")
DOCX = InputFormat("docx", "docx_document")
LEGACY_WORD = InputFormat("docx", "refuse_legacy_word")

INPUT_FORMATS = {
    ".txt": PLAIN,
    ".text": PLAIN,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".pdf": PDF,
    ".docx": DOCX,
    ".doc": LEGACY_WORD,
    ".wps": LEGACY_WORD,
}
# The suffixes searched for in folders: every one read, except .xhtml, which is
# read as HTML only when a file is named.
FOLDER_SUFFIXES = frozenset(INPUT_FORMATS) - {".xhtml"}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.wps/.xls containers
PDF_MAGIC = b"%PDF-"
HTML_STARTS = (b"<!doctype html", b"<html")
ENCRYPTED_WORD = "encrypted Word file: remove the password (save it without one) and try again"


def load_document(path: str | Path) -> Document:
    """Read a report from disk; an InputError says why a file cannot be read."""
    name = str(path)
    raw = read_stdin() if name == STDIN else read_bytes(name)
    kind = input_format(name, raw)
    if len(raw) > kind.max_bytes:
        raise InputError(name, f"file too large for a {kind.module.upper()} report: {len(raw)} bytes, more than "
                               f"{kind.max_bytes} ({kind.max_bytes / 2**20:g} MiB)")
    return kind.load(name, raw)


def input_format(name: str, raw: bytes) -> InputFormat:
    """A file's format: by its bytes first, then by its name (plain text when neither says)."""
    suffix = Path(name).suffix.lower()
    if raw.startswith(OLE_MAGIC):
        if suffix == ".docx":
            raise InputError(name, ENCRYPTED_WORD)
        return LEGACY_WORD
    named = INPUT_FORMATS.get(suffix, PLAIN)
    if named is LEGACY_WORD:
        return named
    if raw.startswith(PDF_MAGIC):
        return PDF
    if raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(HTML_STARTS):
        return HTML
    return named

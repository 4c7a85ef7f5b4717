"""A PDF's streams measured before pdfium reads it: within the bounds of limits.py, or not.

pdfium decodes a stream whole, in C, when a page needs it, and interprets a
content stream without a bound on its operations: a Flate stream that expands
a thousandfold, or a page of millions of path operators, would be taken whole
before any bound could stop it. So, before a PDF is handed to pdfium, every
stream in the file is decoded here with its output counted and thrown away
(ASCII85 and hex as they are, Flate with zlib in C a chunk at a time) and the
tokens of what it decodes to are counted (each operand or operator stands
after a space or a delimiter). A stream past MAX_PAGE_STREAM_BYTES or
MAX_PAGE_OPERATIONS tokens, or all streams together past MAX_PDF_STREAM_BYTES,
and the PDF goes to pdfplumber, whose reading bounded.py bounds as it reads (a
page left out and said so, or the file refused). So does a PDF whose streams
cannot be measured so: an encrypted one, or one with a filter that expands
other than Flate (LZW, RunLength). Image filters (DCT, JPX …) are not decoded:
their data counts as it is.
"""
from __future__ import annotations

import base64
import binascii
import re
import zlib

from .. import limits

STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
NAME = re.compile(rb"/([A-Za-z0-9]+)")
ENCRYPTED = b"/Encrypt"
FLATE = (b"FlateDecode", b"Fl")
ASCII85 = (b"ASCII85Decode", b"A85")
ASCIIHEX = (b"ASCIIHexDecode", b"AHx")
EXPANDING = (b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL")  # not measured here
SEPARATORS = b" \n\r\t/([<"  # a token of a content stream starts after one of these
CHUNK = 1 << 20
DICTIONARY_REACH = 4096  # bytes before `stream` searched for its dictionary's /Filter


class _Unmeasured(Exception):
    """A stream this module cannot measure: pdfplumber reads the PDF."""


def within_bounds(raw: bytes) -> bool:
    """Whether every stream of the file decodes within the bounds (see the module)."""
    if ENCRYPTED in raw:
        return False
    total = 0
    try:
        for m in STREAM_START.finditer(raw):
            end = raw.find(b"endstream", m.end())
            data = raw[m.end():end if end != -1 else len(raw)]
            size, tokens = _decoded(data, _filters(raw, m.start()))
            if size > limits.MAX_PAGE_STREAM_BYTES or tokens > limits.MAX_PAGE_OPERATIONS:
                return False
            total += size
            if total > limits.MAX_PDF_STREAM_BYTES:
                return False
    except _Unmeasured:
        return False
    return True


def _filters(raw: bytes, stream_at: int) -> list:
    """The filter names of the stream starting at `stream_at`, from its dictionary."""
    begin = max(raw.rfind(b"obj", max(0, stream_at - DICTIONARY_REACH), stream_at), stream_at - DICTIONARY_REACH, 0)
    found = FILTER.search(raw, begin, stream_at)
    return NAME.findall(found.group(1)) if found else []


def _decoded(data: bytes, filters: list) -> tuple[int, int]:
    """(decoded size, tokens) of a stream, counted up to just past the bounds."""
    for position, name in enumerate(filters):
        if name in EXPANDING:
            raise _Unmeasured
        if name in ASCII85:
            data = _ascii85(data)
        elif name in ASCIIHEX:
            data = _hex(data)
        elif name in FLATE:
            if position != len(filters) - 1:
                raise _Unmeasured  # a filter after Flate: measured by bounded.py
            return _inflated(data)
        else:
            return len(data), 0  # an image's data: not drawing operations
    return len(data), _tokens(data)


def _inflated(data: bytes) -> tuple[int, int]:
    inflater = zlib.decompressobj()
    size = tokens = 0
    limit = limits.MAX_PAGE_STREAM_BYTES
    try:
        while data and size <= limit and tokens <= limits.MAX_PAGE_OPERATIONS:
            piece = inflater.decompress(data, min(CHUNK, limit + 1 - size))
            size += len(piece)
            tokens += _tokens(piece)
            data = inflater.unconsumed_tail
            if inflater.eof or not piece:
                break
    except zlib.error:
        pass  # a damaged stream: pdfium reads what it can of it, so is it measured
    return size, tokens


def _tokens(data: bytes) -> int:
    """At least the operands and operators in `data` (each stands after a separator)."""
    return sum(data.count(separator) for separator in (bytes([b]) for b in SEPARATORS)) + 1


def _ascii85(data: bytes) -> bytes:
    text = data.strip()
    end = text.find(b"~>")
    try:
        return base64.a85decode(text[:end] if end != -1 else text, ignorechars=b" \t\n\r\x0b\x0c")
    except ValueError:
        raise _Unmeasured from None


def _hex(data: bytes) -> bytes:
    text = bytes(b for b in data.split(b">", 1)[0] if chr(b) in "0123456789abcdefABCDEF")
    try:
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except binascii.Error:
        raise _Unmeasured from None

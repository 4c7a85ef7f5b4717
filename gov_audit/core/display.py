"""Showing names and text that come from outside (file names, reports, rule packs) safely.

A file name may hold any byte but `/` and NUL: a newline that forges a
`::error` line for GitHub Actions, an ESC or OSC sequence that rewrites the
terminal, bytes that are not UTF-8 (GBK names from Windows archives, which
Python keeps as lone surrogates). Every format shows such text through one of
these functions:

- `shown(text)`: for a terminal or a log read by a machine (text, rich, github,
  stderr): control characters, bidirectional overrides and undecodable bytes
  each become U+FFFD, so one name or message is one line and changes nothing
  around it.
- `valid(text)`: for formats whose text must be valid Unicode (JSON, SARIF,
  CSV, SQLite, HTML): undecodable bytes become U+FFFD; `raw_name(path)` then
  keeps the exact bytes (base64) beside it when there were any, so nothing is lost.
"""
from __future__ import annotations

import base64
import os

REPLACEMENT = "\ufffd"
_CONTROLS = list(range(0, 32)) + [127] + list(range(0x80, 0xA0))
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_SURROGATES = range(0xD800, 0xE000)
_SHOWN = dict.fromkeys([*_CONTROLS, *_BIDI, *_SURROGATES], REPLACEMENT)
_VALID = dict.fromkeys(_SURROGATES, REPLACEMENT)
_LINES = {code: value for code, value in _SHOWN.items() if code not in (0x09, 0x0A)}
_TEXT = {code: value for code, value in _LINES.items() if code != 0x0D}


def shown(text: str) -> str:
    """One harmless line: controls, bidi overrides and undecodable bytes as U+FFFD."""
    return str(text).translate(_SHOWN)


def shown_lines(text: str) -> str:
    """As `shown`, keeping line breaks and tabs (a multi-line text such as a rule's example)."""
    return str(text).translate(_LINES)


def shown_text(text: str) -> str:
    """As `shown_lines`, keeping carriage returns too: a report's own text, as a page shows it."""
    return str(text).translate(_TEXT)


def valid(text: str) -> str:
    """Valid Unicode: the bytes of a name that were not UTF-8 as U+FFFD."""
    return str(text).translate(_VALID)


def name_bytes(path: str) -> bytes:
    """The file name's bytes, as the system gave them."""
    return os.fsencode(path)


def raw_name(path: str):
    """base64 of the name's bytes when `valid(path)` lost some (not UTF-8), else None."""
    text = str(path)
    if valid(text) == text:
        return None
    return base64.b64encode(name_bytes(text)).decode("ascii")

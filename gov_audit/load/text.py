"""Read a plain-text or markdown report into a Document.

Why it looks like this:

- The encoding is detected from the bytes, never from the extension: reports
  arrive as UTF-8 (with or without BOM), GBK/GB18030 and UTF-16 with a BOM.
- Every later stage matches on `Document.text` but reports positions and quotes
  in `Document.original`. Normalization is therefore character for character
  (same length), so an offset into one is the same offset into the other.
- OpenCC is slow to load and most reports are simplified, so whether a text is
  traditional is decided from a shipped character list (data/traditional_chars.txt,
  made by scripts/make_traditional_chars.py).
- Traditional → simplified is character for character anyway, so it is one
  `str.translate` with a table made from OpenCC's own character dictionary
  (TSCharacters.txt, first candidate), fused with the full-width/space table.
  OpenCC's converter (pure Python, ~11 ms a report) runs only on the lines
  that hold one of the few phrases (TSPhrases.txt) it converts otherwise
  (乾隆 stays 乾隆, 反覆 becomes 反复): the result is OpenCC's, 30× faster.
- Every problem a user can cause is an InputError with a plain message; no
  OSError or UnicodeError escapes.

Other loaders (html, pdf, docx) decode their own formats and then call
`document_from_text`.
"""
from __future__ import annotations

import functools
import importlib.util
import re
from importlib import resources
from pathlib import Path
from typing import Optional

from ..core.model import Document
from .files import InputError
from .pagetext import prepare

# A text is traditional when it has at least this many occurrences of
# traditional-only characters. One or two (a quoted 《關於…》 title, a name)
# do not make a report traditional; a real traditional report has hundreds
# (fixture 000 has ~1800), a simplified one has none.
TRADITIONAL_THRESHOLD = 3

_BOM_UTF8 = b"\xef\xbb\xbf"
_BOM_UTF16 = (b"\xff\xfe", b"\xfe\xff")

# Every character for which str.isspace() is true, except "\n" (which the
# original keeps; "\r" is gone by then) and "\t" (it divides a table's cells),
# plus the other C0 controls and DEL: all become " " in the normalized text.
# tests assert this list is complete.
_SPACES = (
    "\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_CONTROLS = "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A) and chr(c) not in _SPACES) + "\x7f"
_TABLE = {ord(ch): " " for ch in _SPACES + _CONTROLS}
# Full-width ASCII variants ！..～ (U+FF01–U+FF5E) → ! .. ~
_TABLE.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})


def _char_class(codepoints) -> str:
    """A regex character class of code points, as ranges. When all are in the BMP they are
    written \\u…, and `re` makes a bitmap of the class: one test a character."""
    cps, parts, i = sorted(codepoints), [], 0
    escape = "\\u{:04x}" if cps and cps[-1] < 0x10000 else "\\U{:08x}"
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append(escape.format(cps[i]) + ("-" + escape.format(cps[j]) if j > i else ""))
        i = j + 1
    return "[" + "".join(parts) + "]"


# Runs of characters that _TABLE changes: a report has few (most are "，（）："),
# so substituting the runs is 5–10× faster than translating every character.
_CHANGED_RUNS = re.compile(_char_class(cp for cp, ch in _TABLE.items() if ch != chr(cp)) + "+")

_traditional_chars: Optional[frozenset] = None
_converter = None  # OpenCC('t2s'), created on first use


def plain_document(path: str, raw: bytes) -> Document:
    """A plain-text report, its encoding detected from the bytes."""
    text, encoding = _decode(path, raw)
    return document_from_text(text, path=path, media="text", encoding=encoding)


def markdown_document(path: str, raw: bytes) -> Document:
    """A Markdown report (pipe tables, headings), its encoding detected from the bytes."""
    text, encoding = _decode(path, raw)
    return document_from_text(text, path=path, media="markdown", encoding=encoding)


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
    normalized = normalize(text, traditional)
    if not traditional and not traditional_chars().isdisjoint(text):
        normalized = _simplified_lines(normalized)
    assert len(normalized) == len(text), "normalization must keep the length"
    doc = Document(path=str(path), original=text, text=normalized, encoding=encoding,
                   traditional=traditional, media=media)
    # Page metadata, page furniture and sentences broken by a PDF extraction
    # (pagetext.py): the text may become shorter, with Document.index_map.
    return prepare(doc)


def _simplified_lines(text: str) -> str:
    """A simplified report quoting a sentence in traditional characters: those lines converted."""
    chars = traditional_chars()
    return "\n".join(fast_simplified(line) if not chars.isdisjoint(line) else line for line in text.split("\n"))


def normalize(text: str, traditional: bool = False) -> str:
    """The text for matching: (t2s when traditional,) full-width → ASCII, odd spaces → " "."""
    if traditional:
        return fast_simplified(text, _TABLE)
    return _CHANGED_RUNS.sub(_translate_run, text)


def _translate_run(match) -> str:
    return match.group().translate(_TABLE)


class _T2S:
    """OpenCC's t2s as translate tables, built once per process from its dictionary."""

    def __init__(self, after: dict):
        folder = Path(importlib.util.find_spec("opencc").origin).parent / "dictionary"
        chars = {}
        for key, values in _read_dictionary(folder / "TSCharacters.txt"):
            first = values[0]
            if len(key) == 1 and len(first) == 1 and first != key:
                chars[ord(key)] = first
        # t2s, then `after` (the normalization table) on its result: one pass.
        bmp = [chr(cp) for cp in range(0x10000)]
        for cp, ch in after.items():
            if cp < 0x10000:
                bmp[cp] = ch
        self.astral = {}
        for cp, ch in chars.items():
            ch = after.get(ord(ch), ch)
            if cp < 0x10000:
                bmp[cp] = ch
            else:
                self.astral[cp] = ch
        self.bmp = bmp  # a list: translate looks it up 3× faster than a dict

        def by_char(word: str) -> str:
            return "".join(chars.get(ord(ch), ch) for ch in word)

        # Phrases OpenCC converts otherwise than character by character.
        phrases = sorted((key for key, values in _read_dictionary(folder / "TSPhrases.txt")
                          if values[0] != by_char(key)), key=lambda k: (-len(k), k))
        firsts = "".join(sorted({re.escape(p[0]) for p in phrases}))
        self.phrases = re.compile(f"(?=[{firsts}])(?:{'|'.join(map(re.escape, phrases))})") if phrases else None


def _read_dictionary(path: Path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            key, _, values = line.rstrip("\n").partition("\t")
            if key and values:
                yield key, values.split(" ")


@functools.lru_cache(maxsize=None)
def _t2s(after_items: tuple) -> _T2S:
    return _T2S(dict(after_items))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def fast_simplified(text: str, after: Optional[dict] = None) -> str:
    """OpenCC t2s (then the `after` translate table), never changing the length.

    Character by character from OpenCC's character table; a line holding a
    phrase that OpenCC converts as a phrase is converted by OpenCC itself (as
    `to_simplified` does), so the result equals OpenCC's line by line.
    """
    after = after or {}
    spec = _t2s(tuple(sorted(after.items())))
    out = text.translate(spec.bmp)  # characters past U+FFFF are left as they are …
    if spec.astral and _ASTRAL.search(text):  # … and converted here, where the text has them
        pieces, at = [], 0
        for m in _ASTRAL.finditer(text):
            ch = spec.astral.get(ord(m.group()))
            if ch is not None:
                pieces += [out[at:m.start()], ch]
                at = m.end()
        out = "".join(pieces) + out[at:]
    if spec.phrases is None or not spec.phrases.search(text):
        return out
    lines = []  # (start, end) of each line with a phrase
    for m in spec.phrases.finditer(text):
        if lines and m.start() < lines[-1][1]:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        lines.append((start, len(text) if end == -1 else end))
    pieces, at = [], 0
    converter = _opencc()
    for start, end in lines:
        line = text[start:end]
        converted = converter.convert(line)
        if len(converted) != len(line):
            continue  # keep the character-by-character conversion of this line
        pieces.append(out[at:start])
        pieces.append(converted.translate(after) if after else converted)
        at = end
    pieces.append(out[at:])
    return "".join(pieces)


def traditional_chars() -> frozenset:
    """Characters that only traditional Chinese uses (loaded once)."""
    global _traditional_chars
    if _traditional_chars is None:
        data = resources.files("gov_audit.load").joinpath("data", "traditional_chars.txt").read_text("utf-8")
        _traditional_chars = frozenset(
            ch for line in data.splitlines() if not line.startswith("#") for ch in line if not ch.isspace()
        )
    return _traditional_chars


def is_traditional(text: str) -> bool:
    """At least TRADITIONAL_THRESHOLD traditional-only characters in text.

    The text is walked in C, never character by character in Python: by a set
    intersection for the first text of a process, then by one search of a
    character class (`re` turns the class into a bitmap: 20× faster than the set
    on a simplified report, but 10 ms to compile, which a run of one report does
    not pay).
    """
    global _texts_tested
    _texts_tested += 1
    if _texts_tested == 1:
        found = traditional_chars().intersection(text)
        return len(found) >= TRADITIONAL_THRESHOLD or sum(map(text.count, found)) >= TRADITIONAL_THRESHOLD
    pattern, astral = _traditional_pattern()
    count = 0
    for _ in pattern.finditer(text):
        count += 1
        if count >= TRADITIONAL_THRESHOLD:
            return True
    if astral and _ASTRAL.search(text):
        count += sum(map(text.count, astral.intersection(text)))
    return count >= TRADITIONAL_THRESHOLD


_texts_tested = 0


@functools.lru_cache(maxsize=None)
def _traditional_pattern():
    """The traditional-only characters of the BMP as one `re` class, and the others as a set."""
    chars = traditional_chars()
    bmp = [ord(ch) for ch in chars if ord(ch) < 0x10000]
    return re.compile(_char_class(bmp)), frozenset(ch for ch in chars if ord(ch) >= 0x10000)


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


# Names a page may declare (<meta charset>) for the encodings read here.
_DECLARED = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
             "utf8": "utf-8", "utf-8": "utf-8", "big5": "big5hkscs", "big5-hkscs": "big5hkscs"}


def decode_bytes(name: str, raw: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """Decode a file's bytes: a byte-order mark first, then a declared charset
    (an HTML page's <meta charset>), then the detection of plain text files."""
    if declared and not raw.startswith(_BOM_UTF16 + (_BOM_UTF8,)) and b"\x00" not in raw:
        codec = _DECLARED.get(declared.strip().lower(), declared.strip().lower())
        try:
            text = raw.decode(codec)
        except (UnicodeError, LookupError):
            pass
        else:
            if text.strip():
                return text, codec
    return _decode(name, raw)


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



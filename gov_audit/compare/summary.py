"""A report as the comparison needs it: whose, which year, its figures, its prose cut in sentences.

A summary is made where the report was checked (a worker, when there are
workers) from plain inputs — the facts, the normalized text and two
functions that place and quote a span of it — so that the comparison never
holds a document: only these summaries, which the folder stage keeps on disk
until every report of the folder is in (folder.py).

A figure keeps why it is not certain (`doubt`): a cell inferred, doubtful or
unread, a prose figure with a hedge. A relation is never judged on it.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import pickle
import zlib
from array import array
from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Optional

import regex

from ..core.model import UNREAD, Fact, Identity
from ..core.numbers import Interval
from ..knowledge.compare import compare_words

DIGITS = regex.compile(r"\d+")

Locate = Callable[[int], tuple]  # offset → (page, line, column)
Quote = Callable[[int, int], str]  # span → the report's own characters

INFERRED = "推断值"
UNREAD_CELL = "数字连写未能拆分"


class Place(NamedTuple):
    page: Optional[int]
    line: int
    column: int


class Figure(NamedTuple):
    key: str
    value: Optional[Interval]
    raw: str
    unit: Optional[str]
    source: str  # table | prose
    doubt: Optional[str]  # None: read with certainty; else why not
    place: Place
    quote: str  # a cell's row label, a prose figure's clause (the report's characters)
    column_label: Optional[str] = None


class Claim(NamedTuple):
    """A figure's change on last year, as the text states it (同比增长20%)."""

    figure: Figure
    direction: int  # +1 up, -1 down, 0 the same
    amount: Optional[str]  # as written, None for 持平
    unit: Optional[str]  # %, 个百分点, 件 …
    words: str  # the statement, in the report's characters


class GroupFigure(NamedTuple):
    """A figure given for a group of the region's sub-units (各乡镇主动公开政府信息534条)."""

    group: str
    what: str  # what is counted, normalized
    value: int
    raw: str
    unit: str
    place: Place
    quote: str


class Sentence(NamedTuple):
    text: str  # the normalized text (offsets into it are offsets from `start`)
    plain: str  # as compared: numbering, spaces and punctuation dropped
    quote: str  # the report's own characters
    place: Place
    section: str  # the numeral of its section heading ("" before the first)
    masked: int  # fingerprint of the text with every digit run as one mark
    start: int  # offsets in the report's text (figures in it are found by them)
    end: int
    template: bool  # a sentence every report writes (knowledge/compare.yaml)


class ReportRef(NamedTuple):
    """Which report a finding is about, without its summary."""

    index: int
    path: str
    format: str
    identity: Identity


@dataclass
class ReportSummary:
    path: str
    format: str
    identity: Identity
    index: int = 0  # the file's place in the run (set by the folder stage)
    figures: dict = field(default_factory=dict)  # key → [Figure], table first
    claims: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    sentences: list = field(default_factory=list)
    prose_figures: list = field(default_factory=list)  # (offset, Figure) of keyed prose figures, by offset

    @property
    def ref(self) -> ReportRef:
        return ReportRef(self.index, self.path, self.format, self.identity)

    @property
    def agency(self) -> Optional[str]:
        return self.identity.agency

    @property
    def year(self) -> Optional[int]:
        return self.identity.year


@dataclass(frozen=True)
class Packed:
    """A summary as it travels from the worker that made it and is kept: compressed once, there,
    with what the folder stage indexes it by."""

    written: Optional[str]  # the agency's name as the report writes it
    year: Optional[int]
    prints: bytes  # the sentences' fingerprints (array of signed 64-bit integers)
    body: bytes  # the summary, pickled and compressed


def pack(summary: "ReportSummary") -> Packed:
    prints = array("q", (s.masked for s in summary.sentences)).tobytes()
    return Packed(summary.identity.written, summary.year, prints, zlib.compress(pickle.dumps(summary, pickle.HIGHEST_PROTOCOL), 1))


def unpack(packed_body: bytes, index: int) -> "ReportSummary":
    summary = pickle.loads(zlib.decompress(packed_body))
    summary.index = index
    return summary


def fingerprint(text: str) -> int:
    """A stable 63-bit fingerprint (the same in every process, unlike hash())."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") >> 1


@functools.lru_cache(maxsize=None)
def not_word():
    """Whatever is neither a letter nor a digit: spaces, punctuation (compiled on first use)."""
    return regex.compile(r"[^\p{L}\p{N}]+")


def comparable(text: str) -> str:
    """A sentence as compared: numbering, spaces and punctuation dropped."""
    return not_word().sub("", compare_words().leading_numbering.sub("", text))


def masked(text: str) -> str:
    """Every run of digits as one mark: the same sentence with other figures or years."""
    return DIGITS.sub("#", text)


def doubt_of(fact: Fact) -> Optional[str]:
    if fact.value is None:
        return UNREAD_CELL if fact.blank == UNREAD else "空白"
    if fact.hedge:
        return fact.hedge
    if fact.inferred:
        return INFERRED
    return None


def summarize(path: str, fmt: str, identity: Identity, facts: list, text: str,
              locate: Locate, quote: Quote, skip: tuple = ()) -> ReportSummary:
    """The summary of one checked report. `skip`: (start, end) spans of table lines."""
    summary = ReportSummary(path, fmt, identity)

    def place(offset: int) -> Place:
        return Place(*locate(offset))

    for fact in sorted((f for f in facts if f.key), key=lambda f: (f.source != "table", f.start)):
        figure = Figure(fact.key, fact.value, fact.raw, fact.unit or compare_words().table_units.get(fact.key),
                        fact.source, doubt_of(fact), place(fact.start),
                        _label(fact) if fact.source == "table" else _clause(text, fact, quote),
                        fact.column_label)
        summary.figures.setdefault(fact.key, []).append(figure)
        if fact.source == "prose":
            summary.prose_figures.append((fact.start, figure))
            claim = _claim(text, fact, figure, quote)
            if claim is not None:
                summary.claims.append(claim)
    summary.prose_figures.sort(key=lambda item: item[0])
    table_offsets = sorted(f.start for f in facts if f.source == "table")
    summary.sentences = _sentences(text, locate, quote, table_offsets, skip)
    summary.groups = _groups(text, quote, place, table_offsets)
    return summary


def _label(fact: Fact) -> str:
    return " ".join((fact.row_label or "").split())


def _clause(text: str, fact: Fact, quote: Quote) -> str:
    """The clause a prose figure stands in, up to the figure."""
    begin = max(0, fact.start - 40)
    cut = max(text.rfind(c, begin, fact.start) for c in "。\n；;，,")
    begin = cut + 1 if cut >= begin else begin
    return quote(begin, fact.end).strip()


def _claim(text: str, fact: Fact, figure: Figure, quote: Quote) -> Optional[Claim]:
    words = compare_words()
    found = words.change_after.match(text, fact.end)
    if found is None:
        return None
    if found.group("level"):
        return Claim(figure, 0, None, None, quote(fact.start, found.end()))
    verb = found.group("verb")
    direction = 1 if verb in words.up else -1 if verb in words.down else None
    if direction is None:
        return None
    return Claim(figure, direction, found.group("amount"), found.group("unit"), quote(fact.start, found.end()))


def _sentences(text: str, locate: Locate, quote: Quote, table_offsets: list, skip: tuple) -> list:
    words = compare_words()
    skip_starts = [s for s, _ in skip]
    headings = [(at, numeral) for at, numeral in words.section_headings(text)
                if not _overlaps(at, at + 1, table_offsets, skip_starts, skip)]
    starts = [h[0] for h in headings]
    templates = words.templates_within(text)
    out = []
    begin = 0
    for end_mark in list(words.sentence_end.finditer(text)) + [None]:
        end = end_mark.end() if end_mark is not None else len(text)
        start, stop = begin, end
        begin = end
        while start < stop and text[start].isspace():
            start += 1
        if stop - start < words.min_sentence_chars or _overlaps(start, stop, table_offsets, skip_starts, skip):
            continue
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        plain = comparable(text[start:stop])
        if len(plain) < words.min_sentence_chars:
            continue
        at = bisect.bisect_right(starts, start) - 1
        section = headings[at][1] if at >= 0 else ""
        out.append(Sentence(text[start:stop], plain, quote(start, stop), Place(*locate(start)), section,
                            fingerprint(masked(plain)), start, stop, words.is_template(text[start:stop], templates)))
    return out


def _overlaps(start: int, stop: int, table_offsets: list, skip_starts: list, skip: tuple) -> bool:
    """Whether a span holds a table cell or lies on a table line: not prose."""
    at = bisect.bisect_left(table_offsets, start)
    if at < len(table_offsets) and table_offsets[at] < stop:
        return True
    at = bisect.bisect_right(skip_starts, stop) - 1
    return at >= 0 and skip[at][1] > start


def _groups(text: str, quote: Quote, place, table_offsets: list) -> list:
    out = []
    for m in compare_words().group_figure.finditer(text):
        if _overlaps(m.start(), m.end(), table_offsets, [], ()):
            continue
        out.append(GroupFigure(m.group("group"), comparable(m.group("what")), int(m.group("value")),
                               m.group("value"), m.group("unit"), place(m.start()),
                               quote(m.start(), m.end())))
    return out

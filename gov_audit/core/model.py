"""Plain dataclasses shared by the pipeline stages, and their vocabulary.

load → Document; read → Fact; audit → Finding; report reads FileResult.
No stage reaches into another's internals: they exchange only these.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable, Optional

from .numbers import Interval

SEVERITIES = ("info", "warning", "error")  # the one order of severities, lowest first
WORST_FIRST = tuple(reversed(SEVERITIES))

UNKNOWN_FORMAT = "unknown"  # the format of a report whose template was not recognised
UNREAD = "unread"  # Fact.blank of a cell whose digits ran together and could not be split


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def lower(severity: str, other: str) -> str:
    """The lower of two severities."""
    return min(severity, other, key=SEVERITIES.index)


@dataclass
class Document:
    """A report as read: the original text and a normalized text for matching.

    Normalization is character for character (t2s, full-width → ASCII, odd
    spaces → ' '), so offsets are shared — unless a loader removed characters
    (a line break inside a sentence, a page number between pages): it then
    sets `index_map`, the original offset of every normalized character.
    Facts hold offsets into `text`; `quote` and `position` translate them.
    """

    path: str
    original: str
    text: str
    encoding: str
    traditional: bool = False
    media: str = "text"  # text | markdown | html | pdf | docx
    metadata: dict = field(default_factory=dict)
    index_map: Optional[list] = None
    # Set by loaders whose source is not `original` itself (html, pdf, docx):
    # original offset → (page, line, column) in the source file.
    position_map: Optional[object] = None
    notes: list = field(default_factory=list)  # what a loader could not read (a table past a bound…)
    _line_starts: list = field(default_factory=list, repr=False)

    def source_offset(self, offset: int) -> int:
        if self.index_map is None:
            return offset
        if offset >= len(self.index_map):
            return len(self.original)
        return self.index_map[offset]

    def quote(self, start: int, end: int) -> str:
        """The original characters of a span of `text`."""
        if end <= start:
            return ""
        return self.original[self.source_offset(start) : self.source_offset(end - 1) + 1]

    def position(self, offset: int) -> tuple[Optional[int], int, int]:
        """(page, line, column), 1-based, in the source file, of an offset into `text`."""
        offset = self.source_offset(offset)
        if self.position_map is not None:
            return self.position_map(offset)
        if not self._line_starts:
            self._line_starts = _line_starts(self.original)
        line = bisect.bisect_right(self._line_starts, offset)
        return None, line, offset - self._line_starts[line - 1] + 1


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts: found by str.find, a step a line, not a step a character."""
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


@dataclass(slots=True)
class Fact:
    """A figure the report states, with where it stands."""

    key: Optional[str]
    value: Optional[Interval]  # None for a blank table cell
    raw: str  # as written, e.g. "3万余", "83.9%", "" for blank
    source: str  # table | prose | meta
    start: int  # offsets into Document.text
    end: int
    unit: Optional[str] = None
    blank: Optional[str] = None  # empty | slash | dash | none, or UNREAD — a blank is not 0
    row_label: Optional[str] = None
    column_label: Optional[str] = None
    inferred: bool = False
    # A blank cell the table's relations fill with a figure other than a part's 0
    # (a 总计 left blank): used in checks, and still a figure the report did not write.
    derived: bool = False
    # Why this figure may not be the table's exact scope (a named account, a
    # lower bound, 含上年结转…): a mismatch then is a warning or info, not an error.
    hedge: Optional[str] = None
    hedge_severity: Optional[str] = None
    # The sentence it was read from, as offsets into Document.text (a copy per
    # figure would hold a one-line report once per figure: slice the text).
    context_start: Optional[int] = None
    context_end: Optional[int] = None
    lexeme: Optional[str] = None  # the lexicon entry that read a prose figure (keyed it, or claimed it for none)
    claims: tuple = ()  # Claims the text makes of the same figure (均获维持: upheld = this figure)
    part_of: Optional[str] = None  # a sub-unit's figure: the key of the whole it is a part of (no key itself)
    key_choices: tuple = ()  # keys the phrasing may state, the table's own naming to decide (read.choose_keys)

    def drop_key(self) -> None:
        """Still read, compared with nothing: the key goes, and the hedge that came with it."""
        self.key, self.key_choices, self.hedge, self.hedge_severity = None, (), None, None


@dataclass(frozen=True, slots=True)
class Claim:
    """What a quantifier of the text says of a keyed figure: `key` equals it too."""

    key: str
    lexeme: str  # the quantifier's id
    start: int  # the quantifier's words, offsets into Document.text
    end: int
    severity: str
    hedge: str
    cite: tuple = ()  # table keys whose figures explain a mismatch (尚未审结 1)


@dataclass(frozen=True)
class Citation:
    """A place in another report that a finding cites (a finding across reports)."""

    path: str
    page: Optional[int]
    line: int
    column: int
    quote: str  # the report's own characters
    note: str = ""  # what the place is to the finding: 2023年报告, 下级 平潭县 …


@dataclass
class Finding:
    rule: str
    kind: str
    severity: str
    message: str
    values: list  # the relation's figures as stated (Decimal / int)
    facts: list  # [Fact]
    relation: Optional[str] = None
    left: Optional[str] = None
    right: Optional[str] = None
    difference: Optional[str] = None
    start: int = 0  # where to sort it
    # The relation's sides as numbers (Interval or Decimal), where they are figures: `left`
    # and `right` say them in words, these let the JSON give them as numbers.
    left_value: Optional[object] = None
    right_value: Optional[object] = None
    related: list = field(default_factory=list)  # [Citation] in other reports

    def sort_key(self):
        return (self.start, self.rule)


@dataclass
class Coverage:
    format: str = UNKNOWN_FORMAT
    table_cells: int = 0
    table_cells_read: int = 0
    table_cells_inferred: int = 0
    prose_facts: int = 0
    prose_mapped: int = 0
    table_cells_doubtful: int = 0  # read by a guess that other evidence chose (a hedge says which)
    table_cells_unread: int = 0  # found, but their figures could not be placed or split
    rows_missing: list = field(default_factory=list)  # template rows never found: every relation through them is untested
    rows_unread: list = field(default_factory=list)  # "key：reason" of rows found but not read
    rows_contradicted: list = field(default_factory=list)  # rows whose run of digits no split makes consistent
    rows_short: list = field(default_factory=list)  # rows with fewer figures than columns: a cell missing, which unknown
    tables_found: list = field(default_factory=list)


@dataclass(frozen=True)
class Identity:
    """Whose report for which year (either None when the report does not say).

    `agency` is one name per agency (knowledge/agencies.py): 淮安市洪泽区人民政府
    and 洪泽区人民政府 are both 洪泽区; `written` is the name as the report wrote it.
    """

    agency: Optional[str] = None
    year: Optional[int] = None
    written: Optional[str] = None

    def key(self) -> Optional[str]:
        """A stable name of the report, when both parts are known."""
        if self.agency and self.year:
            return f"{self.agency}|{self.year}"
        return None


@dataclass
class FileResult:
    path: str
    format: str = UNKNOWN_FORMAT
    findings: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    error: Optional[str] = None
    coverage: Optional[Coverage] = None
    document: Optional[Document] = None
    notes: list = field(default_factory=list)  # what could not be done, for stderr
    # The report as the folder comparison needs it (compare/summary.py), made
    # where it was checked; None when no rule compares reports.
    summary: Optional[object] = field(default=None, repr=False)
    # The findings between this report and others of the folder (compare/):
    # a second entry for the file, made once every report is in.
    across: bool = False
    # How to find whose report it is (the pipeline gives the reader's): run once,
    # on first use — most outputs never ask, and it costs a scan of the opening.
    find_identity: Optional[Callable[[], Identity]] = field(default=None, repr=False)
    _identity: Optional[Identity] = field(default=None, init=False, repr=False)

    @property
    def identity(self) -> Optional[Identity]:
        """The report's agency and year; None for a file that could not be read."""
        if self._identity is None and self.find_identity is not None:
            self._identity = self.find_identity()
        return self._identity

"""Prose figures that restate table indicators, through the YAML lexicon.

Every figure of the text is scanned once. Its clause is masked — the figure
itself replaced by one marker character — and matched against all lexicon
phrasings at once (one combined pattern per lexicon; a phrasing writes the
figure as `{N}`, so words may stand before it, after it, or both). The match
that starts furthest left, the longest phrasing, wins and gives the figure
the indicator key of the report's format.
"""
from __future__ import annotations

import bisect
import functools
import time
from dataclasses import dataclass
from typing import Optional

import regex

from ..core.model import Document, Fact
from ..core.numbers import scan_figures
from ..core.resources import YamlError, builtin_yaml

MARK = "\x00"
CLAUSE_END = regex.compile(r"[。；;\n!?！？]")
LEFT_CHARS = 50
RIGHT_CHARS = 30
DEFAULT_UNITS = ("件", "条", "次", "起", "个", "项", "人", "人次", "期", "场", "篇", "家")
ENTRY_KEYS = {"id", "key", "patterns", "units", "severity", "hedge", "explain", "channel", "examples", "description"}


@dataclass(frozen=True)
class Entry:
    id: str
    keys: dict  # format → key expression
    units: tuple
    severity: Optional[str]  # a phrasing whose scope may differ from the table's
    hedge: Optional[str]
    explain: tuple  # ({key, severity, note}, …): other readings of a mismatch
    channel: bool = False  # counts one publication channel


# A user's pattern may backtrack catastrophically: each search of a lexicon
# that holds user patterns gets this many seconds (the regex module's timeout).
USER_REGEX_TIMEOUT = 0.25


class LexiconTimeout(Exception):
    """A user lexicon pattern took too long on a clause of this report."""


@dataclass(frozen=True)
class Lexicon:
    """The phrasings of every entry, one compiled pattern per entry.

    `match` gives the longest phrasing: the entry whose match starts furthest
    left, and of those the one reaching furthest right (the earlier entry on a
    full tie). It searches each entry's pattern on its own: the regex module then
    uses each pattern's literal prefix to skip ahead, which a combined pattern
    of named groups defeats (4× slower on the shipped reports).
    """

    entries: tuple
    patterns: tuple  # one compiled regex per entry: its phrasings as alternatives
    timeout: Optional[float] = None  # seconds for all the searches of one clause
    units: frozenset = frozenset()  # every measure word some entry accepts

    def match(self, masked: str) -> Optional[Entry]:
        best, best_start, best_end = None, len(masked) + 1, 0
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        for entry, pattern in zip(self.entries, self.patterns):
            if deadline is None:
                m = pattern.search(masked)
            else:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LexiconTimeout(masked)
                try:
                    m = pattern.search(masked, timeout=left)
                except TimeoutError:
                    raise LexiconTimeout(masked) from None
            if m is not None and (m.start(), -m.end()) < (best_start, -best_end):
                best, best_start, best_end = entry, m.start(), m.end()
        return best


def build_lexicon(data, path: str = "lexicon.yaml", user: bool = False) -> Lexicon:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise YamlError(path, "a lexicon is a mapping with a list `entries`")
    entries, patterns = [], []
    for item in data["entries"]:
        entry = _entry(item, path)
        entries.append(entry)
        alternatives = "|".join(f"(?:{_mask(p)})" for p in item["patterns"])
        try:
            patterns.append(regex.compile(alternatives))
        except regex.error as exc:
            raise YamlError(path, f"entry {item['id']}: bad pattern: {exc}") from None
    units = frozenset(u for e in entries for u in e.units)
    return Lexicon(tuple(entries), tuple(patterns), USER_REGEX_TIMEOUT if user else None, units)


def _entry(item, path: str) -> Entry:
    if not isinstance(item, dict) or not item.get("id") or not item.get("key") or not item.get("patterns"):
        raise YamlError(path, f"each lexicon entry needs id, key and patterns: {item!r:.80}")
    unknown = set(item) - ENTRY_KEYS
    if unknown:
        raise YamlError(path, f"entry {item['id']}: unknown key(s) {', '.join(sorted(unknown))}")
    for pattern in item["patterns"]:
        if pattern.count("{N}") != 1:
            raise YamlError(path, f"entry {item['id']}: pattern {pattern!r} must hold {{N}} exactly once")
    keys = item["key"] if isinstance(item["key"], dict) else {"all": item["key"]}
    return Entry(
        id=item["id"], keys={str(k): v for k, v in keys.items()},
        units=tuple(item.get("units") or DEFAULT_UNITS), severity=item.get("severity"),
        hedge=item.get("hedge"), explain=tuple(item.get("explain") or ()),
        channel=bool(item.get("channel")),
    )


def _mask(pattern: str) -> str:
    return pattern.replace("{N}", MARK)


@functools.lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    return build_lexicon(builtin_yaml("knowledge/lexicon.yaml"))


def entries_by_id() -> dict:
    return {e.id: e for e in lexicon().entries}


def key_for(entry: Entry, fmt: str) -> Optional[str]:
    return entry.keys.get(fmt) or entry.keys.get("all")


def read_prose(doc: Document, fmt: str, skip=(), lex: Optional[Lexicon] = None) -> list[Fact]:
    """Every figure outside the tables, keyed where the lexicon knows its phrasing."""
    lex = lex or lexicon()
    text = doc.text
    skip = sorted(skip)
    facts = []
    starts = [a for a, _ in skip]
    for figure in scan_figures(text):
        i = bisect.bisect_right(starts, figure.start) - 1
        if i >= 0 and figure.start < skip[i][1]:
            continue
        entry = None
        # Only an entry that accepts the figure's unit can key it: a figure
        # whose unit no entry accepts (most: none, 年, 月, 万元) needs no search.
        if not figure.percent and figure.unit in lex.units:
            entry = lex.match(_masked_clause(text, figure.start, figure.end))
        key = key_for(entry, fmt) if entry is not None and figure.unit in entry.units else None
        severity = hedge = None
        if key:
            severity, hedge = entry.severity, entry.hedge
            if figure.qualifier in ("lower", "upper", "approx"):
                hedge = hedge or f"“{figure.raw}”只说了范围"
                severity = severity or "warning"
        facts.append(Fact(
            key=key, value=figure.value, raw=doc.quote(figure.start, figure.end), source="prose",
            start=figure.start, end=figure.end, unit=figure.unit, hedge=hedge, hedge_severity=severity,
            context=text[sentence_start(text, figure.start):sentence_end(text, figure.end)],
            lexeme=entry.id if key else None,
        ))
    return facts


def _masked_clause(text: str, start: int, end: int) -> str:
    left_from = max(0, start - LEFT_CHARS)
    for m in CLAUSE_END.finditer(text, left_from, start):
        left_from = m.end()
    right = text[end:end + RIGHT_CHARS]
    stop = CLAUSE_END.search(right)
    if stop:
        right = right[: stop.start()]
    # "申请 749 件": spaces around a figure (PDF and Markdown text) are not words
    return text[left_from:start].rstrip(" ") + MARK + right.lstrip(" ")


def sentence_start(text: str, offset: int) -> int:
    """Just after the last 。 or line break before offset (0 if none)."""
    line = text.rfind("\n", 0, offset)
    # Look for 。 only within the line: a text without 。 is not scanned whole.
    return max(text.rfind("。", line + 1, offset), line) + 1


def sentence_end(text: str, offset: int) -> int:
    """Just after the first 。 or line break from offset (the text's end if none)."""
    line = text.find("\n", offset)
    stop = text.find("。", offset, len(text) if line == -1 else line)
    if stop != -1:
        return stop + 1
    return line + 1 if line != -1 else len(text)

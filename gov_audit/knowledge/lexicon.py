"""The lexicon: how report prose phrases each table indicator (rules/knowledge/lexicon.yaml).

An entry maps phrasings to the indicator key of each format. The prose
reader keys figures with it; the audit asks it how else a mismatch may be
read (`explain`) and which figures count one publication channel; a user
pack may add entries, validated here like the built-in ones.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Optional

import regex

from ..core.resources import YamlError, builtin_yaml
from .anchors import entry_anchors, possible

LEXICON_YAML = "knowledge/lexicon.yaml"
MARK = "\x00"  # the figure in a masked clause: a phrasing writes it {N}
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

    def key_for(self, fmt: str) -> Optional[str]:
        """The indicator key this entry gives a figure in a report of format `fmt`."""
        return self.keys.get(fmt) or self.keys.get("all")


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
    of named groups defeats (4× slower on the shipped reports). An entry is
    searched only in a clause that holds its anchors (anchors.py: the literal
    words its phrasings cannot match without): most clauses match no entry, and
    a substring test costs a fraction of a search. (Looking the anchors up once
    in the whole report first costs more than it spares, with 31 entries.)
    """

    entries: tuple
    patterns: tuple  # one regex per entry, its phrasings as alternatives (compiled, or on first search)
    timeout: Optional[float] = None  # seconds for all the searches of one clause
    units: frozenset = frozenset()  # every measure word some entry accepts
    anchors: tuple = ()  # per entry, per phrasing, the words it needs (None: always searched)

    def match(self, masked: str) -> Optional[Entry]:
        best, best_start, best_end = None, len(masked) + 1, 0
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        anchors = self.anchors or (None,) * len(self.entries)
        for entry, pattern, needs in zip(self.entries, self.patterns, anchors):
            if needs is not None and not possible(needs, masked):
                continue
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


class _OnFirstSearch:
    """An entry's pattern compiled when a clause first calls for it: a run of one report
    compiles only the entries whose anchors its clauses hold (compiling every entry
    costs more than checking a report)."""

    __slots__ = ("source", "compiled")

    def __init__(self, source: str):
        self.source = source
        self.compiled = None

    def search(self, text: str, **options):
        if self.compiled is None:
            self.compiled = regex.compile(self.source)
        return self.compiled.search(text, **options)


def build_lexicon(data, path: str = "lexicon.yaml", user: bool = False, lazy: bool = False) -> Lexicon:
    """The lexicon of `data`; each pattern is compiled here (a bad one is an error naming the
    file), or, `lazy`, when first searched (the built-in lexicon, which the tests compile)."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise YamlError(path, "a lexicon is a mapping with a list `entries`")
    entries, patterns, anchors = [], [], []
    for item in data["entries"]:
        entry = _entry(item, path)
        entries.append(entry)
        alternatives = "|".join(f"(?:{_mask(p)})" for p in item["patterns"])
        try:
            patterns.append(_OnFirstSearch(alternatives) if lazy else regex.compile(alternatives))
        except regex.error as exc:
            raise YamlError(path, f"entry {item['id']}: bad pattern: {exc}") from None
        anchors.append(entry_anchors([_mask(p) for p in item["patterns"]], MARK))
    units = frozenset(u for e in entries for u in e.units)
    return Lexicon(tuple(entries), tuple(patterns), USER_REGEX_TIMEOUT if user else None, units, tuple(anchors))


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
        units=tuple(item.get("units") or default_units()), severity=item.get("severity"),
        hedge=item.get("hedge"), explain=tuple(item.get("explain") or ()),
        channel=bool(item.get("channel")),
    )


def _mask(pattern: str) -> str:
    return pattern.replace("{N}", MARK)


@functools.lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    return build_lexicon(builtin_yaml(LEXICON_YAML), lazy=True)


@functools.lru_cache(maxsize=None)
def default_units() -> tuple:
    """The measure words an entry accepts when it names none."""
    return tuple(builtin_yaml(LEXICON_YAML)["default_units"])


def entries_by_id() -> dict:
    return {e.id: e for e in lexicon().entries}

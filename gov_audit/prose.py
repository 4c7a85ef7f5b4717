"""Prose figures that restate table indicators, through the YAML lexicon.

Every figure of the text is scanned once. Its clause is masked — the figure
itself replaced by one marker character — and matched against all lexicon
phrasings at once (one combined pattern per lexicon; a phrasing writes the
figure as `{N}`, so words may stand before it, after it, or both). The match
that starts furthest left, the longest phrasing, wins and gives the figure
the indicator key of the report's format.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

import regex

from .model import Document, Fact
from .numbers import scan_figures
from .resources import YamlError, builtin_yaml

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


@dataclass(frozen=True)
class Lexicon:
    entries: tuple
    pattern: object  # combined regex, one named group per entry

    def match(self, masked: str) -> Optional[Entry]:
        m = self.pattern.search(masked)
        if not m:
            return None
        return self.entries[int(m.lastgroup[1:])]


def build_lexicon(data, path: str = "lexicon.yaml") -> Lexicon:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise YamlError(path, "a lexicon is a mapping with a list `entries`")
    entries, parts = [], []
    for n, item in enumerate(data["entries"]):
        entries.append(_entry(item, path))
        alternatives = "|".join(f"(?:{_mask(p)})" for p in item["patterns"])
        try:
            regex.compile(alternatives)
        except regex.error as exc:
            raise YamlError(path, f"entry {item['id']}: bad pattern: {exc}") from None
        parts.append(f"(?P<e{n}>{alternatives})")
    return Lexicon(tuple(entries), regex.compile("|".join(parts) or "(?!)"))


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
    return build_lexicon(builtin_yaml("lexicon.yaml"))


def entries_by_id() -> dict:
    return {e.id: e for e in lexicon().entries}


def key_for(entry: Entry, fmt: str) -> Optional[str]:
    return entry.keys.get(fmt) or entry.keys.get("all")


def read_prose(doc: Document, fmt: str, skip=(), lex: Optional[Lexicon] = None) -> list[Fact]:
    """Every figure outside the tables, keyed where the lexicon knows its phrasing."""
    lex = lex or lexicon()
    text = doc.text
    facts = []
    for figure in scan_figures(text):
        if any(a <= figure.start < b for a, b in skip):
            continue
        entry = None
        if not figure.percent:
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
    return text[left_from:start] + MARK + right


def sentence_start(text: str, offset: int) -> int:
    return max(text.rfind("。", 0, offset), text.rfind("\n", 0, offset)) + 1


def sentence_end(text: str, offset: int) -> int:
    ends = [p for p in (text.find("。", offset), text.find("\n", offset)) if p != -1]
    return min(ends) + 1 if ends else len(text)

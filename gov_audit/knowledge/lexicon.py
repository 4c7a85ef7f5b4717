"""The lexicon: how report prose phrases each table indicator (rules/knowledge/lexicon.yaml).

An entry maps phrasings to the indicator key of each format. Its phrasings
are `forms` made of parts (phrasing.py: a verb class, a noun class, qualifier
gaps, the figure before or after the noun), so a synonym is one word in one
list; `patterns` (raw regular expressions with `{N}`) remain for user packs.
An entry's `scope` names the frames (frames.py) that may take a figure out
of the agency's scope, and its `frame` the one whose answer chooses the key.
Quantifiers (均获维持) add a claim to figures that have their own key.

The prose reader keys figures with it; the audit asks it how else a mismatch
may be read (`explain`) and which figures count one publication channel; a
user pack may add entries (with the built-in word classes), validated here.
"""
from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

import regex

from ..core.resources import YamlError, builtin_yaml
from .anchor_index import AnchorIndex
from .anchors import phrasing_anchors
from .conflicts import build_conflicts
from .frames import build_frames
from .phrasing import MARK, FormError, check_class, compile_form, word_alternation
from .prose_keys import choose_key, key_choices, key_spec

LEXICON_YAML = "knowledge/lexicon.yaml"
ENTRY_KEYS = {"id", "key", "forms", "patterns", "words", "units", "scale", "scope", "frame", "severity", "hedge",
              "explain", "channel", "examples", "description"}
TOP_KEYS = {"default_units", "words", "frames", "headings", "quantifiers", "conflicts", "list_totals", "own_agency",
            "entries"}
__all__ = ["MARK", "Entry", "Lexicon", "LexiconTimeout", "Match", "Quantifier", "build_lexicon", "default_units",
           "entries_by_id", "extend_lexicon", "lexicon", "USER_REGEX_TIMEOUT"]


@dataclass(frozen=True)
class Entry:
    id: str
    keys: dict  # format → key expression, alternatives (tuple) or {frame answer: key}
    units: tuple
    severity: Optional[str]  # a phrasing whose scope may differ from the table's
    hedge: Optional[str]
    explain: tuple  # ({key, severity, note}, …): other readings of a mismatch
    channel: bool = False  # counts one publication channel
    scope: tuple = ()  # frames whose `out` answers take a figure out of the agency's scope
    frame: Optional[str] = None  # the frame whose answer chooses the key
    # Per form, per required part, the words one of which a matching clause holds (a form
    # with none, e.g. a raw pattern, is always searched).
    anchors: tuple = ()
    sequences: tuple = ()  # per form, its anchored parts and the figure in order (phrasing.py); () for a raw pattern
    scale: dict = field(default_factory=dict)  # unit → factor to the table's unit (元 → 0.0001 万元)

    def key_for(self, fmt: str, answer: Optional[str] = None, available=None) -> Optional[str]:
        """The indicator key this entry gives a figure in a report of format `fmt`.

        `answer`: the entry's frame answered for the figure's sentence;
        `available`: the table's keys, to choose among alternatives.
        """
        return choose_key(self.keys, fmt, answer, available)

    def key_choices(self, fmt: str, answer: Optional[str] = None) -> tuple:
        """Every key the entry may give such a figure, the table's naming to choose (key_for)."""
        return key_choices(self.keys, fmt, answer)


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int  # the phrasing's span in the masked clause
    end: int


@dataclass(frozen=True)
class Quantifier:
    """Words that say something of the figures before them (均获维持: upheld = total)."""

    id: str
    pattern: object
    claims: dict  # key of a figure → (the key the quantifier says equals it, keys to cite)
    severity: str
    hedge: str


# A user's pattern may backtrack catastrophically: each search of a lexicon
# that holds user patterns gets this many seconds (the regex module's timeout).
USER_REGEX_TIMEOUT = 0.25


class LexiconTimeout(Exception):
    """A user lexicon pattern took too long on a clause of this report."""


@dataclass(frozen=True)
class Lexicon:
    """The phrasings of every entry, one compiled pattern per entry.

    `match` gives the longest phrasings: the entries whose match starts furthest
    left, and of those the ones reaching furthest right (the reader takes the
    first that gives the figure a key). A form is searched only in a clause that
    holds a word of each of its required parts (its anchors).
    Each entry's pattern is searched on its own: the regex module then uses its
    literal prefix to skip ahead, which a combined pattern of named groups defeats.
    """

    entries: tuple
    patterns: tuple  # per entry, one regular expression per phrasing (compiled on first use)
    timeout: Optional[float] = None  # seconds for all the searches of one clause
    units: frozenset = frozenset()  # every measure word some entry accepts
    frames: dict = field(default_factory=dict)  # name → Frame
    quantifiers: tuple = ()
    headings: dict = field(default_factory=dict)  # how a heading line looks (read/prose_scope.py)
    conflicts: tuple = ()  # facets of a key the sentence may contradict (knowledge/conflicts.py)
    list_total: object = None  # compiled: the words between a list's last figure and its total (合计)
    own_agency: object = None  # OwnAgency: how a report names its own agency (本机关, 我局)

    @functools.cached_property
    def by_id(self) -> dict:
        return {e.id: e for e in self.entries}

    @functools.cached_property
    def _anchors(self) -> "AnchorIndex":
        return AnchorIndex(self.entries)

    def match(self, masked: str, unit: Optional[str] = None) -> list:
        """The best phrasings of the masked clause, among the entries that accept `unit`:
        the matches that start furthest left and, of those, reach furthest right (in entry order).

        One scan of the clause finds every anchor word in it (anchor_index.py); only the
        forms whose every required part it holds are searched."""
        best, best_start, best_end = [], len(masked) + 1, 0
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        for n, forms in self._anchors.candidates(masked):
            entry = self.entries[n]
            if unit is not None and unit not in entry.units:
                continue
            m = self._entry_match(n, forms, masked, deadline)
            if m is None:
                continue
            if (m[0], -m[1]) < (best_start, -best_end):
                best, best_start, best_end = [], m[0], m[1]
            if m == (best_start, best_end):
                best.append(Match(entry, best_start, best_end))
        return best

    def _entry_match(self, n: int, forms: list, masked: str, deadline):
        """(start, end) of entry n's best phrasing in the clause among the forms its anchors
        allow, searched one by one (each compiled when a clause first needs it)."""
        found = None
        for f in forms:
            m = self._search(self._compiled(n, f), masked, deadline)
            if m is not None and (found is None or (m.start(), -m.end()) < (found[0], -found[1])):
                found = (m.start(), m.end())
        return found

    @functools.cached_property
    def _cache(self) -> dict:
        return {}

    def _compiled(self, n: int, f: int):
        """A phrasing's expression, compiled on first use: a report that never names a case
        compiles no case phrasing (compiling them all took most of a one-report run)."""
        pattern = self._cache.get((n, f))
        if pattern is None:
            pattern = self._cache[(n, f)] = _compile_phrasing(self.patterns[n][f], self.timeout is None)
        return pattern

    @staticmethod
    def _search(pattern, masked: str, deadline: Optional[float]):
        if deadline is None:
            return pattern.search(masked)
        left = deadline - time.monotonic()
        if left <= 0:
            raise LexiconTimeout(masked)
        try:
            return pattern.search(masked, timeout=left)
        except TimeoutError:
            raise LexiconTimeout(masked) from None


def _compile_phrasing(text: str, untimed: bool):
    """A phrasing's expression. Searched without a time limit, it is compiled by the standard
    library's engine where it can read it: it compiles these in under half the time the regex
    module takes, and finds the same matches (what a one-report run waits for is mostly
    compiling). A search with a time limit (a lexicon with user entries), and syntax only the
    regex module reads (?&name), go to the regex module."""
    if untimed:
        try:
            return re.compile(text)
        except re.error:
            pass
    return regex.compile(text)


def build_lexicon(data, path: str = "lexicon.yaml", user: bool = False) -> Lexicon:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise YamlError(path, "a lexicon is a mapping with a list `entries`")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise YamlError(path, f"unknown key(s) {', '.join(sorted(unknown))}")
    words = data.get("words") or {}
    if not isinstance(words, dict):
        raise YamlError(path, "`words` maps a word class's name to its words")
    _check_classes(words, path, "", user)
    frames = build_frames(data.get("frames"), path)
    units = tuple(data.get("default_units") or default_units())
    entries, patterns, seen = [], [], set()
    marked = {f"@{name}": tuple(frame.words) for name, frame in frames.items()}  # {@block}: any marker of a frame
    for item in data["entries"]:
        entry, pattern = _entry(item, path, {**words, **marked}, frames, units, user)
        if entry.id in seen and not user:
            raise YamlError(path, f"entry {entry.id}: a second entry with this id")
        seen.add(entry.id)
        entries.append(entry)
        patterns.append(pattern)
    return Lexicon(
        tuple(entries), tuple(patterns), USER_REGEX_TIMEOUT if user else None,
        frozenset(u for e in entries for u in e.units), frames,
        tuple(_quantifier(q, path) for q in data.get("quantifiers") or ()), data.get("headings") or {},
        build_conflicts(data.get("conflicts"), path), _list_total(data.get("list_totals"), path),
        _own_agency(data.get("own_agency"), path),
    )


class OwnAgency(NamedTuple):
    name: object  # compiled: the agency named by itself (本机关, 我局), not a reason's 本机关不掌握
    part: object  # compiled: what opens a part of the figure before (，其中)


def _own_agency(spec, path: str) -> Optional[OwnAgency]:
    """`own_agency: {words: [本机关, …], not_before: [不, …], part_openers: [其中]}`: how a report
    names its own agency (read/own_agency.py), never right before one of `not_before`
    (本机关不掌握: a reason), and the words that open a part of a figure."""
    if spec is None:
        return None
    if not isinstance(spec, dict) or not spec.get("words") or not spec.get("part_openers") \
            or set(spec) - {"words", "not_before", "part_openers"}:
        raise YamlError(path, "`own_agency` is {words: [本机关, …], not_before: [不, …], part_openers: [其中]}")
    refused = f"(?!{word_alternation(spec['not_before'])})" if spec.get("not_before") else ""
    return OwnAgency(regex.compile(word_alternation(spec["words"]) + refused),
                     regex.compile(rf"[\s,;:，；：]*{word_alternation(spec['part_openers'])}[\s,:：]*"))


def _list_total(spec, path: str):
    """`list_totals: {words: [合计, …]}`: what stands between a list's last figure and its total."""
    if spec is None:
        return None
    if not isinstance(spec, dict) or not spec.get("words"):
        raise YamlError(path, "`list_totals` is {words: [合计, …]}")
    return regex.compile(r"\s*[,;、，；]?\s*(?:" + word_alternation(spec["words"]) + r")\s*")


def _check_classes(words: dict, path: str, where: str, user: bool = True) -> None:
    for name, value in words.items():
        try:
            check_class(str(name), value, compile_pattern=user)
        except FormError as exc:
            raise YamlError(path, f"{where}{exc}") from None


def _entry(item, path: str, words: dict, frames: dict, units: tuple, user: bool = True):
    """One entry; `words`: the lexicon's word classes and, as {@frame}, each frame's markers."""
    if not isinstance(item, dict) or not item.get("id") or "key" not in item \
            or not (item.get("forms") or item.get("patterns")):
        raise YamlError(path, f"each lexicon entry needs id, key and forms (or patterns): {item!r:.80}")
    ident = str(item["id"])
    unknown = set(item) - ENTRY_KEYS
    if unknown:
        raise YamlError(path, f"entry {ident}: unknown key(s) {', '.join(sorted(unknown))}")
    local = item.get("words") or {}
    if not isinstance(local, dict):
        raise YamlError(path, f"entry {ident}: `words` maps a word class's name to its words")
    _check_classes(local, path, f"entry {ident}: ", user)
    for name in list(item.get("scope") or ()) + ([item["frame"]] if item.get("frame") else []):
        if name not in frames:
            raise YamlError(path, f"entry {ident}: no frame {name!r}")
    phrasings = _phrasings(item, ident, path, {**words, **local})
    try:
        keys = key_spec(item["key"])
    except ValueError as exc:
        raise YamlError(path, f"entry {ident}: {exc}") from None
    scale = item.get("scale") or {}
    if not isinstance(scale, dict) or not all(isinstance(v, (int, float)) for v in scale.values()):
        raise YamlError(path, f"entry {ident}: `scale` maps a unit to a number")
    entry = Entry(
        id=ident, keys=keys, units=tuple(item.get("units") or units), severity=item.get("severity"),
        hedge=item.get("hedge"), explain=tuple(item.get("explain") or ()), channel=bool(item.get("channel")),
        scope=tuple(item.get("scope") or ()), frame=item.get("frame"), anchors=tuple(p[1] for p in phrasings),
        sequences=tuple(p[2] for p in phrasings),
        scale={str(k): v for k, v in scale.items()},
    )
    return entry, tuple(p[0] for p in phrasings)


def _phrasings(item, ident: str, path: str, classes: dict) -> list:
    """(regular expression, anchors) of each of the entry's phrasings: its forms, then its raw
    patterns (checked now; a form is valid by its parts)."""
    out = []
    for form in item.get("forms") or ():
        try:
            compiled = compile_form(str(form), classes)
        except FormError as exc:
            raise YamlError(path, f"entry {ident}: {exc}") from None
        out.append((compiled.pattern, compiled.anchors, compiled.sequence))
    for pattern in item.get("patterns") or ():
        if str(pattern).count("{N}") != 1:
            raise YamlError(path, f"entry {ident}: pattern {pattern!r} must hold {{N}} exactly once")
        text = str(pattern).replace("{N}", MARK)
        try:
            regex.compile(text)
        except regex.error as exc:
            raise YamlError(path, f"entry {ident}: bad pattern: {exc}") from None
        out.append((text, phrasing_anchors(text, MARK) or (), ()))  # the words read off the expression
    return out


def _quantifier(item, path: str) -> Quantifier:
    if not isinstance(item, dict) or not item.get("id") or not item.get("words") or not item.get("claims"):
        raise YamlError(path, f"a quantifier needs id, words and claims: {item!r:.80}")
    claims = {}
    for key, claim in item["claims"].items():
        if isinstance(claim, str):
            claim = {"key": claim}
        if not isinstance(claim, dict) or not claim.get("key"):
            raise YamlError(path, f"quantifier {item['id']}: the claim on {key} needs a `key`")
        claims[str(key)] = (str(claim["key"]), tuple(map(str, claim.get("cite") or ())))
    return Quantifier(id=str(item["id"]), pattern=regex.compile(word_alternation(item["words"])), claims=claims,
                      severity=str(item.get("severity") or "warning"), hedge=str(item.get("hedge") or ""))


def extend_lexicon(entries: list, path: str) -> Lexicon:
    """The built-in lexicon with a user pack's entries after its own (they may use its word classes)."""
    data = builtin_yaml(LEXICON_YAML)
    return build_lexicon({**data, "entries": list(data["entries"]) + list(entries)}, path, user=True)


@functools.lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    return build_lexicon(builtin_yaml(LEXICON_YAML))


@functools.lru_cache(maxsize=None)
def default_units() -> tuple:
    """The measure words an entry accepts when it names none."""
    return tuple(builtin_yaml(LEXICON_YAML)["default_units"])


def entries_by_id() -> dict:
    return lexicon().by_id

"""What the prose mechanisms share: one report's prose figures and the geometry of its text.

The structures of report prose — a total and its 其中 breakdown, a part with its
占 p%, a rate, 由A…到B, dates, numbering, brackets — are general forms whose
words live in rules/knowledge/structures.yaml (compiled once per process: phrasing.py).
Each mechanism module (sums, shares, changes, plausibility, dates, numbering, brackets)
reads the report through one `Prose` object per document (`prose_of(ctx)`):
the prose Facts outside the tables, with sentence, clause and paragraph bounds
computed lazily, so every structure costs one pass over the text.

Figures are compared as intervals (core/numbers.py: Interval); values reported in a
Finding are the figures as written (`Prose.written`).
"""
from __future__ import annotations

import bisect
from decimal import Decimal
from typing import Optional

import regex

from ...core.model import Fact, Finding, lower
from ...core.numbers import Interval, fmt_decimal
from ...knowledge.layout import table_line_ranges
from ...knowledge.numbering import sentence_marker
from .phrasing import config

_NUMBER = regex.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_SENTENCE_STOP = regex.compile(r"[。!?\n]")  # normalized text: ！？ are !?
_CLAUSE_BREAK = regex.compile(r"[。!?\n,;:、()]")  # searched in the reversed window
_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}


class Prose:
    """The prose of one report: its figures (Facts) and its sentence geometry."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.text: str = ctx.text
        doc = ctx.document
        self.doc = doc
        self.metadata: dict = getattr(doc, "metadata", None) or {}
        self.cfg = config()
        self.facts = sorted((f for f in ctx.prose if f.value is not None), key=lambda f: f.start)
        self.starts = [f.start for f in self.facts]
        self._tables: Optional[list] = None
        self._stops: Optional[list] = None
        self._newlines: Optional[list] = None
        self._rows: Optional[list] = None
        self._segments: Optional[list] = None
        self._prefix: dict = {}
        self.cache: dict = {}  # results shared between mechanisms (breakdowns, percent statements)

    # -- tables
    @property
    def tables(self) -> list:
        if self._tables is None:
            # pipeline.py may hand over the ranges it computed; else they are computed here.
            known = self.ctx.extra.get("table_line_ranges")
            self._tables = list(known) if known is not None else \
                (table_line_ranges(self.text) if "|" in self.text else [])
        return self._tables

    def in_table(self, pos: int) -> bool:
        return self._table_line(pos) is not None

    def _table_line(self, pos: int) -> Optional[int]:
        ranges = self.tables
        i = bisect.bisect_right(ranges, (pos, float("inf"))) - 1
        return i if i >= 0 and ranges[i][0] <= pos <= ranges[i][1] else None

    def in_table_row(self, pos: int) -> bool:
        """A line of a table: with cells of its own, or a label between table lines.

        A heading between two tables (三、收到和处理… after table 二's last row,
        followed by prose) is no table line although table_line_ranges keeps it.
        """
        i = self._table_line(pos) if self.tables else None
        return i is not None and self.rows[i]

    @property
    def rows(self) -> list:
        """For each line of `tables`: whether it is a table row (see in_table_row)."""
        if self._rows is None:
            text = self.text
            ranges = self.tables
            piped = ["|" in text[start:end] for start, end in ranges]
            rows = []
            for i, (start, end) in enumerate(ranges):
                if piped[i]:
                    rows.append(True)
                    continue
                # The lines next to it are usually table lines themselves.
                before = ranges[i - 1] if i else None
                after = ranges[i + 1] if i + 1 < len(ranges) else None
                if before and before[1] + 1 == start and text[before[0]:before[1]].strip():
                    up = piped[i - 1]
                else:
                    up = _piped(text, start, -1)
                if after and after[0] == end + 1 and text[after[0]:after[1]].strip():
                    down = piped[i + 1]
                else:
                    down = _piped(text, end, 1)
                rows.append(up and down)
            self._rows = rows
        return self._rows

    @property
    def segments(self) -> list:
        """(start, end) spans of the text outside tables, for scans that skip tables.

        A table is its rows and, above its first row, the header lines below its
        title (申请人情况 / （本列数据的勾稽关系为：第一项加第二项之和，): see `_header`.
        """
        if self._segments is None:
            found, pos, previous = [], 0, None
            for (start, end), row in zip(self.tables, self.rows, strict=True):
                if not row:
                    continue
                if previous is None or self.text.count("\n", previous, start) > 1:
                    start = self._header(start, pos)
                if start > pos:
                    found.append((pos, start))
                pos = max(pos, end + 1)
                previous = end
            if pos < len(self.text):
                found.append((pos, len(self.text)))
            self._segments = found
        return self._segments

    def _header(self, row: int, floor: int) -> int:
        """Where the table whose first row starts at `row` begins: back over the lines above
        it that hold no sentence end, up to its title (a numbered heading, which stays prose)
        or a blank line; at most `table_header_lines` lines."""
        text, start = self.text, row
        for _ in range(self.cfg.table_header_lines):
            if start <= floor:
                break
            line_start = max(floor, text.rfind("\n", floor, start - 1) + 1)
            line = text[line_start:start - 1]
            if not line.strip() or "。" in line or sentence_marker().match(line):
                break
            start = line_start
        return start

    def scan(self, pattern):
        """Every match of a pattern outside the table rows."""
        for start, end in self.segments:
            yield from pattern.finditer(self.text, start, end)

    def once(self, name: str, compute):
        """What `compute(prose)` finds in this report, found once and shared by the mechanisms."""
        found = self.cache.get(name)
        if found is None:
            found = self.cache[name] = compute(self)
        return found

    # -- geometry
    @property
    def stops(self) -> list:
        """Offsets of the sentence ends (。!? and line ends), found once."""
        if self._stops is None:
            self._stops = [m.start() for m in _SENTENCE_STOP.finditer(self.text)]
            self._newlines = [p for p in self._stops if self.text[p] == "\n"]
        return self._stops

    def sentence(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding pos; end includes its 。 (not a line end)."""
        stops = self.stops
        i = bisect.bisect_left(stops, pos)
        start = stops[i - 1] + 1 if i > 0 else 0
        if i == len(stops):
            return start, len(self.text)
        stop = stops[i]
        return start, (stop if self.text[stop] == "\n" else stop + 1)

    def line(self, pos: int) -> tuple[int, int]:
        """(start, end) of the line holding pos, without its line end."""
        if self._newlines is None:
            _ = self.stops  # computes the line ends too
        newlines = self._newlines
        i = bisect.bisect_left(newlines, pos)
        start = newlines[i - 1] + 1 if i > 0 else 0
        return start, (newlines[i] if i < len(newlines) else len(self.text))

    def previous_sentence(self, start: int) -> Optional[tuple[int, int]]:
        """The sentence before the one starting at `start`, in the same line."""
        if start == 0 or self.text[start - 1] == "\n":
            return None
        return self.sentence(start - 1)

    def next_sentence(self, end: int) -> Optional[tuple[int, int]]:
        """The sentence after one ending at `end` (exclusive), in the same line."""
        pos = end
        while pos < len(self.text) and self.text[pos] in " \t":
            pos += 1
        if pos >= len(self.text) or self.text[pos] == "\n":
            return None
        return self.sentence(pos)

    def prefix(self, fact: Fact) -> str:
        """The words of the fact's clause before it: 已办理群众诉求 in 已办理群众诉求75225件."""
        found = self._prefix.get(fact.start)
        if found is None:
            begin = max(0, fact.start - 40)
            window = self.text[begin:fact.start]
            m = _CLAUSE_BREAK.search(window[::-1])
            found = window[len(window) - m.start():] if m else window
            self._prefix[fact.start] = found
        return found

    def facts_in(self, start: int, end: int) -> list[Fact]:
        return self.facts[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]

    def first_facts(self, start: int, end: int, limit: int) -> list[Fact]:
        """At most the first `limit` facts of a span (no copy of a long sentence's facts)."""
        i = bisect.bisect_left(self.starts, start)
        return self.facts[i:min(i + limit, bisect.bisect_left(self.starts, end))]

    def last_facts(self, start: int, end: int, limit: int) -> list[Fact]:
        """At most the last `limit` facts of a span."""
        j = bisect.bisect_left(self.starts, end)
        return self.facts[max(j - limit, bisect.bisect_left(self.starts, start)):j]

    def fact_at(self, pos: int) -> Optional[Fact]:
        """The fact whose figure covers pos."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.facts[i].start <= pos < self.facts[i].end:
            return self.facts[i]
        return None

    # -- figures
    def written(self, fact: Fact) -> Decimal:
        """The figure as written: 83.9 for 83.9%, 30 for 突破30, 12800 for 1.28万."""
        value = fact.value
        if value.is_exact:
            return value.low
        raw = self.text[fact.start:fact.end]
        m = _NUMBER.search(raw)
        if not m:
            return value.point
        number = Decimal(m.group().replace(",", ""))
        after = raw[m.end():m.end() + 1]
        if after in _MULTIPLIERS and not (fact.unit or "").startswith(after):
            number *= _MULTIPLIERS[after]
        return number

    def kind_of(self, fact: Fact) -> str:
        """count | money | percent | other."""
        unit = fact.unit
        if unit == "%":
            return "percent"
        if unit in self.cfg.counts:
            return "count"
        if unit in self.cfg.money:
            return "money"
        return "other"

    def family(self, fact: Fact) -> Optional[str]:
        return self.cfg.family.get(fact.unit, fact.unit)

    def per_item(self, fact: Fact) -> bool:
        """各14项, 人均3.5次: a figure per item, not a part or a total."""
        return self.cfg.per_item.search(self.prefix(fact)) is not None

    # -- quoting
    def raw(self, start: int, end: int) -> str:
        """The original characters of a span of the normalized text."""
        return self.doc.quote(start, end) if self.doc is not None else self.text[start:end]

    def quote(self, start: int, end: int) -> str:
        return self.raw(start, end).strip()

    def clause_quote(self, fact: Fact, width: int = 20) -> str:
        """The fact with the words of its clause before it, in the original characters."""
        words = self.prefix(fact)
        cut = len(words) > width
        words = words[-width:]
        return ("…" if cut else "") + self.quote(fact.start - len(words), fact.end)

    def label(self, fact: Fact, width: int = 8) -> str:
        """A short name for a figure in a formula: 马上办1047."""
        words = self.prefix(fact).strip()
        cut = len(words) > width
        words = words[-width:]
        return f"{'…' if cut else ''}{self.quote(fact.start - len(words), fact.start)}{fmt_decimal(self.written(fact))}"


def _piped(text: str, pos: int, step: int) -> bool:
    """Whether the nearest non-blank line before a line start (step −1) or after a line end (+1) has a `|`."""
    for _ in range(4):
        if step < 0:
            if pos <= 0:
                return False
            end = pos - 1
            start = text.rfind("\n", 0, end) + 1
            pos = start
        else:
            if pos >= len(text):
                return False
            start = pos + 1
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            pos = end
        line = text[start:end]
        if line.strip():
            return "|" in line
    return False


def prose_of(ctx) -> Prose:
    """The Prose of a context, built once and shared by every mechanism."""
    found = ctx.extra.get("structures.prose")
    if found is None:
        found = Prose(ctx)
        ctx.extra["structures.prose"] = found
    return found




def param_severity(rule, name: str) -> str:
    """A severity parameter of the rule, never above the rule's own severity."""
    return lower(rule.severity, rule.params[name])


def ratio(part: Interval, base: Interval) -> Optional[Interval]:
    """part ÷ base × 100, as an interval (None when a bound is missing or the base may be 0)."""
    if None in (part.low, part.high, base.low, base.high) or base.low <= 0 or part.low < 0:
        return None
    hundred = Decimal(100)
    return Interval(part.low * hundred / base.high, part.high * hundred / base.low)


def truncated(stated: Interval) -> Interval:
    """The interval a percentage stands for when it was cut, not rounded: 2.9 → [2.9, 3.0)."""
    if stated.low is None or stated.high is None:
        return stated  # a bound (超过90%): no rounding to undo
    width = stated.high - stated.low
    low = stated.low + width / 2
    return Interval(low, low + width, False, True)


def percent_text(value: Interval, stated: Interval) -> str:
    """A recomputed percentage with the decimals of the stated one (at least two): 70.41%."""
    width = stated.high - stated.low if stated.low is not None and stated.high is not None else Decimal(1)
    decimals = max(0, -width.normalize().as_tuple().exponent)
    places = Decimal(1).scaleb(-max(2, decimals))
    middle = (value.low + value.high) / 2
    try:
        return f"{middle.quantize(places)}%"
    except ArithmeticError:  # a figure of hundreds of digits
        return f"{fmt_decimal(middle)}%"


def make_finding(rule, severity: str, message: str, values: list, facts: list, start: int,
                 relation: Optional[str] = None, left: Optional[str] = None, right: Optional[str] = None,
                 difference: Optional[str] = None, left_value=None, right_value=None) -> Finding:
    return Finding(
        rule=rule.id, kind=rule.kind, severity=severity, message=message, values=values, facts=facts,
        relation=relation, left=left, right=right, difference=difference, start=start,
        left_value=left_value, right_value=right_value,
    )


def mark_fact(prose: Prose, start: int, end: int, value=None, unit: Optional[str] = None) -> Fact:
    """A Fact for something the report writes that is not a scanned figure (a marker, a date)."""
    interval = Interval.exact(value) if value is not None else None
    return Fact(key=None, value=interval, raw=prose.raw(start, end), source="prose", start=start, end=end,
                unit=unit)


def remark_findings(rule, prose: Prose, problems: list, title: str) -> list:
    """One finding per remark of a report, each citing what it is about: [(start, end, note, value)].

    Each can be matched, baselined and fixed on its own; its fact is the marker
    (its number) or the bracket (one unpaired) the remark is about. At most
    `max_remarks` (structures.yaml `limits`) per report: the last says how many more.
    """
    doc = prose.ctx.document
    found = []
    problems = sorted(problems)
    shown = problems[:prose.cfg.max_remarks]
    for n, (start, end, note, value) in enumerate(shown, 1):
        line = doc.position(start)[1] if doc is not None else None
        message = f"{title}：第{line}行：{note}" if line else f"{title}：{note}"
        if n == len(shown) < len(problems):
            message += f"；另有{len(problems) - len(shown)}处同类问题未逐一列出"
        found.append(make_finding(rule, rule.severity, message, [], [mark_fact(prose, start, end, value)], start))
    return found

"""Table rows found by their labels in running text, each with its run of digits.

Where a table's cell boundaries were lost (`行政许可396442278`), a row is its
label followed by a run of digits. Label occurrences are chosen in template
order (a monotone alignment, as for pipe rows); a space or a minus sign is a
certain cell boundary, and a digit glued to the next row's numbering
(`00000002.其他法律…`) belongs to that numbering. flattened.py splits the runs.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

import regex

from ...knowledge.templates import flattened_settings
from .align import monotone_alignment

NUMBERING_END = regex.compile(r"[.、．]")
RUN = regex.compile(r"[-−]?\d(?:[\d.]|[-−](?=\d))*(?:[ \t]+[-−]?\d(?:[\d.]|[-−](?=\d))*)*")
TOKEN = regex.compile(r"[-−]?\d(?:[\d.]|[-−](?=\d))*")
TAIL_STOP = regex.compile(r"[。；;!?！？\n|]")
# A row whose label stands in the header (table 四) reads its run across the header's lines.
HEADER_TAIL_STOP = regex.compile(r"[。；;!?！？|]")
HAN = regex.compile(r"\p{Han}")


@dataclass
class FlatRow:
    """A template row found in flattened text: its label and its run of digits."""

    index: int  # template row index
    label_start: int
    label_end: int
    tokens: list = field(default_factory=list)  # [(text, start)] separated by spaces





def find_rows(text: str, table: dict, skip=()) -> list[FlatRow]:
    """Template rows found by label in running text, each with its run of digits."""
    conf = flattened_settings()
    rows = table["rows"]
    fragments, pattern = _label_pattern(rows)
    if pattern is None:
        return []
    prose_units = tuple(conf.get("prose_units") or ())
    occurrences = []
    for m in pattern.finditer(text, overlapped=True):
        if in_ranges(m.start(), skip):
            continue
        for i, exact in fragments[m.group()]:
            trow = rows[i]
            if exact and not _exact_label(text, m.start(), m.end()):
                continue
            window = text[max(0, m.start() - 4): m.end() + 2]
            if any(bad in window for bad in trow.get("not", ())):
                continue
            collect = bool(trow.get("collect"))
            reach = conf.get("collect_tail", 240) if collect else conf.get("label_tail", 40)
            occurrences.append((m.start(), m.end(), i, len(m.group()), (reach, collect)))
    occurrences.sort()
    found = []
    starts = sorted({o[0] for o in occurrences})
    for start, end, i, score, (reach, collect) in occurrences:
        tokens = _run_after(text, end, reach, starts, prose_units, HEADER_TAIL_STOP if collect else TAIL_STOP)
        found.append((start, end, i, score, tokens))
    return _align(rows, found)


_PATTERNS: dict = {}


def _label_pattern(rows: list) -> tuple[dict, Optional[regex.Pattern]]:
    """The label fragments of a table's rows ({fragment: [(row, exact?)]}) and one
    pattern finding them all; made once per template (templates live as long as
    the process)."""
    known = _PATTERNS.get(id(rows))
    if known is not None and known[0] is rows:
        return known[1], known[2]
    fragments: dict[str, list] = {}
    for i, trow in enumerate(rows):
        for fragment in trow["labels"]:
            fragments.setdefault(fragment.lstrip("="), []).append((i, fragment.startswith("=")))
    pattern = regex.compile("|".join(regex.escape(f) for f in sorted(fragments, key=len, reverse=True))) \
        if fragments else None
    _PATTERNS[id(rows)] = (rows, fragments, pattern)
    return fragments, pattern


def in_ranges(offset: int, ranges) -> bool:
    """Whether offset falls in one of the (start, end) ranges, sorted by start and not overlapping."""
    i = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= offset < ranges[i][1]


def _exact_label(text: str, start: int, end: int) -> bool:
    """`=其他`: the whole label, after a numbering (3.其他) and before its figures."""
    before = text[start - 1] if start else ""
    after = text[end:end + 1]
    return (not before or not HAN.match(before)) and (not after or after in " \t" or after.isdigit())


def _run_after(text: str, end: int, reach: int, starts: list, prose_units: tuple, stop=TAIL_STOP) -> list:
    """The run of digits after a label (as space-separated tokens), or []."""
    limit = min(len(text), end + reach)
    pos = end
    while pos < limit and not (text[pos].isdigit() or (text[pos] in "-−" and text[pos + 1:pos + 2].isdigit())):
        pos += 1
    if pos >= limit:
        return []
    between = text[end:pos]
    if stop.search(between):
        return []
    # another label of this table between: the run is that label's
    k = bisect.bisect_right(starts, end - 1)
    if k < len(starts) and starts[k] < pos and starts[k] >= end:
        return []
    m = RUN.match(text, pos)
    if not m:
        return []
    run_end = m.end()
    after = text[run_end:run_end + 1]
    tokens = [(t.group(), t.start()) for t in TOKEN.finditer(text, pos, run_end)]
    last, at = tokens[-1]
    if last.endswith("."):  # the "." closes a numbering, it is no decimal point
        tokens[-1] = last, at = last[:-1], at
        run_end -= 1
        after = "."
    nxt = text[run_end + 1:run_end + 2]
    if after and NUMBERING_END.match(after) and nxt and (HAN.match(nxt) or nxt in "(（"):
        # 00000002.其他法律… : the last digit numbers the next row
        tokens[-1] = (last[:-1], at)
        if not tokens[-1][0] or tokens[-1][0] in "-−":
            tokens.pop()
    elif after and any(text.startswith(u, run_end) for u in prose_units):
        return []
    return [(t, at) for t, at in tokens if t and t[-1].isdigit()]


def _align(rows: list, found: list) -> list[FlatRow]:
    """Monotone, non-overlapping choice of label occurrences for the template rows."""
    n, m = len(rows), len(found)
    if not m:
        return []
    nxt = []
    for j, (start, end, *_rest) in enumerate(found):
        k = j + 1
        while k < m and found[k][0] < end:
            k += 1
        nxt.append(k)

    gains: dict = {}
    for j, (_, _, i, score, tokens) in enumerate(found):
        gain = score if rows[i].get("optional") else score + (1000 if tokens else 1)
        gains.setdefault(j, {})[i] = gain

    out = []
    for i, j in monotone_alignment(n, m, gains, nxt).items():
        start, end, _, _, tokens = found[j]
        out.append(FlatRow(i, start, end, tokens))
    return out

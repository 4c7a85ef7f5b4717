"""Reading figures from text: every figure of a report, or the one figure a table cell is.

`scan_figures` finds every figure of a normalized report text (digits, 万/亿
multipliers, Chinese numerals, approximation and bound words) in one regex
pass of the scanner (scanner.py); `parse_figure` reads a table cell. The words
are data in rules/knowledge/numbers.yaml, so a new phrasing is a YAML change.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .numbers import Interval
from .scanner import Scanner, scanner


@dataclass(frozen=True)
class Figure:
    """A figure as written in the text, with the interval it stands for."""

    start: int  # the whole figure: qualifier words, number and unit
    end: int
    num_start: int  # the number itself: sign, digits or Chinese numerals, adjacent 万/亿
    num_end: int
    value: Interval
    raw: str  # text[start:end]
    number_text: str  # text[num_start:num_end], e.g. "1.28万", "三", "83.9", "-257"
    unit: Optional[str]  # measure word after it (longest match), "%" for percentages
    percent: bool
    qualifier: Optional[str]  # None | "approx" | "lower" | "upper"
    chinese: bool  # written in Chinese numerals


def scan_figures(text: str) -> list[Figure]:
    """Every figure of a normalized text, in order, non-overlapping.

    The stages of one report each scan its text (prose, tables, structures):
    the figures of the last few texts are kept (Figures are immutable; each
    caller gets its own list).
    """
    sc = scanner()
    cached = _SCAN_CACHE.get(text)
    if cached is not None and cached[0] is sc:
        return list(cached[1])
    figures = _scan(sc, text)
    if len(_SCAN_CACHE) >= _SCAN_CACHE_SIZE:
        del _SCAN_CACHE[next(iter(_SCAN_CACHE))]
    _SCAN_CACHE[text] = (sc, figures)
    return list(figures)


_SCAN_CACHE: dict = {}  # text → (scanner, figures), oldest first
_SCAN_CACHE_SIZE = 4


def _scan(sc: "Scanner", text: str) -> list[Figure]:
    parts_of = sc.parts
    out = []
    append = out.append
    for m in sc.pattern.finditer(text):
        if m.lastgroup == "skip":
            continue
        raw = m.group()
        parts = parts_of.get(raw)
        if parts is None:
            parts = _parts(sc, m)
            if len(parts_of) >= _PARTS_CACHE:
                parts_of.clear()
            parts_of[raw] = parts
        if not parts:
            continue
        lead, num_start, num_end, value, number_text, unit, percent, qualifier, chinese = parts
        start = m.start()
        figure = _new(Figure)
        # The frozen dataclass's __init__ costs twice this; the fields are the same.
        figure.__dict__.update(
            start=start + lead, end=m.end(), num_start=start + num_start, num_end=start + num_end,
            value=value, raw=raw[lead:] if lead else raw, number_text=number_text, unit=unit,
            percent=percent, qualifier=qualifier, chinese=chinese,
        )
        append(figure)
    return out


_new = object.__new__


# A match's text alone decides its figure (the lookbehinds only decide whether
# there is a match), so the offset-free parts are cached by the matched text:
# tables repeat "0" hundreds of times.
_PARTS_CACHE = 20000


def _parts(sc: "Scanner", m) -> tuple:
    """The figure of a match, relative to the match start; () when it is none."""
    slots = sc.slots
    g = m.groups()
    pre = g[slots["pre"]]
    after = g[slots["after"]]
    sign = ""
    mult = None
    if g[slots["pnum"]] is not None:
        number = g[slots["pnum"]]
        chinese = not number[0].isdigit()
        unit, apx, percent = "%", None, True
        num_start, num_end = m.span(slots["pnum"] + 1)
    elif g[slots["num"]] is not None:
        chinese = False
        number = g[slots["num"]]
        sign = g[slots["sign"]] or ""
        apx = g[slots["apx"]] or g[slots["apx2"]]
        mult = g[slots["mult"]]
        unit = g[slots["unit"]] or g[slots["punit"]] or g[slots["unit2"]]
        num_start, num_end = m.span(slots["num"] + 1)
        num_start -= len(sign)
        if mult and m.start(slots["mult"] + 1) == num_end:
            num_end = m.end(slots["mult"] + 1)
        unit = sc.unit_alias.get(unit, unit)
        percent = unit == "%"
    else:
        chinese = True
        number = g[slots["cnum"]]
        apx = g[slots["capx"]] or g[slots["capx2"]]
        mult = g[slots["cmult"]]
        unit = g[slots["cunit"]] or g[slots["cunit2"]]
        num_start, num_end = m.span(slots["cnum"] + 1)
        if mult and m.start(slots["cmult"] + 1) == num_end:
            num_end = m.end(slots["cmult"] + 1)
        percent = False
    origin = m.start()
    lead = 0
    prefix_kind = sc.kind_of[pre] if pre else None
    if prefix_kind == "near" and unit in sc.near_exempt:
        prefix_kind = None  # 近3年: the last three years, not nearly three
        lead = num_start - origin
    after_kind = sc.kind_of[after] if after else None
    result = sc.value(number, sign, "chinese" if chinese else "digits", apx, mult,
                      prefix_kind, after_kind, percent)
    if result is None:
        return ()
    value, qualifier = result
    return (lead, num_start - origin, num_end - origin, value, m.string[num_start:num_end],
            unit, percent, qualifier, chinese)


def whole_number(text: str) -> Optional[int]:
    """A whole number written in digits or Chinese numerals (12, 十二, 二十, 二〇一三),
    read with rules/knowledge/numbers.yaml's numerals; None when it is none."""
    if text.isdigit():
        return int(text)
    sc = scanner()
    if not text or any(ch not in sc.digits and ch not in sc.places and ch not in sc.sections for ch in text):
        return None
    read = sc.chinese_value(text)
    if read is None or read[0] is None or read[0] != read[0].to_integral_value():
        return None
    return int(read[0])


def parse_figure(text: str) -> Optional[Figure]:
    """The single figure that `text` is, whole (surrounding spaces aside), e.g. a table cell.

    Cells repeat ("0" hundreds of times a table): results are kept by text.
    """
    sc = scanner()
    if sc is not _CELL_CACHE_OWNER[0]:
        _CELL_CACHE.clear()
        _CELL_CACHE_OWNER[0] = sc
    try:
        return _CELL_CACHE[text]
    except KeyError:
        pass
    figure = _parse_figure(sc, text)
    if len(text) <= CELL_CACHE_CHARS:  # a cell; a line of prose asked about is no cell, and never repeats
        if len(_CELL_CACHE) >= _PARTS_CACHE:
            _CELL_CACHE.clear()
        _CELL_CACHE[text] = figure
    return figure


_CELL_CACHE: dict = {}  # cell text → Figure or None
CELL_CACHE_CHARS = 40  # longer texts are not kept: the cache stays small whatever the reports
_CELL_CACHE_OWNER: list = [None]  # the scanner the cache was filled with


def _parse_figure(sc: "Scanner", text: str) -> Optional[Figure]:
    stripped = text.strip()
    if not stripped:
        return None
    figures = _scan(sc, text)
    if len(figures) != 1:
        return None
    figure = figures[0]
    lead = len(text) - len(text.lstrip())
    if figure.start != lead or figure.end != lead + len(stripped):
        return None
    return figure

"""Figures as intervals (XBRL Calculations 1.1 style), computed with Decimal.

`10351` is [10351, 10351]; `300余` is (300, 400); `83.9%` is [83.85, 83.95);
`不少于4` is [4, ∞). A relation holds when the intervals can agree.

`scan_figures` finds every figure of a normalized report text (digits, 万/亿
multipliers, Chinese numerals, approximation and bound words) in one regex
pass; `parse_figure` reads a table cell. The words are data in
rules/numbers.yaml, so a new phrasing is a YAML change.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from .resources import builtin_yaml

INF = None  # an unbounded end


@dataclass(frozen=True)
class Interval:
    low: Optional[Decimal]  # None: −∞
    high: Optional[Decimal]  # None: +∞
    low_open: bool = False
    high_open: bool = False

    @staticmethod
    def exact(value) -> "Interval":
        d = Decimal(value)
        return _interval(d, d, False, False)

    @property
    def is_exact(self) -> bool:
        return (self.low is not None and self.low == self.high
                and not self.low_open and not self.high_open)

    def contains(self, value) -> bool:
        """Whether the value (int, str or Decimal; never float) lies in the interval."""
        d = value if isinstance(value, Decimal) else Decimal(value)
        if self.low is not None and (d < self.low or (d == self.low and self.low_open)):
            return False
        if self.high is not None and (d > self.high or (d == self.high and self.high_open)):
            return False
        return True

    def __contains__(self, value) -> bool:
        return self.contains(value)

    @property
    def point(self) -> Optional[Decimal]:
        """The value when exact, else the midpoint of a bounded interval."""
        if self.is_exact:
            return self.low
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high

    def __add__(self, other: "Interval") -> "Interval":
        return _interval(
            None if self.low is None or other.low is None else self.low + other.low,
            None if self.high is None or other.high is None else self.high + other.high,
            self.low_open or other.low_open,
            self.high_open or other.high_open,
        )

    def __neg__(self) -> "Interval":
        return _interval(
            None if self.high is None else -self.high,
            None if self.low is None else -self.low,
            self.high_open,
            self.low_open,
        )

    def __sub__(self, other: "Interval") -> "Interval":
        return self + (-other)

    def scale(self, factor: Decimal) -> "Interval":
        """Multiply by an exact factor (a negative factor swaps the ends)."""
        if factor < 0:
            return (-self).scale(-factor)
        return Interval(
            None if self.low is None else self.low * factor,
            None if self.high is None else self.high * factor,
            self.low_open,
            self.high_open,
        )

    def meets(self, other: "Interval") -> bool:
        """True when some value lies in both intervals."""
        return _below_or_touch(self.low, self.low_open, other.high, other.high_open) and _below_or_touch(
            other.low, other.low_open, self.high, self.high_open
        )

    def can_be_le(self, other: "Interval") -> bool:
        """True when some a in self and b in other have a <= b."""
        return _below_or_touch(self.low, self.low_open, other.high, other.high_open)

    def can_be_lt(self, other: "Interval") -> bool:
        if self.low is None or other.high is None:
            return True
        return self.low < other.high

    def surely_lt(self, other: "Interval") -> bool:
        return not other.can_be_le(self)

    def __str__(self) -> str:
        if self.is_exact:
            return fmt_decimal(self.low)
        lo = "−∞" if self.low is None else fmt_decimal(self.low)
        hi = "+∞" if self.high is None else fmt_decimal(self.high)
        return f"{'(' if self.low_open or self.low is None else '['}{lo}, {hi}{')' if self.high_open or self.high is None else ']'}"


def _interval(low, high, low_open: bool, high_open: bool) -> Interval:
    """Interval(low, high, low_open, high_open) without the frozen dataclass's
    __init__ (four object.__setattr__ calls): the same object, 3× faster to
    make. Rules add intervals hundreds of times a report."""
    interval = object.__new__(Interval)
    interval.__dict__.update(low=low, high=high, low_open=low_open, high_open=high_open)
    return interval


def _below_or_touch(low, low_open, high, high_open) -> bool:
    """Whether an interval starting at `low` can reach one ending at `high`."""
    if low is None or high is None:
        return True
    if low < high:
        return True
    return low == high and not low_open and not high_open


def fmt_decimal(value: Decimal) -> str:
    """A Decimal as a report would write it: no exponent, no trailing zeros."""
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text


def json_number(value: Decimal):
    """A Decimal for JSON: int when whole, else float of its written form."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def precision_interval(text: str, scale: Decimal = Decimal(1)) -> Interval:
    """The interval a rounded decimal figure stands for: '83.9' → [83.85, 83.95).

    Whole numbers written without decimals stand for themselves, except
    percentages, which callers pass through `rounded_interval`.
    """
    text = _plain_number(text)
    value = Decimal(text) * scale
    if "." not in text:
        return Interval(value, value)
    decimals = len(text.split(".", 1)[1])
    half = Decimal(1).scaleb(-decimals) / 2 * scale
    return Interval(value - half, value + half, False, True)


def rounded_interval(text: str) -> Interval:
    """A figure known to be rounded at its last written digit: '100' → [99.5, 100.5)."""
    text = _plain_number(text)
    value = Decimal(text)
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    half = Decimal(1).scaleb(-decimals) / 2
    return Interval(value - half, value + half, False, True)


def _plain_number(text: str) -> str:
    """'1,234' → '1234', '−8' → '-8': a written number as Decimal reads it."""
    return text.strip().replace(",", "").replace("\u2212", "-")


# ---------------------------------------------------------------------------
# The figure scanner: every figure of a normalized text, as an Interval.
#
# The words (units, multipliers, approximation and bound words, Chinese
# numerals) are data in rules/numbers.yaml. They are compiled, once per
# process, into ONE alternation: things that look like numbers but are not
# figures (URLs, phone numbers, times, document-number years, list markers,
# ordinals) come first and are consumed silently, then the figure forms.
# A single finditer pass over the text yields every figure in order.
# ---------------------------------------------------------------------------


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


_NUMBERS_YAML = "knowledge/numbers.yaml"


@functools.lru_cache(maxsize=None)
def _lexicon() -> dict:
    """rules/numbers.yaml, parsed once."""
    return _checked_lexicon(builtin_yaml(_NUMBERS_YAML))


def _checked_lexicon(data) -> dict:
    """The parsed YAML, refused loudly when it is not a mapping of known keys."""
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ValueError(f"{_NUMBERS_YAML}: expected a mapping at the top level")
    unknown = sorted(set(map(str, data)) - _LEXICON_KEYS)
    if unknown:
        raise ValueError(f"{_NUMBERS_YAML}: unknown key(s) {', '.join(unknown)}")
    return data


_LEXICON_KEYS = frozenset({
    "units", "chinese_units", "chinese_not_figures", "chinese_not_after", "multipliers",
    "chinese_digits", "chinese_places", "chinese_sections", "percent_before",
    "approx_after", "approx_before", "around_after", "near_before", "near_exempt_units",
    "lower_before", "lower_after", "lower_open_before", "upper_before", "upper_after",
    "upper_open_before", "prefix_not_after", "ordinal_before", "skip_labels", "doc_year_brackets",
})


def _words(items) -> list[str]:
    """A word list, longest first, so that an alternation takes the longest match."""
    return sorted({str(w) for w in items or ()}, key=lambda w: (-len(w), w))


def _alt(items) -> str:
    """An alternation of words, longest first, behind a one-character test.

    The lookahead on the first characters rejects most positions in one step
    instead of one step per word.
    """
    words = _words(items)
    if not words:
        return "(?!)"
    body = "|".join(re.escape(w) for w in words)
    if len(words) < 4:
        return body
    return f"(?=[{_class(sorted({w[0] for w in words}))}])(?:{body})"


def _class(chars) -> str:
    return "".join(re.escape(c) for c in chars)


_KIND_WORDS = (  # YAML key of words before the number → what they do to it
    ("approx_before", "about"),
    ("near_before", "near"),
    ("lower_before", "lower"),
    ("lower_open_before", "lower_open"),
    ("upper_before", "upper"),
    ("upper_open_before", "upper_open"),
)
_AFTER_WORDS = (  # ... of words after the number (and its unit)
    ("around_after", "about"),
    ("lower_after", "lower"),
    ("upper_after", "upper"),
)
_GROUPS = (
    "skip", "pre",
    "pct", "pnum",
    "sign", "num", "apx", "unit", "punit", "mult", "apx2", "unit2",
    "cnum", "capx", "cunit", "cmult", "capx2", "cunit2",
    "after",
)


class _Scanner:
    """The compiled pattern and the lookup tables built from the lexicon."""

    def __init__(self, lex: dict):
        units = [str(u) for u in lex.get("units") or ()]
        cunits = [str(u) for u in lex.get("chinese_units") or ()]
        self.multipliers = {str(k): Decimal(str(v)) for k, v in (lex.get("multipliers") or {}).items()}
        self.digits = {str(k): int(v) for k, v in (lex.get("chinese_digits") or {}).items()}
        self.places = {str(k): int(v) for k, v in (lex.get("chinese_places") or {}).items()}
        self.sections = {str(k): int(v) for k, v in (lex.get("chinese_sections") or {}).items()}
        self.near_exempt = frozenset(str(u) for u in lex.get("near_exempt_units") or ())
        self.unit_alias = {"％": "%"}
        self.parts: dict[str, tuple] = {}  # matched text → figure parts (see _parts)
        self.kind_of: dict[str, str] = {}
        for key, kind in _KIND_WORDS + _AFTER_WORDS:
            for word in lex.get(key) or ():
                self.kind_of[str(word)] = kind
        approx_after = _alt(lex.get("approx_after"))

        # Words before the number, each guarded against the word it may close (节约).
        not_after = {str(k): [str(x) for x in v or ()] for k, v in (lex.get("prefix_not_after") or {}).items()}
        before = _words(w for key, _ in _KIND_WORDS for w in lex.get(key) or ())
        pre_parts = []
        for word in before:
            # The guard looks back from after the word, so that every alternative
            # starts with a literal character (which the regex engine tests fast).
            guard = "".join(f"(?<!{re.escape(x + word)})" for x in not_after.get(word, ()))
            pre_parts.append(re.escape(word) + guard)
        pre = f"(?=[{_class(sorted({w[0] for w in before}))}])(?:{'|'.join(pre_parts)})" if before else "(?!)"
        after = _alt(w for key, _ in _AFTER_WORDS for w in lex.get(key) or ())

        unit_alt = _alt(units)
        cunit_alt = _alt(cunits)
        mult_alt = _alt(self.multipliers)
        cd = _class(self.digits)
        cp = _class(self.places)
        cs = _class(self.sections)
        crun = f"[{cd}{cp}](?:[{cd}{cp}{cs}]*[{cd}{cp}])?"
        ordinal = _alt(lex.get("ordinal_before"))
        stop = _alt(lex.get("chinese_not_figures"))
        cn_not_after = _class(str(c) for c in lex.get("chinese_not_after") or () if len(str(c)) == 1)
        labels = _alt(lex.get("skip_labels"))
        pairs = [str(p) for p in lex.get("doc_year_brackets") or () if len(str(p)) == 2]
        opens = _class(p[0] for p in pairs) or "(?!)"
        closes = _class(p[1] for p in pairs) or "(?!)"
        dnum = r"\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"
        url = r"A-Za-z0-9@._/:\-"  # characters of a URL or e-mail address
        url_inner = r"A-Za-z0-9@._/\-"  # ... that continue one (a run may start after ":")
        dash = "\\-\u2013\u2014"
        sp = "[ \\t\u3000]"

        # Each skip alternative starts by consuming a character from a class, then
        # looks back over it: the regex engine skips such an alternative in one test.
        start = "(?<![0-9].)"  # the first digit of a digit run
        skip = "|".join((
            # a run of URL / e-mail characters holding a letter or @: www.248365365.com, 5G
            f"[A-Za-z@](?<![{url_inner}].)[{url}]*",
            f"[0-9](?<![{url_inner}].)[{url}]*?[A-Za-z@][{url}]*",
            # the year of a document number: 〔2014〕32号
            f"[{opens}]{sp}*(?:19|20)\\d\\d{sp}*[{closes}]",
            # phone numbers: 0791-86565313, 027-84897321-8001, 400-123-4567, (0791)86565313
            f"[0-9]{start}(?:\\d{{2,3}}[{dash}]\\d{{7,8}}|\\d{{6,7}}[{dash}]\\d{{1,5}}"
            f"|(?<=[48])00[{dash}]?\\d{{3}}[{dash}]?\\d{{4}})(?:[{dash}]\\d{{1,6}})*(?!\\d)",
            f"[(（]0\\d{{2,3}}[)）]{sp}?\\d{{7,8}}(?:[{dash}]\\d{{1,6}})*(?!\\d)",
            # a labelled phone number or post code: 电话:0716-8278407, 邮编:430056
            f"(?:{labels}){sp}*[:：]{sp}*[\\d(){dash}（）/、 ]+",
            # a time of day: 09:15, 9:30:00
            f"[0-9]{start}\\d?:[0-5]\\d(?::[0-5]\\d)?(?![\\d.])",
            # list markers: "1." "2、" "(3)" at line start, after a table bar, a space or a sentence end
            "[0-9](?<![^\\n\\r|。;； \\t\u3000].)\\d?[.、．](?!\\d)",
            # ... "1." glued to the text before it ("安排1.高度重视": prose ends a sentence
            # with 。, so a digit, a period and a Chinese character is a marker), "其中:1、"
            "[0-9](?<![0-9.].)\\d?[.．](?=[\u4e00-\u9fff])",
            "[0-9](?<=[:：].)[.、．](?![\\d])",
            r"[(（]\d{1,2}[)）]",
            # ordinals: 第三, 第711号
            f"(?:{ordinal}){sp}?(?:\\d+|[{cd}{cp}{cs}]+)",
        ))
        digits_body = (
            # a sign, unless it is a range dash after a figure: 2016-2017, 2016年-2017年
            f"(?:(?<![0-9年月日号%])(?<![0-9][ \\t])(?P<sign>[-+\u2212])(?=\\d))?"
            f"(?<![0-9])(?<![0-9]\\.)(?P<num>{dnum})(?![\\d.]*\\.\\d)"
            f"(?:{sp}?(?P<apx>{approx_after}))?"
            f"(?:{sp}?(?:(?P<unit>{unit_alt})|[(（](?P<punit>{unit_alt})[)）]"
            f"|(?P<mult>{mult_alt})(?P<apx2>{approx_after})?(?P<unit2>{unit_alt})?))?"
        )
        chinese_body = (
            f"(?<![{cd}{cp}{cs}{cn_not_after}])(?!{stop})(?P<cnum>{crun})(?P<capx>{approx_after})?"
            f"(?:(?P<cunit>{cunit_alt})|(?P<cmult>{mult_alt})(?P<capx2>{approx_after})?(?P<cunit2>{cunit_alt}))"
        )
        percent_body = f"(?P<pct>{_alt(lex.get('percent_before'))})(?P<pnum>\\d+(?:\\.\\d+)?|{crun})"
        figure = (
            f"(?:(?P<pre>{pre}){sp}?)?"
            f"(?:{percent_body}|{digits_body}|{chinese_body})"
            f"(?:{sp}?(?P<after>{after}))?"
        )
        # Every alternative starts with one of these characters: a cheap test that
        # lets the scan step over most of the text (plain Chinese prose) at once.
        first = set("0123456789+-\u2212(（@" + "".join(pairs))
        first.update(chr(c) for c in range(ord("A"), ord("Z") + 1))
        first.update(chr(c) for c in range(ord("a"), ord("z") + 1))
        first.update(self.digits, self.places)
        for key in ("skip_labels", "ordinal_before", "percent_before") + tuple(k for k, _ in _KIND_WORDS):
            first.update(str(w)[0] for w in lex.get(key) or ())
        first_class = _class(sorted(first))
        self.pattern = re.compile(f"(?=[{first_class}])(?:(?P<skip>{skip})|{figure})")
        index = self.pattern.groupindex
        self.slots = {name: index[name] - 1 for name in _GROUPS}

    # -- values ------------------------------------------------------------

    def chinese_value(self, s: str):
        """(value, low_high_range or None, positional) of a Chinese numeral, or None if malformed."""
        digits, places, sections = self.digits, self.places, self.sections
        if not any(ch in places or ch in sections for ch in s):
            values = [digits[ch] for ch in s]
            if len(values) == 1:
                return Decimal(values[0]), None, False
            if len(values) == 2 and values[1] == values[0] + 1 and values[0] > 0:
                return None, (Decimal(values[0]), Decimal(values[1])), False  # 三四个: 3 or 4
            if len(values) >= 3 or 0 in values:
                return Decimal("".join(map(str, values))), None, True  # 二〇一六
            return None
        total = section = 0
        pending = None  # a digit waiting for its place
        last_place = None  # the last place used in this section, to read 三百五 as 350
        zero = False
        for ch in s:
            if ch in digits:
                d = digits[ch]
                if d == 0:
                    zero = True
                    if pending is not None:
                        return None
                    continue
                if pending is not None:
                    return None  # two digits in a row: 十三五
                pending = d
            elif ch in places:
                p = places[ch]
                if last_place is not None and p >= last_place:
                    return None
                section += (pending if pending is not None else 1) * p
                pending, last_place, zero = None, p, False
            else:
                m = sections[ch]
                if pending is not None:
                    section += pending
                total = (total + section) * m if m > 10000 else total + section * m
                section, pending, last_place, zero = 0, None, m, False
        if pending is not None:
            if last_place is not None and last_place >= 100 and not zero:
                pending *= last_place // 10  # 三百五 = 350, 两万五 = 25000
            section += pending
        return Decimal(total + section), None, False

    def value(self, number: str, sign: str, kind: str, apx: Optional[str], mult: Optional[str],
              prefix_kind: Optional[str], after_kind: Optional[str], percent: bool):
        """(Interval, qualifier) of a figure from its parts, or None when it is no figure.

        A number of more than MAX_FIGURE_DIGITS digits before the point (or
        whose value reaches 10**MAX_FIGURE_DIGITS) is no figure a report
        states: it is skipped, so that Decimal arithmetic (28 significant
        digits) stays exact and can never fail on it.
        """
        if kind == "digits" and len(number.replace(",", "").split(".", 1)[0]) > MAX_FIGURE_DIGITS:
            return None
        try:
            result = self._value(number, sign, kind, apx, mult, prefix_kind, after_kind, percent)
        except ArithmeticError:  # decimal.InvalidOperation / Overflow on absurd figures
            return None
        if result is not None:
            interval = result[0]
            if any(end is not None and abs(end) >= _FIGURE_LIMIT for end in (interval.low, interval.high)):
                return None
        return result

    def _value(self, number: str, sign: str, kind: str, apx: Optional[str], mult: Optional[str],
               prefix_kind: Optional[str], after_kind: Optional[str], percent: bool):
        approx = apx is not None
        written_integer = False
        if kind == "digits":
            text = number.replace(",", "")
            scale = self.multipliers[mult] if mult else Decimal(1)
            if percent:
                base = rounded_interval(text)
            else:
                base = precision_interval(text, scale)
                written_integer = "." not in text or bool(mult and base.is_exact)
            if sign in ("-", "\u2212"):
                base = -base
            point = base.point
        else:
            parsed = self.chinese_value(number)
            if parsed is None:
                return None
            point, pair, positional = parsed
            if pair is not None:
                base = Interval(pair[0], pair[1])
                approx = True
                point = None
            else:
                if positional and len(number) >= 2 and not percent:
                    return None  # a year written 二〇一六; only years are written so
                if mult:
                    point *= self.multipliers[mult]
                base = rounded_interval(str(point)) if percent else Interval(point, point)
                written_integer = not percent
        if apx is not None and point is not None:
            # 300余 → (300, 400): up to the place value of the last non-zero digit.
            place = Decimal(1) if point == 0 else Decimal(1).scaleb(point.normalize().as_tuple().exponent)
            base = Interval(point, point + place, True, True)
            written_integer = False
        bound = next((k for k in (prefix_kind, after_kind) if k and k not in ("about", "near")), None)
        if bound is not None:
            floor = Decimal(0) if base.low is not None and base.low >= 0 else None
            if bound == "lower":
                return Interval(base.low, None, base.low_open, True), "lower"
            if bound == "lower_open":
                return Interval(base.low, None, True, True), "lower"
            if bound == "upper":
                return Interval(floor, base.high, False, base.high_open), "upper"
            return Interval(floor, base.high, False, True), "upper"
        soft = prefix_kind or after_kind
        if soft is None:
            return base, ("approx" if approx else None)
        if written_integer and base.is_exact and base.low > 0:
            n = base.low
            low = min(_round_half_up(n * Decimal("0.9")), n - 1)
            if soft == "near":  # 近33 → [30, 33]
                return Interval(low, n), "approx"
            return Interval(low, max(_round_half_up(n * Decimal("1.1")), n + 1)), "approx"
        if base.low is None or base.high is None or base.low < 0:
            return base, "approx"
        if soft == "near":
            return Interval(base.low * Decimal("0.9"), base.high, False, base.high_open), "approx"
        return Interval(base.low * Decimal("0.9"), base.high * Decimal("1.1")), "approx"


MAX_FIGURE_DIGITS = 18  # 10**18: far above any count or sum of money a report states
_FIGURE_LIMIT = Decimal(10) ** MAX_FIGURE_DIGITS


def _round_half_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding="ROUND_HALF_UP")


@functools.lru_cache(maxsize=None)
def _scanner() -> _Scanner:
    return _Scanner(_lexicon())


def scan_figures(text: str) -> list[Figure]:
    """Every figure of a normalized text, in order, non-overlapping.

    The stages of one report each scan its text (prose, tables, structures):
    the figures of the last few texts are kept (Figures are immutable; each
    caller gets its own list).
    """
    sc = _scanner()
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


def _scan(sc: "_Scanner", text: str) -> list[Figure]:
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


def _parts(sc: "_Scanner", m) -> tuple:
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
    read with rules/numbers.yaml's numerals; None when it is none."""
    if text.isdigit():
        return int(text)
    sc = _scanner()
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
    sc = _scanner()
    if sc is not _CELL_CACHE_OWNER[0]:
        _CELL_CACHE.clear()
        _CELL_CACHE_OWNER[0] = sc
    try:
        return _CELL_CACHE[text]
    except KeyError:
        pass
    figure = _parse_figure(sc, text)
    if len(_CELL_CACHE) >= _PARTS_CACHE:
        _CELL_CACHE.clear()
    _CELL_CACHE[text] = figure
    return figure


_CELL_CACHE: dict = {}  # cell text → Figure or None
_CELL_CACHE_OWNER: list = [None]  # the scanner the cache was filled with


def _parse_figure(sc: "_Scanner", text: str) -> Optional[Figure]:
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

"""The figure scanner, compiled from the words of rules/knowledge/numbers.yaml.

The words (units, multipliers, approximation and bound words, Chinese
numerals) are compiled, once per process, into ONE alternation: things that
look like numbers but are not figures (URLs, phone numbers, times,
document-number years, list markers, ordinals) come first and are consumed
silently, then the figure forms. The scanner also turns a match's parts into
the interval the figure stands for.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Optional

from .numbers import Interval, precision_interval, rounded_interval
from .resources import builtin_yaml

_NUMBERS_YAML = "knowledge/numbers.yaml"


@functools.lru_cache(maxsize=None)
def _lexicon() -> dict:
    """rules/knowledge/numbers.yaml, parsed once."""
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


class Scanner:
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
def scanner() -> Scanner:
    """The scanner of the built-in words (one per process)."""
    return Scanner(_lexicon())

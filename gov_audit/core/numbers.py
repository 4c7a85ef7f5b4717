"""Figures as intervals (XBRL Calculations 1.1 style), computed with Decimal.

`10351` is [10351, 10351]; `300余` is (300, 400); `83.9%` is [83.85, 83.95);
`不少于4` is [4, ∞). A relation holds when the intervals can agree. Reading
figures from text is figures.py.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional


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

    @functools.cached_property
    def number(self):
        """The figure as a plain number when exact — an int when whole, else a Decimal — or None.

        Kept once computed (in the instance's __dict__: intervals are immutable), so
        that relations tested many times add ints (core/compiled.py)."""
        if not self.is_exact:
            return None
        low = self.low
        return int(low) if low == low.to_integral_value() else low

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

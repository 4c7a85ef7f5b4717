"""A finding's relation for machines: its sides and difference as numbers, each with its text.

`left`, `right` and `difference` are numbers (null where a side is not a
figure, e.g. a date); `left_text`, `right_text` and `difference_text` say them
as the message does. A side that is a range (`300余`, a rounded percentage)
gives its midpoint, and its bounds as `left_low`/`left_high`. The difference
is the one the finding states, else that of the two sides (a percentage's too,
in percentage points).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

from ..core.model import Finding
from ..core.numbers import Interval, fmt_decimal, json_number

SIDES = ("left", "right")
DIFFERENCE_PLACES = Decimal("0.01")  # the difference of two ranges (a percentage and its rounding), to 2 places


def relation_json(finding: Finding) -> dict:
    """The relation's fields of a finding in the JSON and SARIF outputs (none for a finding without one)."""
    data: dict = {}
    if finding.relation:
        data["relation"] = finding.relation
    for side in SIDES:
        text = getattr(finding, side)
        if not text:
            continue
        value = _interval(getattr(finding, f"{side}_value"))
        data[side] = _number(value.point) if value is not None else None
        data[f"{side}_text"] = text
        if value is not None and not value.is_exact:
            data[f"{side}_low"], data[f"{side}_high"] = _number(value.low), _number(value.high)
    difference = _difference(finding)
    if difference is not None:
        data["difference"] = _number(difference)
        data["difference_text"] = finding.difference or fmt_decimal(difference)
    return data


def _interval(value) -> Optional[Interval]:
    if value is None or isinstance(value, Interval):
        return value
    return Interval.exact(Decimal(value))


def _difference(finding: Finding) -> Optional[Decimal]:
    """The stated difference as a number, else |left − right| of two figures."""
    if finding.difference:
        try:
            return abs(Decimal(finding.difference))
        except InvalidOperation:
            pass
    left, right = _interval(finding.left_value), _interval(finding.right_value)
    if left is None or right is None or left.point is None or right.point is None:
        return None
    gap = abs(left.point - right.point)
    if gap == 0:
        return None
    return gap if left.is_exact and right.is_exact else gap.quantize(DIFFERENCE_PLACES)


def _number(value) -> Optional[object]:
    return json_number(value) if value is not None else None

"""Every prose structure costs time near-linear in the text, whatever one sentence holds.

Hostile inputs: one long sentence repeating a structure (a share, a list, a
change, a rate, an average, a result list, brackets, numbering). The bounds are
stated in rules/knowledge/structures.yaml `limits` (and the README): a list
spans at most `list_chars` characters, a list or a share weighs at most
`candidates` candidates among `lookback` figures, at most `max_remarks` remarks
a report. Each input of about 200 KB must be checked within a time cap, and
eight times the text may cost at most about twelve times the time (quadratic
work would cost sixty-four times).
"""
from __future__ import annotations

import functools
import gc
import time

import pytest

from gov_audit import audit
from gov_audit.load import document_from_text
from gov_audit.pipeline import check_document

TARGET_BYTES = 200_000
CAP_SECONDS = 15.0  # about 2 s here; the cap leaves room for a slow CI machine
MAX_GROWTH = 12.0

SHAPES = {
    "shares": "其中100件，占10%，",
    "lists": "共100件，分别为20件、30件、",
    "openers after openers": "其中，其中100件，",
    "changes": "由100项精简到50项，精简率50%，",
    "rates": "受理10件，办结10件，办结率100%，",
    "averages": "日均访问量100人次，访问量达50人次，",
    "result lists": "办结60件，予以公开25件，部分公开5件，",
    "category lists": "主动公开政府信息100条，本局主动公开政府信息的主要类别有：A类60条，",
    "brackets": "（（《“",
    "numbering": "一是二是一是三是四是",
}


@functools.lru_cache(maxsize=None)
def rules() -> audit.RuleSet:
    return audit.load_rules()


def _seconds(unit: str, size: int) -> float:
    text = unit * max(1, size // len(unit.encode()))
    gc.collect()  # garbage of the cases before is not this one's time
    begin = time.perf_counter()
    check_document(document_from_text(text), rules())
    return time.perf_counter() - begin


def _growth(unit: str) -> tuple[float, float]:
    small = min(_seconds(unit, TARGET_BYTES // 8) for _ in range(2))
    return small, _seconds(unit, TARGET_BYTES)


@pytest.mark.parametrize("unit", list(SHAPES.values()), ids=list(SHAPES))
def test_one_long_sentence_is_checked_in_near_linear_time(unit):
    small, large = _growth(unit)
    if large >= max(small, 0.05) * MAX_GROWTH:
        small, large = _growth(unit)  # once more: a busy machine can slow one run
    assert large < CAP_SECONDS, f"{TARGET_BYTES} bytes took {large:.1f}s"
    assert large < max(small, 0.05) * MAX_GROWTH, f"{TARGET_BYTES // 8} bytes {small:.2f}s, {TARGET_BYTES} bytes {large:.2f}s"

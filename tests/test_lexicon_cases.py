"""Field cases of issue 14 (fixtures/field-cases/prose/): reports reproducing how prose was misread,
each with its expected outcome, and a second case of our own for each class.

A case names its file, the rule packs it is checked with, and what must (and must not) be reported:
(kind, severity, values) of each expected finding; kinds that must not appear at all, or not at
error level.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gov_audit import audit
from gov_audit.pipeline import check_path

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "field-cases" / "prose"


def check(name: str, pack: str = ""):
    rules = audit.load_rules((str(CASES / pack),) if pack else ())
    result = check_path(str(CASES / name), rules)
    assert result.error is None, result.error
    return result


def findings(result, kind: str = "prose_vs_table") -> list:
    return [(f.severity, [Decimal(v) for v in f.values]) for f in result.findings if f.kind == kind]


# (file, pack, expected prose_vs_table findings as (severity, values), nothing else of that kind)
EXPECTED = [
    # class result_phrasing: result words written with 答复 / 决定
    ("grant_reply_phrasing_miskeyed.md", "", []),
    ("result_decision_phrasing.md", "", []),
    # class local_channels: rows of the local 统计表 stated in prose; a pack adds a phrasing
    ("lexicon_local_channels.txt", "", [("error", [6, 5]), ("error", [3, 4])]),
    ("lexicon_local_channels.txt", "lexicon_local_channels.pack.yaml", [("error", [6, 5]), ("error", [3, 4])]),
    ("local_email_appeals.txt", "", [("error", [4, 5])]),
    ("local_email_appeals.txt", "local_email_appeals.pack.yaml", [("error", [4, 5]), ("error", [1, 0])]),
    # class table_two_phrasings: 现行有效 (a stock: warning) and 制发/废止 counts
    ("normative_stock_phrasings_unmapped.md", "", [("warning", [48, 52]), ("error", [7, 6])]),
    ("rules_stock_and_repeal.md", "", [("warning", [15, 16]), ("error", [3, 2])]),
    # class review_phrasing: a qualifier between the figure and 行政复议/行政诉讼, units 份/件/宗
    ("review_fen_qualifier.txt", "", [("error", [2, 0])]),
    ("review_jian_qualifier.txt", "", [("error", [3, 0])]),
    ("lawsuit_zong_qualifier.txt", "", [("error", [2, 0])]),
    # class all_upheld: a quantifier claims the outcome of every case (a warning: 维持 may be loose)
    ("all_upheld_quantifier.md", "", [("warning", [4, 3]), ("warning", [3, 2])]),
    ("all_won_quantifier.md", "", [("warning", [2, 1])]),
    # class scope_guard: a service hall's, a hotline's or a sub-unit's figures are not the agency's
    ("service_hall_applications.txt", "", []),
    ("hotline_and_townships.txt", "", []),
]


@pytest.mark.parametrize("name, pack, expected", EXPECTED, ids=[f"{c[0]}{'+pack' if c[1] else ''}" for c in EXPECTED])
def test_field_case(name, pack, expected):
    got = findings(check(name, pack))
    assert sorted(got) == sorted((s, [Decimal(v) for v in vs]) for s, vs in expected)


def test_grant_reply_case_keys_each_result():
    keys = {(f.key, int(f.value.point)) for f in check("grant_reply_phrasing_miskeyed.md").facts
            if f.source == "prose" and f.key}
    assert {("t3.granted.sum", 12), ("t3.partial.sum", 2), ("t3.denied.*.sum", 1)} <= keys
    assert not any(key == "t3.total.sum" and value in (12, 2, 1) for key, value in keys)


def test_result_decision_case_keys_each_result():
    keys = {(f.key, int(f.value.point)) for f in check("result_decision_phrasing.md").facts
            if f.source == "prose" and f.key}
    assert {("t3.new.sum", 16), ("t3.granted.sum", 8), ("t3.partial.sum", 3), ("t3.denied.*.sum", 2),
            ("t3.unable.not_held.sum", 3)} <= keys


def test_theme_channel_totals_are_no_error():
    """Per-channel postings (政务微博…发布信息1500条) are not the total: at most a channel warning."""
    result = check("theme_channel_total.txt")
    assert not [f for f in result.findings if f.severity == "error"]
    assert not findings(result)


@pytest.mark.parametrize("name", ["website_scope_equals_total.txt", "portal_total_named.txt"])
def test_website_figure_equal_to_the_total_is_at_most_info(name):
    """在…网站主动公开的N条信息中 naming the year's total: the table's total agrees, so info at most."""
    got = [f for f in check(name).findings if f.kind == "prose_vs_table"]
    assert len(got) == 1 and got[0].severity == "info"


def test_hotline_and_townships_are_out_of_scope():
    facts = [f for f in check("hotline_and_townships.txt").facts if f.source == "prose"]
    hotline = next(f for f in facts if int(f.value.point) == 8600)
    townships = next(f for f in facts if int(f.value.point) == 30)
    assert hotline.key is None and hotline.part_of is None
    assert townships.key is None and townships.part_of == "s.app.received"

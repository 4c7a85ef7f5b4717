"""Golden tests over the five seed reports in fixtures/.

The expected findings and the relations that must not be flagged are copied
from the project's seed expectations (users do not have that file). A finding
is matched on kind + values + least severity, never on its message wording.

Every expected finding must be found, table and prose kinds alike, at least
at its severity; no finding of any severity beyond the expected ones is allowed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from gov_audit.core.model import severity_rank
from gov_audit.knowledge.layout import table_line_ranges
from tests.helpers import check, flagged, matches, not_read, row, show

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

S000 = "000_dad49f26a79064fd.txt"  # 南昌市西湖区 2016, traditional, 2014 table one cell per line
S001 = "001_85db5123dd9c84fd.txt"  # 荆州市 2016, prose only
S002 = "002_28870e7e96f0a190.txt"  # 包头市青山区 2013, prose only
S003 = "003_baa04b3ed7a09fb6.txt"  # 武汉经开区 2020, 2019 format, one row per line
S004 = "004_29acd3a32e0cbf6b.txt"  # 普洱市思茅区 2017, 2014 table, label/unit/value over lines

# kind, least severity, values it must cite; `key`: a table key the finding's facts must include.
EXPECTED = {
    S000: [
        {"kind": "prose_vs_table", "severity": "error", "values": [18654, 47564]},
        {"kind": "prose_vs_table", "severity": "warning", "values": [1580, 1582]},
        {"kind": "prose_vs_table", "severity": "error", "values": [7, 8]},
        {"kind": "channel_total", "severity": "error", "values": [47564, 10351]},
        {"kind": "prose_vs_table", "severity": "warning", "values": [4, 2]},
        {"kind": "missing_value", "severity": "info", "values": [], "key": "s.org.budget"},
    ],
    S001: [
        {"kind": "prose_sum", "severity": "info", "values": [161486, 163861]},
    ],
    S002: [
        {"kind": "percentage", "severity": "error", "values": [143, 22, 83.9]},
        {"kind": "implausible", "severity": "error", "values": [30, 197]},
        {"kind": "implausible", "severity": "warning", "values": [3.5]},
        {"kind": "date", "severity": "warning", "values": [2013]},
        {"kind": "numbering", "severity": "info", "values": []},
    ],
    S003: [
        {"kind": "delta", "severity": "error", "values": [750, -257, 479]},
        {"kind": "percentage", "severity": "error", "values": [1047, 1487, 70.46]},
        {"kind": "percentage", "severity": "error", "values": [759, 1487, 91.23]},
        {"kind": "percentage", "severity": "warning", "values": [75225, 80882, 99.55]},
    ],
    S004: [
        {"kind": "prose_vs_table", "severity": "warning", "values": [1531, 6072]},
        {"kind": "missing_value", "severity": "info", "values": [], "key": "s.review.total"},
        {"kind": "missing_value", "severity": "info", "values": [], "key": "s.response.other"},
        {"kind": "bracket", "severity": "info", "values": []},
        {"kind": "numbering", "severity": "info", "values": []},
    ],
}


def result(seed: str):
    checked = check(str(FIXTURES / seed))
    assert checked.error is None, checked.error
    return checked


def _expected_cases():
    for seed, findings in EXPECTED.items():
        for n, expected in enumerate(findings):
            label = "-".join(str(v) for v in expected["values"]) or expected.get("key", str(n))
            yield pytest.param(seed, expected, id=f"{seed[:3]}-{expected['kind']}-{label}")


@pytest.mark.parametrize("seed, expected", list(_expected_cases()))
def test_expected_finding(seed, expected):
    found = [f for f in result(seed).findings if matches(expected, f)]
    assert found, f"missing {expected} in {seed}:\n{show(result(seed).findings)}"
    assert max(severity_rank(f.severity) for f in found) >= severity_rank(expected["severity"]), show(found)


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_no_unexpected_finding(seed):
    unexpected = [f for f in result(seed).findings if not any(matches(e, f) for e in EXPECTED[seed])]
    assert not unexpected, f"findings no expectation names in {seed}:\n{show(unexpected)}"


def test_each_missing_value_is_its_own_finding():
    """004 has two blank indicators: two findings, one per cell."""
    keys = [f.facts[0].key for f in result(S004).findings if f.kind == "missing_value"]
    assert sorted(keys) == ["s.response.other", "s.review.total"]
    assert [f.facts[0].key for f in result(S000).findings if f.kind == "missing_value"] == ["s.org.budget"]


@pytest.mark.parametrize("seed, fmt", [(S000, "2014"), (S001, "unknown"), (S002, "unknown"),
                                       (S003, "2019"), (S004, "2014")])
def test_format_detected(seed, fmt):
    assert result(seed).format == fmt


# ---------------------------------------------------------------- must not flag

T4_ZERO = {f"t4.{b}.{r}": 0 for b in ("review", "lit_direct", "lit_after_review")
           for r in ("upheld", "corrected", "other", "pending", "total")}

# (seed, relation as the expectations state it, what must hold: the spec of tests/helpers.py)
NOT_FLAGGED = [
    (S000, "主动公开政府信息数: text 10351 = table 10351",
     {"read": {"s.active.total": 10351}, "prose": {"s.active.total": 10351}}),
    (S000, "政务微博: text 2650 = table 2650",
     {"read": {"s.channel.weibo": 2650}, "prose": {"s.channel.weibo": 2650}, "keys": ["s.channel.weibo"]}),
    (S000, "新闻发布会: text 3 = table 3",
     {"read": {"s.response.press": 3}, "prose": {"s.response.press": 3}, "keys": ["s.response.press"]}),
    (S000, "收到申请数 8 = 当面0 + 传真0 + 网络6 + 信函2",
     {"read": {"s.app.received": 8, "s.app.in_person": 0, "s.app.fax": 0, "s.app.online": 6, "s.app.letter": 2},
      "rules": ["S-RECEIVED-SUM"]}),
    (S000, "申请办结数 8 = 按时7 + 延期1",
     {"read": {"s.app.closed": 8, "s.app.on_time": 7, "s.app.extended": 1}, "rules": ["S-CLOSED-SUM"]}),
    (S000, "申请答复数 8 = 7+0+1+0+0+0+0+0",
     {"read": {"s.app.replied": 8, "s.app.already_public": 7, "s.app.grant": 0, "s.app.partial": 1,
               "s.app.deny": 0, "s.app.not_this_agency": 0, "s.app.not_exist": 0, "s.app.notify_correct": 0,
               "s.app.other_channel": 0},
      "rules": ["S-REPLIED-SUM", "S-REPLIED-CLOSED"]}),
    (S000, "不同意公开答复数 0 = sum of its six reasons",
     {"read": {"s.app.deny": 0, "s.app.deny_secret": 0, "s.app.deny_commercial": 0, "s.app.deny_privacy": 0,
               "s.app.deny_security": 0, "s.app.deny_not_gov_info": 0, "s.app.deny_other_law": 0},
      "rules": ["S-DENY-SUM"]}),
    (S000, "行政诉讼数量 3 = 3+0+0, and text 3起行政诉讼 = table 3",
     {"read": {"s.lit.total": 3, "s.lit.upheld": 3, "s.lit.corrected": 0, "s.lit.other": 0},
      "prose": {"s.lit.total": 3}, "rules": ["S-LITIGATION-SUM"], "keys": ["s.lit.total"]}),
    (S000, "行政复议数量 0 = 0+0+0",
     {"read": {"s.review.total": 0, "s.review.upheld": 0, "s.review.corrected": 0, "s.review.other": 0},
      "rules": ["S-REVIEW-SUM"]}),
    (S000, "从事政府信息公开工作人员数 102 = 专职48 + 兼职54",
     {"read": {"s.org.staff": 102, "s.org.full_time": 48, "s.org.part_time": 54}, "rules": ["S-STAFF-SUM"]}),
    (S000, "会议和培训 4 = 会议2 + 培训班2",
     {"read": {"s.meeting.header": 4, "s.meeting.meetings": 2, "s.meeting.classes": 2},
      "rules": ["S-HEADER-SUM"], "keys": ["s.meeting.header", "s.meeting.meetings"]}),
    (S000, "text 收到 8件 = table 收到申请数 8",
     {"read": {"s.app.received": 8}, "prose": {"s.app.received": 8}, "keys": ["s.app.received"]}),
    # 48个政府信息公开单位 counts the units that report, not 专门机构 (issue 14): not keyed, never flagged
    (S000, "text 48个政府信息公开单位 = table 专门机构数 48",
     {"read": {"s.org.units": 48}, "keys": ["s.org.units"]}),
    (S000, "单一渠道 other channels within the total (only 政府网站 exceeds it)",
     {"read": {"s.channel.gazette": 0, "s.channel.weibo": 2650, "s.channel.weixin": 1582, "s.channel.other": 1303},
      "keys": ["s.channel.gazette", "s.channel.other"]}),
    (S002, "all application counts are 0 and agree",
     {"kinds": ["prose_vs_table", "table_sum", "table_balance", "column_total"]}),
    (S003, "balance per column: 本年新收 + 上年结转 = 总计 + 结转下年度",
     {"read": {**row("t3.new", [20, 5, 0, 0, 0, 1, 26]), **row("t3.carry_in", [0] * 7),
               **row("t3.total", [20, 5, 0, 0, 0, 0, 25]), **row("t3.carry_out", [0, 0, 0, 0, 0, 1, 1])},
      "rules": ["T3-BALANCE", "T3-TOTAL-BOUND"], "kinds": ["table_balance"]}),
    (S003, "总计 column = sum of applicant columns on every row",
     {"read": {**row("t3.granted", [10, 2, 0, 0, 0, 0, 12]), **row("t3.partial", [2, 1, 0, 0, 0, 0, 3]),
               **row("t3.unable.not_held", [6, 2, 0, 0, 0, 0, 8]), **row("t3.unable.create", [2, 0, 0, 0, 0, 0, 2])},
      "rules": ["T3-ROW-TOTAL"], "kinds": ["column_total"]}),
    (S003, "（七）总计 = 予以公开12 + 部分公开3 + 无法提供8+2 (per column too)",
     {"read": {**row("t3.other", [0] * 7), **row("t3.reject.petition", [0] * 7), **row("t3.denied.query", [0] * 7)},
      "rules": ["T3-RESULTS-SUM"]}),
    (S003, "table 4: every 总计 = 维持 + 纠正 + 其他 + 尚未审结 (all zero), and text says no 复议/诉讼",
     {"read": T4_ZERO, "rules": ["T4-SUM"], "keys": list(T4_ZERO)}),
    (S003, "行政处罚 1653 + 417 = 2070 = text 2070; 行政强制 160 - 33 = 127 = text 127",
     {"read": {"t2.punishment.prev_items": 1653, "t2.punishment.delta": 417,
               "t2.coercion.prev_items": 160, "t2.coercion.delta": -33},
      "rules": ["T2-ITEMS-NONNEGATIVE"],
      "keys": ["t2.punishment.prev_items", "t2.coercion.prev_items"]}),
    (S003, "text 办理53274件 = table 53274; text 1814件, 175件 = table",
     {"read": {"t2.licensing.decisions": 53274, "t2.punishment.decisions": 1814, "t2.coercion.decisions": 175},
      "keys": ["t2.licensing.decisions", "t2.punishment.decisions", "t2.coercion.decisions"]}),
    (S003, "text 公开文件859份 = 规范性文件本年新公开99 + 其他主动公开文件760",
     {"read": {"t2.normative.new_published": 99}, "values": [859],
      "keys": ["t2.normative.new_published"]}),
    (S003, "text 16 + 10 = 26 = table 本年新收 26; text 1件结转 = table 结转下年度 1",
     {"read": {"t3.new.sum": 26, "t3.carry_out.sum": 1}, "keys": ["t3.new.sum", "t3.carry_out.sum"],
      "kinds": ["prose_vs_table"]}),
    (S004, "主动公开 text 7718 = table 7718",
     {"read": {"s.active.total": 7718}, "prose": {"s.active.total": 7718}, "keys": ["s.active.total"]}),
    (S004, "text 政务新媒体185 = table 微博97 + 微信88",
     {"read": {"s.channel.weibo": 97, "s.channel.weixin": 88}, "prose": {"s.channel.weibo + s.channel.weixin": 185},
      "keys": ["s.channel.weibo", "s.channel.weixin"]}),
    (S004, "回应热点 31, 新闻发布会 4, 政策解读 27: text = table",
     {"read": {"s.response.total": 31, "s.response.press": 4, "s.response.interpretation": 27},
      "prose": {"s.response.total": 31, "s.response.interpretation": 27},
      "keys": ["s.response.total", "s.response.press", "s.response.interpretation"]}),
    (S004, "text 全年无申请 = table 收到申请数 0",
     {"read": {"s.app.received": 0}, "keys": ["s.app.received"], "rules": ["S-RECEIVED-SUM", "S-CLOSED-RECEIVED"]}),
    (S004, "从事人员 70 = 专职47 + 兼职23",
     {"read": {"s.org.staff": 70, "s.org.full_time": 47, "s.org.part_time": 23}, "rules": ["S-STAFF-SUM"]}),
    (S004, "table channel counts summing above 7718 (7744) is allowed: a total counts the same information once",
     {"read": {"s.channel.gazette": 0, "s.channel.website": 6072, "s.channel.weibo": 97, "s.channel.weixin": 88,
               "s.channel.other": 1487},
      "kinds": ["channel_total"], "values": [7744]}),
]


@pytest.mark.parametrize("seed, relation, spec", [pytest.param(*case, id=f"{case[0][:3]}-{case[1][:40]}")
                                                  for case in NOT_FLAGGED])
def test_not_flagged(seed, relation, spec):
    checked = result(seed)
    assert not not_read(checked, spec), f"{relation}: {not_read(checked, spec)}"
    assert not flagged(checked, spec), f"{relation} was flagged:\n{show(flagged(checked, spec))}"


@pytest.mark.parametrize("seed", [S000, S003, S004])
def test_table_rows_are_not_section_numbering(seed):
    """Table row labels 一、…九、 are no section headings: no numbering finding inside a table."""
    checked = result(seed)
    ranges = table_line_ranges(checked.document.text)
    inside = [f for f in checked.findings if f.kind == "numbering"
              and any(a <= at < b for at in [f.start] + [x.start for x in f.facts] for a, b in ranges)]
    assert not inside, show(inside)


def test_prose_between_tables_is_read():
    """003: '共收到依申请公开16件 … 各部门收到依申请公开10件，其中1件结转2021年度办理' sits between tables 二 and 三.

    The departments' figures are parts of the agency's whole (16 + 10 = the table's 26), not its own."""
    facts = [f for f in result(S003).facts if f.source == "prose"]
    assert ("t3.new.sum", 16) in {(f.key, int(f.value.point)) for f in facts if f.key}
    assert {("t3.new.sum", 10), ("t3.carry_out.sum", 1)} <= {(f.part_of, int(f.value.point)) for f in facts if f.part_of}

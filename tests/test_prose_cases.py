"""Prose structures on small whole reports: lists and shares, structure checks, certainty.

tests/prose_cases/ holds the project's field cases of these classes (invented
reports that reproduce failures seen on real ones) and a second case of each
class written for this test, with other wording and figures. For each file the
findings of the structure kinds must be exactly the expected ones (kind,
severity, values as cited), and an expected finding of another kind must be
there at its severity.
"""
from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

import pytest

from gov_audit import audit
from gov_audit.load import document_from_text, load_document
from gov_audit.pipeline import check_document

CASES = Path(__file__).resolve().parent / "prose_cases"
STRUCTURE_KINDS = {"prose_sum", "percentage", "implausible", "delta", "date", "numbering", "bracket"}

# file → [(kind, severity, values)]: every finding of the structure kinds; values [] for remarks.
EXPECTED = {
    # ---- a category list sums to the whole stated before it, never to a sub-unit's figure
    "category_list_total_elsewhere.txt": [("prose_sum", "error", [1200, 1300, 110, 90, 260, 340, 500])],
    "category_list_consistent.txt": [],
    "category_list_named_total.txt": [("prose_sum", "error", [860, 870, 120, 400, 180, 60, 110])],
    "category_list_subunit_trap.txt": [],
    # ---- a ;-list ends where its clauses change shape or a new statement starts
    "list_runs_into_next_clause.txt": [],
    "list_ends_at_new_statement.txt": [("prose_sum", "error", [40, 42, 20, 8, 4, 6, 4])],
    # ---- nested 一是 lists are no numbering break; a break inside one still is
    "nested_inline_enumeration.txt": [],
    "nested_inline_with_a_real_break.txt": [("numbering", "info", [])],
    # ---- a result list after 办结/答复 N件 is a breakdown without 其中
    "result_list_without_opener.txt": [("prose_sum", "error", [60, 53, 25, 5, 4, 14, 3, 2]),
                                       ("prose_sum", "error", [60, 53, 25, 5, 4, 14, 3, 2])],
    "result_list_same_sentence.txt": [("prose_sum", "error", [36, 39, 20, 6, 3, 5, 2, 3])],
    # ---- a share's base is the one its sibling shares fit
    "share_base_choice.md": [("percentage", "error", [46, 115, 41.7]), ("percentage", "warning", [9, 115, 7.82])],
    "share_base_siblings.txt": [("percentage", "error", [44, 80, 65])],
    # ---- spaces around a figure are no line join; a line break inside one is
    "spaced_figure_control_no_spaces.md": [("prose_vs_table", "error", [42, 40])],
    "spaced_figure_false_join_doubt.md": [("prose_vs_table", "error", [42, 40])],
    "spaced_figure_spaced_and_broken.md": [("prose_vs_table", "error", [43, 40]),
                                           ("prose_vs_table", "warning", [41, 40])],
    # ---- a table's header lines below its title are table, not prose
    "table_fragments_checked_as_prose.md": [],
    "table_header_note_and_prose_bracket.md": [("bracket", "info", [])],
    # ---- one finding per unpaired bracket and per numbering break
    "two_brackets.txt": [("bracket", "info", []), ("bracket", "info", [])],
    "two_numbering_breaks.txt": [("numbering", "info", []), ("numbering", "info", []), ("bracket", "info", [])],
    # ---- a line wrapped after "，" or between a figure and its unit is joined
    "wrapped_line_not_joined.md": [],
    "wrapped_figure_and_unit.md": [("prose_sum", "error", [90, 100, 50, 30, 20])],
    # ---- the deadline is the title's subject's, not the publishing office's
    "government_report_published_by_its_office.txt": [],
    "government_report_late.txt": [("date", "info", [2022])],
    "department_report_posted_by_government.txt": [("date", "info", [2022])],
}


@functools.lru_cache(maxsize=None)
def rules() -> audit.RuleSet:
    return audit.load_rules()


@functools.lru_cache(maxsize=None)
def checked(name: str):
    return check_document(load_document(CASES / name), rules())


def _shown(findings) -> list:
    return [(f.kind, f.severity, [float(v) for v in f.values]) for f in findings]


def test_every_case_has_an_expectation():
    assert sorted(p.name for p in CASES.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_case(name):
    findings = checked(name).findings
    expected = [(k, s, [Decimal(str(v)) for v in vs]) for k, s, vs in EXPECTED[name]]
    structures = sorted(_shown(f for f in findings if f.kind in STRUCTURE_KINDS))
    wanted = sorted((k, s, [float(v) for v in vs]) for k, s, vs in expected if k in STRUCTURE_KINDS)
    assert structures == wanted, _shown(findings)
    others = _shown(f for f in findings if f.kind not in STRUCTURE_KINDS)
    for kind, severity, values in expected:
        if kind not in STRUCTURE_KINDS:
            assert (kind, severity, [float(v) for v in values]) in others, _shown(findings)


def test_each_remark_cites_its_own_place():
    """Two unpaired brackets of one line: two findings, each citing its bracket."""
    found = [f for f in checked("two_brackets.txt").findings if f.kind == "bracket"]
    assert [[fact.raw for fact in f.facts] for f in found] == [["《"], ["（"]]
    assert found[0].facts[0].start < found[1].facts[0].start


def test_remarks_are_capped_per_report():
    """A text of hundreds of unpaired brackets gives at most max_remarks findings, the last counting the rest."""
    found = [f for f in check_document(document_from_text("（开放时间。\n" * 200), rules()).findings
             if f.kind == "bracket"]
    assert len(found) == 30
    assert "另有170处" in found[-1].message


def test_title_subject_decides_the_deadline_in_the_message():
    """The finding names the title's subject (the department), not the portal that posted it."""
    finding = next(f for f in checked("department_report_posted_by_government.txt").findings if f.kind == "date")
    assert "桂川县交通运输局" in finding.message and "1月31日" in finding.message


# ---------------------------------------------------------------- the share downgrade: only a sub-unit's share

SHARES = """某县2021年政府信息公开工作年度报告
全县共收到政府信息公开申请50件，其中县卫健委收到42件，占84%。本局全年收到政府信息公开申请42件，占全市申请总量的8%。
各乡镇收到申请12件。县卫健委收到其中的6件，占50%。
"""


def test_share_of_a_stated_whole_is_a_part():
    doc = document_from_text(SHARES)
    result = check_document(doc, rules())
    ctx = audit.Context(format=result.format, text=doc.text, table={}, table_facts=[],
                        prose=[f for f in result.facts if f.source == "prose"], document=doc)
    is_part = audit.share_of_part(ctx)
    shared = [f for f in ctx.prose if f.value is not None and f.value.point in (42, 6)]
    assert [(f.value.point, is_part(f)) for f in shared] == [(42, True), (42, False), (6, True)]


def test_a_semicolon_list_ends_at_items_of_another_table():
    """…其中：予以公开32件；无法提供8件；发生…行政复议案件2件: the review is table 四's, not a result."""
    table = (CASES / "spaced_figure_control_no_spaces.md").read_text(encoding="utf-8").split("二、主动公开政府信息情况")[1]
    text = ("# 某局2021年政府信息公开工作年度报告\n\n一、总体情况\n\n全年共办结政府信息公开申请40件，其中：予以公开32件；"
            "无法提供8件；发生政府信息公开行政复议案件2件。\n\n二、主动公开政府信息情况" + table)
    result = check_document(document_from_text(text, media="markdown"), rules())
    keys = {f.key for f in result.facts if f.source == "prose" and f.value is not None and f.value.point == 2}
    assert keys and all(k and k.startswith("t4") for k in keys), keys
    assert [f.values for f in result.findings if f.kind == "prose_sum"] == []


def test_a_category_of_the_whole_is_no_sub_unit():
    """予以公开30件，占75% of 办结40件 is the agency's own 予以公开 (table: 32): an error, not
    downgraded; a sub-unit's 收到申请36件，占90% of the whole 40 is never an error."""
    table = (CASES / "spaced_figure_control_no_spaces.md").read_text(encoding="utf-8").split("二、主动公开政府信息情况")[1]
    text = ("# 某局2024年政府信息公开工作年度报告\n\n一、总体情况\n\n全年共收到政府信息公开申请40件，其中本局机关收到"
            "政府信息公开申请36件，占90%。全年共办结政府信息公开申请40件，其中予以公开30件，占75%，无法提供8件，占20%。"
            "\n\n二、主动公开政府信息情况" + table)
    findings = check_document(document_from_text(text, media="markdown"), rules()).findings
    shown = [(f.severity, [float(v) for v in f.values]) for f in findings if f.kind == "prose_vs_table"]
    assert ("error", [30.0, 32.0]) in shown, shown
    assert not any(severity == "error" and 36.0 in values for severity, values in shown), shown

"""The table field cases: each reproduces one way tables were misread on real reports.

tests/table_cases/ holds the shared cases (NAME.* with NAME.expected.md, which says the
right outcome and what went wrong) and, for each class, a case of our own written apart
from it (NAME_own.*): another report, another layout or format, the same class. Each
test states the outcome as kinds, values and severities, and that nothing else is
reported at error (or, where the case says so, at any) level.
"""
from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

import pytest

from gov_audit import audit
from gov_audit.core.model import UNREAD
from gov_audit.load import document_from_text, load_document
from gov_audit.pipeline import check_document
from gov_audit.report.coverage import coverage_json

CASES = Path(__file__).resolve().parent / "table_cases"


@functools.lru_cache(maxsize=None)
def check(name: str):
    return check_document(load_document(str(CASES / name)), audit.load_rules(()))


def check_text(text: str):
    return check_document(document_from_text(text), audit.load_rules(()))


def findings(result, kind=None, severity=None) -> list:
    return [f for f in result.findings if (kind is None or f.kind == kind)
            and (severity is None or f.severity == severity)]


def values(finding) -> set:
    return {Decimal(v) for v in finding.values if v is not None}


def table(result) -> dict:
    return {f.key: f for f in result.facts if f.source == "table"}


def point(result, key):
    fact = table(result).get(key)
    return None if fact is None or fact.value is None else fact.value.point


# ---------------------------------------------------------------- a 总计 column left blank

@pytest.mark.parametrize("name", ["blank_row_totals.md", "blank_row_totals_own.html"])
def test_blank_total_column_is_one_warning_and_its_sums_check_the_text(name):
    result = check(name)
    column = findings(result, "missing_value", "warning")
    assert len(column) == 1 and "总计" in column[0].message
    assert not findings(result, "missing_value", "info")  # no remark per cell
    totals = [f for f in table(result).values() if f.key.endswith(".sum") and f.derived]
    assert len(totals) >= 20 and all(f.value is not None and f.inferred for f in totals)
    assert not findings(result, "table_sum", "error") and not findings(result, "table_balance", "error")


def test_blank_totals_checked_against_the_text():
    result = check("blank_row_totals.md")
    errors = findings(result, "prose_vs_table", "error")
    assert any({Decimal(42), Decimal(49)} <= values(f) for f in errors)  # 予以公开及部分公开 42 vs 47 + 2


def test_blank_totals_checked_against_the_text_own():
    result = check("blank_row_totals_own.html")
    errors = findings(result, "prose_vs_table", "error")
    assert [values(f) for f in errors] == [{Decimal(15), Decimal(13)}]  # 予以公开15件 vs 12 + 1


# ---------------------------------------------------------------- labels off the pipe rows

@pytest.mark.parametrize("name, rows", [
    ("broken_pdf_table_labels_off_pipe.md", {"t3.unable.create.sum": 5, "t3.unable.unclear.sum": 2}),
    ("broken_pdf_table_labels_off_pipe_own.md", {"t3.denied.safety.sum": 2, "t3.denied.third_party.sum": 2}),
])
def test_label_less_rows_take_the_labels_waiting_between_their_neighbours(name, rows):
    result = check(name)
    for key, value in rows.items():
        assert point(result, key) == value, key
    assert point(result, "t4.review.total") is not None  # table 四 from its row of 15 figures
    assert "t4" not in result.coverage.rows_missing
    assert not findings(result, severity="error")


# ---------------------------------------------------------------- rows of a local form

@pytest.mark.parametrize("name, fee", [("fee_row_not_in_local_template.txt", 150),
                                       ("fee_row_not_in_local_template_own.txt", 0)])
def test_fee_row_of_a_local_form_is_read_and_counted(name, fee):
    result = check(name)
    assert point(result, "s.fees") == fee and point(result, "s.fees.cumulative") == fee
    cov = coverage_json(result.coverage)
    assert cov["table_cells_read"] == cov["table_cells"] and cov["table"] == "read"


# ---------------------------------------------------------------- a row never found

@pytest.mark.parametrize("name, missing", [("group_sum_with_unfound_row.md", "t3.other.no_correction"),
                                           ("group_sum_with_unfound_row_own.md", "t3.reject.repeat")])
def test_a_sum_over_a_group_with_a_row_not_found_is_untested(name, missing):
    """The row is found by its place (the one unmatched row between its neighbours), or it is
    missing and every sum over its group untested — never summed without it."""
    result = check(name)
    assert missing in result.coverage.rows_missing or point(result, missing + ".sum") is not None
    assert not findings(result, severity="error")
    assert not findings(result, "table_sum")


def test_a_row_never_found_is_not_zero_in_any_relation():
    """The same table with the row found fails; without it, nothing is claimed."""
    text = (CASES / "group_sum_with_unfound_row_own.md").read_text(encoding="utf-8")
    found = check_text(text.replace("| 申请 |", "| 2.重复申请 |").replace("| 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
                                                                     "| 4 | 0 | 0 | 0 | 0 | 0 | 4 |", 1))
    assert findings(found, "table_sum", "error")


# ---------------------------------------------------------------- fewer figures than columns

@pytest.mark.parametrize("name, row", [("missing_cell_spaced_row.txt", "s.channel.gazette"),
                                       ("short_row_left_packed.md", "t2.rules"),
                                       ("short_row_left_packed.md", "t2.normative"),
                                       ("missing_cell_spaced_row_own.md", "t2.licensing"),
                                       ("short_row_left_packed_own.txt", "t3.granted")])
def test_a_row_with_fewer_figures_than_columns_is_one_info_and_left_out(name, row):
    result = check(name)
    assert row in result.coverage.rows_short
    cells = [f for k, f in table(result).items() if k.rsplit(".", 1)[0] == row or k == row]
    assert cells and all(f.value is None and f.blank == UNREAD for f in cells)  # no value packed left
    short = [f for f in findings(result, "missing_value", "info") if f.rule == "TABLE-SHORT-ROW"]
    assert short
    assert not [f for f in findings(result, "missing_value") if any(x.key.startswith(row) for x in f.facts)]
    assert not findings(result, severity="error")


# ---------------------------------------------------------------- a marker phrase is no table

@pytest.mark.parametrize("name", ["prose_only_marker_phrase.txt", "prose_only_marker_phrase_own.txt"])
def test_a_marker_phrase_in_prose_makes_no_table(name):
    result = check(name)
    assert coverage_json(result.coverage)["table"] == "none"
    assert not findings(result, "unreadable_table")


# ---------------------------------------------------------------- splits and their evidence

@pytest.mark.parametrize("name, row", [("split_corroborated_by_unrelated_figure.txt", "t2.coercion"),
                                       ("split_corroborated_by_unrelated_figure_own.txt", "s.app.received")])
def test_an_equal_number_about_something_else_chooses_no_split(name, row):
    result = check(name)
    cells = [f for k, f in table(result).items() if k == row or k.startswith(row + ".")]
    assert cells and all(f.value is None and f.blank == UNREAD for f in cells)
    assert any(u.startswith(row) for u in result.coverage.rows_unread)


# ---------------------------------------------------------------- blanks keep their slots in table 四

@pytest.mark.parametrize("name, review", [("t4_blank_cells_shift.md", (3, None, None, 1, 4)),
                                          ("t4_blank_cells_shift.html", (4, None, None, 2, 6))])
def test_blank_cells_of_table_four_keep_their_columns(name, review):
    result = check(name)
    keys = ["upheld", "corrected", "other", "pending", "total"]
    read = {k: table(result)[f"t4.review.{k}"] for k in keys}
    for k, want in zip(keys, review):
        if want is None:
            assert read[k].raw.strip() == ""  # written blank, forced to 0 by the block's total
        else:
            assert read[k].value.point == want
    assert not findings(result, severity="error")


def test_blank_cells_of_table_four_keep_their_columns_in_tabs():
    text = ("某县司法局2022年政府信息公开工作年度报告\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
            "四、政府信息公开行政复议、行政诉讼情况\n"
            "行政复议\t\t\t\t\t行政诉讼\n"
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t"
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
            "2\t\t\t1\t3\t\t\t\t1\t1\t\t\t\t\t\n")
    result = check_text(text)
    t = table(result)
    assert [t[f"t4.review.{k}"].value.point for k in ("upheld", "pending", "total")] == [2, 1, 3]
    assert t["t4.lit_direct.pending"].value.point == 1 and t["t4.lit_direct.total"].value.point == 1
    assert not findings(result, severity="error")


# ---------------------------------------------------------------- a misread, or the report's error

T4_HEADER = ("某县人力资源和社会保障局2022年政府信息公开工作年度报告\n"
             "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 1 |\n"
             "四、政府信息公开行政复议、行政诉讼情况\n| 行政复议 | 行政诉讼 |\n")


def test_columns_in_another_order_are_one_doubtful_table_warning():
    # 总计 written first in every block: each block's 总计 relation fails as read
    result = check_text(T4_HEADER + "| 5 | 3 | 1 | 0 | 1 | 2 | 2 | 0 | 0 | 0 | 1 | 0 | 0 | 1 | 0 |\n")
    doubtful = findings(result, "doubtful_table")
    assert len(doubtful) == 1 and doubtful[0].severity == "warning"
    assert "总计" in doubtful[0].message
    assert not findings(result, severity="error")


def test_a_single_wrong_cell_stays_an_error():
    # 复议 3 + 1 + 0 + 0 ≠ 总计 5: only the relation through that cell fails
    result = check_text(T4_HEADER + "| 3 | 1 | 0 | 0 | 5 | 2 | 0 | 0 | 0 | 2 | 1 | 0 | 0 | 0 | 1 |\n")
    errors = findings(result, "table_sum", "error")
    assert len(errors) == 1 and {Decimal(5), Decimal(3), Decimal(1)} <= values(errors[0])
    assert not findings(result, "doubtful_table")


T3_LABELS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
             "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开 | 1.属于国家秘密",
             "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
             "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "（四）无法提供 | 1.本机关不掌握相关政府信息",
             "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "（五）不予处理 | 1.信访举报投诉类申请", "2.重复申请",
             "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
             "（六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
             "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
             "四、结转下年度继续办理"]


def table_three(figures: dict) -> str:
    """Table 三 of the 2021 format as pipe rows; `figures`: row label → its six applicant columns."""
    lines = []
    for label in T3_LABELS:
        row = figures.get(label, [0] * 6)
        lines.append(f"| {label} | " + " | ".join(map(str, row + [sum(row)])) + " |")
    return "\n".join(lines) + "\n"


def test_two_rows_exchanged_are_one_doubtful_table_warning():
    # （七）总计 and 结转下年度 stand in each other's place: the results add up to the row
    # labelled 结转下年度, and the balance, symmetric in the two, still holds
    figures = {T3_LABELS[0]: [9, 1, 0, 0, 0, 0], T3_LABELS[1]: [3, 0, 0, 0, 0, 0],
               "（一）予以公开": [6, 1, 0, 0, 0, 0], "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [3, 0, 0, 0, 0, 0],
               "（七）总计": [3, 0, 0, 0, 0, 0], "四、结转下年度继续办理": [9, 1, 0, 0, 0, 0]}
    result = check_text(T4_HEADER.split("四、")[0] + "三、收到和处理政府信息公开申请情况\n" + table_three(figures))
    doubtful = findings(result, "doubtful_table")
    assert len(doubtful) == 1 and "两行" in doubtful[0].message
    assert not findings(result, severity="error")


def test_one_wrong_result_row_stays_an_error():
    figures = {T3_LABELS[0]: [9, 1, 0, 0, 0, 0], "（一）予以公开": [7, 1, 0, 0, 0, 0],
               "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [3, 0, 0, 0, 0, 0], "（七）总计": [9, 1, 0, 0, 0, 0]}
    result = check_text(T4_HEADER.split("四、")[0] + "三、收到和处理政府信息公开申请情况\n" + table_three(figures))
    errors = findings(result, "table_sum", "error")
    assert errors and all("自然人" in f.message or "总计" in f.message for f in errors)
    assert not findings(result, "doubtful_table")


# ---------------------------------------------------------------- coverage tells the truth

def test_coverage_counts_each_state_and_names_rows_not_found():
    result = check("group_sum_with_unfound_row.md")
    cov = coverage_json(result.coverage)
    assert "t3.other.no_correction" in cov["rows_missing"]
    for field in ("table_cells", "table_cells_read", "table_cells_inferred", "table_cells_doubtful",
                  "table_cells_unread", "rows_short", "rows_contradicted"):
        assert field in cov
    assert cov["table"] == "partial"


def test_table_four_as_three_tables_of_five_under_headings_in_tabs():
    text = ("某县卫生健康委员会2021年政府信息公开工作年度报告\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t2\t0\t11\n\n"
            "四、政府信息公开行政复议、行政诉讼情况\n\n\n"
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n4\t1\t0\t1\t6\n"
            "行政诉讼（未经复议直接起诉）\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n2\t0\t0\t0\t2\n"
            "行政诉讼（复议后起诉）\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n1\t0\t0\t1\t2\n")
    result = check_text(text)
    assert [point(result, f"t4.{block}.total") for block in ("review", "lit_direct", "lit_after_review")] == [6, 2, 2]
    assert point(result, "t4.lit_after_review.pending") == 1
    assert not findings(result, severity="error")


def test_a_misspelt_row_between_parent_labels_on_lines_of_their_own_takes_its_place():
    rows = ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0",
            "（三）不予公开", "2.其他法律行政止公开", "2", "0", "0", "0", "0", "0", "2",
            "（三）不予公开", "3.危及“三安全一稳定”", "0", "0", "0", "0", "0", "0", "0"]
    text = ("某县2022年政府信息公开工作年度报告\n本年制发件数\n\n" + "\n".join(rows) + "\n")
    result = check_text(text)
    assert point(result, "t3.denied.law.sum") == 2 and point(result, "t3.denied.law.natural") == 2

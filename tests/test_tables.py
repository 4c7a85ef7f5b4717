"""read/tables/: both seed layouts, wrapped labels, blanks ≠ 0, format detection, table 四, 总计."""
from __future__ import annotations

from decimal import Decimal

import pytest

from gov_audit.knowledge.layout import table_line_ranges
from gov_audit.knowledge.templates import detect_format
from gov_audit.load import document_from_text
from gov_audit.read import read_tables
from gov_audit.read.tables.cells import cells_from_text, classify, stream_rows

T3_COLS = ["natural", "commercial", "research", "public_interest", "legal_service", "other_org", "sum"]


def read(text: str):
    doc = document_from_text(text)
    return doc, read_tables(doc)


def values(table_read) -> dict:
    """key → Decimal value, or the blank kind ('empty', 'slash', 'dash', 'none') for a blank cell."""
    return {f.key: (f.value.point if f.value is not None else f.blank) for f in table_read.facts}


def row(key: str, figures) -> dict:
    return {f"{key}.{c}": Decimal(v) for c, v in zip(T3_COLS, figures)}


# ---------------------------------------------------------------- layouts

ONE_CELL_PER_LINE = """附表：政府信息公开情况统计表
|
统计指标
|
单位
|
统计数
|
一、主动公开情况
|
|
|
（一）主动公开政府信息数
（不同渠道和方式公开相同信息计1条）
|
条
|
915
|
其中：主动公开规范性文件数
|
条
|
17
|
三、依申请公开情况
|
|
|
（一）收到申请数
|
件
|
6
|
（二）申请办结数
|
件
|
|
（三）申请答复数
|
件
|
5
|
"""


def test_one_cell_per_line_with_wrapped_label_and_blank():
    doc, got = read(ONE_CELL_PER_LINE)
    assert got.format == "2014"
    vals = values(got)
    assert vals["s.active.total"] == 915  # label wrapped over two lines
    assert vals["s.active.normative_published"] == 17
    assert vals["s.app.received"] == 6
    assert vals["s.app.closed"] == "empty"  # "|" then "|": a blank, not 0
    assert vals["s.app.replied"] == 5
    assert "s.active.header" not in vals  # a header row with nothing in it gives no fact
    total = next(f for f in got.facts if f.key == "s.active.total")
    assert "不同渠道" in total.row_label and "主动公开政府信息数" in total.row_label


PIPE_ROWS_2019 = """二、主动公开政府信息情况
| 第二十条第（一）项 | | | |
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
| 规章 | 0 | 0 | 1 |
| 规范性文件 | 12 | 10 | 64 |
| 第二十条第（五）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政许可 | 320 | -18 | 4512 |
三、收到和处理政府信息公开申请情况
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |
| 自然人 | 法人或其他组织 | 总计 | | | | | |
| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | | | |
| 一、本年新收政府信息公开申请数量 | 31 | 4 | 0 | 1 | 2 | 0 | 38 | |
| 二、上年结转政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 | |
| 三、本年度办理结果 | （一）予以公开 | 17 | 2 | 0 | 0 | 1 | 0 | 20 |
| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 5 | 0 | 0 | 1 | 0 | 0 | 6 | |
| （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.其他法律行政法规禁止公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | |
| （四）无法提供 | 1.本机关不掌握相关政府信息 | 7 | 1 | 0 | 0 | 1 | 0 | 9 |
| （五）不予处理 | 1.信访举报投诉类申请 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| （六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | |
| （七）总计 | 32 | 3 | 0 | 1 | 2 | 0 | 38 | |
| 四、结转下年度继续办理 | 2 | 1 | 0 | 0 | 0 | 0 | 3 | |
四、政府信息公开行政复议、行政诉讼情况
| 行政复议 | 行政诉讼 | | | | | | | | | | | | | |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | | | | | | | | |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 1 | 0 | 0 | 1 | 2 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 1 |
"""


def test_pipe_rows_with_dropped_merged_cells():
    """The parent label (三、本年度办理结果, （三）不予公开…) stands only on its group's first row."""
    _, got = read(PIPE_ROWS_2019)
    assert got.format == "2019"
    vals = values(got)
    expected = {
        **row("t3.new", [31, 4, 0, 1, 2, 0, 38]),
        **row("t3.carry_in", [3, 0, 0, 0, 0, 0, 3]),
        **row("t3.granted", [17, 2, 0, 0, 1, 0, 20]),
        **row("t3.partial", [5, 0, 0, 1, 0, 0, 6]),
        **row("t3.denied.secret", [0] * 7),
        **row("t3.denied.law", [1, 0, 0, 0, 0, 0, 1]),
        **row("t3.unable.not_held", [7, 1, 0, 0, 1, 0, 9]),
        **row("t3.reject.petition", [2, 0, 0, 0, 0, 0, 2]),
        **row("t3.other", [0] * 7),
        **row("t3.total", [32, 3, 0, 1, 2, 0, 38]),
        **row("t3.carry_out", [2, 1, 0, 0, 0, 0, 3]),
    }
    assert {k: vals.get(k) for k in expected} == expected
    assert vals["t2.normative.new_made"] == 12 and vals["t2.normative.published_total"] == 64
    assert vals["t2.licensing.delta"] == -18 and vals["t2.licensing.decisions"] == 4512


def test_table_four_single_row_of_fifteen_values():
    _, got = read(PIPE_ROWS_2019)
    vals = values(got)
    blocks = ("review", "lit_direct", "lit_after_review")
    results = ("upheld", "corrected", "other", "pending", "total")
    t4 = [vals[f"t4.{b}.{r}"] for b in blocks for r in results]
    assert t4 == [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1]


def test_header_cell_total_is_not_the_total_row():
    """The 总计 of table 三's header and of table 四's header are not row （七）总计."""
    _, got = read(PIPE_ROWS_2019)
    total = [f for f in got.facts if f.key.startswith("t3.total.")]
    assert [int(f.value.point) for f in total] == [32, 3, 0, 1, 2, 0, 38]
    assert all("（七）总计" in f.row_label for f in total)


def test_table_four_alone_gives_no_table_three_total():
    text = """| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 3 |
| 行政复议 | 行政诉讼 |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 2 | 1 | 0 | 0 | 3 | 1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 |
"""
    _, got = read(text)
    vals = values(got)
    assert vals["t4.review.total"] == 3
    assert not [k for k in vals if k.startswith("t3.")]


# ---------------------------------------------------------------- blanks are not 0

def test_blank_slash_dash_none_are_not_zero():
    text = """| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 一、本年新收政府信息公开申请数量 | / | — | 无 | | 0 | ０ | 5 |
"""
    _, got = read(text)
    vals = values(got)
    assert [vals[f"t3.new.{c}"] for c in T3_COLS] == ["slash", "dash", "none", "empty", 0, 0, 5]
    facts = {f.key: f for f in got.facts}
    assert facts["t3.new.natural"].value is None and facts["t3.new.natural"].raw == "/"
    assert facts["t3.new.legal_service"].value == facts["t3.new.other_org"].value  # "0" and "０" are both 0
    assert facts["t3.new.other_org"].raw == "０"  # quoted as written


def test_blank_cell_in_a_wide_row_written_one_cell_per_line():
    text = """|
信息内容
|
本年新制作数量
|
|
一、本年新收政府信息公开申请数量
|
7
|
1
|
|
0
|
0
|
0
|
8
|
"""
    _, got = read(text)
    vals = values(got)
    # the blank keeps its column; the row's 总计 (8 = 7 + 1 + …) then shows it can only be 0
    assert [vals[f"t3.new.{c}"] for c in T3_COLS] == [7, 1, 0, 0, 0, 0, 8]
    facts = {f.key: f for f in got.facts}
    assert facts["t3.new.research"].inferred and not facts["t3.new.public_interest"].inferred


def test_unit_cell_is_not_a_value():
    _, got = read("| 统计指标 | 单位 | 统计数 |\n| （二）申请办结数 | 件 | 4 |\n| 2.兼职人员数 | 人 | 9 |\n")
    assert values(got) == {"s.app.closed": 4, "s.org.part_time": 9}


def test_header_row_figure_is_read_and_blank_header_is_not_missing():
    text = """| 统计指标 | 单位 | 统计数 |
| （二）申请办结数 | 件 | 0 |
| 八、机构建设和保障经费情况 | | |
| 九、政府信息公开会议和培训情况 | | 5 |
| （一）召开政府信息公开工作会议或专题会议数 | 次 | 3 |
"""
    _, got = read(text)
    vals = values(got)
    assert vals["s.meeting.header"] == 5
    assert "s.org.header" not in vals


def test_a_heading_with_empty_cells_does_not_take_figures_from_across_a_page_break():
    # the next row's label fell outside the table (a page break, a running header between);
    # its lone figure is a row of its own, not the heading's value
    text = """| 统计指标 | 单位 | 统计数 |
| （一）主动公开政府信息数 | 条 | 80 |
| 八、机构建设和保障经费情况 | | |

— 3 —

某某区民政局2020年政府信息公开工作年度报告

1．政府信息公开工作专门机构数
| 2 |
|---|

| 2．设置政府信息公开查阅点数 | 个 | 4 |
"""
    _, got = read(text)
    vals = values(got)
    assert "s.org.header" not in vals
    assert vals["s.org.reading_points"] == 4
    rows = stream_rows(classify(cells_from_text(text)))
    lone = [r for r in rows if not r.label]
    assert [[c.text for c in r.values] for r in lone] == [["2"]]


def test_a_label_with_empty_cells_takes_its_figures_from_the_line_below_in_the_same_grid():
    text = "| 统计指标 | 单位 | 统计数 |\n| （二）申请办结数 | | |\n| | 件 | 7 |\n"
    _, got = read(text)
    assert values(got) == {"s.app.closed": 7}


# ---------------------------------------------------------------- positions in the original

def test_facts_quote_the_original_characters():
    text = "附表\n| 統計指標 | 單位 | 統計數 |\n| （一）收到申請數 | 件 | １２ |\n| （二）申請辦結數 | 件 | 12 |\n"
    doc, got = read(text)
    assert doc.traditional
    received = next(f for f in got.facts if f.key == "s.app.received")
    assert received.value.point == 12
    assert doc.original[received.start:received.end] == "１２" == received.raw
    assert doc.position(received.start)[1:] == (3, text.split("\n")[2].index("１２") + 1)
    assert "收到申請數" in received.row_label  # the label as written


def test_cells_and_rows_of_a_pipe_line():
    cells = classify(cells_from_text("前言\n| 规章 | 1 | / | 3 |\n后记"))
    assert [(c.text, c.kind) for c in cells if c.kind != "empty"] == [
        ("规章", "label"), ("1", "number"), ("/", "blank"), ("3", "number")]
    rows = stream_rows(cells)
    assert [r.label for r in rows] == ["规章"]
    assert [c.text for c in rows[0].values if c.kind != "empty"] == ["1", "/", "3"]


def test_no_table_no_facts():
    _, got = read("本机关全年主动公开政府信息1200条，未收到政府信息公开申请。")
    assert got.format == "unknown" and got.facts == []


# ---------------------------------------------------------------- format detection

@pytest.mark.parametrize("text, fmt", [
    ("| （二）申请办结数 | 件 | 3 |", "2014"),
    ("（一）主動公開政府信息數（不同渠道和方式公開相同信息計1條）", "2014"),
    ("| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |", "2019"),
    ("| 信息内容 | 上一年项目数量 | 本年增／减 | 处理决定数量 |", "2019"),  # full-width slash
    ("| 第二十条第（九）项 |\n| 政府集中采购 | 3 | 120万元 |", "2019"),
    ("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "2021"),
    ("| 信息內容 | 本年制發件數 | 本年廢止件數 | 現行有效件數 |", "2021"),  # traditional
    ("| 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 |", "2021"),
    ("本年度政务公开工作取得新进展。", "unknown"),
    # one marker phrase in a sentence is no table
    ("全年主动公开政府信息数30条，均通过门户网站发布。", "unknown"),
    ("本机关本年制发件数为零。", "unknown"),
])
def test_detect_format(text, fmt):
    doc = document_from_text(text)
    assert detect_format(doc.text, table_line_ranges(doc.text))[0] == fmt
    assert read_tables(doc).format == fmt


def test_a_row_whose_cells_are_all_empty_stays_in_a_tab_divided_table():
    """⇥⇥2.重复申请⇥⇥⇥⇥: its only tabs at its edges, still a row of the table, however many such rows run
    together; a line of prose between tabs is not."""
    from gov_audit.knowledge.layout import split_line

    assert split_line("\t\t2.重复申请\t\t\t\t\t\t\t").separator == "\t"
    assert split_line("\t（六）其他处理\t\t\t").separator == "\t"
    assert split_line("\t本机关共收到申请20件。\t\t").separator == ""  # prose
    assert split_line("\t\t一、总体情况").separator == ""  # an indented heading
    rows = ["\t\t%d.第%d项\t\t\t\t\t\t\t" % (n, n) for n in range(1, 8)]
    text = "\n".join(["序号\t项目\t\t数量\t\t\t\t\t\t总计", "\t（五）不予处理\t1.第0项\t\t\t\t\t\t\t"] + rows
                     + ["\t（七）总计\t\t1\t\t\t\t\t\t1"])
    assert len(table_line_ranges(text)) == 10

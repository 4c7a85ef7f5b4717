"""pagetext.py: metadata headers, Markdown tables, PDF-extraction breaks, page furniture."""
from __future__ import annotations

from gov_audit.audit import load_rules
from gov_audit.knowledge.layout import table_line_ranges
from gov_audit.load import document_from_text, load_document
from gov_audit.load.metadata import normalize_date, parse_pairs
from gov_audit.pipeline import check_document
from gov_audit.read import read_prose, read_tables


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def prose(doc):
    return read_prose(doc, read_tables(doc).format, skip=table_line_ranges(doc.text))


# ---------------------------------------------------------------- metadata

CRAWLER = """标题: 某区2020年度政府信息公开工作年度报告
发布时间: 2021-03-05 08:58
文号: 
发布机构: 某区人民政府办公室
原文链接: https://www.example.gov.cn/zwgk/t20210305_80595.htm
本地目录: zwgk/202103/80595
页面链接与图片详见 links.tsv(同目录)
==================== 正文 ====================
某区2020年政府信息公开工作年度报告 2020年全区共受理政府信息公开申请21件。
"""


def test_crawler_header_is_metadata_not_text():
    doc = document_from_text(CRAWLER)
    assert doc.metadata["title"] == "某区2020年度政府信息公开工作年度报告"
    assert doc.metadata["published"] == "2021-03-05"
    assert doc.metadata["publisher"] == "某区人民政府办公室"
    assert doc.metadata["url"].startswith("https://")
    assert len(doc.text) == len(doc.original)  # blanked, same length
    assert "2021-03-05" not in doc.text and "80595" not in doc.text and "正文" not in doc.text
    figures = [f.raw for f in prose(doc)]
    assert figures == ["2020年", "2020年", "21件"]


def test_metadata_table_layout_with_pipes():
    text = """当前位置 : 首页 |
|
索引号: | /2015-34352 | 公开方式: | 主动公开 |
文号: | 公开日期: | 2015-07-27 10:52 | |
发布单位: | 某镇 |
2013年,我镇主动公开政府信息123件。
"""
    doc = document_from_text(text)
    assert doc.metadata == {"index_no": "/2015-34352", "disclosure": "主动公开", "published": "2015-07-27",
                            "publisher": "某镇"}
    assert "|" not in doc.text.split("2013年")[0]
    assert not table_line_ranges(doc.text)


def test_key_value_pairs_on_one_line_and_dates():
    assert parse_pairs("发布日期:2011-01-01    点击数:") == [("published", "2011-01-01")]
    assert parse_pairs("单位：万元") is None  # a table caption, not a publisher
    assert parse_pairs("2013年，我镇认真贯彻落实条例。") is None
    assert normalize_date("2013年1月16日") == "2013-01-16"
    assert normalize_date("2025-12-30T21:37:37+08:00") == "2025-12-30"
    assert normalize_date("无") is None


def test_inline_date_in_a_one_line_body_is_blanked():
    text = "标题: 某报告\n当前位置： 首页政务公开 某报告 来源：某管委会 时间：2013-02-25 00:00 微信 微博 正文开始，全年公开信息12条。\n"
    doc = document_from_text(text)
    assert "2013-02-25" not in doc.text
    assert doc.metadata["published"] == "2013-02-25"
    assert "全年公开信息12条" in doc.text


def test_plain_text_without_metadata_keeps_its_characters():
    text = "第一行\n第二行 12\n第三行\n"
    doc = document_from_text(text)
    assert doc.text == text and doc.index_map is None and doc.metadata == {}


# ---------------------------------------------------------------- markdown from a PDF

MARKDOWN = """# 某县人民政府2025年政府信息公开工作年度报告

## 一、总体情况

2025年，我县坚持以群众需求为导向，聚焦重点领域和关键环节，全年共受理政府信息公开申请 7

49 件，其中自然人申请 741 件；努力让政务信息“看

- 3 -

某县人民政府2025年政府信息公开工作年度报告

得懂、用得上、易监督”。

- 4 -

某县人民政府2025年政府信息公开工作年度报告

二是提升公开质量。全年公开政策文件4件。

- 5 -

某县人民政府2025年政府信息公开工作年度报告

## 三、收到和处理政府信息公开申请情况

### 一、本年新收政府信息公开申请数量
类别 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计
---|---|---|---|---|---|---|---
本年新收政府信息公开申请数量 | 705 | 3 | 0 | 0 | 5 | 0 | 713
上年结转政府信息公开申请数量 | 36 | 0 | 0 | 0 | 0 | 0 | 36
（七）总计 | 710 | 3 | 0 | 0 | 5 | 0 | 718
四、结转下年度继续办理 | 31 | 0 | 0 | 0 | 0 | 0 | 31

### 行政复议
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|---|---|---|---|---|
| 27 | 10 | 9 | 15 | 61 |

### 说明
| 项目 | 备注 |
|---|---|
| 本年制发件数 | 含 A\\|B 两类 |
"""


def test_number_and_sentence_broken_over_lines_and_pages(tmp_path):
    doc = load_document(write(tmp_path, "r.md", MARKDOWN))
    assert doc.media == "markdown"
    assert "申请749件,其中自然人申请741件" in doc.text
    assert "“看得懂、用得上、易监督”" in doc.text
    assert len(doc.text) < len(doc.original) and len(doc.index_map) == len(doc.text)
    figures = {f.raw: f for f in prose(doc)}
    assert "749 件" not in figures  # quotes are the original characters…
    fact = next(f for f in prose(doc) if f.value.point == 749)
    assert fact.raw == "7\n\n49 件"  # …including the break it was joined over
    # positions still cite the file: the "7" on its line
    page, line, column = doc.position(fact.start)
    assert MARKDOWN.split("\n")[line - 1][column - 1] == "7"


def test_page_numbers_and_running_headers_are_not_figures(tmp_path):
    doc = load_document(write(tmp_path, "r.md", MARKDOWN))
    raws = [f.raw.strip() for f in prose(doc)]
    assert not {"3", "4", "5", "- 3 -"} & set(raws)
    assert "4件" in raws  # a figure of the text stays
    assert doc.text.count("某县人民政府2025年政府信息公开工作年度报告") == 1  # the title only


def test_pipe_tables_without_outer_pipes_alignment_rows_and_captions(tmp_path):
    doc = load_document(write(tmp_path, "r.md", MARKDOWN))
    read = read_tables(doc)
    got = {f.key: f.value.point for f in read.facts if f.value is not None}
    assert got["t3.new.sum"] == 713 and got["t3.carry_in.natural"] == 36 and got["t3.total.sum"] == 718
    # the heading "### 行政复议" right above its table is the table's caption: a label row
    caption = next(line for line in doc.text.split("\n") if "行政复议" in line)
    assert caption.lstrip().startswith("|") and "#" not in caption
    assert any(start <= doc.text.index(caption) < end for start, end in table_line_ranges(doc.text))
    assert "---" not in doc.text
    # an escaped pipe is text, not a cell boundary
    assert "A /B" in doc.text or "A/B" in doc.text


def test_markdown_report_checked_counts_the_carry_over_as_info(tmp_path):
    text = MARKDOWN.replace("7\n\n49 件", "749 件").replace("（七）总计 | 710", "（七）总计 | 710")
    result = check_document(load_document(write(tmp_path, "r.md", text)), load_rules())
    received = [f for f in result.findings if f.kind == "prose_vs_table" and 749 in f.values]
    assert received and received[0].severity == "info"


def test_text_with_page_number_lines_is_read_as_a_pdf_extraction():
    text = ("本年度共受理政府信息公开申请十二件，其中通过网络提交的申请占多数，办理\n"
            "\n第 1 页 共 3 页\n\n"
            "结果均已按时答复申请人，未发生行政复议。\n"
            "\n第 2 页 共 3 页\n")
    doc = document_from_text(text)
    assert "办理结果均已按时答复" in doc.text
    assert "页" not in doc.text.replace("页共", "")

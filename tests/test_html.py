"""load/html.py: grids with rowspan/colspan, nested and layout tables, spans that
disagree, chrome dropped, <meta charset>, positions in the .html file."""
from __future__ import annotations

from decimal import Decimal

import pytest

from gov_audit.audit import load_rules
from gov_audit.load import load_document
from gov_audit.pipeline import check_document
from gov_audit.read import read_tables


def write(tmp_path, name: str, html: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return str(path)


def values(doc) -> dict:
    return {f.key: (f.value.point if f.value is not None else f.blank) for f in read_tables(doc).facts}


PAGE = """<!doctype html>
<html><head><meta charset="{charset}"><title>某局2023年政府信息公开工作年度报告</title>
<script>var x = "本年新收政府信息公开申请数量 999";</script><style>p {{ color: red }}</style></head>
<body>
<div class="nav">首页 | 政务公开 | 2023</div>
<div class="breadcrumb">当前位置：首页 &gt; 年报</div>
<article>
<h1>某局2023年政府信息公开工作年度报告</h1>
<p>2023年，我局共收到政府信息公开申请12件。</p>
{table}
</article>
<footer>版权所有 电话 0527-12345678</footer>
</body></html>
"""

T3 = """<table border="1"><tbody>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>10</td><td>2</td><td></td><td></td><td></td><td></td><td>12</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="4">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>8</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>10</td></tr>
<tr><td rowspan="2">（六）其他处理</td><td>1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>3.其他</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td colspan="2">（七）总计</td><td>10</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>12</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</tbody></table>"""


def test_rowspan_colspan_grid_labels_repeated_values_in_place(tmp_path):
    doc = load_document(write(tmp_path, "r.html", PAGE.format(charset="utf-8", table=T3)))
    assert doc.media == "html"
    got = values(doc)
    assert got["t3.new.natural"] == 10 and got["t3.new.commercial"] == 2 and got["t3.new.sum"] == 12
    # the merged parent label （六）其他处理 applies to both of its rows
    assert got["t3.other.no_correction.natural"] == 1
    assert got["t3.other.misc.natural"] == 1
    assert got["t3.total.sum"] == 12
    # 12 = 10 + 2 + four blanks: the blanks can only be 0 (inferred, not missing)
    facts = {f.key: f for f in read_tables(doc).facts}
    assert facts["t3.new.research"].value.point == 0 and facts["t3.new.research"].inferred


def test_chrome_scripts_and_styles_are_not_text(tmp_path):
    doc = load_document(write(tmp_path, "r.html", PAGE.format(charset="utf-8", table=T3)))
    assert "999" not in doc.text and "color" not in doc.text
    assert "首页 | 政务公开" not in doc.text and "当前位置" not in doc.text and "版权所有" not in doc.text
    assert "2023年,我局共收到政府信息公开申请12件。" in doc.text
    assert doc.metadata["page_title"] == "某局2023年政府信息公开工作年度报告"


def test_positions_cite_the_html_line_and_column(tmp_path):
    html = PAGE.format(charset="utf-8", table=T3)
    doc = load_document(write(tmp_path, "r.html", html))
    at = doc.text.index("12件")
    page, line, column = doc.position(at)
    source_line = html.split("\n")[line - 1]
    assert page is None and source_line[column - 1:column + 2] == "12件"
    assert doc.quote(at, at + 3) == "12件"


def test_meta_charset_gbk(tmp_path):
    path = write(tmp_path, "gbk.htm", PAGE.format(charset="gbk", table=T3), encoding="gbk")
    doc = load_document(path)
    assert doc.encoding == "gb18030"
    assert values(doc)["t3.new.sum"] == 12


def test_numeric_cell_spanning_columns_is_placed_once(tmp_path):
    table = """<table>
    <tr><td colspan="4">第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
    <tr><td>规章</td><td>0</td><td>0</td><td>3</td></tr>
    <tr><td>行政规范性文件</td><td>5</td><td>1</td><td>20</td></tr>
    <tr><td colspan="4">第二十条第（五）项</td></tr>
    <tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
    <tr><td>行政许可</td><td colspan="3">7</td></tr>
    <tr><td colspan="4">第二十条第（八）项</td></tr>
    <tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
    <tr><td>行政事业性收费</td><td colspan="3">1.5</td></tr>
    </table>"""
    doc = load_document(write(tmp_path, "t2.html", PAGE.format(charset="utf-8", table=table)))
    got = values(doc)
    assert got["t2.licensing.decisions"] == 7
    assert got["t2.fees.amount"] == Decimal("1.5")
    assert got["t2.normative.valid"] == 20
    assert doc.text.count("| 7 |") == 1  # not repeated into the merged columns


def test_header_and_data_rows_disagree_on_spans(tmp_path):
    # 2019 table 二 as many sites write it: the header has 4 cells, the data rows
    # 3 (the last header cell spans a column the data rows do not have).
    table = """<table>
    <tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td colspan="2">处理决定数量</td></tr>
    <tr><td>行政许可</td><td>39</td><td>-6</td><td>4427</td></tr>
    <tr><td>行政处罚</td><td>26</td><td>+2</td><td>538</td></tr>
    </table>
    <p>本年新制作数量 本年新公开数量 对外公开总数量</p>"""
    doc = load_document(write(tmp_path, "t2019.html", PAGE.format(charset="utf-8", table=table)))
    got = values(doc)
    assert got["t2.licensing.prev_items"] == 39
    assert got["t2.licensing.delta"] == -6
    assert got["t2.licensing.decisions"] == 4427
    assert got["t2.punishment.decisions"] == 538


def test_nested_data_table_in_a_cell_and_layout_table(tmp_path):
    table = """<table width="100%"><tr><td>
      <p>一、总体情况</p><p>本年度共收到申请12件，办结12件。这是一段很长的页面正文，放在排版用的表格里。</p>
      <table border="1">
        <tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
        <tr><td><table><tr><td>0</td></tr></table></td><td>1</td><td>0</td><td>0</td><td>1</td></tr>
      </table>
    </td></tr></table>"""
    doc = load_document(write(tmp_path, "nested.html", PAGE.format(charset="utf-8", table=table)))
    # the layout table is read as blocks: its paragraphs are lines of text
    assert "\n一、总体情况\n" in doc.text
    # the data table inside it is a grid; the cell holding a nested table keeps its one value
    assert "| 0 | 1 | 0 | 0 | 1 |" in doc.text


def test_metadata_table_at_the_top_of_the_page(tmp_path):
    html = """<html><head><meta charset="utf-8"></head><body>
    <table class="table_content"><tr><td>名称</td><td colspan="3">某镇2013年度政府信息公开工作年度报告</td></tr>
    <tr><td>索引号</td><td>002/2015-34352</td><td>发布机构</td><td>某镇人民政府</td></tr>
    <tr><td>公开日期</td><td>2015-07-27</td><td>文号</td><td></td></tr></table>
    <p>2013年，我镇主动公开政府信息123条。</p></body></html>"""
    doc = load_document(write(tmp_path, "meta.html", html))
    assert doc.metadata["published"] == "2015-07-27"
    assert doc.metadata["publisher"] == "某镇人民政府"
    assert doc.metadata["index_no"] == "002/2015-34352"
    assert "34352" not in doc.text and "2015-07-27" not in doc.text  # never a figure
    assert "主动公开政府信息123条" in doc.text


def test_unparseable_or_empty_page_is_an_input_error(tmp_path):
    from gov_audit.load import InputError

    with pytest.raises(InputError):
        load_document(write(tmp_path, "empty.html", "<html><body><script>1</script></body></html>"))


def test_html_report_checked_with_coverage(tmp_path):
    doc = load_document(write(tmp_path, "r.html", PAGE.format(charset="utf-8", table=T3)))
    result = check_document(doc, load_rules())
    cov = result.coverage
    assert cov.format == "2021" and cov.table_cells_read > 0
    assert not [f for f in result.findings if f.severity == "error"]

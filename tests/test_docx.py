"""load/docx.py: Word files generated here with python-docx."""
from __future__ import annotations

import io
import zipfile

import pytest

docx = pytest.importorskip("docx")

from gov_audit import audit  # noqa: E402
from gov_audit.load import InputError, load_document  # noqa: E402
from gov_audit.load.docx import chinese_number  # noqa: E402
from gov_audit.pipeline import check_document  # noqa: E402


def save(document, tmp_path, name="r.docx"):
    path = tmp_path / name
    document.save(str(path))
    return path


def rows_of(doc):
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in doc.original.split("\n") if line.startswith("|")]


def merged_report():
    d = docx.Document()
    d.add_heading("测试区2023年政府信息公开工作年度报告", 1)
    d.add_paragraph("本年度共收到政府信息公开申请8件，办结8件。")
    t = d.add_table(rows=6, cols=4)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "项目"
    t.cell(0, 2).text = "自然人"
    t.cell(0, 3).text = "总计"
    t.cell(1, 0).merge(t.cell(1, 1)).text = "一、本年新收政府信息公开申请数量"
    t.cell(1, 2).text = "8"
    t.cell(1, 3).text = "8"
    t.cell(2, 0).merge(t.cell(4, 0)).text = "三、本年度办理结果"  # vMerge over three rows
    for r, (label, value) in enumerate((("（一）予以公开", "5"), ("（二）部分公开", "3"), ("（七）总计", "8")), 2):
        t.cell(r, 1).text = label
        t.cell(r, 2).text = value
        t.cell(r, 3).text = value
    t.cell(5, 0).merge(t.cell(5, 1)).text = "四、结转下年度继续办理"
    t.cell(5, 2).merge(t.cell(5, 3)).text = "0"  # a figure merged over two columns: placed once
    d.add_paragraph("二、其他 | 说明（本年制发件数不适用）")
    return d


def test_merged_cells_expanded(tmp_path):
    doc = load_document(save(merged_report(), tmp_path))
    assert doc.media == "docx"
    assert rows_of(doc) == [
        ["项目", "项目", "自然人", "总计"],
        ["一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "8", "8"],
        ["三、本年度办理结果", "（一）予以公开", "5", "5"],
        ["三、本年度办理结果", "（二）部分公开", "3", "3"],
        ["三、本年度办理结果", "（七）总计", "8", "8"],
        ["四、结转下年度继续办理", "四、结转下年度继续办理", "0", ""],
    ]


def test_document_order_and_bar_in_text(tmp_path):
    doc = load_document(save(merged_report(), tmp_path))
    lines = [l for l in doc.original.split("\n") if l]
    assert lines[0] == "测试区2023年政府信息公开工作年度报告"
    assert lines[1] == "本年度共收到政府信息公开申请8件，办结8件。"
    assert lines[2].startswith("| 项目")
    assert lines[-1] == "二、其他 ¦ 说明（本年制发件数不适用）"  # a | in prose is no table border


def test_positions_paragraph_and_row(tmp_path):
    doc = load_document(save(merged_report(), tmp_path))
    text = doc.original
    assert doc.position(text.index("本年度共收到")) == (None, 2, 1)
    assert doc.position(text.index("8件")) == (None, 2, 15)
    # table rows count as lines: row 1 is line 3; in a row, cells are joined by one tab
    assert doc.position(text.index("| 项目") + 2) == (None, 3, 1)
    assert doc.position(text.index("（二）部分公开")) == (None, 6, 2)  # after the empty vMerge cell


def test_checked_like_any_report(tmp_path):
    doc = load_document(save(merged_report(), tmp_path))
    result = check_document(doc, audit.load_rules(()))
    facts = {f.key: f for f in result.facts if f.source == "table" and f.value is not None}
    assert facts["t3.total.natural"].value.point == 8
    assert facts["t3.partial.natural"].value.point == 3


def test_nested_table_and_layout_frame(tmp_path):
    d = docx.Document()
    frame = d.add_table(rows=1, cols=1)  # a one-column frame: its content is body
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "框内正文第一段。"
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "行政许可"
    inner.cell(0, 1).text = "12"
    inner.cell(1, 0).text = "行政处罚"
    inner.cell(1, 1).text = "3"
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外表"
    outer.cell(0, 1).add_table(rows=1, cols=2)
    outer.cell(0, 1).tables[0].cell(0, 0).text = "内表"
    outer.cell(0, 1).tables[0].cell(0, 1).text = "7"
    doc = load_document(save(d, tmp_path))
    lines = [l for l in doc.original.split("\n") if l]
    assert lines[0] == "框内正文第一段。"
    assert lines[1:3] == ["| 行政许可 | 12 |", "| 行政处罚 | 3 |"]
    assert lines[3] == "| 外表 |  |"  # nested table text is not in its outer cell
    assert lines[4] == "| 内表 | 7 |"  # it comes right after its outer table


def test_list_numbers_drawn_by_word(tmp_path):
    d = docx.Document()
    for text in ("总体情况", "主动公开政府信息情况"):
        d.add_paragraph(text, style="List Number")
    doc = load_document(save(d, tmp_path))
    lines = [l for l in doc.original.split("\n") if l]
    assert lines == ["1.总体情况", "2.主动公开政府信息情况"]


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五"),
                                     (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_counting(n, text):
    assert chinese_number(n) == text


def test_damaged_docx(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(InputError) as err:
        load_document(path)
    assert ".docx" in err.value.message


def test_zip_without_word_document(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    path = tmp_path / "notword.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(InputError):
        load_document(path)


@pytest.mark.parametrize("name", ["old.doc", "old.wps"])
def test_legacy_word_says_save_as_docx(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputError) as err:
        load_document(path)
    assert "save it as .docx" in err.value.message

"""The loaders' fast paths decide as the plain ones: whether a text is traditional."""
from __future__ import annotations

import pytest

from gov_audit.load import text as text_module


@pytest.mark.parametrize("sample, traditional", [
    ("本年度共收到政府信息公开申请21件。", False),
    ("本报告引用《關於》一文。", False),  # two traditional-only characters: a quoted title
    ("本年度共收到政府資訊公開申請21件。", True),
    ("個" + "，本年度" * 50 + "個個", True),  # one character, three times, far apart
    ("𠀀本年度", False),
])
def test_traditional_text_is_found_by_the_first_and_later_tests_alike(monkeypatch, sample, traditional):
    monkeypatch.setattr(text_module, "_texts_tested", 0)
    assert text_module.is_traditional(sample) is traditional  # the set intersection
    assert text_module.is_traditional(sample) is traditional  # the compiled class


def test_html_cells_read_with_and_without_elements_inside(tmp_path):
    """A cell's text is the same read directly (no element inside) or walked (spans, breaks, a script)."""
    from gov_audit.load import load_document

    page = ("<html><body><table>"
            "<tr><td>项目</td><td colspan='2'>本年新收</td></tr>"
            "<tr><td> 一、本年新收\n政府信息公开申请数量 </td><td><span>12</span></td>"
            "<td>3<script>var x = 1;</script></td></tr>"
            "<tr><td>其他<br/>情形</td><td rowspan='1'>0</td><td>无</td></tr>"
            "</table></body></html>")
    path = tmp_path / "r.html"
    path.write_text(page, encoding="utf-8")
    rows = [line for line in load_document(str(path)).original.split("\n") if line.startswith("|")]
    assert rows == ["| 项目 | 本年新收 | 本年新收 |",
                    "| 一、本年新收 政府信息公开申请数量 | 12 | 3 |",
                    "| 其他 情形 | 0 | 无 |"]

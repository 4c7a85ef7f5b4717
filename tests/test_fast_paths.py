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

"""load/ (text.py, files.py): encodings, same-length normalization, traditional text, input errors."""
from __future__ import annotations

import os
import sys

import pytest

from gov_audit.load import InputError, document_from_text, files, load_document
from gov_audit.load import text as load

SIMPLIFIED = "本年度共收到申请8件，办结8件。"
TRADITIONAL = "本年度共收到申請8件，辦結8件。"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_same_length(doc):
    assert len(doc.text) == len(doc.original)


# --- decoding -----------------------------------------------------------------

@pytest.mark.parametrize("data, encoding", [
    (SIMPLIFIED.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
    (SIMPLIFIED.encode("gbk"), "gb18030"),
    (SIMPLIFIED.encode("gb18030"), "gb18030"),
    (b"\xff\xfe" + SIMPLIFIED.encode("utf-16-le"), "utf-16"),
    (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
])
def test_encodings(tmp_path, data, encoding):
    doc = load_document(write(tmp_path, "r.txt", data))
    assert doc.encoding == encoding
    assert doc.original == SIMPLIFIED  # BOM stripped
    assert doc.text == "本年度共收到申请8件,办结8件。"
    assert doc.traditional is False
    assert doc.media == "text"


def test_encoding_from_bytes_not_extension(tmp_path):
    doc = load_document(write(tmp_path, "r.md", SIMPLIFIED.encode("gbk")))
    assert doc.encoding == "gb18030" and doc.original == SIMPLIFIED
    assert doc.media == "markdown"


def test_path_given_as_str(tmp_path):
    path = write(tmp_path, "r.txt", b"x")
    doc = load_document(str(path))
    assert doc.path == str(path)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings(tmp_path, newline):
    text = newline.join(["第一行", "第二行 12", "第三行"]) + newline
    doc = load_document(write(tmp_path, "r.txt", text.encode("utf-8")))
    assert doc.original == "第一行\n第二行 12\n第三行\n"
    assert "\r" not in doc.text
    assert_same_length(doc)
    assert doc.position(doc.original.index("12")) == (None, 2, 5)
    assert doc.position(doc.original.index("第三")) == (None, 3, 1)


def test_media_from_extension(tmp_path):
    assert load_document(write(tmp_path, "a.md", b"# t")).media == "markdown"
    assert load_document(write(tmp_path, "a.MARKDOWN", b"# t")).media == "markdown"
    assert load_document(write(tmp_path, "a.txt", b"# t")).media == "text"
    assert load_document(write(tmp_path, "a.report", b"# t")).media == "text"
    assert load_document(write(tmp_path, "noext", b"# t")).media == "text"


# --- normalization ------------------------------------------------------------

def test_full_width_to_ascii():
    doc = document_from_text("１２３，（一）ＡＢｃ％：；！～")
    assert doc.text == "123,(一)ABc%:;!~"
    assert doc.original == "１２３，（一）ＡＢｃ％：；！～"
    assert_same_length(doc)


def test_spaces_unified_newline_and_tab_kept():
    original = "a\u3000b\u00a0c\td\u2003e\u202ff\ng\x00h"
    doc = document_from_text(original)
    assert doc.text == "a b c\td e f\ng h"
    assert doc.original == original


def test_space_table_covers_every_unicode_space():
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {"\n", "\t"}
    assert spaces <= set(load._SPACES)


def test_traditional_converted_same_length():
    doc = document_from_text(TRADITIONAL)
    assert doc.traditional is True
    assert doc.original == TRADITIONAL
    assert doc.text == "本年度共收到申请8件,办结8件。"
    assert_same_length(doc)


def test_traditional_multiline_offsets_shared():
    original = "政府資訊公開工作年度報告\r\n（一）收到申請數：１２件\r\n"
    doc = document_from_text(original)
    assert doc.traditional
    assert doc.original == "政府資訊公開工作年度報告\n（一）收到申請數：１２件\n"
    assert doc.text == "政府资讯公开工作年度报告\n(一)收到申请数:12件\n"
    at = doc.text.index("12")
    assert doc.original[at:at + 2] == "１２"
    assert doc.position(at) == (None, 2, 10)


def test_simplified_not_traditional():
    doc = document_from_text("《中华人民共和国政府信息公开条例》第二十条，本机关主动公开政府信息123条。")
    assert doc.traditional is False


def test_below_threshold_not_traditional():
    # One quoted traditional title does not make a simplified report traditional; the
    # line holding it is matched in simplified characters, and quoted as written.
    doc = document_from_text("依据《關於推进政务公开的意见》开展工作。\n著作权登记3件。")
    assert doc.traditional is False
    assert doc.text == "依据《关于推进政务公开的意见》开展工作。\n著作权登记3件。"
    assert doc.original.startswith("依据《關於")


def test_simplified_text_does_not_load_opencc(monkeypatch):
    monkeypatch.setattr(load, "_converter", None)
    document_from_text(SIMPLIFIED * 100)
    assert load._converter is None


def test_length_changing_conversion_falls_back(monkeypatch):
    class Stretching:
        """Converts 申 to two characters, 請 to 请, the rest unchanged."""

        def convert(self, text):
            return text.replace("申", "申申").replace("請", "请")

    monkeypatch.setattr(load, "_converter", Stretching())
    out = load.to_simplified("收到申請\n辦結請求")
    assert out == "收到申请\n辦結请求"  # line 2 converted whole, line 1 char by char


def test_traditional_chars_file():
    chars = load.traditional_chars()
    assert len(chars) > 2000
    assert {"於", "開", "區", "報", "請", "辦"} <= chars
    assert not chars & set("于开区报请办政府信息公开年度")
    assert "#" not in chars and " " not in chars


def test_fixtures_detected():
    root = os.path.join(os.path.dirname(__file__), "..", "fixtures")
    trad = os.path.join(root, "000_dad49f26a79064fd.txt")
    simp = os.path.join(root, "003_baa04b3ed7a09fb6.txt")
    if not (os.path.exists(trad) and os.path.exists(simp)):
        pytest.skip("fixtures not present")
    doc = load_document(trad)
    assert doc.traditional and "报告" in doc.text and "報告" in doc.original
    assert_same_length(doc)
    doc = load_document(simp)
    assert not doc.traditional and doc.encoding == "utf-8"
    assert_same_length(doc)


# --- input errors -------------------------------------------------------------

def assert_input_error(path, words):
    with pytest.raises(InputError) as info:
        load_document(path)
    err = info.value
    assert err.path == str(path)
    assert words in err.message
    assert str(err) == f"{path}: {err.message}"
    return err


def test_missing_file(tmp_path):
    assert_input_error(tmp_path / "nope.txt", "file not found")


def test_directory(tmp_path):
    assert_input_error(tmp_path, "is a directory")


def test_empty_file(tmp_path):
    assert_input_error(write(tmp_path, "e.txt", b""), "empty file")


def test_whitespace_only_file(tmp_path):
    assert_input_error(write(tmp_path, "e.txt", b"\xef\xbb\xbf \r\n\t\n"), "empty file")


def test_binary_with_nul(tmp_path):
    assert_input_error(write(tmp_path, "b.txt", b"\x89PNG\r\n\x1a\n\x00\x01\x02abc"), "binary file")


def test_utf16_without_bom_is_binary(tmp_path):
    assert_input_error(write(tmp_path, "b.txt", "abc".encode("utf-16-le")), "binary file")


def test_undecodable(tmp_path):
    # 0x80 and 0xFF are not lead bytes in GB18030 and invalid in UTF-8.
    assert_input_error(write(tmp_path, "u.txt", b"abc\x80\xff\x80def"), "cannot decode")


def test_bad_utf8_after_bom(tmp_path):
    assert_input_error(write(tmp_path, "u.txt", b"\xef\xbb\xbfabc\xff"), "cannot decode as UTF-8")


def test_bad_utf16(tmp_path):
    assert_input_error(write(tmp_path, "u.txt", b"\xff\xfea\x00\x00\xd8"), "cannot decode as UTF-16")


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    assert_input_error(write(tmp_path, "big.txt", b"x" * 11), "file too large")
    assert load_document(write(tmp_path, "ok.txt", b"x" * 10)).original == "x" * 10


@pytest.mark.parametrize("name", ["old.doc", "old.WPS"])
def test_legacy_word(tmp_path, name):
    err = assert_input_error(write(tmp_path, name, b"\xd0\xcf\x11\xe0"), "legacy Word format")
    assert err.message == "legacy Word format (.doc/.wps) is not supported: save it as .docx"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path):
    path = write(tmp_path, "p.txt", b"abc")
    path.chmod(0)
    try:
        assert_input_error(path, "permission denied")
    finally:
        path.chmod(0o644)


def test_permission_denied_simulated(tmp_path, monkeypatch):
    path = write(tmp_path, "p.txt", b"abc")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    assert_input_error(path, "permission denied")


def test_other_os_error(tmp_path, monkeypatch):
    path = write(tmp_path, "p.txt", b"abc")

    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("builtins.open", fail)
    assert_input_error(path, "cannot read file: Input/output error")


def test_bad_path():
    with pytest.raises(InputError) as info:
        load_document("a\x00b.txt")
    assert "cannot read file" in info.value.message

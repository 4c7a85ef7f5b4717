"""load/pdf/: PDFs generated here (reportlab, CJK through its built-in STSong-Light
CID font, so no font file is needed) and golden tests over the corpus PDFs copied
into fixtures/pdf/ with their expectations (fixtures/pdf/expectations.yaml)."""
from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

pytest.importorskip("pdfplumber")
canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")

from reportlab.lib import pdfencrypt  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402

from gov_audit import audit  # noqa: E402
from gov_audit.load import InputError, load_document  # noqa: E402
from gov_audit.load.pdf import pages as pdf_pages  # noqa: E402
from gov_audit.pipeline import check_document, check_path  # noqa: E402
from gov_audit.report.json_report import to_json  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
W, H = 595, 842
LEFT, RIGHT = 72, 72 + 12 * 36  # 36 glyphs of 12 pt a full line
SIZE = 12


class Page:
    """Draw with `top` measured from the top of the page, as pdfplumber reports it."""

    def __init__(self, canvas):
        self.c = canvas
        canvas.setFont(FONT, SIZE)

    def text(self, x, top, text, size=SIZE):
        self.c.setFont(FONT, size)
        self.c.drawString(x, H - top - size * 0.88, text)

    def line(self, x0, top, x1, bottom):
        self.c.line(x0, H - top, x1, H - bottom)

    def cell(self, x0, top, x1, bottom, text="", sides="tblr"):
        if "t" in sides:
            self.line(x0, top, x1, top)
        if "b" in sides:
            self.line(x0, bottom, x1, bottom)
        if "l" in sides:
            self.line(x0, top, x0, bottom)
        if "r" in sides:
            self.line(x1, top, x1, bottom)
        if text:
            self.text(x0 + 3, (top + bottom) / 2 - SIZE / 2, text)


def pdf_bytes(draw, pages=1, **kwargs) -> bytes:
    out = io.BytesIO()
    c = canvas_mod.Canvas(out, pagesize=(W, H), **kwargs)
    for n in range(pages):
        draw(Page(c), n + 1)
        c.showPage()
    c.save()
    return out.getvalue()


def write(tmp_path, name, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- a report whose table crosses a page break --------------------------------

COLS = [LEFT, LEFT + 130, LEFT + 300, LEFT + 370, LEFT + 440]  # group label | label | 自然人 | 总计
PARAGRAPH = [  # three lines of one paragraph: indented 34 glyphs, 36 (full), the last short
    "（二）依申请公开情况。本年度进一步规范依申请公开流程，畅通受理渠道，",
    "全区共受理政府信息公开申请２１件，均在法定期限内答复，未发生因依申请公开",
    "引起的行政复议和行政诉讼。",
]


def _report(page: Page, number: int) -> None:
    page.text(250, 30, "测试区人民政府办公室", size=9)  # running header
    page.text(290, 800, f"- {number} -", size=10)  # page number
    if number == 1:
        page.text(150, 70, "测试区2023年政府信息公开工作年度报告", size=16)
        # WPS draws a white filled background behind every body line: never a table
        page.c.setFillColorRGB(1, 1, 1)
        page.c.rect(LEFT, H - 140, RIGHT - LEFT, 27, stroke=0, fill=1)
        page.c.setFillColorRGB(0, 0, 0)
        page.text(LEFT + 24, 120, PARAGRAPH[0])
        page.text(LEFT, 147, PARAGRAPH[1])
        page.text(LEFT, 174, PARAGRAPH[2])
        assert len(PARAGRAPH[0]) == 34 and len(PARAGRAPH[1]) == 36
        # a boxed one-line note: a one-column "table" that is body text
        page.cell(LEFT, 200, RIGHT, 225, "注：本报告数据均来自各部门报送。")
        page.text(LEFT + 24, 240, "三、收到和处理政府信息公开申请情况")
        top = 270
        page.cell(COLS[0], top, COLS[2], top + 30, "项目")
        page.cell(COLS[2], top, COLS[3], top + 30, "自然人")
        page.cell(COLS[3], top, COLS[4], top + 30, "总计")
        top += 30
        page.cell(COLS[0], top, COLS[2], top + 30, "一、本年新收政府信息公开申请数量")
        page.cell(COLS[2], top, COLS[3], top + 30, "21")
        page.cell(COLS[3], top, COLS[4], top + 30, "21")
        top += 30
        group = top  # the group label goes on over the page break
        for label, value in (("（一）予以公开", "5"), ("（二）部分公开", "3")):
            page.cell(COLS[1], top, COLS[2], top + 30, label)
            page.cell(COLS[2], top, COLS[3], top + 30, value)
            page.cell(COLS[3], top, COLS[4], top + 30, value)
            top += 30
        page.cell(COLS[0], group, COLS[1], top, "三、本年度")
    else:
        top = 60  # the continuation: its first row has no top rule
        page.cell(COLS[0], top, COLS[1], top + 60, "办理结果", sides="blr")
        rows = (("（三）不予公开", "0"), ("（七）总计", "8"))
        for n, (label, value) in enumerate(rows):
            sides = "blr" if n == 0 else "tblr"
            page.cell(COLS[1], top, COLS[2], top + 30, label, sides=sides)
            page.cell(COLS[2], top, COLS[3], top + 30, value, sides=sides)
            page.cell(COLS[3], top, COLS[4], top + 30, value, sides=sides)
            top += 30
        page.cell(COLS[0], top, COLS[2], top + 30, "四、结转下年度继续办理")
        page.cell(COLS[2], top, COLS[3], top + 30, "13")
        page.cell(COLS[3], top, COLS[4], top + 30, "13")
        page.text(LEFT + 24, top + 60, "以上数据统计期限截至2023年12月31日。")
        page.text(LEFT + 24, top + 87, "表二（本年制发件数、本年废止件数、现行有效件数）从略。")


@pytest.fixture(scope="module")
def crossing(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "crossing.pdf"
    path.write_bytes(pdf_bytes(_report, pages=2))
    return load_document(path)


def table_rows(doc) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in doc.original.split("\n") if line.startswith("|")]


def test_table_across_page_break_is_one_grid(crossing):
    rows = table_rows(crossing)
    assert rows == [
        ["项目", "项目", "自然人", "总计"],
        ["一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "21", "21"],
        ["三、本年度办理结果", "（一）予以公开", "5", "5"],
        ["三、本年度办理结果", "（二）部分公开", "3", "3"],
        ["三、本年度办理结果", "（三）不予公开", "0", "0"],
        ["三、本年度办理结果", "（七）总计", "8", "8"],
        ["四、结转下年度继续办理", "四、结转下年度继续办理", "13", "13"],
    ]
    assert crossing.metadata == {"pages": 2, "tables": 1}


def test_body_paragraph_rejoined_furniture_dropped(crossing):
    lines = [l for l in crossing.original.split("\n") if l and not l.startswith("|")]
    assert lines[0] == "测试区2023年政府信息公开工作年度报告"
    assert lines[1] == "".join(PARAGRAPH)  # three lines, one paragraph, no spaces added
    assert lines[2] == "注：本报告数据均来自各部门报送。"  # the boxed note is body text
    assert lines[3] == "三、收到和处理政府信息公开申请情况"
    assert lines[4] == "以上数据统计期限截至2023年12月31日。"
    assert len(lines) == 6  # running header and page numbers are gone
    assert "测试区人民政府办公室" not in crossing.original and "- 1 -" not in crossing.original


def test_table_text_not_duplicated_in_body(crossing):
    assert crossing.original.count("予以公开") == 1
    body = [l for l in crossing.original.split("\n") if not l.startswith("|")]
    assert not any("本年新收" in l or "结转下年度" in l or "自然人" in l for l in body)


def test_positions_are_page_line_column(crossing):
    text = crossing.original
    # line 1 of page 1 is the running header (dropped, but still counted), 2 the title
    assert crossing.position(text.index("测试区2023")) == (1, 2, 1)
    assert crossing.position(text.index("全区共受理")) == (1, 4, 1)
    assert crossing.position(crossing.text.index("21件")) == (1, 4, 14)
    assert crossing.position(text.index("（七）总计")) [0] == 2
    page, line, column = crossing.position(text.index("| 13 |") + 2)
    assert page == 2 and column >= 1


def test_check_reads_table_facts_with_pages(crossing):
    result = check_document(crossing, audit.load_rules(()))
    facts = {f.key: f for f in result.facts if f.source == "table"}
    assert facts["t3.total.natural"].value.point == 8
    assert crossing.position(facts["t3.total.natural"].start)[0] == 2
    assert crossing.position(facts["t3.new.natural"].start)[0] == 1
    data = json.loads(to_json([result]))
    assert data["files"][0]["encoding"] == "pdf"


# --- table 四: a three-level header and one row of 15 values --------------------

def _table_four(page: Page, number: int) -> None:
    page.text(LEFT, 60, "四、政府信息公开行政复议、行政诉讼情况")
    xs = [LEFT + 29 * i for i in range(16)]
    top = 90
    page.cell(xs[0], top, xs[5], top + 25, "行政复议")
    page.cell(xs[5], top, xs[15], top + 25, "行政诉讼")
    page.cell(xs[0], top + 25, xs[1], top + 75, "维持")
    for i, word in enumerate(["纠正", "其他", "未结", "总计"], 1):
        page.cell(xs[i], top + 25, xs[i + 1], top + 75, word)
    page.cell(xs[5], top + 25, xs[10], top + 50, "未经复议直接起诉")
    page.cell(xs[10], top + 25, xs[15], top + 50, "复议后起诉")
    for i in range(5, 15):
        page.cell(xs[i], top + 50, xs[i + 1], top + 75, ["维持", "纠正", "其他", "未结", "总计"][(i - 5) % 5])
    values = [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]
    for i, v in enumerate(values):
        page.cell(xs[i], top + 75, xs[i + 1], top + 100, str(v))


def test_table_four_fifteen_values(tmp_path):
    doc = load_document(write(tmp_path, "t4.pdf", pdf_bytes(_table_four)))
    rows = table_rows(doc)
    assert rows[-1] == ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
    assert rows[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert rows[1][5:] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert rows[2][:5] == ["维持", "纠正", "其他", "未结", "总计"]  # a label merged down is repeated


# --- what cannot be read --------------------------------------------------------

def test_image_only_pdf_is_scanned(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        image.putpixel((x, 40), 0)

    def draw(page, _):
        page.c.drawImage(ImageReader(image), 50, 100, width=495, height=690)

    path = write(tmp_path, "scan.pdf", pdf_bytes(draw, pages=2))
    with pytest.raises(InputError) as err:
        load_document(path)
    assert err.value.message == pdf_pages.SCANNED
    assert "scanned" in err.value.message and "OCR" in err.value.message


def test_text_layer_without_chinese_is_unreadable(tmp_path):
    def draw(page, _):
        page.c.setFont("Helvetica", 12)
        for n in range(20):
            page.c.drawString(72, 700 - 14 * n, "x!#%&()*+,-./:;<=>?@[]^_{}~ 0123456789")

    with pytest.raises(InputError) as err:
        load_document(write(tmp_path, "garbage.pdf", pdf_bytes(draw)))
    assert "no text to check" in err.value.message and "no Chinese text" in err.value.message


def _one_line(page, _):
    page.text(LEFT, 100, "本年度共收到政府信息公开申请21件，均已按期答复，全部予以公开。")


def test_encrypted_pdf_asks_for_the_password_to_be_removed(tmp_path):
    secret = pdfencrypt.StandardEncryption("secret", ownerPassword="owner")
    path = write(tmp_path, "locked.pdf", pdf_bytes(_one_line, encrypt=secret))
    with pytest.raises(InputError) as err:
        load_document(path)
    assert err.value.message == "encrypted PDF: remove the password and try again"


def test_owner_password_only_pdf_is_read(tmp_path):
    # Only an owner password (copy/print rights): no password is needed to read it.
    def draw(page, _):
        page.c.setFont("Helvetica", 12)
        page.c.drawString(72, 700, "Annual report 2023")

    rights = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0)
    data = pdf_bytes(draw, encrypt=rights)
    pages = pdf_pages.read_pages("rights.pdf", data)
    assert "".join(g.text for g in pages[0].glyphs) == "Annualreport2023"


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n1 0 obj <<>> garbage",
    b"%PDF-1.7\n",
    b"not a pdf at all",
])
def test_damaged_pdf_is_an_input_error(tmp_path, data):
    with pytest.raises(InputError) as err:
        load_document(write(tmp_path, "bad.pdf", data))
    assert "PDF" in err.value.message


def test_truncated_pdf_is_an_input_error(tmp_path):
    data = pdf_bytes(_one_line)
    with pytest.raises(InputError):
        load_document(write(tmp_path, "cut.pdf", data[: len(data) // 2]))


def test_legacy_doc_says_save_as_docx(tmp_path):
    path = write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputError) as err:
        load_document(path)
    assert ".docx" in err.value.message


def test_bad_pdf_among_others_exit_2_others_checked(tmp_path):
    from click.testing import CliRunner

    from gov_audit.cli import app

    secret = pdfencrypt.StandardEncryption("secret", ownerPassword="owner")
    write(tmp_path, "a_locked.pdf", pdf_bytes(_one_line, encrypt=secret))
    write(tmp_path, "b_good.pdf", pdf_bytes(_one_line))
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2
    payload = result.stdout[result.stdout.index("{"):]
    files = {Path(f["path"]).name: f for f in json.loads(payload[: payload.rindex("}") + 1])["files"]}
    assert files["a_locked.pdf"]["error"] == "encrypted PDF: remove the password and try again"
    assert files["b_good.pdf"]["error"] is None


# --- golden: the corpus PDFs ---------------------------------------------------

EXPECTED = yaml.safe_load((FIXTURES / "expectations.yaml").read_text("utf-8"))["reports"]


@pytest.fixture(scope="module")
def corpus():
    rules = audit.load_rules(())
    return {name: check_path(str(FIXTURES / name), rules) for name in EXPECTED}


def _matches(expected, finding) -> bool:
    values = [float(v) for v in finding.values if v is not None]
    return finding.kind == expected["kind"] and all(
        any(abs(float(e) - v) < 1e-6 for v in values) for e in expected["values"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_expected_findings(corpus, name):
    result = corpus[name]
    assert result.error is None
    for expected in EXPECTED[name]["findings"]:
        hits = [f for f in result.findings if _matches(expected, f)]
        assert hits, f"{name}: missed {expected}"
        rank = ("info", "warning", "error")
        assert max(rank.index(f.severity) for f in hits) >= rank.index(expected["severity"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_tables_read_in_full(corpus, name):
    cov = corpus[name].coverage
    assert cov.format == "2021"
    assert cov.rows_missing == []
    assert cov.table_cells_read == cov.table_cells
    assert sorted(cov.tables_found) == ["t2_2021", "t3_2021", "t4"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_table_values(corpus, name):
    facts = {f.key: f for f in corpus[name].facts if f.source == "table" and f.value is not None}
    for key, value in EXPECTED[name]["table"].items():
        assert facts[key].value.point == Decimal(value), key
    doc = corpus[name].document
    for key, page in EXPECTED[name]["pages"].items():
        assert doc.position(facts[key].start)[0] == page, key


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_no_unexpected_error(corpus, name):
    expected = EXPECTED[name]["findings"]
    extra = [f for f in corpus[name].findings
             if f.severity == "error" and not any(_matches(e, f) for e in expected)]
    assert not extra, [f.message for f in extra]


def test_corpus_pdf_speed():
    import time

    path = str(FIXTURES / "huaian_city_2024.pdf")
    load_document(path)  # imports and YAML once
    start = time.perf_counter()
    load_document(path)
    assert time.perf_counter() - start < 1.5  # 6 pages; typically ~0.3 s


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_text_and_github_lines_name_the_page(corpus, name):
    """A PDF's line numbers count within a page: each text line says which page."""
    from gov_audit.report.github import github_piece
    from gov_audit.report.text import text_piece

    result = corpus[name]
    lines = text_piece(result, quiet=True).splitlines()
    annotations = github_piece(result, quiet=True).splitlines()
    assert len(lines) == len(result.findings) == len(annotations)
    for line, annotation, finding in zip(lines, annotations, result.findings):
        page, number, column = result.document.position(finding.start)
        assert line.startswith(f"{result.path}:{number}:{column}: {finding.severity} {finding.rule} [p.{page}] ")
        assert f"::[p.{page}] " in annotation

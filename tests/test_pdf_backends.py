"""load/pdf/pdfium.py: pdfium reads every PDF as pdfplumber does — the same text, cells and
positions — and leaves to pdfplumber what it cannot read the same (a rotated page)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")
pytest.importorskip("reportlab.pdfgen.canvas")

from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from test_pdf import FONT, LEFT, H, _one_line, _report, _table_four, pdf_bytes  # noqa: E402

from gov_audit.load.pdf import pages as pdf_pages  # noqa: E402
from gov_audit.load.pdf import pdf_document  # noqa: E402
from gov_audit.load.pdf.pdfium import read_document  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
VERTICAL = "STSong-Light-V"


def _register_vertical() -> None:
    font = UnicodeCIDFont(FONT, isVertical=True)
    font.fontName = font.name = VERTICAL
    pdfmetrics.registerFont(font)


_register_vertical()


def _vertical_label(page, _):
    """A group label written top to bottom beside a ruled table, as 三、本年度办理结果 often is."""
    page.text(LEFT, 60, "三、收到和处理政府信息公开申请情况")
    page.c.setFont(VERTICAL, 10)
    page.c.drawString(LEFT + 10, H - 100, "办理结果")
    xs, tops = [LEFT, LEFT + 40, LEFT + 200, LEFT + 260], [90, 120, 150]
    for top in tops:
        page.line(xs[0], top, xs[-1], top)
    for x in xs:
        page.line(x, tops[0], x, tops[-1])
    page.text(xs[1] + 3, 95, "（一）予以公开")
    page.text(xs[2] + 3, 95, "5")
    page.text(xs[1] + 3, 125, "（二）部分公开")
    page.text(xs[2] + 3, 125, "3")


def _bold_by_overprint(page, _):
    """Fake bold: every glyph of a heading drawn twice, 0.3 pt apart (one glyph is read)."""
    for dx in (0, 0.3):
        page.text(LEFT + dx, 60, "测试区2023年政府信息公开工作年度报告", size=16)
    _one_line(page, 1)


def _plumbed(monkeypatch, data: bytes):
    with monkeypatch.context() as patch:
        patch.setattr(pdf_pages, "read_document", lambda raw: None)
        return pdf_document("report.pdf", data)


def _same_document(fast, slow) -> None:
    assert fast.original == slow.original
    assert fast.text == slow.text
    assert fast.metadata == slow.metadata
    assert [fast.position(i) for i in range(len(fast.text))] == [slow.position(i) for i in range(len(slow.text))]


def _standard_fonts(page, _):
    """Latin text in standard fonts (no font program in the file), beside Chinese."""
    for n, font in enumerate(("Helvetica", "Times-Roman", "Courier-Bold")):
        page.c.setFont(font, 12)
        page.c.drawString(LEFT, H - 60 - 20 * n, f"Annual report 2023, table 3: 21 requests ({font})")
    _one_line(page, 1)


def _raised(page, _):
    """A superscript (text rise) and a smaller font in one line: 面积120米2."""
    text = page.c.beginText(LEFT, H - 100)
    for words, size, rise in (("新建面积120米", 12, 0), ("2", 7, 5), ("，共收到申请21件。", 12, 0)):
        text.setFont(FONT, size)
        text.setRise(rise)
        text.textOut(words)
    page.c.drawText(text)
    _one_line(page, 1)


GENERATED = {
    "superscript": (_raised, 1),
    "standard Latin fonts": (_standard_fonts, 1),
    "table across a page break, page furniture": (_report, 2),
    "table 四, three header levels": (_table_four, 1),
    "one line of prose": (_one_line, 1),
    "vertical group label": (_vertical_label, 1),
    "bold drawn twice": (_bold_by_overprint, 1),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_pdf_reads_as_pdfplumber_reads_it(monkeypatch, name):
    draw, pages = GENERATED[name]
    data = pdf_bytes(draw, pages=pages)
    assert read_document(data) is not None  # read by pdfium, not handed on
    _same_document(pdf_document("report.pdf", data), _plumbed(monkeypatch, data))


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.pdf")), ids=lambda p: p.name)
def test_corpus_pdf_reads_as_pdfplumber_reads_it(monkeypatch, path):
    data = path.read_bytes()
    assert read_document(data) is not None
    _same_document(pdf_document(str(path), data), _plumbed(monkeypatch, data))


def test_vertical_glyphs_have_pdfminers_boxes():
    import pdfplumber

    data = pdf_bytes(_vertical_label)
    (_, fast, _, _), = read_document(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        slow = pdf.pages[0].dedupe_chars(tolerance=1).chars
    assert [c["text"] for c in fast] == [c["text"] for c in slow]
    for mine, theirs in zip(fast, slow):
        for side in ("x0", "top", "bottom", "size"):
            assert mine[side] == pytest.approx(theirs[side], abs=0.01), (mine["text"], side)


def test_overprinted_glyphs_are_read_once():
    (_, chars, _, _), = read_document(pdf_bytes(_bold_by_overprint))
    assert "".join(c["text"] for c in chars).startswith("测试区2023年政府信息公开工作年度报告本年度")


def test_rotated_page_is_left_to_pdfplumber(monkeypatch):
    def rotated(page, number):
        page.c.setPageRotation(90)
        _one_line(page, number)

    data = pdf_bytes(rotated)
    assert read_document(data) is None
    used = []
    monkeypatch.setattr(pdf_pages, "_plumbed_pages", lambda path, raw, notes: used.append(path) or [])
    pdf_pages.read_pages("rotated.pdf", data)
    assert used == ["rotated.pdf"]


def test_what_pdfium_cannot_open_is_reported_as_before():
    from gov_audit.load import InputError

    data = b"%PDF-1.4\n1 0 obj <<>> garbage"
    assert read_document(data) is None
    with pytest.raises(InputError) as err:
        pdf_document("bad.pdf", data)
    assert err.value.message.startswith("damaged or invalid PDF")


def _merged_rulings(edges: list) -> list:
    from pdfplumber.table import merge_edges

    from gov_audit.load.pdf import grids

    def merged(items):
        return merge_edges(items, snap_x_tolerance=grids.SNAP, snap_y_tolerance=grids.SNAP,
                           join_x_tolerance=grids.SNAP, join_y_tolerance=grids.SNAP)

    edges = merged(edges)
    return merged(edges + grids._closing_edges(edges))


def test_cells_found_as_pdfplumber_finds_them():
    """grids._cells: pdfplumber's intersections_to_cells without its quadratic set building."""
    from pdfplumber.table import edges_to_intersections, intersections_to_cells

    from gov_audit.load.pdf import grids

    sources = [p.read_bytes() for p in sorted(FIXTURES.glob("*.pdf"))]
    sources += [pdf_bytes(_report, pages=2), pdf_bytes(_table_four), pdf_bytes(_vertical_label)]
    tables = 0
    for data in sources:
        for _, _, edges, _ in read_document(data):
            if not grids.has_both_orientations(edges):
                continue
            edges = _merged_rulings(edges)
            expected = intersections_to_cells(edges_to_intersections(edges, grids.SNAP, grids.SNAP))
            assert grids._cells(grids._intersections(edges)) == expected
            tables += bool(expected)
    assert tables >= 8


@pytest.mark.parametrize("content, limit", [
    ("%" + "x" * 300_000 + "\n", "MAX_PAGE_STREAM_BYTES"),  # a page stream past its bound once decoded
    ("0 0 m 1 1 l\n" * 20_000, "MAX_PAGE_OPERATIONS"),  # a path of 40,000 segments never painted
    ("0 0 m 1 1 l S\n" * 2_000, "MAX_PAGE_OBJECTS"),  # 2,000 lines drawn
])
def test_a_pdf_that_may_pass_a_bound_is_left_to_pdfplumber(monkeypatch, content, limit):
    """pdfium reads a stream or a page whole: what may pass a bound goes to bounded.py."""
    from gov_audit.load import limits

    def page(p, number):
        _one_line(p, number)
        p.c.addLiteral(content)

    data = pdf_bytes(page)
    assert read_document(data) is not None  # within the shipped bounds
    monkeypatch.setattr(limits, limit, {"MAX_PAGE_STREAM_BYTES": 200_000, "MAX_PAGE_OPERATIONS": 50_000,
                                        "MAX_PAGE_OBJECTS": 1_000}[limit])
    assert read_document(data) is None


def test_an_encrypted_pdf_is_left_to_pdfplumber():
    from reportlab.lib import pdfencrypt

    rights = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0)
    assert read_document(pdf_bytes(_one_line, encrypt=rights)) is None  # its streams cannot be measured

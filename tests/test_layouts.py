"""How govaudit reads statistical tables in the layouts real reports come in.

tests/layouts/ generates reports with known cell values (generate.py), renders each
in one of many layout families (render.py) and runs the govaudit command line once
over them (run.py). The properties below are the targets for the table reader:

(a) no family has a wrong cell: a value govaudit reports for a table cell is the
    value the layout states (or nothing; never a figure for a cell left blank);
(b) a consistent rendering gives no warning or error;
(c) a rendering with one cell of a fully read row changed gives an error that cites
    that cell;
(d) the read rates per family are printed (`pytest -s` shows them).

Several of (a)–(c) fail today, on purpose: they measure the table work to come.
Do not lower them. `python tests/layouts/run.py -v --keep DIR` shows the failures
and keeps the files.

The second half tests the generator itself.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

LAYOUTS = Path(__file__).resolve().parent / "layouts"
sys.path.insert(0, str(LAYOUTS))

import generate as gen  # noqa: E402
import render as ren  # noqa: E402
import run as runner  # noqa: E402

FAMILIES = list(ren.FAMILIES)
PER_FAMILY = 20           # 14 families × 20 = 280 renderings, ~10 s
SEED = 2024


# --------------------------------------------------------------------------- govaudit's reading


@pytest.fixture(scope="module")
def result():
    res = runner.run(PER_FAMILY, SEED, FAMILIES)
    print("\n" + res.table() + f"\n{len(res.cases)} renderings in {res.seconds:.1f} s")
    return res


def _report(result, family: str, pick) -> str:
    cases = [c for c in result.families[family].cases if pick(c)]
    lines = []
    for c in runner.representatives(cases, 3):
        lines.append(f"{c.rendering.name} [{', '.join(c.rendering.quirks)}]")
        lines += runner.failures(c)
    return f"{len(cases)} renderings; e.g.\n" + "\n".join(lines) + \
        "\n(python tests/layouts/run.py --family " + family + " -v --keep DIR keeps them)"


def test_read_rates_are_reported(result):
    """(d) the per-family table: renderings, cells, read %, wrong, unread %, clean %, caught %."""
    assert set(result.families) == set(FAMILIES)
    for s in result.families.values():
        assert s.renderings == PER_FAMILY and s.cells > 0


@pytest.mark.parametrize("family", FAMILIES)
def test_no_cell_is_read_wrong(result, family):
    """(a) a misread cell must never happen: an unread cell is honest, a wrong one is not."""
    wrong = result.families[family].wrong
    assert wrong == 0, _report(result, family, lambda c: "wrong" in runner.categories(c))


@pytest.mark.parametrize("family", FAMILIES)
def test_consistent_renderings_give_no_warning_or_error(result, family):
    """(b) every generated report is consistent: any warning or error is a false alarm."""
    s = result.families[family]
    clean, renderings = s.clean, s.renderings
    assert clean == renderings, _report(result, family, lambda c: "not clean" in runner.categories(c))


@pytest.mark.parametrize("family", FAMILIES)
def test_a_corrupted_cell_gives_an_error_through_it(result, family):
    """(c) one cell of a fully read row changed: an error must cite that cell."""
    s = result.families[family]
    caught, corrupted = s.caught, s.corrupted
    assert caught == corrupted, _report(result, family, lambda c: "corruption missed" in runner.categories(c))


# --------------------------------------------------------------------------- the generator

FORMATS = ["2014", "2019", "2021"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_generated_reports_satisfy_every_relation(fmt):
    for seed in range(300):
        report = gen.generate(seed, fmt=fmt)
        assert gen.check_relations(fmt, report.values) == [], seed
        assert set(report.values) == set(gen.template_keys(fmt))
        assert all(isinstance(v, (int, Decimal)) for v in report.values.values())


def test_relations_are_those_of_formats_md():
    # table 三: 25 row sums in 2021 (23 in 2019), 7 result sums, 7 balances; table 四: 3 sums
    assert len(gen.sum_relations("2021")) == 25 + 7 + 3
    assert len(gen.sum_relations("2019")) == 23 + 7 + 3
    assert len(gen.balance_relations("2021")) == 7
    assert len(gen.sum_relations("2014")) == 7
    assert len(gen.template_keys("2021")) == 10 + 175 + 15
    assert len(gen.template_keys("2019")) == 22 + 161 + 15
    # a broken cell breaks a relation
    report = gen.generate(5, fmt="2021")
    values = dict(report.values)
    values["t3.granted.natural"] += 1
    assert gen.check_relations("2021", values)


def test_magnitudes_are_realistic():
    small = [gen.generate(s, fmt="2021", size="small") for s in range(100)]
    big = [gen.generate(s, fmt="2021", size="big") for s in range(100)]
    t3 = [k for k in gen.template_keys("2021") if k.startswith("t3.")]
    zeros = sum(r.values[k] == 0 for r in small for k in t3) / (100 * len(t3))
    assert zeros > 0.75                                   # small offices: most cells 0
    assert max(r.values["t3.new.sum"] for r in small) <= 80
    assert sum(r.values["t3.new.sum"] >= 100 for r in big) > 30   # big cities: hundreds
    assert all(not (2000 <= r.values[k] <= 2030) for r in small + big for k in r.values)


def test_every_template_key_is_known_to_govaudit():
    """The keys the generator uses are those rules/knowledge/templates.yaml gives cells."""
    text = (Path(__file__).resolve().parent.parent / "rules" / "knowledge" / "templates.yaml").read_text(encoding="utf-8")
    for fmt in FORMATS:
        for key in gen.template_keys(fmt):
            if fmt == "2014":
                assert f"key: {key}," in text, key
            elif key.startswith("t4."):
                assert key[3:] in text, key
            else:
                row, col = key.rsplit(".", 1)
                assert f"key: {row}," in text and col in text, key


def _renderings():
    for family in FAMILIES:
        for fmt in ren.formats_for(family):
            for seed in (1, 2, 3):
                report = gen.generate(seed * 7 + len(family), fmt=fmt, busy_t4=family == "t4_single_line")
                yield family, report, ren.render(family, report, seed * 101 + len(fmt))


RENDERINGS = list(_renderings())


@pytest.mark.parametrize("family", FAMILIES)
def test_each_rendering_states_every_template_cell(family):
    for fam, report, r in RENDERINGS:
        if fam != family:
            continue
        assert set(r.stated) == set(report.keys()), (r.name, set(report.keys()) ^ set(r.stated))
        for key, v in r.stated.items():
            assert v is None or v == report.values[key], (r.name, key, v, report.values[key])


DIGIT_NEIGHBOURS_ALLOWED = {"run_together"}


@pytest.mark.parametrize("family", [f for f in FAMILIES if f not in ren.BINARY])
def test_each_text_renderer_writes_each_value_it_claims(family):
    """Every stated value is written where the renderer says (its text at the recorded
    offsets), as a token of its own unless the layout runs the cells together; a cell
    left blank is not written as a number."""
    for fam, report, r in RENDERINGS:
        if fam != family:
            continue
        data = r.data
        for key, v in {**r.stated, **r.extras}.items():
            if v is None:
                assert key not in r.spans, (r.name, key)
                continue
            a, b = r.spans[key]
            assert data[a:b] == gen.format_value(v), (r.name, key, data[a:b], v)
            if fam not in DIGIT_NEIGHBOURS_ALLOWED:
                assert not (a and data[a - 1].isdigit()) and not (b < len(data) and data[b].isdigit()), (r.name, key)
        # offsets are distinct cells
        spans = sorted(r.spans.values())
        assert all(x[1] <= y[0] for x, y in zip(spans, spans[1:])), r.name


def test_html_tables_have_the_stated_values_in_their_grid():
    """The HTML grid, expanded from rowspan/colspan by lxml, has each value under its column."""
    lxml_html = pytest.importorskip("lxml.html")
    for fam, report, r in RENDERINGS:
        if not r.name.endswith(".html") or report.fmt == "2014":
            continue
        tree = lxml_html.fromstring(r.data.encode("utf-8"))
        t4 = tree.xpath("//table")[-1]
        last = t4.xpath(".//tr")[-1]
        cells = [c.text_content().replace("\xa0", "").strip() for c in last.xpath("./td|./th")]
        assert len(cells) == 15, r.name
        for cell, key in zip(cells, gen.T4_KEYS):
            v = r.stated[key]
            assert cell == ("" if v is None else gen.format_value(v)) or (v is None and not re.search(r"\d", cell))


def test_docx_tables_hold_the_stated_values():
    docx = pytest.importorskip("docx")
    import io
    for fam, report, r in RENDERINGS:
        if fam != "docx":
            continue
        d = docx.Document(io.BytesIO(r.data))
        texts = Counter()
        for t in d.tables:
            for tc in t._tbl.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"):
                texts["".join(t.text or "" for t in tc.xpath(".//w:t")).strip()] += 1
        want = Counter(gen.format_value(v) for v in r.stated.values() if v is not None)
        assert not (want - texts), (r.name, want - texts)
        # table 三's merged group label spans its rows once
        if report.fmt != "2014" and "t3_labels=flat" not in r.quirks:
            assert d.tables[1]._tbl.xpath(".//w:vMerge"), r.name


def test_pdf_text_has_the_stated_values():
    pdfplumber = pytest.importorskip("pdfplumber")
    import io
    for fam, report, r in RENDERINGS:
        if fam != "pdf":
            continue
        with pdfplumber.open(io.BytesIO(r.data)) as pdf:
            text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        tokens = Counter(re.findall(r"-?\d+(?:\.\d+)?", text))
        want = Counter(gen.format_value(v) for v in r.stated.values() if v is not None)
        assert not (want - tokens), (r.name, want - tokens)
        assert report.agency in text


@pytest.mark.parametrize("family", FAMILIES)
def test_a_corrupted_copy_differs_in_its_one_cell(family):
    fmt = ren.formats_for(family)[-1]
    report = gen.generate(11, fmt=fmt, busy_t4=family == "t4_single_line")
    clean = ren.render(family, report, 99)
    key = next(k for k, v in clean.stated.items() if v is not None and k in gen.exact_keys(fmt))
    new = clean.stated[key] + 3
    bad = ren.render(family, report, 99, corrupt=(key, new))
    assert bad.quirks == clean.quirks
    assert {k for k in clean.stated if clean.stated[k] != bad.stated[k]} == {key}
    assert bad.stated[key] == new
    if isinstance(clean.data, str):
        a, b = clean.spans[key]
        c, d = bad.spans[key]
        assert clean.data[:a] == bad.data[:c] or family == "spaces"   # spaces re-aligns its columns
        assert bad.data[c:d] == str(new)


@pytest.mark.parametrize("family", FAMILIES)
def test_renderings_are_reproducible_from_their_seeds(family):
    fmt = ren.formats_for(family)[0]
    a = ren.render(family, gen.generate(3, fmt=fmt, busy_t4=True), 17)
    b = ren.render(family, gen.generate(3, fmt=fmt, busy_t4=True), 17)
    if family in ("pdf", "docx"):   # both stamp the time they were written: compare what they say
        assert a.stated == b.stated and a.quirks == b.quirks and len(a.data) == len(b.data)
    else:
        assert a.data == b.data and a.stated == b.stated
    c = ren.render(family, gen.generate(4, fmt=fmt, busy_t4=True), 18)
    assert c.data != a.data


def test_the_plan_is_reproducible_and_covers_every_format():
    p1 = runner.plan(8, 5, FAMILIES)
    p2 = runner.plan(8, 5, FAMILIES)
    assert [(c.name, c.report_seed, c.render_seed) for c in p1] == [(c.name, c.report_seed, c.render_seed) for c in p2]
    fmts = Counter(c.fmt for c in p1 if c.family == "markdown_pipes")
    assert set(fmts) == {"2014", "2019", "2021"}


def test_prose_has_no_figures():
    """The text around the tables states no figure a table cell could be compared with."""
    for fam, report, r in RENDERINGS:
        if isinstance(r.data, bytes):
            continue
        for p in ren.PROSE + ren.PROSE_2014:
            assert not re.search(r"\d", p)
        assert report.title in r.data or report.title in r.data.replace("&nbsp;", "")


def test_scoring_counts_a_shifted_cell_as_wrong_and_a_missing_one_as_unread():
    """run.score_cells against hand-made govaudit facts."""
    report = gen.generate(1, fmt="2021")
    r = ren.render("markdown_pipes", report, 1)
    case = runner.Case("markdown_pipes", 0, 1, 1, "2021", report=report, rendering=r)
    facts = [{"source": "table", "key": k, "value": str(v), "low": v, "high": v,
              "low_open": False, "high_open": False, "blank": None, "inferred": False, "line": 1}
             for k, v in r.stated.items() if v is not None]
    facts = [f for f in facts if f["key"] != "t3.new.natural"]
    for f in facts:
        if f["key"] == "t3.new.sum":
            f["low"] = f["high"] = f["low"] + 1
    facts.append({"source": "table", "key": "t3.denied_header.natural", "value": "4", "low": 4, "high": 4,
                  "blank": None, "inferred": False, "line": 2})
    runner.score_cells(case, facts)
    status = {k: v[0] for k, v in case.cells.items()}
    assert status["t3.new.natural"] == "unread"
    assert status["t3.new.sum"] == "wrong"
    assert status["t3.denied_header.natural"] == "wrong"
    assert status["t3.carry_in.natural"] == "right"

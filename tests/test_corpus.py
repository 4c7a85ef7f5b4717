"""Golden tests over the eleven real reports of fixtures/corpus (issue 5).

The files and their labelled findings (fixtures/corpus/expectations.yaml) were
copied from the shared corpus, so these run in any clone. A reported finding
matches an expected one as ../shared/tools/score.py matches them: same kind,
every expected figure among the finding's values.
"""
from __future__ import annotations

import functools
import math
from pathlib import Path

import pytest
import yaml

from gov_audit.audit import load_rules
from gov_audit.pipeline import check_path
from gov_audit.report.json_report import coverage_json
from gov_audit.report.lines import coverage_line

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
# Kinds this readers (tables, flattened tables, prose against table) produce.
TABLE_KINDS = {"table_sum", "table_balance", "column_total", "channel_total", "prose_vs_table"}
# Expected findings not found yet, and why (kept visible: xfail, not deleted).
KNOWN_MISSES: dict = {}


@functools.lru_cache(maxsize=None)
def expectations() -> dict:
    return yaml.safe_load((CORPUS / "expectations.yaml").read_text(encoding="utf-8"))["reports"]


@functools.lru_cache(maxsize=None)
def result(name: str):
    return check_path(str(CORPUS / name), load_rules())


def kinds(expected: dict) -> list:
    kind = expected["kind"]
    return kind if isinstance(kind, list) else [kind]


def matches(expected: dict, finding) -> bool:
    if finding.kind not in kinds(expected):
        return False
    got = [float(v) for v in finding.values if v is not None]
    return all(any(math.isclose(float(e), g, rel_tol=1e-9, abs_tol=1e-6) for g in got)
               for e in expected.get("values") or [])


def _table_cases():
    cases = []
    for name, entry in expectations().items():
        for exp in (entry or {}).get("findings") or []:
            if not set(kinds(exp)) & TABLE_KINDS:
                continue
            key = (name, kinds(exp)[0], tuple(exp.get("values") or ()))
            marks = [pytest.mark.xfail(reason=KNOWN_MISSES[key], strict=True)] if key in KNOWN_MISSES else []
            cases.append(pytest.param(name, exp, id=f"{name}:{key[1]}:{key[2]}", marks=marks))
    return cases


@pytest.mark.parametrize("name, expected", _table_cases())
def test_expected_table_finding_is_reported(name, expected):
    found = [f for f in result(name).findings if matches(expected, f)]
    assert found, f"{name}: no {expected['kind']} finding with {expected.get('values')}"


@pytest.mark.parametrize("name", sorted(expectations()))
def test_no_error_the_expectations_do_not_list(name):
    expected = (expectations()[name] or {}).get("findings") or []
    unexpected = [f for f in result(name).findings
                  if f.severity == "error" and not any(matches(e, f) for e in expected)]
    assert not unexpected, [f"{f.rule} {f.values} {f.message[:80]}" for f in unexpected]


def test_score_reaches_ninety_percent():
    total = found = 0
    for name, entry in expectations().items():
        findings = list(result(name).findings)
        for exp in (entry or {}).get("findings") or []:
            total += 1
            hit = next((f for f in findings if matches(exp, f)), None)
            if hit is not None:
                found += 1
                findings.remove(hit)
    assert found / total >= 0.9, f"found {found}/{total}"


# What each report's table reading must show: its state, and the format.
COVERAGE = {
    "shuyang_2025.md": ("read", "2021"),
    "shuyang_fgj_2023.html": ("read", "2021"),
    "pingtan_2020.txt": ("partial", "2019"),  # table 二 rows run together beyond a unique split
    # 规范性文件8855698 splits several ways; only prose figures the lexicon keys to its
    # cells (制发…88件, 现行有效…698件) may choose one — never an equal number elsewhere.
    "pingtan_2022.txt": ("partial", "2021"),
    # 主动公开信息数 and 网站公开 ran together beyond a unique split: the text's 主动公开政府信息2026条
    # chooses the split (doubtful cells: a guess is not "read")
    "pingtan_xian_2012.txt": ("partial", "2014"),
    "pingtan_syq_2012.txt": ("read", "2014"),
    "pingtan_syq_2017.txt": ("partial", "2014"),
    "pingtan_dishui_2013.txt": ("none", "unknown"),
    "mhk_xinghua_2010.txt": ("none", "unknown"),
    "zoucheng_tangcun_2010.txt": ("none", "unknown"),
    "shangyu_xietang_2013.txt": ("none", "unknown"),
}


@pytest.mark.parametrize("name", sorted(COVERAGE))
def test_coverage_line_says_what_was_read(name):
    state, fmt = COVERAGE[name]
    res = result(name)
    cov = coverage_json(res)
    assert (cov["table"], cov["format"]) == (state, fmt)
    line = coverage_line(res)
    assert ("无统计表" in line) == (state == "none")
    if state != "none":
        assert f"{cov['table_cells_read']}/{cov['table_cells']} 格已读" in line


def test_flattened_2019_table_rows_that_cannot_be_split_are_named():
    cov = coverage_json(result("pingtan_2020.txt"))
    # 政府集中采购39573802895.90元 splits several ways and no figure of the text states its cells
    assert set(cov["rows_unread"]) == {"t2.normative", "t2.licensing", "t2.other_services", "t2.punishment",
                                       "t2.coercion", "t2.procurement"}
    facts = {f.key: f for f in result("pingtan_2020.txt").facts if f.source == "table"}
    assert facts["t3.total.sum"].value.point == 21 and facts["t3.total.natural"].value.point == 20
    assert facts["t3.new.sum"].value.point == 21  # "200 000121" = 20|0|0|0|0|1|21


@pytest.mark.parametrize("name, published", [
    ("pingtan_2020.txt", "2021-03-05"), ("pingtan_xian_2012.txt", "2013-01-17"),
    ("shangyu_xietang_2013.txt", "2015-07-27"), ("zoucheng_tangcun_2010.txt", "2011-03-14"),
    ("mhk_xinghua_2010.txt", "2011-01-01"), ("shuyang_fgj_2023.html", "2024-01-17"),
])
def test_page_metadata_gives_the_publication_date(name, published):
    assert result(name).document.metadata["published"] == published


def test_html_report_cites_lines_of_the_html_file():
    res = result("shuyang_fgj_2023.html")
    source = (CORPUS / "shuyang_fgj_2023.html").read_text(encoding="utf-8").split("\n")
    fact = next(f for f in res.facts if f.key == "t3.new.sum")
    _, line, column = res.document.position(fact.start)
    assert source[line - 1][column - 1:column + 1] == "26"

"""`govaudit extract`: facts as csv, jsonl and sqlite, read back (issue 7 item 7)."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit.cli import app
from gov_audit.load import document_from_text
from gov_audit.read.identity import identify
from gov_audit.report.extract import FACT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_000 = FIXTURES / "000_dad49f26a79064fd.txt"  # 2014 table, traditional characters
SEED_004 = FIXTURES / "004_29acd3a32e0cbf6b.txt"  # 思茅区 2017

REPORT = """滨海县教育局2023年政府信息公开工作年度报告
本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。
本年度共收到政府信息公开申请300余件，办结14件。
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 行政规范性文件 | 2 | 0 | 18 |
| 一、本年新收政府信息公开申请数量 | 12 | 2 | 0 | 0 | 0 | 0 | 14 |
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （七）总计 | 11 | 2 | 0 | 0 | 0 | 0 | 13 |
| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
"""


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args] + ["--isolated", "--jobs", "1"])


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "binhai.txt").write_text(REPORT, encoding="utf-8")
    (folder / "000.txt").write_bytes(SEED_000.read_bytes())
    return folder


def test_csv_round_trip(reports, tmp_path):
    target = tmp_path / "facts.csv"
    result = run("extract", reports, "--format", "csv", "--output", target)
    assert result.exit_code == 0, result.output
    with open(target, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(FACT_COLUMNS)
    binhai = [r for r in rows if r["file"].endswith("binhai.txt")]
    assert {(r["agency"], r["year"], r["format"]) for r in binhai} == {("滨海县教育局", "2023", "2021")}
    cell = next(r for r in binhai if r["key"] == "t3.new.sum" and r["source"] == "table")
    assert (cell["value"], cell["low"], cell["high"], cell["source"], cell["line"], cell["inferred"]) == \
        ("14", "14", "14", "table", "6", "0")
    assert "本年新收" in cell["quote"]
    approx = next(r for r in binhai if r["source"] == "prose" and r["value"].startswith("300余"))
    assert (approx["low"], approx["high"], approx["low_open"], approx["high_open"]) == ("300", "400", "1", "1")
    # traditional characters as written, the table label in the quote
    seed = [r for r in rows if r["file"].endswith("000.txt")]
    website = next(r for r in seed if r["key"] == "s.channel.website" and r["source"] == "table")
    assert website["value"] == "47564" and "政府網站" in website["quote"] and website["year"] == "2016"
    prose = next(r for r in seed if r["value"] == "18654條")
    assert prose["key"] == "s.channel.website" and prose["source"] == "prose" and prose["unit"] == "条"


def test_csv_to_stdout_and_jsonl(reports):
    result = run("extract", reports / "binhai.txt")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["file"].endswith("binhai.txt") for r in rows)
    lines = run("extract", reports / "binhai.txt", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == len(rows)
    records = [json.loads(line) for line in lines]
    assert list(records[0]) == list(FACT_COLUMNS)
    cell = next(r for r in records if r["key"] == "t3.total.sum" and r["source"] == "table")
    assert (cell["value"], cell["low"], cell["high"], cell["inferred"]) == ("13", 13, 13, False)


def test_sqlite_round_trip_with_findings(reports, tmp_path):
    target = tmp_path / "facts.sqlite"
    result = run("extract", reports, "--format", "sqlite", "--output", target)
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(target)
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"files", "facts", "findings", "finding_facts"}
    columns = [row[1] for row in con.execute("PRAGMA table_info(facts)")]
    assert columns == ["id", *FACT_COLUMNS]
    low, high, value = con.execute(
        "SELECT low, high, value FROM facts WHERE file LIKE '%binhai.txt' AND key = 't3.new.sum' AND source = 'table'").fetchone()
    assert (low, high, value) == (14, 14, "14")
    files = dict(con.execute("SELECT file, year FROM files"))
    assert sorted(files.values()) == [2016, 2023]
    # the channel_total finding of seed 000 and the two figures it cites
    rule, relation, difference, fid = con.execute(
        "SELECT rule, relation, difference, id FROM findings WHERE kind = 'channel_total'").fetchone()
    assert rule and "<=" in relation and difference == "37213"
    cited = {(k, v) for k, v in con.execute(
        "SELECT facts.key, facts.value FROM finding_facts JOIN facts ON facts.id = finding_facts.fact_id "
        "WHERE finding_facts.finding_id = ?", (fid,))}
    assert cited == {("s.channel.website", "47564"), ("s.active.total", "10351")}
    count_csv = len(list(csv.DictReader(io.StringIO(run("extract", reports).stdout))))
    assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == count_csv
    con.close()


def test_sqlite_needs_output_and_unreadable_files_exit_2(reports, tmp_path):
    result = run("extract", reports, "--format", "sqlite")
    assert result.exit_code == 2 and "--format sqlite needs --output" in result.stderr
    (reports / "broken.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 32)
    target = tmp_path / "facts.sqlite"
    result = run("extract", reports, "--format", "sqlite", "--output", target)
    assert result.exit_code == 2 and "broken.doc" in result.stderr
    con = sqlite3.connect(target)  # the other files are still there, the bad one with its error
    errors = dict(con.execute("SELECT file, error FROM files"))
    assert errors[str(reports / "broken.doc")] and errors[str(reports / "binhai.txt")] is None
    con.close()
    result = run("extract", reports, "--output", tmp_path / "no" / "facts.csv")
    assert result.exit_code == 2 and "cannot write --output" in result.stderr


@pytest.mark.parametrize("text, metadata, agency, year", [
    ("XX市XX局2023年政府信息公开工作年度报告\n正文", {}, "XX市XX局", 2023),
    ("2021年度某某县人民政府政府信息公开工作年度报告", {}, "某某县", 2021),
    ("根据《关于做好2019年政府信息公开工作年度报告的通知》要求，特编制思茅区2018年政府信息公开工作年度报告。",
     {}, "思茅区", 2018),
    ("根据《关于做好2019年政府信息公开工作年度报告》的通知\n本报告统计期限自2018年1月1日起", {}, None, 2018),
    ("一、2016年政府信息公开工作落实情况", {}, None, 2016),
    ("正文", {"title": "滨海县教育局2021年政府信息公开工作年度报告"}, "滨海县教育局", 2021),
    ("正文", {"publisher": "滨海县教育局", "published": "2022-01-20"}, "滨海县教育局", 2021),
    ("正文", {}, None, None),
])
def test_agency_and_year(text, metadata, agency, year):
    doc = document_from_text(text)
    doc.metadata = metadata
    found = identify(doc)
    assert (found.agency, found.year) == (agency, year)


def test_identity_of_seeds():
    from gov_audit.load import load_document

    found = identify(load_document(SEED_004))
    assert (found.agency, found.year) == ("思茅区", 2017)


def test_a_csv_file_has_a_bom_for_excel_and_stdout_has_none(reports, tmp_path):
    """Excel in a Chinese locale reads a CSV as UTF-8 only with a BOM (issue 17 item 9)."""
    target = tmp_path / "facts.csv"
    assert run("extract", reports, "-o", target).exit_code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbffile,") and data.count(b"\xef\xbb\xbf") == 1  # one BOM, at the start
    piped = run("extract", reports).stdout_bytes
    assert piped.startswith(b"file,") and piped == data[3:]


@pytest.mark.parametrize("encoding, decode", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030")])
def test_encoding_is_chosen_with_encoding(reports, tmp_path, encoding, decode):
    target = tmp_path / "facts.csv"
    assert run("extract", reports, "-o", target, "--encoding", encoding).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode(decode), newline="")))
    assert list(rows[0]) == list(FACT_COLUMNS)
    assert any(r["agency"] == "滨海县教育局" for r in rows)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")


def test_encoding_is_for_csv_only(reports):
    result = run("extract", reports, "-f", "jsonl", "--encoding", "gb18030")
    assert result.exit_code == 2 and "--encoding applies to csv" in result.stderr

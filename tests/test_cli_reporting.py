"""What a run reports and how it ends: --exit-zero, --statistics, --quiet, unreadable files
counted, coverage in every format (issue 17 items 4, 5, 7, 8, 13)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = sorted(FIXTURES.glob("*.txt"))
LEGACY_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
# A report in a known format whose table cells ran together beyond any split: "a table
# is there and could not be read", not "no table".
UNREADABLE_TABLE = ("某区2022年政府信息公开工作年度报告 二、主动公开政府信息情况 第二十条第（一）项 信息内容 "
                    "本年制发件数 本年废止件数 现行有效件数 规章12345行政规范性文件8855698\n")
PROSE_ONLY = "某镇2010年政府信息公开工作年度报告\n2010年，我镇通过门户网站公开各类信息46条。\n"


def run(*args, env=None):
    return CliRunner().invoke(app, [str(a) for a in args] + ["--isolated"], env=env)


@pytest.fixture
def folder(tmp_path):
    """The seeds, a report with no table, one whose table cannot be read, one unreadable file."""
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "prose_only.txt").write_text(PROSE_ONLY, encoding="utf-8")
    (tmp_path / "run_together.txt").write_text(UNREADABLE_TABLE, encoding="utf-8")
    (tmp_path / "zz_old.doc").write_bytes(LEGACY_WORD)
    return tmp_path


# ---------------------------------------------------------------- exit codes

def test_exit_zero_reports_findings_without_failing():
    plain = run("check", SEEDS[0], "-f", "text")
    zero = run("check", SEEDS[0], "-f", "text", "--exit-zero")
    assert plain.exit_code == 1 and zero.exit_code == 0
    assert zero.stdout == plain.stdout and " error " in zero.stdout


def test_exit_zero_still_exits_2_for_what_govaudit_could_not_do(folder):
    assert run("check", folder, "--exit-zero", "-j", "1").exit_code == 2  # the .doc
    assert run("check", folder / "missing.txt", "--exit-zero").exit_code == 2
    assert run("check", SEEDS[0], "--exit-zero", "--select", "NO-SUCH-RULE").exit_code == 2


# ---------------------------------------------------------------- --statistics

def test_statistics_counts_each_rule_instead_of_the_findings(folder):
    doc = json.loads(run("check", folder, "-f", "json", "-j", "1").stdout)
    expected = {}
    for entry in doc["files"]:
        for finding in entry["findings"]:
            expected[finding["rule"]] = expected.get(finding["rule"], 0) + 1
    expected["INPUT-UNREADABLE"] = 1
    result = run("check", folder, "--statistics", "-j", "1", "-f", "text")
    assert result.exit_code == 2
    rows = [line.split() for line in result.stdout.splitlines()]
    assert {row[1]: int(row[0]) for row in rows} == expected
    assert [int(row[0]) for row in rows] == sorted((int(row[0]) for row in rows), reverse=True)
    assert not re.search(r":\d+:\d+: ", result.stdout)  # no finding lines
    as_json = json.loads(run("check", folder, "--statistics", "-j", "1", "-f", "json").stdout)
    assert {row["rule"]: row["count"] for row in as_json} == expected
    assert all(row["count"] == row["error"] + row["warning"] + row["info"] for row in as_json)


def test_statistics_is_for_text_rich_and_json():
    result = run("check", SEEDS[0], "--statistics", "-f", "sarif")
    assert result.exit_code == 2 and "--statistics" in result.stderr


# ---------------------------------------------------------------- --quiet

@pytest.mark.parametrize("fmt", ["text", "rich", "github"])
def test_quiet_prints_the_findings_and_nothing_else(folder, fmt):
    loud = run("check", folder, "-f", fmt, "-j", "1", "--no-color")
    quiet = run("check", folder, "-f", fmt, "-j", "1", "--no-color", "--quiet")
    assert loud.exit_code == quiet.exit_code == 2
    assert "COVERAGE" not in quiet.stdout and "格已读" not in quiet.stdout and "summary" not in quiet.output
    assert "files:" not in quiet.output
    for rule in ("PROSE-TABLE", "S-CHANNEL-TOTAL", "INPUT-UNREADABLE"):
        assert rule in quiet.stdout and rule in loud.stdout
    assert "legacy Word format" in quiet.stderr  # an unreadable file is still named


# ---------------------------------------------------------------- coverage, in every format

@pytest.mark.parametrize("fmt", ["text", "github", "rich", "json", "sarif", "html"])
def test_every_format_states_what_was_read(folder, fmt):
    """A clean result for a report with no table, or with a table that could not be read,
    is never only '0 errors': every format says which of the two it is."""
    out = run("check", folder / "prose_only.txt", folder / "run_together.txt", "-f", fmt, "-j", "1",
              "--no-color").stdout
    if fmt in ("json", "sarif"):
        doc = json.loads(out)
        coverage = ([f["coverage"] for f in doc["files"]] if fmt == "json"
                    else [a["properties"]["coverage"] for a in doc["runs"][0]["artifacts"]])
        assert [c["table"] for c in coverage] == ["none", "unreadable"]
        assert coverage[1]["format"] == "2021" and coverage[1]["table_cells_read"] == 0
    else:
        assert "无统计表" in out and "统计表未能读取" in out


def test_the_text_formats_coverage_lines_name_the_file_at_1_1(folder):
    lines = run("check", folder / "prose_only.txt", folder / "run_together.txt", "-f", "text").stdout.splitlines()
    assert lines[0] == f"{folder / 'prose_only.txt'}:1:1: note COVERAGE 格式未识别 · 无统计表（仅文字） · 文中数字 0/3 个对应指标"
    assert lines[1].startswith(f"{folder / 'run_together.txt'}:1:1: note COVERAGE 2021 格式 · 统计表未能读取（0/")


def test_no_table_and_unreadable_table_are_counted_apart(folder):
    result = run("check", folder, "-f", "json", "-j", "1")
    summary = json.loads(result.stdout)["summary"]
    assert summary["tables"]["none"] >= 2 and summary["tables"]["unreadable"] == 1
    assert summary["unreadable"] == 1
    text = run("check", folder, "-f", "text", "-j", "1").stderr
    assert f"table unreadable 1, no table {summary['tables']['none']}" in text


# ---------------------------------------------------------------- an unreadable file

@pytest.mark.parametrize("fmt", ["text", "github", "rich", "json", "sarif", "html"])
def test_an_unreadable_file_is_counted_with_a_rule_of_its_own(folder, fmt):
    result = run("check", folder / "zz_old.doc", "-f", fmt, "--no-color")
    assert result.exit_code == 2
    out = result.stdout
    if fmt == "json":
        doc = json.loads(out)
        assert doc["summary"]["unreadable"] == 1 and "legacy Word" in doc["files"][0]["error"]
    elif fmt == "sarif":
        [note] = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert note["descriptor"]["id"] == "INPUT-UNREADABLE"
    else:
        assert "INPUT-UNREADABLE" in out
    if fmt == "text":
        assert out.startswith(f"{folder / 'zz_old.doc'}:1:1: error INPUT-UNREADABLE legacy Word format")
        assert result.stderr.splitlines()[0] == "1 file: 0 errors, 0 warnings, 0 infos, 1 unreadable"
    if fmt == "github":
        assert out.startswith(f"::error file={folder / 'zz_old.doc'},line=1,col=1,title=INPUT-UNREADABLE::")


# ---------------------------------------------------------------- rich: long findings stay readable

def test_rich_wraps_under_the_message_and_cites_zeros_together(tmp_path):
    (tmp_path / "r.txt").write_text((FIXTURES / "corpus" / "pingtan_2020.txt").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    out = run("check", tmp_path / "r.txt", "-f", "rich", "--no-color", "--select", "T3-RESULTS-SUM",
              env={"COLUMNS": "80"}).stdout
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if "T3-RESULTS-SUM" in line)
    column = lines[start].index("T3-RESULTS-SUM")
    block = lines[start + 1:next(i for i in range(start + 1, len(lines)) if "T3-RESULTS-SUM" in lines[i])]
    assert all(len(line) - len(line.lstrip()) >= column for line in block)  # under the message
    assert all(_cells(line) <= 80 for line in lines[start:])
    zeros = [line for line in block if line.lstrip().startswith("· ") and "项为 0" in line]
    assert len(zeros) == 1 and "13 项为 0" in zeros[0]
    assert "（另 13 项为 0）" in "".join(line.strip() for line in block)  # the formula counts them too
    assert not [line for line in block if line.lstrip().startswith("·") and line.rstrip().endswith("｜0”")]


def _cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


# ---------------------------------------------------------------- JSON: a relation's numbers

def test_a_percentage_finding_gives_its_sides_and_difference_as_numbers():
    doc = json.loads(run("check", SEEDS[3], "-f", "json", "--select", "percentage").stdout)
    shares = [f for f in doc["files"][0]["findings"] if f["rule"] == "PROSE-SHARE"]
    assert shares
    for finding in shares:
        left, right = finding["left"], finding["right"]
        assert isinstance(left, (int, float)) and isinstance(right, (int, float))
        assert finding["right_text"] == f"{right:g}%"  # the stated percentage, as written
        assert finding["right_low"] < right < finding["right_high"]  # a rounded figure is a range
        assert finding["difference"] == round(abs(left - right), 2) and finding["difference"] > 0
        assert finding["left_text"].endswith("%")

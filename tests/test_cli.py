"""The command line: exit codes, the JSON contract, text and rich output, positions in the original file."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_000 = FIXTURES / "000_dad49f26a79064fd.txt"
SEEDS = sorted(FIXTURES.glob("[0-9][0-9][0-9]_*.txt"))  # the five seed reports
KINDS = {"table_sum", "table_balance", "column_total", "channel_total", "prose_vs_table", "prose_sum",
         "percentage", "delta", "implausible", "date", "numbering", "missing_value", "bracket"}

CLEAN = """三、收到和处理政府信息公开申请情况
本年度共收到政府信息公开申请14件，办结13件，1件结转下年度继续办理。
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 行政规范性文件 | 2 | 0 | 18 |
| 一、本年新收政府信息公开申请数量 | 12 | 2 | 0 | 0 | 0 | 0 | 14 |
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （七）总计 | 11 | 2 | 0 | 0 | 0 | 0 | 13 |
| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
"""
ERROR = CLEAN.replace("办结13件", "办结15件")  # a prose_vs_table error
WARNING = """| 统计指标 | 单位 | 统计数 |
| （二）申请办结数 | 件 | 6 |
| （三）申请答复数 | 件 | 5 |
"""  # S-REPLIED-CLOSED, a warning
INFO = """| 统计指标 | 单位 | 统计数 |
| （二）申请办结数 | 件 | 6 |
| （三）申请答复数 | 件 | 6 |
| 六、举报投诉数量 | 件 | / |
"""  # TABLE-MISSING, an info


def run(*args, env=None):
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def as_json(result) -> dict:
    return json.loads(result.stdout)


# ---------------------------------------------------------------- exit codes

def test_clean_report_exits_0(tmp_path):
    result = run("check", write(tmp_path, "clean.txt", CLEAN), "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("1 file")


def test_error_finding_exits_1(tmp_path):
    result = run("check", write(tmp_path, "bad.txt", ERROR), "--format", "json")
    assert result.exit_code == 1
    [finding] = as_json(result)["files"][0]["findings"]
    assert (finding["kind"], finding["severity"], finding["values"]) == ("prose_vs_table", "error", [15, 13])


@pytest.mark.parametrize("text, fail_on, code", [
    (WARNING, None, 0), (WARNING, "error", 0), (WARNING, "warning", 1), (WARNING, "info", 1),
    (INFO, None, 0), (INFO, "warning", 0), (INFO, "info", 1),
    (CLEAN, "info", 0),
])
def test_fail_on(tmp_path, text, fail_on, code):
    args = ["check", write(tmp_path, "r.txt", text), "--format", "text"]
    if fail_on:
        args += ["--fail-on", fail_on]
    result = run(*args)
    assert result.exit_code == code, result.output


def test_missing_file_exits_2(tmp_path):
    result = run("check", tmp_path / "absent.txt")
    assert result.exit_code == 2
    assert "absent.txt" in result.stderr and "not found" in result.stderr


def test_undecodable_file_exits_2(tmp_path):
    path = tmp_path / "garbled.txt"
    path.write_bytes("政府信息公开".encode("utf-8") + b"\xff\xfe\xff\x80\xff")
    result = run("check", path, "--format", "json")
    assert result.exit_code == 2
    assert "decode" in as_json(result)["files"][0]["error"]


def test_binary_file_exits_2(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    result = run("check", path, "--format", "json")
    assert result.exit_code == 2
    assert "binary" in as_json(result)["files"][0]["error"]


def test_invalid_rule_pack_exits_2(tmp_path):
    pack = write(tmp_path, "my.yaml", "rules:\n  - id: MINE-1\n    kind: tabel_sum\n    severity: error\n"
                                      "    title: x\n    assert: s.app.closed == 1\n")
    result = run("check", write(tmp_path, "clean.txt", CLEAN), "--rules", pack)
    assert result.exit_code == 2
    assert str(pack) in result.stderr and "MINE-1" in result.stderr and "tabel_sum" in result.stderr
    assert result.stdout == ""


def test_rule_pack_disabling_a_rule_changes_the_exit_code(tmp_path):
    pack = write(tmp_path, "quiet.yaml", "overrides:\n  PROSE-TABLE: disable\n")
    assert run("check", write(tmp_path, "bad.txt", ERROR), "--rules", pack, "--format", "text").exit_code == 0


def test_folder_without_reports_exits_2(tmp_path):
    write(tmp_path, "notes.csv", "a,b\n")
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert "no report files" in result.stderr


@pytest.mark.parametrize("args", [
    ["check", "--bogus", "x.txt"],
    ["check", "x.txt", "--format", "xml"],
    ["check", "x.txt", "--fail-on", "fatal"],
    ["check"],
    ["frobnicate"],
])
def test_bad_usage_exits_2(args):
    assert run(*args).exit_code == 2


def test_folder_with_one_bad_file_checks_the_others(tmp_path):
    write(tmp_path, "a_clean.txt", CLEAN)
    write(tmp_path, "sub/b_bad.txt", ERROR)
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02\x03")
    result = run("check", tmp_path, "--format", "json")
    assert result.exit_code == 2
    files = {Path(f["path"]).name: f for f in as_json(result)["files"]}
    assert set(files) == {"a_clean.txt", "b_bad.txt", "c_binary.txt"}
    assert isinstance(files["c_binary.txt"]["error"], str) and files["c_binary.txt"]["findings"] == []
    assert files["a_clean.txt"]["error"] is None and files["a_clean.txt"]["findings"] == []
    assert files["b_bad.txt"]["error"] is None and [f["rule"] for f in files["b_bad.txt"]["findings"]] == ["PROSE-TABLE"]
    assert "c_binary.txt" in result.stderr


# ---------------------------------------------------------------- JSON contract

def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def test_json_contract(tmp_path):
    assert len(SEEDS) == 5
    result = run("check", *SEEDS, tmp_path / "absent.txt", "--format", "json")
    doc = as_json(result)
    assert doc["version"] == 1
    assert set(doc) >= {"version", "files", "summary"}
    assert len(doc["files"]) == 6
    counts = {"error": 0, "warning": 0, "info": 0}
    for entry in doc["files"]:
        assert set(entry) >= {"path", "format", "findings", "error"}
        assert isinstance(entry["path"], str)
        assert entry["format"] in {"2014", "2019", "2021", "unknown"}
        assert entry["error"] is None or isinstance(entry["error"], str)
        assert isinstance(entry["findings"], list)
        for finding in entry["findings"]:
            assert set(finding) >= {"rule", "kind", "severity", "message", "values", "facts"}
            assert isinstance(finding["rule"], str) and finding["rule"]
            assert finding["kind"] in KINDS
            assert finding["severity"] in counts
            counts[finding["severity"]] += 1
            assert isinstance(finding["message"], str) and finding["message"]
            assert isinstance(finding["values"], list) and all(_is_number(v) for v in finding["values"])
            assert isinstance(finding["facts"], list) and finding["facts"]
            for fact in finding["facts"]:
                assert set(fact) >= {"key", "value", "source", "line", "column", "quote"}
                assert fact["key"] is None or isinstance(fact["key"], str)
                # A blank table cell (the fact of a missing_value finding) has no figure.
                assert _is_number(fact["value"]) or (fact["value"] is None and fact.get("blank"))
                assert fact["source"] in {"table", "prose"}
                assert isinstance(fact["line"], int) and fact["line"] >= 1
                assert isinstance(fact["column"], int) and fact["column"] >= 1
                assert isinstance(fact["quote"], str)
    assert doc["summary"] == {**doc["summary"], "files": 6, "errors": counts["error"],
                              "warnings": counts["warning"], "infos": counts["info"]}
    assert all(isinstance(doc["summary"][k], int) for k in ("files", "errors", "warnings", "infos"))


def test_json_values_are_the_figures_as_stated():
    doc = as_json(run("check", SEED_000, "--format", "json"))
    findings = doc["files"][0]["findings"]
    channel = next(f for f in findings if f["kind"] == "channel_total")
    assert channel["values"] == [47564, 10351] and all(isinstance(v, int) for v in channel["values"])
    assert {f["source"] for f in channel["facts"]} == {"table"}
    prose = next(f for f in findings if f["kind"] == "prose_vs_table" and 18654 in f["values"])
    assert [f["source"] for f in prose["facts"]][:2] == ["prose", "table"]


# ---------------------------------------------------------------- text and rich

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info) (?P<rule>\S+) (?P<message>\S.*)$")
COVERAGE_LINE = re.compile(r"^(?P<path>.+?):1:1: note COVERAGE (?P<message>\S.*)$")


def test_text_format_one_line_per_finding():
    """One compiler-style line per finding, in the JSON's order, after each file's
    coverage line; the summary goes to stderr, so stdout is only `path:line:col:` lines."""
    text = run("check", *SEEDS, "--format", "text", "--fail-on", "info")
    doc = as_json(run("check", *SEEDS, "--format", "json"))
    assert text.exit_code == 1
    lines = text.stdout.rstrip("\n").split("\n")
    coverage = [line for line in lines if COVERAGE_LINE.match(line)]
    assert [COVERAGE_LINE.match(line)["path"] for line in coverage] == [e["path"] for e in doc["files"]]
    finding_lines = [line for line in lines if line not in coverage]
    findings = [(e["path"], f) for e in doc["files"] for f in e["findings"]]
    assert len(finding_lines) == len(findings)
    for line, (path, finding) in zip(finding_lines, findings):
        m = LINE.match(line)
        assert m, line
        assert (m["path"], m["severity"], m["rule"]) == (path, finding["severity"], finding["rule"])
        positions = {(f["line"], f["column"]) for f in finding["facts"]}
        assert (int(m["line"]), int(m["col"])) in positions
        assert "\x1b" not in m["message"]
    s = doc["summary"]
    tail = text.stderr.rstrip("\n").split("\n")
    assert f"{s['errors']} errors, {s['warnings']} warnings, {s['infos']} infos" in tail[-1]


def test_text_format_states_each_files_coverage():
    """Each file's coverage is a `note COVERAGE` line at 1:1: what a clean result rests on."""
    doc = as_json(run("check", *SEEDS, "--format", "json"))
    text = run("check", *SEEDS, "--format", "text").stdout
    for entry in doc["files"]:
        cov = entry["coverage"]
        line = next(l for l in text.splitlines() if l.startswith(f"{entry['path']}:1:1: note COVERAGE "))
        if cov["table"] == "none":
            assert "无统计表" in line
        else:
            assert f"{cov['table_cells_read']}/{cov['table_cells']} 格已读" in line
        assert f"文中数字 {cov['prose_figures_mapped']}/{cov['prose_figures']} 个对应指标" in line


MARKUP = """| 统计指标 | 单位 | 统计数 |
| （二）申请办结数 | 件 | 3 |
| 1.按时办结数[red]x[/red][/] | 件 | 1 |
| 2.延期办结数 | 件 | 1 |
"""


def test_rich_output_is_plain_with_no_color_and_prints_markup_literally(tmp_path):
    path = write(tmp_path, "markup.txt", MARKUP)
    result = run("check", path, "--format", "rich", env={"NO_COLOR": "1"})
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "[red]x[/red][/]" in result.stdout
    assert "S-CLOSED-SUM" in result.stdout and "1 error" in result.stdout


def _run_on_a_terminal(args: list, env: dict) -> str:
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "gov_audit", *args], stdin=slave, stdout=slave, stderr=slave,
                            env={**os.environ, "COLUMNS": "200", **env}, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("how", ["NO_COLOR", "--no-color"])
def test_no_color_on_a_terminal_has_no_escape_codes(tmp_path, how):
    path = write(tmp_path, "markup.txt", MARKUP)
    env = {"NO_COLOR": "1"} if how == "NO_COLOR" else {}
    args = ["check", str(path)] + (["--no-color"] if how == "--no-color" else [])
    out = _run_on_a_terminal(args, {k: v for k, v in env.items()})
    assert "S-CLOSED-SUM" in out and "[red]x[/red][/]" in out
    assert "\x1b" not in out


# ---------------------------------------------------------------- positions in the original file

def _assert_facts_point_at_their_quotes(doc: dict, original_lines: dict):
    for entry in doc["files"]:
        lines = original_lines[entry["path"]]
        for finding in entry["findings"]:
            for fact in finding["facts"]:
                line = lines[fact["line"] - 1]
                assert line[fact["column"] - 1:].startswith(fact["quote"]), (entry["path"], fact)


def test_positions_point_at_the_original_text():
    doc = as_json(run("check", *SEEDS, "--format", "json"))
    originals = {e["path"]: Path(e["path"]).read_text(encoding="utf-8").split("\n") for e in doc["files"]}
    _assert_facts_point_at_their_quotes(doc, originals)


def test_traditional_seed_is_quoted_in_traditional_characters():
    doc = as_json(run("check", SEED_000, "--format", "json"))
    facts = [fact for f in doc["files"][0]["findings"] for fact in f["facts"]]
    quotes = {fact["quote"] for fact in facts}
    assert {"18654條", "1580條", "7件", "不少于4次"} <= quotes  # 條 as written, not 条
    website = next(f for f in facts if f["key"] == "s.channel.website" and f["source"] == "table")
    assert (website["line"], website["column"], website["quote"]) == (60, 1, "47564")
    lines = SEED_000.read_text(encoding="utf-8").split("\n")
    assert "政府網站公開政府信息數" in lines[website["line"] - 3]  # the row label two lines above, traditional


def test_positions_in_a_utf16_file_with_crlf(tmp_path):
    text = SEED_000.read_text(encoding="utf-8")
    path = tmp_path / "000_utf16.txt"
    path.write_bytes(b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))
    doc = as_json(run("check", path, "--format", "json"))
    assert doc["files"][0]["error"] is None and doc["files"][0]["findings"]
    _assert_facts_point_at_their_quotes(doc, {str(path): text.split("\n")})
    utf8 = as_json(run("check", SEED_000, "--format", "json"))
    assert [f["facts"] for f in doc["files"][0]["findings"]] == [f["facts"] for f in utf8["files"][0]["findings"]]


# ---------------------------------------------------------------- entry points

def test_python_dash_m_help():
    proc = subprocess.run([sys.executable, "-m", "gov_audit", "--help"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "check" in proc.stdout


def test_check_help():
    result = run("check", "--help")
    assert result.exit_code == 0
    assert "--fail-on" in result.stdout and "--rules" in result.stdout and "--format" in result.stdout

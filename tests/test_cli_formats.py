"""Output formats through the CLI: text, rich, json, sarif (schema-valid), github, --output atomically,
and findings of a relation that explain themselves (issue 7 items 1 and 9)."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit.cli import app

TESTS = Path(__file__).resolve().parent
SCHEMA = TESTS / "sarif-schema-2.1.0.json"

# A 2021-format report whose official balance is broken in two columns
# (T3-BALANCE: 本年新收 12 + 上年结转 0 = 12 ≠ 总计 11 + 结转下年度 2 = 13).
BALANCE = """某某县交通运输局2022年政府信息公开工作年度报告
本报告统计期限自2022年1月1日起至2022年12月31日止。
三、收到和处理政府信息公开申请情况
本年度共收到政府信息公开申请14件，办结13件。
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 行政规范性文件 | 2 | 0 | 18 |
| 一、本年新收政府信息公开申请数量 | 12 | 2 | 0 | 0 | 0 | 0 | 14 |
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （七）总计 | 11 | 2 | 0 | 0 | 0 | 0 | 13 |
| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
"""
# A prose figure against the table (prose_vs_table, error): 办结15件 vs 总计 13.
PROSE = BALANCE.replace("办结13件", "办结15件").replace("| 2 | 0 | 0 | 0 | 0 | 0 | 2 |", "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |")


def run(*args, env=None):
    return CliRunner().invoke(app, [str(a) for a in args] + ["--isolated"], env=env)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def reports(tmp_path):
    return write(tmp_path, "balance.txt", BALANCE), write(tmp_path, "prose.txt", PROSE)


# ---------------------------------------------------------------- text, rich, json

def test_text_is_one_line_per_finding_compiler_style(reports):
    result = run("check", *reports, "--format", "text")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    finding_lines = [l for l in lines if re.match(r"^.+:\d+:\d+: (error|warning|info) \S+ ", l)]
    assert any(" T3-BALANCE " in l for l in finding_lines)
    assert any(" PROSE-TABLE " in l for l in finding_lines)
    assert all(re.match(r"^.+:\d+:\d+: (error|warning|info|note) \S+ ", l) for l in lines)
    assert result.stderr.splitlines()[-1].startswith("2 files:")


def test_output_format_alias(reports):
    a = run("check", reports[0], "--output-format", "json")
    b = run("check", reports[0], "--format", "json")
    assert a.stdout == b.stdout and json.loads(a.stdout)["version"] == 1


def test_json_contract_fields_and_relation_fields(reports):
    doc = json.loads(run("check", reports[0], "--format", "json").stdout)
    assert set(doc) >= {"version", "files", "summary"}
    [entry] = doc["files"]
    assert set(entry) >= {"path", "format", "findings", "error"}
    balance = [f for f in entry["findings"] if f["rule"] == "T3-BALANCE"]
    assert balance
    for finding in balance:
        assert set(finding) >= {"rule", "kind", "severity", "message", "values", "facts",
                                "relation", "left", "right", "difference"}
        assert "==" in finding["relation"]
        # the sides and the difference are numbers, their words beside them
        assert (finding["difference"], finding["difference_text"]) == (1, "1")
        assert abs(finding["left"] - finding["right"]) == 1
        assert finding["left_text"].endswith(f"= {finding['left']}")
        assert finding["right_text"].endswith(f"= {finding['right']}")
        # every figure of the relation is cited with its position, not only the total
        assert len(finding["facts"]) == 4
        assert all(f["line"] >= 1 and f["column"] >= 1 for f in finding["facts"])


def test_relation_shows_as_a_formula_in_text_and_rich(reports):
    text = run("check", reports[0], "--format", "text").stdout
    line = next(l for l in text.splitlines() if " T3-BALANCE " in l and "12" in l)
    assert re.search(r"12 \+ .*0 = 12 ≠ .*11 \+ .*2 = 13", line), line
    assert "差 1" in line
    # every figure with its position: 7:22 12; 8:22 0; 9:11 11; 10:17 2
    assert re.search(r"\[figures 7:\d+ 12; 8:\d+ 0; 9:\d+ 11; 10:\d+ 2\]", line), line
    rich = run("check", reports[0], "--format", "rich", "--no-color").stdout
    assert "≠" in rich and "差 1" in rich
    assert re.search(r"·\s+10:\d+ 表格", rich)


def test_rich_prints_a_summary_table_for_several_files(reports):
    out = run("check", *reports, "--format", "rich", "--no-color").stdout
    assert "Summary" in out and "files with errors" in out and "table_balance" in out


# ---------------------------------------------------------------- SARIF

def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert "sarif" in schema["title"].lower() and "2.1.0" in schema["title"]
    return jsonschema.Draft4Validator(schema)


def test_sarif_validates_against_the_official_schema(reports, tmp_path):
    missing = tmp_path / "absent.txt"
    result = run("check", *reports, missing, "--format", "sarif")
    assert result.exit_code == 2  # the missing file
    doc = json.loads(result.stdout)
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    run_ = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    driver = run_["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert "T3-BALANCE" in ids and "PROSE-TABLE" in ids
    rule = driver["rules"][ids.index("T3-BALANCE")]
    assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] == "error"
    balance = [r for r in run_["results"] if r["ruleId"] == "T3-BALANCE"]
    assert balance and all(r["level"] == "error" for r in balance)
    first = balance[0]
    assert driver["rules"][first["ruleIndex"]]["id"] == "T3-BALANCE"
    # one location per fact
    assert len(first["locations"]) == 4
    regions = [loc["physicalLocation"]["region"] for loc in first["locations"]]
    assert [r["startLine"] for r in regions] == [7, 8, 9, 10]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("balance.txt")
    assert (first["properties"]["difference"], first["properties"]["difference_text"]) == (1, "1")
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert any("absent.txt" in n["message"]["text"] for n in notes)


def test_sarif_relative_paths_are_relative_uris(tmp_path, monkeypatch):
    write(tmp_path, "报告/balance.txt", BALANCE)
    monkeypatch.chdir(tmp_path)
    doc = json.loads(run("check", "报告", "--format", "sarif").stdout)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E6%8A%A5%E5%91%8A/balance.txt"
    assert not list(_validator().iter_errors(doc))


# ---------------------------------------------------------------- github

def test_github_workflow_commands(reports):
    out = run("check", *reports, "--format", "github").stdout
    lines = [l for l in out.splitlines() if " note COVERAGE " not in l]  # coverage: plain log lines
    assert lines and all(l.startswith(("::error ", "::warning ", "::notice ")) for l in lines)
    line = next(l for l in lines if "T3-BALANCE" in l)
    assert re.match(r"::error file=.*balance\.txt,line=7,col=\d+,title=T3-BALANCE \[table_balance\]::", line)
    assert "\n" not in line and "差 1" in line


def test_github_escapes_commas_colons_and_newlines(tmp_path):
    path = write(tmp_path, "a,b:c.txt", BALANCE)
    out = run("check", path, "--format", "github").stdout
    assert "file=" + str(path).replace(":", "%3A").replace(",", "%2C") + "," in out


# ---------------------------------------------------------------- --output

@pytest.mark.parametrize("fmt, suffix", [("json", ".json"), ("sarif", ".sarif"), ("text", ".txt"),
                                         ("rich", ".log"), ("github", ".gh"), ("html", ".html")])
def test_output_writes_the_file_and_nothing_to_stdout(reports, tmp_path, fmt, suffix):
    target = tmp_path / f"out{suffix}"
    result = run("check", *reports, "--format", fmt, "--output", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    body = target.read_text(encoding="utf-8")
    assert "T3-BALANCE" in body
    assert "\x1b[" not in body
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_output_format_follows_the_suffix_when_not_given(reports, tmp_path):
    run("check", reports[0], "-o", tmp_path / "r.sarif")
    assert json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    run("check", reports[0], "-o", tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["version"] == 1


def test_output_replaces_an_existing_file_keeping_its_mode(reports, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    run("check", reports[0], "--format", "json", "--output", target)
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("where", ["missing-folder/out.json", "a-file/out.json", "."])
def test_unwritable_output_is_a_clear_error_exit_2(reports, tmp_path, where):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    target = tmp_path / where
    result = run("check", reports[0], "--format", "json", "--output", target)
    assert result.exit_code == 2
    assert "cannot write --output" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "missing-folder").exists()


def test_a_failed_run_leaves_an_existing_output_untouched(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous report", encoding="utf-8")
    result = run("check", tmp_path / "absent-folder", "--select", "NO-SUCH-RULE", "-o", target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_disk_that_fills_up_mid_report_is_exit_2_and_leaves_no_file(reports, tmp_path, monkeypatch):
    """The report is written file by file: a write that fails half-way ends the run
    with a clear error, the temp file removed and an existing report untouched."""
    import errno

    from gov_audit.cli import output

    class Full:
        def __init__(self, *args, **kwargs):
            self.written = 0

        def write(self, text):
            self.written += 1
            if self.written > 1:
                raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            pass

    monkeypatch.setattr(output, "open", Full, raising=False)
    target = tmp_path / "out.json"
    target.write_text("previous report", encoding="utf-8")
    result = run("check", *reports, "--format", "json", "--output", target)
    assert result.exit_code == 2
    assert "cannot write --output" in result.stderr and "No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "previous report"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]

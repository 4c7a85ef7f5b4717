"""--write-baseline / --baseline: only new findings are reported (issue 7 item 4)."""
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
SEED_000 = "000_dad49f26a79064fd.txt"  # no agency in its title: matched by path
SEED_004 = "004_29acd3a32e0cbf6b.txt"  # 思茅区 2017: matched by path or by document


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args] + ["--isolated", "--jobs", "1"])


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in (SEED_000, SEED_004):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def findings(result) -> list:
    return [f for entry in json.loads(result.stdout)["files"] for f in entry["findings"]]


def test_write_then_check_against_the_baseline(corpus, tmp_path):
    before = run("check", corpus, "--format", "json")
    total = len(findings(before))
    assert total > 0
    base = tmp_path / "baseline.json"
    written = run("check", corpus, "--write-baseline", base)
    assert written.exit_code == 0, written.output
    assert f"wrote {total} findings" in written.stderr
    assert written.stdout == ""
    doc = json.loads(base.read_text(encoding="utf-8"))
    assert len(doc["findings"]) == total
    assert all(set(e) >= {"path", "rule", "values", "fingerprint"} for e in doc["findings"])
    assert all(e["path"].startswith("reports/") for e in doc["findings"])  # relative to the baseline file

    after = run("check", corpus, "--baseline", base, "--format", "json")
    assert after.exit_code == 0
    assert findings(after) == []
    assert json.loads(after.stdout)["baselined"] == total
    assert f"{total} baselined findings not shown" in after.stderr


def test_an_unrelated_edit_keeps_the_entries_a_changed_figure_does_not(corpus, tmp_path):
    base = tmp_path / "baseline.json"
    run("check", corpus, "--write-baseline", base)
    report = corpus / SEED_000
    text = report.read_text(encoding="utf-8")
    # unrelated: a paragraph added at the top moves every line
    report.write_text("补充说明：本报告已于2017年3月更新。\n\n" + text, encoding="utf-8")
    result = run("check", corpus, "--baseline", base, "--format", "json")
    assert findings(result) == [] and result.exit_code == 0
    # a changed figure: 18654條 → 18655條 is a new finding (the old one is gone)
    report.write_text(text.replace("18654條", "18655條"), encoding="utf-8")
    result = run("check", corpus, "--baseline", base, "--format", "json")
    new = findings(result)
    assert [f["kind"] for f in new] == ["prose_vs_table"]
    assert 18655 in new[0]["values"]
    assert result.exit_code == 1


def test_a_moved_report_is_recognised_by_its_agency_and_year(corpus, tmp_path):
    base = tmp_path / "baseline.json"
    run("check", corpus, "--write-baseline", base)
    (corpus / "2017").mkdir()
    (corpus / SEED_004).rename(corpus / "2017" / "思茅区.txt")
    result = run("check", corpus, "--baseline", base, "--format", "json")
    assert findings(result) == []


def test_identical_findings_need_identical_entries(corpus, tmp_path):
    base = tmp_path / "baseline.json"
    run("check", corpus, "--write-baseline", base)
    shutil.copy(corpus / SEED_000, corpus / "copy_of_000.txt")
    result = run("check", corpus, "--baseline", base, "--format", "json")
    new = json.loads(result.stdout)
    paths = {Path(f["path"]).name for f in new["files"] if f["findings"]}
    assert paths == {"copy_of_000.txt"}


def test_baseline_from_config_and_text_message(corpus, tmp_path, monkeypatch):
    base = tmp_path / "baseline.json"
    run("check", corpus, "--write-baseline", base)
    (tmp_path / "govaudit.toml").write_text('baseline = "baseline.json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "reports", "--format", "text"])
    assert result.exit_code == 0
    assert re.search(r"\d+ baselined findings not shown", result.stderr)


@pytest.mark.parametrize("content, message", [
    (None, "no such baseline file"),
    ("not json", "not a govaudit baseline"),
    ('{"findings": []}', "not a govaudit baseline"),
    ('{"govaudit_baseline": 1, "findings": [{"rule": "X"}]}', "without a fingerprint"),
])
def test_bad_baseline_exit_2(corpus, tmp_path, content, message):
    base = tmp_path / "baseline.json"
    if content is not None:
        base.write_text(content, encoding="utf-8")
    result = run("check", corpus, "--baseline", base)
    assert result.exit_code == 2
    assert message in result.stderr


def test_unwritable_baseline_exit_2(corpus, tmp_path):
    result = run("check", corpus, "--write-baseline", tmp_path / "no" / "such" / "b.json")
    assert result.exit_code == 2 and "cannot write" in result.stderr


def test_sarif_fingerprints_are_the_baseline_fingerprints(corpus, tmp_path):
    base = tmp_path / "baseline.json"
    run("check", corpus, "--write-baseline", base)
    entries = {e["fingerprint"] for e in json.loads(base.read_text(encoding="utf-8"))["findings"]}
    sarif = json.loads(run("check", corpus, "--format", "sarif").stdout)
    prints = {r["partialFingerprints"]["govaudit/v1"] for r in sarif["runs"][0]["results"]}
    assert prints == entries

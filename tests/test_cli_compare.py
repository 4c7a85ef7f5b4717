"""Findings across the reports of a folder through the CLI (issue 15 items 5–7): every format cites
both reports, baselines and --select treat them like the others, --jobs changes nothing, and the
HTML report charts an agency's years with the broken links marked."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from gov_audit.cli import app

from test_compare import SERIES, t3_row

TESTS = Path(__file__).resolve().parent
SCHEMA = TESTS / "sarif-schema-2.1.0.json"
CARRIED = t3_row("二、上年结转政府信息公开申请数量", 1, 1)


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args] + ["--isolated"])


@pytest.fixture()
def folder(tmp_path) -> Path:
    """An agency's four years; 2022 takes over one application more than 2021 carried."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for name, text in SERIES.items():
        if name == "2022.txt":
            text = text.replace(CARRIED, t3_row("二、上年结转政府信息公开申请数量", 2, 1))
            text = text.replace(t3_row("（七）总计", 13, 3), t3_row("（七）总计", 14, 3))
        (reports / name).write_text(text, encoding="utf-8")
    return reports


def test_text_cites_the_other_report(folder):
    result = run("check", folder, "-f", "text", "--jobs", "1")
    lines = [line for line in result.output.splitlines() if " X-CARRY-OVER " in line]
    assert result.exit_code == 1 and len(lines) == 2  # 自然人 and 总计
    for line in lines:
        assert line.startswith(f"{folder / '2022.txt'}:")
        assert f"[see 2021年报告 {folder / '2021.txt'} 10:" in line and "结转下年度继续办理｜" in line


def test_json_lists_the_findings_across_reports_with_both_sides(folder):
    result = run("check", folder, "-f", "json", "--jobs", "1")
    doc = json.loads(result.stdout)
    assert [(f["agency"], f["year"]) for f in doc["files"]] == [("某某县", y) for y in (2020, 2021, 2022, 2023)]
    (entry,) = doc["across"]
    assert entry["path"] == str(folder / "2022.txt") and entry["year"] == 2022
    finding = entry["findings"][0]
    assert finding["rule"] == "X-CARRY-OVER" and finding["kind"] == "carry_over" and finding["severity"] == "error"
    assert finding["facts"][0]["line"] == 8 and finding["related"][0]["path"] == str(folder / "2021.txt")
    assert finding["related"][0]["line"] == 10 and finding["related"][0]["note"] == "2021年报告"
    assert not [x for f in doc["files"] for x in f["findings"]]  # each report alone is consistent
    assert doc["summary"]["errors"] == 2 and doc["summary"]["files"] == 4


def test_sarif_gives_the_other_report_as_related_locations(folder):
    result = run("check", folder, "-f", "sarif", "--jobs", "1")
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run_ = doc["runs"][0]
    found = [r for r in run_["results"] if r["ruleId"] == "X-CARRY-OVER"]
    assert len(found) == 2
    related = found[0]["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"].endswith("2021.txt")
    assert related["physicalLocation"]["region"]["startLine"] == 10
    uris = [a["location"]["uri"] for a in run_["artifacts"]]
    assert len(uris) == len(set(uris)) == 4
    assert "X-CARRY-OVER" in {r["id"] for r in run_["tool"]["driver"]["rules"]}


def test_select_and_baseline_treat_them_like_the_others(folder, tmp_path):
    only = run("check", folder, "-f", "json", "--select", "X-CARRY-OVER", "--jobs", "1")
    doc = json.loads(only.stdout)
    assert [f["rule"] for e in doc["across"] for f in e["findings"]] == ["X-CARRY-OVER"] * 2
    assert not [x for f in doc["files"] for x in f["findings"]]
    none = json.loads(run("check", folder, "-f", "json", "--select", "T3", "--jobs", "1").stdout)
    assert "across" not in none
    baseline = tmp_path / "baseline.json"
    assert run("check", folder, "--write-baseline", baseline, "--jobs", "1").exit_code == 0
    assert "X-CARRY-OVER" in baseline.read_text(encoding="utf-8")
    again = run("check", folder, "-f", "json", "--baseline", baseline, "--jobs", "1")
    assert again.exit_code == 0 and "across" not in json.loads(again.stdout)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "html"])
def test_jobs_do_not_change_the_output(folder, fmt):
    one = run("check", folder, "-f", fmt, "--jobs", "1")
    two = run("check", folder, "-f", fmt, "--jobs", "2")
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1


def test_a_bad_agency_file_is_a_clear_error(folder, tmp_path):
    bad = tmp_path / "agencies.yaml"
    bad.write_text("units: [{parent: 甲}]\n", encoding="utf-8")
    result = run("check", folder, "--agencies", bad)
    assert result.exit_code == 2 and f"{bad}" in result.output and "children" in result.output
    assert "Traceback" not in result.output


def test_html_charts_each_agency_with_several_years(folder, tmp_path):
    target = tmp_path / "report.html"
    assert run("check", folder, "-f", "html", "-o", target, "--jobs", "1").exit_code == 1
    html = target.read_text(encoding="utf-8")
    assert html.count("<svg") == 1 and html.count("<polyline") >= 3
    assert 'class="broken sev-error"' in html and "2021→2022：X-CARRY-OVER" in html
    assert 'id="across-reports"' in html and "↔ 2021年报告" in html


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.mark.skipif(_chromium() is None, reason="no chromium binary found (Debian: apt-get install -y chromium)")
def test_the_chart_in_headless_chromium(folder, tmp_path):
    target = tmp_path / "report.html"
    run("check", folder, "-f", "html", "-o", target, "--jobs", "1")
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
             f"--user-data-dir={profile}", "--dump-dom", target.as_uri()],
            capture_output=True, text=True, timeout=120,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    chart = dom[dom.index("<svg"):dom.index("</svg>")]
    assert chart.count("<polyline") >= 3 and chart.count("<circle") >= 12
    assert 'class="broken sev-error"' in chart and "✕" in chart
    # the broken link stands between 2021 and 2022 on the axis
    ticks = {year: float(x) for x, year in __import__("re").findall(r'<text x="([\d.]+)" y="\d+" text-anchor="middle">(\d{4})</text>', chart)}
    mark = float(__import__("re").search(r'<g class="broken[^>]*>.*?<line x1="([\d.]+)"', chart).group(1))
    assert ticks["2021"] < mark < ticks["2022"]


def test_the_readme_example_is_what_the_folder_gives(monkeypatch):
    """The README shows fixtures/series/ checked: a carry-over broken, a stale year, a passage reused."""
    root = TESTS.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = readme.split("    $ govaudit check fixtures/series/\n", 1)[1].split("    …\n", 1)[0]
    shown = [line[4:] for line in block.splitlines()]
    assert {r for line in shown for r in ("X-CARRY-OVER", "X-STALE-YEAR", "X-REUSE-PASSAGE") if f" {r} " in line} == {
        "X-CARRY-OVER", "X-STALE-YEAR", "X-REUSE-PASSAGE"}
    monkeypatch.chdir(root)
    output = run("check", "fixtures/series/", "-f", "text").stdout.splitlines()
    assert all(line in output for line in shown)

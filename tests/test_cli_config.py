"""Settings from [tool.govaudit] / govaudit.toml, --config, --isolated, --show-settings (issue 7 item 3)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "fixtures" / "000_dad49f26a79064fd.txt"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with a report, and a subfolder as the current directory."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "000.txt").write_bytes(SEED_000.read_bytes())
    sub = tmp_path / "sub" / "deeper"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    return tmp_path


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def settings(*args) -> dict:
    result = run("check", "--show-settings", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def findings(project, *args):
    result = run("check", project / "reports", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["files"][0]["findings"]


def test_pyproject_found_upward(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.govaudit]\nselect = ["channel_total"]\n',
                                            encoding="utf-8")
    assert {f["kind"] for f in findings(project)} == {"channel_total"}
    data = settings()
    assert data["config_file"] == str(project / "pyproject.toml")
    assert data["settings"]["select"] == {"value": ["channel_total"],
                                          "source": f"{project / 'pyproject.toml'} [tool.govaudit]"}
    assert data["settings"]["ignore"]["source"] == "default"


def test_pyproject_without_a_govaudit_table_is_passed_over(project):
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (project / "govaudit.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    assert settings()["config_file"] == str(project / "govaudit.toml")


def test_first_found_wins_and_govaudit_toml_before_pyproject(project):
    (project / "govaudit.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    (project / "sub" / "pyproject.toml").write_text('[tool.govaudit]\nfail-on = "warning"\n', encoding="utf-8")
    assert settings()["settings"]["fail-on"]["value"] == "warning"
    (project / "sub" / "govaudit.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    assert settings()["settings"]["fail-on"]["value"] == "error"


def test_command_line_overrides_the_file(project):
    (project / "govaudit.toml").write_text('select = ["channel_total"]\nfail-on = "info"\n', encoding="utf-8")
    data = settings("--select", "missing_value")
    assert data["settings"]["select"] == {"value": ["missing_value"], "source": "command line"}
    assert data["settings"]["fail-on"]["value"] == "info"
    assert {f["kind"] for f in findings(project, "--select", "missing_value")} == {"missing_value"}
    # fail-on from the file applies: an info finding fails the run
    assert run("check", project / "reports", "--format", "text", "--select", "missing_value").exit_code == 1


def test_every_key(project):
    pack = project / "packs" / "quiet.yaml"
    pack.parent.mkdir()
    pack.write_text("overrides:\n  PROSE-TABLE: {severity: info}\n", encoding="utf-8")
    (project / "govaudit.toml").write_text(
        'rules = ["packs/quiet.yaml"]\nselect = ["PROSE"]\nextend-select = ["channel_total"]\nignore = ["missing_value"]\n'
        'fail-on = "warning"\nformat = "json"\nbaseline = "base.json"\nexclude = ["drafts"]\ninclude = ["*.txt"]\n'
        'jobs = 1\nrespect-gitignore = false\nagencies = "agencies.yaml"\n', encoding="utf-8")
    (project / "agencies.yaml").write_text("same: []\n", encoding="utf-8")
    data = settings()["settings"]
    assert data["agencies"]["value"] == str(project / "agencies.yaml")
    assert data["rules"]["value"] == [str(pack)]  # relative to the file's folder
    assert data["baseline"]["value"] == str(project / "base.json")
    assert data["jobs"]["value"] == 1 and data["format"]["value"] == "json"
    assert data["extend-select"]["value"] == ["channel_total"]
    assert data["respect-gitignore"]["value"] is False
    assert all(v["source"].endswith("govaudit.toml") for k, v in data.items() if k != "format")
    # the pack from the file applies (PROSE-TABLE becomes info)
    (project / "base.json").write_text('{"govaudit_baseline": 1, "findings": []}', encoding="utf-8")
    result = run("check", project / "reports")
    doc = json.loads(result.stdout)
    found = doc["files"][0]["findings"]
    assert ("PROSE-TABLE", "info") in {(f["rule"], f["severity"]) for f in found}
    assert all(f["rule"].startswith("PROSE") or f["kind"] == "channel_total" for f in found)
    assert "channel_total" in {f["kind"] for f in found}


def test_snake_case_keys_are_accepted(project):
    (project / "govaudit.toml").write_text('extend_select = ["channel_total"]\nfail_on = "info"\n', encoding="utf-8")
    data = settings()["settings"]
    assert data["extend-select"]["value"] == ["channel_total"] and data["fail-on"]["value"] == "info"


def test_explicit_config_file(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere") / "custom.toml"
    other.write_text('fail-on = "warning"\n', encoding="utf-8")
    (project / "govaudit.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    assert settings("--config", other)["settings"]["fail-on"]["value"] == "warning"


def test_isolated_ignores_config_files(project):
    (project / "govaudit.toml").write_text('select = ["channel_total"]\n', encoding="utf-8")
    data = settings("--isolated")
    assert data["config_file"] is None and data["settings"]["select"]["value"] is None


def test_show_settings_text(project):
    (project / "govaudit.toml").write_text('ignore = ["numbering"]\n', encoding="utf-8")
    result = run("check", "--show-settings", "--jobs", "3")
    assert result.exit_code == 0
    lines = {line.split("=")[0].strip(): line for line in result.stdout.splitlines() if "=" in line}
    assert '["numbering"]' in lines["ignore"] and "govaudit.toml" in lines["ignore"]
    assert "3" in lines["jobs"] and "command line" in lines["jobs"]
    assert "default" in lines["select"]


@pytest.mark.parametrize("content, message", [
    ('selct = ["x"]\n', "unknown key 'selct'; did you mean 'select'?"),
    ('[tool.govaudit]\nbogus = 1\n', None),
    ('select = "T3"\n', "'select' must be a list of strings"),
    ('jobs = "2"\n', "'jobs' must be a whole number"),
    ('jobs = 0\n', "'jobs' must be a whole number"),
    ('fail-on = "fatal"\n', "'fail-on' must be one of error, warning, info"),
    ('format = "xml"\n', "'format' must be one of"),
    ('baseline = 3\n', "'baseline' must be a path"),
    ('select = [\n', "invalid TOML"),
])
def test_bad_config_is_a_clear_error_exit_2(project, content, message):
    (project / "govaudit.toml").write_text(content, encoding="utf-8")
    result = run("check", project / "reports")
    assert result.exit_code == 2
    assert str(project / "govaudit.toml") in result.stderr
    if message:
        assert message in result.stderr
    else:  # a [tool.govaudit] table inside govaudit.toml is an unknown key `tool`
        assert "unknown key 'tool'" in result.stderr
    assert result.stdout == ""


def test_bad_key_in_pyproject_names_the_table(project):
    (project / "pyproject.toml").write_text('[tool.govaudit]\nfail_onn = "info"\n', encoding="utf-8")
    result = run("check", project / "reports")
    assert result.exit_code == 2
    assert "pyproject.toml [tool.govaudit]: unknown key 'fail_onn'" in result.stderr


def test_missing_config_file_and_conflicting_options(project):
    result = run("check", project / "reports", "--config", "nope.toml")
    assert result.exit_code == 2 and "nope.toml: no such configuration file" in result.stderr
    result = run("check", project / "reports", "--config", "nope.toml", "--isolated")
    assert result.exit_code == 2 and "cannot be used together" in result.stderr


def test_unknown_selector_in_the_file_exit_2(project):
    (project / "govaudit.toml").write_text('select = ["NO-SUCH"]\n', encoding="utf-8")
    result = run("check", project / "reports")
    assert result.exit_code == 2 and "unknown rule selector 'NO-SUCH'" in result.stderr


def test_rules_command_reads_the_config(project):
    pack = project / "mine.yaml"
    pack.write_text("rules:\n  - id: MINE-1\n    kind: channel_total\n    severity: info\n    title: 测试\n"
                    "    assert: s.channel.website <= s.active.total\n", encoding="utf-8")
    (project / "govaudit.toml").write_text('rules = ["mine.yaml"]\n', encoding="utf-8")
    ids = {r["id"] for r in json.loads(run("rules", "--format", "json").stdout)}
    assert "MINE-1" in ids
    ids = {r["id"] for r in json.loads(run("rules", "--format", "json", "--isolated").stdout)}
    assert "MINE-1" not in ids

"""Rule selection (--select / --extend-select / --ignore), --fail-on, `govaudit rules` (issue 7 item 2)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit import audit
from gov_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "fixtures" / "000_dad49f26a79064fd.txt"  # prose_vs_table, channel_total, missing_value

PACK = """pack: mine
rules:
  - id: MINE-WEBSITE
    kind: channel_total
    severity: warning
    title: 网站公开数不超过主动公开总数（测试）
    description: A rule written for the tests, with its own examples.
    applies_to: ["2014"]
    assert: s.channel.website <= s.active.total
    examples:
      pass:
        - "| 主动公开政府信息数 | 条 | 100 |\\n| 政府网站公开政府信息数 | 条 | 90 |"
      fail:
        - text: "| 主动公开政府信息数 | 条 | 100 |\\n| 政府网站公开政府信息数 | 条 | 120 |"
          note: 网站 120 > 总数 100
"""


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args] + ["--isolated"])


def kinds_and_rules(*args):
    result = run("check", SEED_000, "--format", "json", "--jobs", "1", *args)
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    return {f["kind"] for f in findings}, {f["rule"] for f in findings}


def test_all_rules_by_default():
    kinds, _ = kinds_and_rules()
    assert {"prose_vs_table", "channel_total", "missing_value"} <= kinds


def test_select_by_kind():
    kinds, _ = kinds_and_rules("--select", "channel_total")
    assert kinds == {"channel_total"}


def test_select_by_id_and_by_prefix():
    _, rules = kinds_and_rules("--select", "PROSE-TABLE")
    assert rules == {"PROSE-TABLE"}
    _, rules = kinds_and_rules("--select", "PROSE")
    assert rules and all(r.startswith("PROSE") for r in rules)
    _, rules = kinds_and_rules("--select", "prose-table")  # ids are case-insensitive
    assert rules == {"PROSE-TABLE"}


def test_ignore_takes_comma_separated_kinds_and_ids():
    kinds, rules = kinds_and_rules("--ignore", "prose_vs_table,missing_value")
    assert "prose_vs_table" not in kinds and "missing_value" not in kinds and "channel_total" in kinds
    _, rules = kinds_and_rules("--ignore", "PROSE-TABLE", "--ignore", "TABLE-MISSING")
    assert "PROSE-TABLE" not in rules and "TABLE-MISSING" not in rules


def test_ignore_a_kind_without_rules_is_fine():
    result = run("check", SEED_000, "--format", "text", "--ignore", "numbering,bracket")
    assert result.exit_code == 1, result.output


def test_extend_select_adds_to_select():
    kinds, _ = kinds_and_rules("--select", "channel_total", "--extend-select", "missing_value")
    assert kinds == {"channel_total", "missing_value"}


def test_ignore_wins_over_select():
    kinds, _ = kinds_and_rules("--select", "ALL", "--ignore", "prose_vs_table")
    assert "prose_vs_table" not in kinds and kinds


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_selector_is_a_clear_error_exit_2(option):
    result = run("check", SEED_000, option, "PROSE-TABEL")
    assert result.exit_code == 2
    assert f"unknown rule selector 'PROSE-TABEL' in {option}" in result.stderr
    assert "did you mean PROSE-TABLE" in result.stderr
    assert result.stdout == ""


def test_fail_on_with_selection():
    # missing_value is info: not a failure by default, a failure with --fail-on info
    assert run("check", SEED_000, "--format", "text", "--select", "missing_value").exit_code == 0
    assert run("check", SEED_000, "--format", "text", "--select", "missing_value", "--fail-on", "info").exit_code == 1


# ---------------------------------------------------------------- govaudit rules

def test_rules_table_lists_every_rule():
    result = run("rules")
    assert result.exit_code == 0
    out = result.stdout
    for column in ("id", "kind", "severity", "formats", "pack"):
        assert column in out
    ids = {r.id for r in audit.load_rules().rules}
    assert all(rule_id in out for rule_id in ids)


def test_rules_json():
    result = run("rules", "--format", "json")
    rules = json.loads(result.stdout)
    assert {r["id"] for r in rules} == {r.id for r in audit.load_rules().rules}
    for rule in rules:
        assert set(rule) >= {"id", "kind", "severity", "formats", "pack"}
        assert rule["severity"] in ("error", "warning", "info") and isinstance(rule["formats"], list)


def test_rules_includes_a_users_pack(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text(PACK, encoding="utf-8")
    rules = json.loads(run("rules", "--format", "json", "--rules", pack).stdout)
    mine = next(r for r in rules if r["id"] == "MINE-WEBSITE")
    assert (mine["kind"], mine["severity"], mine["formats"], mine["pack"]) == ("channel_total", "warning", ["2014"], "mine")


def test_explain_prints_description_relation_and_examples(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text(PACK, encoding="utf-8")
    result = run("rules", "--explain", "MINE-WEBSITE", "--rules", pack)
    assert result.exit_code == 0
    out = result.stdout
    assert "MINE-WEBSITE" in out and "网站公开数不超过主动公开总数" in out
    assert "A rule written for the tests" in out
    assert "s.channel.website <= s.active.total" in out
    passes, fails = out.index("Passes"), out.index("Fails")
    assert passes < out.index("| 政府网站公开政府信息数 | 条 | 90 |") < fails < out.index("| 条 | 120 |")
    assert "网站 120 > 总数 100" in out


def test_explain_a_builtin_mechanism_rule():
    out = run("rules", "--explain", "PROSE-TABLE").stdout
    assert "prose_vs_table" in out and "check: prose_vs_table" in out


def test_explain_json():
    data = json.loads(run("rules", "--explain", "PROSE-TABLE", "--format", "json").stdout)
    assert data["id"] == "PROSE-TABLE" and "examples" in data


def test_explain_unknown_id_exit_2():
    result = run("rules", "--explain", "PROSE-TABEL")
    assert result.exit_code == 2
    assert "unknown rule id or kind 'PROSE-TABEL'" in result.stderr and "PROSE-TABLE" in result.stderr


# ---------------------------------------------------------------- packs validated (issue 12)

PARAMS_PACK = """rules:
  - id: MINE-PARTS
    kind: channel_total
    severity: warning
    title: 渠道之和不超过总数（测试）
    applies_to: ["2014"]
    check: parts_present
    params:
      total: s.active.total
      parts: [s.channel.website, s.channel.gazette]
      {param}: "<="
"""


def test_misspelt_mechanism_parameter_is_exit_2_with_did_you_mean(tmp_path):
    pack_file = tmp_path / "mine.yaml"
    pack_file.write_text(PARAMS_PACK.format(param="opp"), encoding="utf-8")
    result = run("check", SEED_000, "--rules", pack_file)
    assert result.exit_code == 2
    assert "invalid rule pack" in result.stderr and str(pack_file) in result.stderr
    assert "MINE-PARTS" in result.stderr and "unknown parameter 'opp'" in result.stderr
    assert "did you mean op?" in result.stderr
    assert result.stdout == ""


def test_correct_mechanism_parameter_is_accepted(tmp_path):
    pack_file = tmp_path / "mine.yaml"
    pack_file.write_text(PARAMS_PACK.format(param="op"), encoding="utf-8")
    result = run("check", SEED_000, "--rules", pack_file, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr


def test_duplicate_rule_id_in_one_pack_is_exit_2(tmp_path):
    rule = PACK.split("rules:\n", 1)[1]
    pack_file = tmp_path / "mine.yaml"
    pack_file.write_text("rules:\n" + rule + rule, encoding="utf-8")
    result = run("rules", "--rules", pack_file)
    assert result.exit_code == 2
    assert str(pack_file) in result.stderr and "MINE-WEBSITE" in result.stderr
    assert "duplicate rule id" in result.stderr


def test_a_user_pack_may_still_replace_a_builtin_rule_by_id(tmp_path):
    pack_file = tmp_path / "mine.yaml"
    pack_file.write_text(PACK.replace("MINE-WEBSITE", "PROSE-TABLE"), encoding="utf-8")
    result = run("rules", "--rules", pack_file, "--format", "json")
    assert result.exit_code == 0, result.stderr
    replaced = [r for r in json.loads(result.stdout) if r["id"] == "PROSE-TABLE"]
    assert len(replaced) == 1 and "replaces" in replaced[0]["pack"]


# ---------------------------------------------------------------- --explain (issue 17 item 11)

def test_explain_shows_the_finding_each_example_gives(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text(PACK, encoding="utf-8")
    out = run("rules", "--explain", "MINE-WEBSITE", "--rules", pack).stdout
    passes, fails = out.index("Passes"), out.index("Fails")
    assert out.index("→ no finding", passes) < fails
    finding = out[fails:].index("→ ")
    assert re.match(r"→ \d+:\d+: warning MINE-WEBSITE .*120.*100", out[fails:][finding:].splitlines()[0])


def test_explain_json_has_each_examples_findings():
    data = json.loads(run("rules", "--explain", "T3-BALANCE", "--format", "json").stdout)
    outcomes = data["example_findings"]
    assert len(outcomes["fail"]) == len(data["examples"]["fail"]) and all(outcomes["fail"])
    assert all(" error T3-BALANCE " in line for found in outcomes["fail"] for line in found)
    assert outcomes["pass"] == [[] for _ in data["examples"]["pass"]]


def test_explain_a_kind_lists_its_rules():
    result = run("rules", "--explain", "table_balance", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert listed and all(r["kind"] == "table_balance" for r in listed)
    assert "T3-BALANCE" in {r["id"] for r in listed}
    table = run("rules", "--explain", "table_balance").stdout
    assert "T3-BALANCE" in table and "PROSE-TABLE" not in table


def test_explain_the_unreadable_input_rule():
    result = run("rules", "--explain", "INPUT-UNREADABLE")
    assert result.exit_code == 0 and "could not be read" in result.stdout


def test_rule_documentation_cites_nothing_missing_from_the_repository():
    """A rule's description may point at the report's own words, not at documents a user lacks."""
    for rule in json.loads(run("rules", "--format", "json").stdout):
        text = " ".join(str(rule[field]) for field in ("title", "description", "message", "relation"))
        for cited in re.findall(r"\b([A-Z][A-Z_]+\.md|FORMATS|DESIGN|STYLE)\b", text):
            assert (ROOT / cited).exists(), (rule["id"], cited)


# ---------------------------------------------------------------- rule packs (issue 17 item 12)

@pytest.mark.parametrize("pack, words", [
    ("rules: []\noverides: {}\n", "unknown key(s) overides (did you mean overrides?)"),
    ("rules:\n  - id: MINE-A\n    kind: table_sum\n    severity: warning\n    title: t\n    asert: t3.new.sum <= 1\n",
     "rule MINE-A: unknown key(s) asert (did you mean assert?)"),
    ("overrides:\n  PROSE-TABEL: disable\n", "rule PROSE-TABEL: override of an unknown rule id; did you mean PROSE-TABLE?"),
    ("overrides:\n  PROSE-TABLE: {severty: warning}\n", "rule PROSE-TABLE: unknown key(s) severty (did you mean severity?)"),
])
def test_a_misspelt_pack_key_gets_did_you_mean(tmp_path, pack, words):
    pack_file = tmp_path / "mine.yaml"
    pack_file.write_text(pack, encoding="utf-8")
    result = run("check", SEED_000, "--rules", pack_file)
    assert result.exit_code == 2 and str(pack_file) in result.stderr and words in result.stderr, result.stderr


def test_a_selection_from_the_configuration_names_the_file(tmp_path):
    config = tmp_path / "govaudit.toml"
    config.write_text('select = ["PROSE-TABEL"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(SEED_000), "--config", str(config)])
    assert result.exit_code == 2
    assert f"'PROSE-TABEL' in `select` of {config}" in result.stderr and "did you mean PROSE-TABLE" in result.stderr
    from_cli = CliRunner().invoke(app, ["check", str(SEED_000), "--config", str(config), "--select", "T3X"])
    assert "'T3X' in --select:" in from_cli.stderr

"""audit/packs.py: user packs that disable, re-level, add or replace rules, and every invalid pack."""
from __future__ import annotations

import textwrap

import pytest

from gov_audit import audit
from gov_audit.audit import packs
from gov_audit.core.resources import YamlError
from gov_audit.load import document_from_text
from gov_audit.pipeline import check_document

# 2014 table: one channel above the de-duplicated total (S-CHANNEL-TOTAL), staff ≠ 专职 + 兼职 (S-STAFF-SUM).
REPORT_2014 = """| 統計指標 | 單位 | 統計數 |
| （一）主動公開政府信息數（不同渠道和方式公開相同信息計1條） | 條 | 420 |
| 2.政府網站公開政府信息數 | 條 | 515 |
| （一）收到申請數 | 件 | 9 |
| （二）申請辦結數 | 件 | 11 |
| （三）從事政府信息公開工作人員數 | 人 | 14 |
| 1.專職人員數 | 人 | 5 |
| 2.兼職人員數 | 人 | 8 |
"""


def pack(tmp_path, text: str, name: str = "custom.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def findings(ruleset, text: str = REPORT_2014) -> dict:
    result = check_document(document_from_text(text), ruleset)
    found: dict = {}
    for f in result.findings:
        found.setdefault(f.rule, []).append(f)
    return found


def test_builtin_rules_fire():
    found = findings(audit.load_rules())
    assert found["S-CHANNEL-TOTAL"][0].severity == "error"
    assert [int(v) for v in found["S-CHANNEL-TOTAL"][0].values] == [515, 420]
    assert [int(v) for v in found["S-STAFF-SUM"][0].values] == [14, 5, 8]
    assert found["S-CLOSED-RECEIVED"][0].kind == "table_balance"


def test_finding_cites_the_facts_of_the_relation():
    finding = findings(audit.load_rules())["S-STAFF-SUM"][0]
    assert [f.key for f in finding.facts] == ["s.org.staff", "s.org.full_time", "s.org.part_time"]
    assert all(f.source == "table" for f in finding.facts)
    assert finding.kind == "table_sum" and finding.relation


def test_user_pack_disables_a_builtin_rule(tmp_path):
    path = pack(tmp_path, """
        overrides:
          S-CHANNEL-TOTAL: disable
    """)
    ruleset = audit.load_rules((str(path),))
    assert "S-CHANNEL-TOTAL" not in ruleset.by_id()
    found = findings(ruleset)
    assert "S-CHANNEL-TOTAL" not in found and "S-STAFF-SUM" in found


@pytest.mark.parametrize("change", ["{severity: warning}", "{severity: info}"])
def test_user_pack_changes_a_severity(tmp_path, change):
    path = pack(tmp_path, f"""
        overrides:
          S-STAFF-SUM: {change}
    """)
    level = change.split(":")[1].strip(" }")
    found = findings(audit.load_rules((str(path),)))
    assert [f.severity for f in found["S-STAFF-SUM"]] == [level]
    assert found["S-CHANNEL-TOTAL"][0].severity == "error"


def test_user_pack_adds_a_rule(tmp_path):
    path = pack(tmp_path, """
        pack: local
        rules:
          - id: LOCAL-CLOSED-MARGIN
            kind: table_balance
            severity: warning
            title: 办结数最多比收到数多一件
            applies_to: ["2014"]
            assert: s.app.closed <= s.app.received + 1
            message: "办结数超出收到数过多"
    """)
    ruleset = audit.load_rules((str(path),))
    assert ruleset.by_id()["LOCAL-CLOSED-MARGIN"].pack == "custom"
    found = findings(ruleset)
    assert [(f.kind, f.severity, [int(v) for v in f.values]) for f in found["LOCAL-CLOSED-MARGIN"]] == [
        ("table_balance", "warning", [11, 9])]
    passing = REPORT_2014.replace("| 11 |", "| 10 |")
    assert "LOCAL-CLOSED-MARGIN" not in findings(ruleset, passing)


def test_user_pack_replaces_a_builtin_rule_by_id(tmp_path):
    path = pack(tmp_path, """
        rules:
          - id: S-CHANNEL-TOTAL
            kind: channel_total
            severity: info
            title: 单一渠道不超过总数的两倍
            applies_to: ["2014"]
            assert: s.channel.website <= s.active.total + s.active.total
    """)
    ruleset = audit.load_rules((str(path),))
    assert "replaces" in ruleset.by_id()["S-CHANNEL-TOTAL"].pack
    assert "S-CHANNEL-TOTAL" not in findings(ruleset)


def test_user_rule_with_for_each_and_mechanism(tmp_path):
    path = pack(tmp_path, """
        rules:
          - id: LOCAL-STAFF-POSITIVE
            kind: implausible
            severity: info
            title: 人员数为正
            applies_to: ["2014"]
            for_each: {part: [full_time, part_time]}
            assert: s.org.{part} > 5
          - id: LOCAL-BLANKS
            kind: missing_value
            severity: warning
            title: 空白
            applies_to: [all]
            check: missing_value
    """)
    found = findings(audit.load_rules((str(path),)), REPORT_2014.replace("| 8 |", "| |"))
    assert [[int(v) for v in f.values] for f in found["LOCAL-STAFF-POSITIVE"]] == [[5]]
    assert [f.facts[0].key for f in found["LOCAL-BLANKS"]] == ["s.org.part_time"]


def test_folder_of_packs(tmp_path):
    pack(tmp_path, "overrides:\n  S-CHANNEL-TOTAL: disable\n", "a.yaml")
    pack(tmp_path, "overrides:\n  S-STAFF-SUM: {severity: warning}\n", "b.yml")
    (tmp_path / "notes.txt").write_text("not a pack", encoding="utf-8")
    found = findings(audit.load_rules((str(tmp_path),)))
    assert "S-CHANNEL-TOTAL" not in found and found["S-STAFF-SUM"][0].severity == "warning"


def test_override_does_not_leak_into_the_next_load(tmp_path):
    path = pack(tmp_path, "overrides:\n  S-CHANNEL-TOTAL: disable\n  S-STAFF-SUM: {severity: info}\n")
    audit.load_rules((str(path),))
    again = audit.load_rules().by_id()
    assert "S-CHANNEL-TOTAL" in again and again["S-STAFF-SUM"].severity == "error"


# ---------------------------------------------------------------- invalid packs

RULE = """
rules:
  - id: LOCAL-X
    kind: table_sum
    severity: error
    title: x
    applies_to: ["2014"]
    assert: s.app.closed == s.app.on_time + s.app.extended
"""

INVALID = [
    ("bad YAML", "rules: [\n  - id: LOCAL-X\n", None, ["invalid YAML", "line"]),
    ("not a mapping", "- id: LOCAL-X\n", None, ["mapping"]),
    ("unknown pack key", "rulez: []\n", None, ["unknown key", "rulez"]),
    ("unknown rule key", RULE + "    asert: s.app.closed == 1\n", "LOCAL-X", ["unknown key", "asert"]),
    ("unknown kind", RULE.replace("kind: table_sum", "kind: table_total"), "LOCAL-X", ["unknown kind", "table_total"]),
    ("bad severity", RULE.replace("severity: error", "severity: fatal"), "LOCAL-X", ["severity"]),
    ("missing title", RULE.replace("    title: x\n", ""), "LOCAL-X", ["title"]),
    ("unknown format", RULE.replace('["2014"]', '["2015"]'), "LOCAL-X", ["2015"]),
    ("unknown indicator", RULE.replace("s.app.on_time", "s.app.ontime"), "LOCAL-X",
     ["unknown indicator", "s.app.ontime"]),
    ("bad expression", RULE.replace("== s.app.on_time + s.app.extended", "== s.app.on_time +"), "LOCAL-X",
     ["bad expression"]),
    ("python call in expression", RULE.replace("s.app.closed ==", "__import__('os').system('x') =="), "LOCAL-X",
     ["bad expression"]),
    ("no comparison", RULE.replace("== s.app.on_time + s.app.extended", "+ s.app.on_time"), "LOCAL-X",
     ["comparison"]),
    ("undefined placeholder", RULE.replace("s.app.closed ==", "s.app.{what} =="), "LOCAL-X", ["what"]),
    ("assert and check", RULE + "    check: missing_value\n", "LOCAL-X", ["either"]),
    ("unknown check", RULE.replace("    assert: s.app.closed == s.app.on_time + s.app.extended\n",
                                   "    check: frobnicate\n"), "LOCAL-X", ["unknown check", "frobnicate"]),
    ("rule without id", "rules:\n  - kind: table_sum\n", None, ["id"]),
    ("override of an unknown id", "overrides:\n  NO-SUCH-RULE: disable\n", "NO-SUCH-RULE",
     ["unknown rule id"]),
    ("bad override", "overrides:\n  S-STAFF-SUM: {level: warning}\n", "S-STAFF-SUM", ["override"]),
    ("bad override severity", "overrides:\n  S-STAFF-SUM: {severity: loud}\n", "S-STAFF-SUM", ["severity"]),
    ("anchor and alias", "rules:\n  - &r\n    id: LOCAL-X\n  - *r\n", None, ["alias"]),
    ("misspelt parameter", RULE.replace("    assert: s.app.closed == s.app.on_time + s.app.extended\n",
                                   "    check: parts_present\n    params: {total: s.app.closed, parts: [s.app.on_time], min_part: 1}\n"), "LOCAL-X",
     ["unknown parameter 'min_part'", "did you mean min_parts?"]),
    ("parameter of the wrong kind", RULE.replace("    assert: s.app.closed == s.app.on_time + s.app.extended\n",
                                   "    check: parts_present\n    params: {total: s.app.closed, parts: [s.app.on_time], op: '>='}\n"), "LOCAL-X",
     ["parameter 'op' must be one of ==, <="]),
    ("missing parameter", RULE.replace("    assert: s.app.closed == s.app.on_time + s.app.extended\n",
                                   "    check: parts_present\n    params: {parts: [s.app.on_time]}\n"), "LOCAL-X",
     ["parameter 'total' is required"]),
    ("parameter of a check that takes none", RULE.replace("    assert: s.app.closed == s.app.on_time + s.app.extended\n",
                                                          "    check: missing_value\n    params: {total: x}\n"),
     "LOCAL-X", ["takes no parameters"]),
    ("params not a mapping", RULE.replace("    assert: s.app.closed == s.app.on_time + s.app.extended\n",
                                          "    check: missing_value\n    params: [x]\n"), "LOCAL-X", ["mapping"]),
    ("duplicate id in one pack", RULE + RULE.split("rules:\n", 1)[1], "LOCAL-X", ["duplicate rule id"]),
    ("python object tag", "rules:\n  - !!python/object:os.system {id: LOCAL-X}\n", None, ["python/object"]),
    ("python apply tag", "pack: !!python/object/apply:os.system ['echo hi']\n", None, ["python/object/apply"]),
]


@pytest.mark.parametrize("text, rule_id, words", [pytest.param(t, r, w, id=name) for name, t, r, w in INVALID])
def test_invalid_pack_is_a_clear_error(tmp_path, text, rule_id, words):
    path = pack(tmp_path, text, "broken.yaml")
    with pytest.raises(YamlError) as info:
        audit.load_rules((str(path),))
    message = str(info.value)
    assert str(path) in message
    if rule_id:
        assert rule_id in message
    for word in words:
        assert word in message, message


def test_missing_pack_file_and_empty_folder(tmp_path):
    with pytest.raises(YamlError, match="no such file"):
        audit.load_rules((str(tmp_path / "absent.yaml"),))
    (tmp_path / "empty").mkdir()
    with pytest.raises(YamlError, match="no \\*.yaml"):
        audit.load_rules((str(tmp_path / "empty"),))


def test_duplicate_id_within_the_builtin_packs_is_refused(tmp_path, monkeypatch):
    first = pack(tmp_path, RULE, "one.yaml")
    second = pack(tmp_path, RULE, "two.yaml")
    monkeypatch.setattr(packs, "builtin_packs", lambda: (first, second))
    with pytest.raises(YamlError, match="LOCAL-X.*duplicate"):
        audit.load_rules()


def test_pack_that_cannot_be_decoded(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("overrides:\n  S-STAFF-SUM: {severity: info}  # caf\xe9\n".encode("latin-1"))
    with pytest.raises(YamlError) as info:
        audit.load_rules((str(path),))
    assert str(path) in str(info.value)


def test_a_user_pack_may_name_every_key_the_reader_gives(tmp_path):
    """The rule engine accepts exactly the keys the table reader produces — the local
    form's too (s.local.*, and s.active.total beside s.active.total.cumulative)."""
    local = RULE.replace("s.app.closed == s.app.on_time + s.app.extended",
                         "s.local.complaints <= s.active.total.cumulative + s.active.total")
    rules = audit.load_rules((str(pack(tmp_path, local, "local.yaml")),))
    assert "LOCAL-X" in rules.by_id()
    never_read = RULE.replace("s.app.closed ==", "s.active.total.value ==")
    with pytest.raises(YamlError, match="unknown indicator 's.active.total.value'"):
        audit.load_rules((str(pack(tmp_path, never_read, "value.yaml")),))

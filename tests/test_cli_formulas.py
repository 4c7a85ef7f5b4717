"""A relation's finding states its formula as the rule wrote it, in every format (issue 17 item 3).

Every operator of the expression language — the comparisons, + and -, a
unary minus, sum() max() min() — reads right: the broken comparison negated
(`<=` broken reads `>`), no dangling `=`, each side's value, the difference.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit.cli import app

# A 2021 table: 本年新收 12 (自然人) / 14 (总计), 上年结转 0, 总计 13, 结转下年度 2.
REPORT = """某某县交通运输局2022年政府信息公开工作年度报告
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 行政规范性文件 | 2 | 0 | 18 |
三、收到和处理政府信息公开申请情况
| 一、本年新收政府信息公开申请数量 | 12 | 2 | 0 | 0 | 0 | 0 | 14 |
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （七）总计 | 11 | 2 | 0 | 0 | 0 | 0 | 13 |
| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
"""
NAME = r"\S+"  # a figure's name, in the report's own label
# rule id → (assert, how its broken relation must read)
RULES = {
    "OP-LE": ("t3.new.sum <= 10", rf"{NAME} 14 > 10（差 4）"),
    "OP-GE": ("t3.new.sum >= 20", rf"{NAME} 14 < 20（差 6）"),
    "OP-LT": ("t3.new.sum < 14", rf"{NAME} 14 ≥ 14(?!（差)"),
    "OP-GT": ("t3.new.sum > 14", rf"{NAME} 14 ≤ 14(?!（差)"),
    "OP-EQ": ("t3.new.sum == 13", rf"{NAME} 14 ≠ 13（差 1）"),
    "OP-NE": ("t3.new.sum != 14", rf"{NAME} 14 = 14(?!（差)"),
    "OP-ARITH": ("t3.new.sum - t3.carry_out.sum == t3.total.sum + 1",
                 rf"{NAME} 14 - {NAME} 2 = 12 ≠ {NAME} 13 \+ 1 = 14（差 2）"),
    "OP-CALL": ("max(t3.new.natural, t3.new.sum) <= min(10, sum(t3.carry_in.sum, 9))",
                rf"max（{NAME} 12，{NAME} 14） = 14 > min（10，sum（{NAME} 0，9）） = 9（差 5）"),
    "OP-NEG": ("-t3.new.sum >= 0", rf"-{NAME} 14 < 0（差 14）"),
    "OP-GROUP": ("t3.new.sum - (t3.total.sum + t3.carry_out.sum) >= 0",
                 rf"{NAME} 14 - （{NAME} 13 \+ {NAME} 2） = -1 < 0（差 1）"),
}
GARBLED = re.compile(r"[<>≠=≤≥] = |[<>≠=≤≥] [<>≠=≤≥]")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formulas")
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    pack = "rules:\n" + "".join(
        f"  - id: {rule}\n    kind: table_sum\n    severity: error\n    title: 测试{rule}\n"
        f"    assert: {expression}\n" for rule, (expression, _) in RULES.items())
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    return folder


def check(files: Path, fmt: str) -> str:
    result = CliRunner().invoke(app, ["check", str(files / "report.txt"), "-r", str(files / "pack.yaml"),
                                      "--select", "OP", "-f", fmt, "--no-color", "--isolated"],
                                env={"COLUMNS": "400"})
    assert result.exit_code == 1, result.output
    return result.stdout


def messages(files: Path, fmt: str) -> dict:
    """rule id → the text each format shows for its finding."""
    out = check(files, fmt)
    if fmt == "json":
        return {f["rule"]: f["message"] for f in json.loads(out)["files"][0]["findings"]}
    if fmt == "sarif":
        return {r["ruleId"]: r["message"]["text"] for r in json.loads(out)["runs"][0]["results"]}
    if fmt == "html":
        found = re.findall(r'<span class="rule">(OP-\w+)</span>.*?<div class="message">(.*?)</div>', out, re.S)
        return {rule: html.unescape(text) for rule, text in found}
    return {rule: line for line in out.splitlines() for rule in RULES if f" {rule} " in line or f"={rule} " in line}


@pytest.mark.parametrize("fmt", ["text", "json", "github", "rich", "sarif", "html"])
def test_every_operator_reads_right(files, fmt):
    shown = messages(files, fmt)
    assert set(shown) == set(RULES)
    for rule, (_, expected) in RULES.items():
        assert re.search(expected, shown[rule]), (rule, shown[rule])
        assert not GARBLED.search(shown[rule]), (rule, shown[rule])


def test_json_keeps_the_relation_as_written_and_both_sides(files):
    findings = {f["rule"]: f for f in json.loads(check(files, "json"))["files"][0]["findings"]}
    arith = findings["OP-ARITH"]
    assert arith["relation"] == RULES["OP-ARITH"][0]
    assert re.fullmatch(rf"{NAME} 14 - {NAME} 2 = 12", arith["left_text"])
    assert re.fullmatch(rf"{NAME} 13 \+ 1 = 14", arith["right_text"])

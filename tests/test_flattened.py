"""flattened.py: tables whose cells ran together, split only when the relations allow one way."""
from __future__ import annotations

from decimal import Decimal

from gov_audit.audit import load_rules
from gov_audit.core.model import UNREAD
from gov_audit.load import document_from_text
from gov_audit.pipeline import check_document
from gov_audit.read import read_tables
from gov_audit.read.tables.splitting import splits
from gov_audit.report.json_report import coverage_json
from gov_audit.report.lines import coverage_line


def check(text: str):
    return check_document(document_from_text(text), load_rules())


def table_values(text: str) -> dict:
    return {f.key: f for f in read_tables(document_from_text(text)).facts}


T3_ROWS = [
    ("一、本年新收政府信息公开申请数量 ", "{new}"),
    ("二、上年结转政府信息公开申请数量 ", "1000001"),
    ("三、本年度办理结果 （一）予以公开 ", "{granted}"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形） ", "8100009"),
    ("（三）不予公开 1.属于国家秘密", "0000000"),
    ("2.其他法律行政法规禁止公开 ", "0000000"),
    ("3.危及“三安全一稳定” ", "0000000"),
    ("4.保护第三方合法权益 ", "0000000"),
    ("5.属于三类内部事务信息 ", "1000001"),
    ("6.属于四类过程性信息 ", "2000002"),
    ("7.属于行政执法案卷 ", "1000001"),
    ("8.属于行政查询事项 ", "0000000"),
    ("（四）无法提供 1.本机关不掌握相关政府信息 ", "370000037"),
    ("2.没有现成信息需要另行制作 ", "0000000"),
    ("3.补正后申请内容仍不明确 ", "0000000"),
    ("（五）不予处理 1.信访举报投诉类申请 ", "0000000"),
    ("2.重复申请 ", "0000000"),
    ("3.要求提供公开出版物 ", "0000000"),
    ("4.无正当理由大量反复申请 ", "0000000"),
    ("5.要求行政机关确认或重新出具已获取信息 ", "0000000"),
    ("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 ", "2000002"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 ", "0000000"),
    ("3.其他 ", "0200002"),
    ("（七）总计", "{total}"),
    ("四、结转下年度继续办理 ", "0 0 00 00 0"),
]


def report_2021(new="713000074", granted="210000021", total="723000075",
                t2="规章000行政规范性文件8855698", t4="0 1 1 0 2 1 0 0 0 1 0 0 0 0 0", prose="") -> str:
    table3 = "".join(label + cells.format(new=new, granted=granted, total=total) for label, cells in T3_ROWS)
    return (
        f"某区2022年政府信息公开工作年度报告 {prose}"
        f"二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 {t2}"
        "第二十条第（五）项信息内容本年处理决定数量行政许可10690"
        "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） "
        "申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他 "
        f"{table3}"
        " 四、政府信息公开行政复议、行政诉讼情况行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 "
        "未经复议直接起诉 复议后起诉 结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计 "
        f"{t4} 五、存在的主要问题及改进情况 无。\n"
    )


# ---------------------------------------------------------------- splitting


def test_leading_zeros_are_never_a_cell():
    assert splits([("1005", 0)], 2, set(), 100) == [[("100", 0), ("5", 3)]]
    assert splits([("0000000", 0)], 7, set(), 100) == [[(str(0), i) for i in range(7)]]
    assert splits([("007", 0)], 2, set(), 100) == []


def test_spaces_and_minus_signs_are_certain_boundaries():
    # "20 0 00 0 121": 20|0|0|0|0|1|21 and 20|0|0|0|0|12|1 and 2|0|0|0|0|0|121 … all cut at the spaces
    got = splits([("20", 0), ("0", 3), ("00", 5), ("0", 8), ("121", 10)], 7, set(), 100)
    assert all(cells[2][1] == 5 and cells[3][1] == 6 for cells in got if len(cells[0][0]) == 2)
    # a minus sign starts a cell, and only in a signed column
    assert splits([("35-15", 0)], 2, {1}, 100) == [[("35", 0), ("-15", 2)]]
    assert splits([("35-15", 0)], 2, set(), 100) == []


def test_one_valid_split_is_read_and_marked_inferred():
    facts = table_values(report_2021())
    new = [facts[f"t3.new.{c}"].value.point for c in
           ("natural", "commercial", "research", "public_interest", "legal_service", "other_org", "sum")]
    assert new == [71, 3, 0, 0, 0, 0, 74]  # 713000074: only 71|3|…|74 makes the 总计 column
    assert facts["t3.new.sum"].inferred and facts["t3.new.sum"].hedge is None
    assert facts["t3.unable.not_held.sum"].value.point == 37  # 370000037
    # 00000002.其他法律… : the 2 numbers the next row, it is no cell
    assert facts["t3.denied.secret.sum"].value.point == 0 and facts["t3.denied.law.sum"].value.point == 0
    assert facts["t3.other.misc.commercial"].value.point == 2
    # cells separated by spaces are read as they stand (not inferred)
    assert facts["t4.review.total"].value.point == 2 and not facts["t4.review.total"].inferred
    assert facts["t3.carry_out.sum"].value.point == 0


def test_several_valid_splits_leave_the_row_unread_and_say_so():
    result = check(report_2021(t2="规章000行政规范性文件7777166"))
    facts = {f.key: f for f in result.facts if f.source == "table"}
    assert facts["t2.normative.made"].value is None and facts["t2.normative.made"].blank == UNREAD
    assert facts["t2.rules.valid"].value.point == 0  # 000: one way only
    cov = coverage_json(result)
    assert "t2.normative" in cov["rows_unread"]
    assert "未能读出" in coverage_line(result)
    # no finding rests on the unread row, not even a missing-value remark
    assert not [f for f in result.findings if any(x.key and x.key.startswith("t2.normative") for x in f.facts)]


def test_a_finding_on_a_uniquely_determined_split_keeps_its_severity():
    # （七）总计 "703000073" = 70|3|0|0|0|0|73 (the only split), but the result rows add up to 75
    result = check(report_2021(total="703000073"))
    facts = {f.key: f for f in result.facts if f.source == "table"}
    assert facts["t3.total.sum"].value.point == 73 and facts["t3.total.sum"].inferred
    sums = [f for f in result.findings if f.kind == "table_sum" and Decimal(73) in f.values]
    assert sums and sums[0].severity == "error"


def test_balance_and_totals_hold_on_a_consistent_flattened_table():
    result = check(report_2021(total="723000075", granted="210000021").replace("370000037", "370000037"))
    assert not [f for f in result.findings if f.kind in ("table_balance", "column_total")]


def test_split_chosen_by_the_text_is_doubtful_so_findings_are_warnings():
    # 历年累计 ≥ 本年度 leaves 2026|3542 and 202|63542 for the total (and 1795|3304,
    # 179|53304 for its channel); the text states 2026 and 1795: taken, but doubtful.
    text = ("某县2012年政府信息公开工作年度报告 2012年主动公开政府信息2026条，其中网站主动公开信息1795条。"
            "附件：政府信息公开情况统计表 指标名称计量单位2012年度历年累计主动公开信息数条20263542"
            "其中：1.网站公开条179533042.政府公报公开条07受理依申请公开信息总数条2121其中：1.当面申请数条1818"
            "2.电子邮件申请数条33对申请的答复数条2121其中：1.同意公开答复数条17172.同意部分公开答复数条22"
            "3.否决公开答复数条22行政复议数条00\n")
    result = check(text)
    facts = {f.key: f for f in result.facts if f.source == "table"}
    assert facts["s.active.total"].value.point == 2026 and facts["s.active.total"].hedge
    assert facts["s.active.total.cumulative"].value.point == 3542
    assert facts["s.app.received"].value.point == 21 and facts["s.app.received"].hedge is None  # by the sums
    assert facts["s.app.via.in_person.cumulative"].value.point == 18
    channels = [f for f in result.findings if f.rule == "S-LOCAL-ACTIVE-CHANNELS"]
    assert {f.severity for f in channels} == {"warning"} and len(channels) == 2


def test_two_readings_and_no_sum_or_text_to_decide_leave_the_row_unread():
    text = ("某县2012年政府信息公开工作年度报告 主动公开政府信息2026条；全年培训21人次。"
            "附件：政府信息公开情况统计表 指标名称计量单位2012年度历年累计主动公开信息数条20263542"
            "其中：1.网站公开条179533042.政府公报公开条07受理依申请公开信息总数条2121\n")
    result = check(text)
    # 2121 is 2|121 or 21|21 (历年累计 ≥ 本年度 both), no channel rows to add up; the
    # text's 21 is about training, not applications: no evidence, so the row stays unread
    facts = {f.key: f for f in result.facts if f.source == "table"}
    assert facts["s.app.received"].value is None and facts["s.app.received"].blank == UNREAD


def test_a_figure_the_text_states_for_the_cell_chooses_the_split_as_doubtful():
    text = ("某县2012年政府信息公开工作年度报告 主动公开政府信息2026条；收到申请2条。"
            "附件：政府信息公开情况统计表 指标名称计量单位2012年度历年累计主动公开信息数条20263542"
            "其中：1.网站公开条179533042.政府公报公开条07受理依申请公开信息总数条2121\n")
    result = check(text)
    facts = {f.key: f for f in result.facts if f.source == "table"}
    # 收到申请2条 is keyed to 受理依申请公开信息总数: it backs 2|121, hedged as a guess
    assert facts["s.app.received"].value.point == 2 and facts["s.app.received"].hedge
    assert facts["s.app.received.cumulative"].value.point == 121


def test_nothing_readable_is_an_info_finding_never_silence():
    text = ("某区2022年政府信息公开工作年度报告 二、主动公开政府信息情况 第二十条第（一）项 信息内容 "
            "本年制发件数 本年废止件数 现行有效件数 规章12345行政规范性文件8855698\n")
    result = check(text)
    unreadable = [f for f in result.findings if f.kind == "unreadable_table"]
    assert unreadable and unreadable[0].severity == "info"
    assert coverage_json(result)["table"] == "unreadable"
    assert not [f for f in result.findings if f.severity == "error"]


def test_prose_only_report_has_no_table_and_no_finding_about_it():
    result = check("某镇2010年政府信息公开工作年度报告\n2010年，我镇通过门户网站公开各类信息46条。\n")
    assert coverage_json(result)["table"] == "none"
    assert "无统计表" in coverage_line(result)
    assert not [f for f in result.findings if f.kind == "unreadable_table"]


def test_a_run_of_hundreds_of_digits_is_left_unread_not_searched_forever():
    """Fuzzing found it: a 2021 table whose runs are hundreds of digits long has
    more cuts than any search can try; the budget leaves such rows unread."""
    digits = "".join(str((7 * i * i + 3 * i) % 10) for i in range(240))
    text = ("某区2022年政府信息公开工作年度报告\n"
            "三、收到和处理政府信息公开申请情况\n"
            f"一、本年新收政府信息公开申请数量{digits}\n"
            f"二、上年结转政府信息公开申请数量{digits[::-1]}\n"
            f"（七）总计{digits}\n"
            "本年制发件数 本年废止件数 现行有效件数\n")
    result = check_document(document_from_text(text), load_rules())
    assert not any(f.key and f.key.startswith("t3.new") and f.value is not None for f in result.facts)

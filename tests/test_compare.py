"""Reports of one folder checked against each other (issue 15), on series written for the purpose.

Each series is a few small reports of one agency over the years, or of a
region and its sub-units; a corrupted copy changes one cell and must give
exactly the finding it breaks, and nothing else.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from gov_audit import audit
from gov_audit.compare import AgencyFileError, parse_agency_file
from gov_audit.knowledge.agencies import read_agency
from gov_audit.load.text import document_from_text
from gov_audit.pipeline import check_document, compare_results

COLUMNS = ("natural", "commercial", "research", "public_interest", "legal_service", "other_org", "sum")


def rules():
    return audit.load_rules()


def t3_row(label: str, natural: int, legal: int = 0) -> str:
    return f"| {label} | {natural} | 0 | 0 | 0 | {legal} | 0 | {natural + legal} |"


def report_2021(agency: str, year: int, new=(10, 0), carry_in=(0, 0), carry_out=(0, 0), normative=(0, 0, 0),
                prose: str = "", fmt: str = "2021") -> str:
    """A small report in the 2021 format (or the 2019 one): table 二's documents, table 三's balance rows."""
    total = (new[0] + carry_in[0] - carry_out[0], new[1] + carry_in[1] - carry_out[1])
    documents = ("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |" if fmt == "2021"
                 else "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |")
    lines = [f"{agency}{year}年政府信息公开工作年度报告", prose, "二、主动公开政府信息情况", documents,
             "| 规章 | 0 | 0 | 0 |", "| {}规范性文件 | {} | {} | {} |".format("行政" if fmt == "2021" else "", *normative)]
    if fmt == "2019":
        lines += ["| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |", "| 行政许可 | 10 | 0 | 5 |"]
    lines += ["三、收到和处理政府信息公开申请情况", t3_row("一、本年新收政府信息公开申请数量", *new),
              t3_row("二、上年结转政府信息公开申请数量", *carry_in), t3_row("（七）总计", *total),
              t3_row("四、结转下年度继续办理", *carry_out)]
    return "\n".join(line for line in lines if line) + "\n"


def local_form(agency: str, year: int, label: str, value: int, cumulative: int) -> str:
    """A report with a locally defined 统计表 (本年度 and 历年累计 columns)."""
    return (f"{agency}{year}年政府信息公开工作年度报告\n政府信息公开情况统计表 指标名称 计量单位 {year}年度 历年累计 "
            f"{label} 条 {value} {cumulative} 其中：1、网站公开 条 {value} {cumulative} 2、政府公报公开 条 0 0 "
            f"受理依申请公开信息总数 条 3 {3 * (year - 2008)} 对申请的答复数 条 3 {3 * (year - 2008)}\n")


def across(texts: dict, agencies: dict = None) -> list:
    """The findings across the reports `texts` (name → text): [(report name, Finding)]."""
    results = [check_document(document_from_text(text, path=name), rules()) for name, text in texts.items()]
    found = compare_results(results, rules(), parse_agency_file(agencies or {}, "<test>"))
    return [(r.path, f) for r in found for f in r.findings]


def of(found: list, rule: str) -> list:
    return [(name, f) for name, f in found if f.rule == rule]


A = "某某县人民政府"
SERIES = {
    "2020.txt": report_2021(A, 2020, new=(8, 1), carry_out=(2, 0), normative=(2, 0, 30), fmt="2019"),
    "2021.txt": report_2021(A, 2021, new=(10, 1), carry_in=(2, 0), carry_out=(1, 1), normative=(3, 1, 12)),
    "2022.txt": report_2021(A, 2022, new=(12, 2), carry_in=(1, 1), carry_out=(0, 0), normative=(4, 0, 16)),
    "2023.txt": report_2021(A, 2023, new=(9, 0), carry_in=(0, 0), carry_out=(3, 0), normative=(1, 2, 15)),
}


def test_a_consistent_series_gives_nothing_between_years():
    found = across(SERIES)
    assert not [f for _, f in found if f.kind in ("carry_over", "stock", "prior_items", "cumulative")]


def test_a_carry_over_broken_by_one_cell_is_one_error_in_its_column():
    broken = dict(SERIES, **{"2022.txt": SERIES["2022.txt"].replace(
        t3_row("二、上年结转政府信息公开申请数量", 1, 1), t3_row("二、上年结转政府信息公开申请数量", 1, 2))})
    found = of(across(broken), "X-CARRY-OVER")
    assert [(name, f.severity) for name, f in found] == [("2022.txt", "error")] * 2  # 法律服务机构 and 总计
    assert sorted(f.values for _, f in found) == [[Decimal(2), Decimal(1)], [Decimal(3), Decimal(2)]]
    assert {f.facts[0].column_label for _, f in found} == {"法律服务机构", "总计"}
    assert all(f.related[0].path == "2021.txt" and "结转下年度" in f.related[0].quote for _, f in found)


def test_the_carry_over_spans_the_change_from_the_2019_to_the_2021_format():
    broken = dict(SERIES, **{"2021.txt": SERIES["2021.txt"].replace(
        t3_row("二、上年结转政府信息公开申请数量", 2, 0), t3_row("二、上年结转政府信息公开申请数量", 1, 0))})
    found = of(across(broken), "X-CARRY-OVER")
    assert {(name, f.facts[0].column_label, f.related[0].path) for name, f in found} == {
        ("2021.txt", "自然人", "2020.txt"), ("2021.txt", "总计", "2020.txt")}


def test_the_stock_of_documents_is_a_warning_and_not_taken_from_the_2019_format():
    found = across(SERIES)
    assert not of(found, "X-STOCK")  # 2020's 对外公开总数量 30 is not 2021's 现行有效件数 12
    lapsed = dict(SERIES, **{"2023.txt": SERIES["2023.txt"].replace("| 行政规范性文件 | 1 | 2 | 15 |",
                                                                  "| 行政规范性文件 | 1 | 2 | 13 |")})
    stock = of(across(lapsed), "X-STOCK")
    assert [(name, f.severity, f.values) for name, f in stock] == [
        ("2023.txt", "warning", [Decimal(13), Decimal(16), Decimal(1), Decimal(2)])]


def test_a_missing_year_leaves_the_carry_over_unjudged():
    gap = {k: v for k, v in SERIES.items() if k != "2022.txt"}
    assert not [f for _, f in across(gap) if f.kind in ("carry_over", "stock")]


def test_the_cumulative_column_chains_across_a_renamed_row_and_over_a_gap():
    series = {"2011.txt": local_form("某某镇人民政府", 2011, "主动公开信息数", 100, 900),
              "2012.txt": local_form("某某镇人民政府", 2012, "主动公开文件数", 150, 1050)}
    assert not of(across(series), "X-CUMULATIVE")
    series["2012.txt"] = local_form("某某镇人民政府", 2012, "主动公开文件数", 150, 1000)
    found = of(across(series), "X-CUMULATIVE")
    assert {f.values[0] for _, f in found} == {Decimal(1000)} and all(f.severity == "error" for _, f in found)
    gap = {"2009.txt": local_form("某某镇人民政府", 2009, "主动公开信息数", 100, 900),
           "2012.txt": local_form("某某镇人民政府", 2012, "主动公开文件数", 150, 1400)}
    assert not of(across(gap), "X-CUMULATIVE")  # 1400 ≥ 900 + 150: the years between may add the rest
    gap["2012.txt"] = local_form("某某镇人民政府", 2012, "主动公开文件数", 150, 1000)
    found = of(across(gap), "X-CUMULATIVE")
    assert found and all("中间缺2010–2011年报告" in f.message for _, f in found)


def test_merged_or_renamed_agencies_are_one_when_declared():
    renamed = {"2021.txt": SERIES["2021.txt"],
               "2022.txt": SERIES["2022.txt"].replace(A, "某某市某某区人民政府").replace(
                   t3_row("二、上年结转政府信息公开申请数量", 1, 1), t3_row("二、上年结转政府信息公开申请数量", 0, 0))}
    assert not of(across(renamed), "X-CARRY-OVER")  # two agencies: nothing to compare
    declared = {"same": [["某某市某某区人民政府", "某某县人民政府"]]}
    assert of(across(renamed, declared), "X-CARRY-OVER")


def test_a_region_contains_its_units_and_is_their_sum_when_all_are_listed():
    city, east, west = "某某市人民政府", "某某市东区人民政府", "某某市西区人民政府"
    texts = {"city.txt": report_2021(city, 2023, new=(20, 2)), "east.txt": report_2021(east, 2023, new=(12, 0)),
             "west.txt": report_2021(west, 2023, new=(10, 0))}
    units = {"units": [{"parent": city, "children": [east, west], "all_children": True}]}
    found = across(texts, units)
    assert not of(found, "X-PARENT-CHILD") and not of(found, "X-PARENT-SUM")  # 22 = 12 + 10
    texts["city.txt"] = report_2021(city, 2023, new=(11, 0))
    found = across(texts, units)
    below = of(found, "X-PARENT-CHILD")  # 本年新收 and 办理结果总计 below the east district's
    assert {(name, f.facts[0].key, tuple(f.values)) for name, f in below} == {
        ("city.txt", key, (Decimal(11), Decimal(12))) for key in ("t3.new.sum", "t3.total.sum")}
    assert {f.severity for _, f in of(found, "X-PARENT-SUM")} == {"error"}
    del texts["west.txt"]
    missing = of(across(texts, units), "X-PARENT-SUM")
    assert [(f.severity, west[:-4] in f.message) for _, f in missing] == [("info", True)]


def test_documents_are_never_summed_over_units():
    city, east = "某某市人民政府", "某某市东区人民政府"
    texts = {"city.txt": report_2021(city, 2023, normative=(1, 0, 5)),
             "east.txt": report_2021(east, 2023, normative=(4, 0, 40))}
    found = across(texts, {"units": [{"parent": city, "children": [east], "all_children": True}]})
    assert not [f for _, f in found if any((x.key or "").startswith("t2.") for x in f.facts)]


def test_reused_text_that_kept_last_years_plan_and_figures():
    plan = "2023年，我们将进一步加强政府信息公开工作队伍建设，组织开展业务培训，提高工作人员业务水平。"
    said = "全年共收到政府信息公开申请10件，均已在法定期限内答复。"
    texts = {"2022.txt": report_2021(A, 2022, new=(10, 0), prose=said + plan),
             "2023.txt": report_2021(A, 2023, new=(9, 0), prose=said + plan)}
    found = across(texts)
    stale = of(found, "X-STALE-YEAR")
    assert [(name, f.values) for name, f in stale] == [("2023.txt", [2023, 2023])]
    assert stale[0][1].related[0].path == "2022.txt"
    figures = of(found, "X-STALE-FIGURE")
    assert [(name, f.values) for name, f in figures] == [("2023.txt", [Decimal(10), Decimal(9), Decimal(10)])]
    texts["2023.txt"] = report_2021(A, 2023, new=(9, 0), prose=said.replace("10件", "9件") + plan.replace("2023", "2024"))
    assert not [f for _, f in across(texts) if f.kind == "stale_text"]


def test_a_long_passage_repeated_is_cited_in_both_reports():
    passage = "我们坚持每月对网站栏目进行一次全面检查，对发现的错链、断链和信息更新不及时等问题当场督促整改到位。"
    texts = {"2022.txt": report_2021(A, 2022, prose="今年新建网站监测平台。" + passage),
             "2023.txt": report_2021(A, 2023, prose="今年完善公开目录。" + passage)}
    (name, finding), = of(across(texts), "X-REUSE-PASSAGE")
    assert name == "2023.txt" and finding.severity == "info"
    mine, theirs = finding.facts[0], finding.related[0]
    assert theirs.path == "2022.txt" and theirs.quote.startswith("我们坚持每月") and theirs.column == 12
    assert mine.raw.startswith("我们坚持每月")


def test_another_agencys_self_reference_in_a_copied_sentence():
    sentence = "我县政府信息公开工作领导小组每季度召开一次会议，研究部署政府信息公开重点任务。"
    zone = "某某经济开发区管委会"
    texts = {"county.txt": report_2021(A, 2023, prose=sentence), "zone.txt": report_2021(zone, 2023, prose=sentence)}
    found = of(across(texts), "X-OTHER-AGENCY")
    assert [(name, f.related[0].path) for name, f in found] == [("zone.txt", "county.txt")]


def test_a_year_on_year_statement_is_recomputed_from_last_years_report():
    texts = {"2022.txt": report_2021(A, 2022, new=(80, 0)),
             "2023.txt": report_2021(A, 2023, new=(100, 0), prose="全年共收到政府信息公开申请100件，同比增长20%。")}
    (name, finding), = of(across(texts), "X-YEAR-ON-YEAR")
    assert finding.values == [Decimal(100), Decimal(80), Decimal("25.00")]
    for said in ("同比增长25%", "同比增长25.0%", "比上年增加20件"):
        texts["2023.txt"] = report_2021(A, 2023, new=(100, 0), prose=f"全年共收到政府信息公开申请100件，{said}。")
        assert not of(across(texts), "X-YEAR-ON-YEAR"), said


def test_a_relation_on_an_inferred_cell_is_only_said_unassessable():
    # the 法人 cells left blank are inferred: the row's 总计 forces them to 0
    prior = report_2021(A, 2022, new=(10, 1), carry_out=(2, 1))
    later = report_2021(A, 2023).replace(t3_row("二、上年结转政府信息公开申请数量", 0, 0),
                                         "| 二、上年结转政府信息公开申请数量 | 2 | | | | | | 2 |")
    found = of(across({"2022.txt": prior, "2023.txt": later}), "X-CARRY-OVER")
    assert sorted((f.facts[0].column_label, f.severity) for _, f in found) == [("总计", "error"), ("法律服务机构", "info")]
    unsure = next(f for _, f in found if f.severity == "info")
    assert unsure.message.startswith("无法核对") and "推断" in unsure.message


@pytest.mark.parametrize("written, name, within", [
    ("淮安市洪泽区人民政府", "洪泽区", ("淮安市",)),
    ("洪泽区人民政府", "洪泽区", ()),
    ("平潭综合实验区管委会", "平潭综合实验区", ()),
    ("淮安市洪泽区财政局", "洪泽区财政局", ("淮安市",)),  # a department is not its government
    ("淮安市住房和城乡建设局", "淮安市住房和城乡建设局", ()),
    ("沛县城关镇人民政府", "城关镇", ("沛县",)),
    ("某某街道办事处", "某某街道", ()),
])
def test_agency_names_are_read_as_one_name_per_agency(written, name, within):
    reading = read_agency(written)
    assert (reading.name, reading.within) == (name, within)


def test_the_same_district_in_two_cities_is_two_agencies():
    texts = {"a.txt": SERIES["2021.txt"].replace(A, "甲市西湖区人民政府"),
             "b.txt": SERIES["2022.txt"].replace(A, "乙市西湖区人民政府").replace(
                 t3_row("二、上年结转政府信息公开申请数量", 1, 1), t3_row("二、上年结转政府信息公开申请数量", 5, 5))}
    assert not of(across(texts), "X-CARRY-OVER")


@pytest.mark.parametrize("data, problem", [
    ({"same": [["甲"]]}, "two or more"),
    ({"units": [{"parent": "甲市人民政府"}]}, "children"),
    ({"units": [{"parent": "甲", "children": "乙"}]}, "list of agency names"),
    ({"unit": []}, "same"),
])
def test_a_bad_agency_file_names_the_problem(data, problem):
    with pytest.raises(AgencyFileError, match=problem):
        parse_agency_file(data, "agencies.yaml")


def test_a_crawlers_source_line_is_not_whose_report_it_is():
    from gov_audit.read import identify

    doc = document_from_text("来源：淮安市人民政府\n本机关全年主动公开政府信息120条。\n")
    doc.metadata = {"source": "淮安市人民政府"}
    assert identify(doc).agency is None
    doc.metadata = {"title": "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"}
    assert (identify(doc).agency, identify(doc).year, identify(doc).written) == ("洪泽区", 2024, "淮安市洪泽区人民政府")


def test_the_summaries_wait_on_disk_and_are_removed(tmp_path, monkeypatch):
    import tempfile

    from gov_audit.pipeline import folder_check

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = folder_check(rules())
    try:
        for index, (name, text) in enumerate(SERIES.items()):
            folder.add(index, check_document(document_from_text(text, path=name), rules()).summary)
        assert [p.suffix for p in tmp_path.iterdir()] == [".sqlite"]
        assert list(folder.results()) == []  # the series is consistent
    finally:
        folder.close()
    assert not list(tmp_path.iterdir())

"""Numbers: Interval arithmetic, written precision, and the figure scanner.

The scanner tables are (text → figures) with each figure given as
(raw, interval as printed, unit, qualifier): the interval's printed form
shows both ends and whether each is open, so one string pins the semantics.
"""
import time
from dataclasses import FrozenInstanceError, fields
from decimal import Decimal
from pathlib import Path

import pytest

from gov_audit.core import figures, numbers, scanner
from gov_audit.core.figures import Figure, parse_figure, scan_figures
from gov_audit.core.numbers import Interval, fmt_decimal, precision_interval, rounded_interval

D = Decimal
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def iv(low, high, low_open=False, high_open=False):
    return Interval(None if low is None else D(low), None if high is None else D(high), low_open, high_open)


def brief(text):
    return [(f.raw, str(f.value), f.unit, f.qualifier) for f in scan_figures(text)]


# ---------------------------------------------------------------- Interval


@pytest.mark.parametrize("a, b, total", [
    (iv(1, 1), iv(2, 2), "3"),
    (iv(1, 2, False, True), iv(3, 4, True, False), "(4, 6)"),
    (iv(300, 400, True, True), iv(10, 10), "(310, 410)"),
    (iv(4, None), iv(1, 2), "[5, +∞)"),
    (iv(None, 3), iv(1, 1), "(−∞, 4]"),
    (iv(None, None), iv(1, 1), "(−∞, +∞)"),
])
def test_add(a, b, total):
    assert str(a + b) == total
    assert str(b + a) == total


@pytest.mark.parametrize("a, negated", [
    (iv(1, 2, False, True), "(-2, -1]"),
    (iv(4, None), "(−∞, -4]"),
    (iv(-3, -3), "3"),
])
def test_neg(a, negated):
    assert str(-a) == negated


@pytest.mark.parametrize("a, b, difference", [
    (iv(10, 10), iv(3, 3), "7"),
    (iv(10, 10), iv(3, 4, False, True), "(6, 7]"),
    (iv(10, 20), iv(4, None), "(−∞, 16]"),
])
def test_sub(a, b, difference):
    assert str(a - b) == difference


@pytest.mark.parametrize("a, factor, scaled", [
    (iv("1.275", "1.285", False, True), 10000, "[12750, 12850)"),
    (iv(1, 2, True, False), -2, "[-4, -2)"),
    (iv(1, None), 3, "[3, +∞)"),
])
def test_scale(a, factor, scaled):
    assert str(a.scale(D(factor))) == scaled


@pytest.mark.parametrize("a, b, meets", [
    (iv(1, 2), iv(2, 3), True),
    (iv(1, 2, False, True), iv(2, 3), False),
    (iv(1, 2), iv(2, 3, True, False), False),
    (iv(1, 2, False, True), iv(2, 3, True, False), False),
    (iv(1, 3), iv(2, 2), True),
    (iv(1, 2), iv(3, 4), False),
    (iv(300, 400, True, True), iv(350, 350), True),
    (iv(300, 400, True, True), iv(300, 300), False),
    (iv(4, None), iv(100, 100), True),
    (iv(4, None), iv(3, 3), False),
    (iv(None, None), iv(-7, -7), True),
    (iv(None, 0), iv(0, None), True),
    (iv(None, 0, False, True), iv(0, None), False),
])
def test_meets(a, b, meets):
    assert a.meets(b) is meets
    assert b.meets(a) is meets


@pytest.mark.parametrize("a, b, le, lt", [
    (iv(1, 1), iv(1, 1), True, False),
    (iv(1, 2), iv(0, 1), True, False),
    (iv(1, 2, True, False), iv(0, 1), False, False),
    (iv(1, 2), iv(0, 1, False, True), False, False),
    (iv(1, 2), iv(3, 3), True, True),
    (iv(5, None), iv(None, 0), False, False),
    (iv(None, None), iv(0, 0), True, True),
    (iv(3, 3), iv(None, None), True, True),
])
def test_can_be_le_and_lt(a, b, le, lt):
    assert a.can_be_le(b) is le
    assert a.can_be_lt(b) is lt


def test_surely_lt():
    assert iv(1, 2).surely_lt(iv(3, 4))
    assert not iv(1, 3).surely_lt(iv(3, 4))
    assert iv(1, 3, False, True).surely_lt(iv(3, 4))
    assert not iv(1, None).surely_lt(iv(3, 4))


def test_exact_point_contains():
    assert Interval.exact(5).is_exact and Interval.exact("5").point == 5
    assert not iv(5, 5, True, False).is_exact  # (5, 5] is empty, not the value 5
    assert iv(300, 400, True, True).point == 350
    assert iv(4, None).point == 4 and iv(None, 7).point == 7
    r = iv("83.85", "83.95", False, True)
    assert "83.85" in r and D("83.9") in r and "83.95" not in r and 83 not in r
    assert 10**9 in iv(4, None) and -(10**9) in iv(None, None)
    assert 300 not in iv(300, 400, True, True)


@pytest.mark.parametrize("value, text", [
    (D("10351"), "10351"), (D("1E+1"), "10"), (D("83.90"), "83.9"), (D("-0.50"), "-0.5"),
    (D("16359.26412"), "16359.26412"),
])
def test_fmt_decimal(value, text):
    assert fmt_decimal(value) == text


def test_json_number_whole_values_are_ints():
    assert numbers.json_number(D("12.0")) == 12 and isinstance(numbers.json_number(D("12.0")), int)


@pytest.mark.parametrize("text, scale, expected", [
    ("10351", 1, "10351"),
    ("83.9", 1, "[83.85, 83.95)"),
    ("1.28", 10000, "[12750, 12850)"),
    ("3", 10000, "30000"),
    ("1,234", 1, "1234"),
    ("-1.5", 1, "[-1.55, -1.45)"),
    ("\u22128", 1, "-8"),
    ("16359.26412", 1, "[16359.264115, 16359.264125)"),
])
def test_precision_interval(text, scale, expected):
    assert str(precision_interval(text, D(scale))) == expected


@pytest.mark.parametrize("text, expected", [
    ("100", "[99.5, 100.5)"), ("83.9", "[83.85, 83.95)"), ("0", "[-0.5, 0.5)"), ("99.50", "[99.495, 99.505)"),
])
def test_rounded_interval(text, expected):
    assert str(rounded_interval(text)) == expected


# ---------------------------------------------------------------- scanner

FIGURES = [
    # plain numbers, separators, signs
    ("共发布信息10351条", [("10351条", "10351", "条", None)]),
    ("合计1,234件", [("1,234件", "1234", "件", None)]),
    ("总计12,345,678人次", [("12,345,678人次", "12345678", "人次", None)]),
    ("分别为3,4", [("3", "3", None, None), ("4", "4", None, None)]),
    ("1,2345", [("1", "1", None, None), ("2345", "2345", None, None)]),
    ("如-8", [("-8", "-8", None, None)]),
    ("本年增/减 +164", [("+164", "164", None, None)]),
    ("减少\u22128项", [("\u22128项", "-8", "项", None)]),
    ("2016-2017年", [("2016", "2016", None, None), ("2017年", "2017", "年", None)]),
    ("2016年-2017年", [("2016年", "2016", "年", None), ("2017年", "2017", "年", None)]),
    ("1-12月", [("1", "1", None, None), ("12月", "12", "月", None)]),
    ("调整“两个清单”3 次", [("两个", "2", "个", None), ("3 次", "3", "次", None)]),
    # decimals keep their precision
    ("办理率83.9", [("83.9", "[83.85, 83.95)", None, None)]),
    ("资金1522.63万元", [("1522.63万元", "[1522.625, 1522.635)", "万元", None)]),
    # multipliers
    ("1.28万条", [("1.28万条", "[12750, 12850)", "条", None)]),
    ("3万", [("3万", "30000", None, None)]),
    ("访问量达1.2万人次", [("1.2万人次", "[11500, 12500)", "人次", None)]),
    ("建筑面积1.28万平方米", [("1.28万平方米", "[12750, 12850)", "平方米", None)]),
    ("35万元", [("35万元", "35", "万元", None)]),
    ("1.5亿元", [("1.5亿元", "[1.45, 1.55)", "亿元", None)]),
    ("汇聚数据8232万条", [("8232万条", "82320000", "条", None)]),
    ("3万余人", [("3万余人", "(30000, 40000)", "人", "approx")]),
    ("300余万人次", [("300余万人次", "(3000000, 4000000)", "人次", "approx")]),
    ("投资300多万元", [("300多万元", "(300, 400)", "万元", "approx")]),
    # approximation after the number: up to the place value of the last non-zero digit
    ("300余件", [("300余件", "(300, 400)", "件", "approx")]),
    ("1500余", [("1500余", "(1500, 1600)", None, "approx")]),
    ("30多家", [("30多家", "(30, 40)", "家", "approx")]),
    ("15774余条", [("15774余条", "(15774, 15775)", "条", "approx")]),
    ("1000余条", [("1000余条", "(1000, 2000)", "条", "approx")]),
    # about / nearly
    ("约300人", [("约300人", "[270, 330]", "人", "approx")]),
    ("300人左右", [("300人左右", "[270, 330]", "人", "approx")]),
    ("约300人左右", [("约300人左右", "[270, 330]", "人", "approx")]),
    ("约33件", [("约33件", "[30, 36]", "件", "approx")]),
    ("约5次", [("约5次", "[4, 6]", "次", "approx")]),
    ("约4900人次", [("约4900人次", "[4410, 5390]", "人次", "approx")]),
    ("约1.2万人", [("约1.2万人", "[10350, 13750]", "人", "approx")]),
    ("近33条", [("近33条", "[30, 33]", "条", "approx")]),
    ("将近300件", [("将近300件", "[270, 300]", "件", "approx")]),
    ("近5个", [("近5个", "[4, 5]", "个", "approx")]),
    ("近3万人", [("近3万人", "[27000, 30000]", "人", "approx")]),
    ("近3年来", [("3年", "3", "年", None)]),  # the last three years
    ("节约3万元", [("3万元", "3", "万元", None)]),  # saved, not about
    ("签约5个项目", [("5个", "5", "个", None)]),
    # lower bounds
    ("不少于4次", [("不少于4次", "[4, +∞)", "次", "lower")]),
    ("至少 4 次", [("至少 4 次", "[4, +∞)", "次", "lower")]),
    ("4次以上", [("4次以上", "[4, +∞)", "次", "lower")]),
    ("300以上", [("300以上", "[300, +∞)", None, "lower")]),
    ("90%以上", [("90%以上", "[89.5, +∞)", "%", "lower")]),
    ("超过1万人", [("超过1万人", "(10000, +∞)", "人", "lower")]),
    ("突破30人次", [("突破30人次", "(30, +∞)", "人次", "lower")]),
    ("逾千", []),
    ("逾200家", [("逾200家", "(200, +∞)", "家", "lower")]),
    ("300余人以上", [("300余人以上", "(300, +∞)", "人", "lower")]),
    # upper bounds
    ("不足10件", [("不足10件", "[0, 10)", "件", "upper")]),
    ("不到10件", [("不到10件", "[0, 10)", "件", "upper")]),
    ("低于5%", [("低于5%", "[0, 5.5)", "%", "upper")]),
    ("不超过20个工作日", [("不超过20个工作日", "[0, 20]", "个工作日", "upper")]),
    ("20个工作日以内", [("20个工作日以内", "[0, 20]", "个工作日", "upper")]),
    ("1000元以下", [("1000元以下", "[0, 1000]", "元", "upper")]),
    # percentages are rounded at their written precision
    ("办结率达83.9%", [("83.9%", "[83.85, 83.95)", "%", None)]),
    ("83.9％", [("83.9％", "[83.85, 83.95)", "%", None)]),
    ("公开率100%", [("100%", "[99.5, 100.5)", "%", None)]),
    ("百分之八十", [("百分之八十", "[79.5, 80.5)", "%", None)]),
    ("提高5个百分点", [("5个百分点", "5", "个百分点", None)]),
    # Chinese numerals, only before a measure word
    ("三起", [("三起", "3", "起", None)]),
    ("十四个", [("十四个", "14", "个", None)]),
    ("两个", [("两个", "2", "个", None)]),
    ("百余家", [("百余家", "(100, 200)", "家", "approx")]),
    ("一百多万元", [("一百多万元", "(100, 200)", "万元", "approx")]),
    ("2万多人", [("2万多人", "(20000, 30000)", "人", "approx")]),
    ("大约三千人", [("大约三千人", "[2700, 3300]", "人", "approx")]),
    ("最近3个月", [("3个月", "3", "个月", None)]),
    ("一百二十件", [("一百二十件", "120", "件", None)]),
    ("二十三人", [("二十三人", "23", "人", None)]),
    ("一千零五条", [("一千零五条", "1005", "条", None)]),
    ("三百余人", [("三百余人", "(300, 400)", "人", "approx")]),
    ("十余家", [("十余家", "(10, 20)", "家", "approx")]),
    ("三万余人", [("三万余人", "(30000, 40000)", "人", "approx")]),
    ("两万五千人", [("两万五千人", "25000", "人", None)]),
    ("三百五十件", [("三百五十件", "350", "件", None)]),
    ("三四个", [("三四个", "[3, 4]", "个", "approx")]),
    ("不少于四次", [("不少于四次", "[4, +∞)", "次", "lower")]),
    ("三次以上", [("三次以上", "[3, +∞)", "次", "lower")]),
    ("每年组织一次", [("一次", "1", "次", None)]),
    ("一次性告知", [("一次", "1", "次", None)]),
    ("五万元", [("五万元", "5", "万元", None)]),
    ("一是加强", []),
    ("一、总体情况", []),
    ("统一名称", []),
    ("上一年项目数量", []),
    ("一批", []),
    ("进一步", []),
    ("十四五规划", []),
    ("十三五期间", []),
    ("第三", []),
    ("第三次", []),
    ("国务院令第711号", []),
    ("增强“四个意识”", []),
    ("与群众一起", []),
    ("二〇一六年", []),
    ("二○一三年一月二十日", [("一月", "1", "月", None), ("二十日", "20", "日", None)]),
    # dates
    ("2016年12月31日", [("2016年", "2016", "年", None), ("12月", "12", "月", None), ("31日", "31", "日", None)]),
    ("2020年度", [("2020年", "2020", "年", None)]),
    # not figures
    ("时间09:15", []),
    ("发布时间:2013-12-19 09:15", [("2013", "2013", None, None), ("12", "12", None, None),
                                   ("19", "19", None, None)]),
    ("电话:0791-86565313", []),
    ("咨询0791-86565313", []),
    ("热线027-84897321-8001", []),
    ("(0791)86565313", []),
    ("400-123-4567", []),
    ("邮编:430056", []),
    ("邮编：350400", []),
    ("邮箱:1746998256@qq.com", []),
    ("whkfqysq@wuhan.gov.cn", []),
    ("见www.248365365.com/index", []),
    ("http://www.gov.cn/2020/12/a.html", []),
    ("建成5G基站", []),
    ("〔2014〕32号", [("32号", "32", "号", None)]),
    ("[2016]48号", [("48号", "48", "号", None)]),
    ("﹝2016﹞143号", [("143号", "143", "号", None)]),
    ("1.遵照《条例》", []),
    ("  2、加强指导", []),
    ("发布;3.根据", []),
    ("(3)加强监管", []),
    ("精心部署安排1.高度重视", []),
    ("其中:1、网站公开12条", [("12条", "12", "条", None)]),
    ("分别为:12、5、3件", [("12", "12", None, None), ("5", "5", None, None), ("3件", "3", "件", None)]),
    ("数十个", []),
    ("上千件", []),
    ("30分钟内", [("30分钟", "30", "分钟", None)]),
    ("（三）不予公开", []),
    ("| 1.属于国家秘密 | 0 |", [("0", "0", None, None)]),
    ("2020.12.31", []),
]


@pytest.mark.parametrize("text, expected", FIGURES, ids=[t for t, _ in FIGURES])
def test_scan_figures(text, expected):
    assert brief(text) == expected


def test_sentence():
    text = "全年共受理申请300余件，办结率达99.5%，其中网上申请1.2万件。"
    figures = scan_figures(text)
    assert brief(text) == [
        ("300余件", "(300, 400)", "件", "approx"),
        ("99.5%", "[99.45, 99.55)", "%", None),
        ("1.2万件", "[11500, 12500)", "件", None),
    ]
    first, rate, online = figures
    assert (first.number_text, first.chinese, first.percent) == ("300", False, False)
    assert text[first.num_start:first.num_end] == "300"
    assert (rate.number_text, rate.percent) == ("99.5", True)
    assert online.number_text == "1.2万"


def test_list_of_counts():
    assert brief("分别为12、5、3件") == [
        ("12", "12", None, None), ("5", "5", None, None), ("3件", "3", "件", None),
    ]


def test_offsets_and_fields():
    text = "据统计,近33条信息于2016年12月31日前公开,超过1.28万人次访问"
    figures = scan_figures(text)
    near = figures[0]
    assert (near.start, near.end, near.raw) == (4, 8, "近33条")
    assert (near.num_start, near.num_end, near.number_text) == (5, 7, "33")
    big = figures[-1]
    assert big.raw == "超过1.28万人次" and big.number_text == "1.28万" and big.qualifier == "lower"
    assert str(big.value) == "(12750, +∞)"


def test_chinese_flag_and_number_text():
    (f,) = scan_figures("共三百余人参加")
    assert f.chinese and f.number_text == "三百" and f.raw == "三百余人"


def test_figure_is_a_frozen_dataclass():
    (f,) = scan_figures("共10件")
    with pytest.raises(FrozenInstanceError):
        f.start = 0
    same = Figure(**{field.name: getattr(f, field.name) for field in fields(Figure)})
    assert same == f and hash(same) == hash(f)


def test_repeated_figures_keep_their_own_offsets():
    text = "| 0 | 0 |\n| 0 | 5 |"
    figures = scan_figures(text)
    assert [f.start for f in figures] == [2, 6, 12, 16]
    assert all(text[f.start:f.end] == f.raw for f in figures)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_fixture_figures_are_consistent(path):
    text = path.read_text(encoding="utf-8")
    figures = scan_figures(text)
    assert figures
    last_end = 0
    for f in figures:
        assert f.start >= last_end, f
        assert f.start <= f.num_start < f.num_end <= f.end
        assert f.raw == text[f.start:f.end]
        assert f.number_text == text[f.num_start:f.num_end]
        assert f.qualifier in (None, "approx", "lower", "upper")
        assert f.percent == (f.unit == "%")
        last_end = f.end


def test_fixture_003_table_values():
    text = (FIXTURES / "003_baa04b3ed7a09fb6.txt").read_text(encoding="utf-8")
    raws = [f.raw for f in scan_figures(text)]
    for expected in ("-257", "+164", "+417", "-33", "16359.26412(万元)", "5702条", "101309件", "99.55%"):
        assert expected in raws
    assert "84897321" not in "".join(raws)  # the phone number
    assert not any(r.startswith("430056") for r in raws)  # the post code


# ---------------------------------------------------------------- parse_figure

CELLS = [
    ("0", "0", None),
    ("-257", "-257", None),
    ("+164", "164", None),
    ("1,234", "1234", None),
    (" 12 ", "12", None),
    ("16359.26412(万元)", "[16359.264115, 16359.264125)", "万元"),
    ("251000元", "251000", "元"),
    ("10%", "[9.5, 10.5)", "%"),
    ("三件", "3", "件"),
    ("约300", "[270, 330]", None),
]


@pytest.mark.parametrize("cell, value, unit", CELLS, ids=[c for c, _, _ in CELLS])
def test_parse_figure(cell, value, unit):
    f = parse_figure(cell)
    assert f is not None
    assert (str(f.value), f.unit) == (value, unit)
    assert f.raw == cell.strip()


def test_parse_figure_amount_point():
    f = parse_figure("16359.26412(万元)")
    assert f.value.point == D("16359.26412") and f.number_text == "16359.26412"


@pytest.mark.parametrize("cell", ["/", "", "  ", "无", "—", "三", "1.", "(2)", "第三", "2016-2017",
                                  "0791-86565313", "12件 5件", "合计", "12a"])
def test_parse_figure_refuses(cell):
    assert parse_figure(cell) is None


# ---------------------------------------------------------------- lexicon


def test_lexicon_loads_from_source_tree():
    lex = scanner._lexicon()
    assert "件" in lex["units"] and lex["multipliers"]["万"] == 10000
    assert set(lex) <= scanner._LEXICON_KEYS


def test_lexicon_refuses_unknown_keys():
    with pytest.raises(ValueError, match="unitz"):
        scanner._checked_lexicon({"unitz": ["件"]})
    with pytest.raises(ValueError, match="mapping"):
        scanner._checked_lexicon(["件"])


def test_words_are_data():
    lex = dict(scanner._lexicon())
    lex["units"] = list(lex["units"]) + ["桩"]
    lex["lower_open_before"] = list(lex["lower_open_before"]) + ["多达"]
    words = scanner.Scanner(lex)
    assert [(f.raw, str(f.value), f.unit) for f in figures._scan(words, "多达12桩")] == [
        ("多达12桩", "(12, +∞)", "桩"),
    ]
    assert [f.unit for f in scan_figures("12桩")] == [None]  # the built-in scanner is untouched


@pytest.mark.parametrize("numeral, value", [
    ("三", 3), ("十", 10), ("十四", 14), ("二十三", 23), ("一百二十", 120), ("一千零五", 1005),
    ("三万五千", 35000), ("一亿三千万", 130000000), ("三百五", 350),
])
def test_chinese_value(numeral, value):
    assert scanner.scanner().chinese_value(numeral)[0] == value


@pytest.mark.parametrize("numeral", ["十三五", "十百", "三五"])
def test_chinese_value_refuses(numeral):
    assert scanner.scanner().chinese_value(numeral) is None


def test_no_catastrophic_backtracking():
    text = ("1," * 2000) + ("a1." * 2000) + ("一" * 2000) + ("9" * 5000) + ("约" * 2000)
    start = time.perf_counter()
    scan_figures(text)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("text, value", [
    ("12", 12), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("两", 2), ("一百二十", 120),
    ("二〇一三", 2013), ("二零二一", 2021), ("三四", None), ("十三五", None), ("", None), ("第三", None),
])
def test_whole_number_reads_digits_and_chinese_numerals(text, value):
    assert figures.whole_number(text) == value

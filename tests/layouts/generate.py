"""Filled statistical tables with known cell values, for measuring how govaudit reads them.

A `Report` holds one agency's figures in one of the three official formats
(FORMATS.md §1–§2): the 2014 统计表 (keys `s.*`), or tables 二, 三, 四 of the 2019
and 2021 formats (keys `t2.*`, `t3.*`, `t4.*`), every value keyed as govaudit keys
it (rules/knowledge/templates.yaml: `<row key>.<column>`). The figures are random (a seeded
`random.Random`) but satisfy by construction every relation of FORMATS.md §3 that
holds for a consistent report:

- table 三: each row's 总计 is the sum of its six applicant columns (3); in each
  column 本年新收 + 上年结转 = 总计 + 结转下年度 (1), and 总计 is the sum of the
  result rows (2); hence also the inequalities 6 and 7;
- table 四: each block's 总计 is the sum of its four results (9);
- table 二: 2021 废止 ≤ 现行有效 + 制发; 2019 新公开 ≤ 对外公开总数, 上一年 + 增减 ≥ 0;
- the 2014 table: the sums 18–23, the inequalities 24–25, and the heuristics 27–29
  (答复数 = 办结数 ≤ 收到申请数, 培训班 > 0 ⇒ 培训人员 > 0), so that a consistent
  report has no reason for a warning.

Magnitudes are those of real offices: most reports are small (most cells 0, a few
1–30), some medium, a few big cities (hundreds). No value falls in 2000–2030, so
no cell can be mistaken for a year of the text.

This module knows the templates' row labels as the official forms print them; the
renderers (render.py) lay them out.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Union

Number = Union[int, Decimal]

# --------------------------------------------------------------------------- templates

T3_COLUMNS = ["natural", "commercial", "research", "public_interest", "legal_service", "other_org", "sum"]
T3_APPLICANTS = T3_COLUMNS[:6]
T3_ORGS = T3_COLUMNS[1:6]
T3_COLUMN_LABELS = {
    "natural": "自然人", "commercial": "商业企业", "research": "科研机构",
    "public_interest": "社会公益组织", "legal_service": "法律服务机构", "other_org": "其他", "sum": "总计",
}
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class T3Row:
    key: str            # row key, e.g. "t3.denied.secret"
    labels: tuple       # label path: (top,), (top, group), (top, group, item)


_RESULTS = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_REJECT = "（五）不予处理"
_OTHER = "（六）其他处理"


def _t3_rows(fmt: str) -> list[T3Row]:
    rows = [
        T3Row("t3.new", ("一、本年新收政府信息公开申请数量",)),
        T3Row("t3.carry_in", ("二、上年结转政府信息公开申请数量",)),
        T3Row("t3.granted", (_RESULTS, "（一）予以公开")),
        T3Row("t3.partial", (_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    ]
    for key, item in [("secret", "1.属于国家秘密"), ("law", "2.其他法律行政法规禁止公开"),
                      ("safety", "3.危及“三安全一稳定”"), ("third_party", "4.保护第三方合法权益"),
                      ("internal", "5.属于三类内部事务信息"), ("process", "6.属于四类过程性信息"),
                      ("case_file", "7.属于行政执法案卷"), ("query", "8.属于行政查询事项")]:
        rows.append(T3Row(f"t3.denied.{key}", (_RESULTS, _DENIED, item)))
    for key, item in [("not_held", "1.本机关不掌握相关政府信息"), ("create", "2.没有现成信息需要另行制作"),
                      ("unclear", "3.补正后申请内容仍不明确")]:
        rows.append(T3Row(f"t3.unable.{key}", (_RESULTS, _UNABLE, item)))
    for key, item in [("petition", "1.信访举报投诉类申请"), ("repeat", "2.重复申请"),
                      ("publication", "3.要求提供公开出版物"), ("massive", "4.无正当理由大量反复申请"),
                      ("confirm", "5.要求行政机关确认或重新出具已获取信息")]:
        rows.append(T3Row(f"t3.reject.{key}", (_RESULTS, _REJECT, item)))
    if fmt == "2021":
        for key, item in [("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                          ("no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                          ("misc", "3.其他")]:
            rows.append(T3Row(f"t3.other.{key}", (_RESULTS, _OTHER, item)))
    else:
        rows.append(T3Row("t3.other", (_RESULTS, _OTHER)))
    rows.append(T3Row("t3.total", (_RESULTS, "（七）总计")))
    rows.append(T3Row("t3.carry_out", ("四、结转下年度继续办理",)))
    return rows


T3_ROWS = {"2019": _t3_rows("2019"), "2021": _t3_rows("2021")}
# the optional header rows govaudit knows (a figure read there is a misreading: they are blank)
T3_HEADER_ROWS = {
    "2019": ["t3.results_header", "t3.denied_header", "t3.unable_header", "t3.reject_header"],
    "2021": ["t3.results_header", "t3.denied_header", "t3.unable_header", "t3.reject_header", "t3.other_header"],
}


def t3_result_rows(fmt: str) -> list[str]:
    return [r.key for r in T3_ROWS[fmt] if r.labels[0] == _RESULTS and r.key != "t3.total"]


T4_BLOCKS = ["review", "lit_direct", "lit_after_review"]
T4_RESULTS = ["upheld", "corrected", "other", "pending", "total"]
T4_RESULT_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                    "pending": "尚未审结", "total": "总计"}
T4_BLOCK_LABELS = {"review": "行政复议", "lit_direct": "未经复议直接起诉", "lit_after_review": "复议后起诉"}
T4_KEYS = [f"t4.{b}.{r}" for b in T4_BLOCKS for r in T4_RESULTS]


@dataclass(frozen=True)
class T2Block:
    caption: str
    header: tuple            # 信息内容, column labels …
    columns: tuple           # column keys
    rows: tuple              # ((row key, label), …)


T2_BLOCKS = {
    "2021": [
        T2Block("第二十条第（一）项", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                ("made", "repealed", "valid"), (("t2.rules", "规章"), ("t2.normative", "行政规范性文件"))),
        T2Block("第二十条第（五）项", ("信息内容", "本年处理决定数量"), ("decisions",),
                (("t2.licensing", "行政许可"),)),
        T2Block("第二十条第（六）项", ("信息内容", "本年处理决定数量"), ("decisions",),
                (("t2.punishment", "行政处罚"), ("t2.coercion", "行政强制"))),
        T2Block("第二十条第（八）项", ("信息内容", "本年收费金额（单位：万元）"), ("amount",),
                (("t2.fees", "行政事业性收费"),)),
    ],
    "2019": [
        T2Block("第二十条第（一）项", ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
                ("new_made", "new_published", "published_total"),
                (("t2.rules", "规章"), ("t2.normative", "规范性文件"))),
        T2Block("第二十条第（五）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                ("prev_items", "delta", "decisions"),
                (("t2.licensing", "行政许可"), ("t2.other_services", "其他对外管理服务事项"))),
        T2Block("第二十条第（六）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                ("prev_items", "delta", "decisions"),
                (("t2.punishment", "行政处罚"), ("t2.coercion", "行政强制"))),
        T2Block("第二十条第（八）项", ("信息内容", "上一年项目数量", "本年增/减"), ("prev_items", "delta"),
                (("t2.fees", "行政事业性收费"),)),
        T2Block("第二十条第（九）项", ("信息内容", "采购项目数量", "采购总金额（万元）"), ("items", "amount"),
                (("t2.procurement", "政府集中采购"),)),
    ],
}
T2_WIDTH = 4  # 信息内容 + at most three value columns


@dataclass(frozen=True)
class SRow:
    key: str
    label: str
    unit: str
    header: bool = False   # a header row: blank in the form


S_ROWS = [
    SRow("s.active.header", "一、主动公开情况", "", True),
    SRow("s.active.total", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条"),
    SRow("s.active.normative_published", "其中：主动公开规范性文件数", "条"),
    SRow("s.active.normative_made", "制发规范性文件总数", "件"),
    SRow("s.channel.header", "（二）通过不同渠道和方式公开政府信息的情况", "", True),
    SRow("s.channel.gazette", "1.政府公报公开政府信息数", "条"),
    SRow("s.channel.website", "2.政府网站公开政府信息数", "条"),
    SRow("s.channel.weibo", "3.政务微博公开政府信息数", "条"),
    SRow("s.channel.weixin", "4.政务微信公开政府信息数", "条"),
    SRow("s.channel.other", "5.其他方式公开政府信息数", "条"),
    SRow("s.response.header", "二、回应解读情况", "", True),
    SRow("s.response.total", "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次"),
    SRow("s.response.channels_header", "（二）通过不同渠道和方式回应解读的情况", "", True),
    SRow("s.response.press", "1.参加或举办新闻发布会总次数", "次"),
    SRow("s.response.press_leader", "其中：主要负责同志参加新闻发布会次数", "次"),
    SRow("s.response.interview", "2.政府网站在线访谈次数", "次"),
    SRow("s.response.interview_leader", "其中：主要负责同志参加政府网站在线访谈次数", "次"),
    SRow("s.response.interpretation", "3.政策解读稿件发布数", "篇"),
    SRow("s.response.weibo_weixin", "4.微博微信回应事件数", "次"),
    SRow("s.response.other", "5.其他方式回应事件数", "次"),
    SRow("s.app.header", "三、依申请公开情况", "", True),
    SRow("s.app.received", "（一）收到申请数", "件"),
    SRow("s.app.in_person", "1.当面申请数", "件"),
    SRow("s.app.fax", "2.传真申请数", "件"),
    SRow("s.app.online", "3.网络申请数", "件"),
    SRow("s.app.letter", "4.信函申请数", "件"),
    SRow("s.app.closed", "（二）申请办结数", "件"),
    SRow("s.app.on_time", "1.按时办结数", "件"),
    SRow("s.app.extended", "2.延期办结数", "件"),
    SRow("s.app.replied", "（三）申请答复数", "件"),
    SRow("s.app.already_public", "1.属于已主动公开范围数", "件"),
    SRow("s.app.grant", "2.同意公开答复数", "件"),
    SRow("s.app.partial", "3.同意部分公开答复数", "件"),
    SRow("s.app.deny", "4.不同意公开答复数", "件"),
    SRow("s.app.deny_secret", "其中：涉及国家秘密", "件"),
    SRow("s.app.deny_commercial", "涉及商业秘密", "件"),
    SRow("s.app.deny_privacy", "涉及个人隐私", "件"),
    SRow("s.app.deny_security", "危及国家安全、公共安全、经济安全和社会稳定", "件"),
    SRow("s.app.deny_not_gov_info", "不是《条例》所指政府信息", "件"),
    SRow("s.app.deny_other_law", "法律法规规定的其他情形", "件"),
    SRow("s.app.not_this_agency", "5.不属于本行政机关公开数", "件"),
    SRow("s.app.not_exist", "6.申请信息不存在数", "件"),
    SRow("s.app.notify_correct", "7.告知作出更改补充数", "件"),
    SRow("s.app.other_channel", "8.告知通过其他途径办理数", "件"),
    SRow("s.review.total", "四、行政复议数量", "件"),
    SRow("s.review.upheld", "（一）维持具体行政行为数", "件"),
    SRow("s.review.corrected", "（二）被依法纠错数", "件"),
    SRow("s.review.other", "（三）其他情形数", "件"),
    SRow("s.lit.total", "五、行政诉讼数量", "件"),
    SRow("s.lit.upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件"),
    SRow("s.lit.corrected", "（二）被依法纠错数", "件"),
    SRow("s.lit.other", "（三）其他情形数", "件"),
    SRow("s.complaints", "六、举报投诉数量", "件"),
    SRow("s.fees", "七、依申请公开信息收取的费用", "万元"),
    SRow("s.org.header", "八、机构建设和保障经费情况", "", True),
    SRow("s.org.units", "（一）政府信息公开工作专门机构数", "个"),
    SRow("s.org.reading_points", "（二）设置政府信息公开查阅点数", "个"),
    SRow("s.org.staff", "（三）从事政府信息公开工作人员数", "人"),
    SRow("s.org.full_time", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"),
    SRow("s.org.part_time", "2.兼职人员数", "人"),
    SRow("s.org.budget", "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元"),
    SRow("s.meeting.header", "九、政府信息公开会议和培训情况", "", True),
    SRow("s.meeting.meetings", "（一）召开政府信息公开工作会议或专题会议数", "次"),
    SRow("s.meeting.classes", "（二）举办各类培训班数", "次"),
    SRow("s.meeting.trainees", "（三）接受培训人员数", "人次"),
]

# --------------------------------------------------------------------------- relations

S_SUMS = [  # (total, parts): FORMATS.md §3 rules 18–23
    ("s.app.received", ["s.app.in_person", "s.app.fax", "s.app.online", "s.app.letter"]),
    ("s.app.closed", ["s.app.on_time", "s.app.extended"]),
    ("s.app.replied", ["s.app.already_public", "s.app.grant", "s.app.partial", "s.app.deny",
                       "s.app.not_this_agency", "s.app.not_exist", "s.app.notify_correct", "s.app.other_channel"]),
    ("s.app.deny", ["s.app.deny_secret", "s.app.deny_commercial", "s.app.deny_privacy", "s.app.deny_security",
                    "s.app.deny_not_gov_info", "s.app.deny_other_law"]),
    ("s.review.total", ["s.review.upheld", "s.review.corrected", "s.review.other"]),
    ("s.lit.total", ["s.lit.upheld", "s.lit.corrected", "s.lit.other"]),
    ("s.org.staff", ["s.org.full_time", "s.org.part_time"]),
]
S_AT_MOST = [  # (part, whole): rules 24–25
    ("s.active.normative_published", "s.active.total"),
    ("s.response.press_leader", "s.response.press"),
    ("s.response.interview_leader", "s.response.interview"),
    ("s.channel.gazette", "s.active.total"), ("s.channel.website", "s.active.total"),
    ("s.channel.weibo", "s.active.total"), ("s.channel.weixin", "s.active.total"),
    ("s.channel.other", "s.active.total"),
]


def sum_relations(fmt: str) -> list[tuple[str, list[str]]]:
    """Every exact relation of the format as (total key, part keys): total == Σ parts.
    The balance of table 三 is (new + carry_in == total + carry_out), written here as
    new == total + carry_out − carry_in would not be a sum; it is listed separately
    by `balance_relations`."""
    if fmt == "2014":
        return list(S_SUMS)
    rels = []
    for row in T3_ROWS[fmt]:
        rels.append((f"{row.key}.sum", [f"{row.key}.{c}" for c in T3_APPLICANTS]))
    for col in T3_COLUMNS:
        rels.append((f"t3.total.{col}", [f"{r}.{col}" for r in t3_result_rows(fmt)]))
    for b in T4_BLOCKS:
        rels.append((f"t4.{b}.total", [f"t4.{b}.{r}" for r in T4_RESULTS[:4]]))
    return rels


def balance_relations(fmt: str) -> list[tuple[list[str], list[str]]]:
    if fmt == "2014":
        return []
    return [([f"t3.new.{c}", f"t3.carry_in.{c}"], [f"t3.total.{c}", f"t3.carry_out.{c}"]) for c in T3_COLUMNS]


def exact_keys(fmt: str) -> set[str]:
    """Keys that take part in an exact (error-level) relation: a change to one alone breaks it."""
    keys = set()
    for total, parts in sum_relations(fmt):
        keys.add(total)
        keys.update(parts)
    for left, right in balance_relations(fmt):
        keys.update(left + right)
    return keys


def relation_groups(fmt: str, key: str) -> list[set[str]]:
    """The exact relations (as key sets) that contain `key`."""
    groups = [{t, *ps} for t, ps in sum_relations(fmt) if key == t or key in ps]
    groups += [set(l + r) for l, r in balance_relations(fmt) if key in l or key in r]
    return groups


def check_relations(fmt: str, values: dict) -> list[str]:
    """The relations `values` break (empty for a generated report)."""
    bad = []
    for total, parts in sum_relations(fmt):
        if values[total] != sum(values[p] for p in parts):
            bad.append(f"{total} != sum({parts})")
    for left, right in balance_relations(fmt):
        if sum(values[k] for k in left) != sum(values[k] for k in right):
            bad.append(f"{left} != {right}")
    for k, v in values.items():
        if k != "t2.delta" and not k.endswith(".delta") and v < 0:
            bad.append(f"{k} < 0")
    if fmt == "2014":
        for part, whole in S_AT_MOST:
            if values[part] > values[whole]:
                bad.append(f"{part} > {whole}")
        if values["s.app.replied"] != values["s.app.closed"]:
            bad.append("replied != closed")
        if values["s.app.closed"] > values["s.app.received"]:
            bad.append("closed > received")
        if values["s.meeting.classes"] > 0 and values["s.meeting.trainees"] == 0:
            bad.append("classes without trainees")
        if sum(values[f"s.channel.{c}"] for c in ("gazette", "website", "weibo", "weixin", "other")) \
                < values["s.active.total"]:
            bad.append("channels fewer than the total")
    elif fmt == "2021":
        for r in ("t2.rules", "t2.normative"):
            if values[f"{r}.repealed"] > values[f"{r}.valid"] + values[f"{r}.made"]:
                bad.append(f"{r}.repealed too big")
    else:
        for r in ("t2.rules", "t2.normative"):
            if values[f"{r}.new_published"] > values[f"{r}.published_total"]:
                bad.append(f"{r}.new_published > published_total")
        for r in ("t2.licensing", "t2.other_services", "t2.punishment", "t2.coercion", "t2.fees"):
            if values[f"{r}.prev_items"] + values[f"{r}.delta"] < 0:
                bad.append(f"{r} items < 0")
    for k, v in values.items():
        if isinstance(v, int) and 2000 <= abs(v) <= 2030:
            bad.append(f"{k} looks like a year")
    return bad


# --------------------------------------------------------------------------- the report

PLACES = ["青山", "鹿鸣", "白沙", "石门", "清河", "临川", "安平", "永宁", "桃源", "云溪", "长乐", "东湖",
          "南岭", "凤台", "柳江", "金川", "新丰", "宁远", "丰泽", "龙泉", "平阳", "溪口", "和顺", "嘉禾"]
KINDS = ["县人民政府", "区人民政府", "县人民政府办公室", "县自然资源局", "区市场监督管理局", "县教育局",
         "市生态环境局", "区住房和城乡建设局", "县卫生健康委员会", "镇人民政府"]
YEARS = {"2014": [2015, 2016, 2017], "2019": [2019, 2020], "2021": [2021, 2022, 2023]}
SIZES = ["small", "medium", "big"]


@dataclass
class Report:
    fmt: str                      # "2014" | "2019" | "2021"
    year: int
    agency: str
    size: str
    values: dict = field(default_factory=dict)   # template key -> int | Decimal

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def keys(self) -> list[str]:
        return template_keys(self.fmt)


def template_keys(fmt: str) -> list[str]:
    """Every template cell of the format, in template order."""
    if fmt == "2014":
        return [r.key for r in S_ROWS if not r.header]
    keys = []
    for block in T2_BLOCKS[fmt]:
        for rkey, _ in block.rows:
            keys += [f"{rkey}.{c}" for c in block.columns]
    keys += [f"{r.key}.{c}" for r in T3_ROWS[fmt] for c in T3_COLUMNS]
    keys += T4_KEYS
    return keys


def header_keys(fmt: str) -> list[str]:
    """Keys of template header rows: blank in every form (a figure read there is misread)."""
    if fmt == "2014":
        return [r.key for r in S_ROWS if r.header]
    return [f"{h}.{c}" for h in T3_HEADER_ROWS[fmt] for c in T3_COLUMNS]


def format_value(v: Number) -> str:
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


class _Gen:
    def __init__(self, rng: random.Random, size: str):
        self.rng = rng
        self.size = size

    def count(self, p_nonzero: float, small=(1, 30), medium=(1, 80), big=(20, 900)) -> int:
        """A count: 0 with probability 1 − p (scaled by size), else in the size's range."""
        rng = self.rng
        scale = {"small": 0.6, "medium": 1.0, "big": 1.4}[self.size]
        if rng.random() > min(0.97, p_nonzero * scale):
            return 0
        lo, hi = {"small": small, "medium": medium, "big": big}[self.size]
        # skewed towards the low end, as real counts are
        v = lo + int((hi - lo) * rng.random() ** 2.2)
        return self.no_year(v)

    @staticmethod
    def no_year(v: int) -> int:
        return 1999 if 2000 <= v <= 2030 else v

    def split(self, total: int, n: int, weights=None) -> list[int]:
        """`total` split into n non-negative parts, most parts 0 for small totals."""
        rng = self.rng
        weights = weights or [1.0] * n
        parts = [0] * n
        if total <= 0:
            return parts
        # choose a few categories that get anything
        k = max(1, min(n, int(rng.random() ** 1.5 * n) + 1))
        chosen = rng.sample(range(n), k) if rng.random() < 0.5 else \
            rng.choices(range(n), weights=weights, k=k)
        chosen = list(dict.fromkeys(chosen))
        w = [weights[i] * rng.random() + 1e-9 for i in chosen]
        s = sum(w)
        acc = 0
        for i, wi in zip(chosen[:-1], w[:-1]):
            share = int(total * wi / s)
            parts[i] += share
            acc += share
        parts[chosen[-1]] += total - acc
        return parts

    def amount(self, p_nonzero: float, hi: float) -> Decimal:
        rng = self.rng
        if rng.random() > p_nonzero:
            return Decimal(0)
        places = rng.choice([0, 1, 2, 2, 4])
        v = Decimal(str(round(rng.random() ** 2 * hi, places)))
        if places == 0:
            v = Decimal(int(v))
        if 2000 <= v <= 2030:
            v += 100
        return v


def _t3(g: _Gen, fmt: str, values: dict) -> None:
    rng = g.rng
    results = t3_result_rows(fmt)
    # weights of the result rows: 予以公开 and 不掌握 are the common ones
    weight = {"t3.granted": 8, "t3.partial": 2, "t3.unable.not_held": 4, "t3.reject.repeat": 1.5,
              "t3.reject.petition": 1.2, "t3.denied.third_party": 1, "t3.denied.process": 0.8,
              "t3.other": 1.5, "t3.other.misc": 1.2, "t3.other.no_correction": 0.8,
              "t3.unable.unclear": 0.8, "t3.unable.create": 0.6}
    w = [weight.get(r, 0.3) for r in results]
    empty_table = rng.random() < 0.06
    p_active = {"natural": 0.95, "commercial": 0.45, "research": 0.1, "public_interest": 0.12,
                "legal_service": 0.25, "other_org": 0.25}
    for col in T3_APPLICANTS:
        active = not empty_table and rng.random() < p_active[col]
        if not active:
            total = 0
        elif col == "natural":
            total = g.count(1.0, small=(1, 30), medium=(5, 120), big=(80, 1500))
        else:
            total = g.count(1.0, small=(1, 6), medium=(1, 20), big=(1, 200))
        parts = g.split(total, len(results), w)
        for r, v in zip(results, parts):
            values[f"{r}.{col}"] = v
        values[f"t3.total.{col}"] = total
        carry_out = g.count(0.35, small=(1, 4), medium=(1, 15), big=(5, 120)) if active else 0
        carry_in = g.count(0.35, small=(1, 4), medium=(1, 15), big=(5, 120)) if active else 0
        carry_in = min(carry_in, total + carry_out)
        values[f"t3.carry_out.{col}"] = carry_out
        values[f"t3.carry_in.{col}"] = carry_in
        values[f"t3.new.{col}"] = total + carry_out - carry_in
    for row in T3_ROWS[fmt]:
        values[f"{row.key}.sum"] = sum(values[f"{row.key}.{c}"] for c in T3_APPLICANTS)
    # a sum can reach the years only in a big city: nudge the natural column
    for row in T3_ROWS[fmt]:
        if 2000 <= values[f"{row.key}.sum"] <= 2030:
            raise _Retry


class _Retry(Exception):
    pass


def _t4(g: _Gen, values: dict) -> None:
    for b in T4_BLOCKS:
        p = {"review": 0.35, "lit_direct": 0.2, "lit_after_review": 0.12}[b]
        total = g.count(p, small=(1, 4), medium=(1, 12), big=(3, 60))
        parts = g.split(total, 4, [5, 1, 1.5, 1.5])
        for r, v in zip(T4_RESULTS[:4], parts):
            values[f"t4.{b}.{r}"] = v
        values[f"t4.{b}.total"] = total


def _t2(g: _Gen, fmt: str, values: dict) -> None:
    rng = g.rng
    city = g.size == "big"
    if fmt == "2021":
        made = g.count(0.3 if city else 0.05, small=(1, 2), medium=(1, 3), big=(1, 8))
        valid = made + g.count(0.6 if city else 0.1, small=(1, 10), medium=(1, 30), big=(10, 150))
        repealed = min(g.count(0.2, small=(1, 2), medium=(1, 3), big=(1, 10)), valid + made)
        values.update({"t2.rules.made": made, "t2.rules.repealed": repealed, "t2.rules.valid": valid})
        made = g.count(0.7, small=(1, 8), medium=(1, 25), big=(5, 120))
        valid = made + g.count(0.8, small=(1, 40), medium=(5, 150), big=(50, 900))
        repealed = min(g.count(0.4, small=(1, 5), medium=(1, 15), big=(1, 60)), valid + made)
        values.update({"t2.normative.made": made, "t2.normative.repealed": repealed,
                       "t2.normative.valid": valid})
        values["t2.licensing.decisions"] = g.count(0.7, small=(1, 300), medium=(10, 1900), big=(100, 60000))
        values["t2.punishment.decisions"] = g.count(0.6, small=(1, 80), medium=(5, 600), big=(50, 9000))
        values["t2.coercion.decisions"] = g.count(0.3, small=(1, 10), medium=(1, 60), big=(5, 400))
        values["t2.fees.amount"] = g.amount(0.3, {"small": 50, "medium": 900, "big": 90000}[g.size])
    else:
        for r in ("t2.rules", "t2.normative"):
            made = g.count(0.5 if r == "t2.normative" or city else 0.05, small=(1, 6), medium=(1, 20), big=(1, 80))
            published = made if rng.random() < 0.8 else made + g.count(0.5, small=(1, 3))
            total = published + g.count(0.7, small=(1, 40), medium=(5, 150), big=(20, 900))
            values.update({f"{r}.new_made": made, f"{r}.new_published": published,
                           f"{r}.published_total": total})
        for r in ("t2.licensing", "t2.other_services", "t2.punishment", "t2.coercion"):
            prev = g.count(0.6, small=(1, 60), medium=(5, 300), big=(20, 1500))
            delta = 0
            if rng.random() < 0.4:
                delta = rng.randint(-prev, max(1, prev // 3 + 3))
            decisions = g.count(0.6, small=(1, 300), medium=(10, 1900), big=(100, 60000))
            values.update({f"{r}.prev_items": prev, f"{r}.delta": delta, f"{r}.decisions": decisions})
        prev = g.count(0.4, small=(1, 10), medium=(1, 30), big=(5, 80))
        values["t2.fees.prev_items"] = prev
        values["t2.fees.delta"] = rng.randint(-prev, 2) if rng.random() < 0.3 else 0
        values["t2.procurement.items"] = g.count(0.5, small=(1, 20), medium=(1, 80), big=(10, 900))
        values["t2.procurement.amount"] = (g.amount(0.9, {"small": 300, "medium": 5000, "big": 900000}[g.size])
                                           if values["t2.procurement.items"] else Decimal(0))


def _s(g: _Gen, values: dict) -> None:
    rng = g.rng
    total = g.count(0.97, small=(20, 800), medium=(100, 1999), big=(2100, 90000))
    values["s.active.total"] = total
    values["s.active.normative_published"] = min(total, g.count(0.6, small=(1, 15), medium=(1, 60), big=(5, 300)))
    values["s.active.normative_made"] = g.count(0.5, small=(1, 10), medium=(1, 40), big=(5, 200))
    # each item is published on at least one channel: Σ channels ≥ total, each ≤ total
    channels = ["s.channel.gazette", "s.channel.website", "s.channel.weibo", "s.channel.weixin", "s.channel.other"]
    for ch, p in zip(channels, [0.3, 0.95, 0.5, 0.6, 0.4]):
        values[ch] = _Gen.no_year(int(total * rng.random() ** 0.7)) if rng.random() < p else 0
    for ch in ["s.channel.website"] + rng.sample(channels, len(channels)):
        short = total - sum(values[c] for c in channels)
        if short <= 0:
            break
        values[ch] = min(total, values[ch] + short)
        if 2000 <= values[ch] <= 2030:
            values[ch] = total
    values["s.response.total"] = g.count(0.6, small=(1, 20), medium=(1, 80), big=(10, 600))
    press = g.count(0.5, small=(1, 6), medium=(1, 20), big=(5, 120))
    interview = g.count(0.4, small=(1, 6), medium=(1, 20), big=(5, 60))
    values.update({"s.response.press": press, "s.response.interview": interview,
                   "s.response.press_leader": rng.randint(0, press) if press and rng.random() < 0.5 else 0,
                   "s.response.interview_leader": rng.randint(0, interview) if interview and rng.random() < 0.5 else 0})
    values["s.response.interpretation"] = g.count(0.6, small=(1, 30), medium=(1, 100), big=(10, 600))
    values["s.response.weibo_weixin"] = g.count(0.5, small=(1, 60), medium=(1, 200), big=(10, 1900))
    values["s.response.other"] = g.count(0.3, small=(1, 20), medium=(1, 60), big=(5, 300))
    channels = ["s.app.in_person", "s.app.fax", "s.app.online", "s.app.letter"]
    received = g.count(0.8, small=(1, 30), medium=(5, 150), big=(100, 1900))
    for k, v in zip(channels, g.split(received, 4, [3, 0.3, 4, 1.5])):
        values[k] = v
    values["s.app.received"] = received
    closed = received - (g.count(0.3, small=(1, 3), medium=(1, 10), big=(1, 40)) if received else 0)
    closed = max(0, closed)
    values["s.app.closed"] = closed
    extended = min(closed, g.count(0.2, small=(1, 3), medium=(1, 10), big=(1, 50)))
    values["s.app.on_time"], values["s.app.extended"] = closed - extended, extended
    values["s.app.replied"] = closed
    cats = ["s.app.already_public", "s.app.grant", "s.app.partial", "s.app.deny", "s.app.not_this_agency",
            "s.app.not_exist", "s.app.notify_correct", "s.app.other_channel"]
    for k, v in zip(cats, g.split(closed, 8, [2, 6, 1.5, 1, 1.5, 1.5, 0.5, 0.8])):
        values[k] = v
    reasons = ["s.app.deny_secret", "s.app.deny_commercial", "s.app.deny_privacy", "s.app.deny_security",
               "s.app.deny_not_gov_info", "s.app.deny_other_law"]
    for k, v in zip(reasons, g.split(values["s.app.deny"], 6, [1, 1, 2, 0.5, 2, 1])):
        values[k] = v
    for blk, p in [("review", 0.3), ("lit", 0.2)]:
        t = g.count(p, small=(1, 3), medium=(1, 8), big=(1, 40))
        for k, v in zip(["upheld", "corrected", "other"], g.split(t, 3, [5, 1, 1])):
            values[f"s.{blk}.{k}"] = v
        values[f"s.{blk}.total"] = t
    values["s.complaints"] = g.count(0.2, small=(1, 5), medium=(1, 20), big=(1, 90))
    values["s.fees"] = g.amount(0.05, 2)
    values["s.org.units"] = g.count(0.7, small=(1, 2), medium=(1, 5), big=(1, 40))
    values["s.org.reading_points"] = g.count(0.7, small=(1, 3), medium=(1, 12), big=(5, 200))
    full = g.count(0.6, small=(1, 3), medium=(1, 8), big=(3, 60))
    part = g.count(0.8, small=(1, 6), medium=(1, 30), big=(10, 500))
    values.update({"s.org.full_time": full, "s.org.part_time": part, "s.org.staff": full + part})
    values["s.org.budget"] = g.amount(0.4, {"small": 5, "medium": 30, "big": 300}[g.size])
    values["s.meeting.meetings"] = g.count(0.6, small=(1, 5), medium=(1, 12), big=(2, 60))
    classes = g.count(0.6, small=(1, 4), medium=(1, 10), big=(2, 80))
    values["s.meeting.classes"] = classes
    values["s.meeting.trainees"] = (max(1, g.count(1.0, small=(5, 120), medium=(20, 600), big=(100, 1999)))
                                    if classes else g.count(0.1, small=(1, 20)))


def generate(seed: int, fmt: Optional[str] = None, size: Optional[str] = None, busy_t4: bool = False) -> Report:
    """One report with random figures (reproducible from `seed`) satisfying every relation.
    `busy_t4`: table 四 has figures in at least one block (for layouts about its cells)."""
    rng = random.Random(seed)
    fmt = fmt or rng.choice(["2014", "2019", "2021", "2021"])
    size = size or rng.choices(SIZES, weights=[6, 3, 1])[0]
    year = rng.choice(YEARS[fmt])
    agency = rng.choice(PLACES) + rng.choice(KINDS)
    for _ in range(50):
        values: dict = {}
        g = _Gen(rng, size)
        try:
            if fmt == "2014":
                _s(g, values)
            else:
                _t2(g, fmt, values)
                _t3(g, fmt, values)
                _t4(g, values)
                if busy_t4 and not any(values[f"t4.{b}.total"] for b in T4_BLOCKS):
                    continue
        except _Retry:
            continue
        if not check_relations(fmt, values):
            break
    else:  # pragma: no cover
        raise RuntimeError(f"seed {seed}: no consistent report")
    report = Report(fmt=fmt, year=year, agency=agency, size=size,
                    values={k: values[k] for k in template_keys(fmt)})
    return report

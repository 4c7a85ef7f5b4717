"""The prose stage: lexicon matching over masked clauses."""
import pytest

from gov_audit.knowledge.lexicon import build_lexicon
from gov_audit.load import document_from_text
from gov_audit.read import read_prose


def lexicon(*entries):
    return build_lexicon({"entries": list(entries)})


def keyed(text, lex, fmt="2021"):
    return [(f.key, f.lexeme, int(f.value.point)) for f in read_prose(document_from_text(text), fmt, lex=lex) if f.key]


SHORT = {"id": "short", "key": "t3.new.sum", "patterns": ["申请{N}"]}
LONG = {"id": "long", "key": "t3.total.sum", "patterns": ["申请{N}已办结"]}


def test_the_longest_phrasing_wins_whatever_the_order():
    text = "全年申请5件已办结。"
    assert keyed(text, lexicon(SHORT, LONG)) == [("t3.total.sum", "long", 5)]
    assert keyed(text, lexicon(LONG, SHORT)) == [("t3.total.sum", "long", 5)]


def test_the_phrasing_starting_furthest_left_wins():
    early = {"id": "early", "key": "t3.carry_in.sum", "patterns": ["上年结转申请{N}"]}
    assert keyed("其中上年结转申请3件。", lexicon(SHORT, early)) == [("t3.carry_in.sum", "early", 3)]


def test_a_figure_in_another_clause_is_not_keyed():
    assert keyed("申请办理顺利。共3件", lexicon(SHORT)) == []


def test_the_unit_must_be_one_the_entry_accepts():
    entry = dict(SHORT, units=["件"])
    assert keyed("申请5条。", lexicon(entry)) == []
    assert keyed("申请5件。", lexicon(entry)) == [("t3.new.sum", "short", 5)]


def test_the_key_depends_on_the_format():
    entry = {"id": "e", "key": {"2014": "s.app.received", "2021": "t3.new.sum"}, "patterns": ["收到申请{N}"]}
    assert keyed("收到申请7件。", lexicon(entry), "2014") == [("s.app.received", "e", 7)]
    assert keyed("收到申请7件。", lexicon(entry), "2019") == []


def test_traditional_text_matches_through_normalization():
    entry = {"id": "e", "key": "t3.new.sum", "patterns": ["收到申请{N}"]}
    assert keyed("本單位全年收到申請１２件，辦結１２件。", lexicon(entry)) == [("t3.new.sum", "e", 12)]


def test_spaces_around_a_figure_do_not_hide_its_phrasing():
    entry = {"id": "e", "key": "t3.new.sum", "patterns": ["受理政府信息公开申请{N}"]}
    assert keyed("全年共受理政府信息公开申请 749 件。", lexicon(entry)) == [("t3.new.sum", "e", 749)]


# ---------------------------------------------------------------- the built-in lexicon: scope and frames

import time
import tracemalloc

from gov_audit import audit
from gov_audit.knowledge.lexicon import extend_lexicon
from gov_audit.knowledge.lexicon import lexicon as builtin_lexicon
from gov_audit.pipeline import check_document


def read(text, fmt="2021"):
    return [f for f in read_prose(document_from_text(text), fmt, lex=builtin_lexicon())]


def keys(text, fmt="2021"):
    return [(f.key, int(f.value.point)) for f in read(text, fmt) if f.key]


def test_a_service_hall_or_hotline_is_out_of_scope_over_the_whole_sentence():
    assert keys("政务服务大厅设窗口20个，全年窗口共受理申请45210件。") == []
    assert keys("12345热线全年共受理群众诉求申请3000件。") == []
    assert keys("通过政务服务大厅窗口收到政府信息公开申请5件。") == [("t3.new.sum", 5)]  # its own words bring it back


def test_a_bare_application_count_is_at_most_a_warning_unless_its_heading_says_disclosure():
    bare = [f for f in read("全年共受理申请40件。") if f.key]
    assert [(f.key, f.hedge_severity) for f in bare] == [("t3.new.sum", "warning")]
    headed = [f for f in read("三、依申请公开情况\n全年共受理申请40件。") if f.key]
    assert [(f.key, f.hedge_severity) for f in headed] == [("t3.new.sum", None)]


def test_a_sub_units_figures_are_parts_of_the_whole_not_its_own():
    facts = read("全年全区共受理申请公开800件，结转下年度办理39件，区政府本级共受理206件，结转下年度办理6件。")
    assert [(f.key, f.part_of, int(f.value.point)) for f in facts] == [
        ("t3.new.sum", None, 800), ("t3.carry_out.sum", None, 39),
        (None, "t3.new.sum", 206), (None, "t3.carry_out.sum", 6)]
    # 本级 said without a whole before it is the report's own level
    assert keys("区本级政府及政府办共收到政府信息公开申请39件，均已答复。") == [("t3.new.sum", 39)]
    # a sub-unit named in another clause of the sentence is no subject of this one
    assert keys("各部门建立了联络员制度，全年共收到政府信息公开申请12件。") == [("t3.new.sum", 12)]


def test_the_case_block_and_the_reason_come_from_the_sentence():
    assert keys("行政复议4件，其中维持3件，纠错1件；行政诉讼2件，其中胜诉1件。") == [
        ("t4.review.total", 4), ("t4.review.upheld", 3), ("t4.review.corrected", 1),
        ("t4.lit_direct.total + t4.lit_after_review.total", 2), ("t4.lit_direct.upheld + t4.lit_after_review.upheld", 1)]
    assert keys("未经复议直接起诉的行政诉讼2起。") == [("t4.lit_direct.total", 2)]
    assert keys("被申请行政复议、提起行政诉讼共5件。") == [
        ("t4.review.total + t4.lit_direct.total + t4.lit_after_review.total", 5)]
    assert keys("因涉及个人隐私，依法不予公开2件；不予公开3件，其中属于国家秘密1件。") == [
        ("t3.denied.third_party.sum", 2), ("t3.denied.*.sum", 3), ("t3.denied.secret.sum", 1)]
    assert keys("因属于国家秘密、危及三安全一稳定等原因不予公开3件。") == [("t3.denied.*.sum", 3)]


def test_respectively_gives_each_figure_its_own_item():
    assert keys("予以公开、部分公开和不予公开的分别为9件、2件和1件。") == [
        ("t3.granted.sum", 9), ("t3.partial.sum", 2), ("t3.denied.*.sum", 1)]
    assert keys("自然人、法人或其他组织分别提出申请12件、3件。") == [
        ("t3.new.natural", 12),
        ("t3.new.commercial + t3.new.research + t3.new.public_interest + t3.new.legal_service + t3.new.other_org", 3)]


def test_a_quantifier_claims_the_outcome_of_the_figures_before_it():
    facts = [f for f in read("行政复议4件、行政诉讼3件，结果均为维持；另有行政复议申请1件。") if f.key]
    assert [(f.key, [c.key for c in f.claims]) for f in facts] == [
        ("t4.review.total", ["t4.review.upheld"]),
        ("t4.lit_direct.total + t4.lit_after_review.total", ["t4.lit_direct.upheld + t4.lit_after_review.upheld"]),
        ("t4.review.total", [])]


def claims_of(text: str) -> list:
    return [(f.key, [c.key for c in f.claims]) for f in read(text) if f.key]


def test_a_quantifier_speaks_of_the_nearest_figures_not_of_their_whole():
    decided = "t4.review.upheld + t4.review.corrected + t4.review.other"
    # the decided of the cases counted before: the claim is on the decided, not on the count
    assert claims_of("本年度被申请行政复议5件，审结4件，均予以维持。") == [
        ("t4.review.total", []), (decided, ["t4.review.upheld"])]
    # a figure left unkeyed nearer the quantifier may be what it speaks of: no claim
    assert claims_of("行政复议3件，涉及申请人2人，均维持。") == [("t4.review.total", [])]
    # a part named nearer is what it speaks of, not the whole before it
    assert claims_of("被提起行政复议6件，其中3件均维持。") == [("t4.review.total", []), ("t4.review.upheld", [])]
    # two quantifiers with no figure between them speak of the same figures
    assert claims_of("行政复议2件，均已审结，结果均为维持。") == [
        ("t4.review.total", [decided, "t4.review.upheld"])]
    # a quantifier after a figure of its own does not reach back past it to the one before
    assert claims_of("行政复议2件，均维持；行政诉讼1件，均已审结。") == [
        ("t4.review.total", ["t4.review.upheld"]),
        ("t4.lit_direct.total + t4.lit_after_review.total",
         ["t4.lit_direct.upheld + t4.lit_direct.corrected + t4.lit_direct.other + t4.lit_after_review.upheld"
          " + t4.lit_after_review.corrected + t4.lit_after_review.other"])]


def test_a_phrasing_claimed_for_no_indicator_keys_nothing():
    facts = read("通过政务服务网发布行政许可479项。")
    assert [(f.key, f.lexeme) for f in facts] == [(None, "decisions-published")]


def test_a_user_form_may_use_the_builtin_word_classes():
    lex = extend_lexicon([{"id": "mine", "key": {"2014": "s.local.appeals"}, "units": ["件"],
                           "forms": ["{receive}? 行政申诉 {case_noun}? {total}? {N}"]}], "pack.yaml")
    facts = read_prose(document_from_text("全年受理行政申诉案件2件。"), "2014", lex=lex)
    assert [(f.key, f.lexeme) for f in facts] == [("s.local.appeals", "mine")]


CONFLICT = """本年度共收到政府信息公开申请30件。局机关收到政府信息公开申请25件。
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 一、本年新收政府信息公开申请数量 | 30 | 0 | 0 | 0 | 0 | 0 | 30 |
"""


def test_a_contradiction_is_reported_even_when_another_figure_agrees():
    result = check_document(document_from_text(CONFLICT), audit.load_rules())
    found = [(f.severity, [int(v) for v in f.values]) for f in result.findings if f.kind == "prose_vs_table"]
    assert found == [("warning", [25, 30])]
    message = next(f.message for f in result.findings if f.kind == "prose_vs_table")
    assert "另有" in message and "30件" in message


def test_a_fact_keeps_offsets_of_its_sentence_not_a_copy():
    doc = document_from_text("前言。全年共收到政府信息公开申请12件，办结11件。后记。")
    facts = [f for f in read_prose(doc, "2021") if f.key]
    assert {doc.quote(f.context_start, f.context_end) for f in facts} == {"全年共收到政府信息公开申请12件，办结11件。"}
    assert not any(isinstance(getattr(f, name), str) and "办结11件" in getattr(f, name) and "收到" in getattr(f, name)
                   for f in facts for name in f.__slots__)


def test_a_large_one_line_report_is_read_in_bounded_time_and_memory():
    """Issue 16: a 256 KB line of figures; a copy of the sentence per figure would take gigabytes."""
    unit = "全年收到政府信息公开申请12件，其中予以公开5件，各乡镇办结3件，"
    text = unit * (256 * 1024 // len(unit.encode()))
    doc = document_from_text(text)
    builtin_lexicon()
    tracemalloc.start()
    began = time.monotonic()
    try:
        facts = read_prose(doc, "2021")
        took = time.monotonic() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(facts) == 3 * (len(text) // len(unit))
    assert took < 60, took
    assert peak < 200 * 1024 * 1024, peak


def test_a_list_item_naming_another_answer_continues_the_phrasing_before_it():
    assert keys("截至年底，现行有效规章21件、行政规范性文件167件。") == [
        ("t2.rules.valid", 21), ("t2.normative.valid", 167)]
    # an item that says more (another verb) is no continuation
    assert keys("制定出台规章2部，修改规章3部，废止规章2部。") == [("t2.rules.made", 2), ("t2.rules.repealed", 2)]


HANDLED = """全年共处理政府信息公开申请45件（含上年结转3件），其中予以公开30件。
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 一、本年新收政府信息公开申请数量 | 50 | 0 | 0 | 0 | 0 | 0 | 50 |
| 二、上年结转政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
| （一）予以公开 | 30 | 0 | 0 | 0 | 0 | 0 | 30 |
| （七）总计 | {total} | 0 | 0 | 0 | 0 | 0 | {total} |
"""


@pytest.mark.parametrize("total, severity", [(45, "info"), (44, "error")])
def test_applications_handled_may_mean_those_closed(total, severity):
    """办理/处理…N件（含上年结转M件）: the workload; where it misses the workload but meets 办理结果总计,
    a remark, not an error (the words allow both)."""
    result = check_document(document_from_text(HANDLED.format(total=total)), audit.load_rules())
    found = [(f.severity, [int(v) for v in f.values]) for f in result.findings if f.kind == "prose_vs_table"]
    assert found == [(severity, [45, 53])]

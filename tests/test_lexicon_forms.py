"""The compositional lexicon (knowledge/phrasing.py, frames.py, prose_keys.py): forms built of
word classes, their anchors, the frames that scope a figure or choose its key, and bad input."""
from __future__ import annotations

import pytest

from gov_audit.core.resources import YamlError
from gov_audit.knowledge.frames import build_frames
from gov_audit.knowledge.lexicon import MARK, build_lexicon, lexicon
from gov_audit.knowledge.phrasing import FormError, compile_form
from gov_audit.knowledge.prose_keys import choose_key, key_spec

import regex

CLASSES = {"receive": ["收到", "受理"], "noun": ["申请", "政府信息公开申请"], "total": ["共", "共计"],
           "year": {"pattern": "[0-9]{4}年", "anchors": ["年"]}}


def matches(form: str, text: str) -> bool:
    return regex.search(compile_form(form, CLASSES).pattern, text.replace("N", MARK)) is not None


def test_a_form_combines_its_parts():
    form = "{receive} …8 {noun} {total}? {N}"
    assert matches(form, "全年收到政府信息公开申请共N")
    assert matches(form, "受理公民提出的申请N")
    assert not matches(form, "受理公民,提出的申请N")  # a gap stays in its clause
    assert not matches(form, "收到3件申请中的申请N")  # and crosses no other figure
    assert matches(form, "收到2022年以来的申请N")  # digits that are no figure may stand in it


def test_a_new_synonym_is_one_word_in_one_list():
    form = "{receive} {noun} {N}"
    assert not matches(form, "登记申请N")
    CLASSES["receive"].append("登记")
    try:
        assert matches(form, "登记申请N")
    finally:
        CLASSES["receive"].remove("登记")


def test_literal_alternatives_and_optional_parts():
    assert matches("予以公开 的? (|（? {N}", "予以公开的N")
    assert matches("予以公开 的? (|（? {N}", "予以公开(N")
    assert not matches("予以公开 的? {N}", "予以公开了N")


def test_anchors_are_the_words_of_every_required_part():
    compiled = compile_form("{receive} …8 {noun} {total}? {N} {year}?", CLASSES)
    assert set(map(frozenset, compiled.anchors)) == {frozenset(CLASSES["receive"]), frozenset(CLASSES["noun"])}
    assert compile_form("{year} {N}", CLASSES).anchors == (frozenset({"年"}),)


def test_every_builtin_entry_has_anchors_for_a_prefilter():
    """Issue 18 prefilters clauses by each entry's literal words: none may lack them."""
    assert all(entry.anchors and all(entry.anchors) for entry in lexicon().entries)


@pytest.mark.parametrize("form, problem", [
    ("{receive} {noun}", "exactly once"),
    ("{N} {N}", "exactly once"),
    ("… {noun} {N}", "gap"),
    ("{total}? …4 {noun} {N}", "gap"),
    ("{noun} {N} …", "gap"),
    ("{unknown} {N}", "no word class"),
    ("申请||件 {N}", "empty alternative"),
    ("{noun} …x {N}", "a gap is"),
])
def test_a_bad_form_is_refused_with_its_reason(form, problem):
    with pytest.raises(FormError, match=problem):
        compile_form(form, CLASSES)


def test_a_bad_entry_names_the_file_and_the_entry():
    with pytest.raises(YamlError, match=r"pack\.yaml: entry e: .*no word class"):
        build_lexicon({"entries": [{"id": "e", "key": "t3.new.sum", "forms": ["{nope} {N}"]}]}, "pack.yaml")
    with pytest.raises(YamlError, match="no frame"):
        build_lexicon({"entries": [{"id": "e", "key": "t3.new.sum", "forms": ["申请 {N}"], "scope": ["x"]}]}, "p")
    with pytest.raises(YamlError, match="unknown key"):
        build_lexicon({"entries": [{"id": "e", "key": "t3.new.sum", "forms": ["申请 {N}"], "formz": []}]}, "p")


def test_keys_by_format_by_answer_and_among_alternatives():
    spec = key_spec({"2019,2021": {"review": "t4.review.total", "unmarked": "t3.new.sum"},
                     "2014": ["s.app.online", "s.app.via.online"]})
    assert choose_key(spec, "2019", "review") == "t4.review.total"
    assert choose_key(spec, "2021", None) == "t3.new.sum"
    assert choose_key(spec, "2021", "lit") is None
    assert choose_key(spec, "2014", None, available={"s.app.via.online"}) == "s.app.via.online"
    assert choose_key(spec, "2014", None, available={"s.app.online", "s.app.via.online"}) == "s.app.online"
    assert key_spec(None) == {}
    with pytest.raises(ValueError):
        key_spec({"2021": "t3.new.sum +"})


def test_frames_are_checked():
    frames = build_frames({"f": {"values": {"a": ["甲"], "b": ["乙"]}, "out": ["b"], "within": "clause"}}, "p")
    assert frames["f"].markers("甲乙丙") == [(0, 1, "a"), (1, 2, "b")]
    with pytest.raises(YamlError, match="two answers"):
        build_frames({"f": {"values": {"a": ["甲"], "b": ["甲"]}}}, "p")
    with pytest.raises(YamlError, match="within"):
        build_frames({"f": {"values": {"a": ["甲"]}, "within": "paragraph"}}, "p")
    with pytest.raises(YamlError, match="`out` names"):
        build_frames({"f": {"values": {"a": ["甲"]}, "out": ["c"]}}, "p")
    with pytest.raises(YamlError, match="contrast"):
        build_frames({"f": {"values": {"a": ["甲"]}, "contrast": {"a": {"after": "z", "means": "a"}}}}, "p")


def test_a_frame_pattern_names_what_words_cannot_list():
    frames = build_frames({"f": {"values": {"a": ["甲"]}, "patterns": {"a": ["[县区]\\w{1,4}?局"]}}}, "p")
    assert frames["f"].markers("其中县教育局收到") == [(2, 6, "a")]


@pytest.mark.parametrize("longest", [False, True])
def test_a_frames_markers_read_as_one_alternation_of_its_words_then_patterns(longest):
    """The words found by one automaton pass, then the patterns, read as the regex alternation
    (longest word first, a word before a pattern at the same place — or, with `longest`, the
    longer of the two, as POSIX matching takes it —, no overlaps) would read them."""
    from hypothesis import given, settings, strategies as st

    from gov_audit.knowledge.phrasing import word_alternation

    spec = {"values": {"a": ["全区", "全区各", "区政府本级"], "b": ["各乡镇", "乡镇", "区政"]},
            "neutral": ["指导各乡镇"], "patterns": {"b": ["[县区][^,。]{1,3}?局"], "a": ["本级"]},
            "longest": longest}
    frame = build_frames({"f": spec}, "p")["f"]
    alternation = regex.compile(f"(?P<word>{word_alternation(frame.value_of)})|{frame.pattern.pattern}",
                                regex.POSIX if longest else 0)

    def by_alternation(text, start, end):
        found = []
        for m in alternation.finditer(text, start, end):
            answer = frame.value_of[m.group()] if m.lastgroup == "word" else frame.pattern_answers[m.lastgroup]
            if answer:
                found.append((m.start(), m.end(), answer))
        return found

    pieces = st.sampled_from(["全区", "区政", "府", "本级", "各乡镇", "乡", "镇", "指导", "县", "局", "，",
                              "全", "区", "各"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(pieces, max_size=30).map("".join), st.integers(0, 30), st.integers(0, 30))
    def same(text, a, b):
        start, end = sorted((min(a, len(text)), min(b, len(text))))
        assert frame.markers(text, start, end) == by_alternation(text, start, end)

    same()
    text = "指导各乡镇，区政府本级和全区各县教育局"  # a neutral word, the longest words, a pattern
    assert frame.markers(text) == [(6, 11, "a"), (12, 15, "a"), (15, 19, "b")]
    # a word before a pattern at the same place, unless the longer is asked for
    assert frame.markers("区政府局") == ([(0, 4, "b")] if longest else [(0, 2, "b")])


def test_a_part_may_be_a_word_of_several_classes():
    form = "{receive}|{total}|处理 {noun} {N}"
    assert matches(form, "受理申请N") and matches(form, "共计申请N") and matches(form, "处理申请N")
    assert not matches(form, "办结申请N")
    anchors = compile_form(form, CLASSES).anchors
    assert frozenset(CLASSES["receive"] + CLASSES["total"] + ["处理"]) in anchors
    # a class of a bare pattern knows no words: the part then anchors nothing
    assert len(compile_form("{receive}|{bare} {N}", dict(CLASSES, bare="[0-9]+年")).anchors) == 0


def test_where_a_frame_asks_the_longest_marker_wins():
    spec = {"values": {"review": ["复议"], "after": ["复议后起诉"]}, "patterns": {"after": ["复议[^,]{0,4}?诉讼"]}}
    assert build_frames({"f": spec}, "p")["f"].markers("复议后向法院诉讼") == [(0, 2, "review")]
    assert build_frames({"f": dict(spec, longest=True)}, "p")["f"].markers("复议后向法院诉讼") == [(0, 8, "after")]
    with pytest.raises(YamlError, match="summing"):
        build_frames({"f": dict(spec, summing="合计")}, "p")


def keys_of(text: str, fmt: str = "2021") -> list:
    from gov_audit.load import document_from_text
    from gov_audit.read import read_prose
    return [(int(f.value.point), f.key) for f in read_prose(document_from_text(text), fmt) if f.unit != "年"]


LIT = "t4.lit_direct.{0} + t4.lit_after_review.{0}"
BOTH = "t4.review.{0} + " + LIT


@pytest.mark.parametrize("text, fmt, expected", [
    # a count that includes the carried-in is the year's workload, whatever the verb…
    ("全年共处理政府信息公开申请45件（含2022年结转3件）。", "2021",
     [(45, "t3.new.sum + t3.carry_in.sum"), (3, "t3.carry_in.sum")]),
    ("本年度政府信息公开申请共有26件，其中上年度结转1件。", "2021",
     [(26, "t3.new.sum + t3.carry_in.sum"), (1, "t3.carry_in.sum")]),
    # …but what was closed, carried-in ones among them, is what was closed
    ("全年共办结申请62件（含上年结转4件）。", "2021", [(62, "t3.total.sum"), (4, "t3.carry_in.sum")]),
    # a suit brought after a review, however it is said
    ("申请人不服复议决定后又向法院起诉的2件。", "2021", [(2, "t4.lit_after_review.total")]),
    ("因不服行政复议结果提起诉讼3起。", "2021", [(3, "t4.lit_after_review.total")]),
    ("经复议后诉至人民法院1件。", "2021", [(1, "t4.lit_after_review.total")]),
    ("未经复议直接起诉的行政诉讼3起，维持2起。", "2021", [(3, "t4.lit_direct.total"), (2, "t4.lit_direct.upheld")]),
    # a ruling that reverses a reply is an outcome of the case, not an applicant's withdrawal
    ("经复议，复议机关撤销原告知书并责令重新答复1件。", "2021", [(1, "t4.review.corrected")]),
    ("人民法院判决确认原答复违法1件。", "2021", [(1, LIT.format("corrected"))]),
    ("申请人主动撤销申请2件。", "2021", [(2, "t3.other.misc.sum")]),
    # an outcome after a list of reviews and lawsuits, or after 合计, counts both…
    ("本年度被申请行政复议2起、被提起行政诉讼1起，其中被纠错1起。", "2021",
     [(2, "t4.review.total"), (1, LIT.format("total")), (1, BOTH.format("corrected"))]),
    ("复议纠正1件，诉讼纠正2件，共计纠正3件。", "2021",
     [(1, "t4.review.corrected"), (2, LIT.format("corrected")), (3, BOTH.format("corrected"))]),
    # …an outcome after each case its own
    ("行政复议2起，维持1起；行政诉讼3起，维持2起。", "2021",
     [(2, "t4.review.total"), (1, "t4.review.upheld"), (3, LIT.format("total")), (2, LIT.format("upheld"))]),
    # a count of reviews is no count of applications
    ("本年度收到的行政复议案件为4件。", "2021", [(4, "t4.review.total")]),
    # a year-end qualifier, a told-the-applicant clause, 共N after a result, a remark before a figure
    ("尚有2件截至年底仍在答复期限内。", "2021", [(2, "t3.carry_out.sum")]),
    ("不属于本机关职责范围的，已告知申请人向有关部门申请，共5件。", "2021", [(5, "t3.unable.not_held.sum")]),
    ("其余申请均同意公开，合计7件。", "2021", [(7, "t3.granted.sum")]),
    ("从申请主体看，企业申请数量最多，为9件。", "2021", [(9, "t3.new.commercial")]),
    ("全年编印政府公报4期，刊登政府信息60条。", "2014", [(4, None), (60, "s.channel.gazette")]),
    # 分别: items that each name one answer share the words around them…
    ("通过政府公报、政务微博公开政府信息分别为20条和300条。", "2014",
     [(20, "s.channel.gazette"), (300, "s.channel.weibo")]),
    # …but an item that says more keeps its own words
    ("本年制发规章、废止规范性文件分别为2件、3件。", "2021", [(2, "t2.rules.made"), (3, "t2.normative.repealed")]),
    # a court's outcome after one kind of suit is of that kind, unless both kinds were named
    ("复议后起诉的案件3件，人民法院判决维持2件，尚在审理中1件。", "2021",
     [(3, "t4.lit_after_review.total"), (2, "t4.lit_after_review.upheld"), (1, "t4.lit_after_review.pending")]),
    ("直接向法院起诉的4起中，判决驳回诉讼请求3起。", "2019", [(4, "t4.lit_direct.total"), (3, "t4.lit_direct.upheld")]),
    ("行政诉讼5件，其中直接起诉3件、复议后起诉2件，法院判决维持4件。", "2021",
     [(5, LIT.format("total")), (3, "t4.lit_direct.total"), (2, "t4.lit_after_review.total"), (4, LIT.format("upheld"))]),
    # an outcome said after a list of case counts is said of every item: no item is a total
    ("另有行政复议2件、直接起诉1件仍在审理。", "2021", [(2, None), (1, "t4.lit_direct.pending")]),
    # a ruling that sets aside what the agency did, whoever it names; 确认…合法 is no correction
    ("法院判决撤销我局作出的答复2件。", "2014", [(2, "s.lit.corrected")]),
    ("复议机关确认本机关答复合法并予以维持的4件。", "2021", [(4, "t4.review.upheld")]),
    # the principal leader at a press conference or an interview, said either way round; a deputy is neither
    ("举办新闻发布会5场，其中市长出席2场。", "2014", [(5, "s.response.press"), (2, "s.response.press_leader")]),
    ("区长3次做客在线访谈栏目。", "2014", [(3, "s.response.interview_leader")]),
    ("组织在线访谈6期，主要领导参加4期。", "2014", [(6, "s.response.interview"), (4, "s.response.interview_leader")]),
    ("副市长出席新闻发布会2场。", "2014", [(2, None)]),
    # responses through 微博 and 微信 together are the 统计表's row; one platform alone is none
    ("依托政务微博和微信平台回应网民关切问题18次。", "2014", [(18, "s.response.weibo_weixin")]),
    ("通过政务微信回应公众关切9次。", "2014", [(9, None)]),
    # 专职 or 兼职 before the staff wording, unless both were named
    ("兼职从事信息公开工作的干部11名。", "2014", [(11, "s.org.part_time")]),
    ("专兼职从事政府信息公开工作人员共9人。", "2014", [(9, "s.org.staff")]),
    # refused "by the law" names no reason; a reason named before it does
    ("根据有关法律法规规定不予公开2件。", "2014", [(2, None)]),
    ("因涉及个人隐私，依照法律法规的规定不予公开1件。", "2014", [(1, "s.app.deny_privacy")]),
    # what was made public of the newly made documents; 发布 alone fits both 2019 columns
    ("全年公开新制定的规范性文件7件。", "2019", [(7, "t2.normative.new_published")]),
    ("本年度发布规范性文件4件。", "2019", [(4, None)]),
    ("本年度发布规范性文件4件。", "2021", [(4, "t2.normative.made")]),
    # the 统计表's own counting rule copied with its label
    ("回应关切12次（同一热点以不同方式回应的计1次）。", "2014", [(12, "s.response.total"), (1, None)]),
    # a row made the topic before an applicant type's count, or an applicant type before a result:
    # the cell of both; a row named otherwise, or after the count in its clause: no key
    ("本年度答复完毕的申请中，法人或其他组织申请6件。", "2019",
     [(6, "t3.total.commercial + t3.total.research + t3.total.public_interest + t3.total.legal_service"
          " + t3.total.other_org")]),
    ("结转下一年度的申请里，自然人申请3件。", "2021", [(3, "t3.carry_out.natural")]),
    ("企业提出的申请当中，不予公开1件。", "2021", [(1, "t3.denied.*.commercial")]),
    ("全部申请均已办结，其中自然人申请12件。", "2021", [(12, None)]),
    ("科研机构申请的2件均已办结。", "2021", [(2, None)]),
    ("自然人申请中，予以公开8件；法人或其他组织申请中，予以公开3件。", "2021",
     [(8, "t3.granted.natural"), (3, "t3.granted.commercial + t3.granted.research + t3.granted.public_interest"
                                      " + t3.granted.legal_service + t3.granted.other_org")]),
    ("今年新收申请20件，其中自然人申请16件，予以公开9件。", "2021",
     [(20, "t3.new.sum"), (16, "t3.new.natural"), (9, "t3.granted.sum")]),
    # a count of a kind the table counts among the not processed, or of business matters, is no count of applications
    ("以申请形式提出的投诉举报类申请4件。", "2021", [(4, None)]),
    ("行政许可事项本年新增12项。", "2019", [(12, "t2.licensing.delta")]),  # the row's change, not applications
    # an outcome said after a count and its case, beyond the next few characters
    ("另有2件行政诉讼案件因原告撤诉而终结。", "2014", [(2, "s.lit.other")]),
    # a total after a list that names every part of a template sum, each once, is its whole…
    ("行政复议结果维持3件、纠正1件、其他结果0件、尚未审结2件，合计6件。", "2019",
     [(3, "t4.review.upheld"), (1, "t4.review.corrected"), (0, "t4.review.other"), (2, "t4.review.pending"),
      (6, "t4.review.total")]),
    ("全年新收申请中自然人申请25件，商业企业2件，科研机构0件，社会公益组织1件，法律服务机构3件，其他组织0件，总计31件。",
     "2019", [(25, "t3.new.natural"), (2, "t3.new.commercial"), (0, "t3.new.research"), (1, "t3.new.public_interest"),
              (3, "t3.new.legal_service"), (0, "t3.new.other_org"), (31, "t3.new.sum")]),
    # …a list of some parts says nothing of the whole
    ("予以公开12件，无法提供4件，共计16件。", "2021", [(12, "t3.granted.sum"), (4, "t3.unable.*.sum"), (16, None)]),
])
def test_builtin_lexicon_reads_the_class(text, fmt, expected):
    assert keys_of(text, fmt) == expected


@pytest.mark.parametrize("text, fmt, expected", [
    # 政府集中采购: counts and sums, in any order, 亿元 and 元 read in the table's 万元…
    ("今年组织实施政府集中采购共计41项,合同金额达到2.5亿元。", "2019",
     [(41, "t2.procurement.items"), (25000, "t2.procurement.amount")]),
    ("完成18个集中采购项目,成交金额356000元。", "2019", [(18, "t2.procurement.items"), (35, "t2.procurement.amount")]),
    # …but a purchase the sentence does not call 集中采购, or a sum saved, is no indicator
    ("采购办公设备项目5个,采购金额40万元。", "2019", [(5, None), (40, None)]),
    ("政府集中采购节省财政资金12万元。", "2019", [(12, None)]),
    # the 2021 table has no 其他对外管理服务事项 row; the 2019 one counts its decisions
    ("共办理其他对外管理服务事项处理决定2300件。", "2019", [(2300, "t2.other_services.decisions")]),
    ("共办理其他对外管理服务事项处理决定2300件。", "2021", [(2300, None)]),
    # the previous year's items of a row are its 上一年项目数量, no decisions; a count said of last year is nothing
    ("行政处罚事项上年度末的数量为88项。", "2019", [(88, "t2.punishment.prev_items")]),
    ("上年度行政许可事项共95项。", "2019", [(95, "t2.licensing.prev_items")]),
    ("去年办理行政处罚决定420件。", "2019", [(420, None)]),
    ("其他类型的组织提出申请3件。", "2021", [(3, "t3.new.other_org")]),
    # 统计表 before 2019: documents published on the agency's initiative, the total named first
    ("本年主动公开各类信息860条,其中行政规范性文件14条。", "2014",
     [(860, "s.active.total"), (14, "s.active.normative_published")]),
    ("通过网站主动公开的规范性文件共计8件。", "2014", [(8, "s.active.normative_published")]),
    # an outcome with 数 after it, what the ruling upheld; other endings of a suit
    ("行政诉讼3件,维持原具体行政行为数2件,以其他方式审结1件。", "2014",
     [(3, "s.lit.total"), (2, "s.lit.upheld"), (1, "s.lit.other")]),
    ("行政复议机关维持我局作出的答复3件。", "2014", [(3, "s.review.upheld")]),
    ("直接起诉的案件中,原告撤诉等其他方式结案1件。", "2021", [(1, "t4.lit_direct.other")]),
    ("行政复议2件,原告撤诉1件。", "2021", [(2, "t4.review.total"), (1, "t4.lit_direct.other + t4.lit_after_review.other")]),
    ("行政复议2件,复议机关撤销原告知书1件。", "2021", [(2, "t4.review.total"), (1, "t4.review.corrected")]),
    # the applicant told, offices, staff, budget and meetings with the figure where it stands
    ("属于已主动公开范围内的3件。", "2014", [(3, "s.app.already_public")]),
    ("要求申请人补正的申请2件。", "2014", [(2, "s.app.notify_correct")]),
    # the reason named first: telling the applicant to amend is the 2014 row, and no outcome of 2021
    ("申请内容不明确的3件,已告知申请人补正。", "2014", [(3, "s.app.notify_correct")]),
    ("申请内容不明确的3件,已告知申请人补正。", "2021", [(3, None)]),
    # a list whose telling has a figure of its own keeps each item's words
    ("申请内容不明确的3件,告知作出更改补充的2件。", "2014", [(3, None), (2, "s.app.notify_correct")]),
    ("全市共成立信息公开工作机构41个。", "2014", [(41, "s.org.units")]),
    ("共12人从事信息公开工作。", "2014", [(12, "s.org.staff")]),
    ("政务公开工作经费落实6.5万元,同比增加1万元。", "2014", [(6, "s.org.budget"), (1, None)]),
    ("全年3次组织召开政务公开工作会议。", "2014", [(3, "s.meeting.meetings")]),
    # an applicant type made the topic by 对/针对…的申请，: that type's cell of the result
    ("对科研机构提出的申请，部分公开2件。", "2021", [(2, "t3.partial.research")]),
    ("针对法人或其他组织的申请，不予公开1件。", "2021",
     [(1, "t3.denied.*.commercial + t3.denied.*.research + t3.denied.*.public_interest"
          " + t3.denied.*.legal_service + t3.denied.*.other_org")]),
    # a review or a lawsuit named before: 审结, 收到, 处理 are then said of cases, never of applications
    ("复议机关方面，共收到申请3件。", "2021", [(3, None)]),
    ("行政复议方面，全年共收到申请3件。", "2021", [(3, "t4.review.total")]),  # the review applications
    ("复议机关审理后，以其他方式结案1件。", "2021", [(1, "t4.review.other")]),
    ("行政诉讼方面，法院审结2件。", "2021", [(2, "t4.lit_direct.upheld + t4.lit_direct.corrected + t4.lit_direct.other"
                                      " + t4.lit_after_review.upheld + t4.lit_after_review.corrected"
                                      " + t4.lit_after_review.other")]),
    ("复议机关依法纠正本机关作出的答复2件。", "2021", [(2, "t4.review.corrected")]),
    # the workload (new and carried in) said as what is to be handled
    ("连同上年结转的3件，今年共需处理申请48件。", "2021", [(3, "t3.carry_in.sum"), (48, "t3.new.sum + t3.carry_in.sum")]),
    # a reason of 不予处理 / 其他处理 in a clause of its own, the count before or after it
    ("对重复申请的，依法不予处理，共计3件。", "2021", [(3, "t3.reject.repeat.sum")]),
    ("要求提供公开出版物的申请，全年共有1件。", "2021", [(1, "t3.reject.publication.sum")]),
    ("共3件申请，因申请人逾期未补正，本机关不再处理。", "2021", [(3, "t3.other.no_correction.sum")]),
    # a decision row's items last year and their change (2019 table 二); not a 2021 cell
    ("行政强制事项上年度为30项，本年新增2项。", "2019", [(30, "t2.coercion.prev_items"), (2, "t2.coercion.delta")]),
    ("本年度新增行政事业性收费项目1项。", "2019", [(1, "t2.fees.delta")]),
    ("本年度新增行政事业性收费项目1项。", "2021", [(1, None)]),
    ("行政许可事项比上年减少3项。", "2019", [(3, None)]),
    # an applicant type made the topic by its count with an explicit verb, or with an agent word;
    # two types before a result leave it to both (unkeyed); a ; closes a topic; a part after 其中 is no topic
    ("科研机构提出申请4件，办理结果为予以公开3件。", "2019", [(4, "t3.new.research"), (3, "t3.granted.research")]),
    ("律师事务所代为提出的申请中，部分公开2件。", "2021", [(2, "t3.partial.legal_service")]),
    ("自然人提出申请20件，企业提出申请5件，予以公开18件。", "2021",
     [(20, "t3.new.natural"), (5, "t3.new.commercial"), (18, None)]),
    ("今年新收申请30件，其中自然人提出申请26件，予以公开21件。", "2021",
     [(30, "t3.new.sum"), (26, "t3.new.natural"), (21, "t3.granted.sum")]),
    # a reason in brackets after its count names the count's reason; 均为… is said of the whole count
    ("不予处理3件（属于重复申请）。", "2021", [(3, "t3.reject.repeat.sum")]),
    ("不予公开2件（均为国家秘密）。", "2021", [(2, "t3.denied.*.sum")]),
    # a count's breakdown in brackets is not its outcome
    ("被提起行政诉讼4件（其中判决维持3件，撤诉1件）。", "2021",
     [(4, "t4.lit_direct.total + t4.lit_after_review.total"), (3, "t4.lit_direct.upheld + t4.lit_after_review.upheld"),
      (1, "t4.lit_direct.other + t4.lit_after_review.other")]),
    # no review named where the sentence says there was none
    ("本年度我局无政府信息公开行政复议，共受理申请15件。", "2021", [(15, "t3.new.sum")]),
    # a 2019 decision row said clause by clause, its kind named once (方面 or at the start)
    ("行政强制方面，上一年项目数量为21项，本年增加1项，全年作出处理决定305件。", "2019",
     [(21, "t2.coercion.prev_items"), (1, "t2.coercion.delta"), (305, "t2.coercion.decisions")]),
    ("行政许可事项上一年共88项，本年新增4项，作出处理决定960件。", "2019",
     [(88, "t2.licensing.prev_items"), (4, "t2.licensing.delta"), (960, "t2.licensing.decisions")]),
    # a row made the topic with its count between (上年结转的6件申请中, 结转下年度办理的申请中)
    ("上年结转的6件申请中，自然人申请5件、科研机构申请1件。", "2021",
     [(6, "t3.carry_in.sum"), (5, "t3.carry_in.natural"), (1, "t3.carry_in.research")]),
    ("结转下年度办理的申请中，自然人申请2件。", "2021", [(2, "t3.carry_out.natural")]),
    # the workload said as the new and the carried-in together; the carried-in said as received
    ("对本年新收及上年结转的60件申请，已全部办结。", "2021", [(60, "t3.new.sum + t3.carry_in.sum")]),
    ("本年度收到上年结转申请4件，新收申请30件。", "2021", [(4, "t3.carry_in.sum"), (30, "t3.new.sum")]),
    # a figure of a whole the agency is part of, beside the agency's own, is not the agency's
    ("全区各部门共收到申请320件，其中本局收到申请18件。", "2021", [(320, None), (18, "t3.new.sum")]),
    ("全市从事政府信息公开工作人员350人，其中我委5人。", "2014", [(350, None), (5, None)]),
    ("全县共收到申请510件；我局收到申请22件。", "2021", [(510, None), (22, "t3.new.sum")]),
    ("无法提供的共12件，其中本机关不掌握相关政府信息10件。", "2021",
     [(12, "t3.unable.*.sum"), (10, "t3.unable.not_held.sum")]),
    # the agency itself is no applicant (本单位 is not the 单位 of 法人或其他组织)
    ("2023年本单位共收到政府信息公开申请26件。", "2021", [(26, "t3.new.sum")]),
    # a result made the topic by its count and 其中; an applicant type by its count and 其中 / 办理结果
    ("予以公开的共9件，其中自然人7件、科研机构2件。", "2021",
     [(9, "t3.granted.sum"), (7, "t3.granted.natural"), (2, "t3.granted.research")]),
    ("商业企业提出的申请办结6件，其中予以公开4件。", "2021", [(6, None), (4, "t3.granted.commercial")]),
    ("自然人申请办理情况为：部分公开3件。", "2019", [(3, "t3.partial.natural")]),
    # the kind of suit named in its own clause decides, whatever the sentence named before
    ("经复议后起诉1件；未经复议直接向法院起诉2件。", "2021", [(1, "t4.lit_after_review.total"), (2, "t4.lit_direct.total")]),
    # N件申请已办结M件: the M were closed, not the N
    ("上述50件申请已办结47件。", "2021", [(50, None), (47, "t3.total.sum")]),
    # notices asking for a correction are no replies; 2019's one 其他处理 cell is no reason's
    ("向申请人发出补正告知书5份。", "2021", [(5, None)]),
    ("其他处理共5件，其中申请人撤回申请3件。", "2019", [(5, "t3.other.sum"), (3, None)]),
    # responses made through press conferences are the press conferences' count
    ("通过新闻发布会回应社会关切4次。", "2014", [(4, "s.response.press")]),
    # a reason, the verb in its own clause, then the year's total; 属于…情形的 N件
    ("对重复申请，本机关依法不予处理，本年度共4件。", "2021", [(4, "t3.reject.repeat.sum")]),
    ("属于不予公开情形的共3件。", "2021", [(3, "t3.denied.*.sum")]),
    # a case kind made the topic, then its count with a verb (全年共发生N起)
    ("行政诉讼方面，本年度共发生2起。", "2021", [(2, "t4.lit_direct.total + t4.lit_after_review.total")]),
    # the closed row made the topic without 的
    ("全年办结申请中，自然人申请办结20件。", "2021", [(20, "t3.total.natural")]),
    # the principal leader carried over a list of activities
    ("区长参加新闻发布会2次、参加在线访谈1次。", "2014", [(2, "s.response.press_leader"), (1, "s.response.interview_leader")]),
    # 2014: the way applications came in, after 收到 or as the share's count; responses made otherwise
    ("收到邮寄申请4件。", "2014", [(4, "s.app.letter")]),
    ("网上申请占60%，共30件。", "2014", [(60, None), (30, "s.app.online")]),
    ("到政务服务中心现场申请政府信息公开的有3件。", "2014", [(3, "s.app.in_person")]),
    ("以其他方式回应社会关切5次。", "2014", [(5, "s.response.other")]),
])
def test_builtin_lexicon_reads_the_missed_indicators(text, fmt, expected):
    assert keys_of(text, fmt) == expected


def test_conflicts_are_checked_and_read_before_or_after_the_figure():
    from gov_audit.knowledge.conflicts import DROP, build_conflicts, resolve

    with pytest.raises(YamlError, match="conflict"):
        build_conflicts([{"id": "c", "keys": "t3"}], "p")
    with pytest.raises(YamlError, match="where"):
        build_conflicts([{"id": "c", "keys": "t3", "words": ["办结"], "where": "around"}], "p")
    with pytest.raises(YamlError, match="conflict c"):
        build_conflicts([{"id": "c", "keys": "t3(", "words": ["办结"]}], "p")
    with pytest.raises(YamlError, match="topic"):
        build_conflicts([{"id": "c", "keys": "t3", "words": ["办结"], "topics": [{"pattern": "办结"}]}], "p")
    before = build_conflicts([{"id": "b", "keys": r"t3\.new\.", "words": ["办结"],
                               "topics": [{"pattern": "办结的申请中", "from": r"^t3\.new\.", "to": "t3.total."}]}], "p")
    after = build_conflicts([{"id": "a", "keys": r"t3\.new\.", "words": ["办结"], "where": "after"}], "p")
    assert resolve(before, "t3.new.natural", "全年办结的申请中，", "") == "t3.total.natural"
    assert resolve(before, "t3.new.commercial + t3.new.research", "办结的申请中,", "") == \
        "t3.total.commercial + t3.total.research"
    assert resolve(before, "t3.new.natural", "已办结，其中", "") == DROP
    assert resolve(before, "t3.total.natural", "办结的申请中，", "") is None
    assert resolve(before, "t3.new.natural", "", "均已办结") is None
    assert resolve(after, "t3.new.natural", "", "均已办结，其中") == DROP
    assert resolve(after, "t3.new.natural", "", "，均已办结") is None  # another clause


def test_list_totals_are_checked():
    data = {"entries": [], "list_totals": {"words": []}}
    with pytest.raises(YamlError, match="list_totals"):
        build_lexicon(data, "p")
    assert build_lexicon({"entries": [], "list_totals": {"words": ["合计"]}}, "p").list_total.fullmatch("，合计")


def test_every_builtin_conflict_topic_compiles():
    """Topics compile when first met (conflicts.topic_pattern): each is checked here instead."""
    from gov_audit.knowledge.conflicts import topic_pattern

    topics = [topic for c in lexicon().conflicts for topic, _, _ in c.topics]
    assert len(topics) > 10
    for topic in topics:
        topic_pattern(topic)


def test_a_user_word_class_with_a_bad_pattern_is_refused_with_its_name():
    from gov_audit.knowledge.lexicon import extend_lexicon

    with pytest.raises(YamlError, match=r"pack\.yaml.*entry mine: word class 'bad': bad pattern"):
        extend_lexicon([{"id": "mine", "key": {"2014": "s.app.received"}, "units": ["件"],
                         "words": {"bad": "(unclosed"}, "forms": ["{bad} {N}"]}], "pack.yaml")

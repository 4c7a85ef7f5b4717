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


def test_a_frames_markers_read_as_one_alternation_of_its_words_then_patterns():
    """The words found by one automaton pass, then the patterns, read as the regex alternation
    (longest word first, a word before a pattern at the same place, no overlaps) would read them."""
    from hypothesis import given, settings, strategies as st

    from gov_audit.knowledge.phrasing import word_alternation

    spec = {"values": {"a": ["全区", "全区各", "区政府本级"], "b": ["各乡镇", "乡镇", "区政"]},
            "neutral": ["指导各乡镇"], "patterns": {"b": ["[县区][^,。]{1,3}?局"], "a": ["本级"]}}
    frame = build_frames({"f": spec}, "p")["f"]
    alternation = regex.compile(f"(?P<word>{word_alternation(frame.value_of)})|{frame.pattern.pattern}")

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
    assert frame.markers("区政府局") == [(0, 2, "b")]  # a word before a pattern at the same place

"""The prose stage: lexicon matching over masked clauses."""
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

"""knowledge/anchors.py: the literal words a lexicon phrasing cannot match without, and the
lexicon searching an entry only in a clause that holds them — with the very matches it
finds searching every entry in every clause."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_audit.core.figures import scan_figures
from gov_audit.knowledge.anchors import phrasing_anchors, possible, words
from gov_audit.knowledge.lexicon import MARK, build_lexicon, lexicon
from gov_audit.load import load_document
from gov_audit.read.prose import _masked_clause

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("pattern, anchors", [
    ("收到[^,，。]{0,6}申请{N}", (("收到",), ("申请",))),
    ("(?:收到|受理|接到)政府信息公开申请{N}", (("受理", "接到", "收到"), ("政府信息公开申请",))),
    ("(?:举办|召开)?新闻发布会{N}次", (("新闻发布会",),)),  # an optional part, and one character, spare nothing
    ("(?<!不)予以公开{N}", (("予以公开",),)),  # what a lookbehind refuses is no anchor
    ("(?:予以|同意)公开(?:了)?{N}", (("予以", "同意"), ("公开",))),
    ("(?:办结|答复[^,]{0,4}?)(?:申请)?{N}", (("办结", "答复"),)),
])
def test_anchors_are_the_words_every_match_holds(pattern, anchors):
    assert phrasing_anchors(pattern.replace("{N}", MARK), MARK) == anchors


@pytest.mark.parametrize("pattern", [
    "(?i)page{N}",  # a case-insensitive word may be written otherwise
    "\\p{Han}{2}{N}",  # the regex module's syntax: Python's parser cannot read it
    "(?:收到申请){e<=1}{N}",  # fuzzy matching: the braces are no literal there
    "[收受]到?{N}",  # nothing but a class and optional parts
])
def test_a_phrasing_nothing_sure_can_be_said_of_is_always_searched(pattern):
    assert phrasing_anchors(pattern.replace("{N}", MARK), MARK) is None


def _clauses(texts) -> list:
    lex = lexicon()
    out = []
    for text in texts:
        for figure in scan_figures(text):
            if not figure.percent and figure.unit in lex.units:
                out.append(_masked_clause(text, figure.start, figure.end))
    return out


def test_shipped_reports_match_as_without_anchors():
    reports = sorted((ROOT / "fixtures").glob("*.txt")) + sorted((ROOT / "fixtures" / "corpus").glob("*.*"))
    texts = [load_document(str(p)).text for p in reports if p.suffix in (".txt", ".md", ".html")]
    lex = lexicon()
    every = replace(lex, anchors=())
    clauses = _clauses(texts)
    assert len(clauses) > 300
    keyed = [lex.match(c) for c in clauses]
    assert keyed == [every.match(c) for c in clauses]
    assert sum(k is not None for k in keyed) > 50
    skipped = sum(not possible(a, c) for c in clauses for a in lex.anchors)
    assert skipped > len(clauses) * len(lex.entries) // 2  # most searches are spared


WORDS = sorted({w for a in lexicon().anchors for w in words(a)}) + ["，", "共", "为", "件", "条", "次", "个", MARK]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
def test_any_clause_of_anchor_words_matches_as_without_anchors(parts):
    clause = "".join(parts)
    lex = lexicon()
    assert lex.match(clause) == replace(lex, anchors=()).match(clause)


def test_a_user_entry_gets_anchors_too():
    lex = build_lexicon({"entries": [{"id": "hotline", "key": "s.hotline", "patterns": ["热线电话[^,]{0,4}{N}"]}]},
                        "pack.yaml", user=True)
    assert lex.anchors == (((("热线电话",),),),)  # entry → phrasing → requirement → words
    assert lex.match("接听热线电话共" + MARK).id == "hotline"
    assert lex.match("接听电话共" + MARK) is None


def test_every_builtin_pattern_compiles_and_is_compiled_only_when_a_clause_calls_for_it():
    import regex

    from gov_audit.core.resources import builtin_yaml
    from gov_audit.knowledge.lexicon import LEXICON_YAML

    lazy = build_lexicon(builtin_yaml(LEXICON_YAML), lazy=True)
    assert all(p.compiled is None for p in lazy.patterns)
    lazy.match("本年度共收到政府信息公开申请" + MARK)
    compiled = [e.id for e, p in zip(lazy.entries, lazy.patterns) if p.compiled is not None]
    assert "applications-received" in compiled and "press-conferences" not in compiled
    for pattern in lazy.patterns:
        regex.compile(pattern.source)  # a bad built-in pattern fails here, not in a user's run

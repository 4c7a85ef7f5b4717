"""knowledge/anchors.py: the literal words a raw lexicon pattern (a user pack's regular
expression) cannot match without — and the lexicon searching such a pattern only in a
clause that holds them, with the very matches it finds searching it everywhere."""
from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_audit.core.figures import scan_figures
from gov_audit.knowledge.anchors import phrasing_anchors
from gov_audit.knowledge.lexicon import MARK, extend_lexicon
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
def test_a_pattern_nothing_sure_can_be_said_of_is_always_searched(pattern):
    assert phrasing_anchors(pattern.replace("{N}", MARK), MARK) is None


# A user pack's entries written as raw expressions, in the shapes packs use.
PACK = [
    {"id": "pack-received", "key": "t3.new.sum", "patterns": [
        "(?<!(?:复议|诉讼)[^,，。；;]{0,20})(?:收到|受理|接到|新收)(?:(?!复议|诉讼)[^,，。；;]){0,24}?申请(?:公开)?(?:件|数)?"
        "(?:共计?|合计|为)?{N}"]},
    {"id": "pack-hotline", "key": "s.response.press", "patterns": ["热线电话[^,，。]{0,6}?{N}", "(?:接听|受理)来电{N}"]},
    {"id": "pack-granted", "key": "t3.granted.sum", "patterns": ["(?<!不)予以公开(?:的)?{N}"]},
    {"id": "pack-anything", "key": "s.active.total", "patterns": ["[^,，。]{2}{N}条"]},  # no anchor: always searched
]


@functools.lru_cache(maxsize=None)
def _lexicons():
    lex = extend_lexicon(PACK, "pack.yaml")
    unanchored = tuple(replace(e, anchors=tuple(() for _ in e.anchors)) if e.id.startswith("pack-") else e
                       for e in lex.entries)
    return lex, replace(lex, entries=unanchored)


def _ids(matches) -> list:
    return [(m.entry.id, m.start, m.end) for m in matches]


def test_a_pack_pattern_gets_the_anchors_read_off_it():
    lex, _ = _lexicons()
    by_id = {e.id: e for e in lex.entries}
    assert by_id["pack-hotline"].anchors == ((("热线电话",),), (("受理", "接听"), ("来电",)))
    assert by_id["pack-anything"].anchors == ((),)
    assert _ids(lex.match("本年度接听热线电话共" + MARK, "个")) == [("pack-hotline", 5, 11)]
    assert lex.match("本年度接听电话共" + MARK, "个") == []


def test_shipped_reports_match_as_with_every_pack_pattern_searched():
    reports = sorted((ROOT / "fixtures").glob("*.txt")) + sorted((ROOT / "fixtures" / "corpus").glob("*.*"))
    anchored, everywhere = _lexicons()
    clauses = []
    for path in reports:
        if path.suffix not in (".txt", ".md", ".html"):
            continue
        text = load_document(str(path)).text
        for figure in scan_figures(text):
            if not figure.percent and figure.unit in anchored.units:
                clauses.append((_masked_clause(text, figure.start, figure.end)[0], figure.unit))
    assert len(clauses) > 300
    found = [_ids(anchored.match(clause, unit)) for clause, unit in clauses]
    assert found == [_ids(everywhere.match(clause, unit)) for clause, unit in clauses]
    assert sum(any(i.startswith("pack-") for i, _, _ in f) for f in found) > 5


WORDS = ["收到", "受理", "接到", "申请", "公开", "热线电话", "接听", "来电", "予以公开", "不", "复议", "的",
         "，", "共", "为", "件", "次", "个", "条", MARK]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.sampled_from(["件", "次", "个", "条"]))
def test_any_clause_matches_as_with_every_pack_pattern_searched(parts, unit):
    anchored, everywhere = _lexicons()
    clause = "".join(parts)
    assert _ids(anchored.match(clause, unit)) == _ids(everywhere.match(clause, unit))


def _clauses_of(texts, lex) -> list:
    """(masked clause, unit) of every figure of the texts the lexicon may key."""
    clauses = []
    for text in texts:
        clauses += [(_masked_clause(text, f.start, f.end)[0], f.unit) for f in scan_figures(text)
                    if not f.percent and f.unit in lex.units]
    return clauses


def _match_as_everywhere(clauses, lex, matched: int, spared: int) -> None:
    """The lexicon finds in the clauses what it finds with every form searched everywhere,
    searching fewer than 1/`spared` of the forms."""
    everywhere = replace(lex, entries=tuple(replace(e, anchors=tuple(() for _ in e.anchors)) for e in lex.entries))
    found = [_ids(lex.match(clause, unit)) for clause, unit in clauses]
    assert found == [_ids(everywhere.match(clause, unit)) for clause, unit in clauses]
    assert sum(bool(f) for f in found) > matched
    searched = sum(len(forms) for clause, _ in clauses for _, forms in lex._anchors.candidates(clause))
    assert searched < sum(len(e.anchors) for e in lex.entries) * len(clauses) / spared


def test_builtin_forms_match_as_when_every_form_is_searched():
    """The one-scan anchor index (anchor_index.py) spares searches, never matches: the shipped reports."""
    from gov_audit.knowledge.lexicon import lexicon

    reports = sorted((ROOT / "fixtures").glob("*.txt")) + sorted((ROOT / "fixtures" / "corpus").glob("*.*"))
    reports += sorted((ROOT / "fixtures" / "field-cases").rglob("*.txt"))
    texts = [load_document(str(path)).text for path in reports if path.suffix in (".txt", ".md", ".html")]
    clauses = _clauses_of(texts, lexicon())
    assert len(clauses) > 400
    _match_as_everywhere(clauses, lexicon(), matched=100, spared=5)


def test_forms_met_in_order_match_as_when_every_form_is_searched():
    """A form is searched only where the clause holds its parts, and the figure, in the form's
    order (anchor_index.py): over every sentence of the paraphrase set, written by people who
    never read the lexicon, that spares searches and no match."""
    import yaml

    from gov_audit.knowledge.lexicon import lexicon
    from gov_audit.load import document_from_text

    sentences = yaml.safe_load((ROOT / "tests" / "paraphrases" / "sentences.yaml").read_text(encoding="utf-8"))
    clauses = _clauses_of([document_from_text(entry["sentence"]).text for entry in sentences], lexicon())
    assert len(clauses) > 1500
    _match_as_everywhere(clauses, lexicon(), matched=1000, spared=20)

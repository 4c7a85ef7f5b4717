"""予以公开9件，部分公开1件，…，合计14件: the total said after a list of figures.

A figure no phrasing keyed, standing right after a summing word (lexicon.yaml
`list_totals`), is the whole of a template relation `whole == a + b + …` when the
figures keyed just before it in its sentence are exactly that relation's parts —
every part named once, nothing else (行政复议维持2件，纠正1件，其他结果1件，尚未审结1件，
总计5件: the reviews' 总计). A list that names only some parts says nothing of the
whole, and its total stays unkeyed.
"""
from __future__ import annotations

import functools

from ..core import expr
from ..knowledge.templates import sum_relations, template_keys

MAX_ITEMS = 12  # list items looked back over


def key_list_totals(facts: list, text: str, fmt: str, summing) -> None:
    """Give each unkeyed figure after a summing word the whole its list covers (in place)."""
    wholes = _wholes(fmt)
    if not wholes or summing is None:
        return
    for i, fact in enumerate(facts):
        if fact.key or fact.value is None or fact.context_start is None or i == 0:
            continue
        listed = _listed_before(facts, i)
        if len(listed) < 2 or not summing.fullmatch(text[listed[-1].end:fact.start]):
            continue
        whole = _covered(wholes, [f.key for f in listed])
        if whole is not None and fact.unit in {f.unit for f in listed}:
            fact.key = whole


def _listed_before(facts: list, i: int) -> list:
    """The keyed figures just before facts[i] in its sentence, nearest last."""
    out = []
    for before in reversed(facts[max(0, i - MAX_ITEMS):i]):
        if before.context_start != facts[i].context_start or not before.key:
            break
        out.append(before)
    return out[::-1]


def _covered(wholes: dict, keys: list):
    """The whole whose parts the last keys cover exactly, each cell once (the longest such run:
    自然人…其他组织 is the 总计, though its last five are the 法人或其他组织 小计)."""
    for n in range(len(keys), 1, -1):
        cells = [_cells(k) for k in keys[-n:]]
        union = frozenset().union(*cells)
        if sum(map(len, cells)) == len(union) and union in wholes:
            return wholes[union]
    return None


@functools.lru_cache(maxsize=None)
def _wholes(fmt: str) -> dict:
    """{the cells of a relation's parts: its whole}."""
    out = {}
    for parts, whole in sum_relations(fmt).items():
        cells = [_cells(p) for p in parts]
        union = frozenset().union(*cells)
        if all(cells) and sum(map(len, cells)) == len(union):
            out.setdefault(union, whole)
    return out


@functools.lru_cache(maxsize=4096)
def base_cells(fmt: str, key: str) -> frozenset:
    """The template cells a key stands for, each whole of a relation replaced by its parts
    (t4.review.total: its upheld, corrected, other and pending): what it counts, part by part."""
    by_whole = {whole: parts for parts, whole in sum_relations(fmt).items()}
    out, todo, seen = set(), list(_cells(key)), set()
    while todo:
        cell = todo.pop()
        if cell in seen:
            continue
        seen.add(cell)
        if cell in by_whole:
            todo.extend(c for part in by_whole[cell] for c in _cells(part))
        else:
            out.add(cell)
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def _cells(key: str) -> frozenset:
    """The template cells a key names (a sum of terms, a pattern with *)."""
    keys = template_keys()
    out = set()
    for term in expr.parse(key).keys():
        out.update(expr.matching(term, keys) if expr.is_pattern(term) else [term] if term in keys else [])
    return frozenset(out)

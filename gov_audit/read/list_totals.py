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

from ..knowledge.templates import key_cells, sum_relations

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
        cells = [key_cells(k) for k in keys[-n:]]
        union = frozenset().union(*cells)
        if sum(map(len, cells)) == len(union) and union in wholes:
            return wholes[union]
    return None


@functools.lru_cache(maxsize=None)
def _wholes(fmt: str) -> dict:
    """{the cells of a relation's parts: its whole}."""
    out = {}
    for parts, whole in sum_relations(fmt).items():
        cells = [key_cells(p) for p in parts]
        union = frozenset().union(*cells)
        if all(cells) and sum(map(len, cells)) == len(union):
            out.setdefault(union, whole)
    return out

"""Facets a key names that the sentence may contradict (lexicon.yaml `conflicts`).

A key of table 三 names a row and a column. A phrasing reads one of them from
the words next to the figure (自然人申请38件: the natural persons' column) and
takes the other as the template's default (the new applications' row); the
sentence before it may have named the other already (全年办结的申请中，…: the
row of what was closed), or its clause may name it after the figure (法律服务机构
申请的4件均已办结). Where it did, the figure is left without a key: a missed figure
costs less than a figure compared with the wrong cell.
"""
from __future__ import annotations

from typing import NamedTuple

import regex

from ..core.resources import YamlError
from .phrasing import word_alternation

WHERE = ("before", "after")
CLAUSE_END = regex.compile(r"[,;:。，；：]")


class Conflict(NamedTuple):
    id: str
    keys: object  # compiled: the keys this facet check applies to
    said: object  # compiled: what names another facet
    after: bool  # said after the figure, in its clause (法律服务机构申请的4件均已办结), not before it


def build_conflicts(items, path: str) -> tuple:
    out = []
    for item in items or ():
        if not isinstance(item, dict) or not item.get("id") or not item.get("keys") \
                or not (item.get("words") or item.get("patterns")) or item.get("where", "before") not in WHERE:
            raise YamlError(path, f"a conflict needs id, keys, words or patterns, where: before|after: {item!r:.80}")
        parts = [word_alternation(item["words"])] if item.get("words") else []
        parts += [f"(?:{p})" for p in item.get("patterns") or ()]
        try:
            out.append(Conflict(str(item["id"]), regex.compile(str(item["keys"])), regex.compile("|".join(parts)),
                                item.get("where") == "after"))
        except regex.error as err:
            raise YamlError(path, f"conflict {item['id']}: {err}") from None
    return tuple(out)


def contradicted(conflicts: tuple, key: str, before: str, after: str) -> bool:
    """Whether the sentence before a figure (or its clause after it) names another facet than its key's."""
    rest = after[:m.start()] if (m := CLAUSE_END.search(after)) else after
    return any(c.keys.match(key) and c.said.search(rest if c.after else before) for c in conflicts)

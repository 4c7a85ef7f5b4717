"""Facets a key names that the sentence may contradict (lexicon.yaml `conflicts`).

A key of table 三 names a row and a column. A phrasing reads one of them from
the words next to the figure (自然人申请38件: the natural persons' column) and
takes the other as the template's default (the new applications' row); the
sentence before it may have named the other already (全年办结的申请中，…: the
row of what was closed), or its clause may name it after the figure (法律服务机构
申请的4件均已办结). Where it did, the figure is left without a key: a missed figure
costs less than a figure compared with the wrong cell — unless the sentence made
the other facet its topic (办结的申请中, 自然人申请的办理结果): the figure then takes
the cell of both.
"""
from __future__ import annotations

import functools
from typing import NamedTuple, Optional

import regex

from ..core.resources import YamlError
from .phrasing import word_alternation

WHERE = ("before", "after")
CLAUSE_END = regex.compile(r"[,;:。，；：]")


class Conflict(NamedTuple):
    id: str
    keys: object  # compiled: the keys this facet check applies to
    said: object  # compiled: what names another facet (None: only its topics do)
    after: bool  # said after the figure, in its clause (法律服务机构申请的4件均已办结), not before it
    topics: tuple = ()  # (topic pattern, key pattern, replacement): a facet made the topic gives the key
    # several of its topics before the figure leave it unkeyed (自然人提出申请12件，法人提出申请3件，
    # 予以公开10件: of both, not of the nearest); else the nearest decides
    one_topic: bool = False


DROP = ""  # resolve(): the key is dropped


def build_conflicts(items, path: str) -> tuple:
    out = []
    for item in items or ():
        if not isinstance(item, dict) or not item.get("id") or not item.get("keys") \
                or not (item.get("words") or item.get("patterns") or item.get("topics")) \
                or item.get("where", "before") not in WHERE:
            raise YamlError(path, "a conflict needs id, keys, words, patterns or topics, where: before|after: "
                                  f"{item!r:.80}")
        parts = [word_alternation(item["words"])] if item.get("words") else []
        parts += [f"(?:{p})" for p in item.get("patterns") or ()]
        try:
            said = regex.compile("|".join(parts)) if parts else None
            out.append(Conflict(str(item["id"]), regex.compile(str(item["keys"])), said,
                                item.get("where") == "after", _topics(item, path), bool(item.get("one_topic"))))
        except regex.error as err:
            raise YamlError(path, f"conflict {item['id']}: {err}") from None
    return tuple(out)


def _topics(item: dict, path: str) -> tuple:
    """`topics: [{pattern, from, to}]`: where the sentence made a facet its topic (办结的申请中),
    each term of the key has `from` replaced by `to` (a regular-expression substitution).
    A topic may give `words` instead of a pattern: the conflict's `topic_form` with {words}
    standing for them (one form for every applicant type, each type its words)."""
    topics = []
    form = item.get("topic_form")
    for topic in item.get("topics") or ():
        if not isinstance(topic, dict) or not ({"pattern", "from", "to"} == set(topic)
                                               or (form and {"words", "from", "to"} == set(topic))):
            raise YamlError(path, f"conflict {item['id']}: a topic is {{pattern, from, to}} "
                                  "(or {words, from, to} with a topic_form)")
        pattern = topic.get("pattern") or str(form).replace("{words}", word_alternation(topic["words"]))
        topics.append((str(pattern), regex.compile(str(topic["from"])), str(topic["to"])))
    return tuple(topics)


@functools.lru_cache(maxsize=None)
def topic_pattern(text: str):
    """A topic's expression, compiled when a figure's key first meets its conflict (the
    applicant types' are long: a run that keys no table-三 figure compiles none)."""
    return regex.compile(text)


def resolve(conflicts: tuple, key: str, before: str, after: str) -> Optional[str]:
    """None where the sentence agrees with the key; else the key its topic gives
    (办结的申请中，自然人申请38件: the natural persons' cell of the closed row), or DROP.
    A topic holds until a ; (自然人申请中，…；法人申请中，…: each its own)."""
    rest = after[:m.start()] if (m := CLAUSE_END.search(after)) else after
    for c in conflicts:
        if not c.keys.match(key) or not _said(c, rest if c.after else before):
            continue
        clause = before[max(before.rfind(";"), before.rfind("；")) + 1:]  # a ; closes a topic
        found = sorted((m.start(), n) for n, (topic, _, _) in enumerate(c.topics)
                       for m in _last(topic_pattern(topic), clause))
        if not found or (c.one_topic and len({n for _, n in found}) > 1):
            return DROP
        _, old, new = c.topics[found[-1][1]]
        return " + ".join(old.sub(new, term) for term in key.split(" + "))
    return None


def _said(conflict: Conflict, text: str) -> bool:
    """Whether the text names another facet: its words or patterns, or a facet made the topic."""
    if conflict.said is not None and conflict.said.search(text):
        return True
    return any(topic_pattern(topic).search(text) for topic, _, _ in conflict.topics)


def _last(pattern, text: str) -> list:
    """The last match of `pattern` in `text`, as a list of at most one."""
    found = None
    for found in pattern.finditer(text):
        pass
    return [found] if found else []

"""分别: "A、B和C分别为N1、N2和N3" — each figure read as if its sentence named only its own item.

A list of items, the word 分别, then as many figures joined by 、 和 及: figure k
is read in a text of its own, the sentence up to the list, item k, what
stands between 分别 and the figures, and figure k. So "予以公开、部分公开的分别为
9件、2件" reads "部分公开的为2件" for the second figure, with every frame and
scope of the lexicon as for any other sentence. Found in one pass over the
figures; each list costs its own length.
"""
from __future__ import annotations

import regex

RESPECTIVELY = "分别"
FIGURE_JOINT = regex.compile(r"[、,和及与]|以及")
CLAUSE_MARK = regex.compile(r"[,;:。\n]")
ITEM_SPLITS = (regex.compile(r"、"), regex.compile(r"、|以及|[和及与]"))
MAX_TAIL = 20  # characters between 分别 and the first figure


def respective_readings(text: str, figures: list, sentence_of) -> dict:
    """{figure index: (text of its own, start, end of the figure in it)} for figures in a 分别 list.

    `sentence_of(offset)` gives the (start, end) of the sentence holding an offset.
    """
    readings = {}
    at = text.find(RESPECTIVELY)
    i = 0
    while at != -1:
        while i < len(figures) and figures[i].start < at:
            i += 1
        members = _figure_list(text, figures, i, at)
        if members:
            readings.update(_readings(text, figures, members, at, sentence_of(at)[0]))
        at = text.find(RESPECTIVELY, at + len(RESPECTIVELY))
    return readings


def _figure_list(text: str, figures: list, first: int, at: int) -> list:
    """Indices of the figures listed right after 分别 (two or more), else []."""
    if first >= len(figures):
        return []
    tail = text[at + len(RESPECTIVELY):figures[first].start]
    if len(tail) > MAX_TAIL or CLAUSE_MARK.search(tail):
        return []
    members = [first]
    while members[-1] + 1 < len(figures):
        gap = text[figures[members[-1]].end:figures[members[-1] + 1].start]
        if not gap or FIGURE_JOINT.sub("", gap).strip():
            break
        members.append(members[-1] + 1)
    return members if len(members) >= 2 else []


def _readings(text: str, figures: list, members: list, at: int, sentence_start: int) -> dict:
    begin = at
    while begin > sentence_start and not CLAUSE_MARK.match(text, begin - 1):
        begin -= 1
    items = _items(text, begin, at, len(members))
    if items is None:
        return {}
    prefix = text[sentence_start:begin]
    tail = text[at + len(RESPECTIVELY):figures[members[0]].start]
    out = {}
    for (start, end), index in zip(items, members):
        figure = figures[index]
        own = prefix + text[start:end] + tail
        out[index] = (own + text[figure.start:figure.end], len(own), len(own) + figure.end - figure.start)
    return out


def _items(text: str, begin: int, end: int, count: int):
    """(start, end) of `count` items in text[begin:end], split at 、 (or also at 和 及 与)."""
    for split in ITEM_SPLITS:
        cuts = [m.span() for m in split.finditer(text, begin, end)]
        if len(cuts) == count - 1:
            bounds = [begin] + [x for span in cuts for x in span] + [end]
            return [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
    return None

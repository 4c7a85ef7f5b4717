"""分别: "A、B和C分别为N1、N2和N3" — each figure read as if its sentence named only its own item.

A list of items, the word 分别, then as many figures joined by 、 和 及: figure k
is read in a text of its own, the sentence up to the list, item k, what
stands between 分别 and the figures, and figure k. So "予以公开、部分公开的分别为
9件、2件" reads "部分公开的为2件" for the second figure, with every frame and
scope of the lexicon as for any other sentence. When each item names one
answer of a frame and says nothing else, the words before the first answer and
after the last belong to every item: "通过政府公报、政府网站公开政府信息分别为43条和
2950条" reads "通过政府公报公开政府信息为43条". Found in one pass over the figures;
each list costs its own length.
"""
from __future__ import annotations

import regex

RESPECTIVELY = "分别"
FIGURE_JOINT = regex.compile(r"[、,和及与]|以及")
CLAUSE_MARK = regex.compile(r"[,;:。\n]")
ITEM_SPLITS = (regex.compile(r"、"), regex.compile(r"、|以及|[和及与]"))
MAX_TAIL = 20  # characters between 分别 and the first figure
ITEM_FILLER = regex.compile(r"[\s的]")  # what an item may hold beside its answer


def respective_readings(text: str, figures: list, sentence_of, frames=None) -> dict:
    """{figure index: (text of its own, start, end of the figure in it)} for figures in a 分别 list.

    `sentence_of(offset)` gives the (start, end) of the sentence holding an offset; `frames`
    (name → Frame) find the answer each item names.
    """
    readings = {}
    at = text.find(RESPECTIVELY)
    i = 0
    while at != -1:
        while i < len(figures) and figures[i].start < at:
            i += 1
        members = _figure_list(text, figures, i, at)
        if members:
            readings.update(_readings(text, figures, members, at, sentence_of(at)[0], frames or {}))
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


def _readings(text: str, figures: list, members: list, at: int, sentence_start: int, frames: dict) -> dict:
    begin = at
    while begin > sentence_start and not CLAUSE_MARK.match(text, begin - 1):
        begin -= 1
    items = _items(text, begin, at, len(members))
    if items is None:
        return {}
    prefix = text[sentence_start:begin]
    tail = text[at + len(RESPECTIVELY):figures[members[0]].start]
    named = _shared_words(text, items, frames)
    out = {}
    for k, ((start, end), index) in enumerate(zip(items, members)):
        figure = figures[index]
        item = text[start:end] if named is None else named[0] + named[1][k] + named[2]
        own = prefix + item + tail
        out[index] = (own + text[figure.start:figure.end], len(own), len(own) + figure.end - figure.start)
    return out


def _shared_words(text: str, items: list, frames: dict):
    """(head, answers' words, tail) when every item names one answer of a frame, the answers
    differ, and the items say nothing else but the head before the first answer and the tail
    after the last; of several such frames, the one whose words cover most. None otherwise."""
    best, covered = None, 0
    for frame in frames.values():
        found = [frame.markers(text, start, end) for start, end in items]
        if not all(len(markers) == 1 for markers in found) or len({m[0][2] for m in found}) < 2:
            continue
        spans = [m[0] for m in found]
        between = [text[spans[k][1]:items[k][1]] + text[items[k + 1][0]:spans[k + 1][0]]
                   for k in range(len(items) - 1)]
        width = sum(end - start for start, end, _ in spans)
        if not any(ITEM_FILLER.sub("", gap) for gap in between) and width > covered:
            best = (text[items[0][0]:spans[0][0]], [text[a:b] for a, b, _ in spans], text[spans[-1][1]:items[-1][1]])
            covered = width
    return best


def _items(text: str, begin: int, end: int, count: int):
    """(start, end) of `count` items in text[begin:end], split at 、 (or also at 和 及 与)."""
    for split in ITEM_SPLITS:
        cuts = [m.span() for m in split.finditer(text, begin, end)]
        if len(cuts) == count - 1:
            bounds = [begin] + [x for span in cuts for x in span] + [end]
            return [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
    return None

"""The numbering grammar of reports (一、 （一） 1. （1） 一是), compiled once for every stage.

The table reader strips it from row labels, the page-text and PDF readers
never join an item's first line to the sentence before, the prose breakdowns
end at a numbered sentence, and the numbering check reads its levels. One
definition serves them all: rules/knowledge/numbering.yaml.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..core.resources import builtin_yaml


@functools.lru_cache(maxsize=None)
def grammar() -> dict:
    return builtin_yaml("knowledge/numbering.yaml")


@functools.lru_cache(maxsize=None)
def label_numbering():
    """A row label's leading numbering and 其中:, as one pattern anchored at the start."""
    return regex.compile(grammar()["label_numbering"])


@functools.lru_cache(maxsize=None)
def item_start(page_text: bool = False):
    """A line (stripped in page text, as a PDF gives it otherwise) that starts an item."""
    spec = grammar()
    if page_text:
        return regex.compile(f"^(?:{spec['page_item_starts']}|{spec['item_markers']})")
    return regex.compile(f"^\\s*(?:{spec['item_markers']})")


@functools.lru_cache(maxsize=None)
def sentence_marker():
    """A sentence starting with an item marker: a new item, not a continued list."""
    return regex.compile(grammar()["sentence_marker"])


@dataclass(frozen=True)
class Markers:
    """The markers of the numbering check, read in one pass.

    `pattern` has a group per level (L0, L1 …, each numeral in v0, v1 …),
    the inline 一是 (I, numeral vi) and a bare 是 that lost its numeral (bare).
    """

    pattern: object
    levels: list  # {name, pattern, boundary} outermost first
    loose: list  # each level's pattern alone (and the inline one last), to find a marker anywhere
    boundary_after: set  # where a `boundary` marker may stand besides a line start
    reference_before: tuple  # 第(一)项 is a reference, not a heading
    reference_after: tuple
    heading_max_chars: int


@functools.lru_cache(maxsize=None)
def markers() -> Markers:
    spec = grammar()
    parts, loose = [], []
    levels = spec["levels"]
    for n, level in enumerate(levels):
        parts.append(f"(?P<L{n}>{level['pattern'].replace('(?P<v>', f'(?P<v{n}>')})")
        loose.append(regex.compile(level["pattern"]))
    # Every branch starts by consuming a character (the scan skips most positions in
    # one test); the lookbehinds that place a marker come after it.
    bare = "(?P<bare>是)(?<=(?:^|[。;!?\\n])[ \\t]*是)(?=\\p{Han})(?!否)"
    not_after = regex.escape("".join(sorted(set(map(str, spec["inline_not_after"])))))
    numeral = spec["inline"].split("(?P<v>", 1)[1].split(")", 1)[0]  # the numeral class of 一是
    inline = spec["inline"].replace(")", f")(?<![{not_after}]{numeral})", 1)
    parts.append(f"(?P<I>{inline.replace('(?P<v>', '(?P<vi>')})")
    parts.append(bare)
    loose.append(regex.compile(inline))
    pattern = regex.compile("|".join(parts), regex.MULTILINE)
    return Markers(pattern, levels, loose, set(spec["boundary_after"]), tuple(spec["reference_before"]),
                   tuple(spec["reference_after"]), int(spec["heading_max_chars"]))

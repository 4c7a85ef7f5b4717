"""The literal words a raw lexicon pattern cannot match without: its anchors.

A lexicon form's anchors are the words of its required parts (phrasing.py); a raw
pattern (`patterns:`, a user pack's regular expression) is read here. Whatever
else it allows, some of its words must stand in the clause for it to match — 申请
in "收到…申请{N}", one of 收到/受理/接到 where it offers those — and a clause
without them need not be searched with it. The words are read off the pattern's
syntax tree, as Python's own regular-expression parser gives it:

- a run of literal characters in sequence is required;
- an alternation is required as "one of" when each of its branches requires a word;
- a group, or a repeat of at least once, passes its requirements through;
- anything else — a class, an optional part, a lookaround, a back-reference —
  requires nothing.

A pattern the parser cannot read, or written with flags (a case-insensitive
word may be written otherwise), has no anchors: it is always searched. So an
anchor never hides a match; it only spares searches that cannot succeed.
"""
from __future__ import annotations

from typing import Optional

try:  # the standard library's parser of regular expressions (re's own, since Python 3.11)
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# A requirement: the words (a tuple), one of which the text must hold.
MIN_ANCHOR = 2  # a single character is in most clauses: it spares nothing


def phrasing_anchors(pattern: str, mark: str) -> Optional[tuple]:
    """The requirements of one phrasing (each a tuple of words, one of which must be
    present), or None when nothing can be said of it. `mark` stands for the figure."""
    try:
        tree = _sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 — a syntax Python's parser does not know: always searched
        return None
    if tree.state.flags & ~_DEFAULT_FLAGS:
        return None
    needs = _sequence(list(tree), mark)
    if not needs or any(ch in word for need in needs for word in need for ch in "{}"):
        return None  # nothing required, or braces the regex module may read otherwise ({e<=1})
    return tuple(needs)


_DEFAULT_FLAGS = _sre_parse.SRE_FLAG_UNICODE if hasattr(_sre_parse, "SRE_FLAG_UNICODE") else 32


def _sequence(items: list, mark: str) -> list:
    """The requirements of a sequence of nodes: its literal runs and its required parts."""
    needs: list = []
    run: list = []

    def close_run():
        if len(run) >= MIN_ANCHOR:
            needs.append(("".join(run),))
        run.clear()

    for op, value in items:
        name = str(op)
        if name == "LITERAL" and chr(value) != mark:
            run.append(chr(value))
            continue
        close_run()
        needs.extend(_node(name, value, mark))
    close_run()
    return needs


def _node(name: str, value, mark: str) -> list:
    if name == "SUBPATTERN":
        _, add_flags, del_flags, body = value
        return [] if add_flags or del_flags else _sequence(list(body), mark)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _, body = value
        return _sequence(list(body), mark) if low >= 1 else []
    if name == "ATOMIC_GROUP":
        return _sequence(list(value), mark)
    if name == "BRANCH":
        return _branch(value[1], mark)
    return []


def _branch(branches: list, mark: str) -> list:
    """An alternation requires one of its branches' words, when every branch requires one."""
    words = set()
    for branch in branches:
        needs = _sequence(list(branch), mark)
        if not needs:
            return []
        words.update(max(needs, key=lambda need: min(map(len, need))))  # its most telling requirement
    return [tuple(sorted(words, key=lambda w: (-len(w), w)))]

"""`bracket`: a quality remark on brackets and quotation marks that do not pair (info).

（）【】《》〔〕 must pair up, in order, within a paragraph (a line, continued by
the next when it does not end a sentence); quotation marks “” must be as many
opening as closing. "1)" at a clause start is a list marker. The pairs are
data: rules/knowledge/structures.yaml `brackets`.
"""
from __future__ import annotations

import functools

import regex

from ..context import Context
from ..rule import Rule
from .phrasing import config
from .prose import Prose, prose_of, remark_findings


@functools.lru_cache(maxsize=None)
def _brackets():
    spec = config().raw["brackets"]
    ordered = {str(p)[0]: str(p)[1] for p in spec["pairs"] if len(str(p)) == 2}
    quotes = {str(p)[0]: str(p)[1] for p in spec["quotes"] if len(str(p)) == 2}
    chars = "".join(a + b for a, b in list(ordered.items()) + list(quotes.items()))
    return (regex.compile(f"[{regex.escape(chars)}]"), ordered, {v: k for k, v in ordered.items()}, quotes,
            regex.compile(spec["marker_before"], regex.MULTILINE))


def bracket(rule: Rule, ctx: Context) -> list:
    prose = prose_of(ctx)
    text = prose.text
    pattern, opens, closes, quotes, marker = _brackets()
    problems: list = []
    stack: list = []  # (char, offset) of open brackets of the paragraph
    counts: dict = {}  # quotation mark → offsets
    line = (-1, -1)
    carried = False
    for m in prose.scan(pattern):
        pos = m.start()
        if pos > line[1]:
            previous, line = line, prose.line(pos)
            # A line that does not end a sentence may continue into the next one (once).
            follows = previous[1] + 1 == line[0] and text[previous[0]:previous[1]].rstrip()[-1:] not in "。!?;:"
            if carried or not follows or not _unfinished(stack, counts, quotes):
                _flush(prose, stack, counts, quotes, problems)
                carried = False
            else:
                carried = True
        _bracket(prose, m.group(), pos, line[0], stack, counts, opens, closes, quotes, marker, problems)
    _flush(prose, stack, counts, quotes, problems)
    return remark_findings(rule, prose, problems, "括号或引号不成对")


def _unfinished(stack: list, counts: dict, quotes: dict) -> bool:
    return bool(stack) or any(len(counts.get(a, ())) != len(counts.get(b, ())) for a, b in quotes.items())


def _bracket(prose, ch, pos, line_start, stack, counts, opens, closes, quotes, marker, problems) -> None:
    if ch in opens:
        stack.append((ch, pos))
    elif ch in closes:
        if marker.search(prose.text, max(line_start, pos - 3), pos):
            return  # "1)" at a clause start: a list marker
        want = closes[ch]
        at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == want), None)
        if at is None:
            problems.append((pos, pos + 1, f"“{_context(prose, pos)}”中的“{prose.raw(pos, pos + 1)}”前面没有对应的左括号", 1))
            return
        for _, where in stack[at + 1:]:
            problems.append((where, where + 1, f"“{_context(prose, where)}”中的“{prose.raw(where, where + 1)}”没有闭合", 1))
        del stack[at:]
    else:
        counts.setdefault(ch, []).append(pos)


def _context(prose: Prose, pos: int, width: int = 12) -> str:
    line_start, line_end = prose.line(pos)
    return prose.quote(max(line_start, pos - width), min(line_end, pos + 3))


def _flush(prose: Prose, stack: list, counts: dict, quotes: dict, problems: list) -> None:
    """End of a paragraph: brackets left open, quotation marks that do not pair."""
    if not stack and not counts:
        return
    for _, where in stack:
        problems.append((where, where + 1, f"“{_context(prose, where)}”中的“{prose.raw(where, where + 1)}”没有闭合", 1))
    stack.clear()
    for opener, closer in quotes.items():
        a, b = counts.get(opener, []), counts.get(closer, [])
        if len(a) > len(b):
            where = a[len(b)]
            problems.append((where, where + 1, f"“{_context(prose, where)}”中的引号“{prose.raw(where, where + 1)}”没有闭合", 1))
        elif len(b) > len(a):
            where = b[len(a)]
            problems.append((where, where + 1, f"“{_context(prose, where)}”中的引号“{prose.raw(where, where + 1)}”前面没有开引号", 1))
    counts.clear()

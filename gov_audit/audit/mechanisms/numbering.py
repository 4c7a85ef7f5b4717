"""`numbering`: a quality remark on the numbering of sections and items (info).

The markers of rules/knowledge/numbering.yaml (一、 （一） 1. （1） and the
inline 一是…二是…) are read in one pass, outside the tables (a table's row
labels 一、…九、 are no sections). A marker resets every level below it; in
each level the next number must follow the last one or restart at 1. A gap
(（一）…（四）), a sequence that starts above 1 (二是 with no 一是), a number
going back, and a clause starting with a bare 是 after 一是…三是 (a numeral
lost) are reported — one finding per break, with its line. A 一是 inside an
inline list opens a nested one (一是…[一是 二是]…二是); a marker that continues
an enclosing list closes it.
Between two numbered neighbours, short lines without a number are counted as
headings whose number was lost.
"""
from __future__ import annotations

import regex

from ...core.figures import whole_number
from ...knowledge.numbering import markers
from ..context import Context
from ..rule import Rule
from .prose import Prose, prose_of, remark_findings

_HAN = regex.compile(r"\p{Han}")
INLINE_DEPTH = 3  # nested 一是 lists remembered: a deeper one forgets the outermost (bounded work)


def _value(text: str) -> int:
    """An item number (3, 十二); 0 when it is none."""
    return whole_number(text) or 0


def _chinese(n: int) -> str:
    if n >= 100:
        return str(n)
    if n <= 10:
        return " 一二三四五六七八九十"[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else " 一二三四五六七八九"[tens]) + "十" + ("" if ones == 0 else " 一二三四五六七八九"[ones])


def _written_between(prose: Prose, loose, start: int, end: int, wanted: list) -> bool:
    """Whether every wanted number is written as a marker between start and end, wherever it
    stands (a heading glued to the text before it: …895.90元三、收到和处理…)."""
    found = {_value(m.group("v")) for m in loose.finditer(prose.text, start, end)}
    return set(wanted) <= found


def _format(level: dict, n: int) -> str:
    name = level["name"]
    if "1" in name:
        return name.replace("1", str(n))
    return name.replace("一", _chinese(n))


def _headings_between(prose: Prose, start: int, end: int, limit: int) -> int:
    """Short unnumbered lines between two markers: headings whose number was lost."""
    count = 0
    a = prose.text.find("\n", start, end)
    while a != -1:
        b = prose.text.find("\n", a + 1, end)
        line = prose.text[a + 1:(b if b != -1 else end)].strip()
        if line and len(line) <= limit and line[-1] not in "。,;:!?" and _HAN.search(line) \
                and not prose.in_table_row(a + 1):
            count += 1
        a = b
    return count


def numbering(rule: Rule, ctx: Context) -> list:
    prose = prose_of(ctx)
    text = prose.text
    spec = markers()
    pattern, levels, loose, boundary = spec.pattern, spec.levels, spec.loose, spec.boundary_after
    ref_before, ref_after, heading_max = spec.reference_before, spec.reference_after, spec.heading_max_chars
    inline_level = len(levels)
    state: dict = {}  # level → (value, match start, match end)
    enclosing: list = []  # inline lists a nested 一是 list stands in, innermost last
    problems = []
    cursor, depth = 0, 0
    for m in prose.scan(pattern):
        pos = m.start()
        newline = text.rfind("\n", cursor, pos)
        if newline != -1:
            cursor, depth = newline + 1, 0
        depth = max(0, depth + text.count("(", cursor, pos) - text.count(")", cursor, pos))
        cursor = pos
        if depth > 0:
            continue
        kind = m.lastgroup
        if kind == "bare":
            last = state.get(inline_level)
            if last is not None:
                problems.append((pos, m.end(), f"“{_chinese(last[0])}是”之后的一句以“是”开头，序号丢失", last[0] + 1))
                state[inline_level] = (last[0] + 1, pos, m.end())
            continue
        if kind == "I":
            level, value = inline_level, _value(m.group("vi"))
            if _nested_inline(state, enclosing, level, value, m):
                continue
        else:
            level = int(kind[1:])
            before = text[pos - 1] if pos > 0 else "\n"
            if levels[level].get("boundary") and before != "\n" and before not in boundary:
                continue
            if text.endswith(ref_before, 0, pos) or text.startswith(ref_after, m.end()):
                continue
            value = _value(m.group(f"v{level}"))
            for deeper in [k for k in state if k > level]:
                del state[deeper]
            enclosing.clear()
        if value <= 0:
            continue
        problem = _check(prose, level, value, m, state, levels, loose[level], heading_max)
        if problem:
            problems.append((pos, m.end(), problem, value))
        state[level] = (value, pos, m.end())
    return remark_findings(rule, prose, problems, "编号不连续")


def _nested_inline(state: dict, enclosing: list, level: int, value: int, m) -> bool:
    """一是…[一是 二是]…二是: a 一是 inside a list opens a nested list (true: nothing to check);
    a marker that continues an enclosing list closes the nested ones (state is that list again)."""
    top = state.get(level)
    if top is None or value <= 0:
        return False
    if value == 1:
        enclosing.append(top)
        del enclosing[:-INLINE_DEPTH]
        state[level] = (1, m.start(), m.end())
        return True
    if value != top[0] + 1:
        for k in range(len(enclosing) - 1, -1, -1):
            if value == enclosing[k][0] + 1:
                state[level] = enclosing[k]
                del enclosing[k:]
                break
    return False


def _marker_name(levels: list, level: int, n: int) -> str:
    return _format(levels[level], n) if level < len(levels) else f"{_chinese(n)}是"


def _check(prose: Prose, level: int, value: int, m, state: dict, levels: list, loose, heading_max: int):
    """What is wrong with a marker's number, or None."""
    last = state.get(level)
    expected = last[0] + 1 if last else 1
    if value == expected or value == 1:
        return None
    here = prose.quote(m.start(), m.end())
    if last is None:
        parents = [v for k, v in state.items() if k < level]
        if not parents:
            return None  # a top-level list starting above 1: a fragment or a preamble
        parent = max(parents, key=lambda v: v[1])
        wanted = list(range(1, value))
        if _written_between(prose, loose, parent[2], m.start(), wanted):
            return None
        return f"“{here}”之前没有“{_marker_name(levels, level, 1)}”"
    if value > expected:
        wanted = list(range(expected, value))
        if _written_between(prose, loose, last[2], m.start(), wanted):
            return None
        missing = "、".join(_marker_name(levels, level, n) for n in wanted)
        note = f"“{here}”紧接在“{prose.quote(last[1], last[2])}”之后，缺少{missing}"
        lost = _headings_between(prose, last[2], m.start(), heading_max) if level < len(levels) else 0
        if lost:
            note += f"（中间有{lost}个标题没有编号）"
        return note
    return f"“{here}”在“{prose.quote(last[1], last[2])}”之后，序号重复或倒退"

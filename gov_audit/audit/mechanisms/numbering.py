"""Numbering and brackets: quality remarks on the form of the text (info).

`numbering`: the markers of rules/structures.yaml (一、 （一） 1. （1） and the
inline 一是…二是…) are read in one pass, outside the tables (a table's row
labels 一、…九、 are no sections). A marker resets every level below it; in
each level the next number must follow the last one or restart at 1. A gap
(（一）…（四）), a sequence that starts above 1 (二是 with no 一是), a number
going back, and a clause starting with a bare 是 after 一是…三是 (a numeral
lost) are reported — in one finding per report, each break with its line.
Between two numbered neighbours, short lines without a number are counted as
headings whose number was lost.

`bracket`: （）【】《》〔〕 must pair up, in order, within a paragraph (a line,
continued by the next when it does not end a sentence); quotation marks “”
must be as many opening as closing. "1)" at a clause start is a list marker.
"""
from __future__ import annotations

import functools

import regex

from ..engine import Context, Rule, mechanism
from ...core.numbers import whole_number
from .text import Prose, config, make_finding, mark_fact, prose_of

_HAN = regex.compile(r"\p{Han}")


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


@functools.lru_cache(maxsize=None)
def _numbering():
    spec = config().raw["numbering"]
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
    return (pattern, levels, loose, set(spec["boundary_after"]), tuple(spec["reference_before"]),
            tuple(spec["reference_after"]), int(spec["heading_max_chars"]))


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


@mechanism("numbering")
def numbering(rule: Rule, ctx: Context) -> list:
    prose = prose_of(ctx)
    text = prose.text
    pattern, levels, loose, boundary, ref_before, ref_after, heading_max = _numbering()
    inline_level = len(levels)
    state: dict = {}  # level → (value, match start, match end)
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
        if value <= 0:
            continue
        problem = _check(prose, level, value, m, state, levels, loose[level], heading_max)
        if problem:
            problems.append((pos, m.end(), problem, value))
        state[level] = (value, pos, m.end())
    if not problems:
        return []
    return [_summary(rule, prose, problems, "编号不连续")]


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


def _summary(rule: Rule, prose: Prose, problems: list, title: str):
    doc = prose.ctx.document
    notes = []
    for start, _, note, _ in problems[:12]:
        line = doc.position(start)[1] if doc is not None else None
        notes.append(f"第{line}行：{note}" if line else note)
    more = f"；另有{len(problems) - 12}处" if len(problems) > 12 else ""
    # Each fact is the marker (its number) or the bracket (one unpaired) the remark is about.
    facts = [mark_fact(prose, start, end, value) for start, end, _, value in problems]
    return make_finding(rule, rule.severity, f"{title}：" + "；".join(notes) + more, [], facts, problems[0][0])


# ---------------------------------------------------------------- brackets


@functools.lru_cache(maxsize=None)
def _brackets():
    spec = config().raw["brackets"]
    ordered = {str(p)[0]: str(p)[1] for p in spec["pairs"] if len(str(p)) == 2}
    quotes = {str(p)[0]: str(p)[1] for p in spec["quotes"] if len(str(p)) == 2}
    chars = "".join(a + b for a, b in list(ordered.items()) + list(quotes.items()))
    return (regex.compile(f"[{regex.escape(chars)}]"), ordered, {v: k for k, v in ordered.items()}, quotes,
            regex.compile(spec["marker_before"], regex.MULTILINE))


@mechanism("bracket")
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
    if not problems:
        return []
    problems.sort()
    return [_summary(rule, prose, problems, "括号或引号不成对")]


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

"""How large a regular expression from a user's pack may be once compiled.

A search runs with a timeout, but compiling does not: the regex module
expands a counted repeat into copies, so `a{4294967294}` takes 24 GB and a
minute before any text is searched, and `(?:x{1000}){1000}` 280 MB. A pattern
is therefore measured before it is compiled: its length, how deep its groups
nest, and its size once every counted repeat is expanded (the built-in
phrasings stay under 1,000).
"""
from __future__ import annotations

import re

MAX_LENGTH = 2000  # characters of one pattern
MAX_DEPTH = 20  # groups within groups
MAX_EXPANDED = 20_000  # items once counted repeats are expanded

COUNTED = re.compile(r"\{(\d*)(?:,(\d*))?\}")


def problem(pattern: str) -> str | None:
    """Why `pattern` may not be compiled, or None."""
    if len(pattern) > MAX_LENGTH:
        return f"longer than {MAX_LENGTH} characters"
    try:
        depth, size = _measure(pattern)
    except _TooLarge as exc:
        return str(exc)
    if depth > MAX_DEPTH:
        return f"groups nested deeper than {MAX_DEPTH}"
    if size > MAX_EXPANDED:
        return f"counted repeats expand it to {size} items, more than {MAX_EXPANDED}"
    return None


class _TooLarge(Exception):
    pass


def _measure(pattern: str) -> tuple[int, int]:
    """(deepest group nesting, size with counted repeats expanded), over-estimated:
    alternatives are added, not maxed."""
    stack: list[int] = []  # the size of each open group's content so far
    size, last, deepest = 0, 0, 0
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i, last = i + 2, 1
            size += 1
        elif ch == "[":
            i, last = _class_end(pattern, i), 1
            size += 1
        elif ch == "(":
            stack.append(size)
            deepest = max(deepest, len(stack))
            size, i = 0, i + 1
        elif ch == ")" and stack:
            last = max(size, 1)
            size, i = stack.pop() + last, i + 1
        elif ch == "{" and (m := COUNTED.match(pattern, i)) and (m.group(1) or m.group(2)):
            times = max(int(m.group(1) or 0), int(m.group(2) or 0))
            grown = last * times
            if grown > MAX_EXPANDED:
                raise _TooLarge(f"a counted repeat of {times} makes it larger than {MAX_EXPANDED} items")
            size += grown - last
            last, i = grown, m.end()
        else:
            last = 1
            size, i = size + 1, i + 1
        if size > MAX_EXPANDED:
            raise _TooLarge(f"counted repeats expand it to more than {MAX_EXPANDED} items")
    return deepest, size + sum(stack)


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opening at `start`: its first `]` that is
    not its first member. A nested set of the regex module's version 1 then ends early
    and its rest is measured as items: an over-estimate, never an under-estimate."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i + 1
        i += 1
    return i

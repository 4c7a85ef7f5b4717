"""A small safe expression language for rule relations (never Python eval).

    relation := sum (CMP sum)?          CMP: == != <= >= < >
    sum      := term (('+' | '-') term)*
    term     := NUMBER | KEY | FUNC '(' sum (',' sum)* ')' | '(' sum ')' | '-' term
    FUNC     := sum | max | min
    KEY      := dotted indicator key; '*' matches any run of characters, dots included
                (t3.denied.*.sum: every 不予公开 reason; t3.other*.sum: 其他处理 as one row
                or as its sub-rows)

Parsing yields a tree of tuples; evaluation takes a lookup function from key
to a list of (key, Interval) and works on intervals.
"""
from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Optional

import regex

from ..core.numbers import Interval

MAX_DEPTH = 40
MAX_LENGTH = 2000
TOKEN = regex.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<key>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_*]+)*)"
    r"|(?P<op>==|!=|<=|>=|<|>|\+|-|\(|\)|,))"
)
FUNCS = ("sum", "max", "min")
COMPARATORS = ("==", "!=", "<=", ">=", "<", ">")


class ExprError(Exception):
    pass


@dataclass(frozen=True)
class Relation:
    left: tuple
    op: Optional[str]
    right: Optional[tuple]
    text: str

    def keys(self) -> list[str]:
        found: list[str] = []
        _keys(self.left, found)
        if self.right is not None:
            _keys(self.right, found)
        return found


def node_keys(node: tuple) -> list[str]:
    """The keys (and patterns) an expression tree reads, in order."""
    found: list[str] = []
    _keys(node, found)
    return found


def _keys(node: tuple, found: list[str]) -> None:
    if node[0] == "key":
        found.append(node[1])
    for child in node[1:]:
        if isinstance(child, tuple):
            _keys(child, found)
        elif isinstance(child, list):
            for item in child:
                _keys(item, found)


def tokenize(text: str) -> list[tuple[str, str]]:
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters")
    tokens = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExprError(f"unexpected {text[pos:pos + 10]!r} at column {pos + 1}")
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self, value=None):
        tok = self.peek()
        if tok[0] is None or (value is not None and tok[1] != value):
            want = repr(value) if value else "more"
            got = repr(tok[1]) if tok[1] else "the end"
            raise ExprError(f"expected {want}, found {got}")
        self.pos += 1
        return tok

    def relation(self) -> Relation:
        left = self.sum()
        op = right = None
        if self.peek()[1] in COMPARATORS:
            op = self.take()[1]
            right = self.sum()
        if self.peek()[0] is not None:
            raise ExprError(f"unexpected {self.peek()[1]!r}")
        return Relation(left, op, right, self.text)

    def enter(self) -> None:
        """One level deeper (a parenthesis, a call, a unary minus): bounded, so
        that no expression can exhaust the stack."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH}")

    def sum(self) -> tuple:
        self.enter()
        terms = [("+", self.term())]
        while self.peek()[1] in ("+", "-"):
            sign = self.take()[1]
            terms.append((sign, self.term()))
        self.depth -= 1
        return terms[0][1] if len(terms) == 1 else ("add", terms)

    def term(self) -> tuple:
        kind, value = self.peek()
        if kind == "num":
            self.take()
            return ("num", Decimal(value))
        if value == "-":
            self.take()
            self.enter()
            negated = ("neg", self.term())
            self.depth -= 1
            return negated
        if value == "(":
            self.take()
            inner = self.sum()
            self.take(")")
            return inner
        if kind == "key":
            self.take()
            if value in FUNCS and self.peek()[1] == "(":
                self.take("(")
                args = [self.sum()]
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.sum())
                self.take(")")
                return ("call", value, args)
            return ("key", value)
        raise ExprError(f"expected a figure, a key or '(', found {value!r}" if value else "expression ends too early")


def parse(text: str) -> Relation:
    if not isinstance(text, str) or not text.strip():
        raise ExprError("empty expression")
    return _Parser(text).relation()


# ---------------------------------------------------------------- evaluation

Lookup = Callable[[str], list]  # key or pattern → [(key, Interval)]


class Missing(Exception):
    """A key the relation needs has no figure: the relation cannot be tested."""


def is_pattern(key: str) -> bool:
    return "*" in key


def matching(pattern: str, keys) -> list[str]:
    """Keys that a pattern with '*' parts matches (one or more parts each).

    fnmatch semantics (fnmatchcase is this very expression, matched); each (pattern,
    key) is decided once per process — the keys are the templates' indicator keys, a
    few hundred — since rules ask for the same patterns over every report.
    """
    known = _MATCHES.get(pattern)
    if known is None:
        if len(_MATCHES) >= _MATCHES_SIZE:
            _MATCHES.clear()
        known = _MATCHES[pattern] = {}
    match = None
    found = []
    for key in keys:
        hit = known.get(key)
        if hit is None:
            if len(known) >= _MATCHES_SIZE:
                known.clear()
            match = match or re.compile(fnmatch.translate(pattern)).match
            hit = known[key] = match(key) is not None
        if hit:
            found.append(key)
    return found


_MATCHES: dict = {}  # pattern → {key: matches}
_MATCHES_SIZE = 20000


_ZERO = Interval.exact(0)  # intervals are immutable: one zero serves every sum


@functools.lru_cache(maxsize=1024)
def _constant(value) -> Interval:
    return Interval.exact(value)


def evaluate(node: tuple, lookup: Lookup, used: list) -> Interval:
    """The interval of a sum; `used` collects (key, Interval) in order."""
    kind = node[0]
    if kind == "num":
        return _constant(node[1])
    if kind == "key":
        found = lookup(node[1])
        if not found or (not is_pattern(node[1]) and len(found) != 1):
            raise Missing(node[1])
        used.extend(found)
        total = found[0][1]
        for _, value in found[1:]:
            total = total + value
        return total
    if kind == "neg":
        return -evaluate(node[1], lookup, used)
    if kind == "add":
        total = None
        for sign, term in node[1]:
            value = evaluate(term, lookup, used)
            if sign == "-":
                value = -value
            total = value if total is None else total + value
        return total if total is not None else _ZERO
    if kind == "call":
        name, args = node[1], node[2]
        values = [evaluate(a, lookup, used) for a in args]
        if name == "sum":
            total = _ZERO
            for v in values:
                total = total + v
            return total
        pick = max if name == "max" else min
        lows = [v.low for v in values]
        highs = [v.high for v in values]
        low = None if any(x is None for x in lows) and name == "min" else pick(x for x in lows if x is not None)
        high = None if any(x is None for x in highs) and name == "max" else pick(x for x in highs if x is not None)
        return Interval(low, high)
    raise ExprError(f"unknown node {kind}")


def holds(op: str, left: Interval, right: Interval) -> bool:
    """Whether the relation can hold for some values within the intervals."""
    if op == "==":
        return left.meets(right)
    if op == "!=":
        return not (left.is_exact and right.is_exact and left.low == right.low)
    if op == "<=":
        return left.can_be_le(right)
    if op == ">=":
        return right.can_be_le(left)
    if op == "<":
        return left.can_be_lt(right)
    if op == ">":
        return right.can_be_lt(left)
    raise ExprError(f"unknown comparison {op}")

"""Splitting a run of digits into a row's cells, and choosing among the splits
by the relations the template states for its table (flattened.py reads the
rows; this module decides their cells).

A run is cut into the row's number of cells in every way in which no cell has
a leading zero and signs fall only in signed columns (bounded: a run of
hundreds of digits is left unread, never allowed to hang the run). The
relations within a row choose first, then the relations linking rows, in a
joint search over the rows still open; a row is read only when exactly one
split is left for it in every solution, or when one solution is the one whose
figures the text also states.
"""
from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation
from typing import Optional

import regex

from ...core import expr
from ...core.compiled import compile_relation
from ...core.figures import parse_figure
from ...core.numbers import Interval
from ...knowledge.templates import flattened_settings, table_keys, table_relations, templates

CELL = regex.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
NO_SPLIT_FITS = "没有一种拆分满足本行的合计关系"  # the row is inconsistent however it is read
SPLIT_BUDGET = 50_000  # steps of the search for the cuts of one row


def _value_of(known: dict, extra: dict, absent: set):
    """A key's figure for testing a relation: a split's cell, a cell already read, 0 for a
    row the form does not have; expr.Missing otherwise."""
    def value_of(key: str) -> Interval:
        value = extra.get(key)
        if value is None:
            value = known.get(key)
            if value is None:
                if key in absent:
                    return _ZERO
                raise expr.Missing(key)
        return value

    return value_of


_ZERO = Interval.exact(0)


@functools.lru_cache(maxsize=64)
def _compiled(table_name: str, all_keys: tuple) -> tuple:
    """The table's relations compiled once for its keys, each with the keys each side names."""
    return tuple((compile_relation(r, all_keys), tuple(expr.node_keys(r.left)), tuple(expr.node_keys(r.right)))
                 for r in table_relations(table_name))


def _holds(compiled: tuple, value_of, absent: set) -> Optional[bool]:
    """True/False, or None when a figure it needs is not known.

    A side made only of rows the form does not have (local tables) states
    nothing: the relation is not tested.
    """
    relation, left_keys, right_keys = compiled
    if absent:
        for keys in (left_keys, right_keys):
            if keys and all(k in absent for k in keys):
                return None
    return relation.holds(value_of)


@functools.lru_cache(maxsize=None)
def _relations_keys(table_name: str) -> tuple:
    """The keys each relation of a table reads (patterns expanded)."""
    all_keys = table_keys(templates()["tables"][table_name])
    return tuple(frozenset(_relation_keys(r, all_keys)) for r in table_relations(table_name))


def _relation_keys(relation: expr.Relation, all_keys: list) -> set:
    keys = set()
    for key in relation.keys():
        if expr.is_pattern(key):
            keys.update(expr.matching(key, all_keys))
        else:
            keys.add(key)
    return keys


# ---------------------------------------------------------------- splitting


class _TooMany(Exception):
    """More ways to cut a run than are worth trying: the row stays unread."""


def splits(tokens: list, width: int, signed: set, limit: int) -> Optional[list]:
    """Every way to cut the tokens into `width` cells ([(text, start)]), None past
    `limit` results or past `SPLIT_BUDGET` steps (a run of hundreds of digits has
    astronomically many cuts; it is left unread, never allowed to hang the run)."""
    try:
        return _splits(tokens, width, signed, limit)
    except _TooMany:
        return None


def _splits(tokens: list, width: int, signed: set, limit: int) -> Optional[list]:
    out: list = []
    steps = [0]
    digits = [sum(ch.isdigit() for ch in token) for token, _ in tokens]
    later_digits = [sum(digits[t:]) for t in range(len(tokens) + 1)]

    def place(t: int, cells: list):
        steps[0] += 1
        if steps[0] > SPLIT_BUDGET:
            raise _TooMany
        if len(out) > limit:
            return
        if t == len(tokens):
            if len(cells) == width:
                out.append(list(cells))
            return
        token, at = tokens[t]
        left = width - len(cells)
        rest_tokens = len(tokens) - t - 1
        # each later token gives at least one cell and at most one per digit
        fewest = max(1, left - later_digits[t + 1])
        for parts in range(fewest, min(digits[t], left - rest_tokens) + 1):
            ways = _token_cuts(token, parts)
            if ways is None:
                raise _TooMany
            steps[0] += len(ways)
            for way in ways:
                piece = _placed(way, at)
                if any(p[0][:1] in "-−" and (len(cells) + q) not in signed for q, p in enumerate(piece)):
                    continue
                place(t + 1, cells + piece)

    place(0, [])
    return None if len(out) > limit else out


def _placed(way: tuple, at: int) -> list:
    """Cell texts cut from a token starting at `at`, with their offsets."""
    piece = []
    for cell in way:
        piece.append((cell, at))
        at += len(cell)
    return piece


@functools.lru_cache(maxsize=8192)
def _token_cuts(token: str, parts: int) -> Optional[tuple]:
    """Every way to cut one token into `parts` valid cells (tuples of cell texts),
    or None past SPLIT_BUDGET ways. Tokens recur across rows and reports."""
    if parts == 1:
        return ((token,),) if CELL.fullmatch(token.replace("−", "-")) else ()
    ways: list = []
    for k in range(1, len(token)):
        head = token[:k]
        if not CELL.fullmatch(head.replace("−", "-")):
            continue
        rest = _token_cuts(token[k:], parts - 1)
        if rest is None or len(ways) + len(rest) > SPLIT_BUDGET:
            return None
        ways.extend((head,) + tail for tail in rest)
    return tuple(ways)


# ---------------------------------------------------------------- solving


def cell_value(text: str) -> Optional[Interval]:
    figure = parse_figure(text.replace("−", "-"))
    return figure.value if figure is not None else None


def solve(table_name: str, table: dict, known: dict, pending: dict, absent: set, evidence: Optional[dict] = None):
    """Choose the split of each pending row.

    `pending` maps a template row index to (keys, candidate splits), each
    candidate a list of cell texts aligned with keys. Returns ({index: (choice,
    corroborated?)}, {index: reason}) — rows decided and rows left unread.
    `evidence`: {key: exact values} the text states for those cells, for a split the relations leave open.
    """
    all_keys = table_keys(table)
    relations = _compiled(table_name, tuple(all_keys))
    rel_keys = _relations_keys(table_name)
    decided: dict = {}
    unread: dict = {}
    options: dict = {}
    for index, (keys, candidates) in pending.items():
        row_keys = set(keys)
        own = [r for r, ks in zip(relations, rel_keys) if ks and ks <= row_keys]
        kept = []
        for cand in candidates:
            values = _cand_values(keys, cand)
            if values is None:
                continue
            value_of = _value_of(known, values, absent)
            if all(_holds(r, value_of, absent) is not False for r in own):
                kept.append((cand, values))
        if not kept:
            unread[index] = NO_SPLIT_FITS
        elif len(kept) == 1:
            decided[index] = (kept[0][0], False)
            known.update(kept[0][1])
        else:
            options[index] = (keys, kept)
    if not options:
        return decided, unread
    # Rows linked by a relation are solved together (connected components).
    key_row = {k: index for index, (keys, _) in options.items() for k in keys}
    links: dict = {index: set() for index in options}
    involved = []
    for relation, ks in zip(relations, rel_keys):
        rows_in = {key_row[k] for k in ks if k in key_row}
        if rows_in:
            involved.append((relation, ks, rows_in))
            for a in rows_in:
                links[a] |= rows_in
    seen: set = set()
    for start in options:
        if start in seen:
            continue
        component, stack = [], [start]
        while stack:
            index = stack.pop()
            if index in seen:
                continue
            seen.add(index)
            component.append(index)
            stack.extend(links[index] - seen)
        _solve_component(sorted(component, key=lambda i: len(options[i][1])), options, involved,
                         known, absent, decided, unread, evidence or {})
    return decided, unread


MAX_NODES = 200000
MAX_SOLUTIONS = 64


def _solve_component(rows: list, options: dict, involved: list, known: dict,
                     absent: set, decided: dict, unread: dict, evidence: dict) -> None:
    solutions: list = []
    nodes = [0]
    checks = [(relation, rows_in) for relation, _, rows_in in involved if rows_in & set(rows)]

    def search(depth: int, chosen: dict, values: dict):
        if nodes[0] > MAX_NODES or len(solutions) > MAX_SOLUTIONS:
            return
        nodes[0] += 1
        if depth == len(rows):
            solutions.append(dict(chosen))
            return
        index = rows[depth]
        for n, (cand, cand_values) in enumerate(options[index][1]):
            merged = dict(values)
            merged.update(cand_values)
            value_of = _value_of(known, merged, absent)
            done = set(rows[: depth + 1])
            ok = True
            for relation, rows_in in checks:
                if index in rows_in and rows_in & set(rows) <= done:
                    if _holds(relation, value_of, absent) is False:
                        ok = False
                        break
            if ok:
                chosen[index] = n
                search(depth + 1, chosen, merged)
                del chosen[index]

    search(0, {}, {})
    if nodes[0] > MAX_NODES or len(solutions) > MAX_SOLUTIONS:
        for index in rows:
            unread[index] = "拆分方式太多，无法确定"
        return
    if not solutions:
        for index in rows:
            unread[index] = "没有一种拆分同时满足表内各项关系，拆分不唯一"
        return
    open_rows = []
    for index in rows:
        picks = {s[index] for s in solutions}
        if len(picks) == 1:
            cand, values = options[index][1][picks.pop()]
            decided[index] = (cand, False)
            known.update(values)
        else:
            open_rows.append(index)
    if not open_rows:
        return
    backed = _corroborated(open_rows, solutions, options, evidence)
    for index in open_rows:
        picks = {solution[index] for solution in backed}
        if len(picks) != 1:
            unread[index] = "拆分不唯一（多种拆分都满足表内关系）"
            continue
        cand, values = options[index][1][picks.pop()]
        decided[index] = (cand, True)
        known.update(values)


def _corroborated(open_rows: list, solutions: list, options: dict, evidence: dict) -> list:
    """The solutions whose cells the report's text states as those very indicators most often
    (none when no cell is stated): a figure the lexicon keys to a cell (收到申请26件 →
    t3.new.sum) backs a split giving that cell that value; an equal number about something
    else backs nothing. A row on which the backed solutions still differ stays open."""
    if not flattened_settings().get("corroborate_with_text") or not evidence:
        return []
    scored = []
    for solution in solutions:
        score = 0
        for index in open_rows:
            keys = options[index][0]
            _, values = options[index][1][solution[index]]
            score += sum(1 for key in keys if values[key].is_exact and values[key].low in evidence.get(key, ()))
        scored.append((score, solution))
    best = max((score for score, _ in scored), default=0)
    return [solution for score, solution in scored if score == best] if best else []


def _cand_values(keys: list, cand: list) -> Optional[dict]:
    values = {}
    for key, text in zip(keys, cand):
        value = cell_value(text)
        if value is None:
            return None
        values[key] = value
    return values

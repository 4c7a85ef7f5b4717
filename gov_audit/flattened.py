"""Tables whose cell boundaries were lost, and cells the template's relations force.

A crawler or a copy from a web page often runs a table's cells together:
`规范性文件7777166`, `（一）予以公开6000017`, `行政许可396442278`, a row of fifteen
zeros `000000000000000`, or cells separated by single spaces on one line. This
module reads such text with the template of the report's format:

1. Rows are recognised by their labels in template order (a monotone alignment
   of template rows to label occurrences, as tables.align does for pipe rows);
   a row's cells are the run of digits right after its label. A space, or a
   minus sign, is a certain cell boundary; a digit glued to the next row's
   numbering (`00000002.其他法律…`) belongs to that numbering.
2. A run is split into the row's number of cells in every way in which no
   cell has a leading zero and signs fall only in signed columns.
3. The relations the template states for the table (rules/templates.yaml
   `relations`: the 总计 column, the balance, the result rows, the three 总计 of
   table 四, 历年累计 ≥ 本年度 …) choose among the splits: first the relations
   within the row, then the relations linking rows (a joint search over the rows
   still open). A row is read only when exactly one split is left for it in
   every solution; otherwise it is left unread and the coverage says so.

Policy on findings (applied by certainty.py): a value recovered by splitting is
a Fact with `inferred=True`. When its split was the only one the relations
allow, a finding on it keeps its severity: another split would break the
relations that decided it, so the report is inconsistent however it is read.
When several splits remained and the one taken is the one whose figures the
text also states (`corroborate_with_text`), the cells carry a `hedge` saying
so, and any finding resting on them is at most a warning.

The same relations also decide blank cells: when 总计 26 = 自然人 26 and the
five 法人 columns are blank, those blanks can only be 0 (inferred).
"""
from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Optional

import regex

from . import expr
from .model import Coverage, Document, Fact
from .numbers import Interval, parse_figure, scan_figures

NUMBERING_END = regex.compile(r"[.、．]")
RUN = regex.compile(r"[-−]?\d(?:[\d.]|[-−](?=\d))*(?:[ \t]+[-−]?\d(?:[\d.]|[-−](?=\d))*)*")
TOKEN = regex.compile(r"[-−]?\d(?:[\d.]|[-−](?=\d))*")
CELL = regex.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
SPLIT_BUDGET = 50_000  # steps of the search for the cuts of one row
TAIL_STOP = regex.compile(r"[。；;!?！？\n|]")
HAN = regex.compile(r"\p{Han}")
UNREAD = "unread"  # Fact.blank of a cell whose digits could not be split
HEDGE_CORROBORATED = "表格数字连在一起，拆分不唯一，按文中出现的数字选取"


@dataclass
class FlatRow:
    """A template row found in flattened text: its label and its run of digits."""

    index: int  # template row index
    label_start: int
    label_end: int
    tokens: list = field(default_factory=list)  # [(text, start)] separated by spaces


@dataclass
class Outcome:
    """What was read of one table: facts, and the rows left unread and why."""

    facts: list
    unread: list  # [(row key, reason)]
    inferred: int = 0
    rows_read: set = field(default_factory=set)  # template row keys with figures
    expected: int = 0  # cells of the rows found


def settings() -> dict:
    from .tables import templates

    return templates().get("flattened") or {}


def key_for(row_key: str, column: str) -> str:
    return row_key if column == "value" else f"{row_key}.{column}"


def row_columns(table: dict, trow: dict) -> list:
    if trow.get("collect"):
        return list(trow.get("columns") or [])
    return list(trow.get("columns") or table.get("columns") or ["value"])


# ---------------------------------------------------------------- relations


@functools.lru_cache(maxsize=None)
def _relations(table_name: str) -> tuple:
    from .tables import templates

    table = templates()["tables"][table_name]
    columns = table.get("columns") or ["value"]
    row_keys = [r["key"] for r in table["rows"]
                if not r.get("optional") and not r.get("collect") and not r.get("columns")]
    out = []
    for text in table.get("relations") or ():
        rows = row_keys if "{row}" in text else [None]
        cols = columns if "{col}" in text else [None]
        for row, col in itertools.product(rows, cols):
            expanded = text.replace("{row}", row or "").replace("{col}", col or "")
            expanded = regex.sub(r"\.value\b", "", expanded)
            out.append(expr.parse(expanded))
    return tuple(out)


def table_keys(table: dict) -> tuple:
    """Every cell key of a table (template tables live as long as the process: made once)."""
    known = _TABLE_KEYS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    keys = _table_keys(table)
    _TABLE_KEYS[id(table)] = (table, keys)
    return keys


_TABLE_KEYS: dict = {}


def _table_keys(table: dict) -> tuple:
    keys = []
    for trow in table["rows"]:
        if trow.get("optional"):
            continue
        for column in row_columns(table, trow):
            keys.append(key_for(trow["key"], column))
    return tuple(keys)


class _Values:
    """Lookup of keys for relation evaluation: known values, absent rows, blanks."""

    def __init__(self, known: dict, all_keys: list, absent: set):
        self.known = known
        self.all_keys = all_keys
        self.absent = absent
        self.extra: dict = {}

    def __call__(self, key: str) -> list:
        if expr.is_pattern(key):
            keys = _expanded(key, self.all_keys)
            out = []
            for k in keys:
                out.extend(self(k))
            if not out and keys:
                raise expr.Missing(key)
            return out
        if key in self.extra:
            return [(key, self.extra[key])]
        if key in self.known:
            return [(key, self.known[key])]
        if key in self.absent:
            return [(key, Interval.exact(0))]
        raise expr.Missing(key)


_EXPANDED: dict = {}


def _expanded(pattern: str, all_keys: tuple) -> list:
    """The keys of a table a pattern matches (once per pattern and table)."""
    key = (pattern, id(all_keys))
    known = _EXPANDED.get(key)
    if known is None or known[0] is not all_keys:
        known = _EXPANDED[key] = (all_keys, expr.matching(pattern, all_keys))
    return known[1]


def _holds(relation: expr.Relation, lookup) -> Optional[bool]:
    """True/False, or None when a figure it needs is not known.

    A side made only of rows the form does not have (local tables) states
    nothing: the relation is not tested.
    """
    absent = getattr(lookup, "absent", None)
    if absent:
        for side in (relation.left, relation.right):
            keys: list = []
            expr_keys(side, keys)
            if keys and all(k in absent for k in keys):
                return None
    try:
        left = expr.evaluate(relation.left, lookup, [])
        right = expr.evaluate(relation.right, lookup, [])
    except expr.Missing:
        return None
    return expr.holds(relation.op, left, right)


def expr_keys(node, found: list) -> None:
    if node[0] == "key":
        found.append(node[1])
    for child in node[1:]:
        if isinstance(child, tuple):
            expr_keys(child, found)
        elif isinstance(child, list):
            for item in child:
                if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and item[0] in "+-":
                    expr_keys(item[1], found)
                elif isinstance(item, tuple):
                    expr_keys(item, found)


@functools.lru_cache(maxsize=None)
def _relations_keys(table_name: str) -> tuple:
    """The keys each relation of a table reads (patterns expanded)."""
    from .tables import templates

    all_keys = table_keys(templates()["tables"][table_name])
    return tuple(frozenset(_relation_keys(r, all_keys)) for r in _relations(table_name))


def _relation_keys(relation: expr.Relation, all_keys: list) -> set:
    keys = set()
    for key in relation.keys():
        if expr.is_pattern(key):
            keys.update(expr.matching(key, all_keys))
        else:
            keys.add(key)
    return keys


# ---------------------------------------------------------------- finding rows


def find_rows(text: str, table: dict, skip=()) -> list[FlatRow]:
    """Template rows found by label in running text, each with its run of digits."""
    conf = settings()
    rows = table["rows"]
    fragments, pattern = _label_pattern(rows)
    if pattern is None:
        return []
    prose_units = tuple(conf.get("prose_units") or ())
    occurrences = []
    for m in pattern.finditer(text, overlapped=True):
        if _in(m.start(), skip):
            continue
        for i, exact in fragments[m.group()]:
            trow = rows[i]
            if exact and not _exact_label(text, m.start(), m.end()):
                continue
            window = text[max(0, m.start() - 4): m.end() + 2]
            if any(bad in window for bad in trow.get("not", ())):
                continue
            reach = conf.get("collect_tail", 240) if trow.get("collect") else conf.get("label_tail", 40)
            occurrences.append((m.start(), m.end(), i, len(m.group()), reach))
    occurrences.sort()
    found = []
    starts = sorted({o[0] for o in occurrences})
    for start, end, i, score, reach in occurrences:
        tokens = _run_after(text, end, reach, starts, prose_units)
        found.append((start, end, i, score, tokens))
    return _align(rows, found)


_PATTERNS: dict = {}


def _label_pattern(rows: list) -> tuple[dict, Optional[regex.Pattern]]:
    """The label fragments of a table's rows ({fragment: [(row, exact?)]}) and one
    pattern finding them all; made once per template (templates live as long as
    the process)."""
    known = _PATTERNS.get(id(rows))
    if known is not None and known[0] is rows:
        return known[1], known[2]
    fragments: dict[str, list] = {}
    for i, trow in enumerate(rows):
        for fragment in trow["labels"]:
            fragments.setdefault(fragment.lstrip("="), []).append((i, fragment.startswith("=")))
    pattern = regex.compile("|".join(regex.escape(f) for f in sorted(fragments, key=len, reverse=True))) \
        if fragments else None
    _PATTERNS[id(rows)] = (rows, fragments, pattern)
    return fragments, pattern


def _merged(ranges: list) -> list:
    """Ranges sorted and overlapping ones joined (what `_in` needs)."""
    out: list = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _in(offset: int, ranges) -> bool:
    """Whether offset falls in one of the (start, end) ranges, sorted by start and not overlapping."""
    i = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= offset < ranges[i][1]


def _exact_label(text: str, start: int, end: int) -> bool:
    """`=其他`: the whole label, after a numbering (3.其他) and before its figures."""
    before = text[start - 1] if start else ""
    after = text[end:end + 1]
    return (not before or not HAN.match(before)) and (not after or after in " \t" or after.isdigit())


def _run_after(text: str, end: int, reach: int, starts: list, prose_units: tuple) -> list:
    """The run of digits after a label (as space-separated tokens), or []."""
    limit = min(len(text), end + reach)
    pos = end
    while pos < limit and not (text[pos].isdigit() or (text[pos] in "-−" and text[pos + 1:pos + 2].isdigit())):
        pos += 1
    if pos >= limit:
        return []
    between = text[end:pos]
    if TAIL_STOP.search(between):
        return []
    # another label of this table between: the run is that label's
    k = bisect.bisect_right(starts, end - 1)
    if k < len(starts) and starts[k] < pos and starts[k] >= end:
        return []
    m = RUN.match(text, pos)
    if not m:
        return []
    run_end = m.end()
    after = text[run_end:run_end + 1]
    tokens = [(t.group(), t.start()) for t in TOKEN.finditer(text, pos, run_end)]
    last, at = tokens[-1]
    if last.endswith("."):  # the "." closes a numbering, it is no decimal point
        tokens[-1] = last, at = last[:-1], at
        run_end -= 1
        after = "."
    nxt = text[run_end + 1:run_end + 2]
    if after and NUMBERING_END.match(after) and nxt and (HAN.match(nxt) or nxt in "(（"):
        # 00000002.其他法律… : the last digit numbers the next row
        tokens[-1] = (last[:-1], at)
        if not tokens[-1][0] or tokens[-1][0] in "-−":
            tokens.pop()
    elif after and any(text.startswith(u, run_end) for u in prose_units):
        return []
    return [(t, at) for t, at in tokens if t and t[-1].isdigit()]


def _align(rows: list, found: list) -> list[FlatRow]:
    """Monotone, non-overlapping choice of label occurrences for the template rows."""
    n, m = len(rows), len(found)
    if not m:
        return []
    nxt = []
    for j, (start, end, *_rest) in enumerate(found):
        k = j + 1
        while k < m and found[k][0] < end:
            k += 1
        nxt.append(k)

    gains: dict = {}
    for j, (_, _, i, score, tokens) in enumerate(found):
        gain = score if rows[i].get("optional") else score + (1000 if tokens else 1)
        gains.setdefault(j, {})[i] = gain

    from .tables import monotone_alignment  # tables imports this module

    out = []
    for i, j in monotone_alignment(n, m, gains, nxt).items():
        start, end, _, _, tokens = found[j]
        out.append(FlatRow(i, start, end, tokens))
    return out


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


def _interval(text: str) -> Optional[Interval]:
    figure = parse_figure(text.replace("−", "-"))
    return figure.value if figure is not None else None


def solve(table_name: str, table: dict, known: dict, pending: dict, absent: set, figures: frozenset = frozenset()):
    """Choose the split of each pending row.

    `pending` maps a template row index to (keys, candidate splits), each
    candidate a list of cell texts aligned with keys. Returns ({index: (choice,
    corroborated?)}, {index: reason}) — rows decided and rows left unread.
    `figures`: exact figures the text states, for a split the relations leave open.
    """
    relations = _relations(table_name)
    all_keys = table_keys(table)
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
            lookup = _Values(known, all_keys, absent)
            lookup.extra = values
            if all(_holds(r, lookup) is not False for r in own):
                kept.append((cand, values))
        if not kept:
            unread[index] = "没有一种拆分满足本行的合计关系"
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
                         known, all_keys, absent, decided, unread, figures)
    return decided, unread


MAX_NODES = 200000
MAX_SOLUTIONS = 64


def _solve_component(rows: list, options: dict, involved: list, known: dict, all_keys: list,
                     absent: set, decided: dict, unread: dict, figures: frozenset) -> None:
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
            lookup = _Values(known, all_keys, absent)
            lookup.extra = merged
            done = set(rows[: depth + 1])
            ok = True
            for relation, rows_in in checks:
                if index in rows_in and rows_in & set(rows) <= done:
                    if _holds(relation, lookup) is False:
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
    choice = _corroborated(open_rows, solutions, options, figures)
    for index in open_rows:
        if choice is None:
            unread[index] = "拆分不唯一（多种拆分都满足表内关系）"
        else:
            cand, values = options[index][1][choice[index]]
            decided[index] = (cand, True)
            known.update(values)


def _corroborated(open_rows: list, solutions: list, options: dict, figures: frozenset) -> Optional[dict]:
    """The one solution whose cells the report's text also states, if exactly one is best."""
    conf = settings()
    if not conf.get("corroborate_with_text") or not figures:
        return None
    minimum = Decimal(str(conf.get("corroborate_min_value", 10)))
    best, best_score, tie = None, 0, False
    for solution in solutions:
        score = 0
        for index in open_rows:
            cand, _ = options[index][1][solution[index]]
            for text in cand:
                try:
                    value = Decimal(text.replace("−", "-"))
                except InvalidOperation:
                    continue
                if value >= minimum and value in figures:
                    score += len(text)
        if score > best_score:
            best, best_score, tie = solution, score, False
        elif score == best_score and score and best is not None and \
                any(best[i] != solution[i] for i in open_rows):
            tie = True
    return None if tie or best is None or best_score == 0 else best


def _cand_values(keys: list, cand: list) -> Optional[dict]:
    values = {}
    for key, text in zip(keys, cand):
        value = _interval(text)
        if value is None:
            return None
        values[key] = value
    return values


# ---------------------------------------------------------------- reading a table


def read_flattened(doc: Document, table_name: str, table: dict, skip=()) -> Outcome:
    """Facts of a table read from text whose cells ran together."""
    text = doc.text
    conf = settings()
    limit = int(conf.get("max_splits", 20000))
    found = find_rows(text, table, skip)
    rows = table["rows"]
    signed_cols = set(table.get("signed") or ())
    known: dict = {}
    pending: dict = {}
    direct: dict = {}
    unread: list = []
    located = {fr.index: fr for fr in found}
    for fr in found:
        trow = rows[fr.index]
        columns = row_columns(table, trow)
        keys = [key_for(trow["key"], c) for c in columns]
        if not fr.tokens:
            continue
        signed = {n for n, c in enumerate(columns) if c.split(".")[-1] in signed_cols}
        if len(fr.tokens) == len(columns) and all(_interval(t) is not None for t, _ in fr.tokens):
            direct[fr.index] = [t for t, _ in fr.tokens]
            for key, (t, _) in zip(keys, fr.tokens):
                known[key] = _interval(t)
            continue
        cands = splits(fr.tokens, len(columns), signed, limit)
        if cands is None:
            unread.append((trow["key"], "拆分方式太多，无法确定"))
        elif not cands:
            unread.append((trow["key"], "数字位数与列数不符"))
        else:
            pending[fr.index] = (keys, [[c for c, _ in cand] for cand in cands])
    absent = set()
    if table.get("local"):
        for i, trow in enumerate(rows):
            if i not in located:
                absent.update(key_for(trow["key"], c) for c in row_columns(table, trow))
    figures = _text_figures(doc, skip, found) if pending else frozenset()
    decided, failed = solve(table_name, table, known, pending, absent, figures)
    for index, reason in failed.items():
        unread.append((rows[index]["key"], reason))
    facts = []
    inferred = 0
    for fr in found:
        trow = rows[fr.index]
        columns = row_columns(table, trow)
        label = doc.quote(fr.label_start, fr.label_end)
        if fr.index in direct:
            cells, hedge, is_inferred = direct[fr.index], None, False
            positions = [at for _, at in fr.tokens]
        elif fr.index in decided:
            cells, corroborated = decided[fr.index]
            hedge = HEDGE_CORROBORATED if corroborated else None
            is_inferred = True
            positions = _positions(fr.tokens, cells)
        else:
            if fr.tokens and not trow.get("optional"):
                # Unread: a blank of its own kind, so no sum is tested without it.
                end = fr.tokens[-1][1] + len(fr.tokens[-1][0])
                for column in columns:
                    facts.append(Fact(key_for(trow["key"], column), None, "", "table", fr.label_start, end,
                                      blank=UNREAD, row_label=label, column_label=_column_name(column)))
            continue
        for column, cell, at in zip(columns, cells, positions):
            value = _interval(cell)
            fact = Fact(key_for(trow["key"], column), value, doc.quote(at, at + len(cell)), "table",
                        at, at + len(cell), row_label=label, column_label=_column_name(column),
                        inferred=is_inferred, hedge=hedge)
            if trow.get("optional") and value is None:
                continue
            facts.append(fact)
            inferred += is_inferred
    rows_read = {rows[fr.index]["key"] for fr in found if fr.index in direct or fr.index in decided}
    expected = sum(len(row_columns(table, rows[fr.index])) for fr in found
                   if not rows[fr.index].get("optional"))
    return Outcome(facts, unread, inferred, rows_read, expected)


def _positions(tokens: list, cells: list) -> list:
    """Start offsets of the cells cut from the tokens, in order."""
    out = []
    queue = [(t, at) for t, at in tokens]
    k = 0
    offset = 0
    for cell in cells:
        token, at = queue[k]
        out.append(at + offset)
        offset += len(cell)
        if offset >= len(token):
            k += 1
            offset = 0
    return out


def _column_name(column: str) -> str:
    from .tables import column_name

    return column_name(column)


def _text_figures(doc: Document, skip, found: list) -> frozenset:
    """Exact figures the text states with a measure word, outside the tables."""
    runs = _merged([(fr.label_start, fr.tokens[-1][1] + len(fr.tokens[-1][0])) for fr in found if fr.tokens])
    out = set()
    for figure in scan_figures(doc.text):
        if figure.percent or not figure.unit or not figure.value.is_exact:
            continue
        if _in(figure.start, skip) or _in(figure.start, runs):
            continue
        out.add(figure.value.low)
    return frozenset(out)


# ---------------------------------------------------------------- blanks forced to 0


def zero_blanks(table_name: str, table: dict, facts: list) -> int:
    """Blank cells that a relation forces to 0 become inferred zeros; returns how many.

    In `total == a + b + …` with every figure known but some parts blank, and the
    known parts already making the total, the blank parts (never negative) can
    only be 0. A blank total, or a blank whose value would not be 0, stays blank.
    """
    relations = _relations(table_name)
    if not relations:
        return 0
    signed = set(table.get("signed") or ())
    by_key = {f.key: f for f in facts}
    known = {k: f.value for k, f in by_key.items() if f.value is not None}
    blanks = {k for k, f in by_key.items() if f.value is None and not k.endswith("header")
              and k.split(".")[-1] not in signed}
    all_keys = table_keys(table)
    changed = 0
    progress = True
    while progress and blanks:
        progress = False
        for relation in relations:
            if relation.op != "==":
                continue
            sides = (_terms(relation.left), _terms(relation.right))
            if sides[0] is None or sides[1] is None:
                continue
            for side, other in ((sides[0], sides[1]), (sides[1], sides[0])):
                side_keys = _expand(side, all_keys)
                other_keys = _expand(other, all_keys)
                blank_here = [k for k in side_keys if k in blanks]
                if not blank_here or any(k in blanks for k in other_keys):
                    continue
                if any(k not in known and k not in blanks for k in side_keys + other_keys):
                    continue
                if len(blank_here) == len(side_keys):
                    continue  # only a total (or nothing) known on this side: no parts
                total = sum((known[k] for k in other_keys), Interval.exact(0))
                parts = sum((known[k] for k in side_keys if k in known), Interval.exact(0))
                if not (total.is_exact and parts.is_exact and total.low == parts.low):
                    continue
                for key in blank_here:
                    fact = by_key[key]
                    fact.value = Interval.exact(0)
                    fact.inferred = True
                    known[key] = fact.value
                    blanks.discard(key)
                    changed += 1
                    progress = True
    return changed


def _terms(node) -> Optional[list]:
    """Keys of a sum with only '+' terms, or None."""
    if node[0] == "key":
        return [node[1]]
    if node[0] == "add":
        keys = []
        for sign, term in node[1]:
            if sign != "+" or term[0] != "key":
                return None
            keys.append(term[1])
        return keys
    return None


def _expand(keys: list, all_keys: list) -> list:
    out = []
    for key in keys:
        out.extend(expr.matching(key, all_keys) if expr.is_pattern(key) else [key])
    return out


def complete(doc: Document, table_name: str, table: dict, facts: list, expected: int,
             coverage: Coverage, skip=()) -> tuple[list, int]:
    """The hook tables.read_tables calls for each table after reading its pipe rows.

    No figure read from pipe rows: the table is looked for in running text (cells
    run together). Figures read: blank cells the relations force to 0 are filled.
    Records inferred cells and unread rows in `coverage` (`rows_unread`).
    """
    if any(f.value is not None for f in facts):
        coverage.table_cells_inferred += zero_blanks(table_name, table, facts)
        return facts, expected
    outcome = read_flattened(doc, table_name, table, skip)
    if not any(f.value is not None for f in outcome.facts):
        return facts, expected
    unread = coverage.rows_unread
    if unread is None:
        unread = []
        coverage.rows_unread = unread
    unread.extend(f"{key}：{reason}" for key, reason in outcome.unread)
    unread_keys = {key for key, _ in outcome.unread}
    coverage.rows_missing[:] = [k for k in coverage.rows_missing
                                if k not in outcome.rows_read and k not in unread_keys]
    coverage.table_cells_inferred += outcome.inferred
    coverage.table_cells_inferred += zero_blanks(table_name, table, outcome.facts)
    if table.get("local"):
        expected = outcome.expected
    return outcome.facts, expected

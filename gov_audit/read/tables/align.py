"""Template rows aligned, in order, to the rows of a table.

A monotone alignment (template order is report order), so a label that recurs
— 被依法纠错数 under 复议 and under 诉讼 — lands on the right template row.
The run-together reader (flattened.py) aligns label occurrences the same way.
"""
from __future__ import annotations

import bisect

from ...knowledge.templates import NOTE, clean_label
from .cells import StreamRow, is_header_row


def _label_score(row: dict, label: str, leaf: str = "") -> int:
    """How well a template row's fragments match a cleaned label (0: no match).

    An exact fragment ("=其他") may also match the row's last label cell alone,
    when merged parent labels (（六）其他处理) were repeated before it.
    """
    if any(bad in label for bad in row.get("not", ())):
        return 0
    best = 0
    for fragment in row["labels"]:
        if fragment.startswith("="):
            stripped = NOTE.sub("", label)
            if fragment[1:] in (stripped, label, leaf, NOTE.sub("", leaf)):
                best = max(best, 100)
        elif fragment in label:
            best = max(best, len(fragment))
    return best


def align(template_rows: list[dict], rows: list[StreamRow]) -> tuple[dict, dict]:
    """Monotone alignment of template rows to stream rows maximizing label score.

    Returns ({template index: stream row index}, {template index: the stream row
    holding its label, where another row holds its values}). A data row that
    holds values scores far above one without, so a header cell 总计 loses to
    the row （七）总计, and a header row (optional) never takes a row of figures
    from the data row whose label it shares a merged cell with.
    """
    labels = [clean_label(r.label) for r in rows]
    leaves = [clean_label(r.leaf) for r in rows]
    has_values = [r.has_values() for r in rows]
    matcher = _matcher(template_rows)
    gains: dict[int, dict[int, int]] = {}
    for j, (label, leaf) in enumerate(zip(labels, leaves)):
        column = {}
        for i, score in _scores(matcher, rows[j], label, leaf):
            optional = template_rows[i].get("optional")
            column[i] = score if optional else score + (1000 if has_values[j] else 1)
        if column:
            gains[j] = column
    result = monotone_alignment(len(template_rows), len(rows), gains)
    _fill_gaps(template_rows, matcher, labels, leaves, has_values, result)
    return result, _attach_orphans(template_rows, rows, result)


def _scores(matcher: "_RowMatcher", row: StreamRow, label: str, leaf: str) -> list:
    """Each template row's best score over the row's label and its wrapped joins."""
    best: dict = dict(matcher.scores(label, leaf))
    for joined in row.wrapped:
        for i, score in matcher.scores(clean_label(joined), leaf):
            best[i] = max(best.get(i, 0), score)
    return list(best.items())


def _attach_orphans(template_rows: list[dict], rows: list[StreamRow], result: dict) -> dict:
    """Rows of figures whose labels a converter put elsewhere take the template rows waiting for figures.

    Between two template rows read with their figures, the template rows still
    without figures (not found, or found as a bare label) and the rows of
    figures without a label pair in order — only when they are as many. A table
    of one row (table 四) not found by its label takes the one label-less row
    holding exactly its number of figures.
    """
    real = [i for i, t in enumerate(template_rows) if not t.get("optional")]
    anchors = sorted((i, j) for i, j in result.items() if i in real and rows[j].has_values())
    label_rows: dict = {}
    for (i0, j0), (i1, j1) in zip(anchors, anchors[1:]):
        waiting = [i for i in real if i0 < i < i1 and (i not in result or not rows[result[i]].has_values())]
        orphans = [j for j in range(j0 + 1, j1) if not rows[j].label and rows[j].has_values()]
        if waiting and len(waiting) == len(orphans):
            for i, j in zip(waiting, orphans):
                if i in result:
                    label_rows[i] = result[i]
                result[i] = j
    if len(real) == 1 and real[0] not in result and template_rows[real[0]].get("collect"):
        fitting = _label_less_runs(rows, template_rows[real[0]]["collect"])
        if len(fitting) == 1:
            result[real[0]] = fitting[0]
    return label_rows


def _label_less_runs(rows: list, width: int) -> list:
    """Starts of the runs of label-less rows, header lines between them, holding `width` figures
    together (table 四 on one line, or as three tables of five under their headings)."""
    starts = []
    k = 0
    while k < len(rows):
        if rows[k].label or not rows[k].has_values():
            k += 1
            continue
        start, held = k, 0
        while k < len(rows) and (not rows[k].label and rows[k].has_values() or is_header_row(rows[k])):
            held += 0 if rows[k].label else len(rows[k].values)
            k += 1
        if held == width:
            starts.append(start)
    return starts


class _RowMatcher:
    """The template rows whose label fragments a cleaned label holds, with scores.

    Labels repeat from report to report (they are the template's own words),
    so the scores of a label are computed once per process.
    """

    CACHE_LIMIT = 20_000

    def __init__(self, template_rows: list[dict]):
        self.template_rows = template_rows
        self.cache: dict = {}

    def scores(self, label: str, leaf: str) -> tuple:
        key = (label, leaf)
        found = self.cache.get(key)
        if found is None:
            if len(self.cache) >= self.CACHE_LIMIT:
                self.cache.clear()
            found = tuple((i, s) for i, t in enumerate(self.template_rows) if (s := _label_score(t, label, leaf)))
            self.cache[key] = found
        return found


_MATCHERS: dict[int, _RowMatcher] = {}


def _matcher(template_rows: list[dict]) -> _RowMatcher:
    matcher = _MATCHERS.get(id(template_rows))
    if matcher is None or matcher.template_rows is not template_rows:
        matcher = _MATCHERS[id(template_rows)] = _RowMatcher(template_rows)
    return matcher


def monotone_alignment(n: int, m: int, gains: dict, after=None) -> dict[int, int]:
    """The order-keeping pairing of n template rows with m candidates that
    maximizes the summed gain. `gains[j][i]` is the gain of pairing template
    row i with candidate j (absent: no pair). `after[j]` is the first
    candidate that may follow candidate j (default j + 1: overlapping
    candidates of run-together text skip each other).

    Rows and candidates without any gain cannot change the best pairing, so
    the table is computed over the others only (it stays small however long
    the report).
    """
    after = after or list(range(1, m + 1))
    columns = sorted(gains)
    rows = sorted({i for column in gains.values() for i in column})
    if not columns:
        return {}
    # the first kept column at or after after[j], for each kept column j
    follow = [bisect.bisect_left(columns, after[j]) for j in columns]
    width = len(rows)
    zero = [0] * (width + 1)
    score = [None] * len(columns) + [zero]
    for k in range(len(columns) - 1, -1, -1):
        here = [0] * (width + 1)
        right = score[k + 1]
        then = score[follow[k]]
        column = gains[columns[k]]
        for r in range(width - 1, -1, -1):
            best = here[r + 1] if here[r + 1] > right[r] else right[r]
            g = column.get(rows[r])
            if g and then[r + 1] + g > best:
                best = then[r + 1] + g
            here[r] = best
        score[k] = here
    pairs: dict[int, int] = {}
    r = k = 0
    while r < width and k < len(columns):
        g = gains[columns[k]].get(rows[r])
        if g and score[k][r] == score[follow[k]][r + 1] + g:
            pairs[rows[r]] = columns[k]
            r, k = r + 1, follow[k]
        elif score[k][r] == score[k][r + 1]:
            r += 1
        else:
            k += 1
    return pairs


def _fill_gaps(template_rows: list[dict], matcher: "_RowMatcher", labels: list, leaves: list, has_values: list,
               result: dict) -> None:
    """A template row left alone between two aligned neighbours takes the one row of figures
    between them (parent labels on lines of their own aside).

    Only when that row's label matches no template row (a misspelt label such as
    其他法律行政止公开): its place fixes what it is.
    """
    for i in range(1, len(template_rows) - 1):
        if i in result or template_rows[i].get("optional") or i - 1 not in result or i + 1 not in result:
            continue
        between = [j for j in range(result[i - 1] + 1, result[i + 1]) if has_values[j]]
        if len(between) != 1:
            continue
        j = between[0]
        if not any(not template_rows[k].get("optional") for k, _ in matcher.scores(labels[j], leaves[j])):
            result[i] = j

"""Where the tables stand in a report's text, and how each table line divides into cells.

Loaders turn each table into pipe rows (`| 标签 | 12 | 0 |`); plain-text and
Markdown reports come in whatever layout their author or converter produced:
pipe rows, cells separated by tabs, columns aligned by runs of spaces, or one
cell per line. A line is tabular when it is divided into cells (pipes, tabs, a
run of two or more spaces between a label and figures), when it is a short
line standing between tabular lines (labels and values written one per line),
or when it belongs to a run of short lines of which several are nothing but a
figure (a table written one cell per line). The table reader reads these
lines, the prose reader skips them, and the page-text reader never takes them
for page furniture.
"""
from __future__ import annotations

import functools
from typing import NamedTuple

import regex

from ..core.figures import parse_figure
from .templates import blank_markers

SENTENCE_END = regex.compile(r"[。；;！？]")
CELL_MAX_CHARS = 80
SPACE_RUN = regex.compile(r"[ \u3000]{2,}")
GAP_LINES = 4  # a short line this close between tabular lines is a cell of the table
# A run of short lines is a table written one cell per line when it holds this
# many lines that are only a figure, and they are at least this share of the run.
CELL_RUN_VALUES = 3
CELL_RUN_SHARE = 0.25
SPACED_LABEL_CHARS = 24  # a field of an all-label spaced line (a header) is at most this long


class Split(NamedTuple):
    """A line's cells: (start, end) offsets within the line, empty cells included, and the separator."""

    separator: str  # "|", "\t", "  " (a run of spaces) or "" (the line is one cell)
    fields: tuple


@functools.lru_cache(maxsize=2)  # the text being checked and the page text it came from
def table_line_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of the lines that belong to tables, in every layout.

    Several stages ask for the same text's ranges: kept for the last two texts.
    """
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    kinds = [line_kind(line) for _, _, line in lines]
    keep = {i for i, kind in enumerate(kinds) if kind == "divided"}
    keep.update(_cell_runs(kinds))
    anchors = sorted(keep)
    for a, b in zip(anchors, anchors[1:]):
        if 1 < b - a <= GAP_LINES:
            keep.update(i for i in range(a + 1, b) if kinds[i] in ("cell", "value", "labels"))
    return tuple((lines[i][0], lines[i][1]) for i in sorted(keep))


def line_kind(line: str) -> str:
    """divided (cells separated), labels (a spaced line of labels only), value (a figure alone),
    cell (a short line), empty, or prose."""
    stripped = line.strip()
    if not stripped:
        return "empty"
    split = split_line(line)
    if split.separator in ("|", "\t"):
        return "divided"
    if split.separator:
        fields = [line[a:b] for a, b in split.fields]
        if SENTENCE_END.search(line):
            return "prose"
        if any(is_value(f) for f in fields):
            return "divided"
        if all(len(f) <= SPACED_LABEL_CHARS for f in fields):
            return "labels"
        return "prose"
    if SENTENCE_END.search(stripped):  # no figure holds a 。 or ；: a line of prose, not scanned
        return "prose"
    if is_value(stripped):
        return "value"
    return "cell" if len(stripped) <= CELL_MAX_CHARS else "prose"


def split_line(line: str) -> Split:
    """The cells of one table line: by pipes, else tabs, else runs of two or more spaces.

    Pipes and tabs keep empty cells (an empty cell is a blank in its column);
    the outer pipes of `| a | b |` open and close the row, they enclose no cell.
    Runs of spaces cannot hold an empty cell: the spaces are the separator.
    """
    if "|" in line:
        fields = _separated(line, "|")
        if line.strip().startswith("|"):
            fields = fields[1:]
        if line.strip().endswith("|") and fields:
            fields = fields[:-1]
        return Split("|", tuple(fields))
    if "\t" in line.strip() or _edge_tabbed(line):
        return Split("\t", tuple(_separated(line, "\t")))
    inner = line.strip()
    if SPACE_RUN.search(inner):
        offset = len(line) - len(line.lstrip())
        fields, pos = [], offset
        for m in SPACE_RUN.finditer(inner):
            fields.append((pos, offset + m.start()))
            pos = offset + m.end()
        fields.append((pos, offset + len(inner)))
        return Split("  ", tuple(fields))
    start = len(line) - len(line.lstrip())
    return Split("", ((start, start + len(line.strip())),))


def _edge_tabbed(line: str) -> bool:
    """A short label between tabs only (⇥⇥2.重复申请⇥⇥⇥⇥): a row of a tab-divided table whose
    other cells are all empty, never a line of prose (which a 。 or its length tells)."""
    body = line.strip()
    return (line.startswith("\t") and line.rstrip(" ").endswith("\t") and line.count("\t") >= 3
            and len(body) <= CELL_MAX_CHARS and not SENTENCE_END.search(body))


def _separated(line: str, separator: str) -> list:
    """(start, end) of each field between separators, trimmed of spaces."""
    fields, pos = [], 0
    for part in line.split(separator):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        fields.append((pos + lead, pos + lead + len(body)) if body else (pos, pos))
        pos += len(part) + 1
    return fields


def is_value(text: str) -> bool:
    """A cell holding a figure or a blank marker, nothing else."""
    text = text.strip()
    if text in blank_markers():
        return True
    figure = parse_figure(text)
    return figure is not None and not figure.percent


def _cell_runs(kinds: list) -> set:
    """Lines of a table written one cell per line: runs of short lines holding enough lone figures."""
    keep: set = set()
    run: list = []
    for i, kind in enumerate(kinds + ["prose"]):
        if kind in ("cell", "value", "labels", "divided"):
            run.append(i)
            continue
        if kind == "empty" and run:
            continue
        values = sum(1 for k in run if kinds[k] == "value")
        if values >= CELL_RUN_VALUES and values >= CELL_RUN_SHARE * len(run):
            keep.update(run)
        run = []
    return keep

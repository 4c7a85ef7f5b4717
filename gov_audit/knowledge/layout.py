"""Where the tables stand in a report's text: the layout every loader writes and every reader reads.

Loaders turn each table into pipe rows (`| 标签 | 12 | 0 |`); plain-text and
Markdown reports come so already. A line with `|` is tabular, and so is a short
line between tabular lines (labels and values written one per line). The
table reader reads these lines, the prose reader skips them, and the page-text
reader never takes them for page furniture.
"""
from __future__ import annotations

import functools

import regex

SENTENCE_END = regex.compile(r"[。；;！？]")
CELL_MAX_CHARS = 80


@functools.lru_cache(maxsize=2)  # the text being checked and the page text it came from
def table_line_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of the lines that belong to pipe tables.

    A line with `|` is tabular; a line without is kept when tabular lines stand
    within three lines on both sides (labels and values written one per line).
    Several stages ask for the same text's ranges: kept for the last two texts.
    """
    if "|" not in text:
        return ()
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), "|" in line))
        pos += len(line) + 1
    piped = [i for i, (_, _, has) in enumerate(lines) if has]
    keep = set(piped)
    for a, b in zip(piped, piped[1:]):
        if 1 < b - a <= 4:
            keep.update(i for i in range(a + 1, b) if _cell_like(text[lines[i][0]:lines[i][1]]))
    return tuple((lines[i][0], lines[i][1]) for i in sorted(keep))


def _cell_like(line: str) -> bool:
    """A line that can be a table cell: not a sentence of prose between two tables."""
    return len(line.strip()) <= CELL_MAX_CHARS and not SENTENCE_END.search(line)

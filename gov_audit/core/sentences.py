"""Sentence bounds in a report's normalized text: where the clause of a figure begins and ends.

A figure's sentence (Fact.context_start, context_end) and the quotes of findings about prose
figures are cut at these bounds: a 。 or a line break, and at most
SENTENCE_REACH characters from the figure on either side — so that finding
them costs bounded work however long a line without 。 runs (a page flattened
to one line, a hostile input).
"""
from __future__ import annotations

SENTENCE_REACH = 1000


def sentence_start(text: str, offset: int) -> int:
    """Just after the last 。 or line break before offset (0 if none), at most SENTENCE_REACH back."""
    floor = max(0, offset - SENTENCE_REACH)
    line = text.rfind("\n", floor, offset)
    # Look for 。 only within the line: a text without 。 is not scanned whole.
    stop = max(text.rfind("。", max(line + 1, floor), offset), line)
    return stop + 1 if stop != -1 else floor


def sentence_end(text: str, offset: int) -> int:
    """Just after the first 。 or line break from offset (the text's end if none), at most
    SENTENCE_REACH ahead."""
    ceiling = min(len(text), offset + SENTENCE_REACH)
    line = text.find("\n", offset, ceiling)
    stop = text.find("。", offset, ceiling if line == -1 else line)
    if stop != -1:
        return stop + 1
    return line + 1 if line != -1 else ceiling

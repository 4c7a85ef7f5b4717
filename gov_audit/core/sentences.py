"""Sentence bounds in a report's normalized text: where the clause of a figure begins and ends.

A figure's context (Fact.context) and the quotes of findings about prose
figures are cut at these bounds: a 。 or a line break.
"""
from __future__ import annotations


def sentence_start(text: str, offset: int) -> int:
    """Just after the last 。 or line break before offset (0 if none)."""
    line = text.rfind("\n", 0, offset)
    # Look for 。 only within the line: a text without 。 is not scanned whole.
    return max(text.rfind("。", line + 1, offset), line) + 1


def sentence_end(text: str, offset: int) -> int:
    """Just after the first 。 or line break from offset (the text's end if none)."""
    line = text.find("\n", offset)
    stop = text.find("。", offset, len(text) if line == -1 else line)
    if stop != -1:
        return stop + 1
    return line + 1 if line != -1 else len(text)

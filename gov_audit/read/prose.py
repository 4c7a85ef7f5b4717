"""Prose figures that restate table indicators, through the YAML lexicon.

Every figure of the text is scanned once. Its clause is masked — the figure
itself replaced by one marker character — and matched against all lexicon
phrasings at once (one combined pattern per lexicon; a phrasing writes the
figure as `{N}`, so words may stand before it, after it, or both). The match
that starts furthest left, the longest phrasing, wins and gives the figure
the indicator key of the report's format.
"""
from __future__ import annotations

import bisect
from typing import Optional

import regex

from ..core.figures import scan_figures
from ..core.model import Document, Fact
from ..core.sentences import sentence_end, sentence_start
from ..knowledge.lexicon import MARK, Lexicon, lexicon

CLAUSE_END = regex.compile(r"[。；;\n!?！？]")
LEFT_CHARS = 50
RIGHT_CHARS = 30


def read_prose(doc: Document, fmt: str, skip=(), lex: Optional[Lexicon] = None) -> list[Fact]:
    """Every figure outside the tables, keyed where the lexicon knows its phrasing."""
    lex = lex or lexicon()
    text = doc.text
    skip = sorted(skip)
    facts = []
    starts = [a for a, _ in skip]
    for figure in scan_figures(text):
        i = bisect.bisect_right(starts, figure.start) - 1
        if i >= 0 and figure.start < skip[i][1]:
            continue
        entry = None
        # Only an entry that accepts the figure's unit can key it: a figure
        # whose unit no entry accepts (most: none, 年, 月, 万元) needs no search.
        if not figure.percent and figure.unit in lex.units:
            entry = lex.match(_masked_clause(text, figure.start, figure.end))
        key = entry.key_for(fmt) if entry is not None and figure.unit in entry.units else None
        severity = hedge = None
        if key:
            severity, hedge = entry.severity, entry.hedge
            if figure.qualifier in ("lower", "upper", "approx"):
                hedge = hedge or f"“{figure.raw}”只说了范围"
                severity = severity or "warning"
        facts.append(Fact(
            key=key, value=figure.value, raw=doc.quote(figure.start, figure.end), source="prose",
            start=figure.start, end=figure.end, unit=figure.unit, hedge=hedge, hedge_severity=severity,
            context=text[sentence_start(text, figure.start):sentence_end(text, figure.end)],
            lexeme=entry.id if key else None,
        ))
    return facts


def _masked_clause(text: str, start: int, end: int) -> str:
    left_from = max(0, start - LEFT_CHARS)
    for m in CLAUSE_END.finditer(text, left_from, start):
        left_from = m.end()
    right = text[end:end + RIGHT_CHARS]
    stop = CLAUSE_END.search(right)
    if stop:
        right = right[: stop.start()]
    # "申请 749 件": spaces around a figure (PDF and Markdown text) are not words
    return text[left_from:start].rstrip(" ") + MARK + right.lstrip(" ")

"""What the human formats (text, rich, github, html) say alike: positions, coverage, formulas, summaries.

Report text reaches a terminal: control characters (ANSI escapes…) in a path
or a message are made harmless here, once for every format.
"""
from __future__ import annotations

import re

from ..core import display
from ..core.model import WORST_FIRST, FileResult, Finding
from ..core.numbers import fmt_decimal
from .coverage import STATE_NAMES, TABLE_STATES, coverage_text
from .tally import Tally


def where(result: FileResult, offset: int) -> str:
    page, line, column = result.document.position(offset)
    return f"p.{page} {line}:{column}" if page is not None else f"{line}:{column}"


def coverage_line(result: FileResult) -> str:
    """The file's coverage line ("" for a file that could not be read)."""
    return coverage_text(result.coverage) if result.coverage is not None else ""


def explained_message(result: FileResult, finding: Finding) -> str:
    """The message on one line, with its formula when the message lacks it and
    every cited figure's position."""
    message = one_line(finding.message)
    extra = formula(finding)
    if extra and not shows_relation(finding):
        message += f" {extra}"
    cited = figures_cited(result, finding)
    if cited:
        message += f" [figures {cited}]"
    if finding.related:
        message += f" [see {related_cited(finding)}]"
    return message


def citation_where(citation) -> str:
    """A place in another report: `path:12:5`, `path p.3 12:5` for a PDF."""
    page = f" p.{citation.page}" if citation.page is not None else ""
    return f"{safe(citation.path)}{page} {citation.line}:{citation.column}"


def related_cited(finding: Finding) -> str:
    """The other reports' places a finding across reports cites: `2023年报告 b.txt:7:1 “…”`."""
    return "; ".join(f"{one_line(c.note)} {citation_where(c)} “{one_line(c.quote)}”" for c in finding.related)


def line_message(result: FileResult, finding: Finding) -> tuple[int, int, str]:
    """Line, column and one-line message of a finding; a PDF's lines are counted
    within each page, so its message starts with the page."""
    page, line, column = result.document.position(finding.start)
    message = explained_message(result, finding)
    return line, column, (f"[p.{page}] " if page is not None else "") + message


BLANK_QUOTE = "（空白）"  # how a blank cell is quoted
UNREADABLE_INPUT = "INPUT-UNREADABLE"  # the rule id of a file that could not be read
COVERAGE = "COVERAGE"  # what stands in the rule's place on a coverage line


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(s: dict) -> str:
    line = (f"{plural(s['files'], 'file')}: {plural(s['errors'], 'error')}, "
            f"{plural(s['warnings'], 'warning')}, {plural(s['infos'], 'info')}")
    return line + (f", {s['unreadable']} unreadable" if s["unreadable"] else "")


def safe(text: str) -> str:
    """A file name for the terminal: control characters (ANSI escapes…) made harmless."""
    return display.shown(text)


def one_line(text: str) -> str:
    """One line, with control characters (ANSI escapes…) made harmless."""
    return display.shown(" ".join(text.split()))


# A relation's comparator (as rule packs write it, or as a mechanism states it)
# and how the finding reads when it is broken.
BROKEN = {"==": "≠", "!=": "=", "<=": ">", ">=": "<", "<": "≥", ">": "≤", "≠": "=", "≤": ">", "≥": "<"}
COMPARATOR = re.compile("|".join(re.escape(op) for op in sorted(BROKEN, key=len, reverse=True)))


def formula(finding: Finding) -> str:
    """`left ≠ right（差 d）` for a finding of a relation, "" for other findings."""
    if not (finding.left and finding.right):
        return ""
    comparator = COMPARATOR.search(finding.relation or "")
    text = f"{finding.left} {BROKEN[comparator.group()] if comparator else '≠'} {finding.right}"
    if finding.difference:
        text += f"（差 {finding.difference}）"
    return text


def shows_relation(finding: Finding) -> bool:
    """Whether the message already states the relation: every figure of it appears there."""
    if formula(finding) in finding.message:
        return True
    shown = []
    for value in finding.values:
        try:
            shown.append(fmt_decimal(value) in finding.message)
        except (AttributeError, TypeError, ArithmeticError):
            shown.append(str(value) in finding.message)
    return bool(shown) and all(shown)


def figures_cited(result: FileResult, finding: Finding) -> str:
    """Every figure of a finding with its position: `9:103 1580条; 41:1 10351`."""
    cited = []
    for fact in finding.facts:
        cited.append(f"{where(result, fact.start)} {one_line(fact.raw) or BLANK_QUOTE}")
    return "; ".join(cited)


def summary_lines(tally: Tally) -> list[str]:
    """The batch summary as plain `summary: …` lines (text format): counts only,
    since every file has already said its own state (its coverage, or why it
    could not be read)."""
    tables = ", ".join(f"{STATE_NAMES[state]} {tally.tables[state]}" for state in TABLE_STATES)
    lines = [f"summary: files {tally.files}, with error findings {tally.files_with_errors}, "
             f"unreadable {len(tally.unreadable)}, {tables}"]
    for kind, counts in tally.kinds():
        detail = ", ".join(f"{counts[s]} {s}" for s in WORST_FIRST if counts[s])
        lines.append(f"summary: kind {kind} {sum(counts.values())} ({detail})")
    return lines


def source_word(fact) -> str:
    """表格 for a table cell, 文中 for a figure of the text."""
    return "表格" if fact.source == "table" else "文中"

"""The text format: one record a line, compiler style (`path:line:col: severity rule message`).

Every line of the output has that shape, so a problem matcher or `grep` can
read it whole: each file's coverage is a `note COVERAGE` line at 1:1, a file
that could not be read an `error INPUT-UNREADABLE` line. The summary goes to
stderr.
"""
from __future__ import annotations

from ..core.model import FileResult
from .lines import COVERAGE, UNREADABLE_INPUT, coverage_line, line_message, one_line, safe, summary_line, \
    summary_lines
from .renderer import Renderer
from .tally import Tally


def text_piece(result: FileResult, quiet: bool = False) -> str:
    """One file's lines of the text format: its coverage (unless quiet), then its findings."""
    path = safe(result.path)
    if result.error:
        return f"{path}:1:1: error {UNREADABLE_INPUT} {one_line(result.error)}\n"
    lines = [] if quiet or result.coverage is None else [f"{path}:1:1: note {COVERAGE} {coverage_line(result)}\n"]
    for f in result.findings:
        line, column, message = line_message(result, f)
        lines.append(f"{path}:{line}:{column}: {f.severity} {f.rule} {message}\n")
    return "".join(lines)


def text_tail(tally: Tally, batch_summary: bool = False) -> str:
    """The summary lines that end the text format (`summary: …` for a batch)."""
    lines = summary_lines(tally) if batch_summary and tally.files > 1 else []
    lines.append(summary_line(tally.summary()))
    return "\n".join(lines) + "\n"


def to_text(results: list[FileResult], batch_summary: bool = False) -> str:
    """One record a line, compiler style: path:line:col: severity rule message.

    The message ends with the formula when it does not already show it, and
    with every cited figure's position: `[figures 9:103 1580条; 41:1 10351]`.
    Then the summary (on stderr in a run), with `batch_summary` its
    `summary: …` lines before the last line.
    """
    return "".join(text_piece(r) for r in results) + text_tail(Tally.of(results), batch_summary)


RENDERER = Renderer(
    piece=lambda result, index, options: text_piece(result, options.quiet),
    end=lambda ending: "",
    summary=lambda ending: text_tail(ending.tally, batch_summary=True),
)

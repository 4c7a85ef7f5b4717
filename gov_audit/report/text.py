"""The text format: one finding a line, compiler style (`path:line:col: severity rule message`)."""
from __future__ import annotations

from ..core.model import FileResult
from .lines import line_message, one_line, safe, summary_line, summary_lines
from .renderer import Renderer
from .tally import Tally


def text_piece(result: FileResult) -> str:
    """One file's lines of the text format."""
    if result.error:
        return f"{safe(result.path)}:0:0: error input {one_line(result.error)}\n"
    lines = []
    for f in result.findings:
        line, column, message = line_message(result, f)
        lines.append(f"{safe(result.path)}:{line}:{column}: {f.severity} {f.rule} {message}\n")
    return "".join(lines)


def text_tail(tally: Tally, batch_summary: bool = False) -> str:
    """The summary lines that end the text format (`summary: …` for a batch)."""
    lines = summary_lines(tally) if batch_summary and tally.files > 1 else []
    lines.append(summary_line(tally.summary()))
    return "\n".join(lines) + "\n"


def to_text(results: list[FileResult], batch_summary: bool = False) -> str:
    """One finding a line, compiler style: path:line:col: severity rule message.

    The message ends with the formula when it does not already show it, and
    with every cited figure's position: `[figures 9:103 1580条; 41:1 10351]`.
    With `batch_summary`, summary lines (`summary: …`) come before the last line.
    """
    return "".join(text_piece(r) for r in results) + text_tail(Tally.of(results), batch_summary)


RENDERER = Renderer(
    piece=lambda result, index, options: text_piece(result),
    end=lambda ending: text_tail(ending.tally, batch_summary=True),
)

"""The github format: GitHub Actions workflow commands, one annotation a finding.

Each file's coverage is a plain line of the log, as in the text format, not an
annotation: a run shows only so many annotations, and they are for findings.
"""
from __future__ import annotations

from ..core.model import FileResult
from .lines import COVERAGE, UNREADABLE_INPUT, coverage_line, line_message, one_line, safe
from .renderer import Renderer


def _gh_data(text: str) -> str:
    """A command's message: %, CR and LF escaped as the runner reads them (it unescapes them)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """A command's property (file=, title=): one harmless line, `:` and `,` escaped too."""
    return _gh_data(safe(text)).replace(":", "%3A").replace(",", "%2C")


GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def github_piece(result: FileResult, quiet: bool = False) -> str:
    """GitHub Actions workflow commands of one file: `::error file=…,line=…,col=…,title=…::message`."""
    if result.error:
        return (f"::error file={_gh_property(result.path)},line=1,col=1,title={UNREADABLE_INPUT}::"
                f"{_gh_data(one_line(result.error))}\n")
    lines = [] if quiet or result.coverage is None else [
        f"{safe(result.path)}:1:1: note {COVERAGE} {coverage_line(result)}\n"]
    for f in result.findings:
        line, column, message = line_message(result, f)
        props = f"file={_gh_property(result.path)},line={line},col={column},title={_gh_property(f'{f.rule} [{f.kind}]')}"
        lines.append(f"::{GITHUB_LEVELS[f.severity]} {props}::{_gh_data(message)}\n")
    return "".join(lines)


def to_github(results: list[FileResult]) -> str:
    return "".join(github_piece(r) for r in results)


RENDERER = Renderer(piece=lambda result, index, options: github_piece(result, options.quiet), end=lambda ending: "")

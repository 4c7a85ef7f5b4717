"""A run's output, streamed file by file.

Each checked file becomes a `Piece` at once — its part of the output, its
counts (`Tally`), its baseline entries — in the worker process that checked
it, so only that small piece travels back. The main process writes the pieces
in file order and keeps only the counts, so memory stays flat however many
files a run has, and `--jobs 8` prints byte for byte what `--jobs 1` prints.

text, json, github and rich are written piece by piece; sarif and html are
one document each and are assembled from the pieces at the end (their size is
that of the findings, not of the reports).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..core.model import FileResult
from .tally import Tally


@dataclass(frozen=True)
class RichOptions:
    """How the main process's console renders, so a worker renders the same."""

    width: int = 160
    color_system: Optional[str] = None
    force_terminal: bool = False

    @classmethod
    def of(cls, console) -> "RichOptions":
        return cls(console.width, console.color_system, console.is_terminal)

    def console(self, file):
        from rich.console import Console

        return Console(file=file, width=self.width, color_system=self.color_system,
                       force_terminal=self.force_terminal, no_color=self.color_system is None,
                       highlight=False, soft_wrap=True, legacy_windows=False)


@dataclass
class Piece:
    tally: Tally
    output: object = None  # str (text, json, github, rich) or dict (sarif, html)
    baseline: list = field(default_factory=list)  # entries, when writing a baseline


@dataclass(frozen=True)
class PieceMaker:
    """Makes a checked file's piece; picklable, so workers run it.

    `fmt` "none" makes no output (--write-baseline reports nothing).
    """

    fmt: str
    rule_index: tuple = ()  # (rule id, index) pairs of the SARIF rules list
    rich: RichOptions = RichOptions()
    baseline_base: Optional[str] = None  # the folder baseline entry paths are relative to

    def __call__(self, index: int, result: FileResult) -> Piece:
        piece = Piece(Tally.of_result(result), self._output(index, result))
        if self.baseline_base is not None:
            from pathlib import Path

            from .baseline import file_entries

            piece.baseline = file_entries(result, Path(self.baseline_base))
        return piece

    def _output(self, index: int, result: FileResult):
        from . import text as render

        if self.fmt == "text":
            return render.text_piece(result)
        if self.fmt == "json":
            return render.json_piece(result)
        if self.fmt == "github":
            return render.github_piece(result)
        if self.fmt == "rich":
            buffer = io.StringIO()
            render.print_rich_file(result, self.rich.console(buffer))
            return buffer.getvalue()
        if self.fmt == "sarif":
            from .sarif import sarif_piece

            return sarif_piece(result, dict(self.rule_index))
        if self.fmt == "html":
            from .html_report import html_file

            return html_file(result, index)
        return None


class Writer:
    """Writes the pieces of one format in order through `write`, then the ending."""

    def __init__(self, fmt: str, write: Callable[[str], object], rules: list = (),
                 rich: RichOptions = RichOptions()):
        self.fmt = fmt
        self.write = write
        self.rules = rules
        self.rich = rich
        self.count = 0
        self.held: list = []  # sarif / html: the document is made at the end

    def begin(self) -> None:
        if self.fmt == "json":
            from .text import json_head

            self.write(json_head())

    def add(self, piece: Piece) -> None:
        if self.fmt in ("sarif", "html"):
            self.held.append(piece.output)
        elif self.fmt == "json":
            self.write(("\n" if not self.count else ",\n") + piece.output)
        elif piece.output:
            self.write(piece.output)
        self.count += 1

    def end(self, tally: Tally, baselined: Optional[int] = None) -> None:
        from . import text as render

        if self.fmt == "json":
            self.write(render.json_tail(tally, self.count, baselined) + "\n")
        elif self.fmt == "text":
            self.write(render.text_tail(tally, batch_summary=True))
        elif self.fmt == "rich":
            buffer = io.StringIO()
            render.print_rich_tail(tally, self.rich.console(buffer), batch_summary=True)
            self.write(buffer.getvalue())
        elif self.fmt == "sarif":
            from .sarif import sarif_document

            self.write(sarif_document(self.held, list(self.rules)) + "\n")
        elif self.fmt == "html":
            from .html_report import html_document

            self.write(html_document(self.held, tally, baselined))

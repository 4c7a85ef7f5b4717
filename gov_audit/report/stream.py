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

from dataclasses import dataclass, field
from typing import Callable, Optional

from ..core.model import FileResult
from . import RENDERERS
from .renderer import Ending, RenderOptions, RichOptions
from .tally import Tally

NO_OUTPUT = "none"  # --write-baseline: the findings are recorded, not reported


@dataclass
class Piece:
    tally: Tally
    output: object = None  # str (text, json, github, rich) or dict (sarif, html)
    baseline: list = field(default_factory=list)  # entries, when writing a baseline
    summary: object = None  # the report as the folder comparison needs it (FileResult.summary)


@dataclass(frozen=True)
class PieceMaker:
    """Makes a checked file's piece; picklable, so workers run it.

    `fmt` NO_OUTPUT makes no output (--write-baseline reports nothing).
    """

    fmt: str
    rule_index: tuple = ()  # (rule id, index) pairs of the SARIF rules list
    rich: RichOptions = RichOptions()
    baseline_base: Optional[str] = None  # the folder baseline entry paths are relative to
    quiet: bool = False  # the findings only

    def __call__(self, index: int, result: FileResult) -> Piece:
        piece = Piece(Tally.of_result(result), self._output(index, result), summary=result.summary)
        if self.baseline_base is not None:
            from pathlib import Path

            from .baseline import file_entries

            piece.baseline = file_entries(result, Path(self.baseline_base))
        return piece

    def _output(self, index: int, result: FileResult):
        renderer = _renderer(self.fmt)
        if renderer is None:
            return None
        make = renderer.across if result.across and renderer.across else renderer.piece
        return make(result, index, RenderOptions(dict(self.rule_index), self.rich, self.quiet))


class Writer:
    """Writes the pieces of one format in order through `write`, then the ending;
    a format's summary apart from its records goes to `say` (stderr)."""

    def __init__(self, fmt: str, write: Callable[[str], object], rules: list = (),
                 rich: RichOptions = RichOptions(), say: Optional[Callable[[str], object]] = None,
                 quiet: bool = False):
        self.renderer = _renderer(fmt)
        self.write = write
        self.say = say or write
        self.rules = rules
        self.options = RenderOptions(rich=rich, quiet=quiet)
        self.count = 0
        self.held: list = []  # sarif / html: the document is made at the end
        self.held_across: list = []
        self.across_count = 0
        self.series: list = []  # agencies' figures by year, for the formats that chart them

    def begin(self) -> None:
        if self.renderer is not None and self.renderer.begin:
            self.write(self.renderer.begin)

    def add(self, piece: Piece) -> None:
        if self.renderer is not None and self.renderer.holds:
            self.held.append(piece.output)
        elif piece.output:
            self.write(piece.output)
        self.count += 1

    def add_across(self, piece: Piece) -> None:
        """A report's findings across reports, after every file's piece."""
        if self.renderer is None:
            return
        if self.renderer.holds:
            self.held_across.append(piece.output)
        elif piece.output:
            if self.renderer.across_between is not None:
                self.write(self.renderer.across_between(self.across_count, self.count))
            self.write(piece.output)
        self.across_count += 1

    def end(self, tally: Tally, baselined: Optional[int] = None) -> None:
        if self.renderer is None:
            return
        ending = Ending(tally, self.count, baselined, self.held, list(self.rules), self.options,
                        self.held_across, self.across_count, self.series)
        text = self.renderer.end(ending)
        if text:
            self.write(text)
        if self.renderer.summary is not None and not self.options.quiet:
            self.say(self.renderer.summary(ending))


def _renderer(fmt: str):
    """The format's renderer; none for NO_OUTPUT."""
    return None if fmt == NO_OUTPUT else RENDERERS[fmt].renderer

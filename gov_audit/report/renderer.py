"""What an output format is to the run: a piece per checked file, then the run's ending.

A piece is made where its file was checked — in a worker process when there
are workers — so only it travels back; the main process writes the pieces in
file order and then the ending (stream.py). A format whose output is one
document (SARIF, HTML) holds its pieces and makes the document at the end.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional


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


@dataclass(frozen=True)
class RenderOptions:
    """What pieces need beyond the file: picklable, so workers have it."""

    rule_index: dict = field(default_factory=dict)  # rule id → its index in the SARIF rules list
    rich: RichOptions = RichOptions()
    quiet: bool = False  # the findings only: no coverage, no summary


def rule_indices(rules: list) -> dict:
    """Each rule's place in the run's list of rules (a SARIF result points at its rule by it)."""
    return {rule.id: i for i, rule in enumerate(rules)}


@dataclass
class Ending:
    """What the end of a run's output is made of."""

    tally: object  # Tally of the run
    count: int  # pieces written
    baselined: Optional[int]  # findings a baseline hid, None without one
    held: list  # the pieces, for a format that holds them
    rules: list  # the rules that ran
    options: RenderOptions
    across: list = field(default_factory=list)  # pieces of findings across reports, when the format holds them
    across_count: int = 0  # pieces of findings across reports written
    series: list = field(default_factory=list)  # an agency's figures by year (compare/series.py), for charts


@dataclass(frozen=True)
class Renderer:
    piece: Callable  # (FileResult, index, RenderOptions) -> str, or what `end` assembles
    end: Callable  # (Ending) -> str: written after the last piece
    begin: str = ""  # written before the first piece
    holds: bool = False  # pieces are kept for `end` instead of written
    # (Ending) -> str for stderr, when the format's output holds only its records
    # (the text format: every line `path:line:col: …`) and the summary is said apart
    summary: Optional[Callable] = None
    # A report's findings across reports (FileResult.across), made once every
    # report is in: its piece (default: as any piece), written after the files'
    # (kept for `end` in Ending.across by a format that holds its pieces).
    across: Optional[Callable] = None
    # (across pieces written so far, file pieces written) -> str written before an
    # across piece (JSON: the `files` list closed and `across` opened, then commas)
    across_between: Optional[Callable] = None

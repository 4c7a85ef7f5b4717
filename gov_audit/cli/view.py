"""What `govaudit check` shows: the format, and whether findings, statistics or only the findings."""
from __future__ import annotations

from dataclasses import dataclass

STATISTICS_FORMATS = ("text", "rich", "json")  # --statistics prints lines, or JSON


@dataclass(frozen=True)
class View:
    format: str
    quiet: bool = False  # the findings, nothing else
    statistics: bool = False  # counts per rule instead of the findings

    def per_file(self, write_baseline) -> str:
        """The format of each file's piece: none when the run reports no finding one by one."""
        from ..report.stream import NO_OUTPUT

        return NO_OUTPUT if write_baseline or self.statistics else self.format

    def statistics_text(self, tally) -> str:
        from ..report.statistics import statistics_json, statistics_text

        return statistics_json(tally) if self.format == "json" else statistics_text(tally)

"""What a run found, counted file by file: the summary lines, the exit code.

A `Tally` is built from one checked file and tallies add up, so a run over
a hundred thousand reports keeps these counts and not the reports
(stream.py and batch stream the reports and drop them).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..core.model import FileResult, severity_rank
from .coverage import TABLE_STATES, table_state


@dataclass
class Tally:
    files: int = 0
    severities: Counter = field(default_factory=Counter)  # severity → findings
    by_kind: dict = field(default_factory=dict)  # kind → Counter(severity → findings)
    files_with_errors: int = 0  # files with an error-level finding
    unreadable: list = field(default_factory=list)  # (path, message) of files that could not be read
    tables: Counter = field(default_factory=Counter)  # table state (coverage.TABLE_STATES) → files
    by_rule: dict = field(default_factory=dict)  # rule id → (kind, Counter(severity → findings))
    notes: list = field(default_factory=list)  # (path, note): what could not be done on a file
    worst: int = -1  # highest severity rank found, -1 for none

    @classmethod
    def of_result(cls, result: FileResult) -> "Tally":
        tally = cls(files=1, notes=[(result.path, note) for note in result.notes])
        if result.error:
            tally.unreadable.append((result.path, result.error))
            return tally
        for finding in result.findings:
            tally.severities[finding.severity] += 1
            tally.by_kind.setdefault(finding.kind, Counter())[finding.severity] += 1
            tally.by_rule.setdefault(finding.rule, (finding.kind, Counter()))[1][finding.severity] += 1
            tally.worst = max(tally.worst, severity_rank(finding.severity))
        if result.across:  # a second entry of a file already counted: its findings only
            tally.files = 0
            return tally
        tally.files_with_errors = int(tally.severities["error"] > 0)
        if result.coverage is not None:
            tally.tables[table_state(result.coverage)] += 1
        return tally

    @classmethod
    def of(cls, results: list) -> "Tally":
        total = cls()
        for result in results:
            total.add(cls.of_result(result))
        return total

    def add(self, other: "Tally") -> None:
        self.files += other.files
        self.severities.update(other.severities)
        for kind, counts in other.by_kind.items():
            self.by_kind.setdefault(kind, Counter()).update(counts)
        self.files_with_errors += other.files_with_errors
        self.unreadable.extend(other.unreadable)
        self.tables.update(other.tables)
        for rule, (kind, counts) in other.by_rule.items():
            self.by_rule.setdefault(rule, (kind, Counter()))[1].update(counts)
        self.notes.extend(other.notes)
        self.worst = max(self.worst, other.worst)

    def summary(self) -> dict:
        """The counts of the JSON `summary`: findings by severity, unreadable files, tables by state."""
        return {"files": self.files, "errors": self.severities["error"],
                "warnings": self.severities["warning"], "infos": self.severities["info"],
                "unreadable": len(self.unreadable), "tables": {s: self.tables[s] for s in TABLE_STATES}}

    def kinds(self) -> list:
        """(kind, Counter) by number of findings, most first."""
        return sorted(self.by_kind.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))


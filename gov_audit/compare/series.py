"""An agency's main figures by year, and the links between years found broken: what a chart shows.

Plain data (dicts of numbers and names) for the report formats that draw
it; only figures read with certainty are given, the others are gaps.
"""
from __future__ import annotations

from ..core.numbers import json_number
from ..knowledge.compare import compare_words
from .readings import reading

LINK_KINDS = ("carry_over", "stock", "cumulative", "prior_items")  # relations between two years


class AgencySeries:
    """An agency's main figures, one report a year (the first of the run), added year by year."""

    def __init__(self, agency: str):
        self.agency = agency
        self.years: list = []
        self.rows = {label: {} for label, _ in compare_words().chart}
        self.broken: list = []  # (year, year, rule, severity) of the links found broken

    def add(self, report) -> None:
        self.years.append(report.year)
        for label, keys in compare_words().chart:
            for key in keys:
                figure = reading(report, key)
                if figure is not None and figure.value.is_exact:
                    self.rows[label][report.year] = json_number(figure.value.low)
                    break

    def chart(self) -> dict:
        """{agency, years, rows: [{label, values: {year: n}}], broken: [(year, year, rule, severity)]}."""
        rows = [{"label": label, "values": values} for label, values in self.rows.items() if values]
        return {"agency": self.agency, "years": list(self.years), "rows": rows, "broken": list(self.broken)}


def broken_links(crosses: list) -> list:
    """(earlier year, later year, rule id, severity) of every relation between years found broken."""
    return [(c.extra["link"][0], c.extra["link"][1], c.rule.id, c.severity or c.rule.severity)
            for c in crosses if "link" in c.extra and c.rule.kind in LINK_KINDS and c.severity != "info"]

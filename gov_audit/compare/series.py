"""An agency's main figures by year, and the links between years found broken: what a chart shows.

Plain data (dicts of numbers and names) for the report formats that draw
it; only figures read with certainty are given, the others are gaps.
"""
from __future__ import annotations

from ..core.numbers import json_number
from ..knowledge.compare import compare_words
from .readings import reading

LINK_KINDS = ("carry_over", "stock", "cumulative", "prior_items")  # relations between two years


def agency_series(agency: str, reports: list) -> dict:
    """{agency, years, rows: [{label, values: {year: number}}]} of one agency's dated reports."""
    firsts: dict = {}
    for report in sorted((r for r in reports if r.year), key=lambda r: (r.year, r.index)):
        firsts.setdefault(report.year, report)
    rows = []
    for label, keys in compare_words().chart:
        values = {}
        for year, report in firsts.items():
            for key in keys:
                figure = reading(report, key)
                if figure is not None and figure.value.is_exact:
                    values[year] = json_number(figure.value.low)
                    break
        if values:
            rows.append({"label": label, "values": values})
    return {"agency": agency, "years": sorted(firsts), "rows": rows, "broken": []}


def broken_links(crosses: list) -> list:
    """(earlier year, later year, rule id, severity) of every relation between years found broken."""
    return [(c.extra["link"][0], c.extra["link"][1], c.rule.id, c.severity or c.rule.severity)
            for c in crosses if "link" in c.extra and c.rule.kind in LINK_KINDS and c.severity != "info"]

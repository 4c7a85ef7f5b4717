"""An agency's main figures by year as an inline SVG chart, the broken links between years marked.

Plain geometry for the HTML template (no script, nothing fetched): one
polyline per indicator over the years, a point per figure read, and a red
cross between two years whose link (carry-over, stock, 历年累计) is broken.
"""
from __future__ import annotations

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 150, 14, 30  # margins: the axis labels, the legend
COLOURS = ("#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037")


def chart(series: dict) -> dict:
    """The agency's table and the chart's shapes, from compare's series
    ({agency, years, rows: [{label, values: {year: n}}], broken: [(year, year, rule, severity)]})."""
    years = list(series["years"])
    rows = series["rows"]
    values = [v for row in rows for v in row["values"].values()]
    top = max(values + [1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year) -> float:
        return LEFT + (plot_w * years.index(year) / (len(years) - 1) if len(years) > 1 else plot_w / 2)

    def y(value) -> float:
        return TOP + plot_h * (1 - value / top)

    lines = []
    for n, row in enumerate(rows):
        points = [(x(year), y(row["values"][year])) for year in years if year in row["values"]]
        lines.append({"label": row["label"], "colour": COLOURS[n % len(COLOURS)],
                      "points": " ".join(f"{px:.1f},{py:.1f}" for px, py in points),
                      "dots": [{"x": f"{px:.1f}", "y": f"{py:.1f}"} for px, py in points],
                      "legend_y": TOP + 14 * n + 8})
    broken = []
    for first, last, rule, severity in series["broken"]:
        if first in years and last in years:
            broken.append({"x": f"{(x(first) + x(last)) / 2:.1f}", "y": f"{TOP + plot_h / 2:.1f}",
                           "from": first, "to": last, "rule": rule, "severity": severity})
    return {
        "agency": series["agency"], "years": years, "width": WIDTH, "height": HEIGHT,
        "table": [{"label": row["label"], "cells": [row["values"].get(year, "") for year in years]} for row in rows],
        "lines": lines, "broken": _distinct(broken), "top": top, "legend_x": WIDTH - RIGHT + 12,
        "axis": {"x0": LEFT, "x1": LEFT + plot_w, "y0": TOP, "y1": TOP + plot_h, "top_y": TOP + 4,
                 "ticks": [{"x": f"{x(year):.1f}", "year": year} for year in years]},
    }


def _distinct(broken: list) -> list:
    """One mark per pair of years, naming every rule broken between them."""
    out: dict = {}
    for mark in broken:
        key = (mark["from"], mark["to"])
        if key in out:
            out[key]["rule"] = ", ".join(dict.fromkeys(out[key]["rule"].split(", ") + [mark["rule"]]))
        else:
            out[key] = dict(mark)
    return list(out.values())

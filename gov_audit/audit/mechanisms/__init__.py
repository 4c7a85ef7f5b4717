"""The mechanisms Python holds for rules that a relation cannot state, by the name a rule's `check` gives.

Each is a function (rule, context) -> [Finding] in the module named for what
it checks, with the parameters it takes declared beside it (params.Param);
a new mechanism is a function there and a line here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import (
    across,
    blank_cells,
    brackets,
    changes,
    coverage,
    dates,
    local_forms,
    misreads,
    numbering,
    plausibility,
    prose_table,
    restated,
    shares,
    sums,
    table_runs,
)


@dataclass(frozen=True)
class Mechanism:
    run: Callable  # (rule, context) -> [Finding]; a review: (rule, context, findings) -> findings
    params: dict = field(default_factory=dict)  # name -> params.Param: all a rule may set
    reviews: bool = False  # runs after the other rules, over their findings
    folder: bool = False  # compares the reports of a folder (gov_audit/compare): not run per report


MECHANISMS = {
    "missing_value": Mechanism(blank_cells.missing_value),
    "blank_column": Mechanism(blank_cells.blank_column, blank_cells.BLANK_COLUMN_PARAMS),
    "short_row": Mechanism(blank_cells.short_row),
    "run_contradiction": Mechanism(table_runs.run_contradiction),
    "doubtful_table": Mechanism(misreads.doubtful_table, misreads.DOUBTFUL_TABLE_PARAMS, reviews=True),
    "unreadable_table": Mechanism(coverage.unreadable_table),
    "parts_present": Mechanism(local_forms.parts_present, local_forms.PARTS_PRESENT_PARAMS),
    "prose_vs_table": Mechanism(prose_table.prose_vs_table),
    "prose_channel_total": Mechanism(prose_table.prose_channel_total, prose_table.PROSE_CHANNEL_TOTAL_PARAMS),
    "prose_sum": Mechanism(sums.prose_sum, sums.PROSE_SUM_PARAMS),
    "part_above_whole": Mechanism(sums.part_above_whole),
    "category_restated": Mechanism(restated.category_restated),
    "share": Mechanism(shares.share),
    "rate": Mechanism(shares.rate),
    "percent_over_100": Mechanism(shares.percent_over_100),
    "change_rate": Mechanism(changes.change_rate),
    "change_difference": Mechanism(changes.change_difference),
    "table_delta": Mechanism(changes.table_delta),
    "fractional_count": Mechanism(plausibility.fractional_count),
    "average_above_total": Mechanism(plausibility.average_above_total),
    "dated_early": Mechanism(dates.dated_early),
    "other_year": Mechanism(dates.other_year),
    "late_publication": Mechanism(dates.late_publication),
    "numbering": Mechanism(numbering.numbering),
    "bracket": Mechanism(brackets.bracket),
    **{name: Mechanism(across.alone, params, folder=True) for name, params in across.FOLDER_CHECKS.items()},
}

"""Checks that compare the reports of a folder with each other, declared here so packs validate them.

They do not run on one report: the folder stage (gov_audit/compare) runs
them once every report of a run is in, by the name a rule's `check` gives.
Here are their names and the parameters each takes.
"""
from __future__ import annotations

from ..params import REQUIRED, Param

RELATION_PARAMS = {
    # a relation over two reports (core/expr.py); the other report's keys behind
    # `prior.` (the agency's report of an earlier year) or `child.` (a sub-unit's)
    "relation": Param("text", REQUIRED),
    # the relation is checked once for each of these, written for `{each}`
    "each": Param("texts", ()),
    # across years: the relation checked instead when the years between are
    # missing ("": not assessable over a gap)
    "over_gap": Param("text", ""),
}

FOLDER_CHECKS = {
    "across_years": RELATION_PARAMS,
    "year_on_year": {},
    "parent_child": RELATION_PARAMS,
    "parent_sum": {"each": Param("texts", REQUIRED, min_items=1)},
    "group_figures": {},
    "reuse_share": {"threshold": Param("int", 50)},  # percent of the prose
    "repeated_passage": {"min_chars": Param("int", 30), "max_per_pair": Param("int", 5)},
    "stale_year": {},
    "stale_figure": {},
    "foreign_self_reference": {},
    "reuse_other_agency": {"threshold": Param("int", 50)},
}


def alone(rule, ctx) -> list:
    """One report alone gives no finding of a folder check."""
    return []

"""Auditing: a report's facts against the rules, into findings.

The rules are data (rules/packs/*.yaml, and the user's packs): relations over
indicator keys, or the mechanisms Python holds (mechanisms/). What the other
stages use of this one is here.
"""
from __future__ import annotations

from .certainty import settle
from .context import Context
from .engine import run
from .mechanisms import MECHANISMS
from .mechanisms.shares import share_of_part
from .packs import KINDS, RuleError, load_rules
from .rule import Rule, RuleSet
from .selection import SelectionError, select_rules

__all__ = ["KINDS", "Context", "Rule", "RuleError", "RuleSet", "SelectionError", "folder_rules", "load_rules", "run",
           "select_rules", "settle", "share_of_part"]


def folder_rules(ruleset: RuleSet) -> list:
    """The rules of a set that compare the reports of a folder (run by gov_audit/compare)."""
    return [r for r in ruleset.rules if r.check and MECHANISMS[r.check].folder]

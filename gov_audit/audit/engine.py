"""The rule engine: each rule of a set run over one report's context.

A rule states a relation over indicator keys (relations.py) or names one of
the mechanisms Python holds (mechanisms/, by name in MECHANISMS). Which rules
a run has, and their validation, is packs.py.
"""
from __future__ import annotations

from ..core.model import Finding
from .context import Context
from .mechanisms import MECHANISMS
from .relations import run_relation
from .rule import RuleSet


def run(rules: RuleSet, ctx: Context) -> list[Finding]:
    """Every rule that applies, then the reviews (mechanisms that judge the findings as a whole)."""
    findings: list[Finding] = []
    reviews = []
    for rule in rules.rules:
        if not rule.applies(ctx.format):
            continue
        if rule.unless_text and any(t in ctx.text for t in rule.unless_text):
            continue
        if rule.check and MECHANISMS[rule.check].folder:
            continue  # folder checks run in gov_audit/compare
        if rule.check and MECHANISMS[rule.check].reviews:
            reviews.append(rule)
        elif rule.check:
            findings.extend(MECHANISMS[rule.check].run(rule, ctx))
        else:
            findings.extend(run_relation(rule, ctx))
    for rule in reviews:
        findings = MECHANISMS[rule.check].run(rule, ctx, findings)
    return findings

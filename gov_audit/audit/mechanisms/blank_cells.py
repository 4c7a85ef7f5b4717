"""`missing_value`: a template cell left blank — a blank is not 0, and the form asks for a figure."""
from __future__ import annotations

from ...core.model import Finding
from ...knowledge.templates import blank_name
from ..context import Context
from ..naming import fact_name
from ..rule import Rule


def missing_value(rule: Rule, ctx: Context) -> list[Finding]:
    found = []
    for fact in ctx.table_facts:
        if fact.value is not None or fact.key.endswith("header"):
            continue
        label = fact_name(fact)
        found.append(Finding(
            rule=rule.id, kind=rule.kind, severity=rule.severity,
            message=f"{rule.title}：“{label}”为{blank_name(fact.blank)}，未填数字",
            values=[], facts=[fact], start=fact.start,
        ))
    return found

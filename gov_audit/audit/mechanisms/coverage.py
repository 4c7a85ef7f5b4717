"""`unreadable_table`: a report whose statistical table could not be read says so.

As an info finding, never silence (a clean result must not mean "could not
read") and never an error (the report is not shown to be wrong).
"""
from __future__ import annotations

from ...core.model import UNKNOWN_FORMAT, UNREAD, Finding
from ..certainty import wording
from ..context import Context
from ..rule import Rule


def unreadable_table(rule: Rule, ctx: Context) -> list[Finding]:
    """The format's markers are there, yet not one table figure could be read."""
    if ctx.format == UNKNOWN_FORMAT or any(f.value is not None for f in ctx.table_facts):
        return []
    unread = sum(1 for f in ctx.table_facts if f.blank == UNREAD)
    note = wording()["unreadable"].format(format=ctx.format)
    if unread:
        note += wording()["unreadable_split"].format(cells=unread)
    return [Finding(rule=rule.id, kind=rule.kind, severity=rule.severity, message=f"{rule.title}：{note}",
                    values=[], facts=[], start=0)]

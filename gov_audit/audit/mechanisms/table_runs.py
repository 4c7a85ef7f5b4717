"""`run_contradiction`: a row whose digits ran together and fit its own relations under no split.

The table reader cuts a run such as `（一）予以公开3000036` into the row's cells in
every way the digits allow; when none of the ways satisfies the relations
within the row (总计 = the sum of the other columns) while other rows of the
table were read consistently, the row is inconsistent however it is read. Its
cells stay unread (no other relation is tested through them); this finding
quotes the run.
"""
from __future__ import annotations

from ...core.model import UNREAD, Finding
from ..context import Context
from ..rule import Rule

QUOTE_CHARS = 40


def run_contradiction(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    for row_key in ctx.coverage.rows_contradicted if ctx.coverage else ():
        facts = [f for f in ctx.table_facts if f.blank == UNREAD and f.key.startswith(row_key + ".")]
        if not facts or ctx.document is None:
            continue
        first = facts[0]
        quote = ctx.document.quote(first.start, first.end)
        if len(quote) > QUOTE_CHARS:
            quote = "…" + quote[-QUOTE_CHARS:]
        message = rule.message.format(quote=quote) if rule.message else rule.title
        findings.append(Finding(rule=rule.id, kind=rule.kind, severity=rule.severity,
                                message=f"{rule.title}：{message}" if rule.message else message,
                                values=[], facts=facts, start=first.start))
    return findings

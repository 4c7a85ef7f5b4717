"""`govaudit check --statistics`: how many findings each rule made, instead of the findings (as ruff does).

One line a rule, most findings first — the count, the rule id, its kind and
the count by severity — or, in JSON, one object a rule. Files that could not
be read are counted under their own rule id.
"""
from __future__ import annotations

import json

from ..core.model import WORST_FIRST
from .lines import UNREADABLE_INPUT
from .tally import Tally

UNREADABLE_KIND = "unreadable_input"


def rule_counts(tally: Tally) -> list[dict]:
    """{rule, kind, count, error, warning, info} of every rule with a finding, most first."""
    rows = [{"rule": rule, "kind": kind, "count": sum(counts.values()), **{s: counts[s] for s in WORST_FIRST}}
            for rule, (kind, counts) in tally.by_rule.items()]
    if tally.unreadable:
        rows.append({"rule": UNREADABLE_INPUT, "kind": UNREADABLE_KIND, "count": len(tally.unreadable),
                     "error": len(tally.unreadable), "warning": 0, "info": 0})
    return sorted(rows, key=lambda row: (-row["count"], row["rule"]))


def statistics_text(tally: Tally) -> str:
    rows = rule_counts(tally)
    if not rows:
        return ""
    width = max(len(row["rule"]) for row in rows)
    kind_width = max(len(row["kind"]) for row in rows) + 2
    lines = []
    for row in rows:
        detail = ", ".join(f"{row[s]} {s}" for s in WORST_FIRST if row[s])
        lines.append(f"{row['count']:>6}  {row['rule']:<{width}}  {'[' + row['kind'] + ']':<{kind_width}}  {detail}")
    return "\n".join(lines) + "\n"


def statistics_json(tally: Tally) -> str:
    return json.dumps(rule_counts(tally), ensure_ascii=False, indent=2) + "\n"

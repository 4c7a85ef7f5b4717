"""What was read, how surely, and what that allows a finding to claim.

- Coverage mechanisms (rules/packs/coverage.yaml): `unreadable_table` says, as
  an info finding, that a report's statistical table could not be read at all
  (never silence, never an error); `parts_present` checks a total against the
  parts a locally defined form lists (s_local: the rows the report's own form
  has, in both its 本年度 and 历年累计 columns); `prose_channel_total` flags a
  publication channel stated in the text as larger than the table's total.
- `settle(findings, doc)` runs after the rule engine (check.py): an error-level
  finding needs figures read with certainty. A finding resting on a doubtful
  reading becomes a warning and says why:
    * a table cell whose split was not unique (flattened.py marks it with a
      `hedge`; a split the template's relations determine uniquely is certain
      enough: every other split breaks those relations, so the report is
      inconsistent however it is read);
    * a prose figure joined across a line break (a PDF extraction), whose
      digits may belong to two figures;
    * a prose figure stated as a share of something (…N条，占x%), or one that
      disagrees with the table while another figure of the text for the same
      indicator agrees with it: the figure is then most likely a part (one
      unit, one topic), not the indicator itself.
  Missing-value remarks on cells left unread (their digits could not be split)
  are dropped: the coverage line and `rows_unread` say so already.
- The wording is data (rules/certainty.yaml).
"""
from __future__ import annotations

import functools
from dataclasses import replace
from typing import Optional

import regex

from .engine import Context, Rule, display_name, mechanism
from ..read.tables.flattened import UNREAD
from ..core.model import Document, Fact, Finding
from ..core.numbers import Interval
from ..core.resources import builtin_yaml


@functools.lru_cache(maxsize=None)
def wording() -> dict:
    data = builtin_yaml("knowledge/certainty.yaml")
    data["_share"] = regex.compile(data["share_after"])
    return data


# ---------------------------------------------------------------- mechanisms


@mechanism("unreadable_table")
def unreadable_table(rule: Rule, ctx: Context) -> list[Finding]:
    """The format's markers are there, yet not one table figure could be read."""
    if ctx.format == "unknown" or any(f.value is not None for f in ctx.table_facts):
        return []
    unread = sum(1 for f in ctx.table_facts if f.blank == UNREAD)
    note = wording()["unreadable"].format(format=ctx.format)
    if unread:
        note += wording()["unreadable_split"].format(cells=unread)
    return [Finding(rule=rule.id, kind=rule.kind, severity=rule.severity, message=f"{rule.title}：{note}",
                    values=[], facts=[], start=0)]


@mechanism("parts_present")
def parts_present(rule: Rule, ctx: Context) -> list[Finding]:
    """`total <op> Σ parts`, the parts being the rows the report's own form has.

    params: total (key), parts (keys), op (== or <=, default ==), columns
    (key suffixes, default [""]: "" is the first value column, ".cumulative"
    the 历年累计 column), unless_present (keys of the national form: when one
    is read, the rule is not for this table). A part the form lacks is no part; a part read as
    blank or left unread makes the relation untestable. At least two parts
    must be present.
    """
    params = rule.params
    op = params.get("op", "==")
    present_keys = {f.key for f in ctx.table_facts}
    if any(k in present_keys for k in params.get("unless_present") or ()):
        return []  # the national form's rows: its own rules apply
    found = []
    for suffix in params.get("columns") or [""]:
        total_fact = ctx.table.get(params["total"] + suffix)
        if total_fact is None:
            continue
        parts = [k + suffix for k in params["parts"] if k + suffix in present_keys]
        if len(parts) < int(params.get("min_parts", 2)) or any(k not in ctx.table for k in parts):
            continue
        facts = [ctx.table[k] for k in parts]
        total = sum((f.value for f in facts), Interval.exact(0))
        value = total_fact.value
        holds = value.meets(total) if op == "==" else value.can_be_le(total)
        if holds:
            continue
        names = " + ".join(f"{display_name(f.key, ctx, rule)} {f.value}" for f in facts)
        head = display_name(total_fact.key, ctx, rule)
        sign = "≠" if op == "==" else ">"
        gap = ""
        if value.is_exact and total.is_exact:
            gap = f"（差 {abs(value.low - total.low)}）"
        found.append(Finding(
            rule=rule.id, kind=rule.kind, severity=rule.severity,
            message=f"{rule.message or rule.title}：{head} {value} {sign} {names} = {total}{gap}",
            values=[total_fact.value.point] + [f.value.point for f in facts],
            facts=[total_fact] + facts, relation=f"{params['total']}{suffix} {op} Σ parts",
            left=f"{head} {value}", right=f"{names} = {total}", start=total_fact.start,
        ))
    return found


@mechanism("prose_channel_total")
def prose_channel_total(rule: Rule, ctx: Context) -> list[Finding]:
    """A channel figure of the text above the table's total of published information.

    Every item published on one channel is one distinct item, so a channel
    cannot exceed the de-duplicated total (FORMATS §3 item 25); stated in the
    text, the channel figure may count every posting, hence a warning.
    params: total (key), lexemes (lexicon ids counted as channels; default:
    every entry marked `channel`).
    """
    from ..read.prose import entries_by_id

    total_fact = ctx.table.get(rule.params.get("total", "s.active.total"))
    if total_fact is None or not total_fact.value.is_exact:
        return []
    entries = entries_by_id()
    wanted = set(rule.params.get("lexemes") or ())
    found = []
    for fact in ctx.prose:
        entry = entries.get(fact.lexeme) if fact.lexeme else None
        if entry is None or not (entry.channel or entry.id in wanted):
            continue
        if fact.value is None or not fact.value.is_exact or fact.value.low <= total_fact.value.low:
            continue
        same = ctx.table.get(fact.key or "")
        if same is not None and same.value.is_exact and same.value.low > total_fact.value.low:
            continue  # the table's own channel already exceeds it: one defect, reported on the table
        quote = ctx.document.quote(fact.start, fact.end) if ctx.document else fact.raw
        head = display_name(total_fact.key, ctx, rule)
        found.append(Finding(
            rule=rule.id, kind=rule.kind, severity=rule.severity,
            message=f"{rule.message or rule.title}：文中“{quote}”多于表格“{head}” {total_fact.value}"
                    f"（差 {fact.value.low - total_fact.value.low}）",
            values=[fact.value.point, total_fact.value.point], facts=[fact, total_fact],
            relation=f"channel <= {total_fact.key}", start=fact.start,
        ))
    return found


# ---------------------------------------------------------------- after the rules


def settle(findings: list[Finding], doc: Optional[Document], prose: list, table: dict) -> list[Finding]:
    """Findings as they may be claimed: doubtful readings make an error a warning (saying why)."""
    out = []
    for finding in findings:
        if finding.kind == "missing_value" and finding.facts and all(f.blank == UNREAD for f in finding.facts):
            continue
        if finding.severity == "error":
            reasons = doubts(finding, doc, prose, table)
            if reasons:
                finding = replace(finding, severity="warning",
                                  message=f"{finding.message}；{wording()['downgraded']}：{'；'.join(reasons)}")
        out.append(finding)
    return out


def doubts(finding: Finding, doc: Optional[Document], prose: list, table: dict) -> list[str]:
    """Why the figures of a finding may not have been read as the report means them."""
    words = wording()
    reasons: list[str] = []
    for fact in finding.facts:
        if fact.source == "table" and fact.hedge and fact.hedge not in reasons:
            reasons.append(fact.hedge)
        if fact.source == "prose" and doc is not None and _joined(doc, fact):
            reasons.append(words["joined"].format(quote=fact.raw))
    if finding.kind == "prose_vs_table":
        for fact in finding.facts:
            if fact.source != "prose" or not fact.key:
                continue
            if doc is not None and words["_share"].match(doc.text, fact.end):
                reasons.append(words["share"].format(quote=fact.raw))
                continue
            agreeing = _agreeing(fact, prose, finding)
            if agreeing is not None:
                reasons.append(words["other_agrees"].format(quote=fact.raw, other=agreeing.raw))
    return reasons


def _joined(doc: Document, fact: Fact) -> bool:
    """Characters were removed inside the figure (a line break the loader joined)."""
    if doc.index_map is None or fact.end - fact.start < 2:
        return False
    start, last = doc.source_offset(fact.start), doc.source_offset(fact.end - 1)
    return last - start != fact.end - 1 - fact.start


def _agreeing(fact: Fact, prose: list, finding: Finding) -> Optional[Fact]:
    """Another figure of the text for the same indicator that meets the table's value."""
    table_values = [f.value for f in finding.facts if f.source == "table" and f.value is not None]
    if len(table_values) != 1:
        return None
    target = table_values[0]
    for other in prose:
        if other is fact or other.key != fact.key or other.value is None:
            continue
        if other.value.meets(target):
            return other
    return None

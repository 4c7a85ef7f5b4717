"""How surely the figures were read, and what that allows a finding to claim.

- `settle(findings, doc)` runs after the rule engine (pipeline.py): an error-level
  finding needs figures read with certainty. A finding resting on a doubtful
  reading becomes a warning and says why:
    * a table cell whose split was not unique (read/tables/flattened.py marks it with a
      `hedge`; a split the template's relations determine uniquely is certain
      enough: every other split breaks those relations, so the report is
      inconsistent however it is read);
    * a prose figure joined across a line break (a PDF extraction), whose
      digits may belong to two figures;
    * a prose figure stated as a share of a whole the text states (其中…N条，
      占x%: a sub-unit's figure; not 占全市的x%, a whole that is a share of
      something larger), or one that disagrees with the table while another
      figure of the text for the same indicator agrees with it: the figure is
      then most likely a part (one unit, one topic), not the indicator itself.
  Missing-value remarks on cells left unread (their digits could not be split)
  are dropped: the coverage line and `rows_unread` say so already.
- The wording is data (rules/knowledge/certainty.yaml).
"""
from __future__ import annotations

import functools
from dataclasses import replace
from typing import Callable, Optional

import regex

from ..core.model import UNREAD, Document, Fact, Finding
from ..core.resources import builtin_yaml


@functools.lru_cache(maxsize=None)
def wording() -> dict:
    data = builtin_yaml("knowledge/certainty.yaml")
    data["_share"] = regex.compile(data["share_after"])
    return data


def settle(findings: list[Finding], doc: Optional[Document], prose: list, table: dict,
           is_part: Optional[Callable[[Fact], bool]] = None) -> list[Finding]:
    """Findings as they may be claimed: doubtful readings make an error a warning (saying why).

    `is_part` tells whether a figure followed by 占 p% is a part of a whole the text
    states (a sub-unit's; mechanisms/shares.py: share_of_part); without it, every one is.
    """
    out = []
    for finding in findings:
        if finding.kind == "missing_value" and finding.facts and all(f.blank == UNREAD for f in finding.facts):
            continue
        if finding.severity == "error":
            reasons = doubts(finding, doc, prose, table, is_part)
            if reasons:
                finding = replace(finding, severity="warning",
                                  message=f"{finding.message}；{wording()['downgraded']}：{'；'.join(reasons)}")
        out.append(finding)
    return out


def doubts(finding: Finding, doc: Optional[Document], prose: list, table: dict,
           is_part: Optional[Callable[[Fact], bool]] = None) -> list[str]:
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
            if doc is not None and words["_share"].match(doc.text, fact.end) \
                    and (is_part is None or is_part(fact)):
                reasons.append(words["share"].format(quote=fact.raw))
                continue
            agreeing = _agreeing(fact, prose, finding)
            if agreeing is not None:
                reasons.append(words["other_agrees"].format(quote=fact.raw, other=agreeing.raw))
    return reasons


def _joined(doc: Document, fact: Fact) -> bool:
    """A line break the loader removed inside the figure (not a space: 申请 42 件 is one figure)."""
    if doc.index_map is None or fact.end - fact.start < 2:
        return False
    start, last = doc.source_offset(fact.start), doc.source_offset(fact.end - 1)
    return last - start != fact.end - 1 - fact.start and "\n" in doc.original[start:last]



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

"""What the golden tests (seeds, corpus, pdf corpus) share: matching a reported
finding to a labelled one, and checking a relation the labels say holds.

A labelled finding names its kind (or several), its least severity and the figures
it must cite; it matches a reported finding of that kind whose values include every
labelled figure (as ../shared/tools/score.py matches them), never its wording.

A relation that holds (`must_not_flag`) is checked through a spec:
  read     table cells that must be read, with these values (so the relation was tested)
  prose    text figures that must be keyed to these indicators, with these values; and
           no prose_vs_table finding about those indicators
  rules    no finding of these rule ids; or {rule id: [keys]}: none of that rule citing
           one of those keys (one column of a relation that runs over every column)
  kinds    no finding of these kinds
  keys     no finding that cites a fact with one of these keys
  values   no finding whose values include all of these; or a list of such lists
"""
from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

import yaml

from gov_audit.audit import load_rules
from gov_audit.core.model import severity_rank
from gov_audit.pipeline import check_path

T3_COLS = ["natural", "commercial", "research", "public_interest", "legal_service", "other_org", "sum"]


def row(key: str, values: list) -> dict:
    """Table 三 cells of one row, applicant columns then 总计."""
    return {f"{key}.{c}": v for c, v in zip(T3_COLS, values)}


@functools.lru_cache(maxsize=None)
def rules():
    return load_rules()


@functools.lru_cache(maxsize=None)
def check(path: str):
    return check_path(path, rules())


@functools.lru_cache(maxsize=None)
def labelled(folder: Path) -> dict:
    """The `reports` of the expectations.yaml in `folder`: file name -> {findings, must_not_flag}."""
    text = (folder / "expectations.yaml").read_text(encoding="utf-8")
    return {name: entry or {} for name, entry in yaml.safe_load(text)["reports"].items()}


def same(a, b) -> bool:
    return a is not None and b is not None and Decimal(str(a)) == Decimal(str(b))


def kinds(expected: dict) -> list:
    kind = expected["kind"]
    return kind if isinstance(kind, list) else [kind]


def matches(expected: dict, finding) -> bool:
    if finding.kind not in kinds(expected):
        return False
    if not all(any(same(e, v) for v in finding.values) for e in expected.get("values") or []):
        return False
    return "key" not in expected or any(f.key == expected["key"] for f in finding.facts)


def severe_enough(expected: dict, finding) -> bool:
    """The label is the least severity the finding must have."""
    return severity_rank(finding.severity) >= severity_rank(expected["severity"])


def assign(expected: list, findings: list) -> list:
    """Each expectation's finding (or None), no finding used twice, as score.py counts.

    Among the pairings, the one with the most expectations found, then the most at
    their labelled severity, then the most whose first figure (the stated total, the
    text's figure) is the finding's first: two findings citing the same figures
    are told apart by what they state.
    """
    def pairs(i: int, used: frozenset):
        if i == len(expected):
            return (0, 0, 0), []
        score, rest = pairs(i + 1, used)
        best = score, [None] + rest
        for j, finding in enumerate(findings):
            if j in used or not matches(expected[i], finding):
                continue
            gain = (1, int(severe_enough(expected[i], finding)), int(_same_first(expected[i], finding)))
            score, rest = pairs(i + 1, used | {j})
            score = tuple(a + b for a, b in zip(gain, score))
            if score > best[0]:
                best = score, [finding] + rest
        return best

    return pairs(0, frozenset())[1]


def _same_first(expected: dict, finding) -> bool:
    figures = expected.get("values") or []
    return bool(figures) and bool(finding.values) and same(figures[0], finding.values[0])


def show(findings) -> str:
    return "\n".join(f"  {f.rule} {f.kind} {f.severity} {[_plain(v) for v in f.values]} "
                     f"{[x.key for x in f.facts]}" for f in findings)


def _plain(value):
    return value if value is None else float(value) if Decimal(str(value)) % 1 else int(value)


def figures(values) -> tuple:
    """Values as plain numbers, for listing findings in a test."""
    return tuple(_plain(v) for v in values)


# ---------------------------------------------------------------- relations that hold

def _terms(key: str) -> frozenset:
    """A key of the text may be a sum of cells (`a + b`): the same whatever the order."""
    return frozenset(part.strip() for part in key.split("+"))


def not_read(checked, spec: dict) -> list:
    """What the relation needs and the reading did not give: cells, text figures."""
    table = {f.key: f for f in checked.facts if f.source == "table"}
    missing = []
    for key, value in spec.get("read", {}).items():
        fact = table.get(key)
        if fact is None or fact.value is None:
            missing.append(f"table cell {key} not read")
        elif not same(fact.value.point, value):
            missing.append(f"table cell {key} read as {fact.value}, the report says {value}")
    prose = [f for f in checked.facts if f.source == "prose" and f.key and f.value is not None]
    for key, value in spec.get("prose", {}).items():
        if not any(_terms(f.key) == _terms(key) and same(f.value.point, value) for f in prose):
            missing.append(f"text figure {value} not keyed {key}")
    return missing


def flagged(checked, spec: dict, labelled_findings=()) -> list:
    """The findings that call the relation broken (a finding a label names is never one)."""
    named = {id(f) for f in labelled_findings}
    return [f for f in checked.findings if id(f) not in named and _contradicts(spec, f)]


def _contradicts(spec: dict, finding) -> bool:
    keys = {x.key for x in finding.facts if x.key}
    by_rule = spec.get("rules", ())
    if isinstance(by_rule, dict):
        if finding.rule in by_rule and keys & set(by_rule[finding.rule]):
            return True
    elif finding.rule in by_rule:
        return True
    if finding.kind in spec.get("kinds", ()) or keys & set(spec.get("keys", ())):
        return True
    prose_keys = {_terms(k) for k in spec.get("prose", {})}
    if finding.kind == "prose_vs_table" and any(_terms(k) in prose_keys for k in keys):
        return True
    values = spec.get("values") or []
    groups = values if values and isinstance(values[0], list) else [values] if values else []
    return any(all(any(same(v, w) for w in finding.values) for v in group) for group in groups)

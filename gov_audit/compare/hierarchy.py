"""A region and its sub-units in the same year: the region's figures contain theirs.

Only for what the agency file declares (agencies.py), and only for additive
indicators (the rules list them): applications, replies, items published.
Never for 规章 / 规范性文件: each body counts the documents it issued itself.
With every sub-unit declared and present, the region's figure is their sum;
with one missing, that cannot be assessed, and an info finding names it.
"""
from __future__ import annotations

from ..core.numbers import Interval, fmt_decimal
from .citing import Cited, Cross, cite_figure
from .readings import reading
from .relating import judge


def same_year(parents: list, children: list) -> list:
    """(parent report, child report) of one year."""
    by_year: dict = {}
    for child in children:
        if child.year:
            by_year.setdefault(child.year, []).append(child)
    return [(p, c) for p in parents if p.year for c in by_year.get(p.year, [])]


def parent_child(rule, parent, child, child_name: str) -> list:
    found = []
    note = f"下级 {child_name} {child.year}年报告"
    for each in rule.params.get("each") or [""]:
        found.extend(judge(rule, rule.params["relation"].replace("{each}", each), parent, {"child": child},
                           {"child": note}))
    return found


def parent_sum(rule, parent, children: list, missing: list) -> list:
    """The region = Σ its sub-units, when every one is declared and present."""
    if missing:
        if not children:
            return []
        return [Cross(rule, parent, f"无法核对{parent.year}年各下级之和：缺少 {'、'.join(missing)} 的{parent.year}年报告",
                      [], [], [], severity="info")]
    found = []
    for key in rule.params["each"]:
        whole = reading(parent, key)
        parts = [(child, reading(child, key)) for child, _ in children]
        if whole is None or any(f is None for _, f in parts):
            continue
        total = Interval.exact(0)
        for _, figure in parts:
            total = total + figure.value
        if whole.value.meets(total):
            continue
        terms = " + ".join(f"{name} {f.raw}" for (_, name), (_, f) in zip(children, parts))
        found.append(Cross(
            rule, parent, f"{rule.message or rule.title}：本报告“{whole.quote}” {whole.raw} ≠ {terms}"
                          f" = {total}", [whole.value.point] + [f.value.point for _, f in parts],
            [cite_figure(parent, whole)],
            [(cite_figure(child, f), f"下级 {name}") for (child, name), (_, f) in zip(children, parts)],
            relation=f"{key} == sum(children.{key})", left=f"{whole.raw}", right=str(total),
            difference=fmt_decimal((whole.value - total).low) if (whole.value - total).is_exact else None,
        ))
    return found


def group_figures(rule, parent, child, child_name: str) -> list:
    """各乡镇… in the region's text is at least 各乡镇… in the sub-region's (its towns are among them)."""
    found = []
    for mine in parent.groups:
        for theirs in child.groups:
            if (mine.group, mine.what, mine.unit) != (theirs.group, theirs.what, theirs.unit) or mine.value >= theirs.value:
                continue
            found.append(Cross(
                rule, parent,
                f"{rule.message or rule.title}：本报告“{mine.quote}” {mine.raw} < 下级 {child_name}“{theirs.quote}” "
                f"{theirs.raw}", [mine.value, theirs.value],
                [_cite_group(parent, mine)], [(_cite_group(child, theirs), f"下级 {child_name} {child.year}年报告")],
                relation=f"{mine.group}{mine.what} >= child.{theirs.group}{theirs.what}", left=mine.raw,
                right=theirs.raw, difference=str(mine.value - theirs.value),
            ))
    return found


def _cite_group(report, group) -> Cited:
    return Cited(report.path, group.place, group.quote, group.raw + group.unit, source="prose",
                 value=Interval.exact(group.value), unit=group.unit)

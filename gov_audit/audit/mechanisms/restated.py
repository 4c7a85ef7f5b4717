"""`category_restated`: a category of a list, stated elsewhere in the report with a larger figure.

A category list (…主动公开政府信息的主要类别有：…重大建设项目131条…) gives each
category's count. Where another sentence names the same category with a
figure of the same unit above it (推进重大建设项目…全年共发布信息166条), the two
cannot both count that category's items: a remark at the rule's severity (the
sections may count differently). The name is the list item's own words, at
least `min_name` characters once its category suffix (类信息…) is dropped;
each name is looked for at most `occurrences` times (structures.yaml
`breakdown.restated`).
"""
from __future__ import annotations

from ...core.numbers import fmt_decimal
from ..context import Context
from ..rule import Rule
from .breakdowns import breakdowns
from .list_parts import countable, inside, merged, region
from .prose import Prose, make_finding, prose_of

FIGURES_PER_SENTENCE = 8


def category_restated(rule: Rule, ctx: Context) -> list:
    prose = prose_of(ctx)
    spec = prose.cfg.raw["breakdown"]["restated"]
    lists = _category_lists(prose)
    listed = merged([(b.body, b.end) for b in breakdowns(prose)] + [(start, end) for start, end, _ in lists])
    parts = {id(p) for b in breakdowns(prose) for p in b.parts} | {id(p) for _, _, items in lists for p in items}
    found = []
    for _, _, items in lists:
        for part in items:
            name = _name(prose, part, spec)
            if len(name) < spec["min_name"]:
                continue
            other = _restated(prose, part, name, listed, parts, spec["occurrences"])
            if other is not None:
                found.append(_finding(rule, prose, part, other, name))
    return found


def _category_lists(prose: Prose) -> list:
    """(start, end, items) of every category list (…的主要类别有：), whether or not its total is found."""
    lists = []
    for m in prose.cfg.category.finditer(prose.text):
        if prose.in_table(m.start()):
            continue
        end, nested = region(prose, m.end())
        items = [f for f in prose.first_facts(m.end(), end, prose.cfg.lookback)
                 if countable(prose, f) and not inside(nested, f.start)]
        lists.append((m.end(), end, items))
    return lists


def _name(prose: Prose, fact, spec) -> str:
    """The category's own words before its figure (重大建设项目 in 重大建设项目131条), without
    a category suffix (类信息, 信息 …)."""
    words = prose.prefix(fact).strip().lstrip("、,;:")
    for suffix in sorted(spec["suffixes"], key=len, reverse=True):
        if words.endswith(suffix):
            return words[: -len(suffix)]
    return words


def _restated(prose: Prose, part, name: str, listed: list, parts: set, occurrences: int):
    """The first figure of another sentence naming the category, of the part's unit, above it."""
    text = prose.text
    at = text.find(name)
    for _ in range(occurrences):
        if at == -1:
            return None
        if not inside(listed, at) and not prose.in_table(at):
            start, end = prose.sentence(at)
            for fact in prose.first_facts(at, end, FIGURES_PER_SENTENCE):
                if id(fact) in parts or fact.unit != part.unit or not countable(prose, fact):
                    continue
                if part.value.surely_lt(fact.value):
                    return fact
        at = text.find(name, at + len(name))
    return None


def _finding(rule: Rule, prose: Prose, part, other, name: str):
    p, o = prose.written(part), prose.written(other)
    message = (f"{rule.title}：分类中“{prose.clause_quote(part)}”为 {fmt_decimal(p)}，另处"
               f"“{prose.clause_quote(other)}”为 {fmt_decimal(o)}，多于分类数；两处统计口径可能不同")
    return make_finding(rule, rule.severity, message, [p, o], [part, other], other.start,
                        relation=f"“{name}”的分类数 ≥ 另处所述", left=prose.label(part), right=prose.label(other),
                        difference=fmt_decimal(o - p), left_value=part.value, right_value=other.value)

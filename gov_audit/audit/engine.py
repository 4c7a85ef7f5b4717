"""The rule engine: rule packs from YAML, validated, then run over a report's facts.

A rule either states a relation over indicator keys (`assert`, optionally
`for_each` over columns or rows, `when`, `unless_text`, `only_if_missing`) or
names one of the few mechanisms Python holds (`check: missing_value`,
`check: prose_vs_table`, and those of the prose module). Users add packs with
`--rules`; a pack's `overrides` disable or re-level built-in rules by id.
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from . import expr
from ..core.model import SEVERITIES, Fact, Finding
from ..core.numbers import Interval, fmt_decimal
from ..core.resources import YamlError, builtin_dir, read_yaml
from ..read.tables import templates

RULE_KEYS = {
    "id", "kind", "severity", "title", "description", "applies_to", "for_each", "assert", "when",
    "unless_text", "only_if_missing", "check", "params", "message", "examples", "names",
}
PACK_KEYS = {"pack", "description", "rules", "overrides", "lexicon"}
KINDS = {
    "table_sum", "table_balance", "column_total", "channel_total", "prose_vs_table", "prose_sum",
    "percentage", "delta", "implausible", "date", "numbering", "missing_value", "bracket",
    "unreadable_table", "wrong_template",
}
FORMATS = {"2014", "2019", "2021", "unknown", "all"}


class RuleError(YamlError):
    """An invalid rule pack: names the file, the rule id and the problem."""

    def __init__(self, path: str, rule_id: Optional[str], message: str):
        where = f"rule {rule_id}: " if rule_id else ""
        super().__init__(path, where + message)
        self.rule_id = rule_id


@dataclass
class Rule:
    id: str
    kind: str
    severity: str
    title: str
    pack: str
    applies_to: tuple = ("all",)
    description: str = ""
    bindings: list = field(default_factory=list)  # [(vars, Relation, when Relation|None, missing keys)]
    check: Optional[str] = None
    params: dict = field(default_factory=dict)
    unless_text: tuple = ()
    message: str = ""
    examples: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    relation_text: str = ""
    enabled: bool = True

    def applies(self, fmt: str) -> bool:
        return "all" in self.applies_to or fmt in self.applies_to


# Mechanisms register here: name → function(rule, context) → [Finding].
MECHANISMS: dict[str, Callable] = {}


def mechanism(name: str):
    def register(fn):
        MECHANISMS[name] = fn
        return fn

    return register


@functools.lru_cache(maxsize=None)
def known_keys() -> frozenset:
    """Every indicator key a table template or the lexicon can produce."""
    keys = set()
    spec = templates()
    for table in spec["tables"].values():
        for row in table["rows"]:
            columns = row.get("columns") or table.get("columns") or ["value"]
            for column in columns:
                keys.add(row["key"] if columns == ["value"] else f"{row['key']}.{column}")
    return frozenset(keys)


# ---------------------------------------------------------------- loading


def load_pack(path: Path, data=None) -> tuple[list[Rule], dict]:
    """Rules and overrides of one pack file."""
    name = str(path)
    if data is None:
        data = read_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(name, None, "a rule pack is a mapping with `rules:` and/or `overrides:`")
    unknown = set(data) - PACK_KEYS
    if unknown:
        raise RuleError(name, None, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; allowed: {', '.join(sorted(PACK_KEYS))}")
    rules_data = data.get("rules") or []
    if not isinstance(rules_data, list):
        raise RuleError(name, None, "`rules` must be a list")
    rules = [_build_rule(name, item, path.stem) for item in rules_data]
    overrides = data.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise RuleError(name, None, "`overrides` must map rule ids to `disable` or {severity: …}")
    return rules, overrides


def pack_lexicon(path: Path) -> list:
    """Lexicon entries a user pack adds (`lexicon: [...]`), validated."""
    from ..read.prose import build_lexicon

    entries = (read_yaml(path) or {}).get("lexicon") or []
    if not isinstance(entries, list):
        raise RuleError(str(path), None, "`lexicon` must be a list of entries (id, key, patterns)")
    build_lexicon({"entries": entries}, str(path))
    for entry in entries:
        keys = entry["key"].values() if isinstance(entry["key"], dict) else [entry["key"]]
        for key in keys:
            try:
                relation = expr.parse(str(key))
            except expr.ExprError as exc:
                raise RuleError(str(path), entry["id"], f"bad key {key!r}: {exc}") from None
            for part in relation.keys():
                _check_key(str(path), entry["id"], part)
    return entries


def _build_rule(path: str, item, pack: str) -> Rule:
    if not isinstance(item, dict):
        raise RuleError(path, None, "each rule is a mapping")
    rule_id = item.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(path, None, "a rule needs an `id`")
    unknown = set(item) - RULE_KEYS
    if unknown:
        raise RuleError(path, rule_id, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    for required in ("kind", "severity", "title"):
        if not item.get(required):
            raise RuleError(path, rule_id, f"missing `{required}`")
    if item["kind"] not in KINDS:
        raise RuleError(path, rule_id, f"unknown kind {item['kind']!r}; known: {', '.join(sorted(KINDS))}")
    if item["severity"] not in SEVERITIES:
        raise RuleError(path, rule_id, f"severity must be one of {', '.join(SEVERITIES)}")
    applies = item.get("applies_to", ["all"])
    applies = [str(a) for a in (applies if isinstance(applies, list) else [applies])]
    bad = [a for a in applies if a not in FORMATS]
    if bad:
        raise RuleError(path, rule_id, f"unknown format(s) in applies_to: {', '.join(bad)}")
    has_assert, check = "assert" in item, item.get("check")
    if has_assert == bool(check):
        raise RuleError(path, rule_id, "a rule has either `assert` (a relation) or `check` (a mechanism)")
    if check and check not in MECHANISMS:
        raise RuleError(path, rule_id, f"unknown check {check!r}; known: {', '.join(sorted(MECHANISMS))}")
    rule = Rule(
        id=rule_id, kind=item["kind"], severity=item["severity"], title=str(item["title"]), pack=pack,
        applies_to=tuple(applies), description=str(item.get("description", "")), check=check,
        params=item.get("params") or {}, unless_text=tuple(item.get("unless_text") or ()),
        message=str(item.get("message", "")), examples=item.get("examples") or {},
        names=item.get("names") or {}, relation_text=str(item.get("assert", "")),
    )
    if has_assert:
        rule.bindings = _bindings(path, rule_id, item)
    return rule


def _bindings(path: str, rule_id: str, item: dict) -> list:
    for_each = item.get("for_each") or {}
    if not isinstance(for_each, dict) or not all(isinstance(v, list) and v for v in for_each.values()):
        raise RuleError(path, rule_id, "`for_each` maps a variable name to a non-empty list")
    names = list(for_each)
    bindings = []
    for combo in itertools.product(*(for_each[n] for n in names)):
        variables = dict(zip(names, map(str, combo)))
        relation = _parse(path, rule_id, item["assert"], variables)
        if relation.op is None:
            raise RuleError(path, rule_id, "`assert` needs a comparison (==, <=, …)")
        when = _parse(path, rule_id, item["when"], variables) if item.get("when") else None
        missing = [_substitute(path, rule_id, k, variables) for k in item.get("only_if_missing") or ()]
        for key in relation.keys() + (when.keys() if when else []) + missing:
            _check_key(path, rule_id, key)
        bindings.append((variables, relation, when, missing))
    return bindings


def _substitute(path: str, rule_id: str, text: str, variables: dict) -> str:
    try:
        return str(text).format(**variables)
    except (KeyError, IndexError, ValueError) as exc:
        raise RuleError(path, rule_id, f"placeholder {exc} is not a for_each variable") from None


def _parse(path: str, rule_id: str, text: str, variables: dict) -> expr.Relation:
    try:
        return expr.parse(_substitute(path, rule_id, text, variables))
    except expr.ExprError as exc:
        raise RuleError(path, rule_id, f"bad expression {text!r}: {exc}") from None


def _check_key(path: str, rule_id: str, key: str) -> None:
    if key not in expr.FUNCS and not _is_known(key):
        raise RuleError(path, rule_id, f"unknown indicator {key!r}")


@functools.lru_cache(maxsize=None)
def _is_known(key: str) -> bool:
    """A key, or a pattern matching at least one key, of the templates (cached:
    a rule repeated for each column checks the same patterns many times)."""
    keys = known_keys()
    return bool(expr.matching(key, keys)) if expr.is_pattern(key) else key in keys


@dataclass
class RuleSet:
    rules: list
    lexicon_entries: tuple = ()  # entries user packs add to the built-in lexicon

    def by_id(self) -> dict:
        return {r.id: r for r in self.rules}

    @functools.cached_property
    def lexicon(self):
        from ..read.prose import build_lexicon, lexicon
        from ..core.resources import builtin_yaml

        if not self.lexicon_entries:
            return lexicon()
        builtin = builtin_yaml("knowledge/lexicon.yaml")["entries"]
        return build_lexicon({"entries": list(builtin) + list(self.lexicon_entries)}, "user lexicon", user=True)


@functools.lru_cache(maxsize=None)
def builtin_packs() -> tuple:
    return tuple(sorted((builtin_dir() / "packs").glob("*.yaml")))


def load_rules(extra: tuple = ()) -> RuleSet:
    """Built-in packs plus the user's (files or folders of *.yaml), overrides applied."""
    import_mechanisms()
    rules: dict[str, Rule] = {}
    overrides: list[tuple[str, dict]] = []
    for path in builtin_packs():
        pack_rules, pack_over = _cached_pack(path)
        # copies: overrides change severity/enabled, the cached pack must stay as shipped
        _add(rules, [dataclasses.replace(r) for r in pack_rules], str(path))
        overrides.append((str(path), pack_over))
    entries: list = []
    for given in extra:
        for path in _pack_files(Path(given)):
            pack_rules, pack_over = load_pack(path)
            _add(rules, pack_rules, str(path), replace=True)
            overrides.append((str(path), pack_over))
            entries.extend(pack_lexicon(path))
    for path, over in overrides:
        _apply_overrides(rules, over, path)
    return RuleSet([r for r in rules.values() if r.enabled], tuple(entries))


@functools.lru_cache(maxsize=None)
def _cached_pack(path: Path):
    from ..core.resources import read_builtin_yaml

    return load_pack(path, read_builtin_yaml(path))


def _pack_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            raise RuleError(str(path), None, "no *.yaml rule packs in this folder")
        return files
    if not path.exists():
        raise RuleError(str(path), None, "no such file")
    return [path]


def _add(rules: dict, new: list, path: str, replace: bool = False) -> None:
    for rule in new:
        if rule.id in rules and not replace:
            raise RuleError(path, rule.id, "duplicate rule id")
        if rule.id in rules:
            rule.pack = f"{rule.pack} (replaces {rules[rule.id].pack})"
        rules[rule.id] = rule


def _apply_overrides(rules: dict, overrides: dict, path: str) -> None:
    for rule_id, change in overrides.items():
        if rule_id not in rules:
            raise RuleError(path, str(rule_id), "override of an unknown rule id")
        rule = rules[rule_id]
        if change in ("disable", "off", False):
            rule.enabled = False
        elif isinstance(change, dict) and set(change) <= {"severity", "enabled"}:
            if "severity" in change:
                if change["severity"] not in SEVERITIES:
                    raise RuleError(path, rule_id, f"severity must be one of {', '.join(SEVERITIES)}")
                rule.severity = change["severity"]
            if change.get("enabled") is False:
                rule.enabled = False
        else:
            raise RuleError(path, str(rule_id), "an override is `disable` or a mapping with `severity`")


def import_mechanisms() -> None:
    """Mechanisms live in the modules that understand them; importing registers them."""
    from . import certainty  # noqa: F401
    from .mechanisms import dates, numbering, plausibility, prose_table, shares, sums  # noqa: F401


# ---------------------------------------------------------------- running


@dataclass
class Context:
    """What rules see of one report."""

    format: str
    text: str  # normalized
    table: dict  # key → Fact (table facts with a figure)
    table_facts: list  # every table Fact, blanks included
    prose: list  # prose Facts
    document: object = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        self.blank_keys = [f.key for f in self.table_facts if f.value is None]
        self._patterns: dict = {}  # pattern → its lookup: rules share patterns (t3.*.total)
        self._order: Optional[dict] = None  # key → place in the table, when every key is a template's

    def lookup(self, pattern: str) -> list:
        if expr.is_pattern(pattern):
            found = self._patterns.get(pattern)
            if found is None:
                found = self._patterns[pattern] = self._lookup_pattern(pattern)
            return found
        fact = self.table.get(pattern)
        return [(pattern, fact.value)] if fact is not None else []

    def _lookup_pattern(self, pattern: str) -> list:
        """The table's keys a pattern matches, in the table's order; none when one is blank
        (the sum cannot be tested).

        The candidates are the templates' keys the pattern matches (found once
        per process); a table with a key no template has is matched key by key.
        """
        if self._order is None:
            keys = list(self.table) + self.blank_keys
            self._order = {k: i for i, k in enumerate(keys)} if _template_keys().issuperset(keys) else {}
        if not self._order:
            if expr.matching(pattern, self.blank_keys):
                return []
            return [(k, self.table[k].value) for k in expr.matching(pattern, self.table)]
        present = [k for k in _template_matches(pattern) if k in self._order]
        if any(k not in self.table for k in present):
            return []
        present.sort(key=self._order.__getitem__)
        return [(k, self.table[k].value) for k in present]


def _template_keys() -> frozenset:
    from ..read.tables import template_keys

    return template_keys()


@functools.lru_cache(maxsize=4096)
def _template_matches(pattern: str) -> tuple:
    return tuple(expr.matching(pattern, sorted(_template_keys())))


def run(rules: RuleSet, ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules.rules:
        if not rule.applies(ctx.format):
            continue
        if rule.unless_text and any(t in ctx.text for t in rule.unless_text):
            continue
        if rule.check:
            findings.extend(MECHANISMS[rule.check](rule, ctx))
        else:
            findings.extend(_run_relation(rule, ctx))
    return findings


def _run_relation(rule: Rule, ctx: Context) -> list[Finding]:
    found = []
    for variables, relation, when, missing in rule.bindings:
        if missing and all(k in ctx.table for k in missing):
            continue
        condition: list = []
        if when is not None and not _surely(when, ctx, condition):
            continue
        left_used: list = []
        right_used: list = []
        try:
            left = expr.evaluate(relation.left, ctx.lookup, left_used)
            right = expr.evaluate(relation.right, ctx.lookup, right_used)
        except expr.Missing:
            continue
        if expr.holds(relation.op, left, right):
            continue
        finding = relation_finding(rule, ctx, relation.op, left_used, left, right_used, right, variables)
        _add_condition(finding, condition, ctx)
        found.append(finding)
    return found


def _add_condition(finding: Finding, condition: list, ctx: Context) -> None:
    """The figures of a `when` condition are part of what the finding rests on."""
    extra = [ctx.table[k] for k, _ in condition if k in ctx.table and ctx.table[k] not in finding.facts]
    finding.facts = extra + finding.facts
    finding.values = [f.value.point for f in extra] + finding.values


def _surely(when: expr.Relation, ctx: Context, used: list) -> bool:
    """A `when` condition that certainly holds (if it cannot be tested, it does not)."""
    try:
        left = expr.evaluate(when.left, ctx.lookup, used)
        right = expr.evaluate(when.right, ctx.lookup, used)
    except expr.Missing:
        return False
    negation = {"==": "!=", "!=": "==", "<=": ">", ">=": "<", "<": ">=", ">": "<="}[when.op]
    return not expr.holds(negation, left, right)


NEGATED = {"==": "≠", "<=": ">", ">=": "<", "<": "≥", ">": "≤", "!=": "="}


def relation_finding(rule: Rule, ctx: Context, op: str, left_used, left: Interval, right_used, right: Interval,
                     variables: dict) -> Finding:
    from ..read.tables import column_name

    facts = [ctx.table[k] for k, _ in left_used + right_used if k in ctx.table]
    shared = _shared_label(facts)
    left_text = _side(left_used, left, ctx, rule, shared)
    right_text = _side(right_used, right, ctx, rule, shared)
    difference = _difference(left, right)
    formula = f"{left_text} {NEGATED.get(op, '≠')} {right_text}"
    if difference:
        formula += f"（差 {difference}）"
    named = {k: column_name(v) for k, v in variables.items()}
    prefix = rule.message.format(**named) if rule.message else rule.title
    if shared and shared[1] not in prefix:
        prefix += f"（{shared[1]}）"
    return Finding(
        rule=rule.id, kind=rule.kind, severity=rule.severity, message=f"{prefix}：{formula}",
        values=[f.value.point for f in facts], facts=facts, relation=rule.relation_text.format(**variables),
        left=left_text, right=right_text, difference=difference,
        start=min((f.start for f in facts), default=0),
    )


def _shared_label(facts: list):
    """("row", label) when every fact is on one row, ("column", name) when in one column."""
    if len(facts) < 2:
        return None
    rows = {short_label(f.row_label or "") for f in facts}
    columns = {f.column_label for f in facts}
    if len(rows) == 1 and None not in columns and "value" not in columns:
        return ("row", rows.pop())
    if len(columns) == 1 and None not in columns and "value" not in columns:
        return ("column", columns.pop())
    return None


def _side(used: list, total: Interval, ctx: Context, rule: Rule, shared=None) -> str:
    parts = [f"{display_name(k, ctx, rule, shared)} {value}" for k, value in used]
    if len(parts) == 1:
        return parts[0]
    return " + ".join(parts) + f" = {total}"


def display_name(key: str, ctx: Context, rule: Rule, shared=None) -> str:
    """The report's own label for a key (its row and, in wide tables, column)."""
    if key in rule.names:
        return str(rule.names[key])
    fact = ctx.table.get(key)
    return fact_name(fact, shared) if fact is not None else key


def fact_name(fact: Fact, shared=None) -> str:
    """A table fact's row label, with its column where the table has several;
    the part that all figures of a relation share (`shared`) is left out."""
    label = short_label(fact.row_label or fact.key or "")
    column = fact.column_label if fact.column_label not in (None, "value") else None
    if shared and shared[0] == "row" and column:
        return column
    if column and not (shared and shared[0] == "column"):
        return f"{label}［{column}］"
    return label


def short_label(label: str, limit: int = 16) -> str:
    from ..read.tables import NOTE, clean_label

    text = NOTE.sub("", clean_label(label)) or clean_label(label)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _difference(left: Interval, right: Interval) -> str:
    if left.is_exact and right.is_exact:
        return fmt_decimal(abs(left.low - right.low))
    return ""


def values_of(facts: list) -> list:
    return [f.value.point if f.value is not None else None for f in facts]


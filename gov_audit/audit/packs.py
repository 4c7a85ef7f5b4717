"""Rule packs: the YAML rules, read and validated, built-in packs first, then the user's.

A rule states a relation (`assert`, optionally `for_each` over columns or
rows, `when`, `unless_text`, `only_if_missing`) or names a mechanism (`check`,
with the `params` its mechanism declares). Users add packs with `--rules`; a
rule of a user pack with the id of a built-in one replaces it, and a pack's
`overrides` disable or re-level rules by id. Every mistake is a RuleError
naming the file, the rule id and the problem: an unknown key, kind, format,
check or parameter, a bad expression, an unknown indicator, an id given twice
in one pack.
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
from pathlib import Path
from typing import Optional

from ..core import expr
from ..core.model import SEVERITIES
from ..core.resources import YamlError, builtin_dir, read_builtin_yaml, read_yaml
from ..knowledge.lexicon import extend_lexicon
from ..knowledge.prose_keys import all_keys
from ..knowledge.templates import format_names, template_keys
from .mechanisms import MECHANISMS
from .pack_schema import SchemaProblem, check_lexicon_entry, check_rule, check_rule_id
from .params import resolved
from .rule import ALL_FORMATS, Rule, RuleSet

RULE_KEYS = {
    "id", "kind", "severity", "title", "description", "applies_to", "for_each", "assert", "when",
    "unless_text", "only_if_missing", "check", "params", "message", "examples", "names",
}
PACK_KEYS = {"pack", "description", "rules", "overrides", "lexicon"}
OVERRIDE_KEYS = {"severity", "enabled"}
KINDS = {
    "table_sum", "table_balance", "column_total", "channel_total", "prose_vs_table", "prose_sum",
    "percentage", "delta", "implausible", "date", "numbering", "missing_value", "bracket",
    "unreadable_table", "wrong_template", "doubtful_table",
    # across the reports of a folder (gov_audit/compare)
    "carry_over", "stock", "cumulative", "prior_items", "year_on_year", "hierarchy", "text_reuse", "stale_text",
}


class RuleError(YamlError):
    """An invalid rule pack: names the file, the rule id and the problem."""

    def __init__(self, path: str, rule_id: Optional[str], message: str):
        where = f"rule {rule_id}: " if rule_id else ""
        super().__init__(path, where + message)
        self.rule_id = rule_id


def load_pack(path: Path, data=None) -> tuple[list[Rule], dict]:
    """Rules and overrides of one pack file."""
    name = str(path)
    if data is None:
        data = read_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(name, None, "a rule pack is a mapping with `rules:` and/or `overrides:`")
    unknown = set(data) - PACK_KEYS
    if unknown:
        raise RuleError(name, None, f"{_unknown_keys(unknown, PACK_KEYS)}; allowed: {', '.join(sorted(PACK_KEYS))}")
    for field in ("pack", "description"):
        if data.get(field) is not None and not isinstance(data[field], str):
            raise RuleError(name, None, f"`{field}` must be a text")
    rules_data = data.get("rules") or []
    if not isinstance(rules_data, list):
        raise RuleError(name, None, "`rules` must be a list")
    rules = [_build_rule(name, item, path.stem) for item in rules_data]
    _refuse_duplicates(name, rules)
    overrides = data.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise RuleError(name, None, "`overrides` must map rule ids to `disable` or {severity: …}")
    return rules, overrides


def pack_lexicon(path: Path) -> list:
    """Lexicon entries a user pack adds (`lexicon: [...]`), validated."""
    entries = (read_yaml(path) or {}).get("lexicon") or []
    if not isinstance(entries, list):
        raise RuleError(str(path), None, "`lexicon` must be a list of entries (id, key, patterns)")
    for entry in entries:
        try:
            check_lexicon_entry(entry)
        except SchemaProblem as exc:
            raise RuleError(str(path), None, f"lexicon: {exc}") from None
    user = extend_lexicon(entries, str(path)).entries[-len(entries):] if entries else ()
    for entry in user:
        for key in all_keys(entry.keys):
            try:
                relation = expr.parse(str(key))
            except expr.ExprError as exc:
                raise RuleError(str(path), entry.id, f"bad key {key!r}: {exc}") from None
            for part in relation.keys():
                _check_key(str(path), entry.id, part)
    return entries


def _build_rule(path: str, item, pack: str) -> Rule:
    if not isinstance(item, dict):
        raise RuleError(path, None, "each rule is a mapping")
    rule_id = item.get("id")
    try:
        check_rule_id(rule_id)
    except SchemaProblem as exc:
        raise RuleError(path, None, str(exc)) from None
    unknown = set(item) - RULE_KEYS
    if unknown:
        raise RuleError(path, rule_id, _unknown_keys(unknown, RULE_KEYS))
    try:
        check_rule(item)
    except SchemaProblem as exc:
        raise RuleError(path, rule_id, str(exc)) from None
    for required in ("kind", "severity", "title"):
        if not item.get(required):
            raise RuleError(path, rule_id, f"missing `{required}`")
    if item["kind"] not in KINDS:
        raise RuleError(path, rule_id, f"unknown kind {item['kind']!r}; known: {', '.join(sorted(KINDS))}")
    if item["severity"] not in SEVERITIES:
        raise RuleError(path, rule_id, f"severity must be one of {', '.join(SEVERITIES)}")
    applies = item.get("applies_to", [ALL_FORMATS])
    applies = [str(a) for a in (applies if isinstance(applies, list) else [applies])]
    bad = [a for a in applies if a not in format_names() and a != ALL_FORMATS]
    if bad:
        raise RuleError(path, rule_id, f"unknown format(s) in applies_to: {', '.join(bad)}")
    has_assert, check = "assert" in item, item.get("check")
    if has_assert == bool(check):
        raise RuleError(path, rule_id, "a rule has either `assert` (a relation) or `check` (a mechanism)")
    if check and check not in MECHANISMS:
        raise RuleError(path, rule_id, f"unknown check {check!r}; known: {', '.join(sorted(MECHANISMS))}")
    params = _params(path, rule_id, check, item.get("params")) if check else item.get("params") or {}
    rule = Rule(
        id=rule_id, kind=item["kind"], severity=item["severity"], title=str(item["title"]), pack=pack,
        applies_to=tuple(applies), description=str(item.get("description", "")), check=check,
        params=params, unless_text=tuple(item.get("unless_text") or ()),
        message=str(item.get("message", "")), examples=item.get("examples") or {},
        names=item.get("names") or {}, relation_text=str(item.get("assert", "")),
    )
    if has_assert:
        rule.bindings = _bindings(path, rule_id, item)
    return rule


def _params(path: str, rule_id: str, check: str, given) -> dict:
    """The parameters of a mechanism's rule, checked against those it declares, defaults filled in."""
    values, problems = resolved(MECHANISMS[check].params, given)
    if problems:
        raise RuleError(path, rule_id, f"check {check}: {problems[0]}")
    return values


def _refuse_duplicates(path: str, rules: list) -> None:
    """One pack may not define a rule twice (another pack may replace it: that is an override)."""
    seen = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(path, rule.id, "duplicate rule id in this pack (each rule is defined once)")
        seen.add(rule.id)


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
    keys = template_keys()
    return bool(expr.matching(key, keys)) if expr.is_pattern(key) else key in keys


@functools.lru_cache(maxsize=None)
def builtin_packs() -> tuple:
    return tuple(sorted((builtin_dir() / "packs").glob("*.yaml")))


def load_rules(extra: tuple = ()) -> RuleSet:
    """Built-in packs plus the user's (files or folders of *.yaml), overrides applied."""
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
    return load_pack(path, read_builtin_yaml(path))


def _pack_files(path: Path) -> list[Path]:
    try:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
            if not files:
                raise RuleError(str(path), None, "no *.yaml rule packs in this folder")
            return files
        if not path.exists() and not path.is_symlink():
            raise RuleError(str(path), None, "no such file")
    except OSError as exc:
        raise RuleError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    return [path]


def _add(rules: dict, new: list, path: str, replace: bool = False) -> None:
    for rule in new:
        if rule.id in rules and not replace:
            raise RuleError(path, rule.id, "duplicate rule id")
        if rule.id in rules:
            rule.pack = f"{rule.pack} (replaces {rules[rule.id].pack})"
        rules[rule.id] = rule


def _unknown_keys(unknown: set, allowed) -> str:
    """`unknown key(s) …`, each with the allowed key it is closest to ("did you mean")."""
    named = []
    for key in sorted(map(str, unknown)):
        import difflib
        close = difflib.get_close_matches(key, sorted(allowed), n=1)
        named.append(f"{key} (did you mean {close[0]}?)" if close else key)
    return f"unknown key(s) {', '.join(named)}"


def _apply_overrides(rules: dict, overrides: dict, path: str) -> None:
    for rule_id, change in overrides.items():
        if rule_id not in rules:
            import difflib
            close = difflib.get_close_matches(str(rule_id), list(rules), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise RuleError(path, str(rule_id), f"override of an unknown rule id{hint}")
        rule = rules[rule_id]
        if change in ("disable", "off", False):
            rule.enabled = False
        elif isinstance(change, dict) and set(change) <= OVERRIDE_KEYS:
            if "severity" in change:
                if change["severity"] not in SEVERITIES:
                    raise RuleError(path, rule_id, f"severity must be one of {', '.join(SEVERITIES)}")
                rule.severity = change["severity"]
            if change.get("enabled") is False:
                rule.enabled = False
        elif isinstance(change, dict):
            raise RuleError(path, str(rule_id), _unknown_keys(set(change) - OVERRIDE_KEYS, OVERRIDE_KEYS)
                            + "; an override is `disable` or a mapping with `severity`")
        else:
            raise RuleError(path, str(rule_id), "an override is `disable` or a mapping with `severity`")

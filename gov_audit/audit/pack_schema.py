"""The shape of a rule pack, checked before anything is built from it: packs come from others.

Every field has a type, and a value of another type is a RuleError naming the
rule and the field (never a traceback, never an "internal error" later on
every file). What a pack can make govaudit build is bounded: a `for_each`
expands to at most MAX_BINDINGS relations, a placeholder is a plain
`{variable}` of the rule's `for_each` (no format spec such as `{col:>1500000000}`,
no attribute or index), a rule id is a plain name (it is printed at the start
of output lines), and a lexicon phrasing compiles to a bounded automaton
(core/regex_bounds.py).
"""
from __future__ import annotations

import math
import string

import regex

from ..core import regex_bounds

MAX_BINDINGS = 1000  # relations one rule's for_each may expand to (the built-in packs need 42)
MAX_NAME = 64
RULE_ID = regex.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
SCALAR = (str, int, float)

TEXT_FIELDS = ("kind", "severity", "title", "description", "assert", "when", "check", "message")
TEXT_LIST_FIELDS = ("unless_text", "only_if_missing")
TEMPLATE_FIELDS = ("assert", "when", "message")  # where {variable} placeholders are replaced


class SchemaProblem(Exception):
    """What is wrong with one field (the caller names the file and the rule)."""


def check_rule_id(rule_id) -> None:
    if not isinstance(rule_id, str) or not rule_id:
        raise SchemaProblem("a rule needs an `id` (a text)")
    if len(rule_id) > MAX_NAME or not RULE_ID.fullmatch(rule_id):
        raise SchemaProblem(f"id {_shown(rule_id)} must be a plain name: letters, digits, - _ . "
                            f"(at most {MAX_NAME} characters)")


def check_rule(item: dict) -> None:
    """The types of a rule's fields, its for_each's size, its placeholders."""
    for name in TEXT_FIELDS:
        if name in item and item[name] is not None and not isinstance(item[name], str):
            raise SchemaProblem(f"`{name}` must be a text, not {_kind(item[name])}")
    for name in TEXT_LIST_FIELDS:
        value = item.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise SchemaProblem(f"`{name}` must be a list of texts, not {_kind(value)}")
    applies = item.get("applies_to")
    if applies is not None and not isinstance(applies, (str, int)) and not (
            isinstance(applies, list) and all(isinstance(a, (str, int)) for a in applies)):
        raise SchemaProblem(f"`applies_to` must be a format or a list of formats, not {_kind(applies)}")
    names = item.get("names")
    if names is not None and not (isinstance(names, dict) and all(isinstance(v, SCALAR) for v in names.values())):
        raise SchemaProblem(f"`names` must map keys to texts, not {_kind(names)}")
    examples = item.get("examples")
    if examples is not None and not _examples_ok(examples):
        raise SchemaProblem("`examples` must map pass/fail to texts (or {text, note} mappings)")
    variables = check_for_each(item.get("for_each"))
    for name in TEMPLATE_FIELDS:
        if isinstance(item.get(name), str):
            # A mechanism fills its message with names of its own ({quote}): only their form is checked.
            own = name == "message" and item.get("check") is not None
            check_placeholders(item[name], None if own else variables, name)
    for key in item.get("only_if_missing") or ():
        check_placeholders(key, variables, "only_if_missing")


def check_for_each(for_each) -> tuple:
    """The variable names of a for_each, bounded in how many relations it makes."""
    if for_each is None or for_each == {}:
        return ()
    if not isinstance(for_each, dict) or not all(
            isinstance(name, str) and isinstance(values, list) and values
            and all(isinstance(v, SCALAR) for v in values) for name, values in for_each.items()):
        raise SchemaProblem("`for_each` maps a variable name to a non-empty list of values")
    count = math.prod(len(values) for values in for_each.values())
    if count > MAX_BINDINGS:
        raise SchemaProblem(f"`for_each` expands to {count} relations, more than {MAX_BINDINGS}")
    return tuple(for_each)


def check_placeholders(text: str, variables, field: str) -> None:
    """Every `{…}` is a plain name — no spec, conversion, attribute or index — and one of
    `variables` (the for_each's) unless that is None."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise SchemaProblem(f"`{field}`: {exc} (write a brace as {{{{ or }}}})") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier() or (variables is not None and name not in variables):
            known = ", ".join(variables or ()) or ("names the check gives" if variables is None
                                                   else "none: the rule has no for_each")
            raise SchemaProblem(f"`{field}`: placeholder {{{_shown(name + (':' + spec if spec else ''))}}} "
                                f"is not a for_each variable (known: {known})")


def check_lexicon_entry(entry) -> None:
    """A user lexicon entry's lists, and each raw pattern's size once compiled (its key,
    words and forms are checked where the lexicon is built)."""
    if not isinstance(entry, dict):
        raise SchemaProblem("each lexicon entry is a mapping (id, key, patterns)")
    if not isinstance(entry.get("id"), str):
        raise SchemaProblem("a lexicon entry needs an `id` (a text)")
    for name in ("patterns", "forms", "units"):
        value = entry.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise SchemaProblem(f"entry {_shown(entry['id'])}: `{name}` must be a list of texts")
    for pattern in entry.get("patterns") or ():
        problem = regex_bounds.problem(pattern)
        if problem:
            raise SchemaProblem(f"entry {_shown(entry['id'])}: pattern {_shown(pattern[:60])}: {problem}")


def _examples_ok(examples) -> bool:
    groups = examples.values() if isinstance(examples, dict) else [examples]
    for group in groups:
        for item in group if isinstance(group, list) else [group]:
            if isinstance(item, dict):
                if not all(isinstance(item.get(k) or "", str) for k in ("text", "note")):
                    return False
            elif not isinstance(item, SCALAR):
                return False
    return True


def _kind(value) -> str:
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "a text", list: "a list",
             dict: "a mapping", type(None): "nothing"}
    return kinds.get(type(value), type(value).__name__)


def _shown(text) -> str:
    from ..core.display import shown

    return repr(shown(str(text)))

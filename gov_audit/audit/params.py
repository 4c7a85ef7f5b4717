"""The parameters a mechanism takes, declared beside it, and a pack's `params` checked against them.

A misspelt parameter would otherwise be ignored in silence and the rule run
with its default: a pack that names a parameter its mechanism does not take,
or gives one a value of the wrong kind, is refused (packs.py says where).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ..core.model import SEVERITIES

REQUIRED = object()  # the default of a parameter a rule must give


@dataclass(frozen=True)
class Param:
    """One parameter: its kind (key, keys, text, texts, int, choice), its default and,
    for a choice, the values allowed."""

    kind: str
    default: Any = REQUIRED
    choices: tuple = ()
    min_items: int = 0  # a list must have at least this many

    def problem(self, value) -> Optional[str]:
        """What is wrong with a value given for this parameter, or None."""
        if self.kind in ("key", "text"):
            return None if isinstance(value, str) and value else "a non-empty text"
        if self.kind in ("keys", "texts"):
            ok = isinstance(value, list) and len(value) >= self.min_items and all(isinstance(v, str) for v in value)
            return None if ok else f"a list of texts{' (not empty)' if self.min_items else ''}"
        if self.kind == "int":
            return None if isinstance(value, int) and not isinstance(value, bool) and value >= 0 \
                else "a whole number ≥ 0"
        if self.kind == "choice":
            return None if value in self.choices else f"one of {', '.join(map(str, self.choices))}"
        raise ValueError(f"unknown parameter kind {self.kind!r}")


def severity_param(default: str) -> Param:
    return Param("choice", default, SEVERITIES)


def resolved(schema: dict, given) -> tuple[dict, list]:
    """The parameters a rule runs with (its own, then the declared defaults) and what is
    wrong with those it gave (messages)."""
    if given is None:
        given = {}
    if not isinstance(given, dict):
        return {}, ["`params` must be a mapping of parameter names to values"]
    problems = []
    for name in given:
        if name not in schema:
            problems.append(_unknown(str(name), schema))
        else:
            wrong = schema[name].problem(given[name])
            if wrong:
                problems.append(f"parameter {name!r} must be {wrong}")
    for name, param in schema.items():
        if param.default is REQUIRED and name not in given:
            problems.append(f"parameter {name!r} is required")
    values = {name: param.default for name, param in schema.items() if param.default is not REQUIRED}
    values.update(given)
    return values, problems


def _unknown(name: str, schema: dict) -> str:
    if not schema:
        return f"unknown parameter {name!r}: this check takes no parameters"
    import difflib
    close = difflib.get_close_matches(name, list(schema), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"unknown parameter {name!r}{hint} (known: {', '.join(sorted(schema))})"

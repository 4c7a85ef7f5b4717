"""The key a lexicon entry gives a figure: by format, by the answer of its frame, among alternatives.

In YAML an entry's `key` is an expression (`t3.new.sum`, `t3.granted.sum +
t3.partial.sum`, `t3.denied.*.sum`), or a mapping from formats to keys where a
name may list several formats (`"2019,2021": t3.new.sum`). A format's key may be
a list of alternatives — the first whose cells the report's table has (the
2014 统计表 and the local 统计表s before it name a channel differently) — or a
mapping from the answers of the entry's frame to keys (`{review: …, lit: …}`;
`unmarked`: the key when no word of the frame is there).
"""
from __future__ import annotations

from typing import Optional

from ..core import expr

ALL = "all"
UNMARKED = "unmarked"  # the answer when the frame's words are absent


def key_spec(raw) -> dict:
    """format → alternatives (tuple of keys) or {answer: alternatives}; ValueError when malformed."""
    if raw is None:
        return {}  # an entry that claims a phrasing for no indicator (按时办结 where no table counts it)
    if isinstance(raw, str):
        return {ALL: _alternatives(raw)}
    if not isinstance(raw, dict) or not raw:
        raise ValueError("`key` is a key, or a mapping from formats to keys")
    spec = {}
    for formats, value in raw.items():
        chosen = {str(a): _alternatives(k) for a, k in value.items()} if isinstance(value, dict) \
            else _alternatives(value)
        for fmt in str(formats).replace(",", " ").split():
            spec[fmt] = chosen
    return spec


def _alternatives(value) -> tuple:
    keys = tuple(value) if isinstance(value, list) else (value,)
    if not keys or not all(isinstance(k, str) and k.strip() for k in keys):
        raise ValueError(f"a key is a non-empty text or a list of them, not {value!r}")
    for key in keys:
        try:
            expr.parse(key)
        except expr.ExprError as exc:
            raise ValueError(f"bad key {key!r}: {exc}") from None
    return keys


def key_choices(spec: dict, fmt: str, answer: Optional[str] = None) -> tuple:
    """The alternatives a spec gives in a format for an answer of its frame (empty: no key)."""
    chosen = spec.get(fmt) or spec.get(ALL)
    if isinstance(chosen, dict):
        chosen = chosen.get(UNMARKED if answer is None else answer)
    return tuple(chosen or ())


def choose_key(spec: dict, fmt: str, answer: Optional[str] = None, available=None) -> Optional[str]:
    return first_present(key_choices(spec, fmt, answer), available)


def first_present(choices: tuple, available=None) -> Optional[str]:
    """The first alternative whose cells are all among `available` (the first when none is, or unknown)."""
    if not choices:
        return None
    if available is not None:
        for key in choices:
            if all(expr.matching(k, available) if expr.is_pattern(k) else k in available
                   for k in expr.parse(key).keys()):
                return key
    return choices[0]


def all_keys(spec: dict) -> list:
    """Every key the spec may give (to validate them against the templates)."""
    out = []
    for chosen in spec.values():
        for alternatives in (chosen.values() if isinstance(chosen, dict) else [chosen]):
            out.extend(alternatives)
    return out

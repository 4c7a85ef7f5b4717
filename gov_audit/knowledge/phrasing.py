"""Phrasings as parts that combine: a lexicon form compiled to one regular expression.

A form is a line of tokens separated by spaces, each one part of the phrasing:

    {receive} …24 {application} {measure}? {total}? {N}

- `{N}`: the figure itself (with its unit and approximation words), exactly once;
- `{name}`: one word of the word class `name` (the lexicon's `words:`, or the
  entry's own); `{name}?` when the part may be left out;
- `…` or `…12`: a qualifier of at most 12 characters (default `GAP`) inside the
  clause: no figure, no clause punctuation;
- anything else: literal words, `a|b` for alternatives, a trailing `?` when
  optional (`的?`, `(|（?`).

A word class is a list of words (matched literally, the longest first) or, for
the few parts words cannot list (a year), a string holding a regular
expression. So a new synonym is one word in one list, and every form that uses
the class knows it.

Each form also yields its anchors: the words of its most selective required
part. A clause holding none of an entry's anchors cannot match it, so a reader
may skip the entry without running its expression.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

MARK = "\x00"  # the figure in a masked clause
GAP = 16
# What a qualifier gap may not cross: another figure (digits and a measure word), the figure
# itself, clause punctuation.
GAP_CHARS = r"(?:(?![0-9][0-9.]*(?:件|条|个|份|宗|起|项|次|人|篇|期|场|家))[^,;:。!?？！\n\x00])"


class FormError(ValueError):
    """A form that cannot be compiled (the message names the problem)."""


@dataclass(frozen=True)
class CompiledForm:
    pattern: str  # a regular expression over a masked clause
    anchors: Optional[frozenset]  # literal words one of which every match holds; None: no literal part


def word_alternation(words) -> str:
    """Literal words as one alternation, the longest first (the regex tries them in order)."""
    words = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))
    if not words or not all(words):
        raise FormError("a word class needs non-empty words")
    return "(?:" + "|".join(regex.escape(w) for w in words) + ")"


def compile_form(form: str, classes: dict) -> CompiledForm:
    """One form as a regular expression and its anchors; `classes` maps a name to a list or a regex string."""
    tokens = form.split()
    if not tokens:
        raise FormError("an empty form")
    if tokens.count("{N}") != 1:
        raise FormError(f"form {form!r} must hold {{N}} exactly once")
    required = [t for t in tokens if not (t.endswith("?") and len(t) > 1)]
    if _is_gap(required[0]) or _is_gap(required[-1]):
        # a match could then begin (or end) with the gap: it would swallow the clause
        raise FormError(f"form {form!r} may not begin or end with a gap")
    parts, anchor_sets = [], []
    for token in tokens:
        if token == "{N}":
            parts.append(MARK)
        elif _is_gap(token):
            width = token[1:]
            if width and not width.isdigit():
                raise FormError(f"form {form!r}: a gap is … or …N, not {token!r}")
            parts.append(f"{GAP_CHARS}{{0,{int(width) if width else GAP}}}?")
        else:
            text, optional, words = _part(token, classes, form)
            parts.append(text + ("?" if optional else ""))
            if not optional and words is not None:
                anchor_sets.append(words)
    anchors = min(anchor_sets, key=_selectivity) if anchor_sets else None
    return CompiledForm("".join(parts), anchors)


def _is_gap(token: str) -> bool:
    return token.startswith("…")


def _part(token: str, classes: dict, form: str):
    """(regex, optional, literal words or None) of one token."""
    optional = token.endswith("?") and len(token) > 1
    body = token[:-1] if optional else token
    if body.startswith("{") and body.endswith("}"):
        name = body[1:-1]
        if name not in classes:
            raise FormError(f"form {form!r}: no word class {name!r}")
        value = classes[name]
        if isinstance(value, str):
            return f"(?:{value})", optional, None
        return word_alternation(value), optional, frozenset(map(str, value))
    words = body.split("|")
    if not all(words):
        raise FormError(f"form {form!r}: an empty alternative in {token!r}")
    return word_alternation(words), optional, frozenset(words)


def _selectivity(words: frozenset):
    """Fewer and longer words filter more clauses."""
    return (len(words), -min(len(w) for w in words))


def check_class(name: str, value) -> None:
    """A word class is a non-empty list of words or a regular expression string."""
    if isinstance(value, str):
        try:
            regex.compile(value)
        except regex.error as exc:
            raise FormError(f"word class {name!r}: bad pattern: {exc}") from None
        return
    if not isinstance(value, list) or not value or not all(isinstance(w, (str, int)) and str(w) for w in value):
        raise FormError(f"word class {name!r} must be a list of words or a pattern string")

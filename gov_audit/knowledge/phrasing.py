"""Phrasings as parts that combine: a lexicon form compiled to one regular expression.

A form is a line of tokens separated by spaces, each one part of the phrasing:

    {receive} …24 {application} {measure}? {total}? {N}

- `{N}`: the figure itself (with its unit and approximation words), exactly once;
- `{name}`: one word of the word class `name` (the lexicon's `words:`, or the
  entry's own); `{name}?` when the part may be left out; `{a}|{b}` one word of
  either class (a class may also stand beside literal words: `{closed}|处理`);
- `…` or `…12`: a qualifier of at most 12 characters (default `GAP`) inside the
  clause: no figure, no clause punctuation;
- anything else: literal words, `a|b` for alternatives, a trailing `?` when
  optional (`的?`, `(|（?`).

A word class is a list of words (matched literally, the longest first) or, for
the few parts words cannot list (a year), a string holding a regular
expression. So a new synonym is one word in one list, and every form that uses
the class knows it.

Each form also yields its anchors: for each required part, its words. A clause
lacking every word of some part cannot match the form, so a reader may skip
an entry none of whose forms it can match without running its expression.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

import regex

MARK = "\x00"  # the figure in a masked clause
GAP = 16
# What a qualifier gap may not cross: another figure (digits and a measure word), the figure
# itself, clause punctuation.
GAP_CHARS = r"(?:(?![0-9][0-9.]*(?:件|条|个|份|宗|起|项|次|人|篇|期|场|家))[^,;:。!?？！(\n\x00])"


class FormError(ValueError):
    """A form that cannot be compiled (the message names the problem)."""


@dataclass(frozen=True)
class CompiledForm:
    pattern: str  # a regular expression over a masked clause
    anchors: tuple  # per required part, the words one of which every match holds (empty: none known)
    # The same parts in the form's order, the figure among them as None: a match holds
    # them in this order, each after the one before (anchor_index.py).
    sequence: tuple = ()


def word_alternation(words) -> str:
    """Literal words as one alternation, the longest first (the regex tries them in order)."""
    return _alternation(tuple(str(w) for w in words))


@functools.lru_cache(maxsize=4096)  # a class is used by many forms: escaped once
def _alternation(words: tuple) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not ordered or not all(ordered):
        raise FormError("a word class needs non-empty words")
    return "(?:" + "|".join(regex.escape(w) for w in ordered) + ")"


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
    parts, anchors, sequence = [], [], []
    for token in tokens:
        if token == "{N}":
            parts.append(MARK)
            sequence.append(None)
        elif _is_gap(token):
            width = token[1:]
            if width and not width.isdigit():
                raise FormError(f"form {form!r}: a gap is … or …N, not {token!r}")
            parts.append(f"{GAP_CHARS}{{0,{int(width) if width else GAP}}}?")
        else:
            text, optional, words = _part(token, classes, form)
            parts.append(text + ("?" if optional else ""))
            if not optional and words:
                anchors.append(words)
                sequence.append(words)
    return CompiledForm("".join(parts), tuple(sorted(anchors, key=_selectivity)), tuple(sequence))


def _is_gap(token: str) -> bool:
    return token.startswith("…")


def _part(token: str, classes: dict, form: str):
    """(regex, optional, literal words or None) of one token: alternatives, each a word class or
    literal words ({receive}|{handle}: either class; 处理|{closed}: a word or a class)."""
    optional = token.endswith("?") and len(token) > 1
    body = token[:-1] if optional else token
    alternatives = body.split("|")
    if not all(alternatives):
        raise FormError(f"form {form!r}: an empty alternative in {token!r}")
    literal = [a for a in alternatives if not _is_class(a)]
    texts, words = [], set(literal)
    for name in (a[1:-1] for a in alternatives if _is_class(a)):
        text, class_words = _class(name, classes, form)
        texts.append(text)
        words = None if words is None or class_words is None else words | class_words
    if literal:
        texts.append(word_alternation(literal))
    text = texts[0] if len(texts) == 1 else "(?:" + "|".join(texts) + ")"
    return text, optional, None if words is None else frozenset(words)


def _is_class(alternative: str) -> bool:
    return alternative.startswith("{") and alternative.endswith("}")


def _class(name: str, classes: dict, form: str):
    """(regex, literal words or None) of a word class."""
    if name not in classes:
        raise FormError(f"form {form!r}: no word class {name!r}")
    value = classes[name]
    if isinstance(value, dict):  # a pattern, with the words one of which its every match holds
        return f"(?:{value['pattern']})", frozenset(map(str, value.get("anchors") or ())) or None
    if isinstance(value, str):
        return f"(?:{value})", None
    return _listed(tuple(map(str, value)))


@functools.lru_cache(maxsize=4096)  # a class is used by many forms: built once
def _listed(words: tuple):
    return _alternation(words), frozenset(words)


def _selectivity(words: frozenset):
    """Fewer and longer words filter more clauses."""
    return (len(words), -min(len(w) for w in words))


def check_class(name: str, value, compile_pattern: bool = True) -> None:
    """A word class is a non-empty list of words, a regular expression string, or
    {pattern, anchors}: a regular expression and the words one of which its every match holds.
    `compile_pattern`: whether a pattern is compiled now to be checked (the shipped lexicon's
    compile with the forms that use them, and its tests compile every form)."""
    if isinstance(value, dict):
        if set(value) - {"pattern", "anchors"} or not isinstance(value.get("pattern"), str) \
                or not all(isinstance(w, str) and w for w in value.get("anchors") or ()):
            raise FormError(f"word class {name!r}: a pattern is {{pattern: text, anchors: [words]}}")
        value = value["pattern"]
    if isinstance(value, str):
        if not compile_pattern:
            return
        try:
            regex.compile(value)
        except regex.error as exc:
            raise FormError(f"word class {name!r}: bad pattern: {exc}") from None
        return
    if not isinstance(value, list) or not value or not all(isinstance(w, (str, int)) and str(w) for w in value):
        raise FormError(f"word class {name!r} must be a list of words or a pattern string")

"""The words of report prose structures (rules/knowledge/structures.yaml), compiled once.

Units and their families, the openers of a breakdown, total words, share and
rate wording, negations, averages: what the prose mechanisms match, as data,
so a new province's wording is a YAML change. Dates, changes and 2019 table 二
keep their patterns raw (`Config.raw`) for the mechanisms that compile them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

import regex

from ...core.resources import YamlError, builtin_yaml

TOP_KEYS = {"units", "breakdown", "limits", "table_header_lines", "share_gap", "rate_gap", "rates", "negations", "restrictive", "change",
            "delta", "averages", "dates", "brackets"}


def _words_alt(words) -> str:
    words = sorted({str(w) for w in words or ()}, key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in words) or "(?!)"


@dataclass(frozen=True)
class Config:
    raw: dict
    counts: frozenset
    money: frozenset
    family: dict  # unit → family name
    whole: frozenset
    per_item: object  # regex: a per-item or average word in a clause before a figure
    opener: object  # regex
    openers_set: frozenset
    same_sentence: frozenset
    topic: object
    category: object  # regex: a category list naming its total (…政府信息的主要类别有:)
    topic_sentences: int
    time_words: object  # regex: leading words of time before a total's name (全年, 2021年)
    unopened: tuple  # (total words regex, part words regex): lists that need no opener
    list_end: object  # regex: a ;-clause starting a new statement (另有…)
    residual: tuple
    partial: tuple
    elision: tuple
    min_coverage: Decimal
    continuation: int
    total_word: object
    channel_words: tuple
    share_gap: object
    rate_gap: object
    rates: dict
    negated: dict  # rate key → regex: a negated numerator word (不予公开)
    restrictive: tuple
    averages: tuple
    list_chars: int  # limits: see structures.yaml `limits`
    candidates: int
    lookback: int
    max_remarks: int
    table_header_lines: int  # lines above a table's first row that may be its header


def _compile(path: str, text: str):
    try:
        return regex.compile(text, regex.MULTILINE)
    except regex.error as exc:
        raise YamlError(path, f"bad pattern {text!r:.60}: {exc}") from None


@functools.lru_cache(maxsize=None)
def config() -> Config:
    path = "knowledge/structures.yaml"
    try:
        return _config(path, builtin_yaml(path))
    except KeyError as exc:
        raise YamlError(path, f"missing key {exc}") from None


def _config(path: str, data) -> Config:
    if not isinstance(data, dict):
        raise YamlError(path, "expected a mapping at the top level")
    unknown = set(map(str, data)) - TOP_KEYS
    if unknown:
        raise YamlError(path, f"unknown key(s) {', '.join(sorted(unknown))}")
    units, bd = data["units"], data["breakdown"]
    family = {}
    for members in units.get("families") or ():
        for unit in members:
            family[str(unit)] = str(members[0])
    not_total = "".join(f"(?<!{regex.escape(w[:w.index('共')])})" for w in bd["not_total"] if w.index("共") > 0)
    not_total_after = "".join(f"(?!{regex.escape(w[w.index('共') + 1:])})" for w in bd["not_total"]
                              if w.index("共") + 1 < len(w))
    total_words = [w for w in bd["total_words"] if w != "共"]
    total_re = f"(?:{_words_alt(total_words)}|{not_total}共{not_total_after})" if "共" in bd["total_words"] \
        else f"(?:{_words_alt(total_words)})"
    return Config(
        raw=data,
        counts=frozenset(map(str, units["counts"])), money=frozenset(map(str, units["money"])),
        family=family, whole=frozenset(map(str, units["whole"])),
        per_item=_compile(path, f"(?:{_words_alt(units['per_item'])})\\s*$|"
                                f"{_words_alt(list(units['average_words']) + list(data['averages']))}"),
        opener=_compile(path, f"(?:{_words_alt(bd['openers'])})\\s*[:,]?\\s*"),
        openers_set=frozenset(map(str, bd["openers"])),
        same_sentence=frozenset(map(str, bd["same_sentence"])),
        topic=_compile(path, bd["topic"]),
        category=_compile(path, bd["category"]), topic_sentences=int(bd["topic_sentences"]),
        time_words=_compile(path, f"^(?:\\d{{4}}年度?|{_words_alt(bd['time_words'])})+"),
        unopened=tuple((_compile(path, _words_alt(e["total"])), _compile(path, _words_alt(e["parts"])))
                       for e in bd["unopened"]),
        list_end=_compile(path, f"\\s*(?:{_words_alt(bd['list_end_words'])})"),
        residual=tuple(map(str, bd["residual"])), partial=tuple(map(str, bd["partial"])),
        elision=tuple(map(str, bd["elision"])),
        min_coverage=Decimal(str(bd["min_coverage"])), continuation=int(bd["continuation_sentences"]),
        total_word=_compile(path, total_re),
        channel_words=tuple(map(str, bd["channel_words"])),
        share_gap=_compile(path, data["share_gap"]), rate_gap=_compile(path, data["rate_gap"]),
        rates={str(k): v for k, v in data["rates"].items()},
        negated={str(k): _compile(path, f"(?:{_words_alt(data['negations'])})(?:{_words_alt(v['numerator'])})")
                 for k, v in data["rates"].items()},
        restrictive=tuple(sorted(map(str, data["restrictive"]), key=len, reverse=True)),
        averages=tuple(sorted(map(str, data["averages"]), key=len, reverse=True)),
        list_chars=int(data["limits"]["list_chars"]), candidates=int(data["limits"]["candidates"]),
        lookback=int(data["limits"]["lookback"]), max_remarks=int(data["limits"]["max_remarks"]),
        table_header_lines=int(data["table_header_lines"]),
    )

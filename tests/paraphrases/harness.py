"""Paraphrase set for govaudit's reading of figures stated in prose.

`sentences.yaml` holds sentences as an annual report's prose would state them,
each figure labelled with the table indicator (key) it states, or `null` for a
figure that is no table indicator (a hotline count, a share, a year ...). The set
was written from how officials write these reports, not from govaudit's rules.

For every sentence this module builds small Markdown reports — a title, the
sentence on a line of its own, then the official tables of its format filled with
values — and runs govaudit on them as a black box (`extract -f jsonl` and
`check -f json`, `--isolated`, one call per folder):

RIGHT  every table relation holds, every keyed figure equals the cell(s) its key
       names (a sum key: the cells sum to it), and no other cell equals any number
       written in the sentence (so a coincidence cannot make a wrong mapping look
       right). Zero is exempt, and when a value cannot be spread (a breakdown of
       1, "均获维持") the cells that make up a keyed cell may equal it; `implies`
       states such claims that carry no figure of their own.
WRONG  one version per keyed figure: the cell(s) of that figure's key are changed
       by a clear margin, every relation and every other figure still holding
       (when the sentence's figures fix each other, the fewest others are let go).

Scores:
  mapping  each labelled figure (found by its `text`, left to right, on the
           sentence's line) gets the expected key: correct / wrong key / missed,
           and for null figures: null-keyed (a key given to a non-indicator).
  caught   in a WRONG version, a `prose_vs_table` finding (any severity) whose
           cited facts include the altered figure's position.
  clean    in a RIGHT version, no finding of any kind on the sentence's line.

    python -m tests.paraphrases.harness        # overall and per indicator
    python -m tests.paraphrases.harness -v     # and every failure with its sentence
"""
from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SENTENCES = HERE / "sentences.yaml"
FORMATS = ("2021", "2019", "2014")
DEFAULT_YEAR = {"2021": 2022, "2019": 2020, "2014": 2016}
DEFAULT_AGENCY = "某某县人民政府"

C6 = ("natural", "commercial", "research", "public_interest", "legal_service", "other_org")
DENIED = ("secret", "law", "safety", "third_party", "internal", "process", "case_file", "query")
UNABLE = ("not_held", "create", "unclear")
REJECT = ("petition", "repeat", "publication", "massive", "confirm")
OTHER21 = ("no_correction", "no_fee", "misc")
T4_BLOCKS = ("review", "lit_direct", "lit_after_review")
T4_RESULTS = ("upheld", "corrected", "other", "pending")

# ---------------------------------------------------------------------------
# Numbers written in a sentence

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "万萬"
_NUMBER_CHARS = "0123456789０１２３４５６７８９" + _CN_CHARS
_ARABIC = re.compile(r"[0-9０-９](?:[0-9０-９]|,(?=[0-9]{3}))*(?:[.．][0-9０-９]+)?")


def _chinese_number(text: str) -> int:
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch in "万萬":
            section += digit or 0
            total += section * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def figure_value(text: str) -> Fraction:
    """The number a figure's text states: 35件, ３５件, 三十五件; a sum of money in 万元, the unit of
    the tables' money cells (42.5万元, 三万元: 3; 1.2亿元: 12000; 860元: 0.086)."""
    if text.endswith("亿元"):
        scale = Fraction(10000)
    elif text.endswith("元") and not text.endswith(("万元", "萬元")):
        scale = Fraction(1, 10000)
    else:
        scale = Fraction(1)
    m = _ARABIC.search(text)
    if m:
        s = m.group().translate(_FULLWIDTH).replace(",", "")
        return Fraction(s) * scale
    # 三万元 states 3 in 万元, as 3万元 does: a 万 right before 元 is the unit's
    m = re.search(f"[{_CN_CHARS}]+?(?=[万萬]元)|[{_CN_CHARS}]+", text)
    if not m:
        raise ValueError(f"no number in figure text {text!r}")
    return Fraction(_chinese_number(m.group())) * scale


def sentence_numbers(sentence: str) -> set[Fraction]:
    """Every Arabic number written in the sentence (dates, years, shares ...)."""
    out = set()
    for m in _ARABIC.finditer(sentence):
        s = m.group().translate(_FULLWIDTH).replace(",", "").rstrip(".")
        if s:
            out.add(Fraction(s))
    return out


def locate(sentence: str, texts: list[str]) -> list[int]:
    """0-based start of each text, searched left to right, not inside a longer number."""
    out, pos = [], 0
    for text in texts:
        i = pos
        while True:
            i = sentence.find(text, i)
            if i < 0:
                raise ValueError(f"figure {text!r} not found in {sentence!r} after {pos}")
            if i == 0 or sentence[i - 1] not in _NUMBER_CHARS + ".．" or text[0] not in _NUMBER_CHARS:
                break
            i += 1
        out.append(i)
        pos = i + len(text)
    return out


# ---------------------------------------------------------------------------
# Keys

def parse_key(key: str) -> list[tuple[int, str]]:
    """'a + b - c' -> [(1,'a'), (1,'b'), (-1,'c')]."""
    terms, sign = [], 1
    for tok in re.split(r"\s*([+-])\s*", key.strip()):
        if tok == "+":
            sign = 1
        elif tok == "-":
            sign = -1
        elif tok:
            terms.append((sign, tok))
    return terms


def term_set(key: str | None, cells: list[str] | None = None) -> frozenset | None:
    """A key as a set of signed terms, wildcards expanded against `cells`."""
    if key is None:
        return None
    out = []
    for sign, term in parse_key(key):
        if "*" in term and cells is not None:
            rx = re.compile("^" + re.escape(term).replace(r"\*", r"[a-z_]+") + "$")
            out.extend((sign, c) for c in cells if rx.match(c))
        else:
            out.append((sign, term))
    return frozenset(out)


def key_name(key: str | None) -> str | None:
    if key is None:
        return None
    terms = parse_key(key)
    return " + ".join(t if s > 0 else f"- {t}" for s, t in sorted(terms, key=lambda st: st[1]))


# ---------------------------------------------------------------------------
# Table models: leaf variables, cells as sums of cells, relations

class Model:
    """The cells of one format's tables: leaf cells are free variables, the other
    cells are sums of cells. `relations` restate FORMATS.md §3 over cell values,
    independently of how the cells are computed."""

    def __init__(self, fmt: str):
        self.fmt = fmt
        self.template = (HERE / f"tables-{fmt}.md").read_text(encoding="utf-8")
        self.cells = re.findall(r"\{([a-z0-9_.]+)\}", self.template)
        self.leaves: list[str] = []
        self.kind: dict[str, str] = {}          # leaf -> int | real | signed
        self.derived: list[tuple[str, list[tuple[int, str]]]] = []
        self.parts: dict[str, list[str]] = {}   # cell -> cells that add up to it
        self.relations: list[tuple[str, str, list[tuple[int, str]]]] = []  # name, lhs, rhs terms
        self.inequalities: list[tuple[str, str, str]] = []  # name, small, big
        self.always: list[tuple[str, Fraction]] = []        # key == value on every table
        self.background: dict[str, tuple] = {}
        getattr(self, f"_build_{fmt}")()
        missing = [c for c in self.cells if c not in self.kind and c not in dict(self.derived)]
        assert not missing, missing
        self._forms: dict[str, dict[str, int]] = {}
        self._evaluate = None

    # -- building blocks
    def leaf(self, name, kind="int", bg=(0, 0, 1.0)):
        self.leaves.append(name)
        self.kind[name] = kind
        self.background[name] = bg

    def sum_cell(self, name, parts, signs=None, relation=True):
        terms = [(1 if signs is None else signs[i], p) for i, p in enumerate(parts)]
        self.derived.append((name, terms))
        if signs is None:
            self.parts[name] = list(parts)
        if relation:
            self.relations.append((f"{name} = Σ", name, terms))

    def _build_t3(self, other_rows):
        results = ["granted", "partial"] + [f"denied.{d}" for d in DENIED] + \
                  [f"unable.{u}" for u in UNABLE] + [f"reject.{r}" for r in REJECT] + other_rows
        self.t3_results = results
        for r in results:
            for c in C6:
                self.leaf(f"t3.{r}.{c}", bg=("t3", r, c))
        for r in ("carry_in", "carry_out"):
            for c in C6:
                self.leaf(f"t3.{r}.{c}", bg=("t3", r, c))
        for c in C6:
            self.sum_cell(f"t3.total.{c}", [f"t3.{r}.{c}" for r in results], relation=False)
            self.sum_cell(f"t3.new.{c}", [f"t3.total.{c}", f"t3.carry_out.{c}", f"t3.carry_in.{c}"],
                          signs=[1, 1, -1], relation=False)
        for r in ["new", "carry_in"] + results + ["total", "carry_out"]:
            self.sum_cell(f"t3.{r}.sum", [f"t3.{r}.{c}" for c in C6])
        for c in C6 + ("sum",):
            self.relations.append((f"balance[{c}]", f"t3.new.{c}",
                                   [(1, f"t3.total.{c}"), (1, f"t3.carry_out.{c}"), (-1, f"t3.carry_in.{c}")]))
            self.relations.append((f"results[{c}]", f"t3.total.{c}", [(1, f"t3.{r}.{c}") for r in results]))

    def _build_t4(self):
        for b in T4_BLOCKS:
            for r in T4_RESULTS:
                self.leaf(f"t4.{b}.{r}", bg=(0, 3, 0.6))
            self.sum_cell(f"t4.{b}.total", [f"t4.{b}.{r}" for r in T4_RESULTS])

    def _build_2021(self):
        self.leaf("t2.rules.made", bg=(0, 3, 0.6))
        self.leaf("t2.rules.repealed", bg=(0, 2, 0.7))
        self.leaf("t2.rules.valid", bg=(3, 40, 0.2))
        self.leaf("t2.normative.made", bg=(1, 30, 0.1))
        self.leaf("t2.normative.repealed", bg=(0, 12, 0.3))
        self.leaf("t2.normative.valid", bg=(20, 260, 0.0))
        self.leaf("t2.licensing.decisions", bg=(40, 9000, 0.05))
        self.leaf("t2.punishment.decisions", bg=(10, 1500, 0.05))
        self.leaf("t2.coercion.decisions", bg=(0, 60, 0.3))
        self.leaf("t2.fees.amount", kind="real", bg=(0, 900, 0.3))
        for t in ("rules", "normative"):
            self.inequalities.append((f"{t}: repealed ≤ valid + made", f"t2.{t}.repealed",
                                      f"t2.{t}.valid + t2.{t}.made"))
        self._build_t3([f"other.{o}" for o in OTHER21])
        self._build_t4()

    def _build_2019(self):
        for t, big in (("rules", 30), ("normative", 200)):
            self.leaf(f"t2.{t}.new_made", bg=(0, big // 8, 0.3))
            self.leaf(f"t2.{t}.new_published", bg=(0, big // 8, 0.3))
            self.leaf(f"t2.{t}.older_published", bg=(3, big, 0.0))
            self.sum_cell(f"t2.{t}.published_total", [f"t2.{t}.new_published", f"t2.{t}.older_published"],
                          relation=False)
            self.parts.pop(f"t2.{t}.published_total")
            self.inequalities.append((f"{t}: new_published ≤ published_total", f"t2.{t}.new_published",
                                      f"t2.{t}.published_total"))
        for row, hi in (("licensing", 400), ("other_services", 150), ("punishment", 900),
                        ("coercion", 60), ("fees", 30)):
            self.leaf(f"t2.{row}.prev_items", bg=(5, hi, 0.0))
            self.leaf(f"t2.{row}.delta", kind="signed", bg=(-4, 6, 0.3))
            if row != "fees":
                self.leaf(f"t2.{row}.decisions", bg=(0, hi * 10, 0.1))
            self.inequalities.append((f"{row}: prev_items + delta ≥ 0", "0",
                                      f"t2.{row}.prev_items + t2.{row}.delta"))
        self.leaf("t2.procurement.items", bg=(1, 60, 0.2))
        self.leaf("t2.procurement.amount", kind="real", bg=(10, 9000, 0.2))
        self._build_t3(["other"])
        self._build_t4()

    def _build_2014(self):
        L = self.leaf
        L("s.active.total", bg=(800, 30000, 0.0))
        L("s.active.normative_published", bg=(0, 60, 0.1))
        L("s.active.normative_made", bg=(0, 40, 0.2))
        for ch, hi in (("gazette", 300), ("website", 20000), ("weibo", 3000), ("weixin", 3000), ("other", 800)):
            L(f"s.channel.{ch}", bg=(0, hi, 0.2))
            self.inequalities.append((f"channel {ch} ≤ total", f"s.channel.{ch}", "s.active.total"))
        self.inequalities.append(("normative_published ≤ total", "s.active.normative_published", "s.active.total"))
        L("s.response.total", bg=(0, 60, 0.2))
        L("s.response.press", bg=(0, 25, 0.2))
        L("s.response.press_leader", bg=(0, 6, 0.4))
        L("s.response.interview", bg=(0, 20, 0.3))
        L("s.response.interview_leader", bg=(0, 5, 0.5))
        L("s.response.interpretation", bg=(0, 200, 0.2))
        L("s.response.weibo_weixin", bg=(0, 300, 0.3))
        L("s.response.other", bg=(0, 50, 0.5))
        self.inequalities.append(("press_leader ≤ press", "s.response.press_leader", "s.response.press"))
        self.inequalities.append(("interview_leader ≤ interview", "s.response.interview_leader",
                                  "s.response.interview"))
        for ch, hi in (("in_person", 30), ("fax", 3), ("online", 60), ("letter", 20)):
            L(f"s.app.{ch}", bg=(0, hi, 0.3))
        self.sum_cell("s.app.received", ["s.app.in_person", "s.app.fax", "s.app.online", "s.app.letter"])
        L("s.app.on_time", bg=(0, 80, 0.1))
        L("s.app.extended", bg=(0, 5, 0.6))
        self.sum_cell("s.app.closed", ["s.app.on_time", "s.app.extended"])
        deny = ["secret", "commercial", "privacy", "security", "not_gov_info", "other_law"]
        for d in deny:
            L(f"s.app.deny_{d}", bg=(0, 2, 0.8))
        self.sum_cell("s.app.deny", [f"s.app.deny_{d}" for d in deny])
        for r, hi in (("already_public", 10), ("grant", 40), ("partial", 8), ("not_this_agency", 8),
                      ("not_exist", 8), ("notify_correct", 4), ("other_channel", 4)):
            L(f"s.app.{r}", bg=(0, hi, 0.3))
        self.sum_cell("s.app.replied", ["s.app.already_public", "s.app.grant", "s.app.partial", "s.app.deny",
                                        "s.app.not_this_agency", "s.app.not_exist", "s.app.notify_correct",
                                        "s.app.other_channel"])
        self.always.append(("s.app.closed - s.app.replied", Fraction(0)))
        self.relations.append(("replied = closed", "s.app.replied", [(1, "s.app.closed")]))
        self.inequalities.append(("closed ≤ received", "s.app.closed", "s.app.received"))
        for b in ("review", "lit"):
            for r in ("upheld", "corrected", "other"):
                L(f"s.{b}.{r}", bg=(0, 3, 0.6))
            self.sum_cell(f"s.{b}.total", [f"s.{b}.{r}" for r in ("upheld", "corrected", "other")])
        L("s.complaints", bg=(0, 8, 0.5))
        L("s.fees", kind="real", bg=(0, 2, 0.8))
        L("s.org.units", bg=(1, 30, 0.0))
        L("s.org.reading_points", bg=(1, 40, 0.0))
        L("s.org.full_time", bg=(0, 20, 0.2))
        L("s.org.part_time", bg=(0, 60, 0.1))
        self.sum_cell("s.org.staff", ["s.org.full_time", "s.org.part_time"])
        L("s.org.budget", kind="real", bg=(0, 80, 0.3))
        L("s.meeting.meetings", bg=(0, 12, 0.2))
        L("s.meeting.classes", bg=(0, 10, 0.2))
        L("s.meeting.trainees", bg=(0, 900, 0.2))
        self.inequalities.append(("trainees ≥ classes", "s.meeting.classes", "s.meeting.trainees"))

    # -- evaluation
    def evaluate(self, x: dict) -> dict:
        """Every cell's value from the leaves' values."""
        if self._evaluate is None:
            # compiled once: a straight run of additions is much faster than a loop
            lines = ["def _evaluate(x):", "    v = {}"]
            for k in self.leaves:
                lines.append(f"    v[{k!r}] = x[{k!r}]")
            for name, terms in self.derived:
                expr = " ".join(("+" if s > 0 else "-") + f" v[{t!r}]" for s, t in terms)
                lines.append(f"    v[{name!r}] = 0 {expr}")
            lines.append("    return v")
            scope: dict = {}
            exec("\n".join(lines), scope)
            self._evaluate = scope["_evaluate"]
        return self._evaluate(x)

    def form(self, cell: str) -> dict:
        """A cell as a linear form over leaves."""
        if cell in self.kind:
            return {cell: 1}
        if cell in self._forms:
            return self._forms[cell]
        terms = dict(self.derived).get(cell)
        if terms is None:
            raise KeyError(f"unknown cell {cell!r} in format {self.fmt}")
        out: dict[str, int] = {}
        for s, t in terms:
            for v, a in self.form(t).items():
                out[v] = out.get(v, 0) + s * a
        out = {v: a for v, a in out.items() if a}
        self._forms[cell] = out
        return out

    def key_form(self, key: str) -> dict:
        out: dict[str, int] = {}
        for sign, term in parse_key(key):
            for v, a in self.form(term).items():
                out[v] = out.get(v, 0) + sign * a
        return {v: a for v, a in out.items() if a}

    def key_value(self, key: str, vals: dict):
        return sum(sign * vals[term] for sign, term in parse_key(key))

    def has_cell(self, term: str) -> bool:
        return term in self.kind or term in dict(self.derived)

    def _expr(self, expr: str, vals):
        if expr == "0":
            return 0
        return self.key_value(expr, vals)

    def violations(self, vals: dict) -> list[str]:
        """What the construction does not guarantee: signs and inequalities."""
        bad = [f"{k} < 0" for k, v in vals.items() if v < 0 and self.kind.get(k) != "signed"]
        for name, small, big in self.inequalities:
            if self._expr(small, vals) > self._expr(big, vals):
                bad.append(name)
        return bad

    def check_relations(self, vals: dict) -> list[str]:
        """Every relation of FORMATS.md §3 that this format's tables must satisfy."""
        bad = []
        for name, lhs, terms in self.relations:
            if vals[lhs] != sum(s * vals[t] for s, t in terms):
                bad.append(name)
        for name, small, big in self.inequalities:
            if self._expr(small, vals) > self._expr(big, vals):
                bad.append(name)
        for k, v in vals.items():
            if v < 0 and self.kind.get(k) != "signed":
                bad.append(f"{k} < 0")
        for key, value in self.always:
            if self.key_value(key, vals) != value:
                bad.append(f"{key} == {value}")
        return bad

    def render(self, vals: dict) -> str:
        return re.sub(r"\{([a-z0-9_.]+)\}", lambda m: fmt_number(vals[m.group(1)]), self.template)

    # -- background values
    def draw(self, leaf: str, rng: random.Random, scale: float):
        bg = self.background[leaf]
        if bg[0] == "t3":
            _, row, col = bg
            lam = scale * T3_ROW_WEIGHT.get(row, 0.01) * T3_COL_WEIGHT[col]
            return poisson(rng, lam)
        lo, hi, pzero = bg
        if rng.random() < pzero:
            zero = max(lo, 0)
            return Fraction(zero) if self.kind[leaf] == "real" else zero
        if self.kind[leaf] == "real":
            return Fraction(rng.randint(int(lo * 10), int(hi * 10)), 10)
        # log-uniform between lo and hi, so small offices and big cities both occur
        if hi > 50 and lo >= 0:
            v = int(round(math.exp(rng.uniform(math.log(max(lo, 1)), math.log(hi)))))
            return max(lo, min(hi, v))
        return rng.randint(lo, hi)

    def repair(self, x: dict, pinned: set) -> None:
        """Bring free leaves into line with the inequalities (pinned leaves stay)."""
        if self.fmt == "2014":
            chans = [x[f"s.channel.{c}"] for c in ("gazette", "website", "weibo", "weixin", "other")] + \
                    [x["s.active.normative_published"]]
            if "s.active.total" not in pinned and x["s.active.total"] < max(chans):
                x["s.active.total"] = max(chans) + random.Random(int(max(chans))).randint(1, 400)
            for lead, tot in (("s.response.press_leader", "s.response.press"),
                              ("s.response.interview_leader", "s.response.interview")):
                if x[lead] > x[tot]:
                    if lead not in pinned:
                        x[lead] = x[tot]
                    elif tot not in pinned:
                        x[tot] = x[lead] + 1
            received = sum(x[f"s.app.{c}"] for c in ("in_person", "fax", "online", "letter"))
            closed = x["s.app.on_time"] + x["s.app.extended"]
            if closed > received:
                for c in ("online", "in_person", "letter", "fax"):
                    if f"s.app.{c}" not in pinned:
                        x[f"s.app.{c}"] += closed - received
                        break
            if x["s.meeting.classes"] > x["s.meeting.trainees"] and "s.meeting.trainees" not in pinned:
                x["s.meeting.trainees"] = x["s.meeting.classes"] * 31
        if self.fmt == "2021":
            for t in ("rules", "normative"):
                if x[f"t2.{t}.repealed"] > x[f"t2.{t}.valid"] + x[f"t2.{t}.made"]:
                    if f"t2.{t}.valid" not in pinned:
                        x[f"t2.{t}.valid"] = x[f"t2.{t}.repealed"] + 7
        if self.fmt == "2019":
            for t in ("licensing", "other_services", "punishment", "coercion", "fees"):
                if x[f"t2.{t}.prev_items"] + x[f"t2.{t}.delta"] < 0 and f"t2.{t}.prev_items" not in pinned:
                    x[f"t2.{t}.prev_items"] = -x[f"t2.{t}.delta"] + 5
        if self.fmt in ("2021", "2019"):
            vals = self.evaluate(x)
            for c in C6:
                gap = -vals[f"t3.new.{c}"]
                if gap > 0:
                    for leaf, step in ((f"t3.carry_in.{c}", -1), (f"t3.carry_out.{c}", 1)):
                        if leaf not in pinned:
                            x[leaf] = x[leaf] + step * gap
                            if x[leaf] < 0:
                                x[leaf] -= step * gap
                                continue
                            break


T3_ROW_WEIGHT = {
    "granted": 0.40, "partial": 0.10,
    "denied.secret": 0.004, "denied.law": 0.02, "denied.safety": 0.004, "denied.third_party": 0.02,
    "denied.internal": 0.015, "denied.process": 0.02, "denied.case_file": 0.006, "denied.query": 0.006,
    "unable.not_held": 0.15, "unable.create": 0.03, "unable.unclear": 0.03,
    "reject.petition": 0.02, "reject.repeat": 0.03, "reject.publication": 0.006,
    "reject.massive": 0.01, "reject.confirm": 0.006,
    "other.no_correction": 0.03, "other.no_fee": 0.003, "other.misc": 0.03, "other": 0.06,
    "carry_in": 0.06, "carry_out": 0.06,
}
T3_COL_WEIGHT = {"natural": 0.78, "commercial": 0.10, "research": 0.012, "public_interest": 0.012,
                 "legal_service": 0.06, "other_org": 0.036}


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, lam ** 0.5))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def fmt_number(v) -> str:
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        s = f"{float(v):.4f}".rstrip("0").rstrip(".")
        return s
    return str(v)


_MODELS: dict[str, Model] = {}


def model(fmt: str) -> Model:
    if fmt not in _MODELS:
        _MODELS[fmt] = Model(fmt)
    return _MODELS[fmt]


# ---------------------------------------------------------------------------
# Filling a table to the sentence's figures

class Inconsistent(Exception):
    pass


@dataclass
class Constraint:
    key: str
    value: Fraction
    form: dict
    label: str = ""          # figure index, "implies", "implied" (a forced 0) or "always"


def _reduce(r: dict, rows: list) -> Fraction:
    """Eliminate the pivots of `rows` from the linear form `r` (in place); return the
    multiple of their right-hand sides taken away with them."""
    taken = Fraction(0)
    for p, prow, prhs in rows:
        c = r.get(p)
        if c:
            f = c / prow[p]
            for k, a in prow.items():
                nv = r.get(k, 0) - f * a
                if nv:
                    r[k] = nv
                else:
                    r.pop(k, None)
            taken += f * prhs
    return taken


def _eliminate(cons: list[Constraint], order: list[int], choose) -> list[tuple[str, dict, Fraction]]:
    rows: list[tuple[str, dict, Fraction]] = []
    for i in order:
        r = {v: Fraction(a) for v, a in cons[i].form.items()}
        rhs = Fraction(cons[i].value) - _reduce(r, rows)
        if not r:
            if rhs != 0:
                raise Inconsistent(cons[i].key)
            continue
        rows.append((choose(r), r, rhs))
    return rows


def consistent(cons: list[Constraint]) -> bool:
    try:
        _eliminate(cons, list(range(len(cons))), lambda r: next(iter(r)))
        return True
    except Inconsistent:
        return False


def forced_violation(m: Model, cons: list[Constraint]) -> bool:
    """An inequality broken by cells the constraints fix on their own, or a part
    stated larger than its whole."""
    if forced_zeros(m, cons) is None:
        return True
    fixed = {}
    for c in cons:
        terms = parse_key(c.key) if c.label != "always" else []
        if len(terms) == 1 and terms[0][0] == 1:
            fixed[terms[0][1]] = c.value
    for _, small, big in m.inequalities:
        sides = []
        for expr in (small, big):
            if expr == "0":
                sides.append(0)
                continue
            terms = parse_key(expr)
            if not all(t in fixed for _, t in terms):
                break
            sides.append(sum(sg * fixed[t] for sg, t in terms))
        else:
            if sides[0] > sides[1]:
                return True
    return False


def forced_cells(m: Model, cons: list[Constraint], zero: set) -> dict:
    """Cells whose linear form is a combination of the constraints' forms, with the
    value the constraints give them."""
    rows = _eliminate(cons, list(range(len(cons))), lambda r: next(iter(r)))
    span = set(zero)
    for c in cons:
        span |= set(c.form)
    out = {}
    for cell in list(m.cells) + [v for v in m.leaves if v not in m.cells]:
        form = m.form(cell)
        if not span.issuperset(form):
            continue  # a leaf no constraint touches: free
        r = {v: Fraction(a) for v, a in form.items() if v not in zero}
        value = _reduce(r, rows)
        if not r:
            out[cell] = value
    return out


def _atoms(m: Model, key: str) -> Counter | None:
    """A key as non-negative cells that nothing smaller adds up to (a sum cell is
    replaced by its parts); None for a key with a negative term."""
    out: Counter = Counter()
    todo = []
    for sign, term in parse_key(key):
        if sign < 0:
            return None
        todo.append(term)
    while todo:
        t = todo.pop()
        if t in m.parts:
            todo.extend(m.parts[t])
        else:
            out[t] += 1
    return out


def forced_zeros(m: Model, cons: list[Constraint]) -> set | None:
    """Cells that must be 0: what a constraint holds beyond the stated constraints
    inside it (disjoint, largest first) is a sum of non-negative cells; stated as
    0 it makes them all 0. None when it would be negative (parts larger than
    their whole)."""
    stated = [(c, _atoms(m, c.key)) for c in cons if c.label != "always"]
    stated = [(c, a) for c, a in stated if a is not None]
    zero: set = set()
    for b, bat in stated:
        for a, aat in stated:
            if a is not b and a.value > b.value and all(bat[t] >= k for t, k in aat.items()):
                return None
        covered: Counter = Counter()
        inner = Fraction(0)
        for a, aat in sorted(stated, key=lambda ca: -sum(ca[1].values())):
            if a is b or sum(aat.values()) >= sum(bat.values()):
                continue
            if all(bat[t] - covered[t] >= k for t, k in aat.items()):
                covered += aat
                inner += a.value
        if b.value - inner < 0:
            return None
        if b.value - inner == 0:
            zero |= {t for t, k in bat.items() if k > covered[t]}
    return zero


def solve(m: Model, cons: list[Constraint], forbid: set, allowed: set, relaxed_allowed: set,
          rng: random.Random, scale: float, base: dict | None = None, attempts: int = 300,
          strict_attempts: int = 20):
    """Leaf values meeting every constraint, relation and inequality, with no cell
    outside `allowed` equal to a value in `forbid` (or, failing that, none outside
    `allowed | relaxed_allowed`). Returns (values, relaxed) or None.

    Each attempt draws background values, spreads each constraint's value over
    several of its leaves, then solves the constraints exactly for one pivot leaf
    each (Gaussian elimination over fractions, random pivots)."""
    cons = list(cons) + [Constraint(k, v, m.key_form(k), "always") for k, v in m.always]
    if not consistent(cons):
        return None
    zero_cells = forced_zeros(m, cons)
    if zero_cells is None:
        return None
    zero = {c for c in zero_cells if c in m.kind}
    cons = cons + [Constraint(c, Fraction(0), m.form(c), "implied") for c in sorted(zero_cells - zero)]
    reduced = []
    for c in cons:
        form = {v: a for v, a in c.form.items() if v not in zero}
        if not form:
            if c.value != 0:
                return None
            continue
        reduced.append(Constraint(c.key, c.value, form, c.label))
    # cells whose value the sentence fixes by itself (a total whose every part is
    # stated) may equal a figure: that is no coincidence
    forced = forced_cells(m, cons, zero)
    if any(v < 0 and m.kind.get(c) != "signed" for c, v in forced.items()):
        return None
    for _, small, big in m.inequalities:
        terms = [t for expr in (small, big) if expr != "0" for _, t in parse_key(expr)]
        if all(t in forced for t in terms):
            if m._expr(small, forced) > m._expr(big, forced):
                return None
    allowed = allowed | set(forced)
    support = set(zero)
    for c in reduced:
        support |= set(c.form)
    stated = set(zero)  # leaves of the figures' own constraints (not the format's standing ones)
    for c in reduced:
        if c.label != "always":
            stated |= set(c.form)
    occurrences = Counter(v for c in reduced for v in c.form)
    signature = {v: tuple((i, c.form[v]) for i, c in enumerate(reduced) if v in c.form)
                 for v in sorted(support - zero) if m.kind[v] == "int"}
    signature = {v: sig for v, sig in signature.items() if sig}
    twins = defaultdict(list)
    for v, sig in signature.items():
        twins[sig].append(v)
    fallback = None
    for attempt in range(attempts):
        if fallback is not None and attempt >= strict_attempts:
            return fallback, True
        if base is not None and attempt < attempts * 3 // 10:
            x = {v: base[v] for v in m.leaves}
            if attempt > 0:  # perturb a little so that other pivots can work
                for v in rng.sample(m.leaves, k=min(8, len(m.leaves))):
                    if v not in support:
                        x[v] = m.draw(v, rng, scale)
        else:
            sparse = min(0.9, attempt / attempts)
            x = {}
            for v in m.leaves:
                val = m.draw(v, rng, scale * (1 - 0.6 * sparse))
                tries = 0
                while val in forbid and tries < 4:
                    val = m.draw(v, rng, scale)
                    tries += 1
                if val in forbid:
                    val = 0 if m.kind[v] != "real" else val + Fraction(1, 10)
                x[v] = val
            for v in stated:
                if m.kind[v] != "signed":
                    x[v] = 0
        for v in zero:
            x[v] = 0
        _spread(m, reduced, x, rng, forbid)
        m.repair(x, support)
        order = sorted(range(len(reduced)), key=lambda i: (len(reduced[i].form), rng.random()))

        def choose(r):
            unit = [v for v, a in r.items() if abs(a) == 1] or list(r)
            best = min(occurrences[v] for v in unit)
            pool = [v for v in unit if occurrences[v] == best]
            return rng.choice(pool)

        rows = _eliminate(reduced, order, choose)
        for p, r, rhs in reversed(rows):
            val = (rhs - sum(a * x[k] for k, a in r.items() if k != p)) / r[p]
            if m.kind[p] != "real":
                if val.denominator != 1:
                    STATS["fraction"] += 1
                    break
                val = int(val)
            x[p] = val
        else:
            _fix_negatives(m, x, signature, twins)
            m.repair(x, support)
            vals = m.evaluate(x)
            if any(m.key_value(c.key, vals) != c.value for c in cons):
                STATS["constraint"] += 1
                continue
            bad = m.violations(vals)
            if bad:
                STATS["relation " + bad[0]] += 1
                continue
            hits = [k for k in m.cells if vals[k] != 0 and vals[k] in forbid and k not in allowed]
            if hits:
                vals, hits = _declash(m, x, vals, support, forbid, allowed, rng, signature, twins)
                if any(m.key_value(c.key, vals) != c.value for c in cons):
                    STATS["declash broke a constraint"] += 1
                    continue
            if not hits:
                STATS["ok"] += 1
                return vals, False
            if fallback is None and all(k in relaxed_allowed for k in hits):
                fallback = vals
            STATS["coincidence"] += 1
            continue
    if fallback is not None:
        return fallback, True
    STATS["failed"] += 1
    return None


def _fix_negatives(m: Model, x: dict, signature: dict, twins: dict, rounds: int = 8) -> None:
    """Lift negative leaves and cells by moves the constraints do not see: from a
    leaf every constraint counts alike, or together with one counted oppositely."""
    for _ in range(rounds):
        vals = m.evaluate(x)
        negative = [k for k in list(m.leaves) + m.cells if vals[k] < 0 and m.kind.get(k) != "signed"]
        if not negative:
            return
        for cell in negative:
            form = m.form(cell)
            need = -m.key_value(cell, m.evaluate(x)) if cell not in m.kind else -x[cell]
            if need <= 0:
                continue
            for v, av in form.items():
                sig = signature.get(v)
                if sig is None:
                    continue
                for u in twins[sig]:
                    gain = av - form.get(u, 0)
                    if u == v or gain <= 0 or x[u] <= 0:
                        continue
                    k = min(x[u], -(-need // gain))
                    x[u] -= k
                    x[v] += k
                    need -= k * gain
                    if need <= 0:
                        break
                if need <= 0:
                    break
                for u in twins.get(_negated(sig), ()):
                    gain = av + form.get(u, 0)
                    if gain <= 0:
                        continue
                    k = -(-need // gain)
                    x[u] += k
                    x[v] += k
                    need -= k * gain
                    break
                if need <= 0:
                    break


def _negated(sig):
    return None if sig is None else tuple((i, -c) for i, c in sig)


def _declash(m: Model, x: dict, vals: dict, support: set, forbid: set, allowed: set, rng: random.Random,
             signature: dict, twins: dict, steps: int = 40):
    """Nudge leaves that no constraint touches until no cell outside `allowed` equals
    a forbidden value (a cell built only from constrained leaves cannot be helped)."""
    hits = [k for k in m.cells if vals[k] != 0 and vals[k] in forbid and k not in allowed]
    x = dict(x)
    for _ in range(steps):
        if not hits:
            break
        cell = rng.choice(hits)
        free = [v for v in m.form(cell) if v not in support and m.kind[v] == "int"]
        movable = [v for v in m.form(cell) if v in support and
                   (len(twins.get(signature.get(v), ())) > 1 or twins.get(_negated(signature.get(v))))]
        if free and (not movable or rng.random() < 0.7):
            v = rng.choice(free)
            cur = int(x[v])
            targets = [t for t in range(max(0, cur - 3), cur + 7) if t != cur and t not in forbid]
            if not targets:
                continue
            moves = [(v, rng.choice(targets) - x[v])]
        elif movable:
            # move between two leaves that every constraint counts alike
            v = rng.choice(movable)
            same = [t for t in twins.get(signature[v], ()) if t != v]
            opposite = twins.get(_negated(signature[v]), [])
            step = rng.choice((1, 1, 2, 3))
            if same and (not opposite or rng.random() < 0.5):
                u = rng.choice(same)
                if rng.random() < 0.5:
                    u, v = v, u
                moves = [(v, step), (u, -step)]
            else:  # e.g. 上年结转 and 结转下年度 of a column raised together
                u = rng.choice(opposite)
                if rng.random() < 0.5:
                    step = -step
                moves = [(v, step), (u, step)]
            if any(x[leaf] + d < 0 for leaf, d in moves):
                continue
        else:
            return vals, hits
        for leaf, d in moves:
            x[leaf] += d
        new = m.evaluate(x)
        if m.violations(new):
            for leaf, d in moves:
                x[leaf] -= d
            continue
        vals = new
        hits = [k for k in m.cells if vals[k] != 0 and vals[k] in forbid and k not in allowed]
    return vals, hits


def _spread(m: Model, cons: list[Constraint], x: dict, rng: random.Random, forbid: set) -> None:
    """Spread each constraint's value over several of its leaves (smallest first),
    so that no single cell carries a whole figure by itself; constraints already
    met inside a larger one count with their own value."""
    done: set = set()
    finished: list[Constraint] = []
    for c in sorted(cons, key=lambda c: (len(c.form), rng.random())):
        covered, inner = set(), Fraction(0)
        for d in sorted(finished, key=lambda d: -len(d.form)):
            if set(d.form) <= set(c.form) and all(c.form[v] == a for v, a in d.form.items()) \
                    and not set(d.form) & covered:
                covered |= set(d.form)
                inner += d.value
        finished.append(c)
        rest = {v: a for v, a in c.form.items() if v not in covered}
        free = [v for v in rest if v not in done and m.kind[v] != "signed"]
        r = c.value - inner - sum(a * x[v] for v, a in rest.items())
        pos = [v for v in free if c.form[v] > 0]
        if r > 0 and pos:
            weights = [_weight(m, v) for v in pos]
            share = r
            real = m.kind[pos[0]] == "real"
            k = min(len(pos), rng.randint(2, 4))
            chosen = _weighted_sample(rng, pos, weights, k)
            for i, v in enumerate(chosen):
                if i == len(chosen) - 1:
                    part = share if real else int(share)
                else:
                    for _ in range(4):
                        part = share * Fraction(rng.randint(30, 80), 100)
                        part = part if real else int(part)
                        if x[v] + part not in forbid:
                            break
                x[v] = x[v] + part if real else int(x[v] + part)
                share -= part
        elif r > 0:  # only leaves counted negatively are free: lower them
            for v in rng.sample(free, len(free)):
                if r <= 0:
                    break
                if c.form[v] < 0 and x[v] > 0:
                    d = min(x[v], r)
                    x[v] -= d
                    r -= d
        elif r < 0:
            for v in rng.sample(free, len(free)):
                if r >= 0:
                    break
                if c.form[v] > 0 and x[v] > 0:
                    d = min(x[v], -r)
                    x[v] -= d
                    r += d
                elif c.form[v] < 0:
                    x[v] = x[v] - r if m.kind[v] == "real" else int(x[v] - r)
                    r = 0
        done |= set(c.form)


STATS: Counter = Counter()  # why attempts failed (for tuning the generator)


def _weight(m: Model, v: str) -> float:
    bg = m.background[v]
    if bg[0] == "t3":
        return T3_ROW_WEIGHT.get(bg[1], 0.01) * T3_COL_WEIGHT[bg[2]] + 0.01
    return 1.0


def _weighted_sample(rng, pool, weights, k):
    pool, weights, out = list(pool), list(weights), []
    for _ in range(k):
        i = rng.choices(range(len(pool)), weights=weights)[0]
        out.append(pool.pop(i))
        weights.pop(i)
    return out


# ---------------------------------------------------------------------------
# The set

@dataclass
class Figure:
    text: str
    key: str | None
    value: Fraction
    start: int            # 0-based in the sentence
    note: str = ""
    also: str | None = None  # a second reading the sentence equally allows (处理…（含上年结转）: workload or closed)

    @property
    def end(self):
        return self.start + len(self.text)


@dataclass
class Entry:
    id: str
    format: str
    sentence: str
    figures: list[Figure]
    implies: list[tuple[str, Fraction]] = field(default_factory=list)
    year: int = 0
    agency: str = DEFAULT_AGENCY


def load(path: Path = SENTENCES) -> list[Entry]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for d in data:
        fmt = str(d["format"])
        figs = d.get("figures") or []
        starts = locate(d["sentence"], [str(f["text"]) for f in figs])
        figures = [Figure(str(f["text"]), f.get("key"),
                          Fraction(str(f["value"])) if "value" in f else figure_value(str(f["text"])),
                          s, f.get("note", ""), f.get("also")) for f, s in zip(figs, starts)]
        implies = [(i["key"], Fraction(str(i["value"]))) for i in d.get("implies") or []]
        out.append(Entry(d["id"], fmt, d["sentence"], figures, implies,
                         int(d.get("year") or DEFAULT_YEAR[fmt]), d.get("agency") or DEFAULT_AGENCY))
    return out


# ---------------------------------------------------------------------------
# Versions of each sentence's report

@dataclass
class Version:
    entry: Entry
    kind: str                 # right | wrong
    values: dict
    figure: int | None = None  # the altered figure (wrong)
    table_value: object = None  # what the table says for it (wrong)
    released: list[int] = field(default_factory=list)  # other figures the table no longer matches
    relaxed: bool = False
    name: str = ""
    constraints: list = field(default_factory=list)  # what the table was built to satisfy


def _seed(*parts) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode())


def _constraints(m: Model, e: Entry, values: dict[int, Fraction] | None = None) -> list[Constraint]:
    cons = []
    for i, f in enumerate(e.figures):
        if f.key is None:
            continue
        v = f.value if values is None or i not in values else values[i]
        cons.append(Constraint(f.key, v, m.key_form(f.key), str(i)))
    for k, v in e.implies:
        cons.append(Constraint(k, v, m.key_form(k), "implies"))
    return cons


def _allowed(m: Model, e: Entry) -> tuple[set, set]:
    allowed, relaxed = set(), set()
    keys = [f.key for f in e.figures if f.key] + [k for k, _ in e.implies]
    for key in keys:
        terms = parse_key(key)
        if len(terms) == 1:
            allowed.add(terms[0][1])
        for _, t in terms:
            relaxed.add(t)
            relaxed.update(m.parts.get(t, ()))
            # a small figure cannot always be spread: the cells of its own row and
            # column of table 三 (e.g. 本年新收 and 总计 of a column with no carry-over)
            mt = re.fullmatch(r"t3\.(.+)\.([a-z_]+)", t)
            if mt:
                row, col = mt.groups()
                for c in m.cells:
                    mc = re.fullmatch(r"t3\.(.+)\.([a-z_]+)", c)
                    if mc and (mc.group(1) == row or (col != "sum" and mc.group(2) == col)):
                        relaxed.add(c)
    for k, _ in e.implies:
        for _, t in parse_key(k):
            allowed.add(t)
    # a cell the format always keeps equal to an allowed one (申请答复数 = 申请办结数)
    for k, v in m.always:
        terms = parse_key(k)
        if v == 0 and len(terms) == 2 and terms[0][0] == -terms[1][0]:
            (_, a), (_, b) = terms
            for x, y in ((a, b), (b, a)):
                if x in allowed:
                    allowed.add(y)
                if x in relaxed:
                    relaxed.add(y)
    return allowed, relaxed


def _scale(e: Entry) -> float:
    t3 = [float(f.value) for f in e.figures if f.key and "t3." in f.key]
    rng = random.Random(_seed(e.id, "scale"))
    if t3:
        return max(t3) * rng.uniform(1.15, 1.8) + 4
    return rng.choice([14, 25, 40, 70, 160])


def right_version(e: Entry) -> Version:
    m = model(e.format)
    forbid = {v for v in sentence_numbers(e.sentence) | {f.value for f in e.figures} if v != 0}
    allowed, relaxed = _allowed(m, e)
    rng = random.Random(_seed(e.id, "right"))
    cons = _constraints(m, e)
    got = solve(m, cons, forbid, allowed, relaxed, rng, _scale(e))
    if got is None:
        raise RuntimeError(f"{e.id}: no table satisfies the figures of {e.sentence!r}")
    return Version(e, "right", got[0], relaxed=got[1], name=f"{e.id}-right", constraints=cons)


def wrong_value(v: Fraction, forbid: set, rng: random.Random, real: bool) -> list[Fraction]:
    """Candidate values that disagree with v by a clear margin."""
    d = max(Fraction(3), v * Fraction(3, 10))
    if not real:
        d = Fraction(int(d) if d.denominator == 1 else int(d) + 1)
    else:
        d = max(Fraction(1), Fraction(round(d * 10), 10))
    out = []
    for k in (1, 2, 3):
        for sign in ((1, -1) if rng.random() < 0.5 else (-1, 1)):
            w = v + sign * k * d
            if w >= 0 and w not in forbid:
                out.append(w)
    return out


def wrong_versions(e: Entry, right: Version) -> list[Version]:
    m = model(e.format)
    out = []
    keyed = [i for i, f in enumerate(e.figures) if f.key]
    numbers = {v for v in sentence_numbers(e.sentence) | {f.value for f in e.figures} if v != 0}
    allowed, relaxed = _allowed(m, e)
    for i in keyed:
        f = e.figures[i]
        rng = random.Random(_seed(e.id, "wrong", i))
        real = any(m.kind.get(v) == "real" for v in m.key_form(f.key))
        got = None
        taken = numbers | {g.value for g in e.figures}  # 0 too, when a figure says 0
        for w in wrong_value(f.value, taken, rng, real):
            forbid = numbers | {w}
            # the other figures still hold; when the figures fix each other, let
            # go of as few of them as possible (largest first)
            others = [j for j in keyed if j != i]
            for release in [[]] + [[j] for j in sorted(others, key=lambda j: -len(m.key_form(e.figures[j].key)))] \
                    + [others]:
                cons = [c for c in _constraints(m, e, {i: w})
                        if c.label == "implies" or int(c.label) not in release]
                if not consistent(cons) or forced_violation(m, cons):
                    cons = [c for c in cons if c.label != "implies"]
                    if not consistent(cons) or forced_violation(m, cons):
                        continue
                got = solve(m, cons, forbid, allowed, relaxed, rng, _scale(e), base=right.values, attempts=160,
                            strict_attempts=10 if not right.relaxed else 3)
                if got is not None:
                    break
            if got is not None:
                break
        if got is None:
            raise RuntimeError(f"{e.id}: no WRONG table for figure {f.text!r}")
        vals, rel = got
        out.append(Version(e, "wrong", vals, figure=i, table_value=m.key_value(f.key, vals),
                           released=release, relaxed=rel, name=f"{e.id}-wrong{i}", constraints=cons))
    return out


def report_text(v: Version) -> str:
    e = v.entry
    m = model(e.format)
    return (f"# {e.agency}{e.year}年政府信息公开工作年度报告\n\n"
            f"## 一、总体情况\n\n{e.sentence}\n\n" + m.render(v.values).rstrip("\n") + "\n")


SENTENCE_LINE = 5


# ---------------------------------------------------------------------------
# Running govaudit

def govaudit_command() -> list[str]:
    local = Path(sys.executable).parent / "govaudit"
    if local.exists():
        return [str(local)]
    found = shutil.which("govaudit")
    if found:
        return [found]
    return [sys.executable, "-c", "from gov_audit.cli import run; run()"]


def run_govaudit(args: list[str]) -> str:
    proc = subprocess.run(govaudit_command() + args, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"govaudit {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc.stdout


@dataclass
class Results:
    entries: list[Entry]
    rights: list[Version]
    wrongs: list[Version]
    mapping: Counter = field(default_factory=Counter)
    caught: Counter = field(default_factory=Counter)
    clean: Counter = field(default_factory=Counter)
    indicators: dict = field(default_factory=lambda: defaultdict(Counter))
    failures: dict = field(default_factory=lambda: defaultdict(list))
    table_facts: dict = field(default_factory=lambda: defaultdict(dict))  # RIGHT version -> key -> value


def build(entries: list[Entry] | None = None) -> tuple[list[Entry], list[Version], list[Version]]:
    entries = load() if entries is None else entries
    rights, wrongs = [], []
    for e in entries:
        r = right_version(e)
        rights.append(r)
        wrongs.extend(wrong_versions(e, r))
    return entries, rights, wrongs


def write_folder(folder: Path, versions: list[Version]) -> dict[str, Version]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for v in versions:
        p = folder / f"{v.name}.md"
        p.write_text(report_text(v), encoding="utf-8")
        out[str(p.resolve())] = v
    return out


def _in_span(col: int, fig: Figure) -> bool:
    return fig.start + 1 <= col <= fig.end


def run(entries: list[Entry] | None = None, keep: Path | None = None, built=None) -> Results:
    """Build the reports (or take `built` from build()), run govaudit, score."""
    entries, rights, wrongs = build(entries) if built is None else built
    res = Results(entries, rights, wrongs)
    tmp = Path(tempfile.mkdtemp(prefix="paraphrases-")) if keep is None else keep
    try:
        right_files = write_folder(tmp / "right", rights)
        wrong_files = write_folder(tmp / "wrong", wrongs)
        extract = run_govaudit(["extract", "-f", "jsonl", "--isolated", str(tmp / "right")])
        check_right = json.loads(run_govaudit(["check", "-f", "json", "--isolated", str(tmp / "right")]))
        check_wrong = json.loads(run_govaudit(["check", "-f", "json", "--isolated", str(tmp / "wrong")]))
    finally:
        if keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    _score_mapping(res, right_files, extract)
    _score_clean(res, right_files, check_right)
    _score_caught(res, wrong_files, check_wrong)
    return res


_RESOLVED: dict[str, str] = {}


def _resolve(path: str, files: dict) -> Version | None:
    if path not in _RESOLVED:
        _RESOLVED[path] = str(Path(path).resolve())
    return files.get(_RESOLVED[path])


def _score_mapping(res: Results, files: dict, extract: str) -> None:
    facts = defaultdict(list)
    for line in extract.splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if d.get("source") == "table":
            v = _resolve(d["file"], files)
            if v is not None and d.get("key"):
                res.table_facts[v.name][d["key"]] = d.get("low") if d.get("low") == d.get("high") else d.get("value")
            continue
        if d.get("source") != "prose" or d.get("line") != SENTENCE_LINE:
            continue
        v = _resolve(d["file"], files)
        if v is not None:
            facts[v.name].append(d)
    for v in res.rights:
        e = v.entry
        m = model(e.format)
        got = sorted(facts.get(v.name, []), key=lambda d: d["column"])
        used = set()
        for i, f in enumerate(e.figures):
            inside = [d for d in got if _in_span(d["column"], f)]
            keyed = [d for d in inside if d.get("key")]
            d = (keyed or inside or [None])[0]
            if d is not None:
                used.add(id(d))
            tool_key = d.get("key") if d else None
            ind = key_name(f.key) if f.key else "(null)"
            res.indicators[ind]["phrasings"] += 1
            if f.key is None:
                if tool_key:
                    res.mapping["null_keyed"] += 1
                    res.failures["null_keyed"].append((e, f, tool_key))
                else:
                    res.mapping["null_ok"] += 1
                    res.indicators[ind]["mapped"] += 1
                continue
            res.mapping["keyed"] += 1
            if not tool_key:
                res.mapping["missed"] += 1
                res.failures["missed"].append((e, f, None))
            elif any(same_key(m, key, tool_key, implied_zero(m, e)) for key in (f.key, f.also) if key):
                res.mapping["correct"] += 1
                res.indicators[ind]["mapped"] += 1
            else:
                res.mapping["wrong"] += 1
                res.indicators[ind]["wrong"] += 1
                res.failures["wrong_key"].append((e, f, tool_key))
        for d in got:
            if id(d) not in used and d.get("key"):
                res.mapping["unlabelled_keyed"] += 1
                res.failures["unlabelled_keyed"].append((e, d, d.get("key")))


def implied_zero(m: Model, e: Entry) -> set:
    """The cells the sentence itself says are 0 (`implies` a count of 0: 均为未经复议直接起诉
    says no suit came after a review): counts are never negative, so each cell of such a sum is 0."""
    zero = set()
    for key, value in e.implies:
        if value == 0:
            try:
                zero.update(m.form(key))
            except KeyError:
                pass
    return zero


def same_key(m: Model, expected: str, got: str, zero: set = frozenset()) -> bool:
    """Same set of terms (wildcards expanded), or failing that the same linear
    function of the table's cells (e.g. a group written as its rows), cells the
    sentence says are 0 left out."""
    cells = m.cells
    a, b = term_set(expected, cells), term_set(got, cells)
    if a == b:
        return True
    try:
        fa, fb = Counter(), Counter()
        for s, t in a:
            for v, c in m.form(t).items():
                fa[v] += s * c
        for s, t in b:
            for v, c in m.form(t).items():
                fb[v] += s * c
        return {k: c for k, c in fa.items() if c and k not in zero} == {k: c for k, c in fb.items() if c and k not in zero}
    except KeyError:
        return False


def _finding_lines(finding: dict) -> set:
    lines = set()
    if isinstance(finding.get("line"), int):
        lines.add(finding["line"])
    for fact in finding.get("facts") or []:
        if isinstance(fact.get("line"), int):
            lines.add(fact["line"])
    return lines


def _score_clean(res: Results, files: dict, check: dict) -> None:
    flagged = {}
    for fr in check.get("files", []):
        v = _resolve(fr["path"], files)
        if v is None:
            continue
        # an error or a warning states a discrepancy; an info remark (a reading the table also
        # allows, a list given as a hint) states none
        on_line = [f for f in fr.get("findings") or []
                   if SENTENCE_LINE in _finding_lines(f) and f.get("severity") != "info"]
        if on_line:
            flagged[v.name] = on_line
    for v in res.rights:
        res.clean["right_versions"] += 1
        if v.name in flagged:
            res.clean["flagged"] += 1
            res.failures["flagged"].append((v.entry, flagged[v.name], None))
        else:
            res.clean["clean"] += 1


def _score_caught(res: Results, files: dict, check: dict) -> None:
    by_name = {}
    for fr in check.get("files", []):
        v = _resolve(fr["path"], files)
        if v is not None:
            by_name[v.name] = fr.get("findings") or []
    for v in res.wrongs:
        e, f = v.entry, v.entry.figures[v.figure]
        ind = key_name(f.key)
        res.caught["wrong_versions"] += 1
        res.indicators[ind]["wrong_versions"] += 1
        hits = []
        for fd in by_name.get(v.name, []):
            if fd.get("kind") != "prose_vs_table":
                continue
            for fact in fd.get("facts") or []:
                if fact.get("source") == "prose" and fact.get("line") == SENTENCE_LINE \
                        and isinstance(fact.get("column"), int) and _in_span(fact["column"], f):
                    hits.append(fd)
                    break
        if hits:
            sev = "error" if any(h.get("severity") == "error" for h in hits) else \
                  "warning" if any(h.get("severity") == "warning" for h in hits) else "info"
            res.caught["caught"] += 1
            res.caught[sev] += 1
            res.indicators[ind]["caught"] += 1
        else:
            res.caught["missed"] += 1
            res.failures["not_caught"].append((e, f, v.table_value))


# ---------------------------------------------------------------------------
# Printing

def ratio(a, b) -> str:
    return f"{a}/{b} ({100 * a / b:.1f}%)" if b else f"{a}/0"


def indicator_group(name: str) -> str:
    """A family of indicators, for the summary."""
    terms = [t for t in name.split(" + ")]
    t = terms[0]
    if t.startswith("s."):
        return "2014 " + t.split(".")[1]
    if t.startswith("t2."):
        col = t.split(".")[-1]
        return "表二 2019 (新制作/新公开/总数)" if col in ("new_made", "new_published", "published_total") \
            else "表二 " + t.split(".")[1]
    if t.startswith("t4."):
        blocks = {x.split(".")[1] for x in terms}
        res = t.split(".")[2]
        what = "复议+诉讼" if len(blocks) == 3 else "复议" if blocks == {"review"} else "诉讼"
        return f"表四 {what} {'总数' if res == 'total' else '结果'}"
    row = t.split(".")[1]
    if row in ("denied", "unable", "reject", "other"):
        sub = "分组" if len(terms) > 1 else "分项"
        return f"表三 {row} {sub}" if t.count(".") == 3 else f"表三 {row}"
    if row == "new" and not t.endswith(".sum"):
        return "表三 申请人类型"
    if row in ("granted", "partial"):
        return "表三 予以公开/部分公开"
    return "表三 收到/结转/办结"


def summary(res: Results, verbose: bool = False) -> str:
    out = []
    keyed = sum(1 for e in res.entries for f in e.figures if f.key)
    nulls = sum(1 for e in res.entries for f in e.figures if not f.key)
    multi = sum(1 for e in res.entries if sum(1 for f in e.figures if f.key) >= 2)
    out.append(f"sentences {len(res.entries)} (2+ keyed figures: {multi}) · figures {keyed + nulls} "
               f"(keyed {keyed}, null {nulls}) · WRONG versions {len(res.wrongs)} · "
               f"relaxed tables {sum(v.relaxed for v in res.rights + res.wrongs)}")
    mp = res.mapping
    out.append(f"mapping: correct {ratio(mp['correct'], mp['keyed'])} · wrong key {mp['wrong']} · "
               f"missed {mp['missed']} · null figures keyed {mp['null_keyed']}/{nulls} · "
               f"keyed facts at no labelled figure {mp['unlabelled_keyed']}")
    ca = res.caught
    out.append(f"caught:  {ratio(ca['caught'], ca['wrong_versions'])} (error {ca['error']}, warning "
               f"{ca['warning']}, info {ca['info']})")
    cl = res.clean
    out.append(f"clean:   {ratio(cl['clean'], cl['right_versions'])} (flagged {cl['flagged']})")
    counts = sorted(c["phrasings"] for k, c in res.indicators.items() if k != "(null)")
    if counts:
        out.append(f"phrasings per indicator: {len(counts)} indicators, min {counts[0]}, "
                   f"median {counts[len(counts) // 2]}, max {counts[-1]}")
    out.append("")
    groups: dict = defaultdict(Counter)
    for ind, c in res.indicators.items():
        if ind != "(null)":
            groups[indicator_group(ind)].update(c)
    out.append(f"{'group':<34} {'figures':>7} {'mapped':>13} {'wrong':>6} {'caught':>13}")
    for g in sorted(groups, key=lambda g: groups[g]["mapped"] / max(1, groups[g]["phrasings"])):
        c = groups[g]
        out.append(f"{g:<34} {c['phrasings']:>7} {ratio(c['mapped'], c['phrasings']):>13} {c['wrong']:>6} "
                   f"{ratio(c['caught'], c['wrong_versions']):>13}")
    out.append("")
    out.append(f"{'indicator':<70} {'phr':>4} {'mapped':>7} {'wrong':>6} {'caught':>9}")
    for ind in sorted(res.indicators, key=lambda k: (k == "(null)", k)):
        c = res.indicators[ind]
        caught = f"{c['caught']}/{c['wrong_versions']}" if ind != "(null)" else "-"
        out.append(f"{ind[:70]:<70} {c['phrasings']:>4} {c['mapped']:>7} {c['wrong']:>6} {caught:>9}")
    if verbose:
        for kind in ("wrong_key", "missed", "null_keyed", "not_caught", "flagged", "unlabelled_keyed"):
            items = res.failures.get(kind, [])
            if not items:
                continue
            out.append("")
            out.append(f"== {kind} ({len(items)})")
            for e, f, extra in items:
                if kind == "flagged":
                    msgs = "; ".join(f"{x['kind']}/{x['severity']}: {x['message']}" for x in f)
                    out.append(f"{e.id} [{e.format}] {e.sentence}\n    {msgs}")
                elif kind == "unlabelled_keyed":
                    out.append(f"{e.id} [{e.format}] {e.sentence}\n    col {f['column']} {f['value']} -> {extra}")
                else:
                    what = {"wrong_key": f"got {extra}", "missed": "no key",
                            "null_keyed": f"got {extra}", "not_caught": f"table {fmt_number(extra)}"}[kind]
                    out.append(f"{e.id} [{e.format}] {e.sentence}\n    {f.text} expected {f.key} — {what}")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every failure with its sentence")
    ap.add_argument("--keep", type=Path, help="write the generated reports to this folder and keep them")
    ap.add_argument("--only", help="ids (comma-separated) or a regex of ids to run")
    args = ap.parse_args(argv)
    entries = load()
    if args.only:
        ids = set(args.only.split(","))
        entries = [e for e in entries if e.id in ids or re.fullmatch(args.only, e.id)]
    res = run(entries, keep=args.keep)
    print(summary(res, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())

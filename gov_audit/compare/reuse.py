"""Text a report takes from the agency's earlier reports: how much, which passages.

Each report's prose is cut in sentences (summary.py). A sentence is found
in an earlier report of the same agency when its text, every run of digits
taken as one mark, is the same there (so a sentence with this year's
figures counts), or close to one there: candidates by shared 4-character
n-grams, then rapidfuzz's ratio, which also aligns the two for the quote.
Template wording counts for nothing: the sentences every report writes
(knowledge/compare.yaml) and those found in the reports of several agencies
of the folder.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..knowledge.compare import compare_words
from .citing import Cross, cite_sentence, shorten
from .summary import ReportSummary, Sentence, masked, not_word

GRAM = 4
CLOSE = 90  # rapidfuzz ratio (0–100) from which two sentences are the same with edits
CANDIDATES = 5  # sentences sharing the most n-grams that are scored
COMMON_GRAM = 64  # an n-gram in more sentences than this says little (政府信息): not looked up


@dataclass(frozen=True)
class Match:
    sentence: Sentence  # in the later report
    other: ReportSummary  # the earlier report it is found in
    theirs: Sentence
    exact: bool  # the same characters, figures included


def counted(sentence: Sentence, common: set) -> bool:
    """A sentence of the report's own prose: not template wording."""
    return not sentence.template and sentence.masked not in common


def _shared_grams(grams: dict, text: str) -> dict:
    """entry number → n-grams it shares with `text`, by the index (common n-grams skipped)."""
    shared: dict = {}
    for gram in _grams(text):
        postings = grams.get(gram, ())
        if len(postings) > COMMON_GRAM:
            continue
        for number in postings:
            shared[number] = shared.get(number, 0) + 1
    return shared


class EarlierText:
    """The sentences of an agency's reports so far, indexed to find a later sentence in them."""

    def __init__(self):
        self.by_print: dict = {}  # masked fingerprint → [(report, sentence)], latest report first
        self.grams: dict = {}  # n-gram → [entry number]
        self.entries: list = []  # (report, sentence, masked text)

    def add(self, report: ReportSummary, common: set) -> None:
        for sentence in report.sentences:
            if not counted(sentence, common):
                continue
            self.by_print.setdefault(sentence.masked, []).insert(0, (report, sentence))
            number = len(self.entries)
            text = masked(sentence.plain)
            self.entries.append((report, sentence, text))
            for gram in _grams(text):
                self.grams.setdefault(gram, []).append(number)

    def matches(self, report: ReportSummary, common: set) -> list:
        """[Match] of a later report's own sentences found in these."""
        found = (self.find(s) for s in report.sentences if counted(s, common))
        return [m for m in found if m is not None]

    def find(self, sentence: Sentence) -> Optional[Match]:
        same = self.by_print.get(sentence.masked)
        if same:
            exact = [(r, s) for r, s in same if s.plain == sentence.plain]
            report, theirs = (exact or same)[0]
            return Match(sentence, report, theirs, bool(exact))
        return self._close(sentence)

    def _close(self, sentence: Sentence) -> Optional[Match]:
        text = masked(sentence.plain)
        grams = _grams(text)
        if not grams:
            return None
        shared = _shared_grams(self.grams, text)
        from rapidfuzz import fuzz  # imported by the runs that compare texts only

        best, best_score = None, CLOSE
        for number, count in sorted(shared.items(), key=lambda kv: (-kv[1], -kv[0]))[:CANDIDATES]:
            if count * 2 < len(grams):
                break
            score = fuzz.ratio(text, self.entries[number][2])
            if score >= best_score:
                best, best_score = number, score
        if best is None:
            return None
        report, theirs, _ = self.entries[best]
        return Match(sentence, report, theirs, False)


def _grams(text: str) -> set:
    return {text[i:i + GRAM] for i in range(len(text) - GRAM + 1)}


def reuse_share(rule, report: ReportSummary, found: list, common: set) -> list:
    """The share of a report's prose found in the agency's earlier reports, above the rule's threshold."""
    mine = [s for s in report.sentences if counted(s, common)]
    total = sum(len(s.plain) for s in mine)
    if not total or not found:
        return []
    reused = sum(len(m.sentence.plain) for m in found)
    share = reused * 100 // total
    if share < rule.params["threshold"]:
        return []
    sections = []
    for section in dict.fromkeys(s.section for s in mine if s.section):
        part = sum(len(s.plain) for s in mine if s.section == section)
        again = sum(len(m.sentence.plain) for m in found if m.sentence.section == section)
        sections.append(f"{section}、{again * 100 // part}%")
    years = sorted({m.other.year for m in found})
    longest = max(found, key=lambda m: (len(m.sentence.plain), -m.sentence.start))
    return [Cross(
        rule, report,
        f"本报告文字的 {share}% 与本机关{_years(years)}年报告相同或仅数字不同"
        + (f"（各部分：{'，'.join(sections)}）" if sections else ""),
        [share], [cite_sentence(report, longest.sentence)],
        [(cite_sentence(longest.other, longest.theirs), f"{longest.other.year}年报告")],
    )]


def _years(years: list) -> str:
    return "、".join(str(y) for y in years)


@dataclass(frozen=True)
class Passage:
    """Characters of a sentence the same, one for one, in a sentence of an earlier report."""

    sentence: Sentence
    at: int  # offset of the passage in `sentence.text`
    other: ReportSummary
    theirs: Sentence
    their_at: int
    text: str
    chars: int  # its letters and digits

    @property
    def quote(self) -> str:
        """The passage in the report's own characters."""
        quote = self.sentence.quote
        return quote[self.at:self.at + len(self.text)] if len(quote) == len(self.sentence.text) else self.text


def passages(earlier: EarlierText, sentence: Sentence, min_chars: int) -> list:
    """The passages of a sentence found verbatim in the earlier reports: the sentence itself when
    an earlier one is the same; else rapidfuzz aligns it with those sharing the most n-grams, and
    its equal blocks are the passages."""
    if len(sentence.plain) < min_chars:
        return []
    same = [(r, s) for r, s in earlier.by_print.get(sentence.masked, ()) if s.plain == sentence.plain]
    if same:
        other, theirs = same[0]
        return [Passage(sentence, 0, other, theirs, 0, sentence.text, len(sentence.plain))]
    from rapidfuzz.distance import Indel  # imported by the runs that compare texts only

    best, best_chars = [], 0
    ranked = sorted(_shared_grams(earlier.grams, masked(sentence.plain)).items(), key=lambda kv: (-kv[1], -kv[0]))
    for number, count in ranked[:CANDIDATES]:
        if count * 2 < min_chars:
            break
        other, theirs, _ = earlier.entries[number]
        found = []
        for op in Indel.opcodes(sentence.text, theirs.text):
            if op.tag != "equal" or op.src_end - op.src_start < min_chars:
                continue
            text = sentence.text[op.src_start:op.src_end]
            chars = len(not_word().sub("", text))
            if chars >= min_chars and not compare_words().is_template(text):
                found.append(Passage(sentence, op.src_start, other, theirs, op.dest_start, text, chars))
        total = sum(p.chars for p in found)
        if total > best_chars:
            best, best_chars = found, total
    return best


def repeated_passages(rule, report: ReportSummary, earlier: EarlierText, common: set) -> list:
    """Passages of the report the same, character for character, as in an earlier report."""
    found = [p for s in report.sentences if counted(s, common)
             for p in passages(earlier, s, rule.params["min_chars"])]
    shown = sorted(found, key=lambda p: (-p.chars, p.sentence.start))[:rule.params["max_per_pair"]]
    more = len(found) - len(shown)
    out = []
    for passage in sorted(shown, key=lambda p: (p.sentence.start, p.at)):
        out.append(Cross(
            rule, report,
            f"与{passage.other.year}年报告逐字相同（{passage.chars} 字）：“{shorten(passage.quote)}”"
            + (f"；另有 {more} 段相同" if more and passage is shown[-1] else ""),
            [passage.chars], [cite_sentence(report, passage.sentence, passage.at, passage.text)],
            [(cite_sentence(passage.other, passage.theirs, passage.their_at, passage.text),
              f"{passage.other.year}年报告")],
        ))
    return out

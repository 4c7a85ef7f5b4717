"""What a sentence speaks of, read from its words: the frames of the lexicon.

A frame is a question the words of a sentence answer, each answer a list of
marker words (rules/knowledge/lexicon.yaml, `frames:`):

- a scope: is the figure the agency's own information-disclosure figure?
  (`subject`: 全区 | 区政府本级, 各乡镇; `business`: 信息公开, 依申请 | 政务服务大厅,
  12345热线, 信访; `publication`: 主动公开 | 政务微博, 微信公众号). A figure whose
  nearest marker is an `out` answer is not the table's indicator.
- a choice of indicator: which case an outcome belongs to (`block`: 行政复议 |
  行政诉讼 | both), which document a 制发/废止 count is of (`document`: 规章 |
  规范性文件).

The answer for a figure is the nearest marker before the end of its phrasing,
within its sentence (a word said earlier in the sentence holds until another
answer is said); for a frame `within: clause`, since the previous figure of the
sentence (因涉及个人隐私，不予公开2件: why); `within: comma`, in the figure's
comma clause, else as the sentence's previous figure (区政府本级共受理206件，
结转下年度6件: both the sub-unit's); `within: phrase`, in the phrasing itself;
`until: start` reads only what precedes the phrasing (依靠12345热线主动公开…); a frame with `heading: true` falls back to the
headings above the sentence when the sentence says nothing. A `contrast`
answer changes meaning after another in its comma clause: 区政府本级 is the
report's own level, unless the sentence has first given 全区's figure; an answer
carried from an earlier comma clause keeps the meaning it has there (行政复议5起、
行政诉讼3起，被纠错1起: both), and after a `summing` word (合计) the contrast holds over
the whole sentence before it; a contrast `over: sentence` holds anywhere earlier in
the sentence unless an `unless` answer was said there too. `longest: true`: where a marker word and a pattern
start at one place, the longer is the marker. `neutral` words contain a marker
without being one (指导各乡镇: the sub-units are the object, not the subject).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Optional

import regex

from ..core.resources import YamlError

FRAME_KEYS = {"description", "values", "patterns", "neutral", "out", "heading", "unmarked", "within", "until",
              "contrast", "parts", "heading_unmarked", "transparent", "longest", "summing"}
NEUTRAL = ""  # the value of a neutral word: seen, then dropped
WITHIN = ("sentence", "clause", "comma", "phrase")


@dataclass(frozen=True)
class Frame:
    name: str
    word_scan: object  # WordScan: every marker word of the frame, neutral ones included
    pattern: object  # compiled: the frame's patterns as named alternatives (None: words only)
    value_of: dict  # marker word → answer (NEUTRAL for a neutral word)
    pattern_answers: dict  # group name of a pattern → answer
    out: frozenset  # answers that take a figure out of the agency's scope
    heading: bool  # the headings above the sentence answer when the sentence does not
    within: str  # where the answer is read: the sentence, the clause since the previous figure, the phrasing
    until: str  # read before the phrasing's `end` (its own words count) or its `start` (only what precedes it)
    unmarked: Optional[dict]  # {severity, hedge}: a figure the sentence and headings leave unanswered
    heading_unmarked: Optional[str] = None  # the answer under headings that have none of the markers
    transparent: frozenset = frozenset()  # answers that only anchor a contrast: never an answer themselves
    parts: bool = False  # a figure out of scope is a part of the agency's whole (a sub-unit's count)
    contrast: dict = None  # answer → ((after, means), …): it means `means` after a marker of `after`
    summing: tuple = ()  # words that sum what the sentence named before (合计): a contrast looks back to its start
    longest: bool = False  # a pattern longer than the word starting at its place is the marker

    @property
    def words(self) -> list:
        """Every marker word of the frame (not the neutral ones)."""
        return [w for w, answer in self.value_of.items() if answer != NEUTRAL]

    def markers(self, text: str, start: int = 0, end: Optional[int] = None) -> list:
        """(start, end, answer) of every marker of the frame in text[start:end], neutral words left out.

        Read left to right as one alternation would (the words, the longest first, then the
        patterns): at each place the longest word there, else the first pattern matching
        there (with `longest`, the longer of the two); the next marker starts after it."""
        end = len(text) if end is None else end
        longest = self.word_scan.longest(text, start, end)
        word_starts = sorted(longest)
        found, pos, w = [], start, 0
        hit = self.pattern.search(text, pos, end) if self.pattern is not None else None
        while True:
            while w < len(word_starts) and word_starts[w] < pos:
                w += 1
            if hit is not None and hit.start() < pos:  # none from an earlier place: none from here
                hit = self.pattern.search(text, pos, end)
            at_word = word_starts[w] if w < len(word_starts) else None
            if at_word is not None and self._word_first(at_word, longest[at_word], hit):
                pos = at_word + longest[at_word]
                answer = self.value_of[text[at_word:pos]]
                marker = (at_word, pos, answer)
            elif hit is not None:
                pos, answer = hit.end(), self.pattern_answers[hit.lastgroup]
                marker = (hit.start(), pos, answer)
            else:
                return found
            if answer != NEUTRAL:
                found.append(marker)

    def _word_first(self, at: int, length: int, hit) -> bool:
        """Whether the word of `length` at `at` is the next marker rather than the pattern's `hit`."""
        if hit is None or at < hit.start():
            return True
        return at == hit.start() and not (self.longest and hit.end() - at > length)


class WordScan:
    """Literal words found in one pass (an Aho–Corasick automaton, in C): a long alternation of
    words costs the regex engine a try of every word at every character."""

    def __init__(self, words):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for word in words:
            self.automaton.add_word(word, len(word))
        self.automaton.make_automaton()

    def longest(self, text: str, start: int, end: int) -> dict:
        """start → length of the longest word starting there, for the words inside text[start:end]."""
        found: dict = {}
        for last, length in self.automaton.iter(text, start, end):
            first = last - length + 1
            if length > found.get(first, 0):
                found[first] = length
        return found


def build_frames(data, path: str) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise YamlError(path, "`frames` maps a frame's name to its answers")
    return {str(name): _frame(str(name), spec, path) for name, spec in data.items()}


def _frame(name: str, spec, path: str) -> Frame:
    if not isinstance(spec, dict) or not isinstance(spec.get("values"), dict) or not spec["values"]:
        raise YamlError(path, f"frame {name}: needs `values`, a mapping of answers to marker words")
    unknown = set(spec) - FRAME_KEYS
    if unknown:
        raise YamlError(path, f"frame {name}: unknown key(s) {', '.join(sorted(unknown))}")
    value_of: dict = {}
    for answer, words in list(spec["values"].items()) + [(NEUTRAL, spec.get("neutral") or [])]:
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise YamlError(path, f"frame {name}: the words of {answer or 'neutral'} must be a list of words")
        for word in words:
            if value_of.setdefault(word, str(answer)) != str(answer):
                raise YamlError(path, f"frame {name}: {word!r} is a marker of two answers")
    out = frozenset(map(str, spec.get("out") or ()))
    if not out <= set(map(str, spec["values"])):
        raise YamlError(path, f"frame {name}: `out` names an answer it does not have")
    unmarked = spec.get("unmarked")
    if unmarked is not None and (not isinstance(unmarked, dict) or set(unmarked) - {"severity", "hedge"}):
        raise YamlError(path, f"frame {name}: `unmarked` is {{severity, hedge}}")
    within = spec.get("within", "sentence")
    if within not in WITHIN:
        raise YamlError(path, f"frame {name}: `within` is one of {', '.join(WITHIN)}")
    patterns, pattern_answers = _patterns(name, spec.get("patterns") or {}, set(map(str, spec["values"])), path)
    summing = spec.get("summing") or []
    if not isinstance(summing, list) or not all(isinstance(w, str) and w for w in summing):
        raise YamlError(path, f"frame {name}: `summing` is a list of words")
    try:
        # `longest`: where a word and a pattern start at one place, the longer marker is taken
        # (经行政复议后向法院起诉 is one marker, not 行政复议 then 法院); a pattern's own match too
        pattern = regex.compile(patterns, regex.POSIX if spec.get("longest") else 0) if patterns else None
    except regex.error as exc:
        raise YamlError(path, f"frame {name}: bad pattern: {exc}") from None
    return Frame(name=name, word_scan=WordScan(value_of), pattern=pattern, value_of=value_of,
                 pattern_answers=pattern_answers, out=out, longest=bool(spec.get("longest")),
                 heading=bool(spec.get("heading")), within=within, until=_until(name, spec, path), unmarked=unmarked,
                 heading_unmarked=spec.get("heading_unmarked"), parts=bool(spec.get("parts")),
                 transparent=frozenset(map(str, spec.get("transparent") or ())),
                 contrast=_contrast(name, spec.get("contrast"), set(map(str, spec["values"])), path),
                 summing=tuple(summing))


def _until(name: str, spec: dict, path: str) -> str:
    until = spec.get("until", "end")
    if until not in ("start", "end"):
        raise YamlError(path, f"frame {name}: `until` is start or end")
    return until


def _patterns(name: str, spec, answers: set, path: str):
    """The frame's regular expressions as named alternatives, and the answer of each name.

    For markers words cannot list (an agency's name: 县自然资源局)."""
    if not isinstance(spec, dict) or not set(map(str, spec)) <= answers:
        raise YamlError(path, f"frame {name}: `patterns` maps answers to regular expressions")
    text, answer_of = "", {}
    for answer, patterns in spec.items():
        for pattern in patterns if isinstance(patterns, list) else [patterns]:
            group = f"p{len(answer_of)}"
            text += f"{'|' if text else ''}(?P<{group}>{pattern})"
            answer_of[group] = str(answer)
    return text, answer_of


class Contrast(NamedTuple):
    """An answer means `means` after a marker of `after`: in its comma clause, or (`over:
    sentence`) anywhere before it in the sentence; not where a marker of an `unless`
    answer stands too (法院判决维持 after 复议后起诉的案件: the suits after a review, unless
    the direct suits were named as well)."""

    after: str
    means: str
    sentence: bool = False
    unless: tuple = ()


CONTRAST_KEYS = {"after", "means", "over", "unless"}


def _contrast(name: str, spec, answers: set, path: str) -> dict:
    """{answer: (Contrast, …)} from `contrast: {answer: [{after: …, means: …}, …]}`."""
    usage = f"frame {name}: contrast: {{answer: [{{after: answer, means: answer, over: sentence, unless: [answer]}}, …]}}"
    out = {}
    for answer, rules in (spec or {}).items():
        pairs = []
        for rule in rules if isinstance(rules, list) else [rules]:
            if not isinstance(rule, dict) or not {"after", "means"} <= set(rule) <= CONTRAST_KEYS \
                    or rule.get("over", "sentence") != "sentence":
                raise YamlError(path, usage)
            unless = rule.get("unless") or []
            unless = [unless] if isinstance(unless, str) else unless
            if not {str(answer), str(rule["after"]), str(rule["means"]), *map(str, unless)} <= answers:
                raise YamlError(path, usage)
            pairs.append(Contrast(str(rule["after"]), str(rule["means"]), "over" in rule, tuple(map(str, unless))))
        out[str(answer)] = tuple(pairs)
    return out

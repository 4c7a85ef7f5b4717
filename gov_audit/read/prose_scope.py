"""Where a prose figure stands: its sentence, the headings above it, and what its frames answer there.

Built once per report text, in time linear in its length: the sentence ends,
the heading lines and every frame's markers are found in one pass each, and a
figure's questions are answered by bisection. A one-line report of 256 KB with
thousands of figures costs no more than its length (issue 16).
"""
from __future__ import annotations

import bisect
from typing import Optional

import regex

SENTENCE_END = regex.compile(r"[。\n]")
COMMA = regex.compile(r"[,;:]")
LINE = regex.compile(r"[^\n]+")
SENTENCE_START = regex.compile(r"(?:^|(?<=[。\n]))[ \t]*", regex.MULTILINE)
NO_HEADING_CHARS = regex.compile(r"[。,;:|\d]")


class TextIndex:
    def __init__(self, text: str, frames: dict, headings: dict):
        self.text = text
        self._ends = [m.end() for m in SENTENCE_END.finditer(text)]
        self._commas = [m.end() for m in COMMA.finditer(text)]
        self._headings = _heading_spans(text, headings)
        self._heading_ends = [end for _, end in self._headings]
        self._depth = int(headings.get("depth", 2))
        self._frames = frames
        self._markers: dict = {}  # frame name → (starts, [(start, end, answer)])

    def sentence(self, offset: int) -> tuple[int, int]:
        """The bounds of the sentence holding `offset`: after a 。 or line break, through the next."""
        i = bisect.bisect_right(self._ends, offset)
        start = self._ends[i - 1] if i else 0
        end = self._ends[i] if i < len(self._ends) else len(self.text)
        return start, end

    def comma_start(self, offset: int, sentence_start: int) -> int:
        """Just after the last , ; or : before offset, within its sentence."""
        i = bisect.bisect_right(self._commas, offset)
        return max(sentence_start, self._commas[i - 1] if i else 0)

    def frames_within(self, within: str) -> list:
        return [name for name, frame in self._frames.items() if frame.within == within]

    def frame(self, name: str):
        return self._frames[name]

    def answer(self, frame_name: str, start: int, point: int, clause_start: Optional[int] = None) -> Optional[str]:
        """The frame's answer for a phrasing ending at `point`: the nearest marker from `start`
        (the sentence's, the clause's or the phrasing's) before it, else (for a frame that
        reads headings) the nearest headings' last marker. A contrast looks back to `clause_start`."""
        frame = self._frames[frame_name]
        found = self._last_marker(frame_name, start, point, start if clause_start is None else clause_start)
        if found is not None or not frame.heading:
            return found
        i = bisect.bisect_right(self._heading_ends, start)
        above = self._headings[max(0, i - self._depth):i]
        for start, end in reversed(above):
            found = self._last_marker(frame_name, start, end, start)
            if found is not None:
                return found
        return frame.heading_unmarked if above else None

    def _last_marker(self, frame_name: str, start: int, end: int, contrast_start: int) -> Optional[str]:
        starts, hits, by_answer = self._markers_of(frame_name)
        j = bisect.bisect_left(starts, end) - 1
        if j < 0 or starts[j] < start:
            return None
        answer = hits[j][2]
        if starts[j] < contrast_start:
            # an answer carried from an earlier comma clause means what it means there
            # (行政复议5起、行政诉讼3起，被纠错1起: the reviews and the lawsuits)
            contrast_start = self.comma_start(starts[j], start)
        for rule in self._frames[frame_name].contrast.get(answer, ()):
            since = start if rule.sentence else contrast_start
            if _said(by_answer.get(rule.after, ()), since, starts[j]) \
                    and not any(_said(by_answer.get(other, ()), since, starts[j]) for other in rule.unless):
                return rule.means
        return answer

    def _markers_of(self, frame_name: str):
        """The frame's markers that answer (starts, hits), and every marker's start by its answer
        (a transparent one only anchors a contrast)."""
        found = self._markers.get(frame_name)
        if found is None:
            frame = self._frames[frame_name]
            every = frame.markers(self.text)
            hits = [h for h in every if h[2] not in frame.transparent]
            by_answer: dict = {}
            for h in every:
                by_answer.setdefault(h[2], []).append(h[0])
            found = self._markers[frame_name] = ([h[0] for h in hits], hits, by_answer)
        return found


def _said(starts: list, begin: int, end: int) -> bool:
    """A marker starts in [begin, end)."""
    k = bisect.bisect_left(starts, begin)
    return k < len(starts) and starts[k] < end


def _heading_spans(text: str, config: dict) -> list:
    """(start, end) of each heading: a numbered line or sentence (up to its first 。) of at most
    max_chars, or a short line without punctuation or figures; never the report's title.
    Numbered sentences count because a report flattened to one line keeps its headings only so."""
    numbered = regex.compile(config.get("numbered") or r"(?!)")
    longest = int(config.get("max_chars", 40))
    shortest_plain = int(config.get("plain_max_chars", 14))
    title_words = tuple(config.get("not") or ())
    spans = []
    for m in SENTENCE_START.finditer(text):
        start = m.end()
        if not numbered.match(text, start):
            continue
        end = SENTENCE_END.search(text, start, start + longest + 1)
        body = text[start:end.start() if end else start + longest + 1]
        if end and "|" not in body and not any(w in body for w in title_words):
            spans.append((start, end.start()))
    for m in LINE.finditer(text):
        body = m.group().strip()
        if body and len(body) <= shortest_plain and not NO_HEADING_CHARS.search(body) \
                and not numbered.match(body) and not any(w in body for w in title_words):
            spans.append((m.start(), m.end()))
    return sorted(spans)

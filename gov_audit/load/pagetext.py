"""Text as pages and PDF extractions deliver it: metadata, page furniture, broken lines.

Why it looks like this:

- A crawler's page.txt or a saved disclosure page starts with metadata
  (标题 / 发布时间 / 索引号 …): metadata.py takes it out of the text.
- A PDF turned into text or Markdown breaks sentences and numbers over lines and
  blank lines, and puts page numbers and running headers between pages. The
  text that facts are read from removes those characters; `Document.index_map`
  then gives the original offset of every character kept, so quotes and
  positions still cite the file as written.
- Markdown: alignment rows (`|---|`) are no cells, an escaped pipe is no cell
  boundary, and a heading right above a pipe table is the table's caption (a
  label the table reader sees, as in `### 行政复议` over its five columns).
- Web-page text whose layout table put pipes around the whole body: those pipes
  are no table.
- Every pattern and word list is data (rules/knowledge/pagetext.yaml); this module holds
  the mechanisms.
"""
from __future__ import annotations

import functools
from typing import Optional

import regex

from ..core.model import Document
from ..core.resources import builtin_yaml
from ..knowledge.layout import table_line_ranges
from ..knowledge.numbering import item_start
from .metadata import PAGETEXT_YAML, read_metadata

HAN = regex.compile(r"\p{Han}")
ALIGNMENT_ROW = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
HEADING = regex.compile(r"^(\s*)(#{1,6})\s")
ESCAPED_PIPE = regex.compile(r"\\\|")
CJK_DIGIT_SPACE = regex.compile(
    r"(?<=[\p{Han}，。、；：（）“”])[ ]+(?=\d)|(?<=[\d%])[ ]+(?=[\p{Han}，。、；：（）“”])"
)
LONG_PROSE_CELL = 80
DIGIT_JOIN_MAX_LINE = 60


@functools.lru_cache(maxsize=None)
def spec() -> dict:
    """The page and joining parts of rules/knowledge/pagetext.yaml, compiled (once per process)."""
    data = builtin_yaml(PAGETEXT_YAML)
    pages = data["pages"]
    joining = data["joining"]
    return {
        "page_numbers": [regex.compile(p) for p in pages.get("page_number_lines", ())],
        "bare_digits": int(pages.get("bare_number_max_digits", 3)),
        "repeats": int(pages.get("running_header_min_repeats", 3)),
        "header_chars": int(pages.get("running_header_max_chars", 40)),
        "join_media": frozenset(joining.get("media", ())),
        "pdf_like": int(joining.get("pdf_like_page_numbers", 2)),
        "min_line": int(joining.get("min_line_chars", 18)),
        "line_end": frozenset(joining.get("line_end", "")),
        "continues_after": frozenset(joining.get("continues_after", "")),
        "continued_by": frozenset(joining.get("continued_by", "")),
        "unit_after_digit": tuple(map(str, joining.get("unit_after_digit", ()))),
        "item_start": item_start(page_text=True),
        "space_media": frozenset(data.get("cjk_digit_spaces") or ()),
    }


class _Edits:
    """Character edits on a text: blank (same length) or delete (index_map).

    A deleted character stays in `chars` as NUL (so `current()` is one join)
    and its offset is recorded in `gone`.
    """

    def __init__(self, text: str):
        self.text = text
        self.chars: Optional[list] = None
        self.gone: set = set()

    def _list(self) -> list:
        if self.chars is None:
            self.chars = list(self.text)
        return self.chars

    def blank(self, start: int, end: int) -> None:
        chars = self._list()
        for i in range(start, end):
            if i not in self.gone and chars[i] != "\n":
                chars[i] = " "

    def put(self, i: int, ch: str) -> None:
        self._list()[i] = ch

    def delete(self, start: int, end: int) -> None:
        chars = self._list()
        for i in range(start, end):
            chars[i] = "\x00"
        self.gone.update(range(start, end))

    def current(self) -> str:
        """The text with blanks applied and deleted characters still in place (as NUL)."""
        return self.text if self.chars is None else "".join(self.chars)

    def result(self) -> tuple[str, Optional[list]]:
        if self.chars is None:
            return self.text, None
        current = "".join(self.chars)
        if not self.gone:
            return current, None
        pieces, index_map, pos = [], [], 0
        for start, end in _runs(sorted(self.gone)) + [(len(current), len(current))]:
            pieces.append(current[pos:start])
            index_map.extend(range(pos, start))
            pos = end
        return "".join(pieces), index_map


def _runs(offsets: list) -> list:
    """Sorted offsets as (start, end) runs of consecutive ones."""
    runs: list = []
    for i in offsets:
        if runs and runs[-1][1] == i:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    return [(a, b) for a, b in runs]


def prepare(doc: Document) -> Document:
    """Metadata out, page furniture out, broken lines joined: a new `text` (and index_map)."""
    sp = spec()
    edits = _Edits(doc.text)
    metadata = dict(doc.metadata)
    lines = _lines(doc.text)
    read_metadata(lines, edits, metadata)
    if doc.media == "markdown":
        _markdown(lines, edits)
    _layout_pipes(lines, edits)
    current = edits.current()
    lines = _lines(current)
    table = _table_lines(current)
    pdf_like = doc.media in sp["join_media"]
    if not pdf_like and doc.media == "text":
        pdf_like = _page_number_lines(lines, table, sp) >= sp["pdf_like"]
    if pdf_like:
        removed = _page_furniture(lines, table, edits, sp)
        _join_broken_lines(lines, table, removed, edits, sp)
    if pdf_like or doc.media in sp["space_media"]:
        for m in CJK_DIGIT_SPACE.finditer(current):
            edits.delete(m.start(), m.end())
    text, index_map = edits.result()
    doc.metadata = metadata
    if text is doc.text or (index_map is None and text == doc.text):
        return doc
    if index_map is not None and doc.index_map is not None:
        index_map = [doc.index_map[i] for i in index_map]
    elif index_map is None:
        index_map = doc.index_map
    doc.text = text
    doc.index_map = index_map
    return doc


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _table_lines(text: str) -> set:
    return {start for start, _ in table_line_ranges(text)}



# ---------------------------------------------------------------- markdown and layout


def _markdown(lines, edits: _Edits) -> None:
    """Alignment rows blanked, escaped pipes kept as text, headings over tables as captions."""
    piped = []
    for start, end, line in lines:
        if ALIGNMENT_ROW.match(line) and "-" in line:
            edits.blank(start, end)
            piped.append(True)
            continue
        for m in ESCAPED_PIPE.finditer(line):
            edits.put(start + m.start(), " ")
            edits.put(start + m.start() + 1, "/")
        piped.append("|" in ESCAPED_PIPE.sub("", line))
    for n, (start, end, line) in enumerate(lines):
        m = HEADING.match(line)
        if not m:
            continue
        k = n + 1
        while k < len(lines) and not lines[k][2].strip():
            k += 1
        if k < len(lines) and piped[k] and not ALIGNMENT_ROW.match(lines[k][2]):
            first = start + len(m.group(1))
            edits.put(first, "|")
            for i in range(first + 1, first + len(m.group(2))):
                edits.put(i, " ")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("|") if c.strip()]


def _layout_pipes(lines, edits: _Edits) -> None:
    """Pipes of a page layout table around a whole paragraph of text are no table."""
    layout = [False] * len(lines)
    for n, (_, _, line) in enumerate(lines):
        if "|" not in line:
            continue
        cells = _cells(line)
        if len(cells) == 1 and len(cells[0]) >= LONG_PROSE_CELL and "。" in cells[0]:
            layout[n] = True
    for n, is_layout in enumerate(layout):
        if not is_layout:
            continue
        _unpipe(lines[n], edits)
        for step in (-1, 1):
            k = n + step
            while 0 <= k < len(lines) and not layout[k]:
                line = lines[k][2]
                if "|" not in line:
                    if line.strip():
                        break
                    k += step
                    continue
                cells = _cells(line)
                if len(cells) > 1 or (cells and parse_number_cell(cells[0])):
                    break
                _unpipe(lines[k], edits)
                k += step


def _unpipe(line_info, edits: _Edits) -> None:
    start, _, line = line_info
    for i, ch in enumerate(line):
        if ch == "|":
            edits.put(start + i, " ")


def parse_number_cell(text: str) -> bool:
    return bool(regex.fullmatch(r"[-+]?\d[\d,.]*%?", text.strip()))


# ---------------------------------------------------------------- pages


def _page_number_lines(lines, table: set, sp: dict) -> int:
    return sum(1 for start, _, line in lines
               if start not in table and any(p.match(line.strip()) for p in sp["page_numbers"]))


def _page_furniture(lines, table: set, edits: _Edits, sp: dict) -> set:
    """Delete page-number lines and running headers; return the line indexes removed."""
    removed = set()
    counts: dict[str, int] = {}
    for start, _, line in lines:
        stripped = line.strip()
        if stripped and start not in table and len(stripped) <= sp["header_chars"]:
            counts[stripped] = counts.get(stripped, 0) + 1
    for n, (start, end, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped or start in table:
            continue
        furniture = any(p.match(stripped) for p in sp["page_numbers"])
        if not furniture and stripped.isdigit() and len(stripped) <= sp["bare_digits"]:
            before = n == 0 or not lines[n - 1][2].strip()
            after = n + 1 >= len(lines) or not lines[n + 1][2].strip()
            furniture = before and after
        if (not furniture and counts.get(stripped, 0) >= sp["repeats"]
                and len(HAN.findall(stripped)) >= 4 and not sp["item_start"].match(stripped)):
            furniture = True
        if furniture:
            edits.delete(start, min(end + 1, len(edits.text)))
            removed.add(n)
    return removed


def _join_broken_lines(lines, table: set, removed: set, edits: _Edits, sp: dict) -> None:
    """A sentence (or a number) broken over lines or blank lines is one sentence again."""
    content = [n for n, (start, _, line) in enumerate(lines) if line.strip() and n not in removed]
    for a, b in zip(content, content[1:]):
        a_start, a_end, a_line = lines[a]
        b_start, b_end, b_line = lines[b]
        if a_start in table or b_start in table:
            continue
        left, right = a_line.rstrip(), b_line.lstrip()
        if "\x00" in left[-1:] or "\x00" in right[:1]:
            continue
        if not _breaks_inside(left, right, sp):
            continue
        cut_from = a_start + len(left)
        cut_to = b_start + (len(b_line) - len(right))
        edits.delete(cut_from, cut_to)


def _breaks_inside(left: str, right: str, sp: dict) -> bool:
    stripped = left.strip()
    if len(stripped) < sp["min_line"] or sp["item_start"].match(right):
        return False
    if sp["item_start"].match(stripped) and len(stripped) < 40:
        return False  # a numbered heading
    last, first = left[-1], right[0]
    if last in sp["line_end"]:
        return False
    if last.isdigit() and first.isdigit():
        return len(stripped) <= DIGIT_JOIN_MAX_LINE
    if last.isdigit():
        return right.startswith(sp["unit_after_digit"])  # a figure and its unit
    if HAN.match(last) or last in sp["continues_after"]:
        return bool(HAN.match(first) or first.isdigit() or first in sp["continued_by"])
    return False

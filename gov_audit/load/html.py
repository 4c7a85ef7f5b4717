"""Read a report saved as an HTML page into a Document.

Why it looks like this:

- lxml's HTML parser (libxml2) reads the broken markup real pages have, and its
  elements carry `sourceline`, so every finding can cite the line of the .html
  file; the column is found by looking the text up on that line (best effort:
  an entity such as &nbsp; in the first characters leaves it at column 1).
  lxml is imported here only, so plain-text reports never pay for it.
- The bytes are decoded by text.decode_bytes: a byte-order mark first, then the
  page's own <meta charset>, then the plain-text detection (UTF-8, GB18030).
- The article is the page minus scripts, styles, navigation and page chrome
  (rules/knowledge/html.yaml names them); paragraphs, headings and line breaks end lines.
- A table becomes a grid with rowspan/colspan expanded: a merged LABEL cell is
  repeated into every row and column it spans (the parent label 三、本年度办理结果
  applies to each of its 22 rows), a NUMBER spanning columns or rows is placed
  once and the other positions stay empty, so values never shift. A table used
  for page layout (it holds other tables, or whole paragraphs) is read as blocks.
  The grid goes into the text as pipe rows, which the table reader reads like any
  other pipe table.
- Metadata (标题, 发布机构, 公开日期, a metadata table at the top) is found by
  metadata.py in the text built here, like in any other page text; CMS <meta>
  tags (PubDate, ArticleTitle …) are read here.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

import regex

from ..core.model import Document
from ..core.resources import builtin_yaml
from ..knowledge.templates import templates
from .files import InputError
from .limits import grid_problem
from .metadata import normalize_date
from .text import decode_bytes, document_from_text
from .textbuild import SourceCell, TextBuilder

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
SPACE = regex.compile(r"\s+")
HAN = regex.compile(r"\p{Han}")
WORD = regex.compile(r"[A-Za-z][A-Za-z0-9]*")
NEEDLE_BAD = "\u00a0&<>\"'"


@functools.lru_cache(maxsize=None)
def spec() -> dict:
    data = builtin_yaml("knowledge/html.yaml")
    return {
        "drop": frozenset(data["drop_tags"]),
        "chrome_tags": frozenset(("nav", "header", "footer", "aside")),
        "article": frozenset(data.get("article_tags", ("article", "main"))),
        "chrome_words": frozenset(w.lower() for w in data["chrome_words"]),
        "chrome_max": int(data.get("chrome_max_chars", 2000)),
        "block": frozenset(data["block_tags"]),
        "layout_columns": int(data.get("layout_max_columns", 3)),
        "layout_chars": int(data.get("layout_cell_chars", 300)),
        "max_span": int(data.get("max_span", 200)),
        "meta_names": {str(k).lower(): v for k, v in (data.get("meta_names") or {}).items()},
    }


def declared_charset(raw: bytes) -> Optional[str]:
    """The charset a page declares in its first bytes (<meta charset> or http-equiv)."""
    m = CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def html_document(path: str, raw: bytes) -> Document:
    text, encoding = decode_bytes(path, raw, declared_charset(raw))
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    root = _parse(path, source)
    reader = _Reader(source)
    meta = reader.meta_tags(root)
    body = root.find("body")
    reader.walk(body if body is not None else root)
    built = reader.builder.text()
    if not built.strip():
        raise InputError(path, "no text in this HTML page")
    doc = document_from_text(built, path=path, media="html", encoding=encoding)
    doc.position_map = reader.builder.position_map()
    doc.notes.extend(reader.notes)
    for key, value in meta.items():
        doc.metadata.setdefault(key, value)
    return doc


def _parse(path: str, source: str):
    """The page's element tree: lxml's HTML parser (libxml2), plain elements (lxml.html's
    element classes cost a Python call for every element the reader touches)."""
    import lxml.etree

    source = XML_DECL.sub("", source, count=1)
    try:
        root = lxml.etree.fromstring(source, _html_parser())
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(path, f"cannot parse HTML: {exc}") from None
    if root is None:
        raise InputError(path, "cannot parse HTML: Document is empty")
    return root


@functools.lru_cache(maxsize=None)
def _html_parser():
    import lxml.etree

    return lxml.etree.HTMLParser()


class _Reader:
    """Walks the element tree in document order, feeding a TextBuilder."""

    def __init__(self, source: str):
        self.sp = spec()
        self.builder = TextBuilder()
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.cursor = 0
        self.line_open = False  # text was added since the last line end
        self.notes: list = []  # tables past a bound (limits.py), for the file's notes

    # ---------------------------------------------------------- positions

    def locate(self, text: str, line: Optional[int]) -> tuple[int, int]:
        """(line, column) of a piece of text, searched from its element's line on."""
        line = line or 1
        needle = text.strip()[:8]
        for bad in NEEDLE_BAD:
            cut = needle.find(bad)
            if cut != -1:
                needle = needle[:cut]
        if len(needle) >= 1:
            begin = max(self.cursor, self.line_starts[min(line, len(self.line_starts)) - 1])
            found = self.source.find(needle, begin, begin + 20000)
            if found != -1:
                self.cursor = found + len(needle)
                n = _bisect(self.line_starts, found)
                return n + 1, found - self.line_starts[n] + 1
        return line, 1

    # ---------------------------------------------------------- metadata

    def meta_tags(self, root) -> dict:
        found: dict = {}
        for meta in root.iter("meta"):
            name = (meta.get("name") or meta.get("property") or "").strip().lower()
            key = self.sp["meta_names"].get(name)
            content = " ".join((meta.get("content") or "").split())
            if not key or not content:
                continue
            if key in ("published", "written"):
                date = normalize_date(content)
                if date:
                    found.setdefault(key, date)
            else:
                found.setdefault(key, content)
        title = root.find(".//title")
        if title is not None and title.text and title.text.strip():
            found.setdefault("page_title", " ".join(title.text.split()))
        return found

    # ---------------------------------------------------------- blocks

    def end_line(self) -> None:
        if self.line_open:
            self.builder.newline()
            self.line_open = False

    def inline(self, text: Optional[str], line: Optional[int]) -> None:
        if not text:
            return
        text = SPACE.sub(" ", text)
        if not self.line_open:
            text = text.lstrip()
        if not text.strip():
            if self.line_open and text:
                self.builder.add(" ", *self._at(line))
            return
        at_line, column = self.locate(text, line)
        self.builder.add(text, at_line, column)
        self.line_open = True

    def _at(self, line: Optional[int]) -> tuple[int, int]:
        return (line or 1), 1

    def walk(self, el, in_article: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # comment or processing instruction: only its tail is text
            return
        tag = tag.lower()
        if self._dropped(el, tag, in_article):
            return
        in_article = in_article or tag in self.sp["article"]
        if tag == "table":
            self.end_line()
            self.table(el, in_article)
            self.end_line()
            return
        block = tag in self.sp["block"]
        if block:
            self.end_line()
        self.inline(el.text, el.sourceline)
        for child in el:
            self.walk(child, in_article)
            self.inline(child.tail, child.sourceline)
        if block:
            self.end_line()

    def _dropped(self, el, tag: str, in_article: bool) -> bool:
        sp = self.sp
        if tag in sp["drop"]:
            return True
        if tag in sp["chrome_tags"] and not in_article:
            return True
        if el.get("hidden") is not None:
            return True
        style = (el.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
        if tag in ("body", "html"):
            return False
        words = {w.lower() for attr in ("class", "id") for w in WORD.findall(el.get(attr) or "")}
        if words & sp["chrome_words"]:
            return len(_text_of(el)) <= sp["chrome_max"]
        return False

    # ---------------------------------------------------------- tables

    def table(self, table, in_article: bool) -> None:
        rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
        cells = [[c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")] for tr in rows]
        self.texts = {}  # a cell's text, asked for by the layout test and the grid
        if self._is_layout(table, cells):
            for row in cells:
                for cell in row:
                    self.walk_children(cell, in_article)
            return
        problem = self.too_large(table, cells)
        if problem:
            self.notes.append(problem)
            return
        grid = self.grid(cells)
        if any(any(c is not None for c in row) for row in grid):
            self.builder.add_table(grid)

    def walk_children(self, el, in_article: bool) -> None:
        self.end_line()
        self.inline(el.text, el.sourceline)
        for child in el:
            self.walk(child, in_article)
            self.inline(child.tail, child.sourceline)
        self.end_line()

    def _is_layout(self, table, cells) -> bool:
        width = max((sum(_span(c, "colspan", self.sp["max_span"]) for c in row) for row in cells), default=0)
        nested = any(t is not table for t in table.iter("table"))
        long_cell = any(len(self.text_of(c)) > self.sp["layout_chars"] for row in cells for c in row)
        if nested:
            return width <= self.sp["layout_columns"] or long_cell
        return long_cell and width <= 2

    def too_large(self, table, cells) -> Optional[str]:
        """Why the table is not expanded (limits.py), or None: its cells and the characters
        of its repeated labels counted as the grid would hold them, before it is built."""
        limit, n_rows = self.sp["max_span"], len(cells)
        area = characters = width = 0
        for r, row in enumerate(cells):
            columns = 0
            for cell in row:
                span = min(_span(cell, "rowspan", limit), n_rows - r) * _span(cell, "colspan", limit)
                area += span
                characters += span * max(1, len(_text_of(cell)))
                columns += _span(cell, "colspan", limit)
            width = max(width, columns)
        return grid_problem(f"line {table.sourceline}", max(area, n_rows * width), characters)

    def grid(self, cells) -> list[list[Optional[SourceCell]]]:
        """rowspan/colspan expanded: labels repeated, figures placed once."""
        limit = self.sp["max_span"]
        placed: dict = {}
        n_rows = len(cells)
        width = 0
        for r, row in enumerate(cells):
            c = 0
            for cell in row:
                while (r, c) in placed:
                    c += 1
                rowspan = min(_span(cell, "rowspan", limit), n_rows - r)
                colspan = _span(cell, "colspan", limit)
                source = self.cell(cell)
                repeat = source is not None and not source.numeric
                for dr in range(rowspan):
                    for dc in range(colspan):
                        first = dr == 0 and dc == 0
                        placed[(r + dr, c + dc)] = source if (first or repeat) else None
                c += colspan
                width = max(width, c)
        return [[placed.get((r, c)) for c in range(width)] for r in range(n_rows)]

    def text_of(self, cell) -> str:
        text = self.texts.get(cell)
        if text is None:
            text = self.texts[cell] = _text_of(cell)
        return text

    def cell(self, cell) -> Optional[SourceCell]:
        text = self.text_of(cell)
        if not text:
            return None
        line, column = self.locate(text, cell.sourceline)
        return SourceCell(text, line, column, numeric=not _is_label(text))


SKIP_IN_CELLS = frozenset(("script", "style", "noscript", "template"))
BREAK_IN_CELLS = frozenset(("br", "p", "div", "td", "th", "li", "tr"))


def _text_of(el) -> str:
    """An element's text, whitespace collapsed, without scripts and styles."""
    if not len(el) and isinstance(el.tag, str) and el.tag.lower() not in SKIP_IN_CELLS:
        return " ".join((el.text or "").split())  # a cell with no element inside: most are
    parts: list = []

    def visit(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if tag is None or tag in SKIP_IN_CELLS:
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)
        if tag in BREAK_IN_CELLS:
            parts.append(" ")

    visit(el)
    return " ".join("".join(parts).split())


def _is_label(text: str) -> bool:
    """Chinese text that is not a word for "no figure" (无, 暂无): repeated over its merged span."""
    return bool(HAN.search(text)) and text not in templates()["blank_markers"]["none"]


def _owner(tr):
    for ancestor in tr.iterancestors():
        if isinstance(ancestor.tag, str) and ancestor.tag.lower() == "table":
            return ancestor
    return None


def _span(cell, name: str, limit: int) -> int:
    if cell.get(name) is None:
        return 1
    try:
        value = int(str(cell.get(name, "1")).strip().split(".")[0] or 1)
    except ValueError:
        return 1
    return max(1, min(value, limit))


def _bisect(starts: list, offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1

"""Read a Word (.docx) report into a Document: paragraphs and tables in document order.

Why it looks like this:

- python-docx (MIT) opens the package; the body is walked as XML, so that
  paragraphs and tables come out interleaved as they stand in the document,
  content controls (w:sdt) are looked into, and merges are read exactly:
  `gridSpan` (columns) and `vMerge` (rows), with `gridBefore` skipped columns.
- Merged cells follow the grid policy of every structured loader: a label is
  repeated into every row and column it spans, a figure is placed once.
- A one-column table is a box around text (a layout frame), not a statistical
  table: its paragraphs and tables are read as body. A table nested in a cell
  of a real table comes right after the table that holds it.
- List numbers that Word draws (一、 （一） 1.) are not in the text runs; they
  are rendered from numbering.xml for the common formats, so sections keep
  their numbers.
- Positions: page None (a .docx has no fixed pages); line = the paragraph's
  number, 1-based, counting every body paragraph and every table row as one
  line in the order they are read (a nested table's rows after the rows of the
  table that holds it); column = character offset + 1 in that paragraph, or in
  a table row in its cells' text joined by one tab. A list number Word draws is
  not counted.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Optional

from ..core.model import Document
from .files import InputError
from .limits import MAX_DOCX_XML_BYTES, grid_problem
from .text import document_from_text
from .textbuild import BARS, SourceCell, TextBuilder, blank_lines, is_value, joiner

MAX_UNPACKED = 200 * 1024 * 1024  # a real report unpacks to a few MiB

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_TAGS = {W + "t": None, W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


@dataclass
class Cell:
    text: str
    r0: int
    c0: int
    c1: int
    r1: int = 0
    column: int = 1  # 1-based offset of its text in the row's text
    row_line: int = 0
    nested: list = field(default_factory=list)  # w:tbl elements inside it


def docx_document(path: str, raw: bytes) -> Document:
    """The Document of a .docx report (see the module docstring)."""
    body, numbering = _open(path, raw)
    reader = _Reader(numbering)
    reader.flow(body)
    doc = document_from_text(reader.builder.text(), path, media="docx", encoding="docx")
    doc.position_map = reader.builder.position_map()
    doc.notes.extend(reader.notes)
    doc.metadata["paragraphs"] = reader.line
    return doc


def refuse_legacy_word(path: str, raw: bytes) -> Document:
    """A .doc or .wps file (an OLE container): not read, the user is told what to do."""
    raise InputError(path, "legacy Word format (.doc/.wps) is not supported: save it as .docx")


def _open(path: str, raw: bytes):
    import docx  # imported only when a .docx comes

    try:
        import zipfile
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
            text_part = max((info.file_size for info in package.infolist()
                             if info.filename.lower().endswith("document.xml")), default=0)
        if unpacked > MAX_UNPACKED:
            raise InputError(path, f"the .docx unpacks to {unpacked} bytes, more than {MAX_UNPACKED}")
        if text_part > MAX_DOCX_XML_BYTES:
            raise InputError(path, f"the .docx text (word/document.xml) unpacks to {text_part} bytes, "
                                   f"more than {MAX_DOCX_XML_BYTES} ({MAX_DOCX_XML_BYTES // 2**20} MiB)")
        document = docx.Document(io.BytesIO(raw))
        numbering = _Numbering(document)
        return document.element.body, numbering
    except InputError:
        raise
    except Exception as exc:  # zip, package and XML errors of a damaged file
        reason = str(exc).strip() or type(exc).__name__
        raise InputError(path, f"damaged or invalid .docx, cannot read it ({reason[:120]})") from None


class _Reader:
    def __init__(self, numbering):
        self.builder = TextBuilder()
        self.numbering = numbering
        self.line = 0
        self.notes: list = []  # tables past a bound (limits.py), for the file's notes

    def flow(self, parent) -> None:
        """Paragraphs and tables under a body, cell or content control, in order."""
        for child in parent.iterchildren():
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.flow(content)

    def paragraph(self, p) -> None:
        self.line += 1
        text = paragraph_text(p)
        label = self.numbering.label(p)
        if not text.strip() and not label:
            return
        if label:
            self.builder.add(label, self.line, 1)
        self.builder.add(text.translate(BARS), self.line, 1)
        self.builder.newline()

    def table(self, tbl) -> None:
        rows, width = _grid(tbl)
        problem = _too_large(rows, width, self.line + 1)
        if problem:
            self.notes.append(problem)
            self.line += len(rows)
            return
        if width <= 1:  # a frame around text: its content is body
            for row in tbl.iterchildren(W + "tr"):
                for tc in row.iterchildren(W + "tc"):
                    self.flow(tc)
            return
        nested = []
        cells: list[Cell] = []
        for row in rows:
            self.line += 1
            for cell in row:
                cell.row_line = self.line
                cells.append(cell)
                nested.extend(cell.nested)
        grid: list = [[None] * width for _ in range(len(rows))]
        for cell in cells:
            if not cell.text:
                continue
            source = SourceCell(cell.text.translate(BARS), cell.row_line, cell.column, None,
                                numeric=is_value(cell.text))
            if source.numeric:
                grid[cell.r0][cell.c0] = source
            else:
                for r in range(cell.r0, cell.r1):
                    for c in range(cell.c0, cell.c1):
                        grid[r][c] = source
        grid = [row for row in grid if any(c is not None for c in row)]
        if grid:
            blank_lines(self.builder)
            self.builder.add_table(grid)
            blank_lines(self.builder)
        for inner in nested:
            self.table(inner)


def _too_large(rows: list, width: int, line: int):
    """Why a table is not expanded (limits.py), or None: its grid and the characters of its
    repeated labels counted before anything is built (gridSpan may say 100000)."""
    cells = len(rows) * width
    characters = sum((c.r1 - c.r0) * (c.c1 - c.c0) * max(1, len(c.text)) for row in rows for c in row)
    return grid_problem(f"line {line}", cells, characters)


def paragraph_text(p) -> str:
    """The visible text of a paragraph (runs, hyperlinks, insertions; not deletions)."""
    parts = []
    for el in p.iter(*TEXT_TAGS):
        fixed = TEXT_TAGS[el.tag]
        parts.append(el.text or "" if fixed is None else fixed)
    return "".join(parts)


def _grid(tbl) -> tuple[list, int]:
    """Rows of Cells with their spans; vMerge continuations folded into the cell above."""
    rows: list[list[Cell]] = []
    open_cells: dict = {}  # grid column → the cell a vMerge continues
    width = 0
    for r, tr in enumerate(tbl.iterchildren(W + "tr")):
        column = _int(tr, "gridBefore")
        row: list[Cell] = []
        offset = 1
        for tc in _row_cells(tr):
            span = max(1, _int(tc, "gridSpan"))
            merge = _vmerge(tc)
            text, nested = _cell_content(tc)
            if merge == "continue" and column in open_cells:
                above = open_cells[column]
                above.r1 = r + 1
            else:
                cell = Cell(text, r, column, column + span, r + 1, offset, nested=nested)
                row.append(cell)
                for c in [c for c in open_cells if column <= c < column + span]:  # span may be huge
                    del open_cells[c]
                if merge == "restart":
                    open_cells[column] = cell
            offset += len(text) + 1
            column += span
        width = max(width, column)
        rows.append(row)
    return rows, width


def _row_cells(tr):
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag == W + "sdt":  # a content control around cells
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from content.iterchildren(W + "tc")


def _cell_content(tc) -> tuple[str, list]:
    """A cell's paragraphs joined (no space between Chinese lines) and its nested tables."""
    text = ""
    nested = []
    for child in tc.iter(W + "p", W + "tbl"):
        if child.tag == W + "tbl":
            if child.getparent() is tc or _owner_cell(child) is tc:
                nested.append(child)
            continue
        if _owner_cell(child) is not tc:
            continue  # a paragraph of a nested table
        part = paragraph_text(child).strip()
        if part:
            text = text + joiner(text, part) + part if text else part
    return text, nested


def _owner_cell(el):
    parent = el.getparent()
    while parent is not None and parent.tag != W + "tc":
        parent = parent.getparent()
    return parent


def _int(el, name: str) -> int:
    pr = el.find(W + ("trPr" if el.tag == W + "tr" else "tcPr"))
    node = pr.find(W + name) if pr is not None else None
    try:
        return int(node.get(W + "val")) if node is not None else 0
    except (TypeError, ValueError):
        return 0


def _vmerge(tc) -> Optional[str]:
    pr = tc.find(W + "tcPr")
    node = pr.find(W + "vMerge") if pr is not None else None
    if node is None:
        return None
    return "restart" if node.get(W + "val") == "restart" else "continue"


# ---------------------------------------------------------------- list numbers


CHINESE = "零一二三四五六七八九"
NUMBER_FORMATS = {  # Word's numFmt → how it writes a list number

    "decimal": lambda n: str(n),
    "decimalZero": lambda n: f"{n:02d}",
    "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1),
    "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
}


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CHINESE[n]
    if n < 20:
        return "十" + (CHINESE[n % 10] if n % 10 else "")
    if n < 100:
        return CHINESE[n // 10] + "十" + (CHINESE[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + CHINESE[rest] if rest < 10 else
                                     (CHINESE[1] if rest < 20 else "") + chinese_number(rest))
        return CHINESE[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sign in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sign
            n -= value
    return out


NUMBER_FORMATS.update({
    "chineseCounting": chinese_number, "chineseCountingThousand": chinese_number,
    "taiwaneseCounting": chinese_number, "japaneseCounting": chinese_number,
    "upperRoman": _roman, "lowerRoman": lambda n: _roman(n).lower(),
})


class _Numbering:
    """The list numbers Word draws before paragraphs (numbering.xml), counted as Word does."""

    def __init__(self, document):
        self.levels: dict = {}  # numId → {ilvl: (numFmt, lvlText, start)}
        self.abstract_of: dict = {}
        self.counters: dict = {}  # abstract id → [count per level]
        self.styles: dict = {}  # style id → (numId, ilvl)
        part = None
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            part = None
        if part is not None:
            self._read(part.element)
        try:
            for style in document.styles.element.iterchildren(W + "style"):
                num = style.find(f"{W}pPr/{W}numPr")
                if num is not None:
                    self.styles[style.get(W + "styleId")] = _num_pr(num)
        except (AttributeError, KeyError):
            pass

    def _read(self, root) -> None:
        abstract = {}
        for node in root.iterchildren(W + "abstractNum"):
            levels = {}
            for lvl in node.iterchildren(W + "lvl"):
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                levels[int(lvl.get(W + "ilvl", "0"))] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    text.get(W + "val") if text is not None else "",
                    int(start.get(W + "val")) if start is not None and start.get(W + "val", "").isdigit() else 1,
                )
            abstract[node.get(W + "abstractNumId")] = levels
        for num in root.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None and ref.get(W + "val") in abstract:
                self.levels[num.get(W + "numId")] = abstract[ref.get(W + "val")]
                self.abstract_of[num.get(W + "numId")] = ref.get(W + "val")

    def label(self, p) -> str:
        num_id, ilvl = None, 0
        num = p.find(f"{W}pPr/{W}numPr")
        if num is not None:
            num_id, ilvl = _num_pr(num)
        else:
            style = p.find(f"{W}pPr/{W}pStyle")
            if style is not None and style.get(W + "val") in self.styles:
                num_id, ilvl = self.styles[style.get(W + "val")]
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(self.abstract_of[num_id], [0] * 9)
        ilvl = min(ilvl, 8)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""
        for level in range(ilvl, -1, -1):
            if f"%{level + 1}" in text:
                lfmt, _, lstart = levels.get(level, ("decimal", "", 1))
                value = counts[level] + lstart - 1 if counts[level] else lstart
                text = text.replace(f"%{level + 1}", NUMBER_FORMATS.get(lfmt, NUMBER_FORMATS["decimal"])(value))
        return text


def _num_pr(num) -> tuple:
    num_id = num.find(W + "numId")
    ilvl = num.find(W + "ilvl")
    try:
        level = int(ilvl.get(W + "val")) if ilvl is not None else 0
    except (TypeError, ValueError):
        level = 0
    return (num_id.get(W + "val") if num_id is not None else None), level

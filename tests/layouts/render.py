"""Renderings of a filled report in the layouts real reports come in.

A report (generate.Report) is first built into a `Doc`: title, prose without
figures, section headings and the tables as grids of cells with HTML-like
rowspan/colspan (a cell covered by a span is absent from its row). Each table cell
that holds a template value carries its govaudit key. Layout choices that change
the grid (label columns, header rows, a 小计 column, blank cells and their
markers) are made while building; the family's serializer then writes the grid as
Markdown pipes, HTML, PDF-converter Markdown, tab- or space-separated text, one
cell per line, run-together digits, Word or PDF, with its own quirks.

Every choice comes from one `random.Random(seed)`, so a rendering is reproducible
from (family, report seed, rendering seed). A corrupted copy (`corrupt=(key, v)`)
makes the same choices and changes only the text of that one cell.

`render(family, report, seed)` returns a `Rendering`: the file's content, its
suffix, and `stated`: per template key the value the layout states (None where it
leaves the cell blank on purpose), plus the text offsets where text layouts wrote
each stated value (for the generator's own tests).
"""
from __future__ import annotations

import html as html_mod
import io
import random
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

from generate import (
    S_ROWS, T2_BLOCKS, T2_WIDTH, T3_APPLICANTS, T3_COLUMN_LABELS, T3_COLUMNS, T3_NOTE, T3_ORGS, T3_ROWS,
    T4_BLOCK_LABELS, T4_BLOCKS, T4_RESULT_LABELS, T4_RESULTS, Report, format_value,
)

# --------------------------------------------------------------------------- the doc model


@dataclass
class Cell:
    text: str = ""
    key: Optional[str] = None      # template key of a value cell
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"            # label | value | head | caption | unit | extra (a 小计 cell)
    blank: bool = False            # a value cell left blank on purpose


@dataclass
class Row:
    cells: list
    kind: str = "data"             # data | head | caption | group (a label row without figures)
    packed: bool = False           # header row written without the placeholder cells (left-packed)


@dataclass
class Table:
    name: str                      # s | t2 | t3 | t4
    rows: list
    ncols: int


@dataclass
class Text:
    kind: str                      # title | para | heading | line
    text: str


@dataclass
class Doc:
    report: Report
    blocks: list

    def cells(self):
        for b in self.blocks:
            if isinstance(b, Table):
                for row in b.rows:
                    for c in row.cells:
                        yield c

    def set_value(self, key: str, value) -> None:
        for c in self.cells():
            if c.key == key:
                c.text = format_value(value)
                c.blank = False
                return
        raise KeyError(key)

    def stated(self) -> dict:
        out = {}
        for c in self.cells():
            if c.key and c.kind == "value":
                out[c.key] = None if c.blank else _parse(c.text)
        return out

    def extras(self) -> dict:
        return {c.key: _parse(c.text) for c in self.cells() if c.kind == "extra" and c.key and not c.blank}


def _parse(text: str):
    return Decimal(text) if "." in text else int(text)


@dataclass
class Rendering:
    family: str
    name: str                      # file name
    data: object                   # str (text layouts) or bytes (docx, pdf)
    stated: dict                   # template key -> value, or None for a blank cell
    quirks: list
    spans: dict = field(default_factory=dict)   # key -> (start, end) in data (text layouts)
    extras: dict = field(default_factory=dict)  # non-template cells (小计) -> value
    expect: set = field(default_factory=set)    # finding kinds a warning may legitimately have

    @property
    def suffix(self) -> str:
        return self.name.rsplit(".", 1)[1]

    def write(self, folder) -> None:
        from pathlib import Path
        path = Path(folder) / self.name
        if isinstance(self.data, bytes):
            path.write_bytes(self.data)
        else:
            path.write_text(self.data, encoding="utf-8")


# --------------------------------------------------------------------------- prose

PROSE = [
    "本机关坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。",
    "全年依法依规做好政府信息主动公开和依申请公开工作，政府信息公开平台建设不断加强，监督保障机制进一步完善。",
    "在政府信息管理方面，严格执行公开前审查制度，做到应公开尽公开，切实保障人民群众的知情权、参与权和监督权。",
    "对照上级要求，政务公开工作还存在公开内容不够全面、政策解读形式较为单一等问题，下一步将加强业务培训，提升工作水平。",
    "本报告中所列数据的统计期限自当年一月一日起至十二月三十一日止。",
]
PROSE_2014 = [
    "本年度报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、存在的主要问题和改进措施等部分。",
    "本机关高度重视政府信息公开工作，健全工作机制，规范公开程序，不断拓宽公开渠道。",
    "本报告的电子版可在本机关门户网站下载，如对本报告有任何疑问，请与本机关办公室联系。",
]
SECTIONS = {
    "t2": "二、主动公开政府信息情况",
    "t3": "三、收到和处理政府信息公开申请情况",
    "t4": "四、政府信息公开行政复议、行政诉讼情况",
}

# --------------------------------------------------------------------------- label styles


def style_label(text: str, style: dict) -> str:
    if style.get("ascii_brackets"):
        text = text.replace("（", "(").replace("）", ")")
    dot = style.get("dot", ".")
    if dot != "." and len(text) > 1 and text[0].isdigit() and text[1] == ".":
        text = text[0] + dot + text[2:]
    return text


# --------------------------------------------------------------------------- building

BLANK_MARKERS_TEXT = ["/", "—", "－", "无", "-"]


@dataclass
class Options:
    t3_labels: str = "official"        # official (3 label columns) | two | flat
    t3_header: str = "official"        # official | two | one | packed3 | packed2
    t3_subtotal: Optional[str] = None  # after_natural | after_orgs
    t4_header: int = 3
    blank_mode: Optional[str] = None   # t4 | t2 | scattered | zeros
    blank_markers: tuple = ("",)
    total_blank: bool = False          # the 总计 column of table 三 left blank
    total_blank_marker: str = ""
    s_unit: bool = True                # the 2014 table's 单位 column
    label_style: dict = field(default_factory=dict)
    prose: int = 1                     # paragraphs of prose before the tables
    sections: bool = True              # 一、总体情况 … headings around the tables


def choose_blanks(rng: random.Random, opts: Options, report: Report) -> set:
    """The zero cells written blank."""
    zeros = [k for k, v in report.values.items() if v == 0]
    if opts.blank_mode is None:
        return set()
    if opts.blank_mode == "t4":
        return {k for k in zeros if k.startswith("t4.")}
    if opts.blank_mode == "t2":
        return {k for k in zeros if k.startswith("t2.")}
    if opts.blank_mode == "zeros":
        return set(zeros)
    return set(rng.sample(zeros, min(len(zeros), rng.randint(1, 5))))


def build(report: Report, rng: random.Random, opts: Options) -> Doc:
    blanks = choose_blanks(rng, opts, report)
    markers = list(opts.blank_markers)

    def value(key: str) -> Cell:
        if key in blanks:
            return Cell(rng.choice(markers), key=key, kind="value", blank=True)
        return Cell(format_value(report.values[key]), key=key, kind="value")

    lab = lambda t: style_label(t, opts.label_style)  # noqa: E731
    blocks: list = [Text("title", report.title)]
    paras = PROSE_2014 if report.fmt == "2014" else PROSE
    chosen = rng.sample(paras, min(opts.prose, len(paras)))
    if report.fmt == "2014":
        blocks += [Text("para", p) for p in chosen]
        blocks.append(Text("line", f"附件：{report.agency}{report.year}年政府信息公开情况统计表"))
        blocks.append(Text("heading", "政府信息公开情况统计表"))
        blocks.append(build_s(report, value, lab, opts))
        return Doc(report, blocks)
    if opts.sections:
        blocks.append(Text("heading", "一、总体情况"))
    blocks += [Text("para", p) for p in chosen]
    blocks.append(Text("heading", SECTIONS["t2"]))
    blocks.append(build_t2(report, value, lab))
    blocks.append(Text("heading", SECTIONS["t3"]))
    blocks.append(build_t3(report, value, lab, opts, rng))
    blocks.append(Text("heading", SECTIONS["t4"]))
    blocks.append(build_t4(report, value, opts))
    if opts.sections:
        blocks.append(Text("heading", "五、存在的主要问题及改进情况"))
        blocks.append(Text("para", PROSE[3]))
    return Doc(report, blocks)


def build_s(report: Report, value, lab, opts: Options) -> Table:
    ncols = 3 if opts.s_unit else 2
    rows = [Row([Cell("统计指标", kind="head")] + ([Cell("单位", kind="head")] if opts.s_unit else [])
                + [Cell("统计数", kind="head")], kind="head")]
    for r in S_ROWS:
        label = lab(r.label)
        if r.header:
            rows.append(Row([Cell(label)] + [Cell("", kind="unit")] * (1 if opts.s_unit else 0)
                            + [Cell("", kind="value")], kind="group"))
            continue
        unit = [Cell(r.unit, kind="unit")] if opts.s_unit else []
        rows.append(Row([Cell(label)] + unit + [value(r.key)]))
    return Table("s", rows, ncols)


def build_t2(report: Report, value, lab) -> Table:
    rows = []
    for block in T2_BLOCKS[report.fmt]:
        rows.append(Row([Cell(block.caption, colspan=T2_WIDTH, kind="caption")], kind="caption"))
        head = [Cell(h, kind="head") for h in block.header]
        head[-1].colspan = T2_WIDTH - len(block.header) + 1
        rows.append(Row(head, kind="head"))
        for rkey, label in block.rows:
            cells = [Cell(lab(label))] + [value(f"{rkey}.{c}") for c in block.columns]
            cells[-1].colspan = T2_WIDTH - len(block.columns)
            rows.append(Row(cells))
    return Table("t2", rows, T2_WIDTH)


def t3_value_columns(opts: Options) -> list:
    cols = list(T3_COLUMNS)
    if opts.t3_subtotal == "after_natural":
        cols.insert(1, "subtotal")
    elif opts.t3_subtotal == "after_orgs":
        cols.insert(6, "subtotal")
    return cols


def build_t3(report: Report, value, lab, opts: Options, rng: random.Random) -> Table:
    fmt = report.fmt
    vcols = t3_value_columns(opts)
    nlab = {"official": 3, "two": 2, "flat": 1}[opts.t3_labels]
    ncols = nlab + len(vcols)
    rows = t3_header(opts, nlab, vcols)

    def values(rkey: str) -> list:
        out = []
        for c in vcols:
            if c == "subtotal":
                v = sum(report.values[f"{rkey}.{o}"] for o in T3_ORGS)
                out.append(Cell(str(v), key=f"{rkey}.org_subtotal", kind="extra"))
            elif c == "sum" and opts.total_blank:
                out.append(Cell(opts.total_blank_marker, key=f"{rkey}.sum", kind="value", blank=True))
            else:
                out.append(value(f"{rkey}.{c}"))
        return out

    def empties() -> list:
        return [Cell("", kind="value") for _ in vcols]

    t3rows = T3_ROWS[fmt]
    results = [r for r in t3rows if len(r.labels) > 1]
    groups: dict = {}
    for r in t3rows:
        if len(r.labels) == 3:
            groups.setdefault(r.labels[1], []).append(r)
    seen_groups = set()
    for r in t3rows:
        top = r.labels[0]
        if len(r.labels) == 1:
            rows.append(Row([Cell(lab(top), colspan=nlab)] + values(r.key)))
            continue
        first_result = r is results[0]
        if nlab == 3:
            cells = []
            if first_result:
                cells.append(Cell(lab(top), rowspan=len(results)))
            if len(r.labels) == 2:
                cells.append(Cell(lab(r.labels[1]), colspan=2))
            else:
                group = r.labels[1]
                if group not in seen_groups:
                    seen_groups.add(group)
                    cells.append(Cell(lab(group), rowspan=len(groups[group])))
                cells.append(Cell(lab(r.labels[2])))
            rows.append(Row(cells + values(r.key)))
            continue
        if first_result:
            rows.append(Row([Cell(lab(top), colspan=nlab)] + empties(), kind="group"))
        if nlab == 2:
            if len(r.labels) == 2:
                cells = [Cell(lab(r.labels[1]), colspan=2)]
            else:
                group = r.labels[1]
                cells = []
                if group not in seen_groups:
                    seen_groups.add(group)
                    cells.append(Cell(lab(group), rowspan=len(groups[group])))
                cells.append(Cell(lab(r.labels[2])))
            rows.append(Row(cells + values(r.key)))
            continue
        # flat: one label column, group labels on rows of their own
        if len(r.labels) == 3 and r.labels[1] not in seen_groups:
            seen_groups.add(r.labels[1])
            rows.append(Row([Cell(lab(r.labels[1]))] + empties(), kind="group"))
        rows.append(Row([Cell(lab(r.labels[-1]))] + values(r.key)))
    return Table("t3", rows, ncols)


def t3_header(opts: Options, nlab: int, vcols: list) -> list:
    orgs = [T3_COLUMN_LABELS[c] if c != "subtotal" else "小计" for c in vcols if c in T3_ORGS or c == "subtotal"]
    norg = len(orgs)
    h = opts.t3_header
    if h == "official":
        return [
            Row([Cell(T3_NOTE, rowspan=3, colspan=nlab, kind="head"),
                 Cell("申请人情况", colspan=len(vcols), kind="head")], kind="head"),
            Row([Cell("自然人", rowspan=2, kind="head"), Cell("法人或其他组织", colspan=norg, kind="head"),
                 Cell("总计", rowspan=2, kind="head")], kind="head"),
            Row([Cell(o, kind="head") for o in orgs], kind="head"),
        ]
    if h == "two":
        return [
            Row([Cell("申请人情况", rowspan=2, colspan=nlab, kind="head"), Cell("自然人", rowspan=2, kind="head"),
                 Cell("法人或其他组织", colspan=norg, kind="head"), Cell("总计", rowspan=2, kind="head")],
                kind="head"),
            Row([Cell(o, kind="head") for o in orgs], kind="head"),
        ]
    if h == "one":
        labels = ["自然人"] + [o if o != "其他" else "其他组织" for o in orgs] + ["总计"]
        return [Row([Cell("申请人情况", colspan=nlab, kind="head")] + [Cell(x, kind="head") for x in labels],
                    kind="head")]
    if h == "packed3":
        return [
            Row([Cell(T3_NOTE, kind="head"), Cell("申请人情况", kind="head")], kind="head", packed=True),
            Row([Cell("自然人", kind="head"), Cell("法人或其他组织", kind="head"), Cell("总计", kind="head")],
                kind="head", packed=True),
            Row([Cell(o, kind="head") for o in orgs], kind="head", packed=True),
        ]
    if h == "packed2":
        return [
            Row([Cell("申请人情况", kind="head"), Cell("自然人", kind="head"), Cell("法人或其他组织", kind="head"),
                 Cell("总计", kind="head")], kind="head", packed=True),
            Row([Cell(o, kind="head") for o in orgs], kind="head", packed=True),
        ]
    raise ValueError(h)


def build_t4(report: Report, value, opts: Options) -> Table:
    res = [T4_RESULT_LABELS[r] for r in T4_RESULTS]
    if opts.t4_header == 3:
        rows = [
            Row([Cell("行政复议", colspan=5, kind="head"), Cell("行政诉讼", colspan=10, kind="head")], kind="head"),
            Row([Cell(x, rowspan=2, kind="head") for x in res]
                + [Cell("未经复议直接起诉", colspan=5, kind="head"), Cell("复议后起诉", colspan=5, kind="head")],
                kind="head"),
            Row([Cell(x, kind="head") for x in res * 2], kind="head"),
        ]
    else:
        rows = [
            Row([Cell(T4_BLOCK_LABELS[b], colspan=5, kind="head") for b in T4_BLOCKS], kind="head"),
            Row([Cell(x, kind="head") for x in res * 3], kind="head"),
        ]
    rows.append(Row([value(f"t4.{b}.{r}") for b in T4_BLOCKS for r in T4_RESULTS]))
    return Table("t4", rows, 15)


# --------------------------------------------------------------------------- grids


@dataclass
class Slot:
    cell: Cell
    origin: bool          # the top-left slot of its cell
    first_col: bool       # in the cell's first column (a covered slot of a rowspan)


def expand(table: Table) -> list:
    """Rectangular grid of slots (packed rows: their cells only)."""
    grid: list = []
    pending: dict = {}    # (row, col) -> Slot covered by a rowspan from above
    for ri, row in enumerate(table.rows):
        if row.packed:
            grid.append([Slot(c, True, True) for c in row.cells])
            continue
        out: list = []
        col = 0
        cells = list(row.cells)
        while col < table.ncols:
            if (ri, col) in pending:
                out.append(pending.pop((ri, col)))
                col += 1
                continue
            if not cells:
                out.append(Slot(Cell(""), True, True))
                col += 1
                continue
            c = cells.pop(0)
            for dc in range(c.colspan):
                out.append(Slot(c, dc == 0, dc == 0))
                for dr in range(1, c.rowspan):
                    pending[(ri + dr, col + dc)] = Slot(c, False, dc == 0)
            col += c.colspan
        grid.append(out)
    return grid


def slot_text(slot: Slot, merged: str) -> str:
    """A slot's text: a covered slot is empty, or repeats a label (merged == 'repeat')."""
    if slot.origin:
        return slot.cell.text
    if merged == "repeat" and slot.cell.kind in ("label", "head", "caption"):
        return slot.cell.text
    return ""


# --------------------------------------------------------------------------- output writer


class Out:
    """Text being written, with the offsets of every keyed value written."""

    def __init__(self):
        self.parts: list = []
        self.pos = 0
        self.spans: dict = {}

    def w(self, text: str, cell: Optional[Cell] = None) -> None:
        if cell is not None and cell.key and not cell.blank and cell.kind in ("value", "extra") and text.strip():
            start = self.pos + len(text) - len(text.lstrip())
            self.spans[cell.key] = (start, start + len(text.strip()))
        self.parts.append(text)
        self.pos += len(text)

    def line(self, text: str = "") -> None:
        self.w(text + "\n")

    def cells(self, items: list, sep: str, prefix: str = "", suffix: str = "") -> None:
        """Write (text, cell) pairs joined by sep, as one line."""
        self.w(prefix)
        for i, (text, cell) in enumerate(items):
            if i:
                self.w(sep)
            self.w(text, cell)
        self.w(suffix + "\n")

    def text(self) -> str:
        return "".join(self.parts)


def text_blocks(out: Out, block: Text, heading_prefix: str = "") -> None:
    if block.kind == "title":
        out.line(heading_prefix + block.text if heading_prefix else block.text)
        out.line()
    elif block.kind == "heading":
        out.line(block.text)
    else:
        out.line(block.text)


# --------------------------------------------------------------------------- serializers


def ser_pipes(doc: Doc, rng: random.Random, outer: bool, align: bool, merged: str, md_title: bool,
              blank_line_before_table: bool = True) -> Out:
    out = Out()
    for b in doc.blocks:
        if isinstance(b, Text):
            if b.kind == "title" and md_title:
                out.line("# " + b.text)
                out.line()
            elif b.kind == "heading" and md_title and b.text[:2] in ("一、", "二、", "三、", "四、", "五、"):
                out.line("## " + b.text)
                out.line()
            else:
                text_blocks(out, b)
                if b.kind != "title":
                    out.line()
            continue
        pipe_table(out, b, outer, align, merged)
        out.line()
    return out


def pipe_table(out: Out, table: Table, outer: bool, align: bool, merged: str) -> None:
    grid = expand(table)
    for i, row in enumerate(grid):
        items = [(slot_text(s, merged), s.cell if s.origin else None) for s in row]
        items = [(f" {t} " if t else " ", c) for t, c in items]
        pipe_row(out, items, outer)
        if i == 0 and align:
            n = len(row)
            pipe_row(out, [("---", None)] * n, outer)


def pipe_row(out: Out, items: list, outer: bool) -> None:
    if outer:
        out.cells(items, "|", "|", "|")
    else:
        if items and not items[0][0].strip():
            items = [(" ", None)] + items[1:]
        out.cells(items, "|")


def ser_html(doc: Doc, rng: random.Random, quirks: dict) -> Out:
    out = Out()
    out.line("<!DOCTYPE html>")
    out.line(f'<html><head><meta charset="utf-8"><title>{doc.report.title}</title></head>')
    out.line("<body>")
    for b in doc.blocks:
        if isinstance(b, Text):
            if b.kind == "title":
                out.line(f"<h1>{b.text}</h1>" if quirks["h1"] else f'<p style="text-align:center"><strong>{b.text}</strong></p>')
            elif b.kind == "heading":
                out.line(f"<h2>{b.text}</h2>" if quirks["h2"] else f"<p><strong>{b.text}</strong></p>")
            else:
                out.line(f"<p>{b.text}</p>")
            continue
        html_table(out, b, rng, quirks)
    out.line("</body></html>")
    return out


def html_table(out: Out, table: Table, rng: random.Random, quirks: dict) -> None:
    out.line('<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">')
    if quirks["tbody"]:
        out.line("<tbody>")
    for row in table.rows:
        out.w("<tr>")
        for c in row.cells:
            tag = "th" if (c.kind in ("head", "caption") and quirks["th"]) else "td"
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            if quirks["style"]:
                attrs += ' style="text-align:center;vertical-align:middle"'
            out.w(f"<{tag}{attrs}>")
            wrap = quirks["wrap"]
            if wrap == "p":
                out.w("<p>")
            elif wrap == "span":
                out.w('<span style="font-size:14px">')
            elif wrap == "p_span":
                out.w('<p align="center"><span>')
            out.w(c.text, c)
            if wrap == "p":
                out.w("</p>")
            elif wrap == "span":
                out.w("</span>")
            elif wrap == "p_span":
                out.w("</span></p>")
            out.w(f"</{tag}>")
        out.line("</tr>")
    if quirks["tbody"]:
        out.line("</tbody>")
    out.line("</table>")


def ser_sep(doc: Doc, rng: random.Random, sep: str, merged: str, strip_trailing: bool) -> Out:
    """Plain text, cells separated by `sep` (a tab)."""
    out = Out()
    for b in doc.blocks:
        if isinstance(b, Text):
            text_blocks(out, b)
            continue
        for row in expand(b):
            items = [(slot_text(s, merged), s.cell if s.origin else None) for s in row]
            if strip_trailing:
                while items and not items[-1][0]:
                    items.pop()
            out.cells(items, sep)
    return out


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def row_label(row: list, merged: str = "empty") -> tuple:
    """The label slots of a grid row, and the remaining slots."""
    labels, rest = [], []
    for s in row:
        if not rest and s.cell.kind == "label":
            t = slot_text(s, merged)
            if t and (not labels or labels[-1] != t):
                labels.append(t)
        else:
            rest.append(s)
    return labels, rest


def ser_spaces(doc: Doc, rng: random.Random, q: dict) -> Out:
    """Plain text, columns aligned by runs of spaces; the label columns joined into one."""
    out = Out()
    for b in doc.blocks:
        if isinstance(b, Text):
            text_blocks(out, b)
            continue
        grid = expand(b)
        lines = []
        for row in grid:
            if row and row[0].cell.kind == "label":
                labels, rest = row_label(row)
                label = q["join"].join(labels)
            else:
                label, rest = None, row
            cells = [(s.cell.text if s.origin else "", s.cell if s.origin else None) for s in rest]
            lines.append((label, cells))
        wmeasure = width if q["cjk_width"] else len
        lw = max((wmeasure(l) for l, _ in lines if l), default=0)
        colw = 0
        for _, cells in lines:
            for t, c in cells:
                if c is not None and c.kind in ("value", "extra", "unit"):
                    colw = max(colw, wmeasure(t))
        colw = max(colw, 2)
        for label, cells in lines:
            if label is not None:
                out.w(label + " " * (lw - wmeasure(label) + q["gap"]))
            first = True
            for t, c in cells:
                if not t:
                    continue
                if not first:
                    out.w(" " * q["gap"])
                first = False
                pad = " " * max(0, colw - wmeasure(t))
                if q["right"] and c is not None and c.kind in ("value", "extra"):
                    out.w(pad)
                    out.w(t, c)
                else:
                    out.w(t, c)
                    out.w(pad)
            out.w("\n")
    return out


def ser_cell_per_line(doc: Doc, rng: random.Random, bars: bool, join_labels: bool) -> Out:
    """One cell per line: origin cells only (as an HTML table copied as text); with `bars`
    each cell is followed by a line holding only '|' (seeds 000 and 004)."""
    out = Out()
    for b in doc.blocks:
        if isinstance(b, Text):
            text_blocks(out, b)
            continue
        for row in b.rows:
            cells = list(row.cells)
            if join_labels and not bars:
                labels = [c for c in cells if c.kind == "label"]
                if len(labels) > 1:
                    out.line("".join(c.text for c in labels))
                    cells = [c for c in cells if c.kind != "label"]
            for c in cells:
                text = c.text
                if bars:
                    if len(text) > 14 and "（" in text[2:] and c.kind == "label":
                        i = text.index("（", 2)
                        out.line(text[:i])
                        out.w(text[i:] + "\n")
                    elif text:
                        out.w(text, c)
                        out.w("\n")
                    out.line("|")
                elif text:
                    out.w(text, c)
                    out.w("\n")
    return out


def ser_run_together(doc: Doc, rng: random.Random, q: dict) -> Out:
    """Each row's cells ran together: the label, then its figures as one run of digits."""
    out = Out()
    for b in doc.blocks:
        if isinstance(b, Text):
            text_blocks(out, b)
            continue
        row_sep = q["row_sep"]
        for i, row in enumerate(b.rows):
            texts = [(c.text, c) for c in row.cells if c.text]
            if row.kind == "head" and b.name == "t4" or row.kind in ("head", "caption", "group"):
                out.w(q["head_sep"].join(t for t, _ in texts))
            else:
                labels = [(t, c) for t, c in texts if c.kind in ("label", "unit")]
                vals = [(t, c) for t, c in texts if c.kind in ("value", "extra")]
                out.w("".join(t for t, _ in labels))
                if labels and vals:
                    out.w(q["label_gap"])
                for t, c in vals:
                    out.w(t, c)
            out.w(row_sep)
        out.w("\n")
    return out


def ser_pdf_markdown(doc: Doc, rng: random.Random, q: dict) -> Out:
    """Markdown as PDF converters write it: alignment rows after each block's first row,
    merged labels split over rows, group labels on plain lines, label-less value rows,
    the table cut by page furniture."""
    out = Out()
    page = [rng.randint(2, 5)]
    title = doc.report.title

    def page_break():
        out.line()
        out.line(f"- {page[0]} -" if q["page_style"] == "dash" else f"第 {page[0]} 页")
        page[0] += 1
        out.line()
        if q["running_header"]:
            out.line(title)
            out.line()

    for b in doc.blocks:
        if isinstance(b, Text):
            text_blocks(out, b)
            if b.kind != "title":
                out.line()
            continue
        grid = expand(b)
        data_rows = [i for i, r in enumerate(b.rows) if r.kind == "data"]
        breaks = set(rng.sample(data_rows[2:-1], min(q["breaks"], max(0, len(data_rows) - 3)))) \
            if b.name in ("t3", "s") else set()
        off_pipe = set(rng.sample(data_rows[1:], min(q["off_pipe"], len(data_rows) - 1))) \
            if b.name in ("t3", "s") else set()
        # merged group labels split over the rows they span
        split_text: dict = {}
        plain_before: dict = {}
        for ri, row in enumerate(b.rows):
            for c in row.cells:
                if c.kind == "label" and c.rowspan > 1:
                    if q["group_plain"] and b.name == "t3":
                        plain_before.setdefault(ri, []).append(c.text)
                        split_text[(id(c), 0)] = ""
                    elif q["split_labels"] and len(c.text) >= 5:
                        n = 3 if c.rowspan >= 6 and len(c.text) >= 8 else 2
                        n = min(n, c.rowspan)
                        cuts = sorted(rng.sample(range(2, len(c.text) - 1), n - 1)) if len(c.text) > n + 2 else []
                        pieces = [c.text[i:j] for i, j in zip([0] + cuts, cuts + [len(c.text)])]
                        start = max(0, (c.rowspan - len(pieces)) // 2)
                        for k, piece in enumerate(pieces):
                            split_text[(id(c), start + k)] = piece
                        split_text.setdefault((id(c), 0), "")
        spans_seen: dict = {}
        new_block = True
        after_off = False
        for ri, (row, grow) in enumerate(zip(b.rows, grid)):
            if b.name == "t4" and row.kind == "head" and q["t4_plain_header"]:
                out.line(" ".join(c.text for c in row.cells if c.text))
                continue
            if ri in breaks:
                page_break()
                new_block = True
            elif after_off:
                out.line()
                new_block = True
            after_off = False
            for text in plain_before.get(ri, []):
                if not new_block:
                    out.line()
                out.line(text)
                new_block = True
            items = []
            for s in grow:
                c = s.cell
                if c.kind == "label" and c.rowspan > 1 and ((id(c), 0) in split_text):
                    k = spans_seen.get(id(c), -1) + 1 if s.first_col else spans_seen.get(id(c), 0)
                    if s.first_col:
                        spans_seen[id(c)] = k
                    items.append((split_text.get((id(c), k), "") if s.first_col else "", None))
                else:
                    t = slot_text(s, "empty")
                    if q["br"] and c.kind == "label" and len(t) > 16 and s.origin:
                        cut = len(t) // 2
                        t = t[:cut] + "<br>" + t[cut:]
                    items.append((t, c if s.origin else None))
            if ri in off_pipe:
                if not new_block:
                    out.line()
                labels = [t.replace("<br>", "") for (t, c), s in zip(items, grow) if s.cell.kind == "label" and t]
                text = "".join(labels)
                if text:
                    if q["wrap_off_pipe"] and len(text) > 8:
                        out.line(text[: len(text) // 2])
                        out.line(text[len(text) // 2:])
                    else:
                        out.line(text)
                items = [(t, c) for (t, c), s in zip(items, grow) if s.cell.kind not in ("label", "unit")]
                new_block = True
                after_off = True
            if q["drop_trailing_empty"] and row.kind in ("caption", "head"):
                while len(items) > 1 and not items[-1][0]:
                    items.pop()
            # a long label wrapped in its cell: the converter gives each line a row of its own
            rows_out = [items]
            li = max((i for i, s in enumerate(grow) if s.origin and s.cell.kind == "label"), default=None)
            if (q["wrap_rows"] and row.kind == "data" and ri not in off_pipe and li is not None
                    and len(items[li][0]) > 16 and "<br>" not in items[li][0] and rng.random() < 0.5):
                text = items[li][0]
                cut = rng.randint(8, len(text) - 4)
                other = [("", None)] * len(items)
                if rng.random() < 0.6:   # the figures on the first line, the rest of the label below
                    items[li] = (text[:cut], items[li][1])
                    other[li] = (text[cut:], None)
                    rows_out = [items, other]
                else:                    # the figures centred on the second line
                    items[li] = (text[cut:], items[li][1])
                    other[li] = (text[:cut], None)
                    rows_out = [other, items]
            for k, its in enumerate(rows_out):
                its = [(f" {t} " if t else " ", c) for t, c in its]
                out.cells(its, "|", "|", "|")
                if new_block:
                    out.line("|" + "|".join(["---"] * len(its)) + "|")
                    new_block = False
        out.line()
    return out


# --------------------------------------------------------------------------- docx and pdf


def ser_docx(doc: Doc, rng: random.Random, q: dict) -> bytes:
    """A Word document; merged cells as Word writes them (gridSpan, vMerge restart/continue)."""
    import docx  # python-docx
    from docx.table import _Cell

    d = docx.Document()
    for b in doc.blocks:
        if isinstance(b, Text):
            if b.kind == "title":
                d.add_heading(b.text, level=1) if q["styles"] else d.add_paragraph(b.text)
            elif b.kind == "heading":
                d.add_heading(b.text, level=2) if q["styles"] else d.add_paragraph(b.text)
            else:
                d.add_paragraph(b.text)
            continue
        grid = expand(b)
        table = d.add_table(rows=len(grid), cols=b.ncols)
        table.style = "Table Grid"
        for ri, (row, grow) in enumerate(zip(table.rows, grid)):
            tr = row._tr
            tcs = list(tr.tc_lst)
            for ci, s in enumerate(grow):
                tc = tcs[ci]
                c = s.cell
                if not s.first_col:          # covered by a colspan: the origin's gridSpan holds it
                    tr.remove(tc)
                    continue
                pr = tc.get_or_add_tcPr()
                if c.colspan > 1 and not b.rows[ri].packed:
                    pr.grid_span = c.colspan
                if c.rowspan > 1 and not b.rows[ri].packed:
                    pr.vMerge_val = "restart" if s.origin else "continue"
                if s.origin and c.text:
                    _Cell(tc, table).text = c.text
            for tc in tcs[len(grow):]:        # a packed row has fewer cells than the grid
                tr.remove(tc)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


_PDF_FONT = "STSong-Light"


def ser_pdf(doc: Doc, rng: random.Random, q: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    if _PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_PDF_FONT))
    size = q["size"]
    body = ParagraphStyle("body", fontName=_PDF_FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=14, leading=20)
    cell_style = ParagraphStyle("cell", fontName=_PDF_FONT, fontSize=size, leading=size * 1.25, wordWrap="CJK")
    pagesize = landscape(A4) if q["landscape"] else A4
    buf = io.BytesIO()
    story = []
    avail = pagesize[0] - 72
    for b in doc.blocks:
        if isinstance(b, Text):
            story.append(Paragraph(b.text, head if b.kind in ("title", "heading") else body))
            story.append(Spacer(1, 4))
            continue
        grid = expand(b)
        data = []
        for ri, grow in enumerate(grid):
            row = []
            for s in grow:
                t = s.cell.text if s.origin else ""
                wrap = s.cell.kind in ("label", "head", "caption") and len(t) > 3
                row.append(Paragraph(t, cell_style) if wrap else t)
            row += [""] * (b.ncols - len(row))
            data.append(row)
        if b.name == "t3":
            nval = sum(1 for c in b.rows[-1].cells if c.kind in ("value", "extra"))
            nlab = b.ncols - nval
            valw = size * 3.2
            labw = (avail - valw * nval) / nlab
            widths = [labw] * nlab + [valw] * nval
        elif b.name == "s":
            widths = [avail * 0.7] + [avail * 0.3 / (b.ncols - 1)] * (b.ncols - 1)
        else:
            widths = [avail / b.ncols] * b.ncols
        style = [("FONT", (0, 0), (-1, -1), _PDF_FONT, size), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        if q["grid"]:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        for ri, grow in enumerate(grid):
            if b.rows[ri].packed:
                continue
            for ci, s in enumerate(grow):
                c = s.cell
                if s.origin and (c.rowspan > 1 or c.colspan > 1):
                    style.append(("SPAN", (ci, ri), (ci + c.colspan - 1, ri + c.rowspan - 1)))
        t = RLTable(data, colWidths=widths, style=TableStyle(style), repeatRows=0)
        story.append(t)
        story.append(Spacer(1, 8))
    SimpleDocTemplate(buf, pagesize=pagesize, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36,
                      title=doc.report.title).build(story)
    return buf.getvalue()


# --------------------------------------------------------------------------- families


def _pick(rng: random.Random, options, weights=None):
    return rng.choices(options, weights=weights)[0]


def _base_options(rng: random.Random, report: Report, blank_markers=("",), blank_p=0.3) -> Options:
    o = Options()
    o.t3_labels = _pick(rng, ["official", "two", "flat"], [6, 2, 2])
    o.t3_header = _pick(rng, ["official", "two", "one"], [6, 2, 2])
    o.t4_header = _pick(rng, [3, 2], [3, 1])
    if rng.random() < blank_p:
        o.blank_mode = _pick(rng, ["t4", "t2", "scattered", "zeros"], [3, 2, 2, 1])
    o.blank_markers = tuple(blank_markers)
    o.s_unit = rng.random() < 0.85
    o.label_style = {"ascii_brackets": rng.random() < 0.2, "dot": _pick(rng, [".", "．", "、"], [6, 2, 2])}
    o.prose = _pick(rng, [0, 1, 2], [1, 3, 1])
    o.sections = rng.random() < 0.8
    return o


def _finish(family: str, report: Report, rng: random.Random, opts: Options, corrupt, serialize,
            suffix: str, name: str, quirks: list, expect=()) -> Rendering:
    doc = build(report, rng, opts)
    if corrupt is not None:
        doc.set_value(*corrupt)
    result = serialize(doc)
    if isinstance(result, Out):
        data, spans = result.text(), result.spans
    else:
        data, spans = result, {}
    quirks = quirks + _option_quirks(opts, report)
    return Rendering(family=family, name=f"{name}.{suffix}", data=data, stated=doc.stated(), quirks=quirks,
                     spans=spans, extras=doc.extras(), expect=set(expect))


def _option_quirks(o: Options, report: Report) -> list:
    q = [f"fmt={report.fmt}", f"size={report.size}"]
    if report.fmt == "2014":
        q.append("unit_col" if o.s_unit else "no_unit_col")
    else:
        q += [f"t3_labels={o.t3_labels}", f"t3_header={o.t3_header}", f"t4_header={o.t4_header}"]
        if o.t3_subtotal:
            q.append(f"subtotal={o.t3_subtotal}")
        if o.total_blank:
            q.append(f"total_blank={o.total_blank_marker or 'empty'}")
    if o.blank_mode:
        q.append(f"blanks={o.blank_mode}:{'/'.join(m or 'empty' for m in o.blank_markers)}")
    if o.label_style.get("ascii_brackets") or o.label_style.get("dot", ".") != ".":
        q.append(f"labels={'()' if o.label_style.get('ascii_brackets') else '（）'}{o.label_style.get('dot')}")
    return q


def markdown_pipes(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_markers=_pick(rng, [("",), ("/",), ("—",), ("", "/")]))
    outer, align = rng.random() < 0.8, rng.random() < 0.7
    merged = _pick(rng, ["empty", "repeat"], [2, 1])
    md_title = rng.random() < 0.5
    quirks = [f"outer_pipes={outer}", f"align_row={align}", f"merged={merged}"]
    return _finish("markdown_pipes", report, rng, opts, corrupt,
                   lambda d: ser_pipes(d, rng, outer, align, merged, md_title), "md", name, quirks)


def html(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    markers = _pick(rng, [("",), ("/",), ("—",), ("无",), ("&nbsp;",), ("", "/", "—")])
    opts = _base_options(rng, report, blank_markers=markers, blank_p=0.45)
    q = {"h1": rng.random() < 0.5, "h2": rng.random() < 0.4, "th": rng.random() < 0.4,
         "wrap": _pick(rng, [None, "p", "span", "p_span"], [3, 2, 2, 1]), "tbody": rng.random() < 0.5,
         "style": rng.random() < 0.3}
    quirks = [f"{k}={v}" for k, v in q.items()]
    return _finish("html", report, rng, opts, corrupt, lambda d: ser_html(d, rng, q), "html", name, quirks)


def pdf_markdown(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_p=0.15)
    opts.t3_labels = "official"
    opts.t3_header = _pick(rng, ["official", "packed3"], [2, 1])
    q = {"breaks": _pick(rng, [0, 1, 2], [1, 2, 1]), "off_pipe": _pick(rng, [0, 1, 2, 3], [2, 2, 1, 1]),
         "split_labels": rng.random() < 0.7, "group_plain": rng.random() < 0.3,
         "wrap_off_pipe": rng.random() < 0.5, "page_style": _pick(rng, ["dash", "cn"], [3, 1]),
         "running_header": rng.random() < 0.6, "t4_plain_header": rng.random() < 0.5,
         "drop_trailing_empty": rng.random() < 0.5, "br": rng.random() < 0.3,
         "wrap_rows": rng.random() < 0.5}
    quirks = [f"{k}={v}" for k, v in q.items()]
    return _finish("pdf_markdown", report, rng, opts, corrupt, lambda d: ser_pdf_markdown(d, rng, q), "md",
                   name, quirks)


def tabs(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_markers=_pick(rng, [("",), ("/",), ("—",)]), blank_p=0.25)
    merged = _pick(rng, ["empty", "repeat"], [3, 1])
    strip = rng.random() < 0.5
    quirks = [f"merged={merged}", f"strip_trailing={strip}"]
    return _finish("tabs", report, rng, opts, corrupt, lambda d: ser_sep(d, rng, "\t", merged, strip), "txt",
                   name, quirks)


def spaces(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_markers=_pick(rng, [("/",), ("—",), ("-",)]), blank_p=0.2)
    q = {"gap": _pick(rng, [2, 3, 4], [3, 2, 1]), "cjk_width": rng.random() < 0.6, "right": rng.random() < 0.5,
         "join": _pick(rng, ["", " "], [1, 1])}
    quirks = [f"{k}={v!r}" for k, v in q.items()]
    return _finish("spaces", report, rng, opts, corrupt, lambda d: ser_spaces(d, rng, q), "txt", name, quirks)


def cell_per_line(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_markers=_pick(rng, [("/",), ("—",)]), blank_p=0.2)
    join = rng.random() < 0.5
    return _finish("cell_per_line", report, rng, opts, corrupt,
                   lambda d: ser_cell_per_line(d, rng, False, join), "txt", name, [f"join_labels={join}"])


def cell_per_line_bars(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_markers=_pick(rng, [("",), ("/",), ("—",)]), blank_p=0.2)
    return _finish("cell_per_line_bars", report, rng, opts, corrupt,
                   lambda d: ser_cell_per_line(d, rng, True, False), "txt", name, [])


def run_together(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_p=0)
    q = {"row_sep": _pick(rng, ["\n", " ", ""], [3, 2, 1]), "label_gap": _pick(rng, ["", " "], [3, 1]),
         "head_sep": _pick(rng, ["", " "], [1, 1])}
    quirks = [f"{k}={v!r}" for k, v in q.items()]
    return _finish("run_together", report, rng, opts, corrupt, lambda d: ser_run_together(d, rng, q), "txt",
                   name, quirks)


def _ensure_modern(report: Report, family: str) -> None:
    if report.fmt == "2014":
        raise ValueError(f"{family} needs the 2019 or 2021 format")


def t4_single_line(report, seed, name, corrupt=None):
    _ensure_modern(report, "t4_single_line")
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_p=0)
    opts.blank_mode = "t4"
    opts.blank_markers = ("",)
    sep = _pick(rng, ["pipes", "tabs"], [2, 1])
    plain_header = rng.random() < 0.5
    outer = rng.random() < 0.8

    def serialize(doc: Doc) -> Out:
        t4 = next(b for b in doc.blocks if isinstance(b, Table) and b.name == "t4")
        return _t4_rewrite(doc, rng, sep, plain_header, outer, t4)

    quirks = [f"sep={sep}", f"plain_header={plain_header}"]
    return _finish("t4_single_line", report, rng, opts, corrupt, serialize, "md" if sep == "pipes" else "txt",
                   name, quirks)


def _t4_rewrite(doc: Doc, rng, sep, plain_header, outer, t4) -> Out:
    out = Out()
    for b in doc.blocks:
        if isinstance(b, Text):
            text_blocks(out, b)
            if sep == "pipes" and b.kind != "title":
                out.line()
            continue
        if b is not t4:
            if sep == "pipes":
                pipe_table(out, b, outer, True, "empty")
                out.line()
            else:
                for row in expand(b):
                    out.cells([(slot_text(s, "empty"), s.cell if s.origin else None) for s in row], "\t")
            continue
        for row in b.rows[:-1]:
            texts = [c.text for c in row.cells]
            if plain_header:
                out.line(" ".join(texts))
            elif sep == "pipes":
                out.line("| " + " | ".join(texts) + " |")
            else:
                out.line("\t".join(texts))
        data = [(c.text, c) for c in b.rows[-1].cells]
        if sep == "pipes":
            out.cells([(f" {t} " if t else " ", c) for t, c in data], "|", "|", "|")
        else:
            out.cells(data, "\t")
        out.line()
    return out


def t3_subtotal(report, seed, name, corrupt=None):
    _ensure_modern(report, "t3_subtotal")
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_p=0.1, blank_markers=("",))
    opts.t3_subtotal = _pick(rng, ["after_natural", "after_orgs"])
    opts.t3_header = _pick(rng, ["official", "two"])
    as_html = rng.random() < 0.5
    if as_html:
        q = {"h1": True, "h2": False, "th": rng.random() < 0.4, "wrap": None, "tbody": False, "style": False}
        ser = lambda d: ser_html(d, rng, q)  # noqa: E731
    else:
        ser = lambda d: ser_pipes(d, rng, True, True, "empty", False)  # noqa: E731
    return _finish("t3_subtotal", report, rng, opts, corrupt, ser, "html" if as_html else "md", name,
                   ["html" if as_html else "pipes"])


def multiline_header(report, seed, name, corrupt=None):
    _ensure_modern(report, "multiline_header")
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_p=0.1, blank_markers=("/",))
    opts.t3_header = _pick(rng, ["packed3", "packed2"])
    style = _pick(rng, ["pipes", "plain_lines", "tabs"], [2, 2, 1])

    def serialize(doc: Doc) -> Out:
        if style == "tabs":
            return ser_sep(doc, rng, "\t", "empty", True)
        if style == "pipes":
            return ser_pipes(doc, rng, True, False, "empty", False)
        # header lines as plain text, the rest in pipes
        for b in doc.blocks:
            if isinstance(b, Table) and b.name == "t3":
                for row in b.rows:
                    if row.packed:
                        row.cells = [Cell(" ".join(c.text for c in row.cells), kind="head")]
        out = Out()
        for b in doc.blocks:
            if isinstance(b, Text):
                text_blocks(out, b)
                out.line()
                continue
            grid = expand(b)
            for i, (row, grow) in enumerate(zip(b.rows, grid)):
                if row.packed:
                    out.line(row.cells[0].text)
                    continue
                pipe_row(out, [(f" {slot_text(s, 'empty')} " if slot_text(s, 'empty') else " ",
                                s.cell if s.origin else None) for s in grow], True)
            out.line()
        return out

    return _finish("multiline_header", report, rng, opts, corrupt, serialize, "txt" if style == "tabs" else "md",
                   name, [f"style={style}"])


def blank_total_column(report, seed, name, corrupt=None):
    _ensure_modern(report, "blank_total_column")
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_p=0)
    opts.total_blank = True
    opts.total_blank_marker = _pick(rng, ["", "/", "—"], [3, 1, 1])
    as_html = rng.random() < 0.4
    if as_html:
        q = {"h1": True, "h2": False, "th": False, "wrap": None, "tbody": False, "style": False}
        ser = lambda d: ser_html(d, rng, q)  # noqa: E731
    else:
        ser = lambda d: ser_pipes(d, rng, True, True, "empty", False)  # noqa: E731
    # the blank totals are a structural defect a reviewer should see: a missing_value warning is fair
    return _finish("blank_total_column", report, rng, opts, corrupt, ser, "html" if as_html else "md", name,
                   ["html" if as_html else "pipes"], expect={"missing_value"})


def docx_family(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_markers=_pick(rng, [("",), ("/",), ("—",)]), blank_p=0.25)
    q = {"styles": rng.random() < 0.5}
    return _finish("docx", report, rng, opts, corrupt, lambda d: ser_docx(d, rng, q), "docx", name,
                   [f"styles={q['styles']}"])


def pdf_family(report, seed, name, corrupt=None):
    rng = random.Random(seed)
    opts = _base_options(rng, report, blank_markers=_pick(rng, [("",), ("/",), ("—",)]), blank_p=0.2)
    q = {"size": _pick(rng, [7, 8, 9], [1, 2, 1]), "landscape": rng.random() < 0.5, "grid": True}
    return _finish("pdf", report, rng, opts, corrupt, lambda d: ser_pdf(d, rng, q), "pdf", name,
                   [f"size={q['size']}", f"landscape={q['landscape']}"])


FAMILIES: dict = {
    "markdown_pipes": markdown_pipes,
    "html": html,
    "pdf_markdown": pdf_markdown,
    "tabs": tabs,
    "spaces": spaces,
    "cell_per_line": cell_per_line,
    "cell_per_line_bars": cell_per_line_bars,
    "run_together": run_together,
    "t4_single_line": t4_single_line,
    "t3_subtotal": t3_subtotal,
    "multiline_header": multiline_header,
    "blank_total_column": blank_total_column,
    "docx": docx_family,
    "pdf": pdf_family,
}
MODERN_ONLY = {"t4_single_line", "t3_subtotal", "multiline_header", "blank_total_column"}
BINARY = {"docx", "pdf"}


def formats_for(family: str) -> list:
    return ["2019", "2021"] if family in MODERN_ONLY else ["2014", "2019", "2021"]


def render(family: str, report: Report, seed: int, name: Optional[str] = None, corrupt=None) -> Rendering:
    fn: Callable = FAMILIES[family]
    return fn(report, seed, name or f"{family}_{seed}", corrupt=corrupt)

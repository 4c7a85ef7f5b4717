"""The rich format: each file with its coverage, each finding with its cited figures, in colour.

Report text is never parsed as markup (rich Text is literal); a worker renders
with the main process's console settings (renderer.RichOptions), so the output is the
same whatever process made it.
"""
from __future__ import annotations

import io
import re

from ..core.model import WORST_FIRST, FileResult
from ..knowledge.templates import VALUE
from .coverage import STATE_NAMES, TABLE_STATES
from .lines import (BLANK_QUOTE, UNREADABLE_INPUT, citation_where, coverage_line, formula, one_line, plural, safe,
                    shows_relation, source_word, where)
from .renderer import Renderer
from .tally import Tally

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
RULE_STYLE = "bold"  # the terminal's own foreground: readable on dark and light backgrounds alike
MESSAGE_COLUMN = 21  # "  " + position (9) + "  " + severity (7) + " ": where a finding's message begins
MIN_WIDTH = 20  # a message column narrower than this wraps as if it were this wide
# What a line is not broken inside: a run of ASCII (10:5013, T3-BALANCE), with the
# label it follows (总计 20, 差 1); else one character.
WRAP_TOKEN = re.compile(r"(?:[^\x00-\x7f] )?[!-~]+|\s+|.")
CLOSING = set("，。、；：！？）」』］】》〉”’%")
OPENING = set("（「『［【《〈“‘")
ZEROS_TOGETHER = 3  # this many cited zeros (a long sum's empty rows) are cited on one line


def print_rich_file(result: FileResult, console, quiet: bool = False) -> None:
    """One file: its coverage, each finding with its cited figures (quiet: files with findings, no coverage)."""
    from rich.text import Text  # Text is literal: report text is never parsed as markup

    head = Text(safe(result.path), style="bold")
    if result.error:
        head.append("  ")
        head.append(f"error {UNREADABLE_INPUT}: {one_line(result.error)}", style="bold red")
        console.print(head)
        return
    if quiet and not result.findings:
        return
    if not quiet:
        head.append(f"  {'与文件夹中其他报告对照' if result.across else coverage_line(result)}", style="dim")
    console.print(head)
    for f in result.findings:
        _print_finding(result, f, console)
    if not result.findings:
        console.print(Text("  no findings", style="green"))


def _print_finding(result: FileResult, finding, console) -> None:
    """The finding's line, its formula, its figures: every continuation line under the message."""
    from rich.text import Text

    head = Text("  ")
    head.append(f"{where(result, finding.start):>9}  ", style="dim")
    head.append(f"{finding.severity:<7} ", style=STYLES[finding.severity])
    body = Text(finding.rule, style=RULE_STYLE)
    body.append(f" [{finding.kind}] ", style="dim")
    body.append(one_line(finding.message))
    _hanging(console, head, body)
    extra = formula(finding)
    if extra and not shows_relation(finding):
        _hanging(console, Text(" " * MESSAGE_COLUMN), Text(f"= {one_line(extra)}", style="dim"))
    zeros = [fact for fact in finding.facts if _is_zero(fact)]
    if len(zeros) < ZEROS_TOGETHER:
        zeros = []
    for fact in finding.facts:
        if fact in zeros:
            continue
        cite = Text(f"· {where(result, fact.start)} ", style="dim")
        cite.append(f"{source_word(fact)} “{one_line(_context_quote(result, fact))}”")
        _hanging(console, Text(" " * MESSAGE_COLUMN), cite, indent=2)
    if zeros:
        columns = {fact.column_label for fact in zeros}
        column = columns.pop() if len(columns) == 1 and None not in columns and VALUE not in columns else None
        cite = Text(f"· {len(zeros)} 项为 0{f'［{column}］' if column else ''}：", style="dim")
        for i, fact in enumerate(zeros):
            cite.append("，" if i else "")
            cite.append(one_line(_context_quote(result, fact, with_value=False, with_column=not column)))
            cite.append(f" {where(result, fact.start)}", style="dim")
        _hanging(console, Text(" " * MESSAGE_COLUMN), cite, indent=2)
    for other in finding.related:  # the other report's side of a finding across reports
        cite = Text(f"↔ {one_line(other.note)} {citation_where(other)} ", style="dim")
        cite.append(f"“{one_line(other.quote)}”")
        _hanging(console, Text(" " * MESSAGE_COLUMN), cite, indent=2)


def _is_zero(fact) -> bool:
    return fact.source == "table" and fact.value is not None and fact.value.is_exact and fact.value.low == 0


def _hanging(console, head, body, indent: int = 0) -> None:
    """`head` then `body`, wrapped to the console's width with every continuation
    line starting under the body (`indent` more for a cited figure's quote)."""
    from rich.text import Text

    start = head.cell_len
    for i, line in enumerate(_wrapped(body, max(MIN_WIDTH, console.width - start), indent)):
        console.print(Text.assemble(head if i == 0 else " " * (start + indent), line), soft_wrap=True)


def _wrapped(text, width: int, indent: int = 0) -> list:
    """Lines of `text` at most `width` cells wide (the continuation lines `indent`
    less). Chinese breaks between any two characters, as it is typeset; a run of
    Latin letters, digits and their punctuation (10:5013, T3-BALANCE) is not broken."""
    from rich.cells import cell_len

    plain = text.plain
    cuts, used, limit, starts = [], 0, width, []  # starts: where the current line's tokens begin
    for token in WRAP_TOKEN.finditer(plain):
        size = cell_len(token.group())
        if used + size > limit and used:
            cut = token.start()
            # a closing mark does not begin a line, an opening one does not end it: take a token along
            while len(starts) > 1 and (plain[cut] in CLOSING or plain[cut - 1] in OPENING):
                cut = starts.pop()
            cuts.append(cut)
            used, limit, starts = cell_len(plain[cut:token.start()].lstrip()), width - indent, [cut]
        if token.group().isspace() and not used:
            continue  # no line starts with a space
        used += size
        starts.append(token.start())
    lines = text.divide(cuts) if cuts else [text]
    return [line[len(line.plain) - len(line.plain.lstrip()):] for line in lines]


def print_rich_tail(tally: Tally, console, batch_summary: bool = False, quiet: bool = False) -> None:
    """The counts line, and for a batch the summary table (quiet: nothing)."""
    from rich.text import Text

    if quiet:
        return
    s = tally.summary()
    tail = Text(f"\n{plural(s['files'], 'file')}: ")
    tail.append(plural(s["errors"], "error"), style=STYLES["error"] if s["errors"] else "")
    tail.append(", ")
    tail.append(plural(s["warnings"], "warning"), style=STYLES["warning"] if s["warnings"] else "")
    tail.append(f", {plural(s['infos'], 'info')}")
    if tally.unreadable:
        tail.append(f", {len(tally.unreadable)} unreadable", style="bold red")
    console.print(tail)
    if batch_summary and tally.files > 1:
        print_summary_table(tally, console)


def _context_quote(result: FileResult, fact, with_value: bool = True, with_column: bool = True) -> str:
    """A table fact as 行标签［列］｜值 (parts left out on request); a prose fact with its clause."""
    if fact.source == "table":
        label = " ".join((fact.row_label or "").split())
        label = label if len(label) <= 24 else label[:23] + "…"
        if with_column and fact.column_label and fact.column_label != VALUE:
            label += f"［{fact.column_label}］"
        if not with_value:
            return label or BLANK_QUOTE
        value = fact.raw or BLANK_QUOTE
        return f"{label}｜{value}" if label else value
    doc = result.document
    text = doc.text
    begin = max(0, fact.start - 30)
    cut = max(text.rfind(c, begin, fact.start) for c in "。\n；;，,")
    begin = cut + 1 if cut >= begin else begin
    return doc.quote(begin, fact.end)


def print_summary_table(tally: Tally, console) -> None:
    """The batch summary as a rich table: counts only (each file has said its own state)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Summary", title_justify="left", show_header=True, header_style="bold")
    table.add_column("", no_wrap=True)
    table.add_column("count", justify="right")
    table.add_column("detail")
    table.add_row("files", str(tally.files), "")
    table.add_row("files with errors", str(tally.files_with_errors), "error-level findings")
    table.add_row("unreadable files", str(len(tally.unreadable)), UNREADABLE_INPUT)
    for state in TABLE_STATES:
        table.add_row(STATE_NAMES[state], str(tally.tables[state]), "")
    kinds = tally.kinds()
    if kinds:
        table.add_section()
        table.add_row("findings by kind", str(sum(sum(c.values()) for _, c in kinds)), "")
    for kind, counts in kinds:
        detail = ", ".join(f"{counts[s]} {s}" for s in WORST_FIRST if counts[s])
        table.add_row(f"  {kind}", str(sum(counts.values())), detail)
    console.print(table)


def _rendered(draw) -> str:
    buffer = io.StringIO()
    draw(buffer)
    return buffer.getvalue()


RENDERER = Renderer(
    piece=lambda result, index, options: _rendered(
        lambda out: print_rich_file(result, options.rich.console(out), options.quiet)),
    end=lambda ending: _rendered(lambda out: print_rich_tail(
        ending.tally, ending.options.rich.console(out), batch_summary=True, quiet=ending.options.quiet)),
)

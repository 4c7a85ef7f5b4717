"""The rich format: each file with its coverage, each finding with its cited figures, in colour.

Report text is never parsed as markup (rich Text is literal); a worker renders
with the main process's console settings (renderer.RichOptions), so the output is the
same whatever process made it.
"""
from __future__ import annotations

import io

from ..core.model import WORST_FIRST, FileResult
from ..knowledge.templates import VALUE
from .lines import BLANK_QUOTE, coverage_line, formula, one_line, plural, safe, shows_relation, source_word, where
from .renderer import Renderer
from .tally import Tally

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_rich_file(result: FileResult, console) -> None:
    """One file: its coverage, each finding with its cited figures."""
    from rich.text import Text  # Text is literal: report text is never parsed as markup

    head = Text(safe(result.path), style="bold")
    if result.error:
        head.append("  ")
        head.append(f"error: {one_line(result.error)}", style="bold red")
        console.print(head)
        return
    head.append(f"  {coverage_line(result)}", style="dim")
    console.print(head)
    for f in result.findings:
        line = Text("  ")
        line.append(f"{where(result, f.start):>9}  ", style="dim")
        line.append(f"{f.severity:<7}", style=STYLES[f.severity])
        line.append(f" {f.rule}", style="magenta")
        line.append(f" [{f.kind}] ", style="dim")
        line.append(one_line(f.message))
        console.print(line)
        extra = formula(f)
        if extra and not shows_relation(f):
            console.print(Text(f"             = {one_line(extra)}", style="dim"))
        for fact in f.facts:
            cite = Text("             · ", style="dim")
            cite.append(f"{where(result, fact.start)} ", style="dim")
            cite.append(f"{source_word(fact)} “{one_line(_context_quote(result, fact))}”")
            console.print(cite)
    if not result.findings:
        console.print(Text("  no findings", style="green"))


def print_rich_tail(tally: Tally, console, batch_summary: bool = False) -> None:
    """The counts line, and for a batch the summary table."""
    from rich.text import Text

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


def _context_quote(result: FileResult, fact) -> str:
    """A table fact as 行标签｜值; a prose fact with its clause."""
    if fact.source == "table":
        label = " ".join((fact.row_label or "").split())
        label = label if len(label) <= 24 else label[:23] + "…"
        if fact.column_label and fact.column_label != VALUE:
            label += f"［{fact.column_label}］"
        value = fact.raw or BLANK_QUOTE
        return f"{label}｜{value}" if label else value
    doc = result.document
    text = doc.text
    begin = max(0, fact.start - 30)
    cut = max(text.rfind(c, begin, fact.start) for c in "。\n；;，,")
    begin = cut + 1 if cut >= begin else begin
    return doc.quote(begin, fact.end)


def print_summary_table(tally: Tally, console) -> None:
    """The batch summary as a rich table (cells are Text: a file name is never markup)."""
    from rich.table import Table
    from rich.text import Text

    unreadable = [path for path, _ in tally.unreadable]
    table = Table(title="Summary", title_justify="left", show_header=True, header_style="bold")
    table.add_column("", no_wrap=True)
    table.add_column("count", justify="right")
    table.add_column("detail")
    table.add_row("files", str(tally.files), "")
    table.add_row("files with errors", str(tally.files_with_errors), "error-level findings")
    table.add_row("unreadable files", str(len(unreadable)), Text(_listing(unreadable)))
    table.add_row("table not read", str(len(tally.tables_unread)), Text(_listing(tally.tables_unread)))
    kinds = tally.kinds()
    if kinds:
        table.add_section()
        table.add_row("findings by kind", str(sum(sum(c.values()) for _, c in kinds)), "")
    for kind, counts in kinds:
        detail = ", ".join(f"{counts[s]} {s}" for s in WORST_FIRST if counts[s])
        table.add_row(f"  {kind}", str(sum(counts.values())), detail)
    console.print(table)


def _listing(paths: list, limit: int = 5) -> str:
    shown = ", ".join(safe(path) for path in paths[:limit])
    return shown + (f" … (+{len(paths) - limit})" if len(paths) > limit else "")


def _rendered(draw) -> str:
    buffer = io.StringIO()
    draw(buffer)
    return buffer.getvalue()


RENDERER = Renderer(
    piece=lambda result, index, options: _rendered(lambda out: print_rich_file(result, options.rich.console(out))),
    end=lambda ending: _rendered(
        lambda out: print_rich_tail(ending.tally, ending.options.rich.console(out), batch_summary=True)),
)

"""What the human formats (text, rich, github, html) say alike: positions, coverage, formulas, summaries.

Report text reaches a terminal: control characters (ANSI escapes…) in a path
or a message are made harmless here, once for every format.
"""
from __future__ import annotations

from ..core import display
from ..core.model import UNKNOWN_FORMAT, WORST_FIRST, FileResult, Finding
from ..core.numbers import fmt_decimal
from ..knowledge.templates import format_label
from .tally import Tally


def where(result: FileResult, offset: int) -> str:
    page, line, column = result.document.position(offset)
    return f"p.{page} {line}:{column}" if page is not None else f"{line}:{column}"


def table_state(cov) -> str:
    """none (no statistical table: prose only), unreadable, partial or read."""
    if cov.format == UNKNOWN_FORMAT or not cov.table_cells:
        return "none" if not cov.table_cells_read else "read"
    if not cov.table_cells_read:
        return "unreadable"
    if cov.table_cells_read < cov.table_cells or cov.rows_missing or cov.rows_unread:
        return "partial"
    return "read"


def coverage_line(result: FileResult) -> str:
    cov = result.coverage
    if cov is None:
        return ""
    state = table_state(cov)
    if state == "none":
        table = "无统计表（仅文字）"
    elif state == "unreadable":
        table = f"统计表未能读取（0/{cov.table_cells} 格）"
    else:
        table = f"表格 {cov.table_cells_read}/{cov.table_cells} 格已读"
        if cov.table_cells_inferred:
            table += f"（推断 {cov.table_cells_inferred}）"
        unread = cov.rows_unread or ()
        if unread:
            table += f" · {len(unread)} 行数字连写无法拆分"
        if cov.rows_missing:
            table += f" · 未找到 {len(cov.rows_missing)} 行"
    return f"{format_label(cov.format)} · {table} · 文中数字 {cov.prose_mapped}/{cov.prose_facts} 个对应指标"


def explained_message(result: FileResult, finding: Finding) -> str:
    """The message on one line, with its formula when the message lacks it and
    every cited figure's position."""
    message = one_line(finding.message)
    extra = formula(finding)
    if extra and not shows_relation(finding):
        message += f" {extra}"
    cited = figures_cited(result, finding)
    if cited:
        message += f" [figures {cited}]"
    return message


def line_message(result: FileResult, finding: Finding) -> tuple[int, int, str]:
    """Line, column and one-line message of a finding; a PDF's lines are counted
    within each page, so its message starts with the page."""
    page, line, column = result.document.position(finding.start)
    message = explained_message(result, finding)
    return line, column, (f"[p.{page}] " if page is not None else "") + message


BLANK_QUOTE = "（空白）"  # how a blank cell is quoted


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(s: dict) -> str:
    return (f"{plural(s['files'], 'file')}: {plural(s['errors'], 'error')}, "
            f"{plural(s['warnings'], 'warning')}, {plural(s['infos'], 'info')}")


def safe(text: str) -> str:
    """A file name for the terminal: control characters (ANSI escapes…) made harmless."""
    return display.shown(text)


def one_line(text: str) -> str:
    """One line, with control characters (ANSI escapes…) made harmless."""
    return display.shown(" ".join(text.split()))


RELATION_OPS = (("==", "≠"), ("!=", "="), ("<=", ">"), (">=", "<"), ("<", "≥"), (">", "≤"))


def formula(finding: Finding) -> str:
    """`left ≠ right（差 d）` for a finding of a relation, "" for other findings."""
    if not (finding.left and finding.right):
        return ""
    broken = "≠"
    for op, negated in RELATION_OPS:
        if op in (finding.relation or ""):
            broken = negated
            break
    text = f"{finding.left} {broken} {finding.right}"
    if finding.difference:
        text += f"（差 {finding.difference}）"
    return text


def shows_relation(finding: Finding) -> bool:
    """Whether the message already states the relation: every figure of it appears there."""
    if formula(finding) in finding.message:
        return True
    shown = []
    for value in finding.values:
        try:
            shown.append(fmt_decimal(value) in finding.message)
        except (AttributeError, TypeError, ArithmeticError):
            shown.append(str(value) in finding.message)
    return bool(shown) and all(shown)


def figures_cited(result: FileResult, finding: Finding) -> str:
    """Every figure of a finding with its position: `9:103 1580条; 41:1 10351`."""
    cited = []
    for fact in finding.facts:
        cited.append(f"{where(result, fact.start)} {one_line(fact.raw) or BLANK_QUOTE}")
    return "; ".join(cited)


def summary_lines(tally: Tally) -> list[str]:
    """The batch summary as plain `summary: …` lines (text format)."""
    unreadable = [path for path, _ in tally.unreadable]
    lines = [
        f"summary: files {tally.files}, with error findings {tally.files_with_errors}, "
        f"unreadable {len(unreadable)}, table not read {len(tally.tables_unread)}"
    ]
    for kind, counts in tally.kinds():
        detail = ", ".join(f"{counts[s]} {s}" for s in WORST_FIRST if counts[s])
        lines.append(f"summary: kind {kind} {sum(counts.values())} ({detail})")
    for path in unreadable:
        lines.append(f"summary: unreadable {safe(path)}")
    for path in tally.tables_unread:
        lines.append(f"summary: table not read {safe(path)}")
    return lines


def source_word(fact) -> str:
    """表格 for a table cell, 文中 for a figure of the text."""
    return "表格" if fact.source == "table" else "文中"

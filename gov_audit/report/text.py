"""Rendering results: rich terminal report, plain text, JSON."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Optional

from ..core.model import FileResult, Finding
from ..core.numbers import json_number
from .tally import Tally

FORMAT_NAMES = {"2014": "2014 统计表", "2019": "2019 格式", "2021": "2021 格式", "unknown": "格式未识别"}
STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary(results: list[FileResult]) -> dict:
    return Tally.of(results).summary()


def _number(value) -> Optional[object]:
    if value is None:
        return None
    return json_number(value) if isinstance(value, Decimal) else value


def fact_json(result: FileResult, fact) -> dict:
    page, line, column = result.document.position(fact.start) if result.document else (None, 0, 0)
    data = {
        "key": fact.key, "value": _number(fact.value.point) if fact.value is not None else None,
        "source": fact.source, "line": line, "column": column, "quote": fact.raw,
        "unit": fact.unit, "inferred": fact.inferred,
    }
    if fact.value is not None and not fact.value.is_exact:
        data["low"] = _number(fact.value.low)
        data["high"] = _number(fact.value.high)
    if fact.row_label:
        data["row"] = fact.row_label
    if fact.blank:
        data["blank"] = fact.blank
    if page is not None:
        data["page"] = page
    return data


def finding_json(result: FileResult, finding: Finding) -> dict:
    data = {
        "rule": finding.rule, "kind": finding.kind, "severity": finding.severity,
        "message": finding.message, "values": [_number(v) for v in finding.values],
        "facts": [fact_json(result, f) for f in finding.facts],
    }
    for name in ("relation", "left", "right", "difference"):
        value = getattr(finding, name)
        if value:
            data[name] = value
    return data


def coverage_json(result: FileResult) -> Optional[dict]:
    cov = result.coverage
    if cov is None:
        return None
    unread = list(cov.rows_unread or ())
    return {
        "format": cov.format, "table_cells": cov.table_cells, "table_cells_read": cov.table_cells_read,
        "table_cells_inferred": cov.table_cells_inferred, "prose_figures": cov.prose_facts,
        "prose_figures_mapped": cov.prose_mapped, "rows_missing": cov.rows_missing,
        "tables_found": cov.tables_found,
        # rows found whose figures could not be read (cells run together beyond a unique split)
        "rows_unread": [u.split("：", 1)[0] for u in unread],
        "rows_unread_reasons": unread,
        "table": _table_state(cov),
    }


def _table_state(cov) -> str:
    """none (no statistical table: prose only), unreadable, partial or read."""
    if cov.format == "unknown" or not cov.table_cells:
        return "none" if not cov.table_cells_read else "read"
    if not cov.table_cells_read:
        return "unreadable"
    if cov.table_cells_read < cov.table_cells or cov.rows_missing or cov.rows_unread:
        return "partial"
    return "read"


def file_json(result: FileResult) -> dict:
    """One file's entry in the JSON output."""
    return {
        "path": result.path, "format": result.format,
        "encoding": result.document.encoding if result.document else None,
        "findings": [finding_json(result, f) for f in result.findings], "error": result.error,
        "coverage": coverage_json(result), "notes": result.notes,
    }


def json_piece(result: FileResult) -> str:
    """One file's entry, on one line, in the `files` list of the JSON output.

    One line a file: json's C encoder only serves unindented output, and
    indenting every fact made rendering a fifth of a run's time.
    """
    return "    " + json.dumps(file_json(result), ensure_ascii=False)


def json_head() -> str:
    return '{\n  "version": 1,\n  "files": ['


def json_tail(tally: Tally, files: int, baselined: Optional[int] = None) -> str:
    """Closes the JSON document opened by json_head after `files` pieces (joined by ",\n")."""
    summary_text = json.dumps(tally.summary(), indent=2).replace("\n", "\n  ")
    tail = ("\n  ]" if files else "]") + f',\n  "summary": {summary_text}'
    if baselined is not None:
        tail += f',\n  "baselined": {baselined}'
    return tail + "\n}"


def to_json(results: list[FileResult], baselined: Optional[int] = None) -> str:
    pieces = [json_piece(r) for r in results]
    body = ("\n" + ",\n".join(pieces)) if pieces else ""
    return json_head() + body + json_tail(Tally.of(results), len(pieces), baselined)


def _where(result: FileResult, offset: int) -> str:
    page, line, column = result.document.position(offset)
    return f"p.{page} {line}:{column}" if page is not None else f"{line}:{column}"


def coverage_line(result: FileResult) -> str:
    cov = result.coverage
    if cov is None:
        return ""
    state = _table_state(cov)
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
    return f"{FORMAT_NAMES.get(cov.format, cov.format)} · {table} · 文中数字 {cov.prose_mapped}/{cov.prose_facts} 个对应指标"


def explained_message(result: FileResult, finding: Finding) -> str:
    """The message on one line, with its formula when the message lacks it and
    every cited figure's position."""
    message = _one_line(finding.message)
    extra = formula(finding)
    if extra and not shows_relation(finding):
        message += f" {extra}"
    cited = figures_cited(result, finding)
    if cited:
        message += f" [figures {cited}]"
    return message


def text_piece(result: FileResult) -> str:
    """One file's lines of the text format."""
    if result.error:
        return f"{_safe(result.path)}:0:0: error input {_one_line(result.error)}\n"
    lines = []
    for f in result.findings:
        line, column, message = _line_message(result, f)
        lines.append(f"{_safe(result.path)}:{line}:{column}: {f.severity} {f.rule} {message}\n")
    return "".join(lines)


def _line_message(result: FileResult, finding: Finding) -> tuple[int, int, str]:
    """Line, column and one-line message of a finding; a PDF's lines are counted
    within each page, so its message starts with the page."""
    page, line, column = result.document.position(finding.start)
    message = explained_message(result, finding)
    return line, column, (f"[p.{page}] " if page is not None else "") + message


def text_tail(tally: Tally, batch_summary: bool = False) -> str:
    """The summary lines that end the text format (`summary: …` for a batch)."""
    lines = summary_lines(tally) if batch_summary and tally.files > 1 else []
    lines.append(summary_line(tally.summary()))
    return "\n".join(lines) + "\n"


def to_text(results: list[FileResult], batch_summary: bool = False) -> str:
    """One finding a line, compiler style: path:line:col: severity rule message.

    The message ends with the formula when it does not already show it, and
    with every cited figure's position: `[figures 9:103 1580条; 41:1 10351]`.
    With `batch_summary`, summary lines (`summary: …`) come before the last line.
    """
    return "".join(text_piece(r) for r in results) + text_tail(Tally.of(results), batch_summary)


CONTROL = dict.fromkeys(list(range(0, 32)) + [127] + list(range(0x80, 0xA0)), "\ufffd")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(s: dict) -> str:
    return (f"{_plural(s['files'], 'file')}: {_plural(s['errors'], 'error')}, "
            f"{_plural(s['warnings'], 'warning')}, {_plural(s['infos'], 'info')}")


def _safe(text: str) -> str:
    """A file name for the terminal: control characters (ANSI escapes…) made harmless."""
    return text.translate(CONTROL)


def _one_line(text: str) -> str:
    """One line, with control characters (ANSI escapes…) made harmless."""
    return " ".join(text.split()).translate(CONTROL)


def print_rich(results: list[FileResult], console, batch_summary: bool = False) -> None:
    """Per file, findings with their cited figures; with `batch_summary` a summary table at the end."""
    for result in results:
        print_rich_file(result, console)
    print_rich_tail(Tally.of(results), console, batch_summary)


def print_rich_file(result: FileResult, console) -> None:
    """One file: its coverage, each finding with its cited figures."""
    from rich.text import Text  # Text is literal: report text is never parsed as markup

    head = Text(_safe(result.path), style="bold")
    if result.error:
        head.append("  ")
        head.append(f"error: {result.error}", style="bold red")
        console.print(head)
        return
    head.append(f"  {coverage_line(result)}", style="dim")
    console.print(head)
    for f in result.findings:
        line = Text("  ")
        line.append(f"{_where(result, f.start):>9}  ", style="dim")
        line.append(f"{f.severity:<7}", style=STYLES[f.severity])
        line.append(f" {f.rule}", style="magenta")
        line.append(f" [{f.kind}] ", style="dim")
        line.append(_one_line(f.message))
        console.print(line)
        extra = formula(f)
        if extra and not shows_relation(f):
            console.print(Text(f"             = {_one_line(extra)}", style="dim"))
        for fact in f.facts:
            cite = Text("             · ", style="dim")
            cite.append(f"{_where(result, fact.start)} ", style="dim")
            source = "表格" if fact.source == "table" else "文中"
            cite.append(f"{source} “{_one_line(_context_quote(result, fact))}”")
            console.print(cite)
    if not result.findings:
        console.print(Text("  no findings", style="green"))


def print_rich_tail(tally: Tally, console, batch_summary: bool = False) -> None:
    """The counts line, and for a batch the summary table."""
    from rich.text import Text

    s = tally.summary()
    tail = Text(f"\n{_plural(s['files'], 'file')}: ")
    tail.append(_plural(s["errors"], "error"), style=STYLES["error"] if s["errors"] else "")
    tail.append(", ")
    tail.append(_plural(s["warnings"], "warning"), style=STYLES["warning"] if s["warnings"] else "")
    tail.append(f", {_plural(s['infos'], 'info')}")
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
        if fact.column_label and fact.column_label != "value":
            label += f"［{fact.column_label}］"
        value = fact.raw or "（空白）"
        return f"{label}｜{value}" if label else value
    doc = result.document
    text = doc.text
    begin = max(0, fact.start - 30)
    cut = max(text.rfind(c, begin, fact.start) for c in "。\n；;，,")
    begin = cut + 1 if cut >= begin else begin
    return doc.quote(begin, fact.end)


def worst(results: list[FileResult]) -> int:
    """Highest severity rank found, -1 for none."""
    return Tally.of(results).worst


# ---------------------------------------------------------------- relations, figures, summaries

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
    from ..core.numbers import fmt_decimal

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
        where = _where(result, fact.start)
        cited.append(f"{where} {_one_line(fact.raw) or '（空白）'}")
    return "; ".join(cited)


def summary_lines(tally: Tally) -> list[str]:
    """The batch summary as plain `summary: …` lines (text format)."""
    unreadable = [path for path, _ in tally.unreadable]
    lines = [
        f"summary: files {tally.files}, with error findings {tally.files_with_errors}, "
        f"unreadable {len(unreadable)}, table not read {len(tally.tables_unread)}"
    ]
    for kind, counts in tally.kinds():
        detail = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
        lines.append(f"summary: kind {kind} {sum(counts.values())} ({detail})")
    for path in unreadable:
        lines.append(f"summary: unreadable {path}")
    for path in tally.tables_unread:
        lines.append(f"summary: table not read {path}")
    return lines


def print_summary_table(tally: Tally, console) -> None:
    """The batch summary as a rich table."""
    from rich.table import Table

    unreadable = [path for path, _ in tally.unreadable]
    table = Table(title="Summary", title_justify="left", show_header=True, header_style="bold")
    table.add_column("", no_wrap=True)
    table.add_column("count", justify="right")
    table.add_column("detail")
    table.add_row("files", str(tally.files), "")
    table.add_row("files with errors", str(tally.files_with_errors), "error-level findings")
    table.add_row("unreadable files", str(len(unreadable)), _listing(unreadable))
    table.add_row("table not read", str(len(tally.tables_unread)), _listing(tally.tables_unread))
    kinds = tally.kinds()
    if kinds:
        table.add_section()
        table.add_row("findings by kind", str(sum(sum(c.values()) for _, c in kinds)), "")
    for kind, counts in kinds:
        detail = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
        table.add_row(f"  {kind}", str(sum(counts.values())), detail)
    console.print(table)


def _listing(paths: list, limit: int = 5) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (f" … (+{len(paths) - limit})" if len(paths) > limit else "")


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def github_piece(result: FileResult) -> str:
    """GitHub Actions workflow commands of one file: `::error file=…,line=…,col=…,title=…::message`."""
    if result.error:
        return f"::error file={_gh_property(result.path)},title=govaudit::{_gh_data(result.error)}\n"
    lines = []
    for f in result.findings:
        line, column, message = _line_message(result, f)
        props = f"file={_gh_property(result.path)},line={line},col={column},title={_gh_property(f'{f.rule} [{f.kind}]')}"
        lines.append(f"::{GITHUB_LEVELS[f.severity]} {props}::{_gh_data(message)}\n")
    return "".join(lines)


def to_github(results: list[FileResult]) -> str:
    return "".join(github_piece(r) for r in results)

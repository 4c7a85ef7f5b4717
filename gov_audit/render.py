"""Rendering results: rich terminal report, plain text, JSON."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Optional

from .model import FileResult, Finding, severity_rank
from .numbers import json_number

FORMAT_NAMES = {"2014": "2014 统计表", "2019": "2019 格式", "2021": "2021 格式", "unknown": "格式未识别"}
STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary(results: list[FileResult]) -> dict:
    counts = {"files": len(results), "errors": 0, "warnings": 0, "infos": 0}
    for result in results:
        for finding in result.findings:
            counts[finding.severity + "s"] += 1
    return counts


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
    return {
        "format": cov.format, "table_cells": cov.table_cells, "table_cells_read": cov.table_cells_read,
        "table_cells_inferred": cov.table_cells_inferred, "prose_figures": cov.prose_facts,
        "prose_figures_mapped": cov.prose_mapped, "rows_missing": cov.rows_missing,
        "tables_found": cov.tables_found,
    }


def to_json(results: list[FileResult]) -> str:
    doc = {
        "version": 1,
        "files": [
            {
                "path": r.path, "format": r.format, "encoding": r.document.encoding if r.document else None,
                "findings": [finding_json(r, f) for f in r.findings], "error": r.error,
                "coverage": coverage_json(r),
            }
            for r in results
        ],
        "summary": summary(results),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _where(result: FileResult, offset: int) -> str:
    page, line, column = result.document.position(offset)
    return f"p.{page} {line}:{column}" if page is not None else f"{line}:{column}"


def coverage_line(result: FileResult) -> str:
    cov = result.coverage
    if cov is None:
        return ""
    if cov.format == "unknown" or not cov.table_cells:
        table = "无统计表（或未能识别）"
    else:
        table = f"表格 {cov.table_cells_read}/{cov.table_cells} 格"
        if cov.table_cells_inferred:
            table += f"（推断 {cov.table_cells_inferred}）"
    return f"{FORMAT_NAMES.get(cov.format, cov.format)} · {table} · 文中数字 {cov.prose_mapped}/{cov.prose_facts} 个对应指标"


def to_text(results: list[FileResult]) -> str:
    """One finding a line, compiler style: path:line:col: severity rule message."""
    lines = []
    for result in results:
        if result.error:
            lines.append(f"{result.path}:0:0: error input {result.error}")
            continue
        for f in result.findings:
            _, line, column = result.document.position(f.start)
            lines.append(f"{result.path}:{line}:{column}: {f.severity} {f.rule} {_one_line(f.message)}")
    s = summary(results)
    lines.append(summary_line(s))
    return "\n".join(lines) + "\n"


CONTROL = dict.fromkeys(list(range(0, 32)) + [127] + list(range(0x80, 0xA0)), "\ufffd")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(s: dict) -> str:
    return (f"{_plural(s['files'], 'file')}: {_plural(s['errors'], 'error')}, "
            f"{_plural(s['warnings'], 'warning')}, {_plural(s['infos'], 'info')}")


def _one_line(text: str) -> str:
    """One line, with control characters (ANSI escapes…) made harmless."""
    return " ".join(text.split()).translate(CONTROL)


def print_rich(results: list[FileResult], console) -> None:
    from rich.text import Text  # Text is literal: report text is never parsed as markup

    for result in results:
        head = Text(result.path, style="bold")
        if result.error:
            head.append("  ")
            head.append(f"error: {result.error}", style="bold red")
            console.print(head)
            continue
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
            for fact in f.facts:
                cite = Text("             · ", style="dim")
                cite.append(f"{_where(result, fact.start)} ", style="dim")
                source = "表格" if fact.source == "table" else "文中"
                cite.append(f"{source} “{_one_line(_context_quote(result, fact))}”")
                console.print(cite)
        if not result.findings:
            console.print(Text("  no findings", style="green"))
    s = summary(results)
    tail = Text(f"\n{_plural(s['files'], 'file')}: ")
    tail.append(_plural(s["errors"], "error"), style=STYLES["error"] if s["errors"] else "")
    tail.append(", ")
    tail.append(_plural(s["warnings"], "warning"), style=STYLES["warning"] if s["warnings"] else "")
    tail.append(f", {_plural(s['infos'], 'info')}")
    unreadable = sum(1 for r in results if r.error)
    if unreadable:
        tail.append(f", {unreadable} unreadable", style="bold red")
    console.print(tail)


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
    ranks = [severity_rank(f.severity) for r in results for f in r.findings]
    return max(ranks, default=-1)

"""Each speed target of issue 18 against its floor, both measured in the same run.

    .venv/bin/python benchmarks/floors.py [--rounds N]

A floor is the least work a report of that kind needs, measured on the same
reports, in the same process, interleaved with govaudit's own time (one round
of each, then again), so that a shared machine's load falls on both alike:

- text report: read the file, decode it, run one number regex over it (re);
- HTML report: lxml's parse of the page;
- PDF: the same pages read by pdfplumber (pdfminer), as every PDF was read
  before pdfium — and the two reads must be identical, text and positions;
- one-report CLI: `python -c "import click"`, wall time.

Each figure is the median of the rounds, and the spread of the per-round ratios
(lowest–highest) says how noisy the machine was. In-process work is timed in
CPU time of this process (time.process_time): on a machine whose cores other
people's tests share, wall time counts the time we wait for a core, CPU time
does not; the CLI is timed by the wall clock, as a user waits for it.
`bench.py` calls `measure()`.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NUMBER = re.compile(r"\d+(?:\.\d+)?")
TEXT_SUFFIXES = (".txt", ".md")
REPORTS_A_YEAR = 150_000  # disclosure reports a year nationwide, every level of government


def reports(suffixes: tuple, folders=("fixtures", "fixtures/corpus", "fixtures/pdf")) -> list[Path]:
    found = []
    for folder in folders:
        path = ROOT / folder
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix in suffixes)
    return found


def _timed(work, clock=time.process_time) -> float:
    began = clock()
    work()
    return clock() - began


def interleaved(ours, floor, rounds: int, clock=time.process_time) -> dict:
    """Median seconds of each, and the median and spread of their per-round ratio."""
    ours_t, floor_t = [], []
    for _ in range(rounds):
        floor_t.append(_timed(floor, clock))
        ours_t.append(_timed(ours, clock))
    ratios = sorted(a / b for a, b in zip(ours_t, floor_t))
    return {"ours": statistics.median(ours_t), "floor": statistics.median(floor_t),
            "ratio": statistics.median(ratios), "spread": (ratios[0], ratios[-1])}


def _checking(files: list[Path]):
    """A round of govaudit's own work: `check` on each file, in this process."""
    from gov_audit.audit import load_rules
    from gov_audit.pipeline import check_path

    rules = load_rules()

    def ours():
        for path in files:
            check_path(str(path), rules)
    return ours


def text_target(rounds: int) -> dict:
    files = reports(TEXT_SUFFIXES)
    ours = _checking(files)

    def floor():
        for path in files:
            NUMBER.findall(path.read_bytes().decode("utf-8"))

    ours()
    return dict(interleaved(ours, floor, rounds), count=len(files))


def _repeated(work, times: int):
    def run():
        for _ in range(times):
            work()
    return run


def html_target(rounds: int, repeat: int = 20) -> dict:
    import lxml.html

    files = reports((".html", ".htm"))
    ours = _checking(files)

    def floor():
        for path in files:
            lxml.html.document_fromstring(path.read_bytes())

    ours()
    measured = interleaved(_repeated(ours, repeat), _repeated(floor, repeat), rounds)
    return dict(measured, ours=measured["ours"] / repeat, floor=measured["floor"] / repeat, count=len(files))


def pdf_target(rounds: int) -> dict:
    """check per page through pdfium, against the same check with pdfplumber reading the pages."""
    from gov_audit.audit import load_rules
    from gov_audit.load import load_document
    from gov_audit.load.pdf import pages as pdf_pages
    from gov_audit.pipeline import check_document

    files = reports((".pdf",))
    rules = load_rules()
    fast_read = pdf_pages.read_document

    def check_all():
        return [check_document(load_document(str(path)), rules) for path in files]

    def plumbed():
        pdf_pages.read_document = lambda raw: None
        try:
            return check_all()
        finally:
            pdf_pages.read_document = fast_read

    fast, slow = check_all(), plumbed()
    identical = all(_same_read(a.document, b.document) and _findings(a) == _findings(b) for a, b in zip(fast, slow))
    pages = sum(result.document.metadata.get("pages", 0) for result in fast)
    measured = interleaved(check_all, plumbed, rounds)
    return dict(measured, count=len(files), pages=pages, identical=identical)


def _same_read(a, b) -> bool:
    return (a.original == b.original and a.text == b.text
            and all(a.position(i) == b.position(i) for i in range(len(a.text))))


def _findings(result) -> list:
    return [(f.rule, f.severity, f.message, f.start) for f in result.findings]


def cli_target(rounds: int) -> dict:
    """Wall time of `govaudit check` on one text report against `python -c "import click"`."""
    script = Path(sys.executable).parent / "govaudit"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "gov_audit"]
    sample = reports(TEXT_SUFFIXES)[1]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run(args):
        return lambda: subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)

    ours = run(command + ["check", str(sample), "--format", "text", "--isolated"])
    floor = run([sys.executable, "-c", "import click"])
    ours()  # .pyc files and the YAML cache, as an installed govaudit has them
    floor()
    return dict(interleaved(ours, floor, rounds, time.perf_counter), sample=sample.relative_to(ROOT))


def measure(rounds: int = 15) -> list[tuple]:
    """(name, line to print, met?) for each target, and the nationwide-year estimates."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    rows = []
    text = text_target(rounds)
    per_text = text["ours"] / text["count"]
    rows.append(("text report ≤ 10× read + decode + one number regex pass",
                 f"{per_text * 1000:.2f} ms a report = {text['ratio']:.1f}× the floor "
                 f"({text['floor'] / text['count'] * 1000:.3f} ms; ratio {_spread(text)} over {rounds} rounds)",
                 text["ratio"] <= 10))
    html = html_target(rounds)
    per_html = html["ours"] / max(html["count"], 1)
    rows.append(("HTML report ≤ 5× its lxml parse",
                 f"{per_html * 1000:.2f} ms a report = {html['ratio']:.1f}× the parse "
                 f"({html['floor'] / max(html['count'], 1) * 1000:.3f} ms; ratio {_spread(html)})",
                 html["ratio"] <= 5))
    pdf = pdf_target(max(3, rounds // 3))
    per_page = pdf["ours"] / max(pdf["pages"], 1)
    speedup = 1 / pdf["ratio"]
    rows.append(("PDF ≥ 5× faster a page than pdfplumber's reading, identical reads",
                 f"{per_page * 1000:.1f} ms a page against {pdf['floor'] / max(pdf['pages'], 1) * 1000:.1f} ms = "
                 f"{speedup:.1f}× faster ({1 / pdf['spread'][1]:.1f}–{1 / pdf['spread'][0]:.1f}×), "
                 f"reads and findings {'identical' if pdf['identical'] else 'DIFFERENT'}",
                 speedup >= 5 and pdf["identical"]))
    cli = cli_target(rounds)
    rows.append(("one-report CLI ≤ 4× `python -c \"import click\"`",
                 f"{cli['ours'] * 1000:.0f} ms against {cli['floor'] * 1000:.0f} ms = {cli['ratio']:.2f}× "
                 f"(ratio {_spread(cli)})", cli["ratio"] <= 4))
    pages_a_report = pdf["pages"] / max(pdf["count"], 1)
    estimates = [
        ("text", REPORTS_A_YEAR * per_text / cores),
        ("HTML", REPORTS_A_YEAR * per_html / cores),
        ("PDF", REPORTS_A_YEAR * pages_a_report * per_page / cores),
    ]
    return rows, estimates, {"cores": cores, "pages_a_report": pages_a_report}


def _spread(result: dict) -> str:
    low, high = result["spread"]
    return f"{low:.1f}–{high:.1f}×"


def duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    rows, estimates, info = measure(args.rounds)
    print("targets (issue 18), each against its floor in the same run:")
    for name, line, met in rows:
        print(f"   {'met ' if met else 'MISS'}  {name}: {line}")
    print(f"a national year ({REPORTS_A_YEAR:,} reports) on {info['cores']} cores, in-process time a report "
          f"(PDF: {info['pages_a_report']:.1f} pages a report):")
    for kind, seconds in estimates:
        print(f"   {kind}: {duration(seconds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

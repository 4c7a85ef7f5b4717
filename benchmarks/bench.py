"""How fast govaudit checks reports, and how much memory it needs (issue 8).

    .venv/bin/python benchmarks/bench.py            # everything, ~2 minutes on 2 cores
    .venv/bin/python benchmarks/bench.py --quick    # fewer files and repeats, ~30 s
    .venv/bin/python benchmarks/bench.py --profile  # where check spends its time, by stage and function

Prints, with the machine (cores, CPU, Python):

1. in-process `check` on the shipped text reports (fixtures/*.txt|md and
   fixtures/corpus/), one core: ms a report and reports/second/core;
2. the CLI (`govaudit check DIR --format json`) on a generated collection of
   2,000 reports (the shipped reports with digits changed at random, in a temp
   folder) with --jobs 1 and with --jobs = all cores: reports/second, per core,
   and the speed-up;
3. the wall time of `govaudit check` on one report (median of 15 runs);
4. peak memory: in-process, checking reports one after another (tracemalloc),
   for few and for many files; and the CLI's peak RSS for few and many files;
5. a 20 KB and a 2 MB report (a long report repeated): ms per MB;
6. pages/second of the PDF reader (benchmarks/bench_pdf.py), when present;
7. each target of issue 18 against its floor, measured in the same run
   (benchmarks/floors.py: a text report against read + decode + one number
   regex pass, an HTML report against its lxml parse, a PDF page against the
   same page read by pdfplumber, the one-report CLI against
   `python -c "import click"`), and the time a national year of reports
   (150,000) takes on this machine's cores, as text, HTML and PDF;

and then each target of issues 8 and 18 with the figure measured. Timings are
the median of repeats (the machine is shared); the load average is printed first.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_PER_REPORT_MS = 2.0  # ≥ 500 reports/s/core in-process
TARGET_CLI_MS = 150.0
TARGET_SCALING = 0.9  # --jobs 2 within 10% of twice --jobs 1


def machine() -> str:
    cores = os.cpu_count() or 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    bytecode = ("off here (PYTHONDONTWRITEBYTECODE), on for the CLI runs"
                if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on")
    return (f"machine: {usable} cores usable ({cores} online), {cpu or platform.machine()}; "
            f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()}\n"
            f"load average at start: {load}; .pyc cache {bytecode}")


def text_reports() -> list[Path]:
    found = []
    for folder in (ROOT / "fixtures", ROOT / "fixtures" / "corpus"):
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".txt", ".md"))
    return found


def govaudit_command() -> list[str]:
    script = Path(sys.executable).parent / "govaudit"
    if script.exists():
        return [str(script)]
    found = shutil.which("govaudit")
    return [found] if found else [sys.executable, "-m", "gov_audit"]


# An installed package has its .pyc files (pip compiles them): the CLI is timed
# so, even where PYTHONDONTWRITEBYTECODE keeps them from being written.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_child(args: list[str]) -> tuple[float, int, int]:
    """(wall seconds, exit code, peak RSS KiB) of a command, output discarded."""
    began = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=CHILD_ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, proc.returncode, usage.ru_maxrss


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


# ---------------------------------------------------------------- the measurements


def in_process(files: list[Path], rounds: int) -> dict:
    from gov_audit.audit import load_rules
    from gov_audit.pipeline import check_path

    rules = load_rules()
    for path in files:  # warm-up: YAML, compiled patterns, OpenCC tables
        check_path(str(path), rules)
    per_file = {}
    for path in files:
        times = []
        for _ in range(rounds):
            began = time.perf_counter()
            check_path(str(path), rules)
            times.append(time.perf_counter() - began)
        per_file[path] = statistics.median(times)
    mean = statistics.mean(per_file.values())
    return {"per_file": per_file, "mean": mean, "rate": 1 / mean}


def stages(files: list[Path], rounds: int) -> dict:
    """ms a report spent in each stage of check, averaged over the files (min of rounds each)."""
    from gov_audit import audit
    from gov_audit.knowledge.layout import table_line_ranges
    from gov_audit.load import load_document
    from gov_audit.pipeline import check_document
    from gov_audit.read import read_prose, read_tables

    rules = audit.load_rules()
    totals = {"load": 0.0, "tables": 0.0, "prose": 0.0, "rules": 0.0}
    for path in files:
        doc = load_document(str(path))
        check_document(doc, rules)
        best = {name: float("inf") for name in totals}
        for _ in range(rounds):
            began = time.perf_counter()
            doc = load_document(str(path))
            loaded = time.perf_counter()
            tables = read_tables(doc)
            read = time.perf_counter()
            prose = read_prose(doc, tables.format, skip=table_line_ranges(doc.text), lex=rules.lexicon)
            phrased = time.perf_counter()
            check_document(doc, rules)
            checked = time.perf_counter()
            whole = checked - phrased  # check_document repeats tables and prose: the rest is rules
            spent = {"load": loaded - began, "tables": read - loaded, "prose": phrased - read,
                     "rules": whole - (read - loaded) - (phrased - read)}
            best = {name: min(best[name], spent[name]) for name in totals}
        for name in totals:
            totals[name] += max(best[name], 0.0)
    return {name: value / len(files) for name, value in totals.items()}


def profile(files: list[Path], rounds: int, top: int = 15) -> None:
    """The functions where check spends its time (cProfile, by own time)."""
    import cProfile
    import pstats

    from gov_audit.audit import load_rules
    from gov_audit.pipeline import check_path

    rules = load_rules()
    for path in files:
        check_path(str(path), rules)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for path in files:
            check_path(str(path), rules)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def generate(files: list[Path], count: int, folder: Path, seed: int = 8) -> list[Path]:
    """`count` reports: the shipped ones with ~20% of their digits changed."""
    rnd = random.Random(seed)
    texts = [(p.stem, p.suffix, p.read_text(encoding="utf-8")) for p in files]
    out = []
    for n in range(count):
        stem, suffix, text = texts[n % len(texts)]
        varied = re.sub(r"\d", lambda m: str(rnd.randrange(10)) if rnd.random() < 0.2 else m.group(), text)
        path = folder / f"{n // 500:02d}" / f"r{n:05d}_{stem}{suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_text(varied, encoding="utf-8")
        out.append(path)
    return out


def cli_collection(folder: Path, count: int, jobs: int) -> dict:
    wall, code, rss = run_child(govaudit_command() + ["check", str(folder), "--format", "json", "--isolated",
                                                     "--jobs", str(jobs)])
    return {"wall": wall, "code": code, "rss": rss, "rate": count / wall, "per_core": count / wall / jobs}


def cli_one(path: Path, runs: int) -> dict:
    walls = []
    run_child(govaudit_command() + ["check", str(path), "--format", "text", "--isolated"])  # .pyc, YAML cache
    for _ in range(runs):
        wall, code, rss = run_child(govaudit_command() + ["check", str(path), "--format", "text", "--isolated"])
        walls.append(wall)
    return {"median": statistics.median(walls), "min": min(walls), "code": code, "rss": rss}


def streaming_memory(files: list[Path], few: int, many: int) -> tuple[int, int]:
    """Peak traced memory (bytes) checking `few`, then `many`, reports one after another."""
    from gov_audit.audit import load_rules
    from gov_audit.pipeline import check_path

    rules = load_rules()
    check_path(str(files[0]), rules)
    peaks = []
    for count in (few, many):
        tracemalloc.start()
        for path in files[:count]:
            check_path(str(path), rules)  # the result is dropped: a stream
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peaks[0], peaks[1]


def size_scaling(files: list[Path], rounds: int) -> list[dict]:
    """ms per MB of a ~20 KB and a ~2 MB report (the longest report, cut or repeated)."""
    from gov_audit.audit import load_rules
    from gov_audit.load import document_from_text
    from gov_audit.pipeline import check_document

    rules = load_rules()
    longest = max((p.read_text(encoding="utf-8") for p in files), key=lambda t: len(t.encode()))
    rows = []
    for label, size, repeat in (("20 KB", 20 * 1024, rounds), ("2 MB", 2 * 1024 * 1024, max(1, rounds // 4))):
        text = longest
        while len(text.encode()) < size:
            text += "\n" + longest
        text = text.encode()[:size].decode("utf-8", "ignore")
        check_document(document_from_text(text), rules)
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            check_document(document_from_text(text), rules)
            times.append(time.perf_counter() - began)
        seconds = statistics.median(times)
        mb = len(text.encode()) / 2**20
        rows.append({"label": label, "bytes": len(text.encode()), "seconds": seconds, "ms_per_mb": seconds * 1000 / mb})
    return rows


def pdf_pages() -> dict | None:
    path = ROOT / "benchmarks" / "bench_pdf.py"
    if not path.exists():
        return None
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_pdf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.run()


# ---------------------------------------------------------------- main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer files and repeats (~30 s)")
    parser.add_argument("--files", type=int, default=None, help="reports in the generated collection (2000)")
    parser.add_argument("--jobs", type=int, default=None, help="workers for the all-cores run (all cores)")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line measurements")
    parser.add_argument("--no-pdf", action="store_true", help="skip benchmarks/bench_pdf.py")
    parser.add_argument("--profile", action="store_true",
                        help="only profile check in-process: ms per stage and the top functions")
    args = parser.parse_args(argv)
    count = args.files or (400 if args.quick else 2000)
    rounds = 5 if args.quick else 15
    cores = args.jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    files = text_reports()
    if not files:
        print("no text reports under fixtures/", file=sys.stderr)
        return 2
    print("govaudit benchmark")
    print(machine())
    if args.profile:
        per_stage = stages(files, rounds)
        print(f"\nms a report by stage (mean of the {len(files)} shipped text reports, best of {rounds} runs):")
        print("   " + ", ".join(f"{name} {ms:.2f}" for name, ms in
                               ((n, v * 1000) for n, v in per_stage.items())))
        print()
        profile(files, 5 if args.quick else 10)
        return 0
    targets = []

    print(f"\n1. check in-process, one core, {len(files)} shipped text reports (median of {rounds} runs each)")
    result = in_process(files, rounds)
    for path, seconds in result["per_file"].items():
        print(f"   {path.relative_to(ROOT)!s:<48} {path.stat().st_size / 1024:6.1f} KB  {ms(seconds)}")
    print(f"   mean {ms(result['mean'])} a report = {result['rate']:.0f} reports/s/core")
    targets.append((f"in-process ≥ 500 reports/s/core (≤ {TARGET_PER_REPORT_MS:g} ms a report)",
                    f"{result['rate']:.0f} reports/s/core ({ms(result['mean'])})",
                    result["mean"] * 1000 <= TARGET_PER_REPORT_MS))

    with tempfile.TemporaryDirectory(prefix="govaudit-bench-") as tmp:
        folder = Path(tmp) / "collection"
        folder.mkdir()
        generated = generate(files, count, folder)
        if not args.no_cli:
            print(f"\n2. govaudit check DIR --format json, {count} generated reports "
                  f"({sum(p.stat().st_size for p in generated) / 2**20:.1f} MB)")
            one = cli_collection(folder, count, 1)
            print(f"   --jobs 1: {one['wall']:.1f} s, {one['rate']:.0f} reports/s, exit {one['code']}, "
                  f"peak RSS {one['rss'] / 1024:.0f} MiB")
            all_cores = cli_collection(folder, count, cores)
            speedup = all_cores["rate"] / one["rate"]
            print(f"   --jobs {cores}: {all_cores['wall']:.1f} s, {all_cores['rate']:.0f} reports/s "
                  f"= {all_cores['per_core']:.0f} /s/core, exit {all_cores['code']}; "
                  f"speed-up {speedup:.2f}× of {cores}")
            if cores == 2:
                targets.append(("--jobs 2 within 10% of twice --jobs 1", f"{speedup:.2f}× (≥ 1.80×)",
                                speedup >= 2 * TARGET_SCALING))

            sample = files[1] if len(files) > 1 else files[0]
            runs = 10 if args.quick else 15
            single = cli_one(sample, runs)
            print(f"\n3. govaudit check {sample.relative_to(ROOT)} (one report): median {ms(single['median'])}, "
                  f"min {ms(single['min'])} of {runs} runs, exit {single['code']}")
            targets.append((f"one-report CLI ≤ {TARGET_CLI_MS:g} ms", ms(single["median"]),
                            single["median"] * 1000 <= TARGET_CLI_MS))

        few, many = (20, 120) if args.quick else (50, 400)
        print("\n4. peak memory")
        small, large = streaming_memory(generated, few, many)
        print(f"   in-process, one report after another: {few} files {small / 2**20:.1f} MiB, "
              f"{many} files {large / 2**20:.1f} MiB (tracemalloc peak)")
        flat = large <= small * 1.25 + 2 * 2**20
        targets.append(("memory flat in the number of files (in-process stream)",
                        f"{small / 2**20:.1f} → {large / 2**20:.1f} MiB for {few} → {many} files", flat))
        if not args.no_cli:
            subset = Path(tmp) / "subset"
            subset.mkdir()
            for path in generated[: count // 10]:
                shutil.copy(path, subset / path.name)
            part = cli_collection(subset, count // 10, 1)
            print(f"   CLI --jobs 1 peak RSS: {count // 10} files {part['rss'] / 1024:.0f} MiB, "
                  f"{count} files {one['rss'] / 1024:.0f} MiB")
            cli_flat = one["rss"] <= part["rss"] * 1.25
            targets.append(("memory flat in the number of files (CLI, JSON)",
                            f"{part['rss'] / 1024:.0f} → {one['rss'] / 1024:.0f} MiB for {count // 10} → {count} files",
                            cli_flat))

    print("\n5. size: the longest shipped report cut or repeated")
    rows = size_scaling(files, 5 if args.quick else 9)
    for row in rows:
        print(f"   {row['label']:>6} ({row['bytes'] / 1024:,.0f} KB): {row['seconds'] * 1000:,.1f} ms "
              f"= {row['ms_per_mb']:,.0f} ms per MB")
    ratio = rows[1]["ms_per_mb"] / rows[0]["ms_per_mb"]
    print(f"   ms per MB at 2 MB / at 20 KB: {ratio:.2f} (1.00 = linear)")
    targets.append(("cost linear in size (ms/MB at 2 MB vs 20 KB)", f"{ratio:.2f}×", ratio <= 1.5))

    if not args.no_pdf:
        pdf = pdf_pages()
        if pdf is None:
            print("\n6. PDF: benchmarks/bench_pdf.py not present")
        elif not pdf["files"]:
            print("\n6. PDF: no PDF fixtures")
        else:
            print(f"\n6. PDF (benchmarks/bench_pdf.py): {pdf['pages']} pages in {len(pdf['files'])} files, "
                  f"{pdf['pages_per_s']:.1f} pages/s (load + check)")

    print("\n7. each target of issue 18 against its floor, in the same run (benchmarks/floors.py)")
    floor_rows, estimates, info = floors_module().measure(7 if args.quick else 15)
    print(f"\ntargets (issue 8):")
    for name, value, ok in targets:
        print(f"   {'met ' if ok else 'MISS'}  {name}: {value}")
    print("targets (issue 18), each against its floor in the same run:")
    for name, value, ok in floor_rows:
        print(f"   {'met ' if ok else 'MISS'}  {name}: {value}")
    national = floors_module()
    print(f"a national year ({national.REPORTS_A_YEAR:,} reports) on {info['cores']} cores "
          f"(in-process CPU time a report; PDF {info['pages_a_report']:.1f} pages a report):")
    for kind, seconds in estimates:
        print(f"   {kind}: {national.duration(seconds)}")
    if not args.no_cli:
        print(f"   text, from the CLI's --jobs {cores} rate above: "
              f"{national.duration(national.REPORTS_A_YEAR / all_cores['rate'])}")
    return 0


def floors_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("floors", ROOT / "benchmarks" / "floors.py")
    module = sys.modules.get("floors")
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules["floors"] = module
        spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    sys.exit(main())

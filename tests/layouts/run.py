"""Measure how govaudit reads statistical tables in many layouts.

    python tests/layouts/run.py [-n N] [--seed S] [--family F ...] [-v] [--keep DIR]

Generates N renderings per layout family (generate.py figures, render.py layouts),
writes them to a folder, runs `govaudit extract -f jsonl` and `govaudit check -f json`
once over it, then a corrupted copy of each rendering (one cell of a fully read row
changed, so one relation breaks) and `govaudit check` once over those. Scores per family:

- cells: read right / read wrong (a keyed table fact whose interval does not contain
  the generated value, a value found for a cell the layout left blank, a value in a
  header row or under a key the layout does not have) / unread (no fact, or a
  blank or unread marker where the layout states a value);
- clean: renderings with no finding of severity warning or error (except the kinds
  the layout legitimately calls for, e.g. a blank 总计 column);
- corrupted: caught when an error-level finding cites the corrupted cell; extra when
  other, new errors appear through other cells.

govaudit is used only through its command line.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import generate as gen  # noqa: E402
import render as ren  # noqa: E402

BLANKS = {"empty", "slash", "dash", "none"}


# --------------------------------------------------------------------------- the plan


@dataclass
class Case:
    family: str
    index: int
    report_seed: int
    render_seed: int
    fmt: str
    report: gen.Report = None
    rendering: ren.Rendering = None
    corrupted: Optional[ren.Rendering] = None
    corrupt: Optional[tuple] = None          # (key, old, new)
    cells: dict = field(default_factory=dict)  # key -> (status, stated, read, detail)
    findings: list = field(default_factory=list)
    coverage: dict = field(default_factory=dict)
    corrupted_findings: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.family}-{self.fmt}-{self.index:03d}"


def plan(n: int, seed: int, families: list) -> list:
    cases = []
    for fam in families:
        fmts = ren.formats_for(fam)
        rng = random.Random(f"{seed}:{fam}")
        for i in range(n):
            fmt = fmts[i % len(fmts)] if len(fmts) == 2 else ["2021", "2019", "2014", "2021"][i % 4]
            cases.append(Case(fam, i, rng.randrange(10 ** 9), rng.randrange(10 ** 9), fmt))
    return cases


def build(case: Case) -> None:
    case.report = gen.generate(case.report_seed, fmt=case.fmt, busy_t4=case.family == "t4_single_line")
    case.rendering = ren.render(case.family, case.report, case.render_seed, name=case.name)


# --------------------------------------------------------------------------- the CLI


def govaudit(*args: str) -> str:
    exe = shutil.which("govaudit")
    cmd = [exe] if exe else [sys.executable, "-m", "gov_audit"]
    proc = subprocess.run(cmd + list(args), capture_output=True, text=True, encoding="utf-8")
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"govaudit {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc.stdout


def extract(folder: Path) -> dict:
    facts = defaultdict(list)
    for line in govaudit("extract", "-f", "jsonl", "--isolated", str(folder)).splitlines():
        if line.strip():
            d = json.loads(line)
            facts[Path(d["file"]).name].append(d)
    return facts


def check(folder: Path) -> dict:
    data = json.loads(govaudit("check", "-f", "json", "--isolated", str(folder)))
    return {Path(f["path"]).name: f for f in data["files"]}


# --------------------------------------------------------------------------- scoring


def _contains(fact: dict, v) -> bool:
    lo, hi = fact.get("low"), fact.get("high")
    if lo is None or hi is None:
        return False
    v = Decimal(str(v))
    lo, hi = Decimal(str(lo)), Decimal(str(hi))
    if v < lo or v > hi:
        return False
    if v == hi and fact.get("high_open") and lo != hi:
        return False
    if v == lo and fact.get("low_open") and lo != hi:
        return False
    return True


def _shown(fact: dict) -> str:
    """A fact's value as govaudit read it: the text, or its interval; ~ marks an inferred one."""
    v = fact.get("value")
    if v in (None, ""):
        lo, hi = fact.get("low"), fact.get("high")
        v = f"{lo}" if lo == hi else f"[{lo},{hi}]"
    return ("~" if fact.get("inferred") else "") + str(v)


def _valued(fact: dict) -> bool:
    return fact.get("low") is not None and fact.get("high") is not None


def score_cells(case: Case, facts: list) -> None:
    """case.cells[key] = (status, stated, read, detail): status right | wrong | unread."""
    table = defaultdict(list)
    for f in facts:
        if f.get("source") == "table" and f.get("key"):
            table[f["key"]].append(f)
    stated = case.rendering.stated
    report = case.report
    cells = {}
    for key in report.keys():
        s = stated.get(key, "absent")
        truth = report.values[key]
        fs = table.pop(key, [])
        valued = [f for f in fs if _valued(f)]
        markers = [f.get("blank") for f in fs if not _valued(f)]
        read = [_shown(f) for f in valued] or [f"({m})" for m in markers] or None
        line = next((f.get("line") for f in fs if f.get("line")), None)
        if s is None:  # left blank on purpose
            if valued:
                ok = all(f.get("inferred") and _contains(f, truth) for f in valued)
                cells[key] = ("right" if ok else "wrong", None, read, f"line {line}")
            elif any(m in BLANKS for m in markers):
                cells[key] = ("right", None, read, "")
            else:
                cells[key] = ("unread", None, read, "")
            continue
        if valued:
            ok = all(_contains(f, s) for f in valued)
            cells[key] = ("right" if ok else "wrong", s, read, f"line {line}")
        else:
            cells[key] = ("unread", s, read, "")
    # figures under keys the layout has no cell for
    header = set(gen.header_keys(report.fmt))
    extras = case.rendering.extras
    for key, fs in table.items():
        valued = [f for f in fs if _valued(f)]
        if not valued:
            continue
        if key not in header and extras:
            row = key.rsplit(".", 1)[0]
            extra = extras.get(f"{row}.org_subtotal")
            if extra is not None and all(_contains(f, extra) for f in valued):
                continue
        line = next((f.get("line") for f in fs if f.get("line")), None)
        cells[key] = ("wrong", "(no such cell)", [_shown(f) for f in valued], f"line {line}")
    case.cells = cells


def row_of(key: str) -> str:
    if key.startswith("s."):
        return key
    return key.rsplit(".", 1)[0]


def choose_corruption(case: Case) -> Optional[tuple]:
    """(key, old, new): one cell of a fully read row, in a relation whose every cell the
    layout states and govaudit read right (so the change breaks a relation that can be
    tested: a blank is not 0), changed by a few units (kept ≥ 0). None if there is none."""
    rng = random.Random(case.render_seed ^ 0x5EED)
    fmt = case.report.fmt
    right = {k for k, (st, s, _, _) in case.cells.items() if st == "right" and s is not None}
    rows = defaultdict(list)
    for k in case.report.keys():
        rows[row_of(k)].append(k)
    full_rows = {r for r, ks in rows.items() if all(k in right for k in ks)}
    exact = gen.exact_keys(fmt)
    candidates = sorted(k for k in right if k in exact and row_of(k) in full_rows)
    if not candidates:
        return None
    testable = [k for k in candidates if any(g <= right for g in gen.relation_groups(fmt, k))]
    if not testable:
        return None
    key = rng.choice(testable)
    old = case.report.values[key]
    d = rng.randint(1, 3)
    new = old - d if old >= d and rng.random() < 0.5 else old + d
    if 2000 <= new <= 2030:
        new = old + 40
    return key, old, new


def _severe(findings: list, expect: set) -> list:
    out = []
    for f in findings:
        if f["severity"] == "error" or (f["severity"] == "warning" and f["kind"] not in expect):
            out.append(f)
    return out


def _cites(finding: dict, key: str) -> bool:
    return any(x.get("key") == key for x in finding.get("facts", []))


def _signature(finding: dict) -> tuple:
    return finding["rule"], tuple(sorted(str(x.get("key")) for x in finding.get("facts", [])))


# --------------------------------------------------------------------------- the run


@dataclass
class FamilyScore:
    family: str
    renderings: int = 0
    cells: int = 0
    right: int = 0
    wrong: int = 0
    unread: int = 0
    clean: int = 0
    dirty_kinds: Counter = field(default_factory=Counter)
    corrupted: int = 0
    caught: int = 0
    extra_errors: int = 0
    no_candidate: int = 0
    cases: list = field(default_factory=list, repr=False)

    @property
    def read_pct(self):
        return 100.0 * self.right / self.cells if self.cells else 0.0

    @property
    def unread_pct(self):
        return 100.0 * self.unread / self.cells if self.cells else 0.0

    @property
    def clean_pct(self):
        return 100.0 * self.clean / self.renderings if self.renderings else 0.0

    @property
    def caught_pct(self):
        return 100.0 * self.caught / self.corrupted if self.corrupted else float("nan")


@dataclass
class Result:
    cases: list = field(repr=False)
    families: dict = field(repr=False)
    seconds: float
    folder: Optional[Path] = None

    def table(self) -> str:
        head = (f"{'family':<20} {'rend':>4} {'cells':>6} {'read%':>6} {'wrong':>5} {'unread%':>7} "
                f"{'clean%':>6} {'corrupt':>7} {'caught%':>7} {'extra':>5}")
        lines = [head, "-" * len(head)]
        tot = FamilyScore("all")
        for fam, s in self.families.items():
            lines.append(_row(s))
            for a in ("renderings", "cells", "right", "wrong", "unread", "clean", "corrupted", "caught",
                      "extra_errors", "no_candidate"):
                setattr(tot, a, getattr(tot, a) + getattr(s, a))
        lines.append("-" * len(head))
        lines.append(_row(tot))
        return "\n".join(lines)


def _row(s: FamilyScore) -> str:
    caught = f"{s.caught_pct:6.1f}" if s.corrupted else "   n/a"
    return (f"{s.family:<20} {s.renderings:>4} {s.cells:>6} {s.read_pct:6.1f} {s.wrong:>5} {s.unread_pct:7.1f} "
            f"{s.clean_pct:6.1f} {s.corrupted:>7} {caught:>7} {s.extra_errors:>5}")


def run(n: int = 10, seed: int = 1, families: Optional[list] = None, keep: Optional[Path] = None) -> Result:
    t0 = time.time()
    families = families or list(ren.FAMILIES)
    cases = plan(n, seed, families)
    for c in cases:
        build(c)
    tmp = None
    if keep:
        root = Path(keep)
        for sub in ("clean", "corrupted"):
            if (root / sub).exists():
                shutil.rmtree(root / sub)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="govaudit-layouts-")
        root = Path(tmp.name)
    clean_dir, bad_dir = root / "clean", root / "corrupted"
    clean_dir.mkdir(parents=True)
    bad_dir.mkdir(parents=True)
    try:
        for c in cases:
            c.rendering.write(clean_dir)
        facts = extract(clean_dir)
        results = check(clean_dir)
        for c in cases:
            score_cells(c, facts.get(c.rendering.name, []))
            res = results.get(c.rendering.name, {})
            c.findings = res.get("findings", [])
            c.coverage = res.get("coverage", {})
            corrupt = choose_corruption(c)
            if corrupt:
                key, old, new = corrupt
                c.corrupt = corrupt
                c.corrupted = ren.render(c.family, c.report, c.render_seed, name=c.name, corrupt=(key, new))
                c.corrupted.write(bad_dir)
        if any(c.corrupted for c in cases):
            bad = check(bad_dir)
            for c in cases:
                if c.corrupted:
                    c.corrupted_findings = bad.get(c.corrupted.name, {}).get("findings", [])
    finally:
        if tmp is not None:
            tmp.cleanup()
    fams = {}
    for c in cases:
        s = fams.setdefault(c.family, FamilyScore(c.family))
        s.cases.append(c)
        s.renderings += 1
        for key, (st, stated, _, _) in c.cells.items():
            if stated == "(no such cell)":
                s.wrong += 1
                continue
            s.cells += 1
            s.right += st == "right"
            s.wrong += st == "wrong"
            s.unread += st == "unread"
        severe = _severe(c.findings, c.rendering.expect)
        if severe:
            s.dirty_kinds.update(f"{f['severity']}:{f['kind']}" for f in severe)
        else:
            s.clean += 1
        if c.corrupt:
            s.corrupted += 1
            key = c.corrupt[0]
            errors = [f for f in c.corrupted_findings if f["severity"] == "error"]
            if any(_cites(f, key) for f in errors):
                s.caught += 1
            before = {_signature(f) for f in c.findings}
            if [f for f in errors if not _cites(f, key) and _signature(f) not in before]:
                s.extra_errors += 1
        else:
            s.no_candidate += 1
    return Result(cases, fams, time.time() - t0, root if keep else None)


# --------------------------------------------------------------------------- reports of failures


def _fmt_read(read) -> str:
    if read is None:
        return "nothing"
    return "/".join(str(x) for x in read)


def failures(c: Case) -> list:
    """Lines describing what went wrong in one case."""
    out = []
    wrong = [(k, v) for k, v in c.cells.items() if v[0] == "wrong"]
    unread = [k for k, v in c.cells.items() if v[0] == "unread"]
    for k, (_, stated, read, detail) in wrong[:6]:
        out.append(f"  wrong  {k}: layout states {stated if stated is not None else 'blank'}, "
                   f"govaudit read {_fmt_read(read)} ({detail})")
    if len(wrong) > 6:
        out.append(f"  … {len(wrong) - 6} more wrong cells")
    if unread:
        rows = Counter(row_of(k) for k in unread)
        out.append(f"  unread {len(unread)} cells, rows: " + ", ".join(f"{r}×{n}" for r, n in list(rows.items())[:8])
                   + (" …" if len(rows) > 8 else ""))
    for f in _severe(c.findings, c.rendering.expect)[:4]:
        out.append(f"  {f['severity']} {f['rule']} ({f['kind']}): {f['message'][:160]}")
    if c.corrupt:
        key, old, new = c.corrupt
        errors = [f for f in c.corrupted_findings if f["severity"] == "error"]
        if not any(_cites(f, key) for f in errors):
            out.append(f"  corrupted {key} {old}→{new}: no error cites it"
                       + (f" (errors: {', '.join(sorted({f['rule'] for f in errors}))})" if errors else ""))
    return out


def categories(c: Case) -> list:
    cats = []
    if any(v[0] == "wrong" for v in c.cells.values()):
        cats.append("wrong")
    if _severe(c.findings, c.rendering.expect):
        cats.append("not clean")
    if c.corrupt and not any(_cites(f, c.corrupt[0]) for f in c.corrupted_findings if f["severity"] == "error"):
        cats.append("corruption missed")
    if any(v[0] == "unread" for v in c.cells.values()):
        cats.append("unread")
    return cats


def representatives(cases: list, k: int) -> list:
    """Up to k failing cases: the smallest rendering of each kind of failure first."""
    failing = sorted((c for c in cases if categories(c)), key=lambda c: len(c.rendering.data))
    chosen = []
    for cat in ("wrong", "not clean", "corruption missed", "unread"):
        for c in failing:
            if cat in categories(c) and c not in chosen:
                chosen.append(c)
                break
    for c in failing:
        if len(chosen) >= k:
            break
        if c not in chosen:
            chosen.append(c)
    return chosen[:k]


def describe(result: Result, per_family: int = 3) -> str:
    lines = []
    for fam, s in result.families.items():
        bad = [c for c in s.cases if categories(c)]
        if not bad:
            continue
        kinds = Counter(cat for c in bad for cat in categories(c))
        lines.append(f"\n== {fam}: {len(bad)}/{len(s.cases)} renderings with a failure ({dict(kinds)})"
                     + (f"; findings that made renderings unclean: {dict(s.dirty_kinds.most_common(6))}"
                        if s.dirty_kinds else ""))
        for c in representatives(s.cases, per_family):
            where = (result.folder / "clean" / c.rendering.name) if result.folder else c.rendering.name
            lines.append(f"- {where}  [{', '.join(c.rendering.quirks)}]")
            lines += failures(c)
            if result.folder and "corruption missed" in categories(c):
                lines.append(f"  corrupted copy: {result.folder / 'corrupted' / c.corrupted.name}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20, help="renderings per family (default 20)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--family", action="append", choices=list(ren.FAMILIES), help="only these families")
    ap.add_argument("-v", "--verbose", action="count", default=0,
                    help="the first failures per family (-vv: more), their files kept")
    ap.add_argument("--keep", type=Path, help="keep the renderings in DIR/clean and DIR/corrupted")
    args = ap.parse_args(argv)
    if args.verbose and not args.keep:   # failures are shown with their files: keep them
        args.keep = Path(tempfile.mkdtemp(prefix="govaudit-layouts-"))
    result = run(args.n, args.seed, args.family, args.keep)
    print(result.table())
    print(f"\n{len(result.cases)} renderings in {result.seconds:.1f} s")
    if args.verbose:
        print(describe(result, per_family=3 * args.verbose))
    if args.keep:
        print(f"\nrenderings kept in {args.keep}/clean and {args.keep}/corrupted")
    return 0


if __name__ == "__main__":
    sys.exit(main())

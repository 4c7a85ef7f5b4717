"""Pages per second of the PDF reader and of a whole check, over fixtures/pdf.

    python benchmarks/bench_pdf.py [FOLDER] [--repeat N]

Prints one line per PDF (pages, load seconds, check seconds, pages/s) and a
total line. `run(folder, repeat)` returns the same figures as a dict, for
benchmarks/bench.py to call. Each figure is the best of N runs, after one
warm-up run (imports, YAML), so it measures the work, not the start-up.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gov_audit import audit  # noqa: E402
from gov_audit.load import load_document  # noqa: E402
from gov_audit.pipeline import check_document  # noqa: E402


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run(folder: Path = ROOT / "fixtures" / "pdf", repeat: int = 3) -> dict:
    rules = audit.load_rules(())
    files = sorted(Path(folder).glob("*.pdf"))
    rows = []
    for path in files:
        doc = load_document(str(path))  # warm-up
        check_document(doc, rules)
        pages = doc.metadata.get("pages", 0)
        load_s = _best(lambda: load_document(str(path)), repeat)
        check_s = _best(lambda: check_document(load_document(str(path)), rules), repeat)
        rows.append({"file": path.name, "pages": pages, "load_s": load_s, "check_s": check_s,
                     "pages_per_s": pages / check_s if check_s else 0.0})
    pages = sum(r["pages"] for r in rows)
    seconds = sum(r["check_s"] for r in rows)
    return {"files": rows, "pages": pages, "check_s": seconds,
            "pages_per_s": pages / seconds if seconds else 0.0}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "fixtures" / "pdf"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    result = run(Path(args.folder), args.repeat)
    if not result["files"]:
        print(f"no PDF files in {args.folder}", file=sys.stderr)
        return 2
    for r in result["files"]:
        print(f"{r['file']:<28} {r['pages']:>3} pages  load {r['load_s']:.3f} s  "
              f"check {r['check_s']:.3f} s  {r['pages_per_s']:6.1f} pages/s")
    print(f"{'total':<28} {result['pages']:>3} pages  check {result['check_s']:.3f} s  "
          f"{result['pages_per_s']:6.1f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

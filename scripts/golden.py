"""Snapshot govaudit's output over report folders, in every format, for before/after comparison.

    python scripts/golden.py OUT [FOLDER ...]

Runs the installed `govaudit` (the one on PATH) from the repository root over each
folder (default: fixtures/ and, when present, ../shared/{seeds,corpus,pdf-corpus,
field-cases}) and writes OUT/<folder>.<format> for every check format, `extract` as
csv and jsonl, and `rules` as text and json. Two snapshots compare with
`diff -r OUT_BEFORE OUT_AFTER`: a refactoring leaves them byte-identical.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = ["fixtures", "../shared/seeds", "../shared/corpus", "../shared/pdf-corpus", "../shared/field-cases"]
CHECK_FORMATS = ["text", "json", "sarif", "github", "html", "rich"]
EXTRACT_FORMATS = ["csv", "jsonl"]


def run(args: list[str], target: Path) -> None:
    env = dict(os.environ, COLUMNS="120", GOVAUDIT_NO_CACHE="1")
    done = subprocess.run(["govaudit", *args], cwd=ROOT, env=env, capture_output=True)
    target.write_bytes(done.stdout + b"\n--- stderr\n" + done.stderr + f"\n--- exit {done.returncode}\n".encode())


def snapshot(out: Path, folders: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        if not (ROOT / folder).is_dir():
            continue
        name = folder.strip("./").replace("/", "_")
        for fmt in CHECK_FORMATS:
            run(["check", "--isolated", "--jobs", "1", "--format", fmt, folder], out / f"{name}.{fmt}")
        for fmt in EXTRACT_FORMATS:
            run(["extract", "--isolated", "--jobs", "1", "--format", fmt, folder], out / f"{name}.extract.{fmt}")
    run(["rules", "--isolated"], out / "rules.text")
    run(["rules", "--isolated", "--format", "json"], out / "rules.json")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    snapshot(Path(sys.argv[1]).resolve(), sys.argv[2:] or DEFAULT_FOLDERS)

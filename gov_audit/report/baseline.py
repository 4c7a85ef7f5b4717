"""Baselines: accept the findings a collection has today, report only new ones.

An entry must survive an unrelated edit of a report (a paragraph added above
the table moves every line) and must not survive a changed figure. So an
entry holds no position. It holds:

- `path`, relative to the baseline file's folder, and `document`, the report's
  agency and year when the report names them (read/identity.py) — an entry matches
  a finding of the same path, or of the same document after a move or rename;
- `rule` and `values`, the figures of the relation as stated;
- `fingerprint`, a hash of the rule, the values and each cited figure's
  indicator key, source and characters as written. A changed figure changes
  it; moved text does not. SARIF output carries it as a partial fingerprint.

Entries are a multiset: two identical findings need two entries.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Optional

from ..core import display
from ..core.model import FileResult, Finding
from ..core.readfile import Unreadable, read_regular
from ..core.numbers import fmt_decimal

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a govaudit baseline."""


def _value(value) -> str:
    try:
        return fmt_decimal(value)
    except (AttributeError, TypeError, ValueError, ArithmeticError):
        return str(value)


def fingerprint(finding: Finding) -> str:
    parts = [
        finding.rule,
        [_value(v) for v in finding.values],
        [[f.key, f.source, "".join((f.raw or "").split())] for f in finding.facts],
    ]
    if finding.related:  # a finding across reports: the other report's side as written, too
        parts.append(["".join(c.quote.split()) for c in finding.related])
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def document_key(result: FileResult) -> Optional[str]:
    if result.document is None:
        return None
    key = result.identity.key()
    return f"{key}|{result.format}" if key else None


def _relpath(path: str, base: Path) -> str:
    """The report's path relative to the baseline's folder, as valid text (a name that
    is not UTF-8 has U+FFFD for its odd bytes here; `path_bytes` keeps them)."""
    return display.valid(_raw_relpath(path, base))


def _raw_relpath(path: str, base: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def entries(results: list[FileResult], base: Path) -> list[dict]:
    out = []
    for result in results:
        out.extend(file_entries(result, base))
    return out


def file_entries(result: FileResult, base: Path) -> list[dict]:
    """The baseline entries of one checked file (paths relative to `base`)."""
    if result.error:
        return []
    raw = _raw_relpath(result.path, base)
    path, document, name_bytes = display.valid(raw), document_key(result), display.raw_name(raw)
    return [{
        "path": path, **({"path_bytes": name_bytes} if name_bytes else {}), "document": document,
        "rule": finding.rule, "values": [_value(v) for v in finding.values], "fingerprint": fingerprint(finding),
        "message": finding.message,
    } for finding in result.findings]


def write_baseline(results: list[FileResult], target: str) -> tuple[int, str]:
    """The baseline document for `target` (to be written atomically by the caller) and its size."""
    return baseline_document(entries(results, baseline_base(target)))


def baseline_base(target: str) -> Path:
    """The folder entry paths are relative to: the baseline file's."""
    return Path(target).resolve().parent


def baseline_document(found: list[dict]) -> tuple[int, str]:
    found = sorted(found, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    doc = {"govaudit_baseline": VERSION, "findings": found}
    return len(found), json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


MAX_BASELINE_BYTES = 32 * 1024 * 1024  # ~100,000 findings
ENTRY_TYPES = {"path": str, "document": str, "rule": str, "fingerprint": str, "message": str, "path_bytes": str,
               "values": list}


def load_baseline(path: str) -> list[dict]:
    """The entries of a baseline file, read only when it is a regular file of at most
    MAX_BASELINE_BYTES, each entry's fields of their types (or BaselineError)."""
    try:
        doc = json.loads(read_regular(path, MAX_BASELINE_BYTES).decode("utf-8"))
    except Unreadable as exc:
        if exc.reason == "file not found":
            raise BaselineError(f"{path}: no such baseline file (make one with --write-baseline)") from None
        problem = f"larger than {MAX_BASELINE_BYTES // 2**20} MiB" if exc.size is not None else exc.reason
        raise BaselineError(f"{path}: cannot read: {problem}") from None
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{path}: not a govaudit baseline (not UTF-8: {exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a govaudit baseline (invalid JSON: {exc})") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a govaudit baseline (nested too deeply)") from None
    if not isinstance(doc, dict) or doc.get("govaudit_baseline") != VERSION or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"{path}: not a govaudit baseline (version {VERSION})")
    for number, entry in enumerate(doc["findings"], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"{path}: an entry without a fingerprint")
        for field, kind in ENTRY_TYPES.items():
            if entry.get(field) is not None and not isinstance(entry[field], kind):
                raise BaselineError(f"{path}: entry {number}: `{field}` must be {'a list' if kind is list else 'a text'}")
    return doc["findings"]


def apply_baseline(results: list[FileResult], baseline_entries: list[dict], baseline_path: str) -> int:
    """Drop baselined findings from `results` in place; return how many were dropped."""
    sieve = BaselineFilter(baseline_entries, baseline_path, [r.path for r in results])
    for result in results:
        sieve.apply(result)
    return sieve.dropped


class BaselineFilter:
    """Drops baselined findings file by file, in the run's file order.

    A finding claims an entry of its own path. An entry whose path is not
    among the files of the run (a report moved or renamed since) may instead
    be claimed by a finding of the same document; an entry of a file that is
    in the run waits for that file.
    """

    def __init__(self, baseline_entries: list[dict], baseline_path: str, run_paths: list[str]):
        self.base = baseline_base(baseline_path)
        present = {_relpath(p, self.base) for p in run_paths}
        self.by_path: dict = defaultdict(list)
        self.by_document: dict = defaultdict(list)
        for index, entry in enumerate(baseline_entries):
            self.by_path[(entry.get("path"), entry["fingerprint"])].append(index)
            if entry.get("document") and entry.get("path") not in present:
                self.by_document[(entry["document"], entry["fingerprint"])].append(index)
        self.used: set = set()
        self.dropped = 0

    def _take(self, candidates: list) -> bool:
        for index in candidates:
            if index not in self.used:
                self.used.add(index)
                return True
        return False

    def apply(self, result: FileResult) -> None:
        if result.error or not result.findings:
            return
        path, document = _relpath(result.path, self.base), document_key(result)
        fingerprints = [fingerprint(f) for f in result.findings]
        # First every finding of the file claims an entry of its own path, then
        # the rest look for an entry of the same document.
        unmatched = [k for k, fp in enumerate(fingerprints) if not self._take(self.by_path.get((path, fp), []))]
        kept = [k for k in unmatched
                if not (document and self._take(self.by_document.get((document, fingerprints[k]), [])))]
        self.dropped += len(result.findings) - len(kept)
        result.findings = [result.findings[k] for k in kept]

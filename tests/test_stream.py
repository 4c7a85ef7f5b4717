"""Streaming a run: pieces made per file, written in order, counts kept (stream.py, tally.py, batch.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gov_audit.audit import load_rules
from gov_audit.batch import RuleRecipe, iter_checks
from gov_audit.cli.output import AtomicOutput
from gov_audit.core.model import FileResult
from gov_audit.pipeline import check_path
from gov_audit.report import github, json_report, text
from gov_audit.report.baseline import BaselineFilter, entries
from gov_audit.report.html_report import to_html
from gov_audit.report.sarif import rule_indices, to_sarif
from gov_audit.report.stream import PieceMaker, Writer
from gov_audit.report.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures").glob("*.txt"))
RULES = load_rules()


@pytest.fixture(scope="module")
def results():
    checked = [check_path(str(p), RULES) for p in SEEDS]
    return checked + [FileResult(path="gone.txt", error="file not found")]


def _streamed(fmt: str, results: list, baselined=None) -> str:
    chunks: list = []
    writer = Writer(fmt, chunks.append, RULES.rules)
    maker = PieceMaker(fmt, rule_index=tuple(rule_indices(RULES.rules).items()))
    tally = Tally()
    writer.begin()
    for index, result in enumerate(results):
        piece = maker(index, result)
        tally.add(piece.tally)
        writer.add(piece)
    writer.end(tally, baselined)
    return "".join(chunks)


@pytest.mark.parametrize("fmt", ["json", "text", "github", "sarif", "html"])
def test_streamed_output_is_the_whole_document(fmt, results):
    whole = {
        "json": lambda: json_report.to_json(results) + "\n",
        "text": lambda: text.to_text(results, batch_summary=True),
        "github": lambda: github.to_github(results),
        "sarif": lambda: to_sarif(results, RULES.rules) + "\n",
        "html": lambda: to_html(results),
    }[fmt]()
    assert _streamed(fmt, results) == whole


def test_json_streamed_parses_with_and_without_files(results):
    data = json.loads(_streamed("json", results, baselined=3))
    assert [f["path"] for f in data["files"]] == [str(p) for p in SEEDS] + ["gone.txt"]
    assert data["baselined"] == 3
    assert data["summary"]["files"] == len(results)
    empty = json.loads(_streamed("json", []))
    assert empty["files"] == [] and empty["summary"] == {
        "files": 0, "errors": 0, "warnings": 0, "infos": 0, "unreadable": 0,
        "tables": {"read": 0, "partial": 0, "unreadable": 0, "none": 0}}


def test_tallies_add_up_to_the_tally_of_all(results):
    total = Tally()
    for result in results:
        total.add(Tally.of_result(result))
    assert total == Tally.of(results)
    assert total.files == len(results)
    assert total.unreadable == [("gone.txt", "file not found")]
    assert sum(total.severities.values()) == sum(len(r.findings) for r in results)
    assert total.worst == max(("info", "warning", "error").index(f.severity) for r in results for f in r.findings)


def _bad_finish(index, result):
    if result.error is None and index == 1:
        raise RuntimeError("renderer broke")
    return PieceMaker("text")(index, result)


@pytest.mark.parametrize("jobs", [1, 2])
def test_pieces_come_in_file_order_and_a_failing_piece_is_that_files_error(tmp_path, jobs):
    files = []
    for i in range(6):
        target = tmp_path / f"{i}.txt"
        shutil.copy(SEEDS[i % len(SEEDS)], target)
        files.append(str(target))
    got = list(iter_checks(files, RuleRecipe(), RULES, jobs=jobs, finish=_bad_finish))
    assert [index for index, _ in got] == list(range(6))
    assert got[1][1].tally.unreadable and "renderer broke" in got[1][1].tally.unreadable[0][1]
    assert all(not piece.tally.unreadable for index, piece in got if index != 1)


def test_baseline_filter_keeps_an_entry_for_its_own_file(tmp_path, results):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(SEEDS[0], first)
    shutil.copy(SEEDS[0], second)  # the same report twice: same document, same findings
    base = tmp_path / "baseline.json"
    old = entries([check_path(str(first), RULES)], base.parent)
    assert old
    # b.txt comes first in the run but a.txt is in the run: its entries wait for it
    run = [check_path(str(second), RULES), check_path(str(first), RULES)]
    sieve = BaselineFilter(old, str(base), [r.path for r in run])
    for result in run:
        sieve.apply(result)
    assert run[0].findings and not run[1].findings
    assert sieve.dropped == len(old)


def test_baseline_filter_follows_a_moved_report(tmp_path):
    from gov_audit.report.baseline import document_key

    named = [p for p in SEEDS if document_key(check_path(str(p), RULES)) and check_path(str(p), RULES).findings]
    before, after = tmp_path / "old.txt", tmp_path / "new.txt"
    shutil.copy(named[0], before)
    base = tmp_path / "baseline.json"
    old = entries([check_path(str(before), RULES)], base.parent)
    before.rename(after)
    moved = check_path(str(after), RULES)
    sieve = BaselineFilter(old, str(base), [moved.path])
    sieve.apply(moved)
    assert moved.findings == [] and sieve.dropped == len(old)


def test_atomic_output_written_in_pieces(tmp_path):
    target = tmp_path / "out.txt"
    out = AtomicOutput(str(target)).open()
    out.write("一")
    out.write("二\n")
    assert not target.exists()
    out.commit()
    assert target.read_text(encoding="utf-8") == "一二\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_atomic_output_discarded_leaves_nothing(tmp_path):
    target = tmp_path / "out.txt"
    out = AtomicOutput(str(target)).open()
    out.write("half")
    out.discard()
    assert list(tmp_path.iterdir()) == []

"""Batch runs: folders, --include/--exclude, order, --jobs, progress, Ctrl-C, summary (issue 7 item 5)."""
from __future__ import annotations

import json
from collections import Counter
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = sorted(FIXTURES.glob("*.txt"))
GOVAUDIT = [sys.executable, "-m", "gov_audit"]


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args] + ["--isolated"])


def paths_checked(result) -> list:
    return [f["path"] for f in json.loads(result.stdout)["files"]]


@pytest.fixture
def tree(tmp_path):
    """reports/{b.txt, a.md, 2019/c.txt, drafts/d.txt, .hidden/e.txt, notes.csv}."""
    root = tmp_path / "reports"
    text = SEEDS[1].read_bytes()
    for name in ("b.txt", "a.md", "2019/c.txt", "drafts/d.txt", ".hidden/e.txt", "notes.csv"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
    return root


def test_folders_are_searched_recursively_in_sorted_order(tree):
    names = [Path(p).relative_to(tree).as_posix() for p in paths_checked(run("check", tree, "-f", "json", "-j", "1"))]
    assert names == ["2019/c.txt", "a.md", "b.txt", "drafts/d.txt"]  # no .hidden, no .csv


def test_include_and_exclude(tree):
    def names(*args):
        result = run("check", tree, "-f", "json", "-j", "1", *args)
        return [Path(p).relative_to(tree).as_posix() for p in paths_checked(result)]

    assert names("--exclude", "drafts") == ["2019/c.txt", "a.md", "b.txt"]
    assert names("--exclude", "*.md", "--exclude", "2019/*") == ["b.txt", "drafts/d.txt"]
    assert names("--include", "*.txt") == ["2019/c.txt", "b.txt", "drafts/d.txt"]
    assert names("--include", "*.txt", "--exclude", "drafts,2019") == ["b.txt"]


def test_a_file_named_is_checked_once_and_always(tree):
    result = run("check", tree / "b.txt", tree, tree / "b.txt", "--exclude", "b.txt", "-f", "json", "-j", "1")
    assert [Path(p).name for p in paths_checked(result)] == ["b.txt", "c.txt", "a.md", "d.txt"]


def test_summary_lines_in_text(tmp_path):
    """The summary (on stderr) counts: files, files with errors, unreadable files,
    tables in each state, findings by kind; each file said its own state already."""
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "zz_old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    result = run("check", tmp_path, "-f", "text", "-j", "1")
    assert result.exit_code == 2  # the .doc
    lines = result.stderr.splitlines()
    summary = [l for l in lines if l.startswith("summary: ")]
    doc = json.loads(run("check", tmp_path, "-f", "json", "-j", "1").stdout)
    with_errors = sum(1 for f in doc["files"] if any(x["severity"] == "error" for x in f["findings"]))
    states = Counter(f["coverage"]["table"] for f in doc["files"] if f["coverage"])
    assert states["none"] and states["read"] + states["partial"]
    assert summary[0] == (f"summary: files 6, with error findings {with_errors}, unreadable 1, "
                          f"table read {states['read']}, table partly read {states['partial']}, "
                          f"table unreadable {states['unreadable']}, no table {states['none']}")
    assert doc["summary"]["tables"] == {s: states[s] for s in ("read", "partial", "unreadable", "none")}
    assert doc["summary"]["unreadable"] == 1
    assert any(l.startswith("summary: kind prose_vs_table ") for l in summary)
    assert any(l.startswith("summary: kind channel_total 1 (1 error)") for l in summary)
    assert not any(str(tmp_path) in l for l in summary)  # counted, not listed again
    totals = lines[len(summary)]  # after the summary lines (and then each unreadable file, named)
    assert totals.startswith("6 files:") and totals.endswith(", 1 unreadable")
    assert f"{tmp_path / 'zz_old.doc'}:1:1: error INPUT-UNREADABLE " in result.stdout


def test_a_large_run_summary_does_not_grow_with_the_files(tmp_path):
    for copy in range(20):
        for seed in SEEDS:
            (tmp_path / f"c{copy:02d}").mkdir(exist_ok=True)
            shutil.copy(seed, tmp_path / f"c{copy:02d}" / seed.name)
    small = run("check", tmp_path / "c00", "-f", "text", "-j", "1").stderr.splitlines()
    large = run("check", tmp_path, "-f", "text", "-j", "1").stderr.splitlines()
    assert len(large) == len(small)
    assert "no table 40," in large[0] or large[0].endswith("no table 40")


def test_jobs_output_is_identical_to_a_serial_run(tmp_path):
    for i in range(3):
        for seed in SEEDS:
            (tmp_path / f"set{i}").mkdir(exist_ok=True)
            shutil.copy(seed, tmp_path / f"set{i}" / seed.name)
    outputs = {}
    for fmt in ("json", "text", "github", "sarif", "rich", "html"):
        for jobs in ("1", "2"):
            proc = subprocess.run(GOVAUDIT + ["check", str(tmp_path), "-f", fmt, "-j", jobs, "--isolated"],
                                  capture_output=True, text=True, cwd=ROOT, timeout=120)
            assert proc.returncode == 1, proc.stderr
            assert "\x1b" not in proc.stderr  # no progress bar when stderr is not a terminal
            assert (proc.stderr != "") == (fmt == "text")  # only the text format's summary is said apart
            outputs[fmt, jobs] = proc.stdout + proc.stderr
        assert outputs[fmt, "1"] == outputs[fmt, "2"]


def test_jobs_must_be_positive():
    result = run("check", SEEDS[0], "-j", "0")
    assert result.exit_code == 2


# ---------------------------------------------------------------- a terminal: progress and Ctrl-C

def _many(tmp_path, count=1000) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(count):
        seed = SEEDS[i % len(SEEDS)]
        target = folder / f"{i:04d}_{seed.name}"
        try:
            os.link(seed, target)
        except OSError:
            shutil.copy(seed, target)
    return folder


def _on_a_terminal(args, cwd, stdout, until=b"/", timeout=30.0):
    """Run with stderr on a pseudo-terminal (stdout to a file); wait until `until` shows there
    or the run ends."""
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120")
    env.pop("NO_COLOR", None)
    with open(stdout, "wb") as out:
        proc = subprocess.Popen(GOVAUDIT + args, stdout=out, stderr=slave, stdin=subprocess.DEVNULL,
                                cwd=cwd, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and until not in seen and proc.poll() is None:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    return proc, master, seen


def _drain(master) -> bytes:
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.3)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_without_traceback_and_leaves_no_output(tmp_path, jobs):
    folder = _many(tmp_path)
    target = tmp_path / "report.txt"
    target.write_text("previous", encoding="utf-8")
    stdout = tmp_path / "stdout"
    proc, master, seen = _on_a_terminal(["check", str(folder), "-f", "text", "-j", jobs, "--isolated",
                                         "-o", str(target)], cwd=ROOT, stdout=stdout, until=b"/1000")
    assert proc.poll() is None, "the run ended before it could be interrupted"
    assert b"/1000" in seen  # the progress bar, on the terminal
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole process group
    proc.wait(timeout=30)
    stderr = seen + _drain(master)
    assert proc.returncode == 130
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr
    assert b"interrupted" in stderr
    assert stdout.read_bytes() == b""
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "report.txt", "stdout"]  # no temp file left


def test_no_progress_bar_for_json_even_on_a_terminal(tmp_path):
    folder = _many(tmp_path, count=200)
    stdout = tmp_path / "stdout"
    proc, master, seen = _on_a_terminal(["check", str(folder), "-f", "json", "-j", "2", "--isolated"],
                                        cwd=ROOT, stdout=stdout, until=b"\x00never")
    proc.wait(timeout=60)
    stderr = seen + _drain(master)
    assert proc.returncode == 1
    assert json.loads(stdout.read_bytes())["summary"]["files"] == 200
    assert b"/200" not in stderr and b"\x1b[" not in stderr


def test_report_goes_to_stdout_while_the_bar_shows_on_stderr(tmp_path):
    """stdout to a file, stderr a terminal: the bar is drawn on stderr and the report,
    written file by file meanwhile, lands whole in the file."""
    folder = _many(tmp_path, count=300)
    stdout = tmp_path / "stdout"
    proc, master, seen = _on_a_terminal(["check", str(folder), "-f", "text", "-j", "1", "--isolated"],
                                        cwd=ROOT, stdout=stdout, until=b"\x00never", timeout=120)
    proc.wait(timeout=120)
    stderr = seen + _drain(master)
    plain = subprocess.run(GOVAUDIT + ["check", str(folder), "-f", "text", "-j", "1", "--isolated"],
                           capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == plain.returncode == 1
    assert b"/300" in stderr  # the bar was there
    assert stdout.read_bytes() == plain.stdout
    assert b"PROSE" not in stderr  # the findings are all in the file; the summary is on stderr
    assert b"summary:" not in stdout.read_bytes() and plain.stderr.decode().rstrip().endswith("480 infos")

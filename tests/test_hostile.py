"""Hostile inputs (issue 8, items 5 and 6): each is a test.

Rule packs come from other people and reports from the web: loading a pack is
bounded (size, nesting, no aliases, no Python tags, bounded expressions) and a
user's regex runs with a timeout; a report that cannot be read gives a clear
per-file error, the other files are still checked, exit 2 only then, and the
terminal never receives an escape sequence that a report (or its name) holds.
"""
from __future__ import annotations

import builtins
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from gov_audit import audit
from gov_audit.batch import RuleRecipe, iter_checks
from gov_audit.core import expr, resources
from gov_audit.core.resources import YamlError
from gov_audit.knowledge.lexicon import USER_REGEX_TIMEOUT
from gov_audit.load import files
from gov_audit.pipeline import check_path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "fixtures" / "001_85db5123dd9c84fd.txt"
RULES = audit.load_rules()

# A report whose prose contradicts its table (one PROSE-TABLE error).
CONTRADICTION = (
    "全年受理依申请公开申请19件。\n"
    "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    "| 一、本年新收政府信息公开申请数量 | 15 | 2 | 0 | 0 | 0 | 0 | 17 |\n"
    "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
)


def cli(*args, env=None, timeout=120):
    """The real command line, as a user runs it: exit code, stdout bytes, stderr text."""
    proc = subprocess.run([sys.executable, "-m", "gov_audit", *map(str, args)], capture_output=True, cwd=ROOT,
                          timeout=timeout, env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def write_pack(tmp_path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(pack: Path, *words: str, within: float = 5.0) -> str:
    began = time.monotonic()
    with pytest.raises(YamlError) as info:
        audit.load_rules((str(pack),))
    assert time.monotonic() - began < within
    message = str(info.value)
    assert str(pack) in message
    for word in words:
        assert word in message, message
    return message


# ================================================================ rule packs (item 5)

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
rules: *i
"""


def test_billion_laughs_pack_is_refused(tmp_path):
    refused(write_pack(tmp_path, BILLION_LAUGHS), "alias")


def test_billion_laughs_pack_on_the_command_line(tmp_path):
    code, out, err = cli("check", REPORT, "--rules", write_pack(tmp_path, BILLION_LAUGHS), "--isolated")
    assert code == 2
    assert "invalid rule pack" in err and "alias" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object:os.system {{x: 1}}",
    "!!python/name:os.system",
    "!!python/module:os",
])
def test_python_tags_are_refused_and_never_run(tmp_path, tag):
    marker = tmp_path / "ran"
    pack = write_pack(tmp_path, "pack: " + tag.format(marker=marker) + "\n")
    refused(pack, "python/")
    assert not marker.exists()


def test_python_tag_on_the_command_line(tmp_path):
    marker = tmp_path / "ran"
    pack = write_pack(tmp_path, f"rules:\n  - !!python/object/apply:os.system ['touch {marker}']\n")
    code, _, err = cli("check", REPORT, "--rules", pack, "--isolated")
    assert code == 2 and "python/object/apply" in err
    assert not marker.exists()


def test_deeply_nested_yaml_is_refused(tmp_path):
    deep = "rules: " + "[" * (resources.MAX_YAML_DEPTH + 5) + "]" * (resources.MAX_YAML_DEPTH + 5) + "\n"
    refused(write_pack(tmp_path, deep), "nested deeper")
    deeper = "rules: " + "[" * 100_000 + "]" * 100_000 + "\n"  # far past any parser's stack
    refused(write_pack(tmp_path, deeper, "deeper.yaml"), "invalid YAML")
    block = "rules:\n  " + "- " * 3000 + "x\n"  # block sequences, not brackets
    refused(write_pack(tmp_path, block, "block.yaml"), "invalid YAML")


def test_oversized_pack_is_refused(tmp_path):
    big = "rules: []\n" + "# padding\n" * (resources.MAX_YAML_BYTES // 10 + 1)
    refused(write_pack(tmp_path, big), "larger than")


RULE = """\
rules:
  - id: LOCAL-DEEP
    kind: table_sum
    severity: error
    title: deep
    applies_to: ["2014"]
    assert: {relation}
"""


@pytest.mark.parametrize("relation", [
    "(" * (expr.MAX_DEPTH + 1) + "s.app.closed" + ")" * (expr.MAX_DEPTH + 1) + " == 1",
    "-" * 900 + "s.app.closed == 1",  # unary minus nests too
    "- " * 200 + "s.app.closed == 1",
    "sum(" * (expr.MAX_DEPTH + 1) + "s.app.closed" + ")" * (expr.MAX_DEPTH + 1) + " == 1",
])
def test_deeply_nested_expression_is_refused(tmp_path, relation):
    refused(write_pack(tmp_path, RULE.format(relation=json.dumps(relation))), "LOCAL-DEEP", "nested deeper")


def test_overlong_expression_is_refused(tmp_path):
    relation = " + ".join(["s.app.closed"] * 400) + " == 1"
    refused(write_pack(tmp_path, RULE.format(relation=json.dumps(relation))), "LOCAL-DEEP", "longer than")


# A phrasing that backtracks catastrophically: (?:申|申申)+ nested in a repeat
# tries 2^n ways over a run of 申 that ends without the X it needs.
CATASTROPHIC = """\
lexicon:
  - id: local-catastrophic
    key: {"2014": s.app.received, "2019": t3.new.sum, "2021": t3.new.sum}
    units: [件]
    patterns:
      - "(?:(?:申|申申)+)+X{N}"
"""


def test_catastrophic_user_regex_times_out_with_a_note(tmp_path):
    pack = write_pack(tmp_path, CATASTROPHIC)
    rules = audit.load_rules((str(pack),))
    report = tmp_path / "r.txt"
    report.write_text("申" * 45 + "19件。\n" + CONTRADICTION, encoding="utf-8")
    began = time.monotonic()
    result = check_path(str(report), rules)
    took = time.monotonic() - began
    assert took < 10 * USER_REGEX_TIMEOUT + 5, took
    assert result.error is None
    assert any("user lexicon" in note and "skipped" in note for note in result.notes), result.notes
    # The report is still checked, with the built-in lexicon.
    assert any(f.rule == "PROSE-TABLE" for f in result.findings)


def test_catastrophic_user_regex_on_the_command_line(tmp_path):
    pack = write_pack(tmp_path, CATASTROPHIC)
    report = tmp_path / "r.txt"
    report.write_text("申" * 45 + "19件。\n" + CONTRADICTION, encoding="utf-8")
    began = time.monotonic()
    code, out, err = cli("check", report, "--rules", pack, "--format", "json", "--isolated", timeout=60)
    assert time.monotonic() - began < 30
    assert code == 1, err
    data = json.loads(out)
    assert any("user lexicon" in note for note in data["files"][0]["notes"])
    assert "r.txt: note: a user lexicon pattern took longer" in err  # also said on stderr


# ================================================================ reports (item 6)


def test_200_mb_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk used
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        assert str(file) != str(huge), "the 200 MB file was opened"
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    began = time.monotonic()
    result = check_path(str(huge), RULES)
    assert time.monotonic() - began < 1
    assert result.error.startswith("file too large: 209715200 bytes")
    assert str(files.MAX_BYTES) in result.error


def test_binary_file_with_txt_name(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary file" in check_path(str(path), RULES).error


def test_directory_named_as_a_report(tmp_path):
    folder = tmp_path / "report.txt"
    folder.mkdir()
    assert check_path(str(folder), RULES).error == "is a directory"


def test_broken_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    error = check_path(str(link), RULES).error
    assert error.startswith("broken symbolic link") and "nowhere.txt" in error


def test_symlink_loop(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    error = check_path(str(loop), RULES).error
    assert error and "cannot read file" in error


def test_unreadable_file(tmp_path, monkeypatch):
    # We run as root, who reads anything: the refusal is simulated.
    path = tmp_path / "secret.txt"
    path.write_bytes(REPORT.read_bytes())
    real_open = builtins.open

    def refuse(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    assert check_path(str(path), RULES).error == "permission denied"
    # ... and in a batch, the others are still checked.
    other = tmp_path / "other.txt"
    other.write_bytes(REPORT.read_bytes())
    results = [result for _, result in iter_checks([str(path), str(other)], RuleRecipe(), RULES, jobs=1)]
    assert results[0].error == "permission denied"
    assert results[1].error is None and results[1].coverage is not None


def test_file_that_grows_past_the_limit_while_read(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_bytes(REPORT.read_bytes())
    monkeypatch.setattr(files, "MAX_BYTES", path.stat().st_size + 10)
    real_stat = os.stat

    def stat_then_grow(name, *args, **kwargs):
        info = real_stat(name, *args, **kwargs)
        if str(name) == str(path):
            with builtins.open(path, "ab") as handle:  # another process appends after our stat
                handle.write(b"x" * 1000)
        return info

    monkeypatch.setattr(files.os, "stat", stat_then_grow)
    assert check_path(str(path), RULES).error.startswith("file too large")


def test_file_removed_while_read(tmp_path, monkeypatch):
    path = tmp_path / "vanishing.txt"
    path.write_bytes(REPORT.read_bytes())
    real_stat = os.stat

    def stat_then_remove(name, *args, **kwargs):
        info = real_stat(name, *args, **kwargs)
        if str(name) == str(path):
            path.unlink()
        return info

    monkeypatch.setattr(files.os, "stat", stat_then_remove)
    assert check_path(str(path), RULES).error == "file not found"


def test_file_rewritten_while_read(tmp_path):
    """Another process rewrites the file (truncating it, writing halves, binary)
    while it is checked again and again: each check gives a result or a clear
    error, never an exception."""
    path = tmp_path / "busy.txt"
    whole = REPORT.read_bytes()
    contents = [whole, whole[: len(whole) // 2], b"", b"\x00\x01binary", whole[len(whole) // 3:], whole * 3]
    path.write_bytes(whole)
    stop = threading.Event()

    def writer():
        n = 0
        while not stop.is_set():
            with open(path, "wb") as handle:  # truncates, then writes: readers see both
                handle.write(contents[n % len(contents)])
            n += 1
            time.sleep(0.0005)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    clear = ("empty file", "binary file", "file not found", "cannot decode", "file too large")
    try:
        for _ in range(60):
            result = check_path(str(path), RULES)
            assert result.error is None or result.error.startswith(clear), result.error
    finally:
        stop.set()
        thread.join()


# ---------------------------------------------------------------- terminal output

ESCAPES = "\x1b]0;pwned\x07年度报告。全年受理\x1b[2J[red]依申请公开申请19件\x07\x1b[0m。\n"
SGR = re.compile(rb"\x1b\[[0-9;]*m")  # the colour codes the renderer itself writes


@pytest.fixture
def escapes_report(tmp_path):
    path = tmp_path / "escapes.txt"
    path.write_text(ESCAPES + CONTRADICTION.split("\n", 1)[1], encoding="utf-8")
    return path


def assert_harmless(out: bytes, colours: bool) -> None:
    rest = SGR.sub(b"", out) if colours else out
    assert b"\x1b" not in rest, out  # no escape sequence but the renderer's own colours
    assert b"\x07" not in out and b"\x9b" not in out


@pytest.mark.parametrize("fmt", ["rich", "text", "github"])
def test_report_escape_sequences_never_reach_the_terminal(escapes_report, fmt):
    colours = fmt == "rich"
    code, out, err = cli("check", escapes_report, "--format", fmt, "--isolated",
                         env={"FORCE_COLOR": "1", "TERM": "xterm-256color"} if colours else {"NO_COLOR": "1"})
    assert code == 1, err
    text = out.decode("utf-8")
    assert "PROSE-TABLE" in text  # the finding quoting the hostile clause is shown
    assert_harmless(out, colours)
    if fmt != "github":
        assert "[red]" in text  # rich markup in a report is shown as text, never applied
    if colours:
        assert SGR.search(out)  # the colours are on: the test would see a leak


def test_report_escape_sequences_in_json_are_escaped(escapes_report):
    code, out, _ = cli("check", escapes_report, "--format", "json", "--isolated")
    assert code == 1
    assert b"\x1b" not in out and b"\x07" not in out
    data = json.loads(out)
    assert "\x1b[2J[red]" in data["files"][0]["findings"][0]["message"]  # kept, as JSON escapes


@pytest.mark.parametrize("fmt", ["rich", "text"])
def test_file_name_escape_sequences_never_reach_the_terminal(tmp_path, fmt):
    path = tmp_path / "e\x1b[2Jvil[red]\x07.txt"
    path.write_text(CONTRADICTION, encoding="utf-8")
    colours = fmt == "rich"
    _, out, _ = cli("check", path, "--format", fmt, "--isolated",
                    env={"FORCE_COLOR": "1"} if colours else {"NO_COLOR": "1"})
    assert_harmless(out, colours)


# ---------------------------------------------------------------- a folder of hostile files


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_bytes(REPORT.read_bytes())
    (folder / "contradiction.txt").write_text(CONTRADICTION, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "undecodable.txt").write_bytes(b"abc\x80\xff\x80def")
    (folder / "folder.txt").mkdir()
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    return folder


BAD = {"binary.txt": "binary file", "huge.txt": "file too large", "empty.txt": "empty file",
       "undecodable.txt": "cannot decode", "broken.txt": "broken symbolic link"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_other_files_are_still_checked(hostile_folder, jobs):
    code, out, err = cli("check", hostile_folder, "--format", "json", "--jobs", jobs, "--isolated")
    assert code == 2, err  # some files could not be checked
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    for name, words in BAD.items():
        assert words in files[name]["error"]
        assert f"{name}: {words}" in err  # and each is named on stderr
    assert files["good.txt"]["error"] is None and files["good.txt"]["coverage"]
    assert files["contradiction.txt"]["error"] is None
    assert any(f["rule"] == "PROSE-TABLE" for f in files["contradiction.txt"]["findings"])
    assert "Traceback" not in err


def test_exit_2_only_when_a_file_could_not_be_checked(hostile_folder):
    for name in BAD:
        (hostile_folder / name).unlink()
    code, out, err = cli("check", hostile_folder, "--format", "json", "--isolated")
    assert code == 1, err  # findings, and every file was checked
    assert all(f["error"] is None for f in json.loads(out)["files"])
    code, _, _ = cli("check", hostile_folder / "good.txt", "--isolated", "--fail-on", "error")
    assert code in (0, 1)


def test_named_hostile_paths_each_get_an_error(hostile_folder):
    code, out, err = cli("check", hostile_folder / "broken.txt", hostile_folder / "binary.txt",
                         hostile_folder / "good.txt", "--format", "json", "--isolated")
    assert code == 2
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["broken.txt"]["error"].startswith("broken symbolic link")
    assert "binary file" in files["binary.txt"]["error"]
    assert files["good.txt"]["error"] is None

"""Unbreakable (issue 16): each hostile input or command, run as a user runs it, under a
time and memory cap (a subprocess with `resource.setrlimit`): it ends in time, within the
memory, with exit 0, 1 or 2, a one-line message and no traceback.

The inputs are made here, small: a bomb is a few KB that would expand to gigabytes.
"""
from __future__ import annotations

import base64
import json
import os
import resource
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "fixtures" / "001_85db5123dd9c84fd.txt"
MEMORY = 1536 * 2**20  # address space of one run: far below what any bomb of the issue took
SECONDS = 30

CONTRADICTION = (
    "全年受理依申请公开申请19件。\n"
    "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    "| 一、本年新收政府信息公开申请数量 | 15 | 2 | 0 | 0 | 0 | 0 | 17 |\n"
    "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
)


def _capped(memory: int):
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS))
    return limit


def run(*args, memory: int = MEMORY, cwd=None, env=None, stdin=subprocess.DEVNULL, timeout: float = SECONDS):
    """govaudit as a user runs it, capped: (exit code, stdout bytes, stderr text)."""
    command = [sys.executable, "-m", "gov_audit", *map(_arg, args)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run(command, capture_output=True, cwd=cwd or ROOT, timeout=timeout, stdin=stdin,
                          env=environment, preexec_fn=_capped(memory))
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 1, 2), (proc.returncode, err)
    return proc.returncode, proc.stdout, err


def _arg(value) -> bytes | str:
    return value if isinstance(value, bytes) else str(value)


def one_line_error(err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(line.startswith("govaudit: ") for line in lines), err
    for word in words:
        assert word in err, err


# ================================================================ 10, 11: nothing injected


FORGED = "a\n::error file=evil.txt::forged\x1b]8;;https:evil\x07\x1b[2J.txt"
MARKUP = ("[link=https:evil]click[/link].txt", "x[/].txt", "[bold]b.txt")


@pytest.fixture
def odd_names(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in (FORGED, *MARKUP, "\u202egnp.txt"):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(CONTRADICTION, encoding="utf-8")
    (folder / ("bad\n::error::x\x1b[31m.txt")).write_bytes(b"\x00\x01binary")
    return folder


def _no_forgery(text: str) -> None:
    for line in text.splitlines():
        assert not line.startswith("::error file=evil"), line
        assert not line.startswith("::error::x"), line
    assert "\x1b]" not in text and "\x07" not in text and "\u202e" not in text
    assert "\x1b[2J" not in text and "\x1b[31m" not in text


@pytest.mark.parametrize("fmt", ["text", "rich", "github", "html"])
def test_odd_file_names_forge_nothing(odd_names, fmt):
    code, out, err = run("check", odd_names, "-f", fmt, "--isolated", "--jobs", "1")
    assert code == 2  # the binary file
    text = out.decode("utf-8")
    _no_forgery(text)
    _no_forgery(err)
    said = [line for line in err.splitlines() if line.startswith("govaudit:")]
    assert len(said) == 1 and "binary file" in said[0]  # one line for the one unreadable file
    assert text.count("PROSE-TABLE") >= 4 or fmt == "html"  # every report was checked and shown
    if fmt == "rich":
        assert "[link=https:evil]click[/link].txt" in text and "x[/].txt" in text  # shown as written


def test_report_text_in_an_html_page_carries_no_escape(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("\x1b]0;pwned\x07年度报告。全年受理\x1b[2J[red]依申请公开申请19件\x07\x1b[0m。\n"
                      + CONTRADICTION.split("\n", 1)[1], encoding="utf-8")
    code, out, err = run("check", report, "-f", "html", "--isolated")
    assert code == 1 and b"PROSE-TABLE" in out
    assert b"\x1b" not in out and b"\x07" not in out


def test_odd_names_in_json_stay_valid(odd_names):
    code, out, err = run("check", odd_names, "-f", "json", "--isolated")
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert any(path.endswith("[link=https:evil]click[/link].txt") for path in paths)
    assert any(path.endswith(FORGED) for path in paths)  # exactly as named: JSON escapes it


def test_rule_pack_strings_are_shown_harmlessly(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        'rules:\n  - id: LOCAL-ODD\n    kind: table_sum\n    severity: warning\n'
        '    title: "[/] [link=http://evil]x[/link] \\e]0;pwned\\a\\e[2J"\n'
        '    description: "line\\n::error file=evil::forged"\n'
        '    applies_to: ["2014"]\n    assert: s.app.closed >= 0\n'
        '    examples:\n      fail: ["\\e[31mred\\nnext line"]\n', encoding="utf-8")
    code, out, _ = run("rules", "-r", pack, "--isolated")
    assert code == 0 and b"LOCAL-ODD" in out and b"[/]" in out
    code, out, _ = run("rules", "-r", pack, "--isolated", "--explain", "LOCAL-ODD")
    assert code == 0
    _no_forgery(out.decode("utf-8"))
    assert b"\x1b" not in out


@pytest.mark.parametrize("rule_id", ["A\n::error::x", "A\x1b[2J", "", "A B", "X" * 200])
def test_rule_ids_are_plain_names(tmp_path, rule_id):
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"rules:\n  - id: {json.dumps(rule_id)}\n    kind: table_sum\n    severity: warning\n"
                    "    title: t\n    assert: s.app.closed >= 0\n", encoding="utf-8")
    code, _, err = run("check", REPORT, "-r", pack, "--isolated")
    assert code == 2
    one_line_error(err, "invalid rule pack")
    _no_forgery(err)


# ================================================================ 12: -o refuses inputs and non-files


def test_output_that_is_an_input_is_refused(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(CONTRADICTION, encoding="utf-8")
    before = report.read_bytes()
    for output in (report, tmp_path / "." / "r.txt"):
        code, _, err = run("check", "-o", output, report, "--isolated")
        assert code == 2
        one_line_error(err, "is an input of this run")
    hard = tmp_path / "hard.json"
    os.link(report, hard)
    code, _, err = run("check", "-o", hard, tmp_path, "--isolated")
    assert code == 2 and "input" in err
    assert report.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hard.json", "r.txt"]  # no temp file left


@pytest.mark.parametrize("kind", ["fifo", "symlink", "device", "folder"])
def test_output_that_is_not_a_regular_file_is_refused(tmp_path, kind):
    target = tmp_path / "out.json"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        (tmp_path / "elsewhere.json").write_text("keep", encoding="utf-8")
        target.symlink_to(tmp_path / "elsewhere.json")
    elif kind == "folder":
        target.mkdir()
    else:
        target = Path("/dev/null")
    code, _, err = run("check", "-o", target, REPORT, "--isolated", timeout=10)
    assert code == 2
    one_line_error(err, "cannot write --output")
    if kind == "symlink":
        assert target.is_symlink() and (tmp_path / "elsewhere.json").read_text() == "keep"
    if kind == "fifo":
        assert Path(target).is_fifo()


# ================================================================ 8: FIFOs and other non-files


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def test_fifo_report_is_refused_not_waited_for(fifo, tmp_path):
    folder = fifo.parent
    (folder / "good.txt").write_text(CONTRADICTION, encoding="utf-8")
    code, out, err = run("check", fifo, folder / "good.txt", "-f", "json", "--isolated", timeout=15)
    assert code == 2
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["pipe.txt"]["error"] == "not a regular file (a FIFO)"
    assert files["good.txt"]["findings"]
    code, out, err = run("check", folder, "-f", "json", "--isolated", timeout=15)  # found in a folder too
    assert code == 2 and "pipe.txt: not a regular file (a FIFO)" in err


@pytest.mark.parametrize("option", ["-r", "--baseline", "--config"])
def test_fifo_or_endless_file_as_setting_is_refused(fifo, option):
    for source in (fifo, "/dev/zero"):
        began = time.monotonic()
        code, _, err = run("check", REPORT, option, source, timeout=15)
        assert code == 2
        one_line_error(err, "not a regular file")
        assert time.monotonic() - began < 10


def test_stdin_is_read_when_asked():
    proc = subprocess.run([sys.executable, "-m", "gov_audit", "check", "-", "-f", "json", "--isolated"],
                          input=CONTRADICTION.encode("utf-8"), capture_output=True, cwd=ROOT, timeout=SECONDS,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_capped(MEMORY))
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["findings"]


def test_unreadable_subfolder_is_reported(tmp_path):
    folder = tmp_path / "reports"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "inside.txt").write_text(CONTRADICTION, encoding="utf-8")
    (folder / "good.txt").write_text(CONTRADICTION, encoding="utf-8")
    # Root reads every folder: the refusal is made by the folder's own listing failing.
    sitecustomize = tmp_path / "site" / "sitecustomize.py"
    sitecustomize.parent.mkdir()
    sitecustomize.write_text(
        "import os\n_scandir = os.scandir\n"
        "def scandir(path='.'):\n"
        "    if os.fspath(path).endswith('locked'):\n"
        "        raise PermissionError(13, 'Permission denied', os.fspath(path))\n"
        "    return _scandir(path)\n"
        "os.scandir = scandir\n", encoding="utf-8")
    code, out, err = run("check", folder, "-f", "json", "--isolated",
                         env={"PYTHONPATH": f"{tmp_path / 'site'}{os.pathsep}{ROOT}"})
    assert code == 2
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["locked"]["error"] == "folder cannot be read: permission denied"
    assert files["good.txt"]["findings"]
    assert "locked: folder cannot be read" in err


# ================================================================ 6: hostile rule packs

RULE_HEAD = "rules:\n  - id: LOCAL-X\n    kind: table_sum\n    severity: warning\n    title: t\n"
HOSTILE_PACKS = {
    "for_each bomb": RULE_HEAD + "    assert: t3.new.{a} >= 0 and {b} {c}\n    for_each:\n"
    + "".join(f"      {v}: [{', '.join(str(i) for i in range(1000))}]\n" for v in "abc"),
    "compile bomb": "lexicon:\n  - id: x\n    key: t3.new.sum\n    patterns: ['a{4294967294}{N}']\n",
    "nested compile bomb": "lexicon:\n  - id: x\n    key: t3.new.sum\n    patterns: ['(?:(?:x{1000}){1000}){N}']\n",
    "deep groups": "lexicon:\n  - id: x\n    key: t3.new.sum\n    patterns: ['" + "(" * 200 + "{N}" + ")" * 200 + "']\n",
    "format spec": RULE_HEAD + "    assert: t3.new.{col} >= 0\n    for_each: {col: [sum]}\n"
    "    message: '{col:>1500000000}'\n",
    "attribute placeholder": RULE_HEAD + "    assert: t3.new.{col} >= 0\n    for_each: {col: [sum]}\n"
    "    message: '{col.__class__.__init__.__globals__}'\n",
    "unknown placeholder": RULE_HEAD + "    assert: t3.new.sum >= 0\n    message: '{nothing}'\n",
    "spec in assert": RULE_HEAD + "    assert: 't3.new.{col:>999999999} >= 0'\n    for_each: {col: [sum]}\n",
}
WRONG_TYPES = {
    "title": "[1, 2]", "description": "{a: 1}", "applies_to": "{x: 1}", "unless_text": "5",
    "only_if_missing": "{a: b}", "message": "[x]", "names": "[1]", "examples": "{fail: [{text: [1]}]}",
    "for_each": "{col: sum}", "params": "[1]", "when": "[1]", "severity": "[error]", "kind": "{a: b}",
}


def _pack_refused(tmp_path, text: str, *words: str) -> str:
    pack = tmp_path / "pack.yaml"
    pack.write_text(text, encoding="utf-8")
    began = time.monotonic()
    code, _, err = run("check", REPORT, "-r", pack, "--isolated", "--jobs", "1")
    assert code == 2, err
    assert time.monotonic() - began < 15
    one_line_error(err, "invalid rule pack", str(pack), *words)
    return err


@pytest.mark.parametrize("name", list(HOSTILE_PACKS))
def test_hostile_pack_is_refused_within_bounds(tmp_path, name):
    _pack_refused(tmp_path, HOSTILE_PACKS[name])


@pytest.mark.parametrize("field", list(WRONG_TYPES))
def test_every_rule_field_has_its_type(tmp_path, field):
    body = "    assert: t3.new.sum >= 0\n" if field not in ("params",) else "    check: missing_value\n"
    text = RULE_HEAD.replace(f"    {field}: ", "#") if field in ("title", "severity", "kind") else RULE_HEAD
    text = "\n".join(line for line in text.splitlines() if not line.startswith(f"    {field}:")) + "\n"
    _pack_refused(tmp_path, text + body + f"    {field}: {WRONG_TYPES[field]}\n", "LOCAL-X")


@pytest.mark.parametrize("text", [
    "lexicon: [{id: x, key: [1], patterns: ['{N}件']}]",
    "lexicon: [{id: x, key: t3.new.sum, patterns: '{N}件'}]",
    "lexicon: [{id: [1], key: t3.new.sum, patterns: ['{N}件']}]",
    "lexicon: [{id: x, key: t3.new.sum, patterns: ['{N}件'], units: 5}]",
    "overrides: {T3-BALANCE: {severity: [x]}}",
    "overrides: [T3-BALANCE]",
    "pack: [1]\nrules: []",
])
def test_every_pack_field_has_its_type(tmp_path, text):
    _pack_refused(tmp_path, text + "\n")


def test_a_sound_user_pack_still_runs(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(RULE_HEAD + "    assert: t3.new.{col} >= 0\n    for_each: {col: [sum, natural]}\n"
                    "    message: '新收（{col}列）'\n"
                    "lexicon:\n  - id: local-new\n    key: {'2021': t3.new.sum}\n"
                    "    patterns: ['(?:新收|收到){0,3}申请{N}']\n", encoding="utf-8")
    code, out, err = run("check", REPORT, "-r", pack, "--isolated", "-f", "json")
    assert code in (0, 1), err


# ================================================================ 15: settings files

@pytest.mark.parametrize("content", [
    b"[tool.govaudit]\nselect = [\"\xff\xfe\"]\n",  # not UTF-8
    b"[tool.govaudit]\nx = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",  # nested past any stack
    b"[tool]\ngovaudit = 3\n",
])
def test_bad_pyproject_is_one_line(tmp_path, content):
    (tmp_path / "pyproject.toml").write_bytes(content)
    code, _, err = run("check", REPORT, cwd=tmp_path)
    assert code == 2
    one_line_error(err, "pyproject.toml")


@pytest.mark.parametrize("content", [
    "[" * 100_000 + "]" * 100_000,
    '{"govaudit_baseline": 1, "findings": [{"fingerprint": "a", "path": ["x"]}]}',
    '{"govaudit_baseline": 1, "findings": [{"fingerprint": "a", "values": 3}]}',
    '{"govaudit_baseline": 1, "findings": [{"fingerprint": "a", "document": {"a": 1}}]}',
    '{"govaudit_baseline": 1, "findings": [7]}',
    "\udcff",
])
def test_bad_baseline_is_one_line(tmp_path, content):
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content.encode("utf-8", "surrogateescape"))
    code, _, err = run("check", REPORT, "--baseline", baseline, "--isolated")
    assert code == 2
    one_line_error(err, "baseline.json")


# ================================================================ 15: full disk, closed stdout, long paths


def _small_files(limit: int):
    """A disk that is full after `limit` bytes of any file (writes past it fail with EFBIG)."""
    def cap():
        _capped(MEMORY)()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return cap


@pytest.mark.parametrize("command", [
    ("check", "-f", "text"), ("check", "-f", "json"), ("check", "-f", "github"), ("check", "-f", "sarif"),
    ("check", "-f", "html"), ("extract", "-f", "csv"), ("extract", "-f", "jsonl"), ("extract", "-f", "sqlite"),
    ("check", "--write-baseline"),
])
def test_disk_full_while_writing_output(tmp_path, command):
    target = tmp_path / "out.file"
    option = ["-o", str(target)] if command[-1] != "--write-baseline" else [str(target)]
    proc = subprocess.run([sys.executable, "-m", "gov_audit", *command, *option, str(ROOT / "fixtures"),
                           "--isolated", "--jobs", "1"], capture_output=True, cwd=tmp_path, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_small_files(2000))
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    one_line_error(err, "out.file")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing half-written left behind


@pytest.mark.parametrize("fmt", ["text", "json", "rich"])
def test_stdout_full_or_closed(fmt):
    for stdout in ("/dev/full", None):
        handle = open(stdout, "w") if stdout else None
        try:
            proc = subprocess.run([sys.executable, "-m", "gov_audit", "check", str(REPORT), "-f", fmt,
                                   "--isolated"], stdout=handle, stderr=subprocess.PIPE, cwd=ROOT, timeout=SECONDS,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_capped(MEMORY),
                                  close_fds=True, pass_fds=())
        finally:
            if handle:
                handle.close()
        err = proc.stderr.decode("utf-8", "replace")
        if stdout is None:
            continue  # (a closed descriptor is tested below, through a shell)
        assert proc.returncode == 2, err
        one_line_error(err, "cannot write to stdout")
    proc = subprocess.run(f"'{sys.executable}' -m gov_audit check '{REPORT}' -f {fmt} --isolated >&-", shell=True,
                          stderr=subprocess.PIPE, cwd=ROOT, timeout=SECONDS,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2
    one_line_error(proc.stderr.decode(), "cannot write to stdout")


def test_path_longer_than_the_system_allows(tmp_path):
    long_name = tmp_path / ("长" * 200 + ".txt")  # 600 bytes: past NAME_MAX
    deep = "/".join(["d" * 250] * 20) + "/r.txt"  # past PATH_MAX
    code, out, err = run("check", long_name, tmp_path / deep, REPORT, "-f", "json", "--isolated")
    assert code == 2
    files = json.loads(out)["files"]
    assert "name too long" in files[0]["error"].lower() and "name too long" in files[1]["error"].lower()
    assert files[2]["error"] is None
    for output in (long_name.with_suffix(".json"), tmp_path / (deep + ".json")):
        code, _, err = run("check", REPORT, "-o", output, "--isolated")
        assert code == 2
        one_line_error(err, "cannot write --output")


# ================================================================ 7, 9: dead workers, signals

HOOK = """\
import builtins, os, signal, time
_open = builtins.open
def _hooked(file, *args, **kwargs):
    name = os.fspath(file) if not isinstance(file, int) else ""
    if isinstance(name, str) and name.endswith(".txt") and os.environ.get("HOOK_SLOW"):
        time.sleep(float(os.environ["HOOK_SLOW"]))
    if isinstance(name, str) and name.endswith("die.txt"):
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
    return _open(file, *args, **kwargs)
builtins.open = _hooked
"""


@pytest.fixture
def hooked(tmp_path):
    """An environment whose processes die on opening `*die.txt` (and, with HOOK_SLOW, read slowly)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.txt", "b-die.txt", "c.txt", "d.txt", "e-die.txt", "f.txt", "g.txt"):
        (folder / name).write_text(CONTRADICTION, encoding="utf-8")
    return folder, {"PYTHONPATH": f"{site}{os.pathsep}{ROOT}"}


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_a_worker_killed_by_the_os_fails_only_its_file(hooked, jobs):
    folder, env = hooked
    code, out, err = run("check", folder, "-f", "json", "--jobs", jobs, "--isolated", env=env, timeout=60)
    assert code == 2
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert list(files) == ["a.txt", "b-die.txt", "c.txt", "d.txt", "e-die.txt", "f.txt", "g.txt"]
    for name, entry in files.items():
        if "die" in name:
            assert "killed (SIGKILL" in entry["error"], entry
        else:
            assert entry["error"] is None and entry["findings"], entry
    assert err.count("killed (SIGKILL") == 2


def test_jobs_are_capped_to_the_cores(monkeypatch, tmp_path):
    from gov_audit import batch, pool

    asked = []
    monkeypatch.setattr(batch, "ordered_map", lambda context, workers, *a, **k: asked.append(workers) or iter(()))
    list(batch.iter_checks([str(REPORT)] * 50, batch.RuleRecipe(), jobs=1000))
    assert asked == [pool.available_cores()]


@pytest.mark.parametrize("number, jobs", [(signal.SIGTERM, "1"), (signal.SIGTERM, "2"), (signal.SIGHUP, "2"),
                                          (signal.SIGINT, "2")])
def test_sigterm_and_sighup_are_handled_like_ctrl_c(hooked, tmp_path, number, jobs):
    folder, env = hooked
    for name in ("b-die.txt", "e-die.txt"):
        (folder / name).unlink()
    out = tmp_path / "out.json"
    proc = subprocess.Popen([sys.executable, "-m", "gov_audit", "check", str(folder), "-o", str(out),
                             "--jobs", jobs, "--isolated"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, env={**os.environ, **env, "HOOK_SLOW": "0.5"}, preexec_fn=_capped(MEMORY))
    time.sleep(1.5)
    proc.send_signal(number)
    _, err = proc.communicate(timeout=20)
    err = err.decode("utf-8", "replace")
    assert proc.returncode == 128 + number, err
    assert "Traceback" not in err and "Error" not in err
    assert ("interrupted" if number == signal.SIGINT else f"stopped by {signal.Signals(number).name}") in err
    assert not any(p.name.startswith(".out.json") for p in tmp_path.iterdir())  # no half-written temp file
    assert not out.exists()


# ================================================================ 13: names that are not UTF-8

GBK_NAME = "报告".encode("gbk") + b".txt"  # a name from a Windows archive


@pytest.fixture
def gbk_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), GBK_NAME), "w", encoding="utf-8") as handle:
        handle.write(CONTRADICTION)
    return folder


def _utf8(data: bytes) -> str:
    return data.decode("utf-8")  # raises on anything that is not valid UTF-8


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "github", "rich", "html"])
def test_non_utf8_name_in_every_format(gbk_folder, tmp_path, fmt):
    code, out, err = run("check", gbk_folder, "-f", fmt, "--isolated")
    assert code == 1, err
    text = _utf8(out)
    target = tmp_path / f"out.{fmt}"
    code, _, err = run("check", gbk_folder, "-f", fmt, "-o", target, "--isolated")
    assert code == 1, err
    written = _utf8(target.read_bytes())
    assert written == text or fmt == "rich"  # (rich wraps a file at its own width)
    if fmt == "json":
        entry = json.loads(text)["files"][0]
        assert base64.b64decode(entry["path_bytes"]).endswith(GBK_NAME)  # lossless
        assert entry["path"].endswith("\ufffd\ufffd\ufffd\ufffd.txt")  # and valid
    if fmt == "sarif":
        uri = json.loads(text)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.endswith("%B1%A8%B8%E6.txt")  # the bytes, percent-encoded


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "sqlite"])
def test_non_utf8_name_in_extract(gbk_folder, tmp_path, fmt):
    import csv
    import sqlite3

    target = tmp_path / f"facts.{fmt}"
    code, _, err = run("extract", gbk_folder, "-f", fmt, "-o", target, "--isolated")
    assert code == 0, err
    if fmt == "sqlite":
        with sqlite3.connect(target) as con:
            stored = con.execute("select file_bytes from files").fetchone()[0]
    elif fmt == "csv":
        stored = next(csv.DictReader(_utf8(target.read_bytes()).splitlines()))["file_bytes"]
    else:
        stored = json.loads(_utf8(target.read_bytes()).splitlines()[0])["file_bytes"]
    assert base64.b64decode(stored).endswith(GBK_NAME)


def test_non_utf8_name_in_a_baseline(gbk_folder, tmp_path):
    baseline = tmp_path / "baseline.json"
    code, _, err = run("check", gbk_folder, "--write-baseline", baseline, "--isolated")
    assert code == 0, err
    entry = json.loads(_utf8(baseline.read_bytes()))["findings"][0]
    assert base64.b64decode(entry["path_bytes"]).endswith(GBK_NAME)
    code, out, err = run("check", gbk_folder, "--baseline", baseline, "-f", "json", "--isolated")
    assert code == 0 and "baselined" in err  # the entries match the file they were made from


# ================================================================ 14: the cache


def _cached_run(cache: Path):
    """A report whose finding rests on the lexicon, with a run of 申 that a ReDoS phrasing chokes on."""
    report = cache.parent / "r.txt"
    report.write_text("申" * 40 + "。\n" + CONTRADICTION, encoding="utf-8")
    code, out, err = run("check", report, "-f", "json", "--isolated", env={"GOVAUDIT_CACHE_DIR": str(cache)},
                         timeout=15)
    assert b"PROSE-TABLE" in out
    return code, out, err


def _planted(cache: Path, change) -> Path:
    """The cache govaudit wrote, with its lexicon's phrasings replaced by a ReDoS pattern, the
    checksum made right again: what a hostile user of a shared cache folder could write."""
    import hashlib
    import marshal

    from gov_audit.core import cachefile

    (path,) = [p for p in cache.iterdir() if p.name.startswith("builtin-yaml")]
    data = marshal.loads(path.read_bytes()[len(cachefile.MAGIC) + 32:])
    for name, (stamp, blob) in data["files"].items():
        if name.endswith("lexicon.yaml"):
            lexicon = marshal.loads(blob)
            for entry in lexicon["entries"]:
                entry["patterns"] = ["(?:(?:申|申申)+)+X{N}"]
            data["files"][name] = (stamp, marshal.dumps(lexicon))
    payload = marshal.dumps(data)
    path.write_bytes(cachefile.MAGIC + hashlib.sha256(payload).digest() + payload)
    change(path)
    return path


@pytest.mark.parametrize("how", ["other owner", "group-writable", "folder writable by all", "symlink"])
def test_a_planted_cache_is_never_loaded(tmp_path, how):
    if how == "other owner" and os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    cache = tmp_path / "cache"
    code, clean, _ = _cached_run(cache)
    if how == "symlink":
        def change(path):
            elsewhere = tmp_path / "elsewhere"
            path.rename(elsewhere)
            path.symlink_to(elsewhere)
    else:
        change = {"other owner": lambda path: os.chown(path, 65534, 65534),
                  "group-writable": lambda path: path.chmod(0o664),
                  "folder writable by all": lambda path: path.parent.chmod(0o777)}[how]
    _planted(cache, change)
    began = time.monotonic()
    code, out, err = _cached_run(cache)
    assert time.monotonic() - began < 10
    assert out == clean  # the built-in lexicon as shipped: the planted one was not read


@pytest.mark.parametrize("content", [
    b"\xdb\xff\xff\xff\x7f",  # a 5-byte marshal bomb: a list of 2^31 items
    b"govaudit-cache-1\n" + b"\x00" * 32 + b"\xdb\xff\xff\xff\x7f",  # right magic, wrong checksum
    b"govaudit-cache-1\n",  # cut short
    b"x" * (17 * 2**20),  # larger than any cache
])
def test_a_damaged_cache_is_rebuilt(tmp_path, content):
    cache = tmp_path / "cache"
    code, clean, _ = _cached_run(cache)
    (path,) = [p for p in cache.iterdir() if p.name.startswith("builtin-yaml")]
    path.write_bytes(content)
    code, out, err = _cached_run(cache)
    assert out == clean
    assert path.read_bytes() != content  # rebuilt from the YAML


def test_a_fifo_as_cache_is_passed_over(tmp_path):
    cache = tmp_path / "cache"
    code, clean, _ = _cached_run(cache)
    (path,) = [p for p in cache.iterdir() if p.name.startswith("builtin-yaml")]
    path.unlink()
    os.mkfifo(path)
    code, out, err = _cached_run(cache)
    assert out == clean


# ================================================================ 3: merged-cell grids


def _json_of(path, *more):
    code, out, err = run("check", path, *more, "-f", "json", "--isolated")
    assert code in (0, 1), err
    return json.loads(out)["files"][0]


def test_html_span_bomb_is_not_expanded(tmp_path):
    row = "<tr>" + '<td rowspan="200" colspan="200">本年新收政府信息公开申请数量</td>' * 50 + "</tr>"
    page = tmp_path / "bomb.html"
    page.write_text("<html><body><p>全年受理依申请公开申请19件。</p><table>" + row * 50 + "</table>"
                    "<table><tr><td>项目</td><td>数量</td></tr><tr><td>主动公开</td><td>5</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    entry = _json_of(page)
    assert entry["error"] is None
    assert any("expands its merged cells" in note and "not read" in note for note in entry["notes"]), entry["notes"]


def test_html_long_labels_repeated_are_bounded(tmp_path):
    label = "政府信息公开" * 2000  # 12,000 characters, repeated into 200×10 cells
    page = tmp_path / "labels.html"
    page.write_text(f'<html><body><p>正文。</p><table><tr><td rowspan="200" colspan="10">{label}</td></tr>'
                    + "<tr><td>1</td></tr>" * 199 + "</table></body></html>", encoding="utf-8")
    entry = _json_of(page)
    assert any("characters" in note for note in entry["notes"]), entry["notes"]


def _docx(path: Path, span: int, rows: int = 20) -> Path:
    import docx
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("全年受理依申请公开申请19件。")
    table = document.add_table(rows=rows, cols=2)
    for row in table.rows:
        row.cells[0].text = "本年新收政府信息公开申请数量"
        row.cells[1].text = "1"
        properties = row.cells[0]._tc.get_or_add_tcPr()
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        properties.append(grid_span)
    document.add_paragraph("以上为统计。")
    document.save(path)
    return path


def test_docx_grid_span_bomb_is_not_expanded(tmp_path):
    entry = _json_of(_docx(tmp_path / "bomb.docx", 100_000, rows=200))
    assert entry["error"] is None
    assert any("expands its merged cells" in note for note in entry["notes"]), entry["notes"]


def test_a_sound_merged_table_is_still_read(tmp_path):
    entry = _json_of(_docx(tmp_path / "fine.docx", 2))
    assert entry["error"] is None and not entry["notes"]


# ================================================================ 4: PDF bombs


PAGES = ("全年受理依申请公开申请19件，均按时答复。", "本年度主动公开政府信息38条，及时回应社会关切。",
         "全年召开新闻发布会7次，推进政务公开。")


def _pdf(tmp_path, hostile_page: str, name: str = "bomb.pdf") -> Path:
    """Three pages of Chinese text; page 2 also carries `hostile_page` raw in its content stream."""
    import io as _io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = _io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    for number, sentence in enumerate(PAGES, 1):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 760 - 40 * number, sentence)
        if number == 2:
            c.addLiteral(hostile_page)
        c.showPage()
    c.save()
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("hostile, why", [
    ("%" + "x" * (40 * 2**20) + "\n", "decompresses to more than"),  # 40 MiB from ~40 KB of Flate
    ("0 0 m 1 1 l S\n" * 60_000, "glyphs, lines and shapes"),  # 60,000 lines drawn
    ("0 0 m 1 1 l\n" * 300_000, "drawing operations"),  # a path of 600,000 segments never painted
    ("h\n" * 600_000, "drawing operations"),  # operators without operands
])
def test_pdf_page_past_a_bound_is_named_and_the_rest_read(tmp_path, hostile, why):
    path = _pdf(tmp_path, hostile)
    assert path.stat().st_size < 3 * 2**20
    code, out, err = run("extract", path, "-f", "jsonl", "--isolated")
    assert code == 0 and "note: page 2 not read" in err and why in err, err
    quotes = " ".join(json.loads(line)["quote"] for line in out.decode().splitlines())
    assert "19件" in quotes and "7次" in quotes and "38条" not in quotes


def test_pdf_whose_streams_together_are_too_large_is_refused(tmp_path, monkeypatch):
    from gov_audit.load import limits, load_document
    from gov_audit.load.files import InputError

    path = _pdf(tmp_path, "%" + "x" * (3 * 2**20) + "\n")
    monkeypatch.setattr(limits, "MAX_PDF_STREAM_BYTES", 2 * 2**20)
    from gov_audit.load.pdf import bounded
    monkeypatch.setattr(bounded, "MAX_PDF_STREAM_BYTES", 2 * 2**20)
    monkeypatch.setattr(bounded, "MAX_PAGE_STREAM_BYTES", 4 * 2**20)
    with pytest.raises(InputError) as info:
        load_document(path)
    assert "PDF too large to read" in info.value.message


def test_stream_sizes_are_measured_without_decoding_them_whole():
    from gov_audit.load.pdf.bounded import _inflate, _run_length_size

    bomb = zlib.compress(b"\0" * (256 * 2**20), 9)  # 256 MiB in 250 KB
    assert len(_inflate(bomb, 2**20)) == 2**20 + 1  # stops right past the limit
    assert _run_length_size(bytes([129, 0]) * 1_000_000, 2**20) == 2**20 + 128


# ================================================================ 5: input caps, time and memory per file


def test_inputs_past_their_format_cap_are_refused_before_parsing(tmp_path):
    from gov_audit.load import limits

    big = tmp_path / "big.md"
    row = "| 一、本年新收政府信息公开申请数量 | 15 | 2 | 17 |\n"
    big.write_text(row * (limits.MAX_TEXT_BYTES // len(row.encode()) + 10), encoding="utf-8")
    began = time.monotonic()
    code, out, err = run("check", big, "-f", "json", "--isolated")
    assert code == 2 and time.monotonic() - began < 10
    assert "file too large" in json.loads(out)["files"][0]["error"]


def test_a_docx_whose_text_unpacks_past_its_cap_is_refused(tmp_path):
    import zipfile

    from gov_audit.load import limits

    source = _docx(tmp_path / "base.docx", 1, rows=1)
    target = tmp_path / "empty-paragraphs.docx"
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in package.infolist():
            data = package.read(info.filename)
            if info.filename == "word/document.xml":
                cut = data.index(b"<w:sectPr")
                data = data[:cut] + b"<w:p/>" * (limits.MAX_DOCX_XML_BYTES // 6 + 1) + data[cut:]
            out.writestr(info, data)
    assert target.stat().st_size < 2**20  # 16 MiB of empty paragraphs in a few hundred KB
    code, out, err = run("check", target, "-f", "json", "--isolated")
    assert code == 2 and "document.xml" in json.loads(out)["files"][0]["error"]


def test_a_long_line_of_figures_ends_within_the_bounds(tmp_path):
    line = tmp_path / "line.txt"
    line.write_text("本年度受理申请1000件。" + "其中100件，占10%，" * 12_000 + "\n", encoding="utf-8")
    code, out, err = run("check", line, REPORT, "-f", "json", "--isolated", timeout=90)
    files = json.loads(out)["files"]
    assert files[0]["error"] is None or "stopped" in files[0]["error"]
    assert files[1]["error"] is None  # the next file is checked


def test_a_file_past_its_time_or_memory_is_stopped_and_the_run_goes_on(monkeypatch):
    from gov_audit import batch

    real = batch.check_path

    def hostile(path, ruleset):
        if path.endswith("slow"):
            time.sleep(30)
        if path.endswith("greedy"):
            return bytearray(8 * 2**30)  # 8 GiB
        return real(path, ruleset)

    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    monkeypatch.setattr(batch, "check_path", hostile)
    monkeypatch.setattr(batch, "SECONDS_PER_FILE", 0.5)
    monkeypatch.setattr(batch, "MEMORY_PER_FILE", 256 * 2**20)
    began = time.monotonic()
    results = [r for _, r in batch.iter_checks(["slow", "greedy", str(REPORT)], batch.RuleRecipe(), jobs=1)]
    assert time.monotonic() - began < 10
    assert "took longer than 0.5 s" in results[0].error
    assert "needed more than 256 MiB" in results[1].error
    assert results[2].error is None and results[2].findings
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # given back

"""The README's snippets run as written, where a test can run them without a network (issue 17 items 1, 2, 6).

- The two commands at the top are the ones `.ci/run` runs, word for word.
- Every `govaudit …` command of the README — in its code blocks and in its
  tables' examples — runs on a workspace of sample reports named as the README
  names them (report.txt, reports/, my-rules.yaml …) and exits 0 or 1, never 2.
- The configuration and the rule pack it shows are valid; its SQL runs on the
  database `extract` writes.
- The pre-commit snippets: the local hook's pattern takes the reports and not a
  README; the pinned one's `rev` is a tag or commit of this repository that
  carries the hook; the hook's own default pattern takes report folders only.
- The GitHub workflow's commands run, and the release it pins exists.
"""
from __future__ import annotations

import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gov_audit.cli import app

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SEEDS = sorted((ROOT / "fixtures").glob("*.txt"))
NOT_COMMANDS = {"govaudit check"}  # a command's name in a sentence


def code_blocks(text: str) -> list[list[str]]:
    """The indented code blocks, each a list of lines (blank lines inside a block kept)."""
    blocks, current, previous = [], None, ""
    for line in text.split("\n"):
        if line.startswith("    ") and (current is not None or not previous.strip()):
            if current is None:
                current = []
                blocks.append(current)
            current.append(line[4:])
        elif not line.strip() and current is not None:
            current.append("")
        else:
            current = None
        previous = line
    return [block[:max(i for i, l in enumerate(block) if l.strip()) + 1] for block in blocks]


BLOCKS = code_blocks(README)


def block_starting(first: str) -> list[str]:
    return next(block for block in BLOCKS if block[0].startswith(first))


def blocks_starting(first: str) -> list[list[str]]:
    return [block for block in BLOCKS if block[0].startswith(first)]


AGENCY_FILE = "\n".join(block_starting("# agencies.yaml")) + "\n"  # the agency file the README shows


def commands() -> list[str]:
    """Every govaudit command the README shows, in its order."""
    found = []
    for block in BLOCKS:
        if any("PATH..." in line for line in block):
            continue  # the synopsis of the commands, each with what it does
        for line in block:
            line = line[2:] if line.startswith("$ ") else line
            if line.startswith("govaudit "):
                found.append(line)
    found += [m.replace("\\|", "|") for m in re.findall(r"`(govaudit [^`]+)`", README)]
    runnable = [c for c in dict.fromkeys(found) if c.split("#")[0].strip() not in NOT_COMMANDS]
    # a baseline is used after it is written
    return sorted(runnable, key=lambda c: "--baseline " in c)


# ---------------------------------------------------------------- item 1: the two commands at the top

def test_the_readme_starts_with_its_two_commands_and_ci_runs_exactly_them():
    first = BLOCKS[0]
    assert README.index(first[0]) < README.index("\n## ")  # at the top
    assert len(first) == 2
    setup, tests = first
    assert setup.startswith("python3 -m venv .venv && ") and " check " in setup  # an environment, then the fixtures
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in ci if line in (setup, tests)] == [setup, tests]
    commands_run = [l for l in ci if l.strip() and not l.lstrip().startswith(("#", "set ", "cd ", "if ", "fi", "then",
                                                                                  "command ", "apt-get", "DEBIAN"))]
    assert commands_run == [setup, tests], commands_run


# ---------------------------------------------------------------- every govaudit command

PACK_BLOCK = block_starting("rules:")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """Files named as the README names them."""
    root = tmp_path_factory.mktemp("readme")
    (root / "fixtures").symlink_to(ROOT / "fixtures", target_is_directory=True)
    shutil.copy(SEEDS[0], root / "report.txt")
    shutil.copy(SEEDS[1], root / "extra.txt")
    reports = root / "reports"
    for name, seed in (("a.txt", SEEDS[0]), ("2019/b.txt", SEEDS[3]), ("drafts/d.txt", SEEDS[2]),
                       ("keep.md", SEEDS[4]), ("notes.md", SEEDS[1])):
        (reports / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(seed, reports / name)
    (reports / "scan.pdf").write_bytes(_small_pdf())
    pack = "\n".join(PACK_BLOCK) + "\n"
    for name in ("custom.yaml", "my-rules.yaml", "my.yaml"):
        (root / name).write_text(pack, encoding="utf-8")
    (root / "ci").mkdir()
    (root / "ci" / "govaudit.toml").write_text('ignore = ["numbering"]\njobs = 1\n', encoding="utf-8")
    (root / "agencies.yaml").write_text(AGENCY_FILE, encoding="utf-8")
    return root


def _small_pdf() -> bytes:
    """One page of text: a PDF for `--include '*.pdf'` that reads in milliseconds."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 12)
    page.drawString(72, 720, "某县2023年政府信息公开工作年度报告")
    page.drawString(72, 700, "全年主动公开政府信息120条。")
    page.save()
    return out.getvalue()


def run_command(command: str, cwd: Path):
    """A README command, in-process; `< file` and `> file` as a shell would."""
    words = shlex.split(command, comments=True)
    assert words[0] == "govaudit"
    words, stdin, stdout = _redirections(words[1:])
    env = {"COLUMNS": "120"}
    previous = Path.cwd()
    try:
        import os

        os.chdir(cwd)
        result = CliRunner().invoke(app, words, input=(cwd / stdin).read_bytes() if stdin else None, env=env)
    finally:
        os.chdir(previous)
    if stdout:
        (cwd / stdout).write_bytes(result.stdout_bytes)
    return result


def _redirections(words: list) -> tuple[list, str, str]:
    stdin = stdout = ""
    kept = []
    it = iter(words)
    for word in it:
        if word == "<":
            stdin = next(it)
        elif word == ">":
            stdout = next(it)
        else:
            kept.append(word)
    return kept, stdin, stdout


def test_the_readme_shows_the_new_options():
    shown = " ".join(commands())
    for option in ("--exit-zero", "--statistics", "-q", "--no-respect-gitignore", "--encoding", "check -",
                   "--explain table_sum", "--exclude '!keep.md'"):
        assert option in shown, option


@pytest.mark.parametrize("command", commands())
def test_every_govaudit_command_runs_as_written(workspace, command):
    result = run_command(command, workspace)
    assert result.exit_code in (0, 1), (command, result.output[-2000:])


def test_the_configuration_snippet_is_valid(tmp_path):
    """The [tool.govaudit] example, as a project's pyproject.toml with the files it names."""
    toml_text = "\n".join(block_starting("[tool.govaudit]")) + "\n"
    settings = tomllib.loads(toml_text)["tool"]["govaudit"]
    (tmp_path / "pyproject.toml").write_text(toml_text, encoding="utf-8")
    for pack in settings["rules"]:
        (tmp_path / pack).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / pack).write_text("\n".join(PACK_BLOCK) + "\n", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    shutil.copy(SEEDS[0], tmp_path / "reports" / "a.txt")
    (tmp_path / settings["agencies"]).write_text(AGENCY_FILE, encoding="utf-8")
    made = run_command(f"govaudit check reports/ --write-baseline {settings['baseline']}", tmp_path)
    assert made.exit_code == 0, made.output
    shown = run_command("govaudit check --show-settings", tmp_path)
    assert shown.exit_code == 0 and "pyproject.toml [tool.govaudit]" in shown.stdout
    assert run_command("govaudit check reports/", tmp_path).exit_code in (0, 1)


def test_the_sql_snippet_runs_on_the_extracted_database(workspace):
    assert run_command("govaudit extract reports/ -f sqlite -o facts.sqlite", workspace).exit_code == 0
    sql = " ".join(line.strip() for line in block_starting("select "))
    with sqlite3.connect(workspace / "facts.sqlite") as db:
        rows = db.execute(sql).fetchall()
    assert rows and all(len(row) == 4 for row in rows)


def test_the_pandas_snippets_read_what_extract_wrote(workspace):
    pytest.importorskip("pandas")
    assert run_command("govaudit extract reports/ -o facts.csv", workspace).exit_code == 0
    assert run_command("govaudit extract reports/ -f sqlite -o facts.sqlite", workspace).exit_code == 0
    for line in block_starting("python -c"):
        done = subprocess.run([sys.executable, *shlex.split(line)[1:]], cwd=workspace, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------- items 2 and 6: pre-commit

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
HOOK = next(h for h in HOOKS if h["id"] == "govaudit")
PRE_COMMIT = [yaml.safe_load("\n".join(b)) for b in blocks_starting("# .pre-commit-config.yaml")]
# Paths of a project: its reports, and texts that are no report (a README whose figures do not add up).
REPORTS = ["reports/2023/某局2023年政府信息公开工作年度报告.txt", "reports/b.md", "a/reports/c.pdf"]
NOT_REPORTS = ["README.md", "docs/guide.md", "notes.txt", "reports/README.md", "reports/data.csv"]


def _selects(hook: dict, path: str) -> bool:
    """pre-commit's rule: `files` and `exclude` are Python regexes searched in each staged path."""
    return bool(re.search(hook.get("files", ""), path)) and not re.search(hook.get("exclude", "^$"), path)


def test_the_hook_by_default_takes_report_folders_and_reports_only():
    for path in REPORTS + ["2023年度报告.pdf", "年报/x.docx", "annual-reports/x.html"]:
        assert _selects(HOOK, path), path
    for path in NOT_REPORTS + ["CHANGELOG.md", "reports.txt"]:
        assert not _selects(HOOK, path), path


def _git(*args) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def _rev_in_repository(rev: str) -> None:
    """`rev` is a tag or commit of this repository whose .pre-commit-hooks.yaml has the hook."""
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    if _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("a shallow clone may lack the release")
    if not _git("tag", "--list").stdout.strip():
        pytest.skip("a clone fetched without tags cannot hold the release")
    assert _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode == 0, f"{rev} is not in the repository"
    hooks = yaml.safe_load(_git("show", f"{rev}:.pre-commit-hooks.yaml").stdout)
    assert any(h["id"] == "govaudit" and h["entry"] == "govaudit check" for h in hooks)


def test_both_pre_commit_snippets_are_there():
    repos = [config["repos"][0] for config in PRE_COMMIT]
    assert [r["repo"] == "local" for r in repos] == [True, False]


def test_the_local_hook_runs_govaudit_on_the_reports_only(workspace):
    [local] = [c["repos"][0] for c in PRE_COMMIT if c["repos"][0]["repo"] == "local"]
    [hook] = local["hooks"]
    assert hook["id"] == "govaudit" and hook["language"] == "system" and hook["require_serial"]
    for path in REPORTS:
        assert _selects(hook, path), path
    for path in ("README.md", "docs/guide.md", "notes.txt"):
        assert not _selects(hook, path), path
    staged = ["reports/a.txt", "reports/2019/b.txt", "README.md"]
    picked = [p for p in staged if _selects(hook, p)]
    result = run_command(shlex.join([*hook["entry"].split(), *hook["args"], *picked]), workspace)
    assert picked == staged[:2] and result.exit_code in (0, 1), result.output


def test_the_pinned_hook_names_a_release_of_this_repository(workspace):
    [pinned] = [c["repos"][0] for c in PRE_COMMIT if c["repos"][0]["repo"] != "local"]
    [hook] = pinned["hooks"]
    assert hook["id"] == HOOK["id"]
    result = run_command(shlex.join(["govaudit", *HOOK["entry"].split()[1:], *hook["args"], "report.txt"]), workspace)
    assert result.exit_code in (0, 1), result.output
    _rev_in_repository(str(pinned["rev"]))


# ---------------------------------------------------------------- the GitHub workflow

WORKFLOW = yaml.safe_load("\n".join(block_starting("# .github/workflows/govaudit.yml")))


def test_the_workflow_runs_govaudit_and_pins_a_release(workspace):
    steps = WORKFLOW["jobs"]["govaudit"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    install = next(r for r in runs if r.startswith("pip install"))
    checks = [r for r in runs if r.startswith("govaudit ")]
    assert checks
    for command in checks:
        result = run_command(command, workspace)
        assert result.exit_code in (0, 1), result.output
    sarif = next(s["with"]["sarif_file"] for s in steps if "upload-sarif" in s.get("uses", ""))
    assert (workspace / sarif).is_file()
    _rev_in_repository(install.rstrip('"').rsplit("@", 1)[1])


def test_the_agency_file_snippet_is_valid():
    from gov_audit.compare import parse_agency_file

    declared = parse_agency_file(yaml.safe_load(AGENCY_FILE), "README")
    assert declared.same and [u.all_children for u in declared.units] == [False, True]

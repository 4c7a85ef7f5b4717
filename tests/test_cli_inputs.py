"""Reading inputs as a new user expects (issue 17 item 14): .gitignore respected, gitignore-style
--include/--exclude, a report on standard input (`govaudit check -`)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "fixtures").glob("*.txt"))[0]


def run(*args, input=None, cwd=None):
    return CliRunner().invoke(app, [str(a) for a in args] + ["--isolated"], input=input)


def checked(root: Path, *args) -> list[str]:
    result = run("check", root, "-f", "json", "-j", "1", *args)
    assert result.exit_code in (0, 1), result.output
    return [Path(f["path"]).relative_to(root).as_posix() for f in json.loads(result.stdout)["files"]]


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(SEED.read_bytes())


@pytest.fixture
def repo(tmp_path):
    """A repository: reports/ with drafts, Markdown, nested .gitignore files and git's exclude file."""
    root = tmp_path / "repo"
    (root / ".git" / "info").mkdir(parents=True)
    (root / ".git" / "info" / "exclude").write_text("scratch.txt\n", encoding="utf-8")
    (root / ".gitignore").write_text("/reports/2019/old.txt\n*.md\n!keep.md\nbuild/\n", encoding="utf-8")
    make(root, "reports/a.txt", "reports/b.md", "reports/keep.md", "reports/scratch.txt",
         "reports/2019/old.txt", "reports/2019/new.txt", "reports/build/out.txt",
         "reports/drafts/d.txt", "reports/drafts/e.txt")
    (root / "reports" / "drafts" / ".gitignore").write_text("*\n!e.txt\n!.gitignore\n", encoding="utf-8")
    return root


def test_gitignore_files_above_and_below_the_folder_are_respected(repo):
    assert checked(repo / "reports") == ["2019/new.txt", "a.txt", "drafts/e.txt", "keep.md"]
    # from a subfolder the repository's patterns still apply, anchored at their own folder
    assert checked(repo / "reports" / "2019") == ["new.txt"]


def test_no_respect_gitignore_takes_every_report(repo):
    assert checked(repo / "reports", "--no-respect-gitignore") == [
        "2019/new.txt", "2019/old.txt", "a.txt", "b.md", "build/out.txt", "drafts/d.txt", "drafts/e.txt",
        "keep.md", "scratch.txt"]


def test_respect_gitignore_in_the_configuration(repo):
    (repo / "govaudit.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(repo / "reports"), "-f", "json", "-j", "1",
                                      "--config", str(repo / "govaudit.toml")])
    assert len(json.loads(result.stdout)["files"]) == 9


def test_a_file_named_is_checked_even_when_ignored(repo):
    result = run("check", repo / "reports" / "b.md", "-f", "json")
    assert [Path(f["path"]).name for f in json.loads(result.stdout)["files"]] == ["b.md"]


def test_a_gitignore_outside_a_repository_applies_to_the_folder_it_is_in(tmp_path):
    make(tmp_path / "reports", "a.txt", "old/b.txt")
    (tmp_path / "reports" / ".gitignore").write_text("old/\n", encoding="utf-8")
    assert checked(tmp_path / "reports") == ["a.txt"]


def test_include_and_exclude_have_gitignore_semantics(tmp_path):
    root = tmp_path / "reports"
    make(root, "a.txt", "a.md", "keep.md", "sub/a.txt", "sub/drafts/x.txt", "drafts/y.txt", "2019/c.txt",
         "x/2019/c.txt")
    assert checked(root, "--exclude", "*.md", "--exclude", "!keep.md") == [
        "2019/c.txt", "a.txt", "drafts/y.txt", "keep.md", "sub/a.txt", "sub/drafts/x.txt", "x/2019/c.txt"]
    assert checked(root, "--exclude", "drafts/") == ["2019/c.txt", "a.md", "a.txt", "keep.md", "sub/a.txt",
                                                     "x/2019/c.txt"]
    assert checked(root, "--exclude", "/a.txt,2019/") == ["a.md", "drafts/y.txt", "keep.md", "sub/a.txt",
                                                          "sub/drafts/x.txt"]
    assert checked(root, "--include", "/2019/*.txt") == ["2019/c.txt"]  # anchored: not x/2019
    assert checked(root, "--include", "drafts") == ["drafts/y.txt", "sub/drafts/x.txt"]  # a folder: all in it


# ---------------------------------------------------------------- standard input

def test_a_report_on_standard_input():
    by_name = json.loads(run("check", SEED, "-f", "json").stdout)["files"][0]
    result = run("check", "-", "-f", "json", input=SEED.read_bytes())
    assert result.exit_code == 1
    [entry] = json.loads(result.stdout)["files"]
    assert entry["path"] == "-"
    assert [(f["rule"], f["values"]) for f in entry["findings"]] == \
        [(f["rule"], f["values"]) for f in by_name["findings"]]
    text = run("check", "-", "-f", "text", input=SEED.read_bytes()).stdout
    assert text.startswith("-:1:1: note COVERAGE ")


def test_standard_input_through_a_real_pipe():
    proc = subprocess.run([sys.executable, "-m", "gov_audit", "check", "-", "-f", "text", "--isolated"],
                          input=SEED.read_bytes(), capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1 and proc.stdout.startswith(b"-:1:1: note COVERAGE ")


def test_standard_input_is_alone_and_not_empty():
    mixed = run("check", "-", SEED, input=b"x")
    assert mixed.exit_code == 2 and "cannot be mixed" in mixed.stderr
    empty = run("check", "-", "-f", "text", input=b"")
    assert empty.exit_code == 2 and "-:1:1: error INPUT-UNREADABLE empty input" in empty.stdout

"""pre-commit hook definition, packaging of the HTML template, --help of every command (issue 7 item 8)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gov_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_pre_commit_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "govaudit")
    assert hook["entry"] == "govaudit check"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    # the report formats in a report folder (tests/test_readme.py: and not a README)
    for name in ("reports/report.txt", "a/reports/报告.md", "reports/r.html", "reports/r.htm", "reports/r.pdf",
                 "reports/r.docx"):
        assert files.search(name), name
    for name in ("setup.py", "reports/report.txt.bak", "reports/data.csv", "reports/r.doc", "report.txt"):
        assert not files.search(name), name


def test_every_data_file_ships_with_the_package():
    """Each file the code reads (templates, YAML, word lists) is in a listed package and
    matched by that package's package-data, so `pip install .` installs it."""
    import fnmatch

    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {"gov_audit": ROOT / "gov_audit"}
    folders.update({name: ROOT / path for name, path in tool["package-dir"].items()})
    shipped = []
    for package in tool["packages"]:
        prefix = next(p for p in sorted(folders, key=len, reverse=True) if package == p or package.startswith(p + "."))
        rest = package[len(prefix):].strip(".")
        folder = folders[prefix].joinpath(*rest.split(".")) if rest else folders[prefix]
        for path in folder.iterdir():
            if path.is_file() and path.suffix in (".j2", ".yaml", ".txt"):
                patterns = tool["package-data"].get(package, [])
                assert any(fnmatch.fnmatch(path.name, p) for p in patterns), path
                shipped.append(path.relative_to(ROOT).as_posix())
    assert "gov_audit/report/templates/report.html.j2" in shipped
    assert "rules/packs/tables.yaml" in shipped and "rules/knowledge/lexicon.yaml" in shipped
    assert "gov_audit/load/data/traditional_chars.txt" in shipped


COMMANDS = {
    "check": ["--rules", "--format", "--output-format", "--output", "--fail-on", "--select", "--extend-select",
              "--ignore", "--baseline", "--write-baseline", "--include", "--exclude", "--jobs", "--config",
              "--isolated", "--show-settings", "--no-color", "--exit-zero", "--statistics", "--quiet",
              "--respect-gitignore", "Examples:", "Exit codes"],
    "rules": ["--explain", "--format", "--rules", "--config", "--isolated", "Examples:"],
    "extract": ["--format", "--output", "--rules", "--select", "--ignore", "--include", "--exclude", "--jobs",
                "--config", "--isolated", "--encoding", "--respect-gitignore", "csv", "jsonl", "sqlite", "Examples:"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_of_every_command_is_complete(command):
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for word in COMMANDS[command]:
        assert word in result.stdout, word
    # every option has a help text
    options = re.findall(r"^\s+(-\w, )?(--[\w-]+)(.*)$", result.stdout, re.M)
    assert options and all(rest.strip() for _, _, rest in options), options


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", result.stdout, re.M), command

"""Settings: defaults, then a configuration file, then the command line.

Like ruff and yamllint, govaudit reads its settings from `[tool.govaudit]` in a
pyproject.toml or from a govaudit.toml (top-level keys), the first one found
walking up from the current directory; in one directory govaudit.toml wins
over pyproject.toml, and a pyproject.toml without `[tool.govaudit]` is passed
over. `--config FILE` names the file instead, `--isolated` ignores them all.
Keys mirror the command-line options; a key on the command line wins.

Paths in a file (`rules`, `baseline`) are relative to that file's folder, so
a project's settings work from any of its subfolders.

Every mistake — an unknown key, a wrong type, a value out of range, a TOML
syntax error — is a `ConfigError` naming the file and the key; the CLI turns
it into exit code 2.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..core.model import WORST_FIRST
from ..core.readfile import Unreadable, read_regular
from ..report import OUTPUT_FORMATS

CONFIG_NAMES = ("govaudit.toml", "pyproject.toml")
MAX_CONFIG_BYTES = 1024 * 1024  # a pyproject.toml is a few KB

# key → (kind, allowed values); kinds: list (of strings), str, choice, bool, int, path, paths
KEYS: dict[str, tuple[str, tuple]] = {
    "rules": ("paths", ()),
    "select": ("list", ()),
    "ignore": ("list", ()),
    "extend-select": ("list", ()),
    "fail-on": ("choice", WORST_FIRST),
    "format": ("choice", OUTPUT_FORMATS),
    "baseline": ("path", ()),
    "exclude": ("list", ()),
    "include": ("list", ()),
    "respect-gitignore": ("bool", ()),
    "jobs": ("int", ()),
    "agencies": ("path", ()),
}
DEFAULTS: dict[str, Any] = {
    "rules": [], "select": None, "ignore": [], "extend-select": [], "fail-on": "error",
    "format": None, "baseline": None, "exclude": [], "include": [], "respect-gitignore": True, "jobs": None,
    "agencies": None,
}
DEFAULT_SOURCE = "default"
CLI_SOURCE = "command line"


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and key."""


@dataclass
class Settings:
    """Resolved settings and where each came from."""

    values: dict = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict = field(default_factory=lambda: dict.fromkeys(DEFAULTS, DEFAULT_SOURCE))
    config_file: Optional[Path] = None

    def __getitem__(self, key: str):
        return self.values[key]

    def set(self, key: str, value, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source

    @property
    def jobs(self) -> int:
        return self.values["jobs"] or os.cpu_count() or 1


def find_config(start: Path) -> Optional[Path]:
    """The first govaudit.toml, or pyproject.toml with [tool.govaudit], from `start` upward."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _has_govaudit_table(candidate):
                continue
            return candidate
    return None


def _has_govaudit_table(path: Path) -> bool:
    tool = _read_toml(path).get("tool", {})
    return isinstance(tool, dict) and "govaudit" in tool


def _read_toml(path: Path) -> dict:
    """A TOML file, read only when it is a regular file and only up to MAX_CONFIG_BYTES."""
    try:
        raw = read_regular(str(path), MAX_CONFIG_BYTES)
    except Unreadable as exc:
        if exc.reason == "file not found":
            raise ConfigError(f"{path}: no such configuration file") from None
        problem = f"larger than {MAX_CONFIG_BYTES // 1024} KiB" if exc.size is not None else exc.reason
        raise ConfigError(f"{path}: cannot read: {problem}") from None
    tomllib = _toml()
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None


def _toml():
    """The TOML reader, imported when a configuration file is read (most runs have none)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def read_config(path: Path) -> dict:
    """The govaudit table of a config file: [tool.govaudit] of a pyproject.toml, else the top level."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("govaudit", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.govaudit] must be a table")
        return table
    return data


def section_name(path: Path) -> str:
    return f"{path} [tool.govaudit]" if path.name == "pyproject.toml" else str(path)


def validate(data: dict, path: Path) -> dict:
    """Checked values by canonical (kebab-case) key; raises ConfigError on the first problem."""
    where = section_name(path)
    checked = {}
    for raw_key, value in data.items():
        key = str(raw_key).replace("_", "-")
        if key not in KEYS:
            import difflib
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ConfigError(f"{where}: unknown key '{raw_key}'{hint} (allowed: {', '.join(KEYS)})")
        kind, allowed = KEYS[key]
        checked[key] = _check_value(where, key, kind, allowed, value, path.parent)
    return checked


def _check_value(where: str, key: str, kind: str, allowed: tuple, value, base: Path):
    def fail(expected: str):
        raise ConfigError(f"{where}: '{key}' must be {expected}, not {_describe(value)}")

    if kind in ("list", "paths"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail("a list of strings")
        if kind == "paths":
            return [str((base / v)) if not Path(v).is_absolute() else v for v in value]
        return list(value)
    if kind == "path":
        if not isinstance(value, str) or not value:
            fail("a path (a string)")
        return str(base / value) if not Path(value).is_absolute() else value
    if kind == "choice":
        if not isinstance(value, str) or value not in allowed:
            fail(f"one of {', '.join(allowed)}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            fail("true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            fail("a whole number ≥ 1")
        return value
    raise AssertionError(kind)  # pragma: no cover


def _describe(value) -> str:
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a table"}
    return f"{kinds.get(type(value), type(value).__name__)} ({value!r})"


def resolve(cli: dict, *, config: Optional[str] = None, isolated: bool = False,
            cwd: Optional[Path] = None) -> Settings:
    """Defaults < configuration file < command line (`cli` holds only options given there)."""
    if config and isolated:
        raise ConfigError("--config and --isolated cannot be used together")
    settings = Settings()
    path = None
    if config:
        path = Path(config)
    elif not isolated:
        path = find_config(cwd or Path.cwd())
    if path is not None:
        settings.config_file = path
        source = section_name(path)
        for key, value in validate(read_config(path), path).items():
            settings.set(key, value, source)
    for key, value in cli.items():
        if key not in KEYS:
            raise KeyError(key)  # a programming error, not a user's
        settings.set(key, value, CLI_SOURCE)
    return settings


def split_list(values) -> list:
    """Repeatable options that also take comma-separated values: --ignore a,b --ignore c."""
    out = []
    for value in values or ():
        out.extend(part.strip() for part in str(value).split(",") if part.strip())
    return out


def settings_lines(settings: Settings) -> list[str]:
    """`--show-settings`: one `key = value  # source` line each, TOML-like."""
    import json

    head = f"# configuration file: {settings.config_file or '(none)'}"
    width = max(len(k) for k in KEYS)
    lines = [head]
    for key in KEYS:
        value = settings.values[key]
        shown = "(unset)" if value is None else json.dumps(value, ensure_ascii=False)
        if key == "jobs" and value is None:
            shown = f"(all cores: {settings.jobs})"
        lines.append(f"{key:<{width}} = {shown:<30}  # {settings.sources[key]}")
    return lines


def settings_json(settings: Settings) -> dict:
    return {
        "config_file": str(settings.config_file) if settings.config_file else None,
        "settings": {k: {"value": settings.values[k], "source": settings.sources[k]} for k in KEYS},
    }

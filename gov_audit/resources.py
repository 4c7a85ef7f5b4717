"""Reading the YAML knowledge shipped under rules/ (installed as gov_audit.rules)."""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import yaml

MAX_YAML_BYTES = 2 * 1024 * 1024


class YamlError(Exception):
    """A YAML file that cannot be used: names the file and the problem."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def builtin_dir() -> Path:
    """The folder of built-in YAML: the installed package, or rules/ in a source tree."""
    try:
        root = resources.files("gov_audit.rules")
        path = Path(str(root))
        if path.is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "rules"


def parse_yaml(text: str, path: str):
    """Safe-load YAML text; refuse aliases (no expansion bombs) and unsafe tags."""
    if len(text.encode("utf-8", "replace")) > MAX_YAML_BYTES:
        raise YamlError(path, f"larger than {MAX_YAML_BYTES // 1024} KiB")
    try:
        return yaml.load(text, Loader=_NoAliasLoader)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1}, column {where.column + 1})" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(path, f"invalid YAML{at}: {problem}") from None


def read_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(str(path), f"cannot read: {exc}") from None
    return parse_yaml(text, str(path))


@functools.lru_cache(maxsize=None)
def builtin_yaml(name: str):
    """A built-in YAML file by name, parsed once per process."""
    return read_yaml(builtin_dir() / name)


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that rejects anchors/aliases: rule packs never need them,
    and refusing them removes the "billion laughs" expansion attack."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)

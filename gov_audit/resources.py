"""Reading the YAML knowledge shipped under rules/ (installed as gov_audit.rules)."""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import yaml

MAX_YAML_BYTES = 2 * 1024 * 1024  # a rule pack or lexicon file
MAX_YAML_DEPTH = 50  # mappings and lists within each other (rule packs need 6)


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
    """Safe-load YAML text, bounded: at most MAX_YAML_BYTES, nested at most
    MAX_YAML_DEPTH deep, no aliases (no expansion bombs), no unsafe tags.

    libyaml (C) parses when PyYAML has it — 10× faster than the pure-Python
    parser, which matters at start-up (the built-in packs are ~130 KB) — and
    limits nesting to 1000 itself; the node graph is then checked here before
    any Python object is made of it.
    """
    if len(text) > MAX_YAML_BYTES or len(text.encode("utf-8", "replace")) > MAX_YAML_BYTES:
        raise YamlError(path, f"larger than {MAX_YAML_BYTES // 1024} KiB")
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_graph(node)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1}, column {where.column + 1})" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(path, f"invalid YAML{at}: {problem}") from None
    except RecursionError:  # the pure-Python parser on deep nesting
        raise YamlError(path, f"invalid YAML: nested deeper than {MAX_YAML_DEPTH} levels") from None


def _check_graph(root) -> None:
    """Refuse aliases (a node reached twice) and nesting deeper than MAX_YAML_DEPTH.

    The composer does not expand aliases — an alias is the same node object
    again — so this walk sees each node once and stops at the first repeat.
    """
    seen = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _error(node, "aliases (*name) are not allowed")
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            continue
        if children and depth >= MAX_YAML_DEPTH:
            raise _error(node, f"nested deeper than {MAX_YAML_DEPTH} levels")
        stack.extend((child, depth + 1) for child in children)


def _error(node, problem: str) -> yaml.YAMLError:
    return yaml.composer.ComposerError(None, None, problem, node.start_mark)


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


# libyaml's loader when PyYAML was built with it, else the pure-Python one:
# both are SafeLoaders (only plain YAML types: no `!!python/...` tags).
_Loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

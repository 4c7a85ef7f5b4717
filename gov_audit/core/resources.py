"""Reading the YAML knowledge shipped under rules/ (installed as gov_audit.rules).

The built-in files are parsed once and kept in a cache file (marshal: plain
data only, loaded in a millisecond), checked against each file's size and
modification time, so a run need not import or run the YAML parser at all:
a one-report run is dominated by start-up (issue 8). The cache lives in
$GOVAUDIT_CACHE_DIR, else the platform's cache folder (platformdirs:
$XDG_CACHE_HOME/govaudit or ~/.cache/govaudit on Linux);
GOVAUDIT_NO_CACHE=1 turns it off. A cache that cannot be trusted, read or
written is ignored and rebuilt: the YAML is parsed as without one (cachefile.py).
"""
from __future__ import annotations

import functools
import marshal
import os
from importlib import resources
from pathlib import Path
from typing import Optional

from .. import __version__
from .cachefile import read_cache, write_cache
from .readfile import Unreadable, read_regular

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
    return Path(__file__).resolve().parents[2] / "rules"


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
    import yaml

    try:
        loader = _loader()(text)
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


def _loader():
    """libyaml's loader when PyYAML was built with it, else the pure-Python one:
    both are SafeLoaders (only plain YAML types: no `!!python/...` tags)."""
    import yaml

    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def _check_graph(root) -> None:
    """Refuse aliases (a node reached twice) and nesting deeper than MAX_YAML_DEPTH.

    The composer does not expand aliases — an alias is the same node object
    again — so this walk sees each node once and stops at the first repeat.
    """
    import yaml

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


def _error(node, problem: str):
    import yaml

    return yaml.composer.ComposerError(None, None, problem, node.start_mark)


def read_yaml(path: Path):
    """A YAML file, read only when it is a regular file and only up to MAX_YAML_BYTES
    (a FIFO or /dev/zero named as a rule pack must not hang or fill the memory)."""
    try:
        raw = read_regular(str(path), MAX_YAML_BYTES)
    except Unreadable as exc:
        problem = f"larger than {MAX_YAML_BYTES // 1024} KiB" if exc.size is not None else exc.reason
        raise YamlError(str(path), f"cannot read: {problem}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError(str(path), f"cannot read: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_yaml(text, str(path))


@functools.lru_cache(maxsize=None)
def builtin_yaml(name: str):
    """A built-in YAML file by name, parsed once per process."""
    return read_builtin_yaml(builtin_dir() / name)


def read_builtin_yaml(path: Path):
    """A file of the built-in folder, through the parsed-YAML cache."""
    return _BUILTIN_CACHE.read(path)


class _ParsedCache:
    """Parsed built-in YAML (marshalled) by file path, each with the (size, mtime) it was parsed at."""

    MAGIC = "govaudit-yaml-cache"

    def __init__(self):
        self.entries: Optional[dict] = None
        self.changed = False

    def location(self) -> Optional[Path]:
        if os.environ.get("GOVAUDIT_NO_CACHE"):
            return None
        root = os.environ.get("GOVAUDIT_CACHE_DIR") or user_cache_dir()
        return Path(root) / f"builtin-yaml-{__version__}.marshal"

    def _load(self) -> dict:
        """The cached entries, from a cache file that can be trusted (cachefile.py); any
        doubt or failure leaves them empty, and the YAML is parsed and the cache rebuilt."""
        if self.entries is None:
            self.entries = {}
            where = self.location()
            payload = read_cache(where) if where is not None else None
            try:
                data = marshal.loads(payload) if payload is not None else None
            except Exception:  # noqa: BLE001 - any damage means: rebuild
                data = None
            if isinstance(data, dict) and data.get("magic") == self.MAGIC and isinstance(data.get("files"), dict):
                self.entries = data["files"]
        return self.entries

    def read(self, path: Path):
        try:
            stat = path.stat()
        except OSError:
            return read_yaml(path)  # says what is wrong
        stamp = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
        entries = self._load()
        cached = entries.get(stamp[0])
        if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == stamp[1:]:
            try:
                return marshal.loads(cached[1])  # fresh objects: a caller may change its copy
            except Exception:  # noqa: BLE001 - any damage means: parse the YAML
                pass
        data = read_yaml(path)
        try:
            entries[stamp[0]] = (stamp[1:], marshal.dumps(data))
        except ValueError:  # a value marshal cannot hold (a YAML date…): not cached
            return data
        self._save()
        return data

    def _save(self) -> None:
        where = self.location()
        if where is not None:
            write_cache(where, marshal.dumps({"magic": self.MAGIC, "files": self.entries}))


def user_cache_dir() -> str:
    """The platform's cache folder for govaudit (platformdirs: $XDG_CACHE_HOME or ~/.cache
    on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows)."""
    import platformdirs

    return platformdirs.user_cache_dir("govaudit", appauthor=False)


_BUILTIN_CACHE = _ParsedCache()

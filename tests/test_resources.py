"""The parsed-YAML cache of the built-in files (resources.py)."""
import os
import sys
from pathlib import Path

import pytest

from gov_audit.core import resources

PACK = "rules:\n  - id: X\n    kinds: [a, b]\nyears: {2014: old, 2021: new}\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GOVAUDIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("GOVAUDIT_NO_CACHE", raising=False)
    return folder


def _yaml(tmp_path, text=PACK):
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _unparsable(monkeypatch):
    def refuse(path):
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(resources, "read_yaml", refuse)


def test_a_new_process_reads_the_cache_instead_of_parsing(tmp_path, cache_dir, monkeypatch):
    path = _yaml(tmp_path)
    first = resources._ParsedCache().read(path)
    assert first == {"rules": [{"id": "X", "kinds": ["a", "b"]}], "years": {2014: "old", 2021: "new"}}
    assert len(list(cache_dir.iterdir())) == 1
    _unparsable(monkeypatch)
    assert resources._ParsedCache().read(path) == first  # int keys survive: marshal, not JSON


def test_each_read_gives_fresh_objects(tmp_path, cache_dir):
    cache = resources._ParsedCache()
    path = _yaml(tmp_path)
    cache.read(path)["rules"].clear()
    assert cache.read(path)["rules"] == [{"id": "X", "kinds": ["a", "b"]}]


def test_a_changed_file_is_parsed_again(tmp_path, cache_dir):
    path = _yaml(tmp_path)
    resources._ParsedCache().read(path)
    path.write_text("rules: []\nmore: 1\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert resources._ParsedCache().read(path) == {"rules": [], "more": 1}


def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path, cache_dir):
    path = _yaml(tmp_path)
    resources._ParsedCache().read(path)
    (cache_file,) = cache_dir.iterdir()
    cache_file.write_bytes(b"\x00garbage" * 10)
    assert resources._ParsedCache().read(path)["years"] == {2014: "old", 2021: "new"}
    assert cache_file.read_bytes() != b"\x00garbage" * 10


def test_an_unwritable_cache_folder_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("GOVAUDIT_CACHE_DIR", str(blocker / "cache"))
    assert resources._ParsedCache().read(_yaml(tmp_path))["rules"][0]["id"] == "X"


def test_no_cache_when_turned_off(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("GOVAUDIT_NO_CACHE", "1")
    resources._ParsedCache().read(_yaml(tmp_path))
    assert not cache_dir.exists()


def test_values_marshal_cannot_hold_are_parsed_each_time(tmp_path, cache_dir):
    path = _yaml(tmp_path, "published: 2021-03-01\n")
    assert str(resources._ParsedCache().read(path)["published"]) == "2021-03-01"
    assert not cache_dir.exists() or not any(cache_dir.iterdir())


def test_bad_yaml_is_still_reported_with_its_file(tmp_path, cache_dir):
    path = _yaml(tmp_path, "rules: [unclosed\n")
    with pytest.raises(resources.YamlError, match="pack.yaml"):
        resources._ParsedCache().read(path)


def test_the_cache_folder_is_the_platforms(tmp_path, monkeypatch):
    """Without GOVAUDIT_CACHE_DIR the cache goes where the platform keeps caches (platformdirs):
    on Linux $XDG_CACHE_HOME/govaudit."""
    import platformdirs

    monkeypatch.delenv("GOVAUDIT_CACHE_DIR", raising=False)
    monkeypatch.delenv("GOVAUDIT_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    where = resources._ParsedCache().location()
    assert where.parent == Path(platformdirs.user_cache_dir("govaudit", appauthor=False))
    if sys.platform.startswith("linux"):
        assert where.parent == tmp_path / "xdg" / "govaudit"
    resources._ParsedCache().read(_yaml(tmp_path))
    assert where.is_file()

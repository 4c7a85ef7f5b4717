"""Test-session settings: the parsed-YAML cache goes to a temporary folder, not ~/.cache."""
import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def yaml_cache_folder(tmp_path_factory):
    previous = os.environ.get("GOVAUDIT_CACHE_DIR")
    os.environ["GOVAUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("govaudit-cache"))
    yield
    if previous is None:
        os.environ.pop("GOVAUDIT_CACHE_DIR", None)
    else:
        os.environ["GOVAUDIT_CACHE_DIR"] = previous

"""Real sentences of 35 agencies (fixtures/sentences/): does govaudit give each labelled figure its key?

Scored by fixtures/sentences/score_sentences.py, the scorer issue 14 was judged with: at least
90 % of the keyed figures mapped right and no wrong key (its exit status says so).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "fixtures" / "sentences"


def govaudit() -> str:
    beside = Path(sys.executable).with_name("govaudit")
    found = str(beside) if beside.exists() else shutil.which("govaudit")
    assert found, "govaudit is not installed (pip install -e .)"
    return found


def test_real_sentences_are_keyed_right(tmp_path):
    done = subprocess.run([sys.executable, str(HERE / "score_sentences.py"), govaudit(), str(HERE / "sentences.yaml"),
                           "--keep", str(tmp_path)], capture_output=True, text=True, timeout=600)
    last = done.stdout.strip().splitlines()[-1]
    m = re.search(r"mapped (\d+)/(\d+) labelled figures correctly, wrong key (\d+), unlabelled-but-keyed (\d+)", last)
    assert m, done.stdout[-2000:] + done.stderr[-2000:]
    right, keyed, wrong, stray = map(int, m.groups())
    assert keyed >= 78
    assert wrong == 0, done.stdout
    assert right >= 0.9 * keyed, done.stdout
    assert stray <= 1, done.stdout
    assert done.returncode == 0

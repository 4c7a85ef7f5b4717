"""Properties that hold for ANY input, checked with hypothesis (issue 8, item 4).

For random bytes, random Unicode and real reports mutated (truncated, lines
shuffled, digits replaced, tables cut in half, numbers hundreds of digits
long, long runs of `|`):

- nothing raises, nothing hangs (an input over GOVAUDIT_INPUT_SECONDS, 60 s,
  fails): check_document, check_path and the CLI;
- the CLI exits 0, 1 or 2, and its JSON always parses;
- every fact a finding cites points, by its line:column, at its quote in the
  original file (for text files: the quote IS the file's text there).

The number of examples is bounded so that this file runs in ~20 s in CI (set
GOVAUDIT_PROPERTY_EXAMPLES to change it); tests/fuzz/run_fuzz.py runs the same
properties for as long as you like. In CI (CI set) the examples are
derandomized, so a run never fails by chance; locally each run draws new ones.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gov_audit.audit import load_rules
from gov_audit.load import document_from_text
from gov_audit.load import text as load
from gov_audit.pipeline import check_document, check_path
from gov_audit.report.json_report import to_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("GOVAUDIT_PROPERTY_EXAMPLES", "100"))
# One input that takes longer than this is a hang: it fails, with its input.
INPUT_SECONDS = float(os.environ.get("GOVAUDIT_INPUT_SECONDS", "60"))
RULES = load_rules()


class InputTimeout(Exception):
    """An input took longer than INPUT_SECONDS: govaudit hung on it."""


@contextmanager
def time_limit(seconds: float = INPUT_SECONDS):
    """Raise InputTimeout inside the block after `seconds` (main thread, Unix)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def fire(signum, frame):
        raise InputTimeout(f"one input took longer than {seconds:g} s: a hang")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def report_files() -> list[Path]:
    """The shipped text reports: fixtures/*.txt|md and fixtures/corpus/ text files."""
    found = []
    for folder in (ROOT / "fixtures", ROOT / "fixtures" / "corpus"):
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md") and p.is_file())
    return found


REPORTS = [p.read_text(encoding="utf-8", errors="replace") for p in report_files()]


# ---------------------------------------------------------------- generators
# Mutations take a seeded random.Random (drawn by hypothesis, so failures
# shrink and replay) and a text; sizes stay small enough for CI.

CHINESE_DIGITS = "〇一二三四五六七八九十百千万亿两"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"
ODD = ["\x00", "\x1b[31m", "\x1b]0;title\x07", "[red]", "[/]", "\u202e", "\u0301", "\ufeff", "\r", "\r\n",
       "\t", "\u3000", "％", "万余", "余", "约", "近", "不少于", "以上", "%", "‰", "—", "/", "无", "其中", "(", "（",
       "．", "。", "，", "|", "｜", "\U0001F600", "𫝈", "乾隆", "反覆", "於", "報告", "申請", "辦結"]


def truncate(rnd: random.Random, text: str) -> str:
    at = rnd.randrange(len(text) + 1)
    return text[:at] if rnd.random() < 0.6 else text[at:]


def shuffle_lines(rnd: random.Random, text: str) -> str:
    lines = text.split("\n")
    if rnd.random() < 0.5:
        rnd.shuffle(lines)
    else:  # move one block of lines elsewhere
        a = rnd.randrange(len(lines) + 1)
        b = rnd.randrange(a, min(len(lines), a + 20) + 1)
        block, rest = lines[a:b], lines[:a] + lines[b:]
        at = rnd.randrange(len(rest) + 1)
        lines = rest[:at] + block + rest[at:]
    return "\n".join(lines)


def replace_digits(rnd: random.Random, text: str) -> str:
    rate = rnd.choice((0.05, 0.3, 1.0))
    pools = ("0123456789", "0123456789", CHINESE_DIGITS, FULL_WIDTH_DIGITS, "0.,-%")

    def swap(m):
        return rnd.choice(rnd.choice(pools)) if rnd.random() < rate else m.group()

    return re.sub(r"\d", swap, text)


def cut_tables(rnd: random.Random, text: str) -> str:
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if "|" in line or "｜" in line]
    if not rows:
        return truncate(rnd, text)
    how = rnd.randrange(3)
    if how == 0:  # drop the first or the second half of the table lines
        half = rows[: len(rows) // 2] if rnd.random() < 0.5 else rows[len(rows) // 2:]
        drop = set(half)
        lines = [line for i, line in enumerate(lines) if i not in drop]
    elif how == 1:  # cut each row in half
        for i in rows:
            lines[i] = lines[i][: len(lines[i]) // 2]
    else:  # cells removed or doubled at random
        for i in rows:
            cells = lines[i].split("|")
            if len(cells) > 2:
                j = rnd.randrange(len(cells))
                cells.insert(j, cells[j]) if rnd.random() < 0.5 else cells.pop(j)
            lines[i] = "|".join(cells)
    return "\n".join(lines)


def huge_numbers(rnd: random.Random, text: str) -> str:
    for _ in range(rnd.randint(1, 4)):
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(100, 400)))
        digits = rnd.choice(("", "-", "约", "近", "不少于")) + digits + rnd.choice(
            ("", "件", "%", ".5", "万余件", ",000", "亿元", "个", "."))
        at = rnd.randrange(len(text) + 1)
        text = text[:at] + digits + text[at:]
    return text


def pipes(rnd: random.Random, text: str, longest: int = 3000) -> str:
    run = rnd.choice(("|", "| ", "|\n", "||1|", "｜")) * rnd.randint(1, longest)
    at = rnd.randrange(len(text) + 1)
    return text[:at] + run + text[at:]


def odd_characters(rnd: random.Random, text: str) -> str:
    for _ in range(rnd.randint(1, 30)):
        at = rnd.randrange(len(text) + 1)
        text = text[:at] + rnd.choice(ODD) + text[at:]
    return text


MUTATIONS = (truncate, shuffle_lines, replace_digits, cut_tables, huge_numbers, pipes, odd_characters)


@st.composite
def mutated_reports(draw, longest_pipes: int = 3000) -> str:
    """A shipped report with one to three mutations."""
    rnd = draw(st.randoms(use_true_random=False))
    text = draw(st.sampled_from(REPORTS)) if REPORTS else ""
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        text = pipes(rnd, text, longest_pipes) if mutation is pipes else mutation(rnd, text)
    return text


def report_texts(longest_pipes: int = 3000):
    """Random Unicode, report-like fragments, and mutated real reports."""
    fragment = st.sampled_from(ODD + ["本年度共收到申请", "12", "件", "|", "\n", "一、", "（一）", "总计", "其中",
                                      "政府信息公开", "办结", "%", "同比增长", "3.5", "2019年", "1,234"])
    return st.one_of(
        st.text(max_size=300),
        st.lists(fragment, max_size=80).map("".join),
        mutated_reports(longest_pipes),
        mutated_reports(longest_pipes),
    )


ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le")


@st.composite
def report_files_bytes(draw, longest_pipes: int = 3000) -> tuple[bytes, str]:
    """(bytes, suffix): random bytes, or a (mutated) report in some encoding."""
    suffix = draw(st.sampled_from((".txt", ".txt", ".md", ".html", ".pdf", ".docx", ".doc")))
    if draw(st.booleans()):
        data = draw(st.binary(max_size=2000))
        if draw(st.booleans()):  # a plausible start: a BOM, a PDF / ZIP / OLE magic, HTML
            data = draw(st.sampled_from((b"\xef\xbb\xbf", b"\xff\xfe", b"%PDF-1.4\n", b"PK\x03\x04",
                                         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html><table><tr><td>"))) + data
        return data, suffix
    text = draw(report_texts(longest_pipes))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace"), suffix


# ---------------------------------------------------------------- properties


def line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def assert_facts_point_at_quotes(json_file: dict, original: str) -> None:
    """Each fact of each finding: original[line:column …] == quote."""
    starts = line_starts(original)
    for finding in json_file["findings"]:
        for fact in finding["facts"]:
            line, column, quote = fact["line"], fact["column"], fact["quote"]
            assert 1 <= line <= len(starts), (finding["rule"], fact)
            assert column >= 1, (finding["rule"], fact)
            at = starts[line - 1] + column - 1
            assert original[at:at + len(quote)] == quote, (finding["rule"], fact, original[at:at + len(quote)])


def check_text(text: str) -> None:
    """check_document on a text: no exception, JSON parses, positions cite quotes."""
    with time_limit():
        doc = document_from_text(text)
        result = check_document(doc, RULES)
        data = json.loads(to_json([result]))
    assert_facts_point_at_quotes(data["files"][0], doc.original)


def original_of(data: bytes, encoding: str) -> str:
    """The file's text as a reader sees it: decoded, line breaks as \\n."""
    text = data.decode(encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_file(data: bytes, suffix: str) -> None:
    """check_path on a file: a result (maybe an error), never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "report" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        with time_limit():
            result = check_path(path, RULES)
            doc = json.loads(to_json([result]))["files"][0]
    assert result.error is None or (isinstance(result.error, str) and result.error)
    if result.error is None and result.document is not None and result.document.media in ("text", "markdown"):
        assert_facts_point_at_quotes(doc, original_of(data, doc["encoding"]))


def check_cli(files: list[tuple[bytes, str]], fmt: str) -> None:
    """The CLI on a folder of files: exit 0/1/2, no traceback, JSON parses."""
    from click.testing import CliRunner

    from gov_audit.cli import app

    with tempfile.TemporaryDirectory() as folder:
        for n, (data, suffix) in enumerate(files):
            with open(os.path.join(folder, f"r{n}{suffix}"), "wb") as handle:
                handle.write(data)
        with time_limit():
            result = CliRunner().invoke(app, ["check", folder, "--format", fmt, "--jobs", "1", "--isolated"])
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-2000:])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if fmt in ("json", "sarif"):
        data = json.loads(result.stdout)
        if fmt == "json":
            assert len(data["files"]) == len(files)
            assert (result.exit_code == 2) == any(f["error"] for f in data["files"])


# ---------------------------------------------------------------- the tests

# No shrinking: shrinking a 20 KB report takes minutes; the failing example is
# printed as found (with a blob that replays it: @reproduce_failure).
COMMON = dict(deadline=None, database=None, derandomize=bool(os.environ.get("CI")), print_blob=True,
              phases=[Phase.explicit, Phase.reuse, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.large_base_example])


@settings(max_examples=EXAMPLES * 2, **COMMON)
@given(report_texts())
def test_any_text_checks_without_exception(text):
    check_text(text)


@settings(max_examples=EXAMPLES * 2, **COMMON)
@given(report_files_bytes())
def test_any_file_checks_without_exception(file):
    check_file(*file)


@settings(max_examples=max(5, EXAMPLES // 4), **COMMON)
@given(st.lists(report_files_bytes(), min_size=1, max_size=3),
       st.sampled_from(("json", "text", "rich", "sarif", "github")))
def test_cli_exit_code_and_json(files, fmt):
    check_cli(files, fmt)


@pytest.mark.parametrize("path", report_files(), ids=lambda p: p.name)
def test_shipped_reports_cite_their_quotes(path):
    check_file(path.read_bytes(), path.suffix)


# The fast t2s (load.fast_simplified: a translate table + OpenCC only on lines
# with a phrase it converts otherwise) gives exactly OpenCC's conversion.
def _t2s_alphabet() -> list[str]:
    import importlib.util

    folder = Path(importlib.util.find_spec("opencc").origin).parent / "dictionary"
    keys = []
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                keys.append(line.split("\t")[0])
    return keys + list("，。、\n -,.（）()12ａ３") + ["政府信息公开", "办结", "申请"]


@settings(max_examples=EXAMPLES * 3, **COMMON)
@given(st.lists(st.sampled_from(_t2s_alphabet()), max_size=40).map("".join))
def test_fast_t2s_equals_opencc(text):
    check_t2s(text)


def check_t2s(text: str) -> None:
    expected = load.to_simplified(text).translate(load._TABLE)
    assert load.normalize(text, traditional=True) == expected

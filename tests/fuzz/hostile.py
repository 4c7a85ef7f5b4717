"""Hostile shapes for the long fuzz run (issue 16): long sentences, span bombs, PDF
streams, hostile rule packs, odd file names. Each is a hypothesis strategy and a
check that raises on a failure: an exception escaping, a bound not holding, an
output that is not valid or that a name could forge.

A file is checked as a run checks it (batch.safe_check: within its time and
memory bounds), so a shape that is merely slow shows as a `stopped` result —
counted apart in the summary — and a failure is what no bound explains.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gov_audit.audit import load_rules  # noqa: E402
from gov_audit.batch import SECONDS_PER_FILE, safe_check  # noqa: E402
from gov_audit.core.resources import YamlError  # noqa: E402
from gov_audit.report.json_report import to_json  # noqa: E402

RULES = load_rules()
SLACK = 15  # seconds past SECONDS_PER_FILE before a check counts as a hang
stopped: list = []  # (shape, error) of files a bound stopped

# ---------------------------------------------------------------- long sentences

CLAUSES = ("其中{a}件，占{p}%，", "{a}件、", "同比增长{p}%，", "较上年减少{a}件（{p}%），", "共计{a}条，")


@st.composite
def long_sentences(draw) -> str:
    clause = draw(st.sampled_from(CLAUSES))
    repeat = draw(st.integers(50, 4000))
    a, p = draw(st.integers(0, 10**6)), draw(st.integers(0, 100))
    head = draw(st.sampled_from(("本年度受理申请{a}件，", "全年主动公开信息{a}条：", "")))
    return head.format(a=a) + clause.format(a=a, p=p) * repeat + "。\n"


# ---------------------------------------------------------------- span bombs


@st.composite
def html_span_bombs(draw) -> bytes:
    rows = draw(st.integers(1, 60))
    cells = draw(st.integers(1, 60))
    span = st.one_of(st.integers(-5, 300), st.integers(10**3, 10**9), st.sampled_from(["x", "", "1e9", "2.5"]))
    label = draw(st.sampled_from(("本年新收政府信息公开申请数量", "5", "政府信息公开" * 500, "")))
    body = "".join("<tr>" + "".join(f'<td rowspan="{draw(span)}" colspan="{draw(span)}">{label}</td>'
                                    for _ in range(cells)) + "</tr>" for _ in range(rows))
    return f"<html><body><p>全年受理申请19件。</p><table>{body}</table></body></html>".encode("utf-8")


def _base_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("全年受理依申请公开申请19件。")
    table = document.add_table(rows=3, cols=3)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "本年新收"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BASE_DOCX = None


@st.composite
def docx_span_bombs(draw) -> bytes:
    global BASE_DOCX
    BASE_DOCX = BASE_DOCX or _base_docx()
    span = st.one_of(st.integers(-3, 70), st.integers(10**4, 10**12), st.sampled_from(["x", ""]))
    with zipfile.ZipFile(io.BytesIO(BASE_DOCX)) as package:
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    count = draw(st.integers(1, 300))
    merges = st.sampled_from(["", '<w:vMerge w:val="restart"/>', "<w:vMerge/>"])
    texts = st.sampled_from(["5", "本年新收", ""])
    tc = "".join(f'<w:tc><w:tcPr><w:gridSpan w:val="{draw(span)}"/>{draw(merges)}</w:tcPr>'
                 f"<w:p><w:r><w:t>{draw(texts)}</w:t></w:r></w:p></w:tc>"
                 for _ in range(draw(st.integers(1, 8))))
    rows = (f'<w:tr><w:trPr><w:gridBefore w:val="{draw(span)}"/></w:trPr>{tc}</w:tr>') * count
    xml = xml.replace("</w:tbl>", rows + "</w:tbl>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, xml.encode("utf-8") if name == "word/document.xml" else data)
    return out.getvalue()


# ---------------------------------------------------------------- PDF streams

HOSTILE_CONTENT = (
    lambda n: "%" + "x" * (n * 4096) + "\n",
    lambda n: "0 0 m 1 1 l S\n" * (n * 20),
    lambda n: "0 0 m 1 1 l\n" * (n * 100),
    lambda n: "h\n" * (n * 200),
    lambda n: "1 " * (n * 300) + "Tf\n",
    lambda n: "q\n" * (n * 50),
    lambda n: "BT /F9 12 Tf (" + "x" * n + ") Tj ET\n",
    lambda n: "[" * n + "]" * n + "\n",
    lambda n: "<< " * n + " >>" * n + "\n",
)


def _pdf_with(content: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    for number in (1, 2):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 700 - number * 30, "全年受理依申请公开申请19件，均按时答复。" if number == 1 else "主动公开信息38条。")
        if number == 2:
            c.addLiteral(content)
        c.showPage()
    c.save()
    return out.getvalue()


@st.composite
def pdf_streams(draw) -> bytes:
    shape = draw(st.sampled_from(HOSTILE_CONTENT))
    data = _pdf_with(shape(draw(st.integers(1, 30_000))))
    if draw(st.booleans()):  # damage a stream: flip bytes inside the compressed data
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 20))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        data = bytes(data)
    if draw(st.booleans()):  # or append a Flate bomb object that nothing references
        bomb = zlib.compress(b"\0" * (draw(st.integers(1, 64)) * 2**20), 9)
        data += b"\n99 0 obj << /Length %d /Filter /FlateDecode >> stream\n" % len(bomb) + bomb + b"\nendstream endobj\n"
    return data


# ---------------------------------------------------------------- rule packs

ANY = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=30)),
                   lambda inner: st.one_of(st.lists(inner, max_size=4),
                                           st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
FIELDS = ("id", "kind", "severity", "title", "description", "applies_to", "for_each", "assert", "when",
          "unless_text", "only_if_missing", "check", "params", "message", "examples", "names")
PATTERNS = st.one_of(
    st.text(alphabet="(?:)|*+{},0123456789申请件N\\[]^$.", max_size=60).map(lambda p: p + "{N}"),
    st.integers(1, 10**10).map(lambda n: f"(?:申{{{n}}}){{N}}"),
    st.integers(1, 300).map(lambda d: "(" * d + "{N}" + ")" * d),
)


@st.composite
def hostile_packs(draw) -> dict:
    rule = {"id": "LOCAL-F", "kind": "table_sum", "severity": "warning", "title": "t", "assert": "t3.new.sum >= 0"}
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=4)):
        rule[field] = draw(ANY)
    if draw(st.booleans()):
        names = draw(st.lists(st.sampled_from("abcd"), min_size=1, max_size=3, unique=True))
        rule["for_each"] = {n: list(range(draw(st.integers(1, 400)))) for n in names}
        rule["assert"] = "t3.new.{%s} >= 0" % names[0]
        template = draw(st.sampled_from(("{%s}", "{%s:>999999999}", "{%s.__class__}", "{%s!r}", "{x}", "{")))
        rule["message"] = template.replace("%s", names[0])
    pack = {"rules": [rule]}
    if draw(st.booleans()):
        pack["lexicon"] = [{"id": "x", "key": "t3.new.sum", "patterns": [draw(PATTERNS)]}]
    if draw(st.booleans()):
        pack["overrides"] = draw(ANY)
    return pack


def check_pack(pack: dict) -> None:
    """Loading any pack gives rules or a YamlError, quickly."""
    import yaml

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "pack.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(pack, handle, allow_unicode=True)
        began = time.monotonic()
        try:
            load_rules((path,))
        except YamlError:
            pass
        assert time.monotonic() - began < 20, "loading a pack took too long"


# ---------------------------------------------------------------- odd file names

NAME_BYTES = st.lists(st.one_of(
    st.sampled_from([b"\n", b"\r", b"\x1b[2J", b"\x1b]8;;x\x07", b"[/]", b"[link=x]", b"\xb1\xa8", b"\xff",
                     b"\xe2\x80\xae", b"%", b",", b":", b"::error file=x::y", b"\t", b" "]),
    st.binary(min_size=1, max_size=3).filter(lambda b: b"/" not in b and b"\0" not in b)), min_size=1, max_size=8)
FORGED = re.compile(rb"^::(error|warning|notice)", re.M)


@st.composite
def odd_names(draw) -> list:
    names = draw(st.lists(NAME_BYTES.map(b"".join), min_size=1, max_size=4, unique=True))
    return [name[:200] + b".txt" for name in names]


def _made(folder: str, names: list) -> int:
    """Make a report of each name (a `/` in it, as in `x[/].txt`, makes a folder); how many
    could be made (two names may want one path as a file and as a folder)."""
    made = 0
    for name in names:
        parts = [b"_" + part if part.startswith(b".") else part or b"_" for part in name.split(b"/")[:-1]]
        path = os.path.join(os.fsencode(folder), *parts, name.split(b"/")[-1])
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "x", encoding="utf-8") as handle:
                handle.write("全年受理依申请公开申请19件。\n")
        except OSError:
            continue
        made += 1
    return made


def check_names(names: list, fmt: str) -> None:
    """The CLI on files with odd names: exit 0-2, valid UTF-8, nothing forged, JSON parses."""
    with tempfile.TemporaryDirectory() as folder:
        made = _made(folder, names)
        if not made:
            return
        proc = subprocess.run([sys.executable, "-m", "gov_audit", "check", folder, "-f", fmt, "--isolated",
                               "--jobs", "1"], capture_output=True, cwd=ROOT, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
    assert proc.returncode in (0, 1, 2), proc.stderr[-2000:]
    assert b"Traceback" not in proc.stderr, proc.stderr[-3000:]
    for stream in (proc.stdout, proc.stderr):
        stream.decode("utf-8")
        if fmt != "json":
            assert b"\x1b]" not in stream and b"\x07" not in stream and b"\xe2\x80\xae" not in stream
    own = len(FORGED.findall(proc.stdout)) if fmt == "github" else 0
    assert not FORGED.search(proc.stderr) and own <= len(names), (proc.stdout[-500:], proc.stderr[-500:])
    if fmt == "json":
        assert len(json.loads(proc.stdout)["files"]) == made


# ---------------------------------------------------------------- files as a run checks them


def check_bounded(shape: str, data: bytes, suffix: str) -> None:
    """safe_check on a file: a result within the bounds (stopped counts apart), never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "report" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        began = time.monotonic()
        result = safe_check(path, RULES)
        took = time.monotonic() - began
        json.loads(to_json([result]))
    assert took < SECONDS_PER_FILE + SLACK, f"{shape}: {took:.0f}s"
    assert result.error is None or isinstance(result.error, str)
    assert not (result.error or "").startswith("internal error"), result.error
    if result.error and "stopped" in result.error:
        stopped.append((shape, result.error))

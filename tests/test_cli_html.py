"""The HTML report, loaded in a real headless Chromium (issue 7 item 6).

Needs Debian's `chromium` (`apt-get install -y chromium`); without it the
browser tests are skipped, saying so. The static checks run everywhere.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from gov_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "fixtures" / "000_dad49f26a79064fd.txt"
SCRIPT = "<script>document.title='pwned'</script>"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """A report of seed 000 and a copy whose text (and so a finding's quote) holds a <script>."""
    folder = tmp_path_factory.mktemp("html")
    text = SEED_000.read_text(encoding="utf-8")
    assert "全區通過政務門戶網站發布信息18654條" in text
    hostile = text.replace("全區通過政務門戶網站發布信息18654條", f"全區通過政務門戶網站{SCRIPT}發布信息18654條")
    (folder / "a_seed.txt").write_text(text, encoding="utf-8")
    (folder / "b_hostile.txt").write_text(f"<b>标题</b> & {SCRIPT}\n" + hostile, encoding="utf-8")
    target = folder / "report.html"
    result = CliRunner().invoke(app, ["check", str(folder), "--format", "html", "--output", str(target),
                                      "--isolated", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    return target


class Elements(HTMLParser):
    """Every element as (tag, attrs), and the text."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def check_page(html: str) -> None:
    """Highlights in severity colours, links both ways, the script shown as text, nothing fetched."""
    doc = parse(html)
    ids = {attrs["id"] for _, attrs in doc.elements if "id" in attrs}
    marks = [a for tag, a in doc.elements if tag == "a" and "hl" in a.get("class", "").split()]
    assert marks, "no highlighted figure"
    assert {c for a in marks for c in a["class"].split() if c.startswith("sev-")} >= {"sev-error", "sev-warning", "sev-info"}
    assert all(a["href"].lstrip("#") in ids for a in marks)  # a figure links to its finding
    links = [a for tag, a in doc.elements if tag == "a" and a.get("class") == "figure-link"]
    assert links and all(a["href"].lstrip("#") in ids for a in links)  # a finding links to each figure
    targets = {a["href"].lstrip("#") for a in links}
    assert targets <= {a["id"] for a in marks}
    findings = [a for tag, a in doc.elements if tag == "li" and a.get("class") == "finding"]
    assert len(findings) >= 2 * 5
    # both figures of the channel_total contradiction are highlighted where they stand
    text = "".join(doc.text)
    assert "47564" in text and "10351" in text
    # nothing is fetched, nothing runs
    tags = {tag for tag, _ in doc.elements}
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not any(re.match(r"(?i)(https?:)?//", a.get("href", "") + a.get("src", "")) for _, a in doc.elements)
    assert SCRIPT in text  # the report's <script> is shown as text
    assert "<b>标题</b> & " in text


def test_static_page_is_self_contained_and_escaped(page):
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html and "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html
    assert "&lt;script&gt;document.title" in html and SCRIPT not in html
    check_page(html)


def test_formula_and_summaries(page):
    html = page.read_text(encoding="utf-8")
    doc = parse(html)
    text = "".join(doc.text)
    assert "Findings by kind" in text and "channel_total" in text and "prose_vs_table" in text
    assert re.search(r"政府網站公開政府信息數 47564 &gt; .*10351（差 37213）", html)
    assert 'id="summary-files"' in html and "a_seed.txt" in text and "b_hostile.txt" in text


def _chromium():
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(_chromium() is None, reason="no chromium binary found (Debian: apt-get install -y chromium)")
def test_page_in_headless_chromium(page):
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
             f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "<title>govaudit report" in dom and "pwned" not in dom.split("</title>")[0]
    check_page(dom)

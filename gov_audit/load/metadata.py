"""Page metadata: the 标题 / 发布时间 / 索引号 … lines a saved page or a crawler puts above a report.

They are not report text: they go to `Document.metadata` (normalized keys, the
publication date as YYYY-MM-DD for the `date` rule) and are blanked out of the
text (spaces, same length), so their dates and index numbers are never read as
figures. The labels are data: rules/knowledge/pagetext.yaml `metadata`.
"""
from __future__ import annotations

import functools
from typing import Optional

import regex

from ..core.resources import builtin_yaml

PAGETEXT_YAML = "knowledge/pagetext.yaml"
DATE = regex.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_INLINE_VALUE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?|\d+"
PIPES_ONLY = regex.compile(r"^\|[\s|]*$")
TOKEN_SPLIT = regex.compile(r"\s*\|\s*|\s{2,}|\t")
MAX_META_LINE = 300  # a metadata line is short; a body on one line is not one


@functools.lru_cache(maxsize=None)
def spec() -> dict:
    """The `metadata` part of rules/knowledge/pagetext.yaml, compiled (once per process)."""
    meta = builtin_yaml(PAGETEXT_YAML)["metadata"]
    labels: dict[str, Optional[str]] = {}
    for key, words in meta["keys"].items():
        for word in words:
            labels[word.replace(" ", "")] = key
    for word in meta.get("ignore", ()):
        labels.setdefault(word.replace(" ", ""), None)
    ordered = sorted(labels, key=len, reverse=True)
    label_alt = "|".join(r"\s*".join(map(regex.escape, w)) for w in ordered)
    inline_alt = "|".join(regex.escape(w) for w in sorted(meta.get("inline_keys", ()), key=len, reverse=True))
    return {
        "labels": labels,
        "pair": regex.compile(rf"^(?P<label>{label_alt})\s*[:：]\s*(?P<value>.*)$"),
        "bare": regex.compile(rf"^(?P<label>{label_alt})$"),
        "header_lines": int(meta.get("header_lines", 40)),
        "chrome": [regex.compile(p) for p in meta.get("chrome_lines", ())],
        "inline": regex.compile(rf"(?:{inline_alt})\s*[:：]\s*(?P<value>{_INLINE_VALUE})") if inline_alt else None,
        "inline_chars": int(meta.get("inline_chars", 400)),
        "unit_values": frozenset(meta["unit_values"]),
    }


def read_metadata(lines, edits, metadata: dict) -> None:
    """Metadata lines among the first lines of a text: into `metadata`, blanked in `edits`."""
    sp = spec()
    header = lines[: sp["header_lines"]]
    meta_lines = set()
    pipes_only = []
    for n, (start, end, line) in enumerate(header):
        stripped = line.strip()
        if not stripped:
            continue
        if PIPES_ONLY.match(stripped):
            pipes_only.append(n)
            continue
        if any(p.search(stripped) for p in sp["chrome"]):
            edits.blank(start, end)
            meta_lines.add(n)
            continue
        pairs = parse_pairs(stripped, sp)
        if pairs is not None:
            for key, value in pairs:
                _store(metadata, key, value)
            edits.blank(start, end)
            meta_lines.add(n)
            continue
        if sp["inline"] is not None:
            for m in sp["inline"].finditer(line, 0, min(len(line), sp["inline_chars"])):
                label = m.group(0).split(":")[0].split("：")[0].strip()
                key = sp["labels"].get(label.replace(" ", ""))
                if key and DATE.search(m.group("value")):
                    _store(metadata, key, m.group("value"))
                edits.blank(start + m.start(), start + m.end())
    # A line of bare pipes between metadata lines is the metadata table's border.
    for n in pipes_only:
        if _near(n, meta_lines, header):
            edits.blank(header[n][0], header[n][1])


def _near(n: int, marked: set, lines) -> bool:
    for step in (-1, 1):
        k = n + step
        while 0 <= k < len(lines) and not lines[k][2].strip():
            k += step
        if k in marked:
            return True
    return False


def parse_pairs(line: str, sp: Optional[dict] = None) -> Optional[list]:
    """[(key, value)] when the line is nothing but metadata pairs, else None.

    Tokens are cells (`|`) or runs separated by two or more spaces; a token is
    `label: value`, `label:` with the value in the next token, or (in a
    metadata table) a bare label followed by its value cell. A value repeated
    in the next cell (a merged cell) is read once.
    """
    sp = sp or spec()
    if len(line) > MAX_META_LINE or "。" in line:
        return None
    tokens = [t for t in TOKEN_SPLIT.split(line.strip().strip("|")) if t.strip()]
    if not tokens:
        return None
    pairs: list = []
    known = False
    i = 0
    last_value = None
    while i < len(tokens):
        token = tokens[i].strip()
        m = sp["pair"].match(token)
        bare = None if m else sp["bare"].match(token)
        if m or bare:
            label = (m or bare).group("label").replace(" ", "")
            value = m.group("value").strip() if m else ""
            if not value and i + 1 < len(tokens) and not _is_label(tokens[i + 1], sp):
                value = tokens[i + 1].strip()
                i += 1
            elif bare and not value:
                pass
            key = sp["labels"].get(label)
            if key == "publisher" and value in sp["unit_values"]:
                return None  # 单位：万元 — a table caption, not metadata
            if key is not None:
                known = True
                pairs.append((key, value))
            last_value = value
            i += 1
            continue
        if last_value is not None and token == last_value:
            i += 1
            continue
        return None
    if not pairs and not known:
        # only furniture labels (点击数:, 当前位置: …)
        return [] if tokens else None
    return pairs


def _is_label(token: str, sp: dict) -> bool:
    token = token.strip()
    return bool(sp["pair"].match(token) or sp["bare"].match(token))


def _store(metadata: dict, key: str, value: str) -> None:
    value = " ".join(value.split())
    if key in ("published", "written", "crawled"):
        date = normalize_date(value)
        if date is None:
            metadata.setdefault(f"{key}_text", value)
            return
        metadata.setdefault(key, date)
        return
    if value:
        metadata.setdefault(key, value)


def normalize_date(value: str) -> Optional[str]:
    """'2021-03-05 08:58', '2013年1月16日' → '2021-03-05', '2013-01-16' (None when no date)."""
    m = DATE.search(value)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"

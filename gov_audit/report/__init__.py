"""Reporting: findings (and facts) into output — the formats, streamed file by file, baselines, datasets.

RENDERERS names every output format of `govaudit check`; the CLI's choices,
the configuration's and the --output suffixes come from it. A new format is
one module with a Renderer and a line here.
"""
from __future__ import annotations

from . import github, html_report, json_report, rich_report, sarif, text

RENDERERS = {
    "rich": rich_report.RENDERER,
    "text": text.RENDERER,
    "json": json_report.RENDERER,
    "sarif": sarif.RENDERER,
    "github": github.RENDERER,
    "html": html_report.RENDERER,
}
OUTPUT_FORMATS = tuple(RENDERERS)
SUFFIX_FORMATS = {suffix: name for name, renderer in RENDERERS.items() for suffix in renderer.suffixes}

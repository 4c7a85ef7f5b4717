"""Reporting: findings (and facts) into output — the formats, streamed file by file, baselines, datasets.

RENDERERS names every output format of `govaudit check`: the module of this
package whose RENDERER makes it, and the --output suffixes that choose it. The
CLI's and the configuration's choices come from it. A new format is one module
with a Renderer and a line here; a module is imported only when its format is
used (a run in one format need not load the others).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from .renderer import Renderer


@dataclass(frozen=True)
class OutputFormat:
    module: str  # the module of this package whose RENDERER makes the format
    suffixes: tuple = ()  # --output suffixes that choose it
    for_people: bool = False  # read as it comes: a progress bar may show while it is written
    terminal: bool = False  # drawn for the terminal's width and colours when written to stdout

    @property
    def renderer(self) -> Renderer:
        return importlib.import_module(f"{__name__}.{self.module}").RENDERER


RENDERERS = {
    "rich": OutputFormat("rich_report", for_people=True, terminal=True),
    "text": OutputFormat("text", for_people=True),
    "json": OutputFormat("json_report", (".json",)),
    "sarif": OutputFormat("sarif", (".sarif",)),
    "github": OutputFormat("github"),
    "html": OutputFormat("html_report", (".html", ".htm")),
}
OUTPUT_FORMATS = tuple(RENDERERS)
SUFFIX_FORMATS = {suffix: name for name, output in RENDERERS.items() for suffix in output.suffixes}

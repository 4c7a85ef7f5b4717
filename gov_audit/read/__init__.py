"""Reading: a Document's figures as facts — its tables, its prose — and whose report it is.

Tables are read against the templates (knowledge/templates.py), prose figures
are keyed through the lexicon (knowledge/lexicon.py); neither stage of the
reading imports the audit.
"""
from __future__ import annotations

from .identity import identify
from .prose import choose_keys, read_prose
from .tables.reader import TableRead, read_tables, stated_cells

__all__ = ["TableRead", "choose_keys", "identify", "read_prose", "read_tables", "stated_cells"]

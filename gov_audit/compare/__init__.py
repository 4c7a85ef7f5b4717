"""Comparing the reports of a folder with each other: across years, a region and its sub-units, reused text.

Each report is checked alone first; where it was checked, a summary of it is
made (`summarize`: whose report, which year, the figures the comparison
needs, its prose in fingerprinted sentences). The folder stage sees only
these summaries — never a document — and pairs them by key once every
report is in (`Folder`). Its findings cite both reports.
"""
from __future__ import annotations

from .agencies import AgencyFile, AgencyFileError, load_agency_file, parse_agency_file
from .folder import Folder
from .relating import CompareRuleError
from .summary import Packed, ReportSummary, pack, summarize

__all__ = ["AgencyFile", "AgencyFileError", "CompareRuleError", "Folder", "Packed", "ReportSummary",
           "load_agency_file", "pack", "parse_agency_file", "summarize"]

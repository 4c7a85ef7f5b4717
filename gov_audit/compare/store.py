"""The summaries of a run, kept on disk until every report is in.

A folder of ten thousand reports must not hold ten thousand summaries in
memory: each is written, compressed (by the worker that made it), to a
temporary SQLite database as it arrives, with its sentences' fingerprints in an indexed table — the n-gram
index that finds text shared between reports by a join, not by comparing
every report with every other. Memory holds one agency's reports at a time.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from array import array
from typing import Iterable, Iterator

from .summary import Packed, ReportSummary, unpack

CACHE_KIB = 2048  # SQLite's page cache: the database itself stays on disk
BATCH = 64  # reports written between two commits (an open transaction holds its pages)


class SummaryStore:
    def __init__(self):
        try:
            handle, self.path = tempfile.mkstemp(prefix="govaudit-compare-", suffix=".sqlite")
            os.close(handle)
        except OSError:  # no writable temporary folder: the summaries stay in memory
            self.path = None
        self.db = sqlite3.connect(self.path or ":memory:")
        self.db.executescript(f"""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -{CACHE_KIB};
            CREATE TABLE reports (report INTEGER PRIMARY KEY, body BLOB);
            CREATE TABLE prints (print INTEGER, report INTEGER, sentence INTEGER);
            CREATE TABLE agencies (report INTEGER PRIMARY KEY, agency INTEGER);
        """)
        self.indexed = False
        self.pending = 0

    def add(self, index: int, packed: Packed) -> None:
        self.db.execute("INSERT INTO reports VALUES (?, ?)", (index, packed.body))
        prints = array("q")
        prints.frombytes(packed.prints)
        self.db.executemany("INSERT INTO prints VALUES (?, ?, ?)", ((p, index, n) for n, p in enumerate(prints)))
        self.pending += 1
        if self.pending >= BATCH:
            self.db.commit()
            self.pending = 0

    def get(self, index: int) -> ReportSummary:
        row = self.db.execute("SELECT body FROM reports WHERE report = ?", (index,)).fetchone()
        return unpack(row[0], index)

    def many(self, indices: Iterable[int]) -> list:
        return [self.get(i) for i in indices]

    def set_agencies(self, agency_of: dict) -> None:
        """Each report's agency (a number): what "shared by several agencies" counts."""
        self.db.executemany("INSERT INTO agencies VALUES (?, ?)", sorted(agency_of.items()))
        self._index()

    def _index(self) -> None:
        if not self.indexed:
            self.db.execute("CREATE INDEX prints_by_print ON prints (print, report)")
            self.indexed = True

    def common_prints(self, agencies: int) -> set:
        """Fingerprints of sentences found in the reports of at least `agencies` agencies."""
        rows = self.db.execute("""
            SELECT p.print FROM prints p JOIN agencies a ON a.report = p.report
            GROUP BY p.print HAVING COUNT(DISTINCT a.agency) >= ?""", (agencies,))
        return {row[0] for row in rows}

    def shared_elsewhere(self, index: int, common: set) -> Iterator[tuple]:
        """(sentence, other report, its sentence) for each sentence of a report found in
        a report of another agency, in order; template wording (`common`) left out."""
        rows = self.db.execute("""
            SELECT p.sentence, q.report, q.sentence, p.print FROM prints p
            JOIN prints q ON q.print = p.print AND q.report != p.report
            JOIN agencies a ON a.report = p.report JOIN agencies b ON b.report = q.report
            WHERE p.report = ? AND (a.agency != b.agency OR a.agency < 0)
            ORDER BY p.sentence, q.report, q.sentence""", (index,))
        for sentence, other, theirs, fingerprint in rows:
            if fingerprint not in common:
                yield sentence, other, theirs

    def close(self) -> None:
        self.db.close()
        if self.path is not None:
            try:
                os.unlink(self.path)
            except OSError:
                pass
            self.path = None

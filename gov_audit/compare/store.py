"""The summaries of a run, kept on disk until every report is in.

A folder of ten thousand reports must not hold ten thousand summaries in
memory: each is written, compressed (by the worker that made it), to a
temporary SQLite database as it arrives, with its sentences' fingerprints in an indexed table — the n-gram
index that finds text shared between reports by a join, not by comparing
every report with every other. Memory holds one agency's reports at a time.
"""
from __future__ import annotations

import itertools
import os
import pickle
import sqlite3
import zlib
from array import array
from typing import Iterable, Iterator

from .summary import Packed, ReportSummary, unpack

CACHE_KIB = 2048  # SQLite's page cache: the database itself stays on disk
BATCH = 64  # reports written between two commits (an open transaction holds its pages)


class SummaryStore:
    def __init__(self):
        try:
            import tempfile
            handle, self.path = tempfile.mkstemp(prefix="govaudit-compare-", suffix=".sqlite")
            os.close(handle)
        except OSError:  # no writable temporary folder: the summaries stay in memory
            self.path = None
        try:
            self.db = self._open(self.path or ":memory:")
        except sqlite3.Error:  # the temporary folder cannot be written (a full disk): in memory
            self._remove()
            self.path = None
            self.db = self._open(":memory:")
        self.indexed = False
        self.pending = 0

    @staticmethod
    def _open(where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where)
        db.executescript(f"""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -{CACHE_KIB};
            CREATE TABLE reports (report INTEGER PRIMARY KEY, body BLOB);
            CREATE TABLE prints (print INTEGER, report INTEGER, sentence INTEGER);
            CREATE TABLE agencies (report INTEGER PRIMARY KEY, agency INTEGER);
            CREATE TABLE crosses (report INTEGER, body BLOB);
        """)
        return db

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

    def add_crosses(self, crosses: list) -> None:
        """Findings across reports, kept until they are written, report by report."""
        self.db.executemany("INSERT INTO crosses VALUES (?, ?)",
                            ((c.report.index, zlib.compress(pickle.dumps(c, pickle.HIGHEST_PROTOCOL), 1))
                             for c in crosses))

    def crosses(self) -> Iterator[list]:
        """The findings across reports kept, a list per report, in the order of the run."""
        rows = self.db.execute("SELECT report, body FROM crosses ORDER BY report, rowid")
        for _, group in itertools.groupby(rows, key=lambda row: row[0]):
            yield [pickle.loads(zlib.decompress(body)) for _, body in group]

    def set_agencies(self, agency_of: dict) -> None:
        """Each report's agency (a number): what "shared by several agencies" counts."""
        self.db.executemany("INSERT INTO agencies VALUES (?, ?)", sorted(agency_of.items()))
        self._index()

    def _index(self) -> None:
        if not self.indexed:
            self.db.execute("CREATE INDEX prints_by_print ON prints (print, report)")
            self.indexed = True

    def common_prints(self, agencies: int) -> set:
        """Fingerprints of sentences found in the reports of at least `agencies` agencies
        (template wording), kept in the database too for the joins that leave them out."""
        self.db.execute("CREATE TABLE common (print INTEGER PRIMARY KEY)")
        self.db.execute("""
            INSERT INTO common SELECT p.print FROM prints p JOIN agencies a ON a.report = p.report
            GROUP BY p.print HAVING COUNT(DISTINCT a.agency) >= ?""", (agencies,))
        return {row[0] for row in self.db.execute("SELECT print FROM common")}

    def shared_elsewhere(self) -> Iterator[tuple]:
        """(report, {sentence: [(other report, its sentence)]}) for each report with sentences
        found in a report of another agency, in order; template wording left out (common_prints).
        One join over the index, not a query per report."""
        rows = self.db.execute("""
            SELECT p.report, p.sentence, q.report, q.sentence FROM prints p
            JOIN prints q ON q.print = p.print AND q.report != p.report
            JOIN agencies a ON a.report = p.report JOIN agencies b ON b.report = q.report
            WHERE a.agency != b.agency AND NOT EXISTS (SELECT 1 FROM common c WHERE c.print = p.print)
            ORDER BY p.report, p.sentence, q.report, q.sentence""")
        for report, group in itertools.groupby(rows, key=lambda row: row[0]):
            shared: dict = {}
            for _, mine, other, theirs in group:
                shared.setdefault(mine, []).append((other, theirs))
            yield report, shared

    def close(self) -> None:
        self.db.close()
        self._remove()

    def _remove(self) -> None:
        if self.path is not None:
            try:
                os.unlink(self.path)
            except OSError:
                pass
            self.path = None


class StoredReports:
    """Summaries by report index, read from the store when first asked for: a report shares
    sentences with many others, but only the few a finding cites are read."""

    def __init__(self, store: SummaryStore, agency_of):
        self.store = store
        self.agency_of = agency_of  # report index → its AgencyName, without reading it
        self.read: dict = {}

    def get(self, index: int):
        if index not in self.read:
            self.read[index] = self.store.get(index)
        return self.read[index]

    __getitem__ = get

"""The reports of a run compared with each other, once every one is in.

`Folder.add` takes each report's summary as the run streams (kept on disk,
store.py); `Folder.results` then pairs them by key — an agency's years, a
declared region and its sub-units in one year, sentences by fingerprint —
never all against all, and gives one FileResult per report with findings
across reports, in the order of the run (so `--jobs` cannot change them).
"""
from __future__ import annotations

from typing import Iterator

from .agencies import Agencies, AgencyFile
from ..core.model import FileResult
from .citing import result
from .hierarchy import group_figures, parent_child, parent_sum, same_year
from .relating import check_relation
from .series import AgencySeries, broken_links
from .reuse import EarlierText, repeated_passages, reuse_share
from .stale import foreign_words, reuse_other_agency, stale_figure, stale_year
from .store import StoredReports, SummaryStore
from .years import across_years, year_on_year

# Checks by what they compare (the `check` of a folder rule, audit/mechanisms/across.py).
AGENCY_CHECKS = {"across_years": across_years, "year_on_year": year_on_year}
REUSE_CHECKS = {"reuse_share": reuse_share, "stale_year": stale_year, "stale_figure": stale_figure}
SHARED_CHECKS = {"foreign_self_reference": foreign_words, "reuse_other_agency": reuse_other_agency}
PAIR_CHECKS = {"parent_child": parent_child, "group_figures": group_figures}


class Folder:
    def __init__(self, rules: list, declared: AgencyFile = AgencyFile(), template_agencies: int = 3):
        self.rules = list(rules)
        for rule in self.rules:
            for key in ("relation", "over_gap"):
                for each in rule.params.get("each") or [""]:
                    if rule.params.get(key):
                        check_relation(rule, rule.params[key].replace("{each}", each))
        self.agencies = Agencies(declared)
        self.store = SummaryStore()
        self.template_agencies = template_agencies
        self.count = 0
        self.years: dict = {}  # report index → its year
        self.charts: list = []

    def add(self, index: int, packed) -> None:
        """The packed summary (summary.pack) of the run's `index`-th file (None: it could not be read)."""
        if packed is None:
            return
        self.store.add(index, packed)
        self.agencies.add(index, packed.written)
        self.years[index] = packed.year
        self.count += 1

    def _rules(self, checks: dict) -> list:
        return [r for r in self.rules if r.check in checks]

    def results(self) -> Iterator[FileResult]:
        """A FileResult of the findings across reports for each report that has some, in the
        order of the run (none with fewer than two reports). The findings wait on disk, so
        only one report's are in memory when they are written."""
        if self.count < 2 or not self.rules:
            return
        groups = self.agencies.groups()
        numbers = {label: n for n, label in enumerate(groups)}
        self.store.set_agencies({i: numbers[label] for label, indices in groups.items() for i in indices})
        common = self.store.common_prints(self.template_agencies)
        for label, indices in groups.items():
            if len(indices) > 1:
                self._agency(label, indices, common)
        self.store.add_crosses(self._units(groups))
        self._shared(common)
        for crosses in self.store.crosses():
            yield result(crosses)

    def _agency(self, label: str, indices: list, common: set) -> None:
        """One agency's reports, year by year: each against the nearest earlier year's (the first
        report of that year in the run) and against the text of every earlier year. Only the
        years before and their sentences are in memory; the findings are stored report by report."""
        year_rules = self._rules(AGENCY_CHECKS)
        reuse_rules = self._rules(REUSE_CHECKS) + [r for r in self.rules if r.check == "repeated_passage"]
        earlier, series = EarlierText(), AgencySeries(label)
        prior, first = None, None
        for _, index in sorted((self.years[i], i) for i in indices if self.years.get(i)):
            report = self.store.get(index)
            if first is None or report.year != first.year:
                if first is not None:
                    earlier.add(first, common)
                    prior = first
                first = report
                series.add(report)
            if prior is None:
                continue
            found = []
            for rule in year_rules:
                found.extend(AGENCY_CHECKS[rule.check](rule, report, prior, report.year - prior.year - 1))
            if reuse_rules:
                found.extend(self._reuse(reuse_rules, report, earlier, common))
            series.broken.extend(broken_links(found))
            self.store.add_crosses(found)
        if len(series.years) > 1:
            self.charts.append(series.chart())

    @staticmethod
    def _reuse(rules: list, report, earlier: EarlierText, common: set) -> list:
        found, matched = [], earlier.matches(report, common)
        for rule in rules:
            if rule.check == "repeated_passage":
                found.extend(repeated_passages(rule, report, earlier, common))
            elif rule.check == "reuse_share":
                found.extend(reuse_share(rule, report, matched, common))
            else:
                found.extend(REUSE_CHECKS[rule.check](rule, report, matched))
        return found

    def _units(self, groups: dict) -> list:
        pair_rules, sum_rules = self._rules(PAIR_CHECKS), [r for r in self.rules if r.check == "parent_sum"]
        found = []
        for parent, children, all_children in self.agencies.units(groups):
            parents = self.store.many(groups[parent])
            present = []
            for child_name, labels in children:
                for label in labels:
                    reports = self.store.many(groups[label])
                    present.append((child_name, reports))
                    for mine, theirs in same_year(parents, reports):
                        for rule in pair_rules:
                            found.extend(PAIR_CHECKS[rule.check](rule, mine, theirs, child_name))
            if all_children:
                found.extend(self._sums(sum_rules, parents, [name for name, _ in children], present))
        return found

    def _sums(self, rules: list, parents: list, names: list, present: list) -> list:
        found = []
        for parent in parents:
            year = [(name, r) for name, reports in present for r in reports if r.year == parent.year]
            here = {name for name, _ in year}
            missing = [n for n in names if n not in here]
            children = [(r, name) for name, r in year]
            for rule in rules:
                found.extend(parent_sum(rule, parent, children, missing))
        return found

    def _shared(self, common: set) -> None:
        """Each report against the reports of other agencies it shares sentences with (the
        findings are stored report by report)."""
        rules = self._rules(SHARED_CHECKS)
        if not rules:
            return
        for index, shared in self.store.shared_elsewhere():
            report, others = self.store.get(index), StoredReports(self.store, self.agencies.reading)
            found = []
            for rule in rules:
                found.extend(SHARED_CHECKS[rule.check](rule, report, shared, others, common))
            self.store.add_crosses(found)

    def series(self) -> list:
        """Each agency with several years: its main figures by year and the broken links
        (known once `results` ran)."""
        return list(self.charts)

    def close(self) -> None:
        self.store.close()

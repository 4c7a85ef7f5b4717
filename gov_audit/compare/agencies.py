"""Which reports of a folder are one agency's, and which agencies are a region and its sub-units.

Reports are one agency's when their names read as one (knowledge/agencies.py:
淮安市洪泽区人民政府 = 洪泽区人民政府 = 洪泽区) and nothing places them apart
(淮安市西湖区 ≠ 南昌市西湖区), or when the user's agency file says so (an
agency merged or renamed). A region and its sub-units are only what that file
declares: a report saying it is compiled from its units' reports is a hint,
not proof that its figures contain theirs.

The agency file (YAML):

    same:                        # one agency under several names
      - [洪泽区人民政府, 洪泽县人民政府]
    units:                       # a region's report and its sub-units'
      - parent: 淮安市人民政府
        children: [洪泽区人民政府, 淮安区人民政府]
        all_children: true       # every sub-unit is listed: the region = their sum
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..knowledge.agencies import AgencyName, read_agency


class AgencyFileError(Exception):
    """An agency file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Units:
    parent: str  # agency names, as read
    children: tuple
    all_children: bool = False


@dataclass
class AgencyFile:
    same: dict = field(default_factory=dict)  # agency name → the name it is known by
    units: list = field(default_factory=list)  # [Units]


def load_agency_file(path: Optional[str]) -> AgencyFile:
    if not path:
        return AgencyFile()
    import yaml  # only a run with an agency file reads one

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise AgencyFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise AgencyFileError(f"{path}: not valid YAML: {exc}") from None
    return parse_agency_file(data or {}, str(path))


def parse_agency_file(data, where: str) -> AgencyFile:
    if not isinstance(data, dict) or set(data) - {"same", "units"}:
        raise AgencyFileError(f"{where}: an agency file is a mapping with `same` and/or `units`")
    found = AgencyFile()
    for names in data.get("same") or []:
        names = _names(names, where, "each entry of `same` is a list of two or more agency names")
        if len(names) < 2:
            raise AgencyFileError(f"{where}: each entry of `same` is a list of two or more agency names")
        for name in names[1:]:
            found.same[name] = names[0]
    for entry in data.get("units") or []:
        if not isinstance(entry, dict) or set(entry) - {"parent", "children", "all_children"} \
                or "parent" not in entry or "children" not in entry:
            raise AgencyFileError(f"{where}: each entry of `units` has `parent`, `children` and may have "
                                  "`all_children`")
        parent = _names([entry["parent"]], where, "`parent` is an agency name")[0]
        children = _names(entry["children"], where, "`children` is a list of agency names")
        if not isinstance(entry.get("all_children", False), bool):
            raise AgencyFileError(f"{where}: `all_children` is true or false")
        found.units.append(Units(parent, tuple(children), bool(entry.get("all_children", False))))
    return found


def _names(values, where: str, expected: str) -> list:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise AgencyFileError(f"{where}: {expected}")
    return [read_agency(v).name for v in values]


class Agencies:
    """The agencies of a run's reports: `add` each report, then ask."""

    def __init__(self, declared: AgencyFile):
        self.declared = declared
        self.readings: dict = {}  # report index → AgencyName

    def add(self, index: int, written: Optional[str]) -> None:
        reading = read_agency(written) if written else None
        if reading is not None:
            name = self.declared.same.get(reading.name, reading.name)
            self.readings[index] = AgencyName(name, reading.within, reading.region, reading.government)

    def reading(self, index: int) -> Optional[AgencyName]:
        return self.readings.get(index)

    def groups(self) -> dict:
        """agency (a name, placed when one name stands for several) → report indices, in order."""
        by_name: dict = {}
        for index, reading in sorted(self.readings.items()):
            by_name.setdefault(reading.name, []).append(index)
        out = {}
        for name, indices in by_name.items():
            places = _placed(indices, self.readings)
            for within, members in places:
                out[f"{name}（{'·'.join(within)}）" if len(places) > 1 and within else name] = members
        return out

    def units(self, groups: dict) -> list:
        """(parent agency, [child agencies], all children listed) for each declared region
        whose report is in the run."""
        names = {}
        for label, indices in groups.items():
            names.setdefault(self.readings[indices[0]].name, []).append(label)
        out = []
        for unit in self.declared.units:
            for parent in names.get(unit.parent, ()):
                children = [(child, names.get(child, [])) for child in unit.children]
                out.append((parent, children, unit.all_children))
        return out


def _placed(indices: list, readings: dict) -> list:
    """Reports of one name split by the regions placing them: (within, indices) each.

    A report whose name places it nowhere joins the one placed group, or,
    when the name stands in several places, stays apart."""
    classes: list = []  # [within, [indices]]
    for index in sorted(indices, key=lambda i: -len(readings[i].within)):
        within = readings[index].within
        if not within:
            continue
        for entry in classes:
            if entry[0][len(entry[0]) - len(within):] == within:
                entry[1].append(index)
                break
        else:
            classes.append([within, [index]])
    loose = [i for i in indices if not readings[i].within]
    if loose and len(classes) == 1:
        classes[0][1].extend(loose)
    elif loose:
        classes.append([(), loose])
    return [(tuple(w), sorted(members)) for w, members in classes]

"""Who issued a notice, read by the grammar of organ names rather than from a list.

    issuer     = central organ [督查室]                 国务院办公厅, 国务院办公厅督查室
               | division government [office] [督查室]  天津市人民政府办公厅, 濮阳市人民政府办公室
    government = a division's name + its government's name (人民政府; 行政公署 for 地区 and 盟:
                 data/curated/organisations.yaml, government_names)
    office     = 办公厅 | 办公室

Central organs are the curated ones (data/curated/organs.yaml); a division is one of the
division table of the notice's year, so the issuer's region, its jurisdiction, comes
with it. An office is part of its government (org:subOrganizationOf), a 督查室 part of
the organ before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..read.records import AgentRecord, Division
from .actors import government
from .curated import CuratedData
from .gazetteer import Gazetteer

OFFICES = {"办公厅": "general-office", "办公室": "general-office"}
# How a notice names its own region's government for short: 经市人民政府同意, 经省政府同意.
_OWN_GOVERNMENT = re.compile(r"^(省|市|自治区|区|县|州|盟|旗)(人民)?政府$")
INSPECTION_OFFICE = ("督查室", "inspection-office", "Inspection Office of the {parent}")


@dataclass(frozen=True, slots=True)
class Issuer:
    """The issuing organ and the organs it is part of (nearest first), and its region."""

    agent: AgentRecord
    parents: tuple[AgentRecord, ...]
    region: Division | None  # None for a central organ: the whole country


def central_organ(name: str, curated: CuratedData) -> AgentRecord:
    organ = curated.organs[name]
    parent = curated.organs[organ.parent].key if organ.parent else None
    return AgentRecord(organ.key, organ.name, organ.en, parent, None, "central-organ")


def read_issuer(name: str, gazetteer: Gazetteer, curated: CuratedData) -> Issuer | None:
    """The issuer named ``name`` (reading form), or None when the grammar does not fit."""
    base, inspection_office = name, False
    if name.endswith(INSPECTION_OFFICE[0]) and len(name) > len(INSPECTION_OFFICE[0]):
        base, inspection_office = name.removesuffix(INSPECTION_OFFICE[0]), True
    found = central_issuer(base, curated) or _local(base, gazetteer, curated)
    if found is None:
        return None
    if not inspection_office:
        return found
    parent = found.agent
    english = INSPECTION_OFFICE[2].format(parent=parent.label_en) if parent.label_en else None
    agent = AgentRecord(
        f"{parent.key}-{INSPECTION_OFFICE[1]}", name, english, parent.key, parent.region, parent.kind
    )
    return Issuer(agent, (parent, *found.parents), found.region)


def central_issuer(name: str, curated: CuratedData) -> Issuer | None:
    """A curated central organ with the organs it is part of; None if ``name`` is none."""
    if name not in curated.organs:
        return None
    agent = central_organ(name, curated)
    parents: list[AgentRecord] = []
    parent = curated.organs[name].parent
    while parent is not None:
        parents.append(central_organ(parent, curated))
        parent = curated.organs[parent].parent
    return Issuer(agent, tuple(parents), None)


def _local(name: str, gazetteer: Gazetteer, curated: CuratedData) -> Issuer | None:
    candidates = gazetteer.names_at(name, None)
    if len(candidates) != 1:
        return None  # no division, or a name several divisions share: not an issuer's name
    for division in candidates:
        government_name = curated.government_name(division.name)
        if not name.startswith(government_name):
            continue
        rest = name[len(government_name) :]
        seat = government(division)
        if not rest:
            return Issuer(seat, (), division)
        if rest in OFFICES:
            english = f"General Office of the {seat.label_en}" if seat.label_en else None
            office = AgentRecord(
                f"{seat.key}-{OFFICES[rest]}", name, english, seat.key, division.code, "department"
            )
            return Issuer(office, (seat,), division)
    return None


def read_approver(name: str, issuer: Issuer, gazetteer: Gazetteer, curated: CuratedData) -> Issuer | None:
    """Who approved the notice (经<name>同意): an organ by the issuer grammar (国务院,
    天津市人民政府), or the issuer's own government named short (市人民政府, 省政府)."""
    found = read_issuer(name, gazetteer, curated)
    if found is None and issuer.region is not None and _OWN_GOVERNMENT.match(name):
        top = issuer.parents[-1] if issuer.parents else issuer.agent
        found = Issuer(top, (), issuer.region)
    return found

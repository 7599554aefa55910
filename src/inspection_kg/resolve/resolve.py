"""A parsed notice → its issuer, campaign, and every item's actors (read by actors.py
against names.py), with the regions they name and those regions' parents and successors."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError, InputError
from ..read.records import (
    AgentRecord,
    Division,
    EarlierDivisionRecord,
    ItemRecord,
    NoticeRecord,
    ResolvedItemRecord,
    ResolvedNoticeRecord,
    SuccessorRecord,
)
from ..resources import data_file
from .actors import ItemReader, government
from .curated import CuratedData, load_curated
from .gazetteer import gazetteer_for_year, successor
from .names import name_index


def organ_agent(name: str, curated: CuratedData) -> AgentRecord:
    organ = curated.organs[name]
    parent = curated.organs[organ.parent].key if organ.parent else None
    return AgentRecord(organ.key, organ.name, organ.en, parent, None, "central-organ")


@dataclass(frozen=True, slots=True)
class ItemProblem:
    """An item that could not be read, and why."""

    item: ItemRecord
    error: InputError


def curated_path(name: str) -> str:
    return str(data_file("curated", name))


def resolve_notice(
    notice: NoticeRecord, *, allow_unresolved: bool = False, problems: list[ItemProblem] | None = None
) -> ResolvedNoticeRecord:
    """Resolve the issuer, document type, campaign and every item's actors. With
    ``problems``, an item that cannot be read is added there and left out, so that every
    problem of a notice is found in one run; without, its error is raised."""
    curated = load_curated()
    path = notice.source.path
    number = notice.document_number
    prefix = curated.prefixes.get(number.prefix)
    if prefix is None:
        raise ConfigError(
            f"unknown organ prefix {number.prefix!r} in 发文字号 {number.span.text!r} ({path}:{number.span.line})",
            path=curated_path("organs.yaml"),
            fix=f"add {number.prefix} under document_number_prefixes with its pinyin slug and organ",
        )
    signer = notice.signature.text
    if signer not in curated.organs:
        raise InputError(
            f"unknown issuing organ {signer!r} in the signature",
            path=path,
            line=notice.signature.line,
            fix="add the organ under organs in data/curated/organs.yaml",
        )
    if not any(notice.title.endswith(name) for name in curated.document_types):
        raise InputError(
            f"the title does not end with a statutory document type (通报, 通知, …): {notice.title[-20:]!r}",
            path=path,
            line=notice.title_lines[-1].line,
            fix="check the title lines above the 发文字号",
        )
    organiser = None
    if notice.campaign is not None:
        if notice.campaign.organiser not in curated.organs:
            raise InputError(
                f"unknown inspection organiser {notice.campaign.organiser!r}",
                path=path,
                line=notice.campaign.span.line,
                fix="add the organ under organs in data/curated/organs.yaml",
            )
        organiser = organ_agent(notice.campaign.organiser, curated)

    names = name_index(notice.date.year)
    gazetteer = names.gazetteer
    reader = ItemReader(str(path), names, allow_unresolved)
    items: list[ResolvedItemRecord] = []
    for item in notice.items:
        try:
            items.append(reader.read(item))
        except InputError as error:
            if problems is None:
                raise
            problems.append(ItemProblem(item, error))

    issuer = organ_agent(signer, curated)
    agents: dict[str, AgentRecord] = {}
    for organ in [issuer, organiser]:
        while organ is not None:
            agents[organ.key] = organ
            parent = next((o for o in curated.organs.values() if o.key == organ.parent_key), None)
            organ = organ_agent(parent.name, curated) if parent else None
    places = dict(reader.place_years)  # code → (division, year of its table)
    for resolved in items:
        for actor in resolved.actors:
            agent = actor.agent
            if agent is None:
                continue
            agents[agent.key] = agent
            if agent.region is not None and agent.region not in places:
                if agent.region not in gazetteer.by_code:
                    raise ConfigError(
                        f"curated location code {agent.region} of {agent.label_zh} is not a division in "
                        f"{gazetteer.year}",
                        path=curated_path("organisations.yaml"),
                        fix="correct located_in to a code of the division table",
                    )
                places[agent.region] = (gazetteer.by_code[agent.region], gazetteer.year)
            if agent.parent_key is not None and agent.region is not None:
                above = government(places[agent.region][0])
                agents[above.key] = above
    # Every place with its parents, each from the notice's year where that table has it.
    with_ancestors: dict[str, tuple[Division, int]] = {}
    for code, (division, year) in places.items():
        for place in [division, *names.ancestors(division, year)]:
            current = gazetteer.by_code.get(place.code)
            with_ancestors.setdefault(place.code, (current, gazetteer.year) if current else (place, year))
    ordered = sorted(with_ancestors)
    successors = []
    for code in ordered:
        division, year = with_ancestors[code]
        later = gazetteer.successors().get(code) if year == gazetteer.year else successor(division, year)
        if later is not None:
            division, last_year = later
            parents = tuple(gazetteer_for_year(last_year).ancestors(division.code))
            successors.append(SuccessorRecord(code, division, last_year, parents))
    return ResolvedNoticeRecord(
        notice=notice,
        slug=prefix.slug,
        issuer=issuer,
        campaign_organiser=organiser,
        items=tuple(items),
        division_year=gazetteer.year,
        divisions=tuple(with_ancestors[c][0] for c in ordered if with_ancestors[c][1] == gazetteer.year),
        agents=tuple(agents[k] for k in sorted(agents)),
        successors=tuple(successors),
        warnings=tuple(reader.warnings),
        earlier_divisions=tuple(
            EarlierDivisionRecord(*with_ancestors[c])
            for c in ordered
            if with_ancestors[c][1] != gazetteer.year
        ),
    )

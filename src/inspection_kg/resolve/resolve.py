"""A parsed notice → its issuer, campaign, and every item's actors (read by actors.py
against names.py), with the regions they name and those regions' parents and successors."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError, InputError, InputWarning
from ..read.records import (
    AgentRecord,
    Division,
    EarlierDivisionRecord,
    ItemRecord,
    NoticeRecord,
    ResolvedCitationRecord,
    ResolvedItemRecord,
    ResolvedNoticeRecord,
    SuccessorRecord,
)
from ..resources import data_file
from .actors import ItemReader, government
from .curated import load_curated
from .document_numbers import numbered_key, prefix_problem, unnumbered_key
from .gazetteer import gazetteer_for_year, successor, table_years
from .issuers import Issuer, read_approver, read_issuer
from .names import name_index


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
    source = notice.source
    path = source.path
    # A notice newer than the division table is read against its latest year, and says so;
    # a division created since is no name of that table and is refused where it stands.
    earliest, latest = min(table_years()), max(table_years())
    if notice.date.year < earliest:
        raise InputError(
            f"the notice is dated {notice.date.year}, before the division table's first year ({earliest})",
            path=path,
            line=notice.date_span.line,
            fix="check the date line under the signature",
        )
    names = name_index(min(notice.date.year, latest))
    signer = source.read(notice.signature)
    issuer = read_issuer(signer, names.gazetteer, curated)
    if issuer is None:
        raise InputError(
            f"cannot read the issuing organ {notice.signature.text!r} in the signature: it is neither a central "
            f"organ ({'、'.join(curated.organs)}) nor a people's government of a division of "
            f"{names.year}, or its 办公厅/办公室 or 督查室",
            path=path,
            line=notice.signature.line,
            fix="check the signature line above the date (e.g. 天津市人民政府办公厅)",
        )
    warnings: list[InputWarning] = []
    if notice.date.year > latest:
        warnings.append(
            InputWarning(
                f"the notice is of {notice.date.year}, the division table ends in {latest}: names are read "
                f"against the table of {latest}",
                path=path,
                line=notice.date_span.line,
                fix="none needed unless a name is refused; a newer table comes with a newer release of the "
                "package",
            )
        )
    number = notice.document_number
    if number is not None:
        prefix = number.prefix  # as read: 國辦發 is 国办发
        region = issuer.region
        province = names.province_of(region, names.year) if region is not None else None
        problem = prefix_problem(prefix, region.name if region else None, province)
        if problem is not None and prefix not in curated.prefixes:
            warnings.append(
                InputWarning(
                    f"document-number prefix {number.prefix!r} kept as printed: {problem}",
                    path=path,
                    line=number.span.line,
                    fix="none needed if the 发文字号 is printed so; check it against the notice",
                )
            )
        key = numbered_key(number, prefix, curated)
    title = "".join(source.read(span) for span in notice.title_lines)
    if number is None:
        key = unnumbered_key(notice, issuer.agent.key, title)
    document_type = next((name for name in curated.document_types if title.endswith(name)), None)
    if document_type is None:
        raise InputError(
            f"the title does not end with a statutory document type (通报, 通知, …): {notice.title[-20:]!r}",
            path=path,
            line=notice.title_lines[-1].line,
            fix="check the title lines above the 发文字号",
        )
    organiser = None
    if notice.campaign is not None and not notice.campaign.organiser:
        # the issuer's own inspection (全省…综合督查): its government's, the top of its chain
        top = issuer.parents[-1] if issuer.parents else issuer.agent
        organiser = Issuer(top, (), issuer.region)
    elif notice.campaign is not None:
        organiser = read_issuer(notice.campaign.organiser, names.gazetteer, curated)
        if organiser is None:
            raise InputError(
                f"cannot read the inspection's organiser {notice.campaign.organiser!r}: neither a central "
                "organ nor a people's government of a division",
                path=path,
                line=notice.campaign.span.line,
                fix="check the title: the organiser stands before 第N次大督查 (e.g. 国务院第七次大督查)",
            )

    gazetteer = names.gazetteer
    jurisdiction = issuer.region.code if issuer.region is not None else None
    reader = ItemReader(str(path), names, allow_unresolved, jurisdiction)
    items: list[ResolvedItemRecord] = []
    for item in notice.items:
        try:
            items.append(reader.read(item, notice.source.read(item.label)))
        except InputError as error:
            if problems is None:
                raise
            problems.append(ItemProblem(item, error))

    approver = None
    if notice.approval is not None:
        approved = source.read(notice.approval).removeprefix("经").removesuffix("同意")
        approver = read_approver(approved, issuer, names.gazetteer, curated)
    agents: dict[str, AgentRecord] = {}
    for organ in (issuer, organiser, approver):
        for agent in (organ.agent, *organ.parents) if organ is not None else ():
            agents[agent.key] = agent
    places = dict(reader.place_years)  # code → (division, year of its table)
    if issuer.region is not None:
        places.setdefault(issuer.region.code, (issuer.region, names.year))
    for resolved in items:
        for actor in resolved.actors:
            if actor.agent is None:
                continue
            agent = actor.agent
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
        key=key,
        issuer=issuer.agent,
        jurisdiction=issuer.region,
        campaign_organiser=organiser.agent if organiser is not None else None,
        document_type=document_type,
        approver=approver.agent if approver is not None else None,
        items=tuple(items),
        division_year=gazetteer.year,
        divisions=tuple(with_ancestors[c][0] for c in ordered if with_ancestors[c][1] == gazetteer.year),
        agents=tuple(agents[k] for k in sorted(agents)),
        successors=tuple(successors),
        warnings=tuple(sorted([*warnings, *reader.warnings], key=lambda w: w.line or 0)),
        citations=tuple(
            ResolvedCitationRecord(
                citation,
                numbered_key(citation.number, citation.number.prefix, curated) if citation.number else None,
            )
            for citation in notice.citations
        ),
        earlier_divisions=tuple(
            EarlierDivisionRecord(*with_ancestors[c])
            for c in ordered
            if with_ancestors[c][1] != gazetteer.year
        ),
    )

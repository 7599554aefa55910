"""Actor text → regions and organisations, using the division table of the notice's year.

An item starts with its actors, joined by 、 (河南省水利厅、濮阳市探索…). Each actor
is a chain of division names, each inside the one before (广东省广州市越秀区; levels
may be skipped: 福建省将乐县), optionally followed by one of its government's
departments (河南省水利厅), or a curated body (新疆生产建设兵团). A bare name after
、 is looked up inside the province of the actor before it, then nationwide. The
actors end where no name continues the chain, so place names later in the practice
(北京路, 南疆) are never actors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from .curated import CuratedData, load_curated, load_english_naming
from .english import government_english
from .errors import ConfigError, InputError
from .gazetteer import Gazetteer, gazetteer_for_year
from .initiatives import normalise_term, term_slug
from .records import (
    ActorRecord,
    AgentRecord,
    Division,
    ItemRecord,
    NoticeRecord,
    ResolvedItemRecord,
    ResolvedNoticeRecord,
    Span,
    SuccessorRecord,
)
from .resources import data_file

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def government_of(division: Division, curated: CuratedData) -> AgentRecord:
    return AgentRecord(
        key=f"{division.code}-government",
        label_zh=curated.government_name(division.name),
        label_en=government_english(division.code, division.name),
        parent_key=None,
        region=division.code,
        kind="government",
    )


def organ_agent(name: str, curated: CuratedData) -> AgentRecord:
    organ = curated.organs[name]
    parent = curated.organs[organ.parent].key if organ.parent else None
    return AgentRecord(organ.key, organ.name, organ.en, parent, None, "central-organ")


@cache
def _government(division: Division) -> AgentRecord:
    """government_of, made once for a division however many years' tables hold it."""
    return government_of(division, load_curated())


def _by_first_character(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Names under their first character, longest first within each (so 人力资源和社会保障厅
    wins over a shorter name it starts with): a lookup tries only the names that can match."""
    index: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names, key=len, reverse=True):
        index[name[:1]].append(name)
    return {first: tuple(found) for first, found in index.items()}


def _last_characters(suffixes: Iterable[str]) -> re.Pattern[str]:
    """Any character a suffix ends with: a name can end in a suffix only there."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted({s[-1] for s in suffixes})) + "]")


class _YearLookups:
    """What the items of one year's notices are matched against: built once per division
    year (see _lookups), not for every notice."""

    def __init__(self, gazetteer: Gazetteer, curated: CuratedData) -> None:
        self.curated = curated
        self.bodies = _by_first_character(curated.bodies)
        self.departments = _by_first_character(curated.departments)
        self.short_provinces = gazetteer.province_short_names(load_english_naming().people_by_spelling)
        self.short_names = sorted(self.short_provinces, key=len, reverse=True)
        self.short_by_division = {d.code: short for short, d in self.short_provinces.items()}
        self.zone_last = _last_characters(curated.zone_suffixes)
        self.zone_followers = ("、", "，", *curated.practice_openers)
        self.organisation_last = _last_characters(curated.organisation_suffixes)
        self.organisation_followers = ("、", *curated.practice_openers)
        # Filled on first use, keyed by code: unique within a year, and cheaper to hash than a Division.
        self._governments: dict[str, AgentRecord] = {}
        self._regions: dict[str, tuple[Division]] = {}

    def government(self, place: Division) -> AgentRecord:
        """government_of(place): most actors are governments."""
        agent = self._governments.get(place.code)
        if agent is None:
            agent = self._governments[place.code] = _government(place)
        return agent

    def regions(self, place: Division) -> tuple[Division]:
        """(place,), the regions of an actor located there: one tuple shared by all such
        actors, so that a build holds fewer objects for the garbage collector to walk."""
        regions = self._regions.get(place.code)
        if regions is None:
            regions = self._regions[place.code] = (place,)
        return regions


@cache
def _lookups(gazetteer: Gazetteer) -> _YearLookups:
    return _YearLookups(gazetteer, load_curated())


class _ItemResolver:
    def __init__(
        self, notice: NoticeRecord, gazetteer: Gazetteer, curated: CuratedData, allow_unresolved: bool
    ) -> None:
        self.notice = notice
        self.gazetteer = gazetteer
        self.curated = curated
        self.allow_unresolved = allow_unresolved
        self.lookups = _lookups(gazetteer)

    def fail(self, item: ItemRecord, what: str, fix: str) -> InputError:
        return InputError(
            f"item {item.ordinal}: {what}", path=self.notice.source.path, line=item.span.line, fix=fix
        )

    def resolve(self, item: ItemRecord) -> ResolvedItemRecord:
        text = item.label.text
        actors: list[ActorRecord] = []
        pos, context = 0, None
        while True:
            actor, end = self._actor_at(item, pos, context)
            actors.append(actor)
            if actor.regions:
                region = actor.regions[0]
                context = (self.gazetteer.ancestors(region.code) or [region])[-1].code  # its province
            pos = end
            if pos < len(text) and text[pos] == "、":
                pos += 1
                continue
            break
        practice_start = pos
        while practice_start < len(text) and text[practice_start] in "，,：:":
            practice_start += 1
        if practice_start >= len(text):
            raise self.fail(item, f"{text!r} names its actors but no practice", "add what the actors did")
        label = item.label
        if len(actors) == 1:  # the one actor's span is the same run: share it (fewer objects to collect)
            actor_span = actors[0].span
        else:
            actor_span = Span(label.line, label.start, label.start + pos, text[:pos])
        practice_span = Span(label.line, label.start + practice_start, label.end, text[practice_start:])
        return ResolvedItemRecord(item, actor_span, practice_span, tuple(actors))

    def _span(self, item: ItemRecord, start: int, end: int) -> Span:
        label = item.label
        return Span(label.line, label.start + start, label.start + end, label.text[start:end])

    def _actor_at(self, item: ItemRecord, pos: int, context: str | None) -> tuple[ActorRecord, int]:
        text = item.label.text
        for name in self.lookups.bodies.get(text[pos : pos + 1], ()):
            if text.startswith(name, pos):
                body = self.curated.bodies[name]
                agent = AgentRecord(body.key, body.name, body.en, None, body.located_in, "other-body")
                return ActorRecord(self._span(item, pos, pos + len(name)), agent, (), True), pos + len(name)

        names_at = self.gazetteer.names_at
        start = pos
        chain: list[Division] = []
        while True:
            rest = text[pos:]
            if chain:
                candidates = names_at(rest, chain[-1].code)
            else:
                candidates = names_at(rest, context) if context else []
                candidates = candidates or names_at(rest, None)
            if not candidates:
                break
            if len(candidates) > 1:
                listed = "; ".join(
                    f"{d.code} {d.name} in {''.join(a.name for a in reversed(self.gazetteer.ancestors(d.code)))}"
                    for d in candidates
                )
                raise self.fail(
                    item,
                    f"{candidates[0].name!r} is ambiguous in the {self.gazetteer.year} division table: {listed}",
                    "write the name with its province or prefecture in front",
                )
            chain.append(candidates[0])
            pos += len(candidates[0].name)

        if not chain:
            province = self._short_province_at(text, pos)
            if province is None:
                return self._unresolved(item, start, None)
            chain.append(province)
            pos += len(self.lookups.short_by_division[province.code])
            while candidates := self.gazetteer.names_at(text[pos:], chain[-1].code):
                if len(candidates) > 1:
                    break
                chain.append(candidates[0])
                pos += len(candidates[0].name)
        place = chain[-1]
        for department in self.lookups.departments.get(text[pos : pos + 1], ()):
            if not text.startswith(department, pos):
                continue
            government = self.lookups.government(place)
            agent = AgentRecord(
                key=f"{place.code}-{self.curated.departments[department]}",
                label_zh=place.name + department,
                label_en=None,
                parent_key=government.key,
                region=place.code,
                kind="department",
            )
            end = pos + len(department)
            return ActorRecord(self._span(item, start, end), agent, self.lookups.regions(place), True), end

        zone_end = self._zone_end(text, pos)
        if zone_end is not None:
            return self._zone(item, start, pos, zone_end, place), zone_end
        organisation_end = self._unknown_organisation_end(text, pos)
        if organisation_end is not None:
            return self._unresolved(item, start, place, organisation_end)
        span = self._span(item, start, pos)
        return ActorRecord(span, self.lookups.government(place), self.lookups.regions(place), True), pos

    def _short_province_at(self, text: str, pos: int) -> Division | None:
        """A province written short (河北雄安新区, 上海自贸试验区…), taken only when a place of
        that province or a zone name follows, so 北京路 never reads as 北京市."""
        for short in self.lookups.short_names:
            if not text.startswith(short, pos):
                continue
            province = self.lookups.short_provinces[short]
            after = pos + len(short)
            if (
                self.gazetteer.names_at(text[after:], province.code)
                or self._zone_end(text, after) is not None
            ):
                return province
        return None

    def _zone_end(self, text: str, pos: int) -> int | None:
        """End of a zone name at ``pos`` (…新区, …开发区, …自贸试验区临港新片区): the longest
        run ending in a zone suffix that an actor delimiter or a practice word follows."""
        run = _CJK_RUN.match(text, pos)
        if run is None:
            return None
        lookups = self.lookups
        # Ends from min(run end, pos + 24) down to pos + 2, skipping those no suffix can have.
        last = [m.end() for m in lookups.zone_last.finditer(text, pos + 1, min(run.end(), pos + 24))]
        for end in reversed(last):
            if not text.endswith(self.curated.zone_suffixes, pos, end):
                continue
            if end >= len(text) or text.startswith(lookups.zone_followers, end):
                return end
        return None

    def _zone(self, item: ItemRecord, start: int, pos: int, end: int, place: Division) -> ActorRecord:
        """A development zone or new area: an organisation located in ``place`` (or in the
        city its name begins with: 杭州高新技术产业开发区 lies in 杭州市), with no code."""
        name = item.label.text[pos:end]
        for child in self.gazetteer.children(place.code):
            if child.name.endswith("市") and len(child.name) > 2 and name.startswith(child.name[:-1]):
                place = child
                break
        agent = AgentRecord(
            key=f"{place.code}-zone-{term_slug(normalise_term(name))}",
            label_zh=item.label.text[start:end],
            label_en=None,
            parent_key=None,
            region=place.code,
            kind="development-zone",
        )
        return ActorRecord(self._span(item, start, end), agent, self.lookups.regions(place), True)

    def _unknown_organisation_end(self, text: str, pos: int) -> int | None:
        """End of an organisation-like name at ``pos`` (…厅、 or …局 then a practice word)."""
        run = _CJK_RUN.match(text, pos)
        if run is None:
            return None
        lookups = self.lookups
        # Ends from pos + 2 up to min(run end, pos + 16), skipping those no suffix can have.
        for last in lookups.organisation_last.finditer(text, pos + 1, min(run.end(), pos + 16)):
            end = last.end()
            if not text.endswith(self.curated.organisation_suffixes, pos, end):
                continue
            if end >= len(text) or text.startswith(lookups.organisation_followers, end):
                return end
        return None

    def _unresolved(
        self, item: ItemRecord, start: int, place: Division | None, end: int | None = None
    ) -> tuple[ActorRecord, int]:
        """An actor no table or list knows: an error, or kept verbatim if the user allowed it."""
        text = item.label.text
        if end is None:
            end = self._unknown_organisation_end(text, start)
        if end is None:
            delimiter = text.find("、", start)
            openers = [text.find(w, start + 2) for w in self.curated.practice_openers]
            found = [i for i in [delimiter, *openers] if i > start]
            end = min(found) if found else None
        shown = text[start : end or len(text)][:30]
        if start == 0 and text.startswith(tuple(self.curated.practice_openers)):
            raise self.fail(
                item,
                f"no actor before the practice {text[:20]!r}",
                "start the item with who did it, e.g. '12．上海市徐汇区运用…'",
            )
        if not self.allow_unresolved:
            raise self.fail(
                item,
                f"cannot resolve the actor {shown!r}: no division of {self.gazetteer.year} and no curated "
                "department or body has this name",
                "check the name against the division table of the notice's year, add the organisation "
                "to data/curated/departments.yaml or organisations.yaml, or pass --allow-unresolved",
            )
        if end is None:
            raise self.fail(
                item,
                f"cannot tell where the unresolved actor ends in {shown!r}",
                "add the actor to the curated data, or a practice-opening word to "
                "practice_openers in data/curated/organisations.yaml",
            )
        regions = self.lookups.regions(place) if place is not None else ()
        return ActorRecord(self._span(item, start, end), None, regions, False), end


def curated_path(name: str) -> str:
    return str(data_file("curated", name))


def resolve_notice(notice: NoticeRecord, *, allow_unresolved: bool = False) -> ResolvedNoticeRecord:
    """Resolve the issuer, document type, campaign and every item's actors."""
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

    gazetteer = gazetteer_for_year(notice.date.year)
    resolver = _ItemResolver(notice, gazetteer, curated, allow_unresolved)
    lookups = resolver.lookups
    items = tuple(resolver.resolve(item) for item in notice.items)

    issuer = organ_agent(signer, curated)
    agents: dict[str, AgentRecord] = {}
    for organ in [issuer, organiser]:
        while organ is not None:
            agents[organ.key] = organ
            parent = next((o for o in curated.organs.values() if o.key == organ.parent_key), None)
            organ = organ_agent(parent.name, curated) if parent else None
    codes: set[str] = set()
    for resolved in items:
        for actor in resolved.actors:
            for region in actor.regions:
                codes.add(region.code)
            agent = actor.agent
            if agent is None:
                continue
            agents[agent.key] = agent
            if agent.region is not None:
                codes.add(agent.region)
            if agent.parent_key is not None and agent.region is not None:
                government = lookups.government(gazetteer.by_code[agent.region])
                agents[government.key] = government
    missing = sorted(c for c in codes if c not in gazetteer.by_code)
    if missing:
        raise ConfigError(
            f"curated location code(s) {', '.join(missing)} are not divisions in {gazetteer.year}",
            path=curated_path("organisations.yaml"),
            fix="correct located_in to a code of the division table",
        )
    with_ancestors = set(codes)
    for code in codes:
        with_ancestors.update(gazetteer.ancestor_codes(code))
    ordered = sorted(with_ancestors)
    successors = []
    later_of = gazetteer.successors()
    for code in ordered:
        later = later_of.get(code)
        if later is not None:
            division, year = later
            parents = tuple(gazetteer_for_year(year).ancestors(division.code))
            successors.append(SuccessorRecord(code, division, year, parents))
    return ResolvedNoticeRecord(
        notice=notice,
        slug=prefix.slug,
        issuer=issuer,
        campaign_organiser=organiser,
        items=items,
        division_year=gazetteer.year,
        divisions=tuple(gazetteer.by_code[c] for c in ordered),
        agents=tuple(agents[k] for k in sorted(agents)),
        successors=tuple(successors),
    )

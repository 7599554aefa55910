"""Step 2 of reading an item: its actors as a sequence of the names names.py finds.

An item starts with its actors, joined by 、 (河南省水利厅、濮阳市探索…). An actor is

    body                                   新疆生产建设兵团
  | chain [department | zone | organisation]
  | zone                                   中国（湖北）自由贸易试验区襄阳片区

where a chain is division names, each inside the one before (广东省广州市越秀区; levels may
be skipped: 福建省将乐县), of the notice's year or of the years just before, or a province
written short (辽宁自贸试验区营口片区). A chain that starts after 、 is looked up inside the
province of the actor before it, then nationwide. The actors end where no name continues
them; what follows must not be a piece of a name (城区, 片区 …), else the item is refused
rather than read with part of its actor in the practice.
"""

from __future__ import annotations

from functools import cache

from ..errors import ConfigError, InputError, InputWarning
from ..read.characters import reading_form, substitutions
from ..read.records import ActorRecord, AgentRecord, Division, ItemRecord, ResolvedItemRecord, Span
from .curated import CuratedData, load_curated
from .doubts import name_doubts
from .english import government_english
from .initiatives import normalise_term, term_slug
from .names import LONGEST_ZONE, DivisionName, NameIndex


def government_of(division: Division, curated: CuratedData) -> AgentRecord:
    return AgentRecord(
        key=f"{division.code}-government",
        label_zh=curated.government_name(division.name),
        label_en=government_english(division.code, division.name),
        parent_key=None,
        region=division.code,
        kind="government",
    )


# A comma before the last actor (渝中區、江北區、南岸區、渝北區,兩江新區在…, a real notice).
_COMMAS = frozenset("，,")
# What may stand between the actors and the practice: a comma or colon, and stray blanks.
_BETWEEN_ACTOR_AND_PRACTICE = frozenset("，,：: \u3000\t")


def _extent(read: ResolvedItemRecord) -> tuple[int, int, int]:
    """How good a reading is: fewer unresolved actors, then more resolved ones, then
    actors that go further (an unresolved 江蘇省大力 loses to a resolved 江苏省)."""
    resolved = sum(actor.resolved for actor in read.actors)
    return resolved - len(read.actors), resolved, read.actor_span.end


class _NameGoesOn(InputError):
    """A piece of a name follows an actor; ``name_end`` is where the whole name ends."""

    def __init__(self, name_end: int, what: str, fix: str, *, path: str, line: int) -> None:
        self.name_end = name_end
        super().__init__(what, path=path, line=line, fix=fix)


@cache
def government(division: Division) -> AgentRecord:
    """government_of, made once for a division however many notices name it."""
    return government_of(division, load_curated())


class ItemReader:
    """Reads the items of one notice; ``place_years`` collects the table year of every
    division an actor is located in (an earlier year's for a former name)."""

    def __init__(
        self, path: str, names: NameIndex, allow_unresolved: bool, jurisdiction: str | None = None
    ) -> None:
        self.path = path
        self.names = names
        self.curated = names.curated
        self.allow_unresolved = allow_unresolved
        self.place_years: dict[str, tuple[Division, int]] = {}
        self.warnings: list[InputWarning] = []
        self.doubts = name_doubts(names.year)  # what makes a name look spoiled
        self._reading = ""  # the reading form of the item being read
        # The issuer's region: a name is looked up inside it first, then nationwide.
        self.jurisdiction = jurisdiction

    def fail(self, item: ItemRecord, what: str, fix: str) -> InputError:
        return InputError(f"item {item.ordinal}: {what}", path=self.path, line=item.span.line, fix=fix)

    def read(self, item: ItemRecord, reading: str | None = None) -> ResolvedItemRecord:
        """The item's actors and practice. Read as printed first; a name the tables do not
        know as printed is read again in its reading form (``reading``, the label's reading
        form, read/characters.py: 濮陽市 as 濮阳市), with a warning naming each character read
        so. Spans always quote the printed text."""
        if reading is None:
            reading = reading_form(item.label.text)
        self._reading = reading
        places_before = dict(self.place_years)
        try:
            printed = self._read(item, item.label.text)
        except InputError as printed_error:
            self.place_years = dict(places_before)  # a failed reading locates nothing
            if reading == item.label.text:
                raise
            try:
                resolved = self._read(item, reading)
            except InputError:
                self.place_years = dict(places_before)
                raise printed_error from None
        else:
            if reading == item.label.text:
                return printed
            # 河南省水利廳、濮陽市: as printed, the actors end at 河南省 (or, with
            # --allow-unresolved, stay unresolved); read, they go on, resolved
            places_printed = dict(self.place_years)
            self.place_years = dict(places_before)
            try:
                resolved = self._read(item, reading)
            except InputError:
                resolved = printed
            if _extent(resolved) <= _extent(printed):
                self.place_years = places_printed
                return printed
        label = item.label
        actors_end = resolved.actor_span.end - label.start
        in_actors = substitutions(label.text[:actors_end], reading[:actors_end])
        if in_actors:
            self.warnings.append(
                InputWarning(
                    f"item {item.ordinal}: read {resolved.actor_span.text!r} as "
                    f"{reading[:actors_end]!r} "
                    f"({', '.join(s.describe() for s in in_actors)})",
                    path=self.path,
                    line=item.span.line,
                    fix="none needed if that is the name meant; the data keeps the characters as printed",
                )
            )
        return resolved

    def _read(self, item: ItemRecord, text: str) -> ResolvedItemRecord:
        """Read the actors in ``text`` (the label as printed, or its reading form: the
        same length, so offsets are shared)."""
        actors: list[ActorRecord] = []
        pos, province = 0, self.jurisdiction
        while True:
            start = pos
            try:
                actor, pos = self._actor(item, text, pos, province)
                if actor.resolved:
                    self._refuse_leftover(item, text, actor, pos)
            except InputError as error:
                if not self.allow_unresolved or start == 0 and self.names.starts_with_predicate(text, 0):
                    raise
                # Ambiguous, or a piece of a name follows: the whole name is kept verbatim.
                end = (
                    error.name_end
                    if isinstance(error, _NameGoesOn)
                    else self.names.unknown_name_end(text, start)
                )
                actor, pos = self._unresolved(item, text, start, None, end)
            actors.append(actor)
            if actor.regions:
                region = actor.regions[0]
                province = self.names.province_of(region, self.place_years[region.code][1])
            if text.startswith("、", pos):
                pos += 1
                continue
            if text[pos : pos + 1] in _COMMAS:  # 渝北區,兩江新區在…: the last actor after a comma
                if self._reads_as_actor(item, text, pos + 1, province):
                    pos += 1
                    continue
                piece = self._name_piece_at(item, text, pos + 1, province)
                if piece is not None:
                    if not self.allow_unresolved:
                        raise self.fail(
                            item,
                            f"{piece!r} after {text[: pos + 1]!r} reads as a name, but no division, zone or "
                            "curated organisation has it",
                            "check the name against the division table (data/divisions/divisions.tsv), add an "
                            'organisation to a names file of yours (README, "Names of your own"), or pass '
                            "--allow-unresolved to keep it as an unresolved actor",
                        )
                    actor, pos = self._unresolved(item, text, pos + 1, None, pos + 1 + len(piece))
                    actors.append(actor)
            break
        practice_start = pos
        while practice_start < len(text) and text[practice_start] in _BETWEEN_ACTOR_AND_PRACTICE:
            practice_start += 1
        if practice_start >= len(text):
            raise self.fail(item, f"{text!r} names its actors but no practice", "add what the actors did")
        label = item.label
        actor_span = actors[0].span if len(actors) == 1 else self._span(item, 0, pos)
        practice = label.text[practice_start:]
        practice_span = Span(label.line, label.start + practice_start, label.end, practice)
        return ResolvedItemRecord(item, actor_span, practice_span, tuple(actors))

    def _reads_as_actor(self, item: ItemRecord, text: str, pos: int, province: str | None) -> bool:
        """Whether a resolved actor, with no piece of a name after it, starts at ``pos``
        (nothing it locates is kept: the caller reads it again)."""
        places_before = dict(self.place_years)
        try:
            actor, end = self._actor(item, text, pos, province)
            if actor.resolved:
                self._refuse_leftover(item, text, actor, end)
            return actor.resolved
        except InputError:
            return False
        finally:
            self.place_years = places_before

    def _span(self, item: ItemRecord, start: int, end: int) -> Span:
        label = item.label
        return Span(label.line, label.start + start, label.start + end, label.text[start:end])

    def _actor(self, item: ItemRecord, text: str, pos: int, province: str | None) -> tuple[ActorRecord, int]:
        names = self.names
        start = pos
        body = names.body_at(text, pos)
        if body is not None:
            agent = AgentRecord(body.key, body.name, body.en, None, body.located_in, "other-body")
            end = pos + len(body.name)
            return ActorRecord(self._span(item, pos, end), agent, (), True, "body"), end

        own = self._own_government_word(text, pos)
        if own is not None:  # 市发展改革委 in a Tianjin notice: a department of the issuer's government
            department = names.department_at(text, pos + len(own))
            if department is not None:
                place = names.gazetteer.by_code[str(self.jurisdiction)]
                return self._department(item, start, pos + len(own), place, names.year, department)

        chain = self._chain(item, text, pos, province)
        if not chain:
            zone_end = names.zone_end(text, pos)
            if zone_end is not None:
                # 祁阳高新区 in a Hunan notice: a zone named inside the issuer's region lies there
                inside = names.gazetteer.by_code.get(province) if province is not None else None
                return self._zone(
                    item, text, start, zone_end, (inside, names.year) if inside else None
                ), zone_end
            return self._unresolved(item, text, start, None)
        pos = chain[-1].end
        place, year = chain[-1].divisions[0], chain[-1].year
        rule = "division" if all(link.year == names.year for link in chain) else "earlier-name"
        department = names.department_at(text, pos)
        if department is not None:
            return self._department(item, start, pos, place, year, department)
        zone_end = names.zone_end(text, pos)
        if zone_end is not None:
            return self._zone(item, text, start, zone_end, (place, year)), zone_end
        organisation_end = names.organisation_end(text, pos)
        if organisation_end is not None:
            return self._unresolved(item, text, start, (place, year), organisation_end)
        agent = government(place)
        return ActorRecord(self._span(item, start, pos), agent, self._located(place, year), True, rule), pos

    def _department(
        self, item: ItemRecord, start: int, pos: int, place: Division, year: int, department: str
    ) -> tuple[ActorRecord, int]:
        """The department named at ``pos`` of the government of ``place`` (河南省水利厅)."""
        agent = AgentRecord(
            key=f"{place.code}-{self.curated.departments[department]}",
            label_zh=place.name + department,
            label_en=None,
            parent_key=government(place).key,
            region=place.code,
            kind="department",
        )
        end = pos + len(department)
        located = self._located(place, year)
        return ActorRecord(self._span(item, start, end), agent, located, True, "department"), end

    def _own_government_word(self, text: str, pos: int) -> str | None:
        """How a notice names its issuer's region for short before a department: 省 (山东省),
        市 (天津市), 自治区 (新疆维吾尔自治区); None without a jurisdiction or if not printed."""
        if self.jurisdiction is None or self.jurisdiction not in self.names.gazetteer.by_code:
            return None
        name = self.names.gazetteer.by_code[self.jurisdiction].name
        word = name[-3:] if name[-3:-1] == "自治" else name[-1]
        return word if text.startswith(word, pos) else None

    def _chain(self, item: ItemRecord, text: str, pos: int, province: str | None) -> list[DivisionName]:
        """Division names from ``pos``, each inside the one before."""
        names = self.names
        chain: list[DivisionName] = []
        found = names.division_at(text, pos, None, province)
        if found is None:
            short = names.short_province_at(text, pos)
            if short is not None:
                found = DivisionName((short[0],), names.year, short[1])
        while found is not None:
            if len(found.divisions) > 1:
                table = names.table(found.year)
                listed = "; ".join(
                    f"{d.code} {d.name} in {''.join(a.name for a in reversed(table.ancestors(d.code)))}"
                    for d in found.divisions
                )
                raise self.fail(
                    item,
                    f"{found.divisions[0].name!r} is ambiguous in the {found.year} division table: {listed}",
                    "write the name with its province or prefecture in front",
                )
            chain.append(found)
            found = names.division_at(text, found.end, found.divisions[0].code, None)
        return chain

    def _located(self, place: Division, year: int) -> tuple[Division, ...]:
        self.place_years.setdefault(place.code, (place, year))
        return (place,)

    def _zone(
        self, item: ItemRecord, text: str, start: int, end: int, printed_after: tuple[Division, int] | None
    ) -> ActorRecord:
        """A development zone, new area or free-trade area: an organisation with no code,
        named as printed, located in the most specific division its name holds, else in
        the division it is printed after."""
        name = text[start:end]
        place, year = printed_after if printed_after is not None else (None, self.names.year)
        located = self.names.zone_place(name, place)
        if located is None:
            return self._unresolved(item, text, start, None, end)[0]
        if place is None or located.code != place.code:
            year = self.names.year
        province = self.names.province_of(located, year)
        doubt = self.doubts.zone_doubt(name, province)
        try:
            slug = term_slug(normalise_term(name)) if doubt is None else ""
        except ConfigError:
            doubt = "it has a character with no Hanyu Pinyin reading"
        if doubt is not None:
            raise _NameGoesOn(
                end,
                f"item {item.ordinal}: {item.label.text[start:end]!r} ends like a zone's name, but {doubt}",
                "check the name against the division table (data/divisions/divisions.tsv); if it is a zone "
                "so named, pass --allow-unresolved to keep it verbatim",
                path=self.path,
                line=item.span.line,
            )
        agent = AgentRecord(
            key=f"{located.code}-zone-{slug}",
            label_zh=name,
            label_en=None,
            parent_key=None,
            region=located.code,
            kind="development-zone",
        )
        return ActorRecord(self._span(item, start, end), agent, self._located(located, year), True, "zone")

    def _name_piece_at(self, item: ItemRecord, text: str, end: int, within: str | None) -> str | None:
        """A piece of a name, or a name the tables do not know, at ``end`` (as printed)."""
        piece = self.names.leftover_at(text, end)
        if piece is None:
            # on the reading form: 朝陽區 is as name-shaped as 朝阳区
            shaped_end = self.doubts.name_shaped_end(self._reading, end, within)
            if shaped_end is None:
                # a run one character off a name inside the actor's region (顺台区 in 北京市)
                near = self.doubts.near_names(self._reading[end : end + LONGEST_ZONE], within, anywhere=False)
                if not near:
                    return None
                shaped_end = end + max(run_end for _, _, run_end in near)
            piece = item.label.text[end:shaped_end]
        return piece

    def _refuse_leftover(self, item: ItemRecord, text: str, actor: ActorRecord, end: int) -> None:
        """Never leave a piece of an actor in the practice (长治市|城区积极… read against a
        table that no longer has 城区): what follows an actor must not be a name's piece."""
        within = actor.regions[0].code if actor.regions else None
        piece = self._name_piece_at(item, text, end, within)
        if piece is None:
            return
        years = f"{self.names.gazetteers[-1].year}-{self.names.year}"
        raise _NameGoesOn(
            end + len(piece),
            f"item {item.ordinal}: the actor {actor.span.text!r} is followed by {piece!r}, which reads as part of a name, "
            f"but {actor.span.text + piece!r} is no division of {years}, zone or curated organisation",
            "check the name against the division table (data/divisions/divisions.tsv)"
            + self.doubts.near_names_hint(text[end : end + len(piece)], within)
            + ", or if it is an organisation, add it to a names file of yours and pass --names FILE "
            '(README, "Names of your own")',
            path=self.path,
            line=item.span.line,
        )

    def _unresolved(
        self,
        item: ItemRecord,
        text: str,
        start: int,
        place: tuple[Division, int] | None,
        end: int | None = None,
    ) -> tuple[ActorRecord, int]:
        """An actor no table or list knows: an error, or kept verbatim if the user allowed it.
        Its end is where the segmenter finds the predicate, or the next 、."""
        if start == 0 and self.names.starts_with_predicate(text, 0):
            raise self.fail(
                item,
                f"no actor before the practice {text[:20]!r}",
                "start the item with who did it, e.g. '12．上海市徐汇区运用…'",
            )
        if end is None:
            end = self.names.unknown_name_end(text, start)
            delimiter = text.find("、", start)
            if delimiter > start and (end is None or delimiter < end):
                end = delimiter
        shown = item.label.text[start : end or len(text)][:30]
        if not self.allow_unresolved:
            raise self.fail(
                item,
                f"cannot resolve the actor {shown!r}: no division of {self.names.year} (or of the "
                f"{len(self.names.gazetteers) - 1} years before), no zone and no curated department or body "
                "has this name",
                "check the name against the division table of the notice's year"
                + self.doubts.near_names_hint(text[start : end or len(text)][:30])
                + ", add an organisation to a names file of yours and pass --names FILE (README, "
                '"Names of your own"), or pass --allow-unresolved',
            )
        if end is None or end <= start:
            raise self.fail(
                item,
                f"cannot tell where the unresolved actor ends in {shown!r}",
                "add the actor to the curated data, or put a comma after it",
            )
        regions = self._located(*place) if place is not None else ()
        return ActorRecord(self._span(item, start, end), None, regions, False, "unresolved"), end

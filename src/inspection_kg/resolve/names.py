"""Step 1 of reading an item's actors: which names can start at a place in the text.

Each lookup answers from one source: the division tables of the notice's year and of the
years just before (a notice names divisions as they were during the inspection), the
short names of provinces, the curated departments and bodies, and zone or organisation
names (a run of words ending in a zone or organisation suffix, its words found by the
segmenter). ``leftover_at`` finds a piece of a name that must not start a practice.
actors.py reads an actor as a sequence of these names (step 2).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..read.records import Division
from .curated import Body, CuratedData, load_curated, load_english_naming
from .gazetteer import Gazetteer, all_division_names, autonomous_stem, gazetteer_for_year, table_years
from .segment import starts_predicate, words

# A run of text that can hold a name: up to the first punctuation no name holds.
NAME_RUN = re.compile(r"[^，。；：、“”‘’\"'!?！？,;:]+")
# How many years before the notice's own an actor's names are looked up in: a notice comes
# out months after its inspection (国办发〔2018〕108号 names 长治市城区, in the 2017 table only).
EARLIER_YEARS = 2
# Longest zone or organisation name looked for, in characters (中国（湖北）自由贸易试验区襄阳片区 is 18).
LONGEST_ZONE = 28
LONGEST_ORGANISATION = 16


@dataclass(frozen=True, slots=True)
class DivisionName:
    """Divisions whose name starts at a place: more than one means it is ambiguous there."""

    divisions: tuple[Division, ...]
    year: int  # of the table that has them
    end: int


def _by_first_character(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Names under their first character, longest first within each (so 人力资源和社会保障厅
    wins over a shorter name it starts with): a lookup tries only the names that can match."""
    index: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names, key=len, reverse=True):
        index[name[:1]].append(name)
    return {first: tuple(found) for first, found in index.items()}


def _short_form(name: str) -> str | None:
    """营口 for 营口市, 襄阳 for 襄阳市: how a zone's name carries a place; None where that
    would leave one character (城区 → 城)."""
    short = re.sub(r"(自治州|自治县|自治旗|地区|市|县|区|盟|旗)$", "", name)
    return short if short != name and len(short) >= 2 else None


class NameIndex:
    """The names an item of a notice of ``year`` is read against; built once per year."""

    def __init__(self, year: int, curated: CuratedData) -> None:
        self.year = year
        self.curated = curated
        self.gazetteer = gazetteer_for_year(year)
        covered = table_years()
        earlier = [y for y in range(year - 1, year - 1 - EARLIER_YEARS, -1) if y in covered]
        self.gazetteers: tuple[Gazetteer, ...] = (self.gazetteer, *map(gazetteer_for_year, earlier))
        self.bodies = _by_first_character(curated.bodies)
        self.departments = _by_first_character(curated.departments)
        peoples = load_english_naming().people_by_spelling
        self.short_provinces = self.gazetteer.province_short_names(peoples)
        # 江华县 for 江华瑶族自治县, in each year's table; and 江华 to find in a zone's name
        self._autonomous = {g.year: g.autonomous_short_names(peoples) for g in self.gazetteers}
        self._autonomous_lengths = sorted(
            {len(a) for names in self._autonomous.values() for a in names}, reverse=True
        )
        self._stems = {
            d.code: stem
            for d in self.gazetteer.by_code.values()
            if (stem := autonomous_stem(d.name, peoples))
        }
        self.short_names = sorted(self.short_provinces, key=len, reverse=True)
        self.all_names = all_division_names()
        self.name_pieces = tuple(
            sorted({*curated.name_level_words, *curated.zone_suffixes, *curated.organisation_suffixes})
        )
        # Endings of two characters or more (片区, 开发区, 管委会): a word ending so is a name.
        self.long_pieces = tuple(
            p for p in (*curated.zone_suffixes, *curated.organisation_suffixes) if len(p) > 1
        )
        self._piece_starts = frozenset(piece[0] for piece in self.name_pieces)
        self._piece_last = frozenset(piece[-1] for piece in self.name_pieces)
        self._zone_last = frozenset(s[-1] for s in curated.zone_suffixes)
        self._organisation_last = frozenset(s[-1] for s in curated.organisation_suffixes)

    # --- divisions ---------------------------------------------------------------

    def division_at(
        self, text: str, pos: int, within: str | None, province: str | None
    ) -> DivisionName | None:
        """The longest division name at ``pos`` in any of the years' tables (the notice's
        year wins a tie): inside ``within`` when the name continues a chain; else inside
        ``province`` (the province of the actor before), then anywhere."""
        rest = text[pos:]
        scopes = [within] if within is not None else [province, None] if province is not None else [None]
        for scope in scopes:
            best: DivisionName | None = None
            for gazetteer in self.gazetteers:
                found = gazetteer.names_at(rest, scope)
                length = len(found[0].name) if found else 0
                if not found:
                    found, length = self._autonomous_at(gazetteer, rest, scope)
                if found and (best is None or pos + length > best.end):
                    best = DivisionName(tuple(found), gazetteer.year, pos + length)
            if best is not None:
                return best
        return None

    def _autonomous_at(
        self, gazetteer: Gazetteer, text: str, within: str | None
    ) -> tuple[list[Division], int]:
        """An autonomous area named short at the start of ``text`` (江华县), inside ``within``."""
        short = self._autonomous[gazetteer.year]
        for length in self._autonomous_lengths:
            found = short.get(text[:length])
            if found:
                inside = [d for d in found if within is None or within in gazetteer.ancestor_codes(d.code)]
                if inside:
                    return inside, length
        return [], 0

    def ancestors(self, division: Division, year: int) -> list[Division]:
        """The division's parents in the table of ``year``, nearest first."""
        return self.table(year).ancestors(division.code)

    def table(self, year: int) -> Gazetteer:
        return next(g for g in self.gazetteers if g.year == year)

    def province_of(self, division: Division, year: int) -> str:
        return (self.ancestors(division, year) or [division])[-1].code

    def short_province_at(self, text: str, pos: int) -> tuple[Division, int] | None:
        """A province written short (河北雄安新区, 辽宁自贸试验区…), taken only when a place of
        that province or a zone name follows, so 北京路 never reads as 北京市."""
        for short in self.short_names:
            if not text.startswith(short, pos):
                continue
            province = self.short_provinces[short]
            after = pos + len(short)
            if self.division_at(text, after, province.code, None) or self.zone_end(text, after) is not None:
                return province, after
        return None

    # --- curated names -------------------------------------------------------------

    def department_at(self, text: str, pos: int) -> str | None:
        return next(
            (d for d in self.departments.get(text[pos : pos + 1], ()) if text.startswith(d, pos)), None
        )

    def body_at(self, text: str, pos: int) -> Body | None:
        name = next((b for b in self.bodies.get(text[pos : pos + 1], ()) if text.startswith(b, pos)), None)
        return self.curated.bodies[name] if name is not None else None

    # --- names found by the segmenter ------------------------------------------------

    def zone_end(self, text: str, pos: int) -> int | None:
        """End of a zone name at ``pos`` (雄安新区, 自贸试验区临港新片区, 杭州高新技术产业开发区):
        the last word ending in a zone suffix before the first word that begins a predicate."""
        return self._name_end(text, pos, self.curated.zone_suffixes, self._zone_last, LONGEST_ZONE)

    def organisation_end(self, text: str, pos: int) -> int | None:
        """End of an organisation's name at ``pos`` (测绘厅, 大数据管理局), the same way."""
        suffixes = self.curated.organisation_suffixes
        return self._name_end(text, pos, suffixes, self._organisation_last, LONGEST_ORGANISATION)

    def _name_end(
        self, text: str, pos: int, suffixes: tuple[str, ...], last: frozenset[str], longest: int
    ) -> int | None:
        run = NAME_RUN.match(text, pos, pos + longest)
        if run is None:
            return None
        window: str = run[0]
        if not any(c in last for c in window[1:]) or starts_predicate(window):
            return None  # no name can end here: skip the full segmenter
        end = None
        for word in words(window):
            if word.end >= 2 and window.endswith(suffixes, 0, word.end):
                end = pos + word.end  # a word ending so is a name, whatever its tag (武汉东湖新技术开发区 nt)
            elif word.begins_predicate:
                break
        return end

    def unknown_name_end(self, text: str, pos: int) -> int | None:
        """Where a name that no table or list knows ends (火星省|推进…): before the first word
        that begins a predicate; without one, after the last word that ends in a name's
        ending (省, 片区, 管委会 …); None when neither is found."""
        window = text[pos : pos + LONGEST_ORGANISATION + 8]
        named_end = None
        for word in words(window):
            if word.begins_predicate:
                return pos + word.start
            if window.endswith(self.name_pieces, 0, word.end):
                named_end = pos + word.end
        return named_end

    def starts_with_predicate(self, text: str, pos: int) -> bool:
        """Whether the first word at ``pos`` is a verb or verbal noun (运用, 推进): no name."""
        first = words(text[pos : pos + 8])
        return bool(first) and (first[0].begins_predicate or first[0].tag == "vn")

    def leftover_at(self, text: str, pos: int) -> str | None:
        """A piece of a name at ``pos``, right after an actor: a division name of any year
        of the table, or words up to one that ends division, zone or organisation names
        (城区, 火星|区, 片区, 管委会) before the predicate starts; the ending must stand as a
        word of its own (so 市场, 区块链 or 棚户区 is no piece)."""
        run = NAME_RUN.match(text, pos, pos + LONGEST_ZONE)
        if run is None:
            return None
        window: str = run[0]
        if not self.all_names.starts(text, pos):
            if window[0] not in self._piece_starts and not any(c in self._piece_last for c in window):
                return None  # nothing here can be a piece: skip the segmenter
            if starts_predicate(window):
                return None
        segmented = words(window)
        ends = {word.end for word in segmented}
        for length in self.all_names.lengths_at(text, pos):
            if length in ends:
                return text[pos : pos + length]
        # A run of words that ends in a name's ending before the predicate starts (火星|区|放宽…).
        for word in segmented:
            if (
                word.text in self.name_pieces
                or word.text.endswith(self.long_pieces)
                or (word.tag == "ns" and word.text.endswith(self.name_pieces))  # 开福县: a place name
            ):
                return window[: word.end]
            if word.begins_predicate:
                break
        return None

    # --- where a zone lies -----------------------------------------------------------

    def zone_place(self, name: str, place: Division | None) -> Division | None:
        """The most specific division of the notice's year, inside ``place``, whose name or
        short form the zone's name holds (辽宁自贸试验区营口片区 → 营口市); else ``place``.
        Without a place, the province the name holds (中国（湖北）自由贸易试验区…)."""
        if place is None:
            for short in self.short_names:
                if short in name:
                    place = self.short_provinces[short]
                    break
            else:
                return None
        # A place counts where it starts a word and no word ends inside it (雄安新区 holds 安新,
        # but across words: 雄安|新区; 武汉东湖新技术开发区 is one word that starts with 武汉).
        segmented = words(name)
        starts = {w.start for w in segmented}
        inside = {w.end for w in segmented}

        def whole(at: int, length: int) -> bool:
            return at in starts and not any(at < end < at + length for end in inside)

        best, best_at = place, len(name)
        for division in self.descendants(place.code):
            for form in (division.name, _short_form(division.name), self._stems.get(division.code)):
                if not form:
                    continue
                at = name.find(form)
                while at >= 0 and not whole(at, len(form)):
                    at = name.find(form, at + 1)
                if at >= 0 and (
                    division.level > best.level or (division.level == best.level and at < best_at)
                ):
                    best, best_at = division, at
        return best

    def descendants(self, code: str) -> list[Division]:
        """Every division of the notice's year inside ``code``, each before its own."""
        found: list[Division] = []
        for child in self.gazetteer.children(code):
            found.append(child)
            found.extend(self.descendants(child.code))
        return found


@cache
def name_index(year: int) -> NameIndex:
    return NameIndex(year, load_curated())


def use_names_file(path: Path | None) -> None:
    """Read the user's own names file (--names FILE) with the curated lists from now on."""
    from . import curated

    curated.NAMES_FILE = path
    from .doubts import name_doubts  # built on name_index: cleared with it

    curated.load_curated.cache_clear()
    name_index.cache_clear()
    name_doubts.cache_clear()

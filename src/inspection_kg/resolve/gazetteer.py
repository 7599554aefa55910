"""Names → administrative divisions, from the dated national table in data/divisions/."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ..errors import ConfigError
from ..read.records import Division
from ..resources import data_file

TABLE_NAME = "divisions.tsv"


def _years(spec: str) -> set[int]:
    years: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.partition("-")
        years.update(range(int(first), int(last or first) + 1))
    return years


@cache
def _table(path: Path) -> tuple[tuple[Division, frozenset[int]], ...]:
    rows: list[tuple[Division, frozenset[int]]] = []
    with path.open(encoding="utf-8") as handle:
        header_seen = False
        for number, line in enumerate(handle, start=1):
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if not header_seen:
                header_seen = True
                continue
            if len(fields) != 6 or len(fields[0]) != 6 or not fields[0].isdigit():
                raise ConfigError(
                    f"malformed division row {line.strip()!r}",
                    path=path,
                    line=number,
                    fix="regenerate the table with python -m inspection_kg.resolve.divisions_import",
                )
            code, name, level, parent, lineage, years = fields
            division = Division(code, name, int(level), parent or None, lineage)
            rows.append((division, frozenset(_years(years))))
    return tuple(rows)


@cache
def _rows_by_code(path: Path) -> dict[str, list[tuple[Division, int]]]:
    """Every row of the table under its code, in table order, with its last year:
    successor() looks rows up by code instead of scanning the table."""
    rows: dict[str, list[tuple[Division, int]]] = defaultdict(list)
    for division, years in _table(path):
        rows[division.code].append((division, max(years)))
    return rows


class Gazetteer:
    """The divisions in force in one year, indexed for prefix matching of names."""

    def __init__(self, year: int, divisions: list[Division]) -> None:
        self.year = year
        self.by_code: dict[str, Division] = {d.code: d for d in divisions}
        by_name: dict[str, list[Division]] = defaultdict(list)
        for division in sorted(divisions, key=lambda d: d.code):  # so names_at need not sort
            by_name[division.name].append(division)
        self._by_name = {name: tuple(found) for name, found in by_name.items()}
        # The lengths of the names that begin with each two characters, longest first:
        # names_at tries only these, not every length up to the longest name.
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in self._by_name:
            if len(name) >= 2:
                lengths[name[:2]].add(len(name))
        self._lengths = {start: tuple(sorted(found, reverse=True)) for start, found in lengths.items()}
        children: dict[str, list[Division]] = defaultdict(list)
        for division in sorted(self.by_code.values(), key=lambda d: d.code):
            if division.parent is not None:
                children[division.parent].append(division)
        self._children = {code: tuple(found) for code, found in children.items()}
        self._successors: dict[str, tuple[Division, int]] | None = None  # see successors()
        # Every division's parents and their codes, walked once here.
        self._ancestors: dict[str, tuple[Division, ...]] = {}
        self._ancestor_codes: dict[str, tuple[str, ...]] = {}
        for code, division in self.by_code.items():
            chain: list[Division] = []
            parent = division.parent
            while parent is not None:
                chain.append(self.by_code[parent])
                parent = chain[-1].parent
            self._ancestors[code] = tuple(chain)
            self._ancestor_codes[code] = tuple(d.code for d in chain)

    def autonomous_short_names(self, peoples: Iterable[str]) -> dict[str, tuple[Division, ...]]:
        """江华县 for 江华瑶族自治县, 湘西州 for 湘西土家族苗族自治州, 石柱县 for 石柱土家族自治县:
        an autonomous county, prefecture or banner named by its place and level alone, as
        notices write it inside their province. ``peoples`` as for province_short_names; a
        short name of one character before the level is not made (it would be a word)."""
        found: dict[str, list[Division]] = defaultdict(list)
        for division in sorted(self.by_code.values(), key=lambda d: d.code):
            stem = autonomous_stem(division.name, peoples)
            if stem is not None:
                found[stem + division.name[-1]].append(division)
        return {name: tuple(divisions) for name, divisions in found.items() if name not in self._by_name}

    def province_short_names(self, peoples: Iterable[str]) -> dict[str, Division]:
        """河北 for 河北省, 上海 for 上海市, 广西 for 广西壮族自治区, 新疆 for 新疆维吾尔自治区:
        the short forms notices use before a zone (河北雄安新区) or a place inside the
        province. ``peoples``: every spelling of an ethnic group's name in a place name
        (curated.EnglishNaming.people_by_spelling), which an autonomous region's name
        carries before 自治区."""
        spellings = sorted(peoples, key=len)
        short: dict[str, Division] = {}
        for division in self.by_code.values():
            if division.level != 1:
                continue
            name = re.sub(r"(省|市|特别行政区|自治区)$", "", division.name)
            if division.name.endswith("自治区"):
                for people in reversed(spellings):  # longest first
                    if name.endswith(people) and len(name) - len(people) >= 2:  # not 西藏 → 西
                        name = name[: -len(people)]
                        break
            if len(name) >= 2 and name != division.name:
                short[name] = division
        return short

    def names(self) -> list[str]:
        """Every name of the table (of two characters or more), sorted."""
        return sorted(name for name in self._by_name if len(name) >= 2)

    def children(self, code: str) -> list[Division]:
        return list(self._children.get(code, ()))

    def ancestors(self, code: str) -> list[Division]:
        """The division's parents, nearest first."""
        return list(self._ancestors[code])

    def ancestor_codes(self, code: str) -> tuple[str, ...]:
        """The codes of the division's parents, nearest first."""
        return self._ancestor_codes[code]

    def is_within(self, code: str, ancestor: str) -> bool:
        return ancestor in self._ancestor_codes[code]

    def successors(self) -> dict[str, tuple[Division, int]]:
        """successor() of each division of the year that has one, by code; worked out
        once per year, not for every division of every notice."""
        if self._successors is None:
            found = ((code, successor(d, self.year)) for code, d in self.by_code.items())
            self._successors = {code: later for code, later in found if later is not None}
        return self._successors

    def names_at(self, text: str, within: str | None) -> list[Division]:
        """Divisions whose full name starts ``text``, longest name first; all candidates
        of that length (more than one means the name is ambiguous there).

        ``within`` limits the search to descendants of that code; None searches the
        whole country.
        """
        for length in self._lengths.get(text[:2], ()):
            if length > len(text) or (found := self._by_name.get(text[:length])) is None:
                continue
            if within is None:
                return list(found)
            candidates = [d for d in found if within in self._ancestor_codes[d.code]]
            if candidates:
                return candidates
        return []


def autonomous_stem(name: str, peoples: Iterable[str]) -> str | None:
    """江华 of 江华瑶族自治县, 双江 of 双江拉祜族佤族布朗族傣族自治县: the place an autonomous
    county, prefecture or banner is named after; None for any other name, or a stem of one
    character."""
    if not name.endswith(("自治县", "自治州", "自治旗")):
        return None
    stem = name[:-3]
    # the names print each people with 族 (彭水苗族土家族…): 水 of 水族 must not eat 彭水's 水
    spellings = sorted((p for p in peoples if p.endswith("族")), key=len, reverse=True)
    while True:
        people = next((p for p in spellings if stem.endswith(p) and len(stem) > len(p)), None)
        if people is None:
            break
        stem = stem[: -len(people)]
    return stem if len(stem) >= 2 and stem != name[:-3] else None


def successor(division: Division, year: int) -> tuple[Division, int] | None:
    """The division the table says ``division`` became after ``year`` (renamed or
    re-coded: the row whose code is its lineage), with the last year of that row;
    None when the table records none (a merger such as 莱芜市 → 济南市 has no lineage)."""
    if division.lineage == division.code:
        return None
    later = [
        (last, row)
        for row, last in _rows_by_code(data_file("divisions", TABLE_NAME)).get(division.lineage, ())
        if last > year
    ]
    if not later:
        return None
    last_year, row = max(later, key=lambda pair: pair[0])
    return row, last_year


class NameSet:
    """Every division name of every year of the table: what must never start a practice."""

    def __init__(self, names: Iterable[str]) -> None:
        lengths: dict[str, set[int]] = defaultdict(set)
        self._names = frozenset(n for n in names if len(n) >= 2)
        for name in self._names:
            lengths[name[:2]].add(len(name))
        self._lengths = {start: tuple(sorted(found, reverse=True)) for start, found in lengths.items()}
        self._prefixes = frozenset(name[:end] for name in self._names for end in range(2, len(name) + 1))

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def begins_some_name(self, word: str) -> bool:
        """Whether some name begins with ``word`` (漯河 of 漯河市, 武汉 of 武汉市)."""
        return word in self._prefixes

    def starts(self, text: str, pos: int) -> bool:
        """Whether some name may start at ``pos`` (its first two characters match)."""
        return text[pos : pos + 2] in self._lengths

    def lengths_at(self, text: str, pos: int) -> list[int]:
        """Lengths of the names that start at ``pos``, longest first."""
        return [n for n in self._lengths.get(text[pos : pos + 2], ()) if text[pos : pos + n] in self._names]


@cache
def all_division_names() -> NameSet:
    return NameSet(division.name for division, _ in _table(data_file("divisions", TABLE_NAME)))


@cache
def table_years() -> frozenset[int]:
    """The years the table covers."""
    return frozenset(y for _, years in _table(data_file("divisions", TABLE_NAME)) for y in years)


@cache
def gazetteer_for_year(year: int) -> Gazetteer:
    """The table of ``year``; an error names the years the table covers."""
    path = data_file("divisions", TABLE_NAME)
    rows = _table(path)
    divisions = [division for division, years in rows if year in years]
    if not divisions:
        covered = sorted({y for _, years in rows for y in years})
        raise ConfigError(
            f"the division table has no year {year} (it covers {covered[0]}-{covered[-1]})",
            path=path,
            fix="extend the table with a newer release of the source (see data/README.md)",
        )
    return Gazetteer(year, divisions)

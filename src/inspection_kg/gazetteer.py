"""Names → administrative divisions, from the dated national table in data/divisions/."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .errors import ConfigError
from .records import Division
from .resources import data_file

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
                    fix="regenerate the table with python -m inspection_kg.divisions_import",
                )
            code, name, level, parent, lineage, years = fields
            division = Division(code, name, int(level), parent or None, lineage)
            rows.append((division, frozenset(_years(years))))
    return tuple(rows)


class Gazetteer:
    """The divisions in force in one year, indexed for prefix matching of names."""

    def __init__(self, year: int, divisions: list[Division]) -> None:
        self.year = year
        self.by_code: dict[str, Division] = {d.code: d for d in divisions}
        self._by_name: dict[str, list[Division]] = defaultdict(list)
        for division in divisions:
            self._by_name[division.name].append(division)
        self._longest = max(len(name) for name in self._by_name)

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

    def children(self, code: str) -> list[Division]:
        return sorted((d for d in self.by_code.values() if d.parent == code), key=lambda d: d.code)

    def ancestors(self, code: str) -> list[Division]:
        """The division's parents, nearest first."""
        chain: list[Division] = []
        parent = self.by_code[code].parent
        while parent is not None:
            division = self.by_code[parent]
            chain.append(division)
            parent = division.parent
        return chain

    def is_within(self, code: str, ancestor: str) -> bool:
        return any(d.code == ancestor for d in self.ancestors(code))

    def names_at(self, text: str, within: str | None) -> list[Division]:
        """Divisions whose full name starts ``text``, longest name first; all candidates
        of that length (more than one means the name is ambiguous there).

        ``within`` limits the search to descendants of that code; None searches the
        whole country.
        """
        for length in range(min(self._longest, len(text)), 1, -1):
            candidates = [
                d
                for d in self._by_name.get(text[:length], ())
                if within is None or self.is_within(d.code, within)
            ]
            if candidates:
                return sorted(candidates, key=lambda d: d.code)
        return []


def successor(division: Division, year: int) -> tuple[Division, int] | None:
    """The division the table says ``division`` became after ``year`` (renamed or
    re-coded: the row whose code is its lineage), with the last year of that row;
    None when the table records none (a merger such as 莱芜市 → 济南市 has no lineage)."""
    if division.lineage == division.code:
        return None
    later = [
        (max(years), row)
        for row, years in _table(data_file("divisions", TABLE_NAME))
        if row.code == division.lineage and max(years) > year
    ]
    if not later:
        return None
    last_year, row = max(later, key=lambda pair: pair[0])
    return row, last_year


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

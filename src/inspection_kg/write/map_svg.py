"""A map of China for people: provinces shaded by their number of practices (a legend with
the classes), the located prefectures and counties as points, each linked to its region.

Geometry comes from shapely, the projection from pyproj: Albers equal-area with the standard
parallels 25° and 47° N and central meridian 105° E, the parameters conventional for maps of
China (areas compare truly, which a choropleth needs). Drawing is svg.py's: text as text,
coordinates rounded to one decimal, everything sorted, so the bytes depend on the data alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform

from .svg import FAINT, INK, MARGIN, MUTED, document, num, tag, text_width

ALBERS_CHINA = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=WGS84 +units=m +no_defs"
# Classes of practices per province: fixed breaks, so two builds of one corpus shade alike
# and a reader compares maps of different corpora. The last class is open.
BREAKS = (1, 3, 6, 11)
SHADES = ("#f0f4f8", "#c6dbef", "#6baed6", "#2171b5", "#08306b")  # no practice, then the classes
POINT_FILL = "#d9480f"


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    outline: BaseGeometry  # longitude/latitude
    practices: int
    href: str  # the province's page; "" for a province the dataset does not hold (no link)


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    lon: float
    lat: float
    practices: int
    href: str


@cache
def _albers() -> Transformer:
    return Transformer.from_crs("EPSG:4326", ALBERS_CHINA, always_xy=True)


def project(geometry: BaseGeometry) -> BaseGeometry:
    """``geometry`` (longitude/latitude) in the Albers projection, metres."""
    return transform(_albers().transform, geometry)


def shade(count: int) -> str:
    return SHADES[sum(count >= low for low in BREAKS)]


def class_labels() -> list[str]:
    """The legend's classes, as readers count: 0, 1–2, 3–5, 6–10, 11 及以上."""
    closed = [f"{low}–{high - 1}" if high - 1 > low else str(low) for low, high in itertools.pairwise(BREAKS)]
    return ["0", *closed, f"{BREAKS[-1]}+"]


def _path(geometry: BaseGeometry, to_screen: Callable[[float, float], tuple[float, float]]) -> str:
    """SVG path data of (multi)polygons, each ring closed."""
    polygons: list[Polygon] = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]  # type: ignore[list-item]
    parts = []
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [to_screen(x, y) for x, y in ring.coords[:-1]]
            parts.append("M" + "L".join(f"{num(x)},{num(y)}" for x, y in points) + "Z")
    return "".join(parts)


def map_svg(
    provinces: Sequence[Province],
    places: Sequence[Place],
    *,
    title: str,
    width: float = 760.0,
    legend: bool = True,
) -> bytes:
    """The map: ``provinces`` shaded by their practices, ``places`` as points on top."""
    projected = {p.code: project(p.outline) for p in provinces}
    min_x, min_y, max_x, max_y = shapely.GeometryCollection(list(projected.values())).bounds
    legend_height = 34.0 if legend else 0.0
    scale = (width - 2 * MARGIN) / (max_x - min_x)
    height = (max_y - min_y) * scale + 2 * MARGIN + legend_height

    def to_screen(x: float, y: float) -> tuple[float, float]:
        return MARGIN + (x - min_x) * scale, MARGIN + legend_height + (max_y - y) * scale

    body = []
    for province in sorted(provinces, key=lambda p: p.code):
        shape = tag(
            "path",
            [
                ("d", _path(projected[province.code], to_screen)),
                ("fill", shade(province.practices)),
                ("stroke", "#ffffff"),
                ("stroke-width", 0.6),
            ],
            children=tag("title", [], f"{province.name}：{province.practices} 项做法"),
        )
        body.append(tag("a", [("href", province.href)], children=shape) if province.href else shape)
    for place in sorted(places, key=lambda p: p.code):
        x, y = to_screen(*_albers().transform(place.lon, place.lat))
        dot = tag(
            "circle",
            [
                ("cx", x),
                ("cy", y),
                ("r", 3.2),
                ("fill", POINT_FILL),
                ("stroke", "#ffffff"),
                ("stroke-width", 0.8),
            ],
            children=tag("title", [], f"{place.name}：{place.practices} 项做法"),
        )
        body.append(tag("a", [("href", place.href)], children=dot))
    if legend:
        body.extend(_legend(places))
    total = sum(p.practices for p in provinces)
    desc = (
        f"{len(provinces)} 个省级行政区按做法数着色（共 {total} 项次），{len(places)} 个地级、县级地点以点标出；"
        "阿尔伯斯等积投影（25°N、47°N，105°E）。"
    )
    return document(width, height, title, desc, body)


def _legend(places: Sequence[Place]) -> list[str]:
    """The classes of practices per province, and what a point is, in one line of text."""
    size, y = 12.0, MARGIN + 4
    heading = "每省做法 · practices per province"
    items = [tag("text", [("x", MARGIN), ("y", y), ("font-size", size), ("fill", INK)], heading)]
    x = MARGIN + text_width(heading, size) + 14
    for colour, label in zip(SHADES, class_labels(), strict=True):
        swatch: list[tuple[str, str | float]] = [
            ("x", x), ("y", MARGIN - 6), ("width", 16.0), ("height", 12.0), ("fill", colour)
        ]  # fmt: skip
        items.append(tag("rect", [*swatch, ("stroke", FAINT), ("stroke-width", 0.5)]))
        items.append(tag("text", [("x", x + 20), ("y", y), ("font-size", size), ("fill", MUTED)], label))
        x += 20 + text_width(label, size) + 14
    if places:
        items.append(tag("circle", [("cx", x + 4), ("cy", MARGIN), ("r", 3.2), ("fill", POINT_FILL)]))
        label = "做法所在地 · located places"
        items.append(tag("text", [("x", x + 12), ("y", y), ("font-size", size), ("fill", MUTED)], label))
    return items

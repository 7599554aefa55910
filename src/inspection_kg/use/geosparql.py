"""GeoSPARQL filter functions for the embedded engine: geof:distance, geof:sfWithin,
geof:sfContains and geof:sfIntersects, computed by shapely, registered as custom functions of
pyoxigraph's query.

The `oxigraph` server behind `serve` has the same functions built in. Distances are computed
as it computes them, on a sphere of the Earth's mean radius (haversine, 6,371,008.8 m), so a
query gives the same answer from `inspection-kg query` and from the endpoint. On the WGS 84
ellipsoid the figure differs by up to 0.5 % (Beijing–Shanghai: 1,067.1 km against 1,065.6 km).

A geometry is a geo:wktLiteral in CRS84 (longitude, latitude), with or without the CRS IRI
in front. A value that is not one, or another CRS, makes the function unbound (the FILTER
fails), as the GeoSPARQL standard asks of an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

# shapely (~0.1 s to import) is imported where a geometry is first read, not with this module:
# `inspection-kg query` registers these functions for every query, and most use none.

GEO = "http://www.opengis.net/ont/geosparql#"
GEOF = "http://www.opengis.net/def/function/geosparql/"
UOM = "http://www.opengis.net/def/uom/OGC/1.0/"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
WKT_LITERAL = GEO + "wktLiteral"
_XSD_DOUBLE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")
_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_METRES = {UOM + "metre": 1.0, UOM + "meter": 1.0, UOM + "kilometre": 1000.0, UOM + "kilometer": 1000.0}
MEAN_EARTH_RADIUS = 6_371_008.8  # metres (IUGG), the radius Oxigraph's distance uses

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@lru_cache(maxsize=4096)
def geometry_of_wkt(lexical: str) -> BaseGeometry | None:
    """The geometry of a WKT literal's lexical form (CRS84 named or not); None if it is not one."""
    import shapely

    text = lexical.strip()
    if text.startswith("<"):
        crs, _, text = text[1:].partition(">")
        if crs.strip() != CRS84:
            return None
    try:
        return shapely.from_wkt(text.strip())
    except shapely.errors.GEOSException:
        return None


def geometry_of(term: Term) -> BaseGeometry | None:
    """The geometry of a WKT literal (typed geo:wktLiteral, or a plain string holding WKT)."""
    if not isinstance(term, ox.Literal) or term.datatype.value not in (WKT_LITERAL, _XSD_STRING):
        return None
    return geometry_of_wkt(term.value)


def haversine(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Metres along the sphere of the Earth's mean radius between two longitude/latitude points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half = math.sin((phi2 - phi1) / 2) ** 2
    half += math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * MEAN_EARTH_RADIUS * math.asin(math.sqrt(half))


def geodesic_distance(a: BaseGeometry, b: BaseGeometry) -> float:
    """Metres between the nearest points of ``a`` and ``b`` (0 where they meet). The nearest
    points are found in longitude/latitude: exact for two points, close for small shapes."""
    import shapely.ops

    if a.intersects(b):
        return 0.0
    near_a, near_b = shapely.ops.nearest_points(a, b)
    return haversine(near_a.x, near_a.y, near_b.x, near_b.y)


def _distance(first: Term, second: Term, unit: Term) -> ox.Literal | None:
    a, b = geometry_of(first), geometry_of(second)
    scale = _METRES.get(unit.value) if isinstance(unit, ox.NamedNode) else None
    if a is None or b is None or scale is None:
        return None
    return ox.Literal(repr(geodesic_distance(a, b) / scale), datatype=_XSD_DOUBLE)


def _relation(
    test: Callable[[BaseGeometry, BaseGeometry], bool],
) -> Callable[[Term, Term], ox.Literal | None]:
    def function(first: Term, second: Term) -> ox.Literal | None:
        a, b = geometry_of(first), geometry_of(second)
        if a is None or b is None:
            return None
        return ox.Literal("true" if test(a, b) else "false", datatype=_XSD_BOOLEAN)

    return function


FUNCTIONS: dict[ox.NamedNode, Callable[..., Term | None]] = {
    ox.NamedNode(GEOF + "distance"): _distance,
    ox.NamedNode(GEOF + "sfWithin"): _relation(lambda a, b: bool(a.within(b))),
    ox.NamedNode(GEOF + "sfContains"): _relation(lambda a, b: bool(a.contains(b))),
    ox.NamedNode(GEOF + "sfIntersects"): _relation(lambda a, b: bool(a.intersects(b))),
}

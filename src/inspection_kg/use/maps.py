"""The maps of the pages: China on the home page, a province on its own page, drawn by
write/map_svg.py from the dataset's store (the regions' GeoSPARQL points and outlines, the
practices' dcterms:spatial); every shape and point links to its region's page."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from shapely.geometry import Point

from ..write.geo_map import MAP_TITLE, province_shapes
from ..write.map_svg import Place, Province, map_svg
from .geosparql import geometry_of_wkt
from .resource_queries import solutions, text

_LOCATED = """
SELECT ?region ?code ?name ?wkt (COUNT(DISTINCT ?practice) AS ?n) WHERE {
  ?practice a ikg:Practice ; dcterms:spatial ?region .
  ?region skos:notation ?code ; skos:prefLabel ?name ; geo:hasCentroid/geo:asWKT ?wkt ;
          ikg:adminLevel/skos:notation ?level .
  FILTER(?level != "1" && LANG(?name) = "zh")
} GROUP BY ?region ?code ?name ?wkt"""

_PER_PROVINCE = """
SELECT ?code (COUNT(DISTINCT ?practice) AS ?n) WHERE {
  ?province ikg:adminLevel/skos:notation "1" ; skos:notation ?code .
  ?practice a ikg:Practice ; dcterms:spatial/skos:broader* ?province .
} GROUP BY ?code"""


def _inline(svg: bytes) -> str:
    """The SVG element alone, to put in a page (its XML declaration dropped)."""
    return svg.decode("utf-8").split("\n", 1)[1]


def _places(store: ox.Store, href: Callable[[str], str], within: str | None = None) -> list[Place]:
    places = []
    for row in solutions(store, _LOCATED):
        code = text(row, "code")
        point = geometry_of_wkt(text(row, "wkt"))
        if not isinstance(point, Point) or (within is not None and not code.startswith(within)):
            continue
        places.append(
            Place(code, text(row, "name"), point.x, point.y, int(text(row, "n")), href(text(row, "region")))
        )
    return places


def china_map(store: ox.Store, href: Callable[[str], str], region_iri: Callable[[str], str]) -> str:
    """Every province-level outline shaded by its practices, the located places as points."""
    counts = {text(row, "code"): int(text(row, "n")) for row in solutions(store, _PER_PROVINCE)}
    provinces = province_shapes(counts, lambda code: href(region_iri(code)))
    return _inline(map_svg(provinces, _places(store, href), title=MAP_TITLE))


def province_map(store: ox.Store, iri: str, href: Callable[[str], str]) -> str | None:
    """A province's outline and the places of its practices; None for a region with no outline."""
    rows = list(
        solutions(
            store,
            "SELECT ?code ?name ?wkt WHERE { ?resource skos:notation ?code ; skos:prefLabel ?name ; "
            'geo:hasDefaultGeometry/geo:asWKT ?wkt ; ikg:adminLevel/skos:notation "1" FILTER(LANG(?name) = "zh") }',
            resource=ox.NamedNode(iri),
        )
    )
    if not rows:
        return None
    code, name = text(rows[0], "code"), text(rows[0], "name")
    outline = geometry_of_wkt(text(rows[0], "wkt"))
    if outline is None or outline.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    counts = {text(row, "code"): int(text(row, "n")) for row in solutions(store, _PER_PROVINCE)}
    province = Province(code, name, outline, counts.get(code, 0), href(iri))
    places = _places(store, href, within=code[:2])
    return _inline(
        map_svg(
            [province],
            places,
            title=f"{name}的做法所在地 · Where {name}'s practices are",
            width=560,
            legend=False,
        )
    )

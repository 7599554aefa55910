"""The build's map (output/practices-map.svg): every province-level outline of data/geo/
shaded by the province chart's counts (chart.py), and the prefectures and counties the
practices are located in, at their points; drawn by map_svg.py."""

from __future__ import annotations

from collections.abc import Callable

from ..model.terms import iri_value
from ..resolve.gazetteer import gazetteer_for_year, table_years
from ..resolve.geometries import load_geometries
from ..use.geosparql import geometry_of_wkt
from .chart import ProvinceChart
from .map_svg import Place, Province, map_svg

MAP_TITLE = "典型经验做法分布图 · Where the commended practices are"


def province_shapes(counts: dict[str, int], link: Callable[[str], str]) -> list[Province]:
    """Every province-level outline of data/geo/ with its practices (``counts`` by code), linked
    by ``link(code)`` where it has practices: a region without is not in the dataset."""
    current = gazetteer_for_year(max(table_years())).by_code
    provinces = []
    for code, wkt in sorted(load_geometries().outlines.items()):
        outline = geometry_of_wkt(wkt)
        if outline is not None:
            href = link(code) if code in counts else ""
            provinces.append(Province(code, current[code].name, outline, counts.get(code, 0), href))
    return provinces


def practices_map(chart: ProvinceChart, region_iri: Callable[[str], str]) -> bytes:
    """The map of what ``chart`` has gathered; ``region_iri`` makes a region's link from its code."""
    geometries = load_geometries()
    current = gazetteer_for_year(max(table_years())).by_code
    counts = {chart.notation(region): n for region, n in chart.province_counts().items()}
    places = []
    for region, count in sorted(chart.located_counts().items()):
        code = chart.notation(region)
        point = geometries.points.get(code)
        if chart.is_province(region) or point is None or code not in current:
            continue  # a former division has no point of its own (model/mapping.py, geometries)
        places.append(Place(code, chart.label(region), point.lon, point.lat, count, iri_value(region)))
    return map_svg(province_shapes(counts, region_iri), places, title=MAP_TITLE)

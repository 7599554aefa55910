"""Where the regions are: GeoSPARQL geometries in the data (year-aware), the GeoSPARQL
functions of `query` against the same computation done directly, and the map."""

from __future__ import annotations

import csv
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
import shapely
from rdflib.namespace import RDF, SKOS

from inspection_kg.resolve.gazetteer import gazetteer_for_year, table_years

from .conftest import REPO, named_query_rows

GEO = rdflib.Namespace("http://www.opengis.net/ont/geosparql#")
IKG = rdflib.Namespace("https://w3id.org/inspection-kg/def/")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = rdflib.Namespace("http://schema.org/")
DCTERMS = rdflib.DCTERMS
SVG = "{http://www.w3.org/2000/svg}"
# The simplification tolerance of data/geo/province-outlines.tsv (data/geo/README.md), in degrees:
# a point on a coast may fall that far outside the simplified outline.
TOLERANCE = 0.05


def _wkt(graph: rdflib.Graph, geometry: object) -> shapely.Geometry:
    literal = graph.value(geometry, GEO.asWKT)  # type: ignore[arg-type]
    assert isinstance(literal, rdflib.Literal) and str(literal.datatype) == str(GEO.wktLiteral)
    assert not str(literal).startswith("<")  # CRS84, GeoSPARQL's default, not named
    return shapely.from_wkt(str(literal))


def _current() -> set[str]:
    return set(gazetteer_for_year(max(table_years())).by_code)


def test_every_current_region_is_located_or_says_why_not(real_graph: rdflib.Graph) -> None:
    current = _current()
    located = unlocated = 0
    for region in real_graph.subjects(RDF.type, SCHEMA.AdministrativeArea):
        code = str(real_graph.value(region, SKOS.notation))
        notes = list(real_graph.objects(region, IKG.geometryNote))
        point = real_graph.value(region, GEO.hasCentroid)
        if code not in current:  # a former division: never a successor's shape
            assert point is None and real_graph.value(region, GEO.hasDefaultGeometry) is None, code
            assert any("former" in str(n) for n in notes), code
            continue
        if point is None:
            assert notes, f"{code}: neither a geometry nor a note saying why not"
            unlocated += 1
            continue
        assert not notes, code
        located += 1
        geometry = _wkt(real_graph, point)
        assert geometry.geom_type == "Point" and geometry.is_valid
        assert 73 < geometry.x < 136 and 3 < geometry.y < 54  # inside China's extent
        default = real_graph.value(region, GEO.hasDefaultGeometry)
        assert default is not None and _wkt(real_graph, default).is_valid
    assert located >= 150 and located > 4 * unlocated, (located, unlocated)


def test_each_point_lies_inside_its_parent_s_outline(real_graph: rdflib.Graph) -> None:
    checked = 0
    for region, point in real_graph.subject_objects(GEO.hasCentroid):
        parent = real_graph.value(region, SKOS.broader)
        while parent is not None and real_graph.value(parent, SKOS.broader) is not None:
            parent = real_graph.value(parent, SKOS.broader)  # up to the province
        outline = real_graph.value(parent, GEO.hasDefaultGeometry) if parent is not None else None
        if outline is None:
            continue  # a province itself, or a parent with no outline (stated by the note above)
        shape = _wkt(real_graph, outline)
        assert shape.geom_type in ("Polygon", "MultiPolygon")
        assert shape.buffer(TOLERANCE).contains(_wkt(real_graph, point)), (region, parent)
        checked += 1
    assert checked >= 100


def test_a_former_division_keeps_no_successor_shape(real_graph: rdflib.Graph) -> None:
    """长治市城区 (140402), as the 2018 notice names it (item 16), left the table before 2024."""
    region = rdflib.URIRef("https://w3id.org/inspection-kg/id/region/140402")
    assert "140402" not in _current()
    assert (region, SKOS.notation, rdflib.Literal("140402")) in real_graph
    assert real_graph.value(region, GEO.hasCentroid) is None
    assert real_graph.value(region, IKG.geometryNote) is not None


def _haversine_km(a: shapely.Point, b: shapely.Point) -> float:
    """Written out here, independently of the package: the sphere of mean radius 6,371.0088 km."""
    p1, p2 = math.radians(a.y), math.radians(b.y)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.x - a.x) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _near_directly(graph: rdflib.Graph, center: shapely.Point, km: float) -> set[tuple[str, str]]:
    found = set()
    for practice, region in graph.subject_objects(DCTERMS.spatial):
        point = graph.value(region, GEO.hasCentroid)
        if point is None or (practice, RDF.type, IKG.Practice) not in graph:
            continue
        if _haversine_km(center, _wkt(graph, point)) <= km:
            notice = graph.value(graph.value(practice, IKG.commendedIn), ELI.id_local)
            found.add((str(notice), str(graph.value(practice, IKG.ordinal))))
    return found


@pytest.mark.parametrize(("place", "km"), [("410900", 100), ("410900", 300), ("POINT(116.4 39.9)", 150)])
def test_the_distance_query_finds_what_shapely_finds(
    real_dir: Path, real_graph: rdflib.Graph, place: str, km: int
) -> None:
    rows = named_query_rows(real_dir, "practices-near", f"place={place}", f"within={km}")
    if place.isdigit():
        region = rdflib.URIRef(f"https://w3id.org/inspection-kg/id/region/{place}")
        center = _wkt(real_graph, real_graph.value(region, GEO.hasCentroid))
    else:
        center = shapely.from_wkt(place)
    expected = _near_directly(real_graph, center, km)
    assert expected, "the case should find something"
    assert {(r["notice"], r["ordinal"]) for r in rows} == expected


def test_the_map_shows_every_province_shaded_by_its_practices(real_dir: Path) -> None:
    svg = ET.parse(real_dir / "practices-map.svg").getroot()
    shapes = svg.findall(f".//{SVG}path")
    assert len(shapes) == 34  # the table's 34 province-level units
    linked = svg.findall(f"{SVG}a/{SVG}path")
    assert len(linked) == 31  # those the dataset describes: every one with practices
    per_province = {}
    with (REPO / "queries" / "practices-per-province.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            per_province[row["province"]] = int(row["practices"])
    for shape in shapes:
        name, _, count = shape.findtext(f"{SVG}title", "").partition("：")
        assert int(count.split(" ")[0]) == per_province.get(name, 0), name
    texts = "".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert "每省做法" in texts  # the legend is text, not outlines
    assert svg.findall(f"{SVG}a/{SVG}circle"), "no located place drawn"

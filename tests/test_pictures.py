"""The two SVG pictures: right numbers and names (read from the hand-made fixture), readable text,
no overlapping boxes, and the same bytes whatever the hash seed or the parse."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import rdflib
from rdflib import URIRef

from inspection_kg.pictures import neighbourhood_svg, practices_per_province_svg

from .conftest import SeedActor

SVG = "{http://www.w3.org/2000/svg}"
PRACTICE = "https://w3id.org/inspection-kg/id/practice/guobanfa-2020-46/{}"
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
IKG = rdflib.Namespace("https://w3id.org/inspection-kg/def/")


def parse(svg: bytes) -> ET.Element:
    assert svg.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(element: ET.Element, css_class: str | None = None) -> list[str]:
    return [
        t.text or "" for t in element.iter(f"{SVG}text") if css_class is None or t.get("class") == css_class
    ]


def check_document(root: ET.Element) -> None:
    """Standalone SVG 1.1 with a title and a description, CJK fonts first, everything inside the view."""
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    assert root.get("version") == "1.1"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert (root.get("font-family") or "").startswith("'Noto Sans CJK SC'")
    assert root.find(f"{SVG}title") is not None and (root.findtext(f"{SVG}title") or "").strip()
    assert (root.findtext(f"{SVG}desc") or "").strip()
    for rect in root.iter(f"{SVG}rect"):
        x, y = float(rect.get("x", "0")), float(rect.get("y", "0"))
        assert 0 <= x and x + float(rect.get("width", "0")) <= width
        assert 0 <= y and y + float(rect.get("height", "0")) <= height
    for text in root.iter(f"{SVG}text"):
        assert 0 < float(text.get("x", "0")) < width and 0 < float(text.get("y", "0")) < height


def expected_provinces(actors: list[SeedActor]) -> Counter[tuple[str, str]]:
    """Practices per province from the fixture: the last link of each chain is the province."""
    counts: Counter[tuple[str, str]] = Counter()
    for actor in actors:
        counts.update({chain[-1] for chain in actor.regions})
    return counts


def test_chart_has_one_bar_per_province_with_the_fixture_counts(
    graph: rdflib.Graph, seed_actors: list[SeedActor]
) -> None:
    root = parse(practices_per_province_svg(graph))
    check_document(root)
    expected = sorted(expected_provinces(seed_actors).items(), key=lambda item: (-item[1], item[0][0]))
    assert len(expected) == 14  # the fixture: 14 provinces, 3 practices each
    bars: list[tuple[tuple[str, str], int, float]] = []
    for group in root.iter(f"{SVG}g"):
        ident = group.get("id", "")
        if ident.startswith("bar-") and ident != "bar-none":
            (value,) = texts(group, "bar-value")
            (name,) = texts(group, "bar-label")
            (rect,) = [r for r in group.iter(f"{SVG}rect") if r.get("class") == "bar"]
            bars.append(((ident.removeprefix("bar-"), name), int(value), float(rect.get("width", "0"))))
    assert [(key, n) for key, n, _ in bars] == expected
    # Bar lengths are proportional to the counts (coordinates are rounded to 0.1).
    unit = bars[0][2] / bars[0][1]
    for _, n, width in bars:
        assert abs(width - n * unit) <= 0.1
    ticks = [int(t) for t in texts(root, "tick")]
    assert ticks == list(range(ticks[0], ticks[-1] + 1)) and ticks[0] == 0
    assert ticks[-1] >= max(count for _, count in expected)
    all_text = texts(root)
    assert "各省级行政区受表扬的典型经验做法数量" in all_text
    assert "Commended practices per province-level region" in all_text


def test_chart_reports_the_practice_without_a_division(
    graph: rdflib.Graph, seed_actors: list[SeedActor]
) -> None:
    root = parse(practices_per_province_svg(graph))
    unplaced = [actor for actor in seed_actors if not actor.regions]
    assert [actor.ordinal for actor in unplaced] == [43]
    (group,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "bar-none"]
    assert texts(group, "bar-label") == ["无行政区划 / no division"]
    assert texts(group, "bar-value") == [str(len(unplaced))]
    (rect,) = [r for r in group.iter(f"{SVG}rect") if r.get("class") == "bar"]
    bars = {
        g.get("id"): float(next(r for r in g.iter(f"{SVG}rect") if r.get("class") == "bar").get("width", "0"))
        for g in root.iter(f"{SVG}g")
        if g.get("id", "").startswith("bar-")
    }
    three = next(width for ident, width in bars.items() if ident != "bar-none")
    assert abs(float(rect.get("width", "0")) - three * len(unplaced) / 3) <= 0.1
    notes = texts(root, "note")
    names = "、".join(sorted(actor.attribution for actor in unplaced))
    assert any(note.startswith(f"{len(unplaced)} 项做法无行政区划代码（{names}）") for note in notes)
    # The no-division row is last, after every province.
    ids = [g.get("id") for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("bar-")]
    assert ids[-1] == "bar-none"


def test_chart_without_unplaced_practices_has_no_extra_row(graph: rdflib.Graph) -> None:
    placed = rdflib.Graph()
    for triple in graph:
        placed.add(triple)
    placed.remove((URIRef(PRACTICE.format(43)), None, None))
    root = parse(practices_per_province_svg(placed))
    assert not [g for g in root.iter(f"{SVG}g") if g.get("id") == "bar-none"]
    assert not [note for note in texts(root, "note") if "无行政区划" in note]


def node_boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float, list[str]]]:
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            rect = group.find(f"{SVG}rect")
            assert rect is not None
            box = tuple(float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))
            boxes[group.findtext(f"{SVG}title") or ""] = (*box, texts(group))
    return boxes  # type: ignore[return-value]


def test_neighbourhood_of_practice_22(graph: rdflib.Graph, seed_actors: list[SeedActor]) -> None:
    focus = URIRef(PRACTICE.format(22))
    root = parse(neighbourhood_svg(graph, focus))
    check_document(root)
    (actor,) = [a for a in seed_actors if a.ordinal == 22]
    boxes = node_boxes(root)
    labels = {line for *_, lines in boxes.values() for line in lines}
    region_names = {name for chain in actor.regions for _, name in chain}
    assert {"濮阳市", "河南省"} <= region_names <= labels
    assert {"ikg:Practice", "schema:AdministrativeArea", "org:Organization"} <= labels
    # Every agent of the fixture is drawn, with its parent organisation one hop further.
    agents = [URIRef(f"https://w3id.org/inspection-kg/id/agent/{key}") for key in actor.agents]
    assert {str(agent) for agent in agents} <= set(boxes)
    parents = {str(p) for agent in agents for p in graph.objects(agent, ORG.subOrganizationOf)}
    assert parents and parents <= set(boxes)
    edge_labels = set(texts(root, "edge-label"))
    assert {"ikg:attributedTo", "dcterms:spatial", "ikg:commendedIn", "ikg:identifiedDuring"} <= edge_labels
    assert {"org:subOrganizationOf", "skos:broader"} <= edge_labels
    # The focus is the leftmost box; no two boxes overlap.
    assert min(boxes.values())[0] == boxes[str(focus)][0]
    rects = sorted(box[:4] for box in boxes.values())
    for i, (x1, y1, w1, h1) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1 :]:
            assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1


def test_neighbourhood_follows_the_broader_chain_to_the_province(
    graph: rdflib.Graph, seed_actors: list[SeedActor]
) -> None:
    for actor in seed_actors:
        if max((len(chain) for chain in actor.regions), default=0) == 3:
            root = parse(neighbourhood_svg(graph, URIRef(PRACTICE.format(actor.ordinal))))
            labels = {line for *_, lines in node_boxes(root).values() for line in lines}
            assert {name for chain in actor.regions for _, name in chain} <= labels


def test_pictures_are_deterministic(graph: rdflib.Graph) -> None:
    focus = URIRef(PRACTICE.format(22))
    chart, picture = practices_per_province_svg(graph), neighbourhood_svg(graph, focus)
    assert practices_per_province_svg(graph) == chart
    assert neighbourhood_svg(graph, focus) == picture
    again = rdflib.Graph()
    again.parse(data=graph.serialize(format="turtle"), format="turtle")
    assert practices_per_province_svg(again) == chart
    assert neighbourhood_svg(again, focus) == picture


def test_pictures_do_not_depend_on_the_hash_seed(built_dir: Path, graph: rdflib.Graph) -> None:
    script = (
        "import hashlib, sys, rdflib\n"
        "from inspection_kg.pictures import neighbourhood_svg, practices_per_province_svg\n"
        "g = rdflib.Graph(); g.parse(sys.argv[1], format='turtle')\n"
        "focus = rdflib.URIRef(sys.argv[2])\n"
        "print(hashlib.sha256(practices_per_province_svg(g)).hexdigest(),"
        " hashlib.sha256(neighbourhood_svg(g, focus)).hexdigest())\n"
    )
    focus = PRACTICE.format(22)
    digests = set()
    for seed in ("1", "4242"):
        result = subprocess.run(
            [sys.executable, "-c", script, str(built_dir / "inspection-kg.ttl"), focus],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(result.stdout.strip())
    here = " ".join(
        hashlib.sha256(svg).hexdigest()
        for svg in (practices_per_province_svg(graph), neighbourhood_svg(graph, URIRef(focus)))
    )
    assert digests == {here}

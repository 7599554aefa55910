"""The two SVG pictures: right numbers and names (read from the hand-made fixture), readable text,
no overlapping boxes, and the same bytes whatever the hash seed, the parse, or the order and batching
of the triples the chart is fed.

Independent of the build: the pictures are drawn from the committed quads (output/inspection-kg.nq),
the chart from their N-Triples terms, the neighbourhood from an rdflib graph of the same triples.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib import URIRef

from inspection_kg.model.terms import Triple, triple_line
from inspection_kg.write.chart import ProvinceChart
from inspection_kg.write.neighbourhood import neighbourhood_svg

from .conftest import REPO, SeedActor

SVG = "{http://www.w3.org/2000/svg}"
PRACTICE = "https://w3id.org/inspection-kg/id/practice/guobanfa-2020-46/{}"
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
COMMITTED = REPO / "output"
QUADS = COMMITTED / "inspection-kg.nq"
# What tells the seed notice's quads (its named graphs, its IRIs) from the shared ones.
NOTICE_KEY = "guobanfa-2020-46"

Quad = tuple[Triple, str]


def read_quads(path: Path) -> list[Quad]:
    """Each line: subject, predicate, object terms, graph IRI, '.'; only a literal holds spaces."""
    quads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        body, graph, _ = line.rsplit(" ", 2)
        subject, predicate, obj = body.split(" ", 2)
        quads.append(((subject, predicate, obj), graph))
    return quads


@pytest.fixture(scope="module")
def quads(built_dir: Path) -> list[Quad]:
    """The seed's quads (the hand-made seed actor list describes exactly these)."""
    return read_quads(built_dir / "inspection-kg.nq")


@pytest.fixture(scope="module")
def triples(quads: list[Quad]) -> list[Triple]:
    return [triple for triple, _ in quads]


@pytest.fixture(scope="module")
def seed_graph(triples: list[Triple]) -> rdflib.Graph:
    # Shared by the tests: never serialise it as Turtle, which binds ns1:… prefixes into it, and
    # those would then be drawn as CURIEs.
    return rdflib.Graph().parse(data="\n".join(triple_line(t) for t in triples), format="nt")


def chart_of(*blocks: Iterable[Triple]) -> bytes:
    chart = ProvinceChart()
    for block in blocks:
        chart.add(block)
    return chart.svg()


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


def province_bars(root: ET.Element) -> list[tuple[tuple[str, str], int, float]]:
    """((code, name), count, bar width) of every province bar, top to bottom."""
    bars = []
    for group in root.iter(f"{SVG}g"):
        ident = group.get("id", "")
        if ident.startswith("bar-") and ident != "bar-none":
            (value,) = texts(group, "bar-value")
            (name,) = texts(group, "bar-label")
            (rect,) = [r for r in group.iter(f"{SVG}rect") if r.get("class") == "bar"]
            bars.append(((ident.removeprefix("bar-"), name), int(value), float(rect.get("width", "0"))))
    return bars


def test_chart_has_one_bar_per_province_with_the_fixture_counts(
    triples: list[Triple], seed_actors: list[SeedActor]
) -> None:
    root = parse(chart_of(triples))
    check_document(root)
    expected = sorted(expected_provinces(seed_actors).items(), key=lambda item: (-item[1], item[0][0]))
    assert len(expected) == 14  # the fixture: 14 provinces, 3 practices each
    bars = province_bars(root)
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
    assert "来源 Source: 国办发〔2020〕46号" in texts(root, "note")


def test_chart_reports_the_practice_without_a_division(
    triples: list[Triple], seed_actors: list[SeedActor]
) -> None:
    root = parse(chart_of(triples))
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


def test_chart_without_unplaced_practices_has_no_extra_row(triples: list[Triple]) -> None:
    practice_43 = f"<{PRACTICE.format(43)}>"
    root = parse(chart_of(t for t in triples if t[0] != practice_43))
    assert not [g for g in root.iter(f"{SVG}g") if g.get("id") == "bar-none"]
    assert not [note for note in texts(root, "note") if "无行政区划" in note]


def renamed(triple: Triple, number: int) -> Triple:
    """The triple as if from another notice of 2020: its own IRIs and document number."""
    s, p, o = (
        term.replace(NOTICE_KEY, f"guobanfa-2020-{number}")
        .replace("/2020/46", f"/2020/{number}")
        .replace("〔2020〕46号", f"〔2020〕{number}号")
        for term in triple
    )
    return s, p, o


def test_chart_counts_the_practices_of_every_notice(quads: list[Quad], seed_actors: list[SeedActor]) -> None:
    """Three copies of the seed notice (shared reference data once): three times every count."""
    numbers = (46, 146, 246)
    notice = [triple for triple, graph in quads if NOTICE_KEY in graph]
    shared = [triple for triple, graph in quads if NOTICE_KEY not in graph]
    root = parse(chart_of(*([renamed(t, number) for t in notice] for number in numbers), shared))
    check_document(root)
    expected = sorted(expected_provinces(seed_actors).items(), key=lambda item: (-item[1], item[0][0]))
    assert [(key, n) for key, n, _ in province_bars(root)] == [(key, 3 * n) for key, n in expected]
    (group,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "bar-none"]
    assert texts(group, "bar-value") == [str(3 * sum(1 for actor in seed_actors if not actor.regions))]
    sources = "、".join(sorted(f"国办发〔2020〕{number}号" for number in numbers))
    assert f"来源 Source: {sources}" in texts(root, "note")


def test_chart_is_the_same_whatever_the_order_and_batching(quads: list[Quad]) -> None:
    triples = [triple for triple, _ in quads]
    expected = chart_of(triples)
    by_graph: dict[str, list[Triple]] = {}
    for triple, graph in quads:
        by_graph.setdefault(graph, []).append(triple)
    # As the build hands them over: the notice's triples, then the shared graphs; and backwards.
    blocks = [
        [t for graph, block in sorted(by_graph.items()) if NOTICE_KEY in graph for t in block],
        *(block for graph, block in sorted(by_graph.items()) if NOTICE_KEY not in graph),
    ]
    assert chart_of(*blocks) == expected
    assert chart_of(*reversed(blocks)) == expected
    assert chart_of(*by_graph.values()) == expected
    # One triple at a time, from a one-shot iterator, with empty blocks in between.
    one_by_one: Iterator[Triple] = iter(reversed(triples))
    assert chart_of(*([t] for t in one_by_one)) == expected
    assert chart_of([], iter(triples), []) == expected
    rng = random.Random(20201118)
    for _ in range(5):
        shuffled = rng.sample(triples, len(triples))
        cuts = sorted(rng.sample(range(1, len(shuffled)), 9))
        blocks = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(shuffled)], strict=True)]
        assert chart_of(*blocks) == expected


def test_pictures_of_the_committed_quads_are_the_committed_pictures(seed_graph: rdflib.Graph) -> None:
    """output/'s pictures are drawn from output/'s quads: nothing else goes into them."""
    committed = [triple for triple, _ in read_quads(QUADS)]
    assert chart_of(committed) == (COMMITTED / "practices-per-province.svg").read_bytes()
    picture = neighbourhood_svg(seed_graph, URIRef(PRACTICE.format(22)))
    assert picture == (COMMITTED / "graph-around-a-practice.svg").read_bytes()


def node_boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float, list[str]]]:
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            rect = group.find(f"{SVG}rect")
            assert rect is not None
            box = tuple(float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))
            boxes[group.findtext(f"{SVG}title") or ""] = (*box, texts(group))
    return boxes  # type: ignore[return-value]


def test_neighbourhood_of_practice_22(seed_graph: rdflib.Graph, seed_actors: list[SeedActor]) -> None:
    focus = URIRef(PRACTICE.format(22))
    root = parse(neighbourhood_svg(seed_graph, focus))
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
    parents = {str(p) for agent in agents for p in seed_graph.objects(agent, ORG.subOrganizationOf)}
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
    seed_graph: rdflib.Graph, seed_actors: list[SeedActor]
) -> None:
    for actor in seed_actors:
        if max((len(chain) for chain in actor.regions), default=0) == 3:
            root = parse(neighbourhood_svg(seed_graph, URIRef(PRACTICE.format(actor.ordinal))))
            labels = {line for *_, lines in node_boxes(root).values() for line in lines}
            assert {name for chain in actor.regions for _, name in chain} <= labels


def test_pictures_are_deterministic(triples: list[Triple], seed_graph: rdflib.Graph) -> None:
    focus = URIRef(PRACTICE.format(22))
    chart, picture = chart_of(triples), neighbourhood_svg(seed_graph, focus)
    assert chart_of(triples) == chart
    assert neighbourhood_svg(seed_graph, focus) == picture
    assert neighbourhood_svg(seed_graph, str(focus)) == picture  # the focus as a plain IRI string
    # The same triples parsed in another order fill rdflib's store in another order.
    shuffled = random.Random(46).sample(triples, len(triples))
    again = rdflib.Graph().parse(data="\n".join(triple_line(t) for t in shuffled), format="nt")
    assert neighbourhood_svg(again, focus) == picture


def test_pictures_do_not_depend_on_the_hash_seed(
    triples: list[Triple], seed_graph: rdflib.Graph, built_dir: Path
) -> None:
    script = (
        "import hashlib, sys, rdflib\n"
        "from inspection_kg.write.chart import ProvinceChart\n"
        "from inspection_kg.write.neighbourhood import neighbourhood_svg\n"
        "lines = open(sys.argv[1], encoding='utf-8').read().splitlines()\n"
        "triples = [tuple(line.rsplit(' ', 2)[0].split(' ', 2)) for line in lines]\n"
        "chart = ProvinceChart(); chart.add(triples)\n"
        "g = rdflib.Graph().parse(data='\\n'.join(' '.join(t) + ' .' for t in triples), format='nt')\n"
        "print(hashlib.sha256(chart.svg()).hexdigest(),"
        " hashlib.sha256(neighbourhood_svg(g, rdflib.URIRef(sys.argv[2]))).hexdigest())\n"
    )
    focus = PRACTICE.format(22)
    digests = set()
    for seed in ("1", "4242"):
        result = subprocess.run(
            [sys.executable, "-c", script, str(built_dir / "inspection-kg.nq"), focus],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(result.stdout.strip())
    here = " ".join(
        hashlib.sha256(svg).hexdigest()
        for svg in (chart_of(triples), neighbourhood_svg(seed_graph, URIRef(focus)))
    )
    assert digests == {here}

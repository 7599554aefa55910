"""The property-graph projection: both files read back with networkx, checked against the
source text and the hand-made actor table (never against the code under test), and
byte-identical across calls, insertion orders and hash seeds."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx  # type: ignore[import-untyped,unused-ignore]
import pytest
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS

from inspection_kg.network import graphml_bytes, node_link_bytes, property_graph

from .conftest import SEED, SeedActor

BASE = "https://w3id.org/inspection-kg/"
PRACTICE = BASE + "id/practice/guobanfa-2020-46/"
REGION = BASE + "id/region/"
AGENT = BASE + "id/agent/"
CJK = re.compile(r"[\u4e00-\u9fff]")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")


@pytest.fixture(scope="module")
def pg(graph: rdflib.Graph) -> Any:
    return property_graph(graph)


@pytest.fixture(scope="module")
def from_graphml(pg: Any) -> Any:
    return nx.read_graphml(io.BytesIO(graphml_bytes(pg)))


@pytest.fixture(scope="module")
def from_node_link(pg: Any) -> Any:
    return nx.node_link_graph(json.loads(node_link_bytes(pg).decode("utf-8")), edges="links")


def triples(g: Any) -> set[tuple[str, str, str]]:
    """(source, predicate, target) of every edge, whatever the file made of edge keys."""
    return {(u, d["predicate"], v) for u, v, d in g.edges(data=True)}


def practice_count_in_source() -> int:
    return len(re.findall(r"^\d+．", SEED.read_text(encoding="utf-8"), flags=re.MULTILINE))


@pytest.fixture(params=["graphml", "node_link"])
def loaded(request: pytest.FixtureRequest, from_graphml: Any, from_node_link: Any) -> Any:
    return from_graphml if request.param == "graphml" else from_node_link


def test_counts(loaded: Any, seed_actors: list[SeedActor]) -> None:
    kinds = [d["type"] for _, d in loaded.nodes(data=True)]
    assert kinds.count("ikg:Practice") == practice_count_in_source() == 43
    region_codes = {code for actor in seed_actors for chain in actor.regions for code, _ in chain}
    regions = {n for n, d in loaded.nodes(data=True) if d["type"] == "schema:AdministrativeArea"}
    assert regions == {REGION + code for code in region_codes}
    attributions = [e for e in triples(loaded) if e[1] == "ikg:attributedTo"]
    assert len(attributions) == sum(len(actor.agents) for actor in seed_actors)
    assert loaded.is_directed() and loaded.is_multigraph()


def test_known_edges(loaded: Any, seed_actors: list[SeedActor]) -> None:
    edges = triples(loaded)
    assert (PRACTICE + "22", "dcterms:spatial", REGION + "410900") in edges
    assert (REGION + "350428", "skos:broader", REGION + "350400") in edges
    for actor in seed_actors:
        practice = PRACTICE + str(actor.ordinal)
        assert {(u, v) for u, p, v in edges if u == practice and p == "ikg:attributedTo"} == {
            (practice, AGENT + key) for key in actor.agents
        }
        assert {v for u, p, v in edges if u == practice and p == "dcterms:spatial"} == {
            REGION + chain[0][0] for chain in actor.regions
        }
        for chain in actor.regions:
            for (child, _), (parent, _) in itertools.pairwise(chain):
                assert (REGION + child, "skos:broader", REGION + parent) in edges


def test_labels_are_chinese(loaded: Any, seed_actors: list[SeedActor]) -> None:
    for actor in seed_actors:
        node = loaded.nodes[PRACTICE + str(actor.ordinal)]
        assert node["label"].startswith(actor.attribution)
        assert node["ikg:ordinal"] == actor.ordinal  # an int after reading back
        for chain in actor.regions:
            for code, name in chain:
                assert loaded.nodes[REGION + code]["label"] == name
    for node, data in loaded.nodes(data=True):
        if data["type"] == "rdfs:Resource":  # an IRI that is only an object
            assert data["label"] == re.split(r"[/#]", node.rstrip("/#"))[-1]
        elif node.endswith("/initiative/1234"):  # the notice quotes “1234” (item 20): no Han to show
            assert data["label"] == "1234"
        else:
            assert CJK.search(data["label"]), node


def test_only_the_knowledge(loaded: Any, graph: rdflib.Graph) -> None:
    iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    literals = {str(t) for t in graph.objects() if isinstance(t, Literal)}
    for node, data in loaded.nodes(data=True):
        assert node in iris and node not in literals and node == data["iri"]
        assert not re.search(r"\b(oa|spdx|dcat|void):|prov:SoftwareAgent", data["types"]), node
        if "prov:Activity" in data["types"]:  # the campaign, never a build
            assert data["type"] == "ikg:InspectionCampaign", node
        assert not re.search(r"/id/annotation/|/source/|/graph/|/dataset\b", node), node
    assert "http://publications.europa.eu/resource/authority/language/ZHO" in loaded


def test_dataset_description_is_left_out(graph: rdflib.Graph, pg: Any) -> None:
    described = rdflib.Graph()
    described += graph
    names = ("test-dataset", "test-build", "test-software", "test-licence", "test-publisher")
    dataset, build, software, licence, publisher = (URIRef(BASE + name) for name in names)
    for s, p, o in [
        (dataset, RDF.type, DCAT.Dataset),
        (dataset, DCTERMS.license, licence),
        (licence, RDF.type, DCTERMS.LicenseDocument),
        (licence, RDFS.label, Literal("许可")),
        (dataset, DCTERMS.publisher, publisher),
        (publisher, RDF.type, FOAF.Agent),
        (publisher, FOAF.name, Literal("发布者", lang="zh")),
        (dataset, RDF.type, VOID.Dataset),
        (dataset, VOID.exampleResource, URIRef(PRACTICE + "22")),
        (dataset, PROV.wasGeneratedBy, build),
        (build, RDF.type, PROV.Activity),
        (build, PROV.wasAssociatedWith, software),
        (software, RDF.type, PROV.SoftwareAgent),
    ]:
        described.add((s, p, o))
    assert graphml_bytes(property_graph(described)) == graphml_bytes(pg)


def shuffled(pg: Any) -> Any:
    """The same graph built in another order: reversed nodes, attributes and edges."""
    other = nx.MultiDiGraph()
    for node in reversed(list(pg.nodes)):
        other.add_node(node)
        other.nodes[node].update(dict(reversed(list(pg.nodes[node].items()))))
    for u, v, k, d in reversed(list(pg.edges(keys=True, data=True))):
        other.add_edge(u, v, key=k)
        other.edges[u, v, k].update(dict(reversed(list(d.items()))))
    return other


def test_same_bytes_on_two_calls_and_any_insertion_order(pg: Any, graph: rdflib.Graph) -> None:
    again = property_graph(graph)
    assert graphml_bytes(pg) == graphml_bytes(again) == graphml_bytes(shuffled(pg))
    assert node_link_bytes(pg) == node_link_bytes(again) == node_link_bytes(shuffled(pg))


def test_same_bytes_across_hash_seeds(pg: Any, built_dir: Path) -> None:
    script = (
        "import sys, rdflib\n"
        "from inspection_kg.network import graphml_bytes, node_link_bytes, property_graph\n"
        "pg = property_graph(rdflib.Graph().parse(sys.argv[1], format='turtle'))\n"
        "sys.stdout.buffer.write(graphml_bytes(pg) + b'\\0' + node_link_bytes(pg))\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(built_dir / "inspection-kg.ttl")],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2")
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs[0] == outputs[1] == graphml_bytes(pg) + b"\0" + node_link_bytes(pg)


def test_graphml_key_has_one_type() -> None:
    mixed = nx.MultiDiGraph()
    mixed.add_node("a", x=1)
    mixed.add_node("b", x="one")
    text = graphml_bytes(mixed).decode("utf-8")
    assert text.count('attr.name="x"') == 1 and 'attr.type="string"' in text
    assert nx.read_graphml(io.BytesIO(text.encode("utf-8"))).nodes["a"]["x"] == "1"


def test_theme_assignments_are_edges_not_nodes(loaded: Any) -> None:
    # tests/fixtures/seed-themes.tsv: practice 11 is hand-reviewed as E and M.
    themes = {
        target.removeprefix("https://w3id.org/inspection-kg/id/theme/")
        for _, target, key in loaded.out_edges(PRACTICE + "11", keys=True)
        if loaded.edges[PRACTICE + "11", target, key]["predicate"] == "ikg:assignedTheme"
    }
    assert themes == {"employment-livelihoods", "market-entities"}
    assert not any("/theme-assignment/" in node or "/theme-rule/" in node for node in loaded.nodes)

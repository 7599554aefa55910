"""The property-graph projection, fed the committed dataset's triples (output/inspection-kg.nq)
as the build feeds them: both files read back with networkx, checked against the source
text and the hand-made actor table (never against the code under test), and
byte-identical across calls, triple orders, batchings and hash seeds."""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx  # type: ignore[import-untyped,unused-ignore]
import pytest

from inspection_kg.write.network import PropertyGraphBuilder

from .conftest import REPO, SEED, SeedActor

BASE = "https://w3id.org/inspection-kg/"
PRACTICE = BASE + "id/practice/guobanfa-2020-46/"
REGION = BASE + "id/region/"
AGENT = BASE + "id/agent/"
DESCRIPTION_GRAPH = f"<{BASE}graph/dataset>"
CJK = re.compile(r"[\u4e00-\u9fff]")
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"

Triple = tuple[str, str, str]


def read_quads(text: str) -> list[tuple[str, Triple]]:
    """(graph, triple) of each N-Quads line; every line ends with its graph IRI."""
    quads = []
    for line in text.splitlines():
        if not line.strip():
            continue
        body, graph = line.removesuffix(" .").rsplit(" ", 1)
        subject, predicate, obj = body.split(" ", 2)
        quads.append((graph, (subject, predicate, obj)))
    return quads


@pytest.fixture(scope="module")
def dataset(built_dir: Path) -> Path:
    """The seed's N-Quads (the hand-made seed actor list describes exactly these)."""
    return built_dir / "inspection-kg.nq"


@pytest.fixture(scope="module")
def quads(dataset: Path) -> list[tuple[str, Triple]]:
    return read_quads(dataset.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def blocks(quads: list[tuple[str, Triple]]) -> list[list[Triple]]:
    """One sorted block per graph, the description last (as the build feeds them)."""
    graphs = sorted({graph for graph, _ in quads}, key=lambda g: (g == DESCRIPTION_GRAPH, g))
    return [sorted(t for g, t in quads if g == graph) for graph in graphs]


def built(blocks: Iterable[Iterable[Triple]]) -> PropertyGraphBuilder:
    builder = PropertyGraphBuilder()
    for block in blocks:
        builder.add(block)
    return builder


def written(builder: PropertyGraphBuilder) -> tuple[bytes, bytes]:
    graphml, node_link = io.BytesIO(), io.BytesIO()
    builder.write_graphml(graphml)
    builder.write_node_link(node_link)
    return graphml.getvalue(), node_link.getvalue()


@pytest.fixture(scope="module")
def builder(blocks: list[list[Triple]]) -> PropertyGraphBuilder:
    return built(blocks)


@pytest.fixture(scope="module")
def files(builder: PropertyGraphBuilder) -> tuple[bytes, bytes]:
    return written(builder)


@pytest.fixture(scope="module")
def from_graphml(files: tuple[bytes, bytes]) -> Any:
    return nx.read_graphml(io.BytesIO(files[0]))


@pytest.fixture(scope="module")
def from_node_link(files: tuple[bytes, bytes]) -> Any:
    return nx.node_link_graph(json.loads(files[1].decode("utf-8")), edges="links")


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


def test_only_the_knowledge(loaded: Any, quads: list[tuple[str, Triple]]) -> None:
    terms = {term for _, triple in quads for term in triple}
    iris = {term[1:-1] for term in terms if term.startswith("<")}
    for node, data in loaded.nodes(data=True):
        assert node in iris and node == data["iri"]
        assert not re.search(r"\b(oa|spdx|dcat|void):|prov:SoftwareAgent", data["types"]), node
        if "prov:Activity" in data["types"]:  # the campaign, never a build
            assert data["type"] == "ikg:InspectionCampaign", node
        assert not re.search(r"/id/annotation/|/source/|/graph/|/dataset\b", node), node
    assert "http://publications.europa.eu/resource/authority/language/ZHO" in loaded


def test_dataset_description_is_left_out(quads: list[tuple[str, Triple]], files: tuple[bytes, bytes]) -> None:
    def iri(name: str) -> str:
        return f"<{BASE}{name}>"

    dcat, void, prov = "http://www.w3.org/ns/dcat#", "http://rdfs.org/ns/void#", "http://www.w3.org/ns/prov#"
    dcterms, foaf = "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/"
    dataset, build, software = iri("test-dataset"), iri("test-build"), iri("test-software")
    licence, publisher = iri("test-licence"), iri("test-publisher")
    described = [
        (dataset, RDF_TYPE, f"<{dcat}Dataset>"),
        (dataset, f"<{dcterms}license>", licence),
        (licence, RDF_TYPE, f"<{dcterms}LicenseDocument>"),
        (licence, "<http://www.w3.org/2000/01/rdf-schema#label>", '"许可"'),
        (dataset, f"<{dcterms}publisher>", publisher),
        (publisher, RDF_TYPE, f"<{foaf}Agent>"),
        (publisher, f"<{foaf}name>", '"发布者"@zh'),
        (dataset, RDF_TYPE, f"<{void}Dataset>"),
        (dataset, f"<{void}exampleResource>", f"<{PRACTICE}22>"),
        (dataset, f"<{prov}wasGeneratedBy>", build),
        (build, RDF_TYPE, f"<{prov}Activity>"),
        (build, f"<{prov}wasAssociatedWith>", software),
        (software, RDF_TYPE, f"<{prov}SoftwareAgent>"),
    ]
    everything = [triple for _, triple in quads]
    knowledge = [triple for graph, triple in quads if graph != DESCRIPTION_GRAPH]
    assert len(knowledge) < len(everything)
    assert written(built([everything, described])) == written(built([knowledge])) == files


def test_same_bytes_on_two_calls_any_order_and_any_batching(
    quads: list[tuple[str, Triple]], builder: PropertyGraphBuilder, files: tuple[bytes, bytes]
) -> None:
    everything = [triple for _, triple in quads]
    shuffled = everything[:]
    random.Random(46).shuffle(shuffled)
    # The hardest order for the builder: every type after everything else it decides on.
    types_last = [t for t in everything if t[1] != RDF_TYPE] + [t for t in everything if t[1] == RDF_TYPE]
    orders: dict[str, Iterable[Iterable[Triple]]] = {
        "one block": [everything],
        "shuffled, one block": [shuffled],
        "shuffled, one triple each": [[t] for t in shuffled],
        "shuffled, blocks of 7 (as iterators)": [
            iter(shuffled[i : i + 7]) for i in range(0, len(shuffled), 7)
        ],
        "types last, one block": [types_last],
        "types last, blocks of 100": [types_last[i : i + 100] for i in range(0, len(types_last), 100)],
    }
    assert written(builder) == files
    for name, batches in orders.items():
        assert written(built(batches)) == files, name


def test_same_bytes_across_hash_seeds(files: tuple[bytes, bytes], dataset: Path) -> None:
    # The same reading as read_quads, and the same order as no other run: only the seed differs.
    script = (
        "import io, random, sys\n"
        "from inspection_kg.write.network import PropertyGraphBuilder\n"
        "lines = open(sys.argv[1], encoding='utf-8').read().splitlines()\n"
        "bodies = [line.removesuffix(' .').rsplit(' ', 1)[0] for line in lines if line.strip()]\n"
        "triples = [tuple(body.split(' ', 2)) for body in bodies]\n"
        "random.Random(1).shuffle(triples)\n"
        "builder = PropertyGraphBuilder()\n"
        "builder.add(triples)\n"
        "graphml, node_link = io.BytesIO(), io.BytesIO()\n"
        "builder.write_graphml(graphml)\n"
        "builder.write_node_link(node_link)\n"
        "sys.stdout.buffer.write(graphml.getvalue() + b'\\0' + node_link.getvalue())\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(dataset)],
            stdout=subprocess.PIPE,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2")
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs[0] == outputs[1] == files[0] + b"\0" + files[1]


def test_files_read_back_as_the_graph(
    builder: PropertyGraphBuilder, from_graphml: Any, from_node_link: Any
) -> None:
    graph = builder.networkx()
    assert graph.is_directed() and graph.is_multigraph()
    assert nx.utils.graphs_equal(from_node_link, graph)
    # GraphML keys an edge by its id, "source key target".
    assert dict(from_graphml.nodes(data=True)) == dict(graph.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in from_graphml.edges(keys=True, data=True)} == {
        (u, v, f"{u} {k} {v}"): d for u, v, k, d in graph.edges(keys=True, data=True)
    }


def test_graphml_key_has_one_type() -> None:
    a, b, c = (f"<http://example.org/{name}>" for name in "abc")
    count = f"<{BASE}def/count>"
    mixed = PropertyGraphBuilder()
    mixed.add([(a, count, f'"1"^^{XSD_INTEGER}'), (b, count, '"one"')])
    text = written(mixed)[0].decode("utf-8")
    assert text.count('attr.name="ikg:count"') == 1
    assert 'attr.name="ikg:count" attr.type="string"' in text
    assert nx.read_graphml(io.BytesIO(text.encode("utf-8"))).nodes["http://example.org/a"]["ikg:count"] == "1"

    numbers = PropertyGraphBuilder()
    numbers.add([(a, count, f'"1"^^{XSD_INTEGER}'), (c, count, f'"3"^^{XSD_INTEGER}')])
    read = nx.read_graphml(io.BytesIO(written(numbers)[0]))
    assert (
        read.nodes["http://example.org/a"]["ikg:count"] == 1
        and read.nodes["http://example.org/c"]["ikg:count"] == 3
    )


def test_theme_assignments_are_edges_not_nodes(loaded: Any) -> None:
    # tests/fixtures/seed-themes.tsv: practice 11 is hand-reviewed as E and M.
    themes = {
        target.removeprefix("https://w3id.org/inspection-kg/id/theme/")
        for _, target, key in loaded.out_edges(PRACTICE + "11", keys=True)
        if loaded.edges[PRACTICE + "11", target, key]["predicate"] == "ikg:assignedTheme"
    }
    assert themes == {"employment-livelihoods", "market-entities"}
    assert not any("/theme-assignment/" in node or "/theme-rule/" in node for node in loaded.nodes)


def test_same_bytes_as_networkx_writers(builder: PropertyGraphBuilder, files: tuple[bytes, bytes]) -> None:
    # networkx's own writers, given the graph in sorted order (nodes, their attributes,
    # edges), are the reference: ours must stay what they would write (files.py says why
    # ours are used at all).
    graph = builder.networkx()
    canonical = nx.MultiDiGraph()
    for node in sorted(graph.nodes):
        canonical.add_node(node, **dict(sorted(graph.nodes[node].items())))
    for u, v, key in sorted(graph.edges(keys=True)):
        canonical.add_edge(u, v, key=f"{u} {key} {v}", **graph.edges[u, v, key])
    graphml = io.BytesIO()
    nx.write_graphml(canonical, graphml, infer_numeric_types=True)
    assert graphml.getvalue() == files[0]

    data = nx.node_link_data(graph, edges="links")
    data["nodes"].sort(key=lambda node: node["id"])
    data["links"].sort(key=lambda link: (link["source"], link["target"], link["key"]))
    node_link = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert node_link.encode("utf-8") == files[1]

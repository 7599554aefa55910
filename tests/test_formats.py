"""Every RDF file of a build holds the same graph, read by three independent parsers
(rdflib, pyoxigraph and Raptor's rapper), and the quad files keep what the text states
apart from what the builder adds."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

Quad = tuple[str, str, str, str]
Triple = tuple[str, str, str]

RDF_FILES = {
    "inspection-kg.ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE, "turtle"),
    "inspection-kg.nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES, "ntriples"),
    "inspection-kg.jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD, None),  # Raptor reads no JSON-LD
    "inspection-kg.nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS, "nquads"),
    "inspection-kg.trig": ("trig", pyoxigraph.RdfFormat.TRIG, "trig"),
}
BASE = "https://w3id.org/inspection-kg/"


def _nt(term: object) -> str:
    """One canonical spelling per term, whoever parsed it (N-Triples, via rdflib)."""
    assert not isinstance(term, rdflib.BNode), "blank node in the data"
    return term.n3()  # type: ignore[attr-defined,no-any-return]


def _rdflib_quads(path: Path, parser: str) -> set[Quad]:
    dataset = rdflib.Dataset()
    dataset.parse(path, format=parser)
    quads = set()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = "" if g is None or g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else str(g)
        quads.add((_nt(s), _nt(p), _nt(o), name))
    return quads


def _oxigraph_quads(path: Path, fmt: pyoxigraph.RdfFormat) -> set[Quad]:
    quads = set()
    for quad in pyoxigraph.parse(path=str(path), format=fmt):
        name = "" if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else quad.graph_name.value
        # Re-read each N-Triples term with rdflib so both parsers are spelled alike.
        line = f"{quad.subject} {quad.predicate} {quad.object} ."
        (s, p, o), *_ = rdflib.Graph().parse(data=line, format="nt")
        quads.add((_nt(s), _nt(p), _nt(o), name))
    return quads


def _rapper_quads(path: Path, syntax: str) -> set[Quad]:
    result = subprocess.run(
        ["rapper", "-q", "-i", syntax, "-o", "nquads", str(path)], capture_output=True, check=True
    )
    return _rdflib_quads_from_text(result.stdout.decode("utf-8"))


def _rdflib_quads_from_text(text: str) -> set[Quad]:
    dataset = rdflib.Dataset()
    dataset.parse(data=text, format="nquads")
    return {
        (_nt(s), _nt(p), _nt(o), "" if g is None or g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else str(g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    }


def _triples(quads: set[Quad]) -> set[Triple]:
    return {(s, p, o) for s, p, o, _ in quads}


@pytest.fixture(scope="module")
def reference(built_dir: Path) -> set[Triple]:
    return _triples(_rdflib_quads(built_dir / "inspection-kg.nt", "nt"))


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_rdflib_and_pyoxigraph_read_the_same_graph(
    built_dir: Path, reference: set[Triple], name: str
) -> None:
    parser, oxi_format, _ = RDF_FILES[name]
    by_rdflib = _rdflib_quads(built_dir / name, parser)
    by_oxigraph = _oxigraph_quads(built_dir / name, oxi_format)
    assert by_rdflib == by_oxigraph
    assert _triples(by_rdflib) == reference


@pytest.mark.parametrize("name", sorted(n for n, (_, _, syntax) in RDF_FILES.items() if syntax))
def test_raptor_reads_the_same_graph(built_dir: Path, name: str) -> None:
    if shutil.which("rapper") is None:
        if os.environ.get("CI"):
            pytest.fail("rapper (Debian raptor2-utils) is not installed; .ci/run must install it")
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    parser, _, syntax = RDF_FILES[name]
    assert syntax is not None
    assert _rapper_quads(built_dir / name, syntax) == _rdflib_quads(built_dir / name, parser)


def test_quad_files_agree_and_name_each_kind_of_graph(built_dir: Path) -> None:
    nquads = _rdflib_quads(built_dir / "inspection-kg.nq", "nquads")
    assert nquads == _rdflib_quads(built_dir / "inspection-kg.trig", "trig")
    names = sorted({g for *_, g in nquads})
    key = "guobanfa-2020-46"
    assert names == [
        f"{BASE}graph/dataset",
        f"{BASE}graph/{key}/added",
        f"{BASE}graph/{key}/inferred",
        f"{BASE}graph/{key}/provenance",
        f"{BASE}graph/{key}/stated",
        f"{BASE}graph/reference",
        f"{BASE}graph/wikidata-links",
    ]


def _graph(quads: set[Quad], name: str) -> set[Triple]:
    return {(s, p, o) for s, p, o, g in quads if g == f"{BASE}graph/{name}"}


def test_stated_graph_holds_the_words_and_added_graph_the_reading(built_dir: Path) -> None:
    quads = _rdflib_quads(built_dir / "inspection-kg.nq", "nquads")
    stated, added = _graph(quads, "guobanfa-2020-46/stated"), _graph(quads, "guobanfa-2020-46/added")
    ikg = "<https://w3id.org/inspection-kg/def/"
    practice22 = f"<{BASE}id/practice/guobanfa-2020-46/22>"
    # What line 49 of the notice prints: the actors as written, and the practice's words.
    assert (practice22, f"{ikg}attributionText>", '"河南省水利厅、濮阳市"@zh') in stated
    # Which organisations and regions those words name is the builder's reading.
    assert (practice22, f"{ikg}attributedTo>", f"<{BASE}id/agent/410000-water-resources>") in added
    assert (practice22, "<http://purl.org/dc/terms/spatial>", f"<{BASE}id/region/410900>") in added
    assert not any(p in {f"{ikg}attributedTo>", "<http://purl.org/dc/terms/spatial>"} for _, p, _ in stated)
    # Curated labels and the division table are reference data, not statements of the notice.
    reference = _graph(quads, "reference")
    assert (
        f"<{BASE}id/region/410900>",
        "<http://www.w3.org/2004/02/skos/core#prefLabel>",
        '"濮阳市"@zh',
    ) in reference
    assert not any(s.startswith(f"<{BASE}id/region/") for s, _, _ in stated | added)
    # Selectors live in the provenance graph only.
    oa_exact = "<http://www.w3.org/ns/oa#exact>"
    assert any(p == oa_exact for _, p, _ in _graph(quads, "guobanfa-2020-46/provenance"))
    assert not any(p == oa_exact for _, p, _ in stated | added | reference)


def test_no_graph_shares_a_triple_with_another(built_dir: Path) -> None:
    """Each triple has one origin; the union (the .ttl) is then the sum of the graphs."""
    quads = _rdflib_quads(built_dir / "inspection-kg.nq", "nquads")
    assert len(_triples(quads)) == len(quads)

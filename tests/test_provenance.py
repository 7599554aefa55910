"""Every Web Annotation selector points at exactly the characters it quotes."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import rdflib
from rdflib import URIRef
from rdflib.namespace import RDF

from inspection_kg.use.store import open_store

from .conftest import REAL_NOTICES, SEED

PREFIXES = {
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
IKG = rdflib.Namespace("https://w3id.org/inspection-kg/def/")
NNI = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
# What the offsets index: the seed as NFC with LF line ends (read here, not by the builder).
TEXT = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))


def _selectors(
    graph: rdflib.Graph, annotation: rdflib.term.Node
) -> tuple[rdflib.term.Node, rdflib.term.Node]:
    target = graph.value(annotation, OA.hasTarget)
    selectors = set(graph.objects(target, OA.hasSelector))
    quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
    position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
    return quote, position


def test_every_selector_round_trips(graph: rdflib.Graph) -> None:
    annotations = list(graph.subjects(RDF.type, OA.Annotation))
    # every practice; title, 发文字号, date, signature, approval; every quoted term; the five
    # themes the body names (line 8)
    assert len(annotations) == 43 + 5 + TEXT.count("“") + 5
    for annotation in annotations:
        quote, position = _selectors(graph, annotation)
        start_literal, end_literal = graph.value(position, OA.start), graph.value(position, OA.end)
        assert start_literal.datatype == NNI and end_literal.datatype == NNI
        start, end = int(start_literal), int(end_literal)
        assert TEXT[start:end] == str(graph.value(quote, OA.exact))
        assert TEXT[:start].endswith(str(graph.value(quote, OA.prefix)))
        assert TEXT[end:].startswith(str(graph.value(quote, OA.suffix)))


def test_practice_22_points_at_its_printed_line(graph: rdflib.Graph) -> None:
    practice = URIRef("https://w3id.org/inspection-kg/id/practice/guobanfa-2020-46/22")
    annotation = next(
        a for a in graph.subjects(OA.hasBody, practice) if (a, IKG.groundsProperty, None) not in graph
    )
    quote, _ = _selectors(graph, annotation)
    assert (
        str(graph.value(quote, OA.exact)) == "22．河南省水利厅、濮阳市探索供水“四化”新路径保障农村饮水安全。"
    )


def test_notice_fields_are_grounded(graph: rdflib.Graph) -> None:
    exact_by_property = {}
    for annotation in graph.subjects(IKG.groundsProperty, None):
        quote, _ = _selectors(graph, annotation)
        exact_by_property[str(graph.value(annotation, IKG.groundsProperty)).rsplit("/", 1)[-1]] = str(
            graph.value(quote, OA.exact)
        )
    assert exact_by_property["ontology#id_local"] == "国办发〔2020〕46号"
    assert exact_by_property["ontology#date_document"] == "2020年11月19日"
    assert exact_by_property["ontology#passed_by"] == "国务院办公厅"
    assert exact_by_property["title"].replace("\n", "").strip().replace(" ", "") == (
        "国务院办公厅关于对国务院第七次大督查发现的典型经验做法给予表扬的通报"
    )


def test_source_text_is_described_with_its_checksum(graph: rdflib.Graph) -> None:
    sources = set(graph.objects(None, OA.hasSource))
    assert len(sources) == 1
    checksum = graph.value(sources.pop(), SPDX.checksum)
    assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()


def test_the_source_text_is_in_the_data_and_every_annotation_checks_against_it_in_sparql(
    real_dir: Path,
) -> None:
    """The text each source's rdf:value holds is the notice file as NFC with LF line ends
    (read here from data/notices/), and in the store itself every quote is the substring of
    that text at its offsets (SPARQL SUBSTR counts characters, as the offsets do)."""
    store = open_store(real_dir)
    texts = {
        str(row["source"].value): row["text"].value
        for row in store.query(
            "SELECT ?source ?text WHERE { ?source a prov:Entity ; rdf:value ?text }",
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
        )
    }
    for path in sorted(REAL_NOTICES.glob("*.txt")):
        printed = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
        assert texts[f"https://w3id.org/inspection-kg/source/{path.stem}/zh-nfc.txt"] == printed
    checked = list(
        store.query(
            """SELECT ?exact (SUBSTR(?text, ?start + 1, ?end - ?start) AS ?there) WHERE {
                 ?target oa:hasSource ?source ; oa:hasSelector ?q, ?p .
                 ?source rdf:value ?text .
                 ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }""",
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
        )
    )
    assert len(checked) >= 130 + 43  # one per practice of the two notices, at least
    assert all(row["exact"].value == row["there"].value for row in checked)

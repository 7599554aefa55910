"""SHACL shapes: the built dataset conforms and exercises every node shape; a broken copy
fails with the shape and the path that were broken named in the report.

Each case breaks one thing in a copy of the built graph. The cases are derived from the
constraints written in ontology/shapes.ttl (a value removed where sh:minCount asks for one,
one value too many where sh:maxCount forbids it, a wrong datatype, language, kind or class),
plus hand-written cases for the rules on whole nodes. A shape without a case fails the suite.

Every case is checked by both validators: pySHACL, the reference, and the build's SHACL
Core checker (use/shacl_core.py), which must report the same violations. (pySHACL lists a
violation once per way its focus node was targeted; the two are compared as sets.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import rdflib
import rdflib.compare
from rdflib import BNode, Literal, URIRef
from rdflib import namespace as ns

from inspection_kg.model.terms import Triple
from inspection_kg.use.validate import ValidationReport, load_shapes, validate_graph, validate_triples

from .conftest import REPO

SHAPES = rdflib.Graph().parse(REPO / "ontology" / "shapes.ttl")
IKGSH = "https://w3id.org/inspection-kg/shapes/"
IKG = rdflib.Namespace("https://w3id.org/inspection-kg/def/")
NOT_A_THING = URIRef("https://example.org/not-a-typed-resource")
Mutation = Callable[[rdflib.Graph, URIRef, URIRef], None]  # graph, focus node, path


@dataclass(frozen=True)
class Case:
    shape: str  # local name under ikgsh:
    path: str  # CURIE expected in the report, "" for a node rule
    what: str
    node_shape: str
    mutate: Mutation

    @property
    def id(self) -> str:
        return f"{self.shape}:{self.what}"


def _local(term: object) -> str:
    return str(term).removeprefix(IKGSH)


def _focus_nodes(graph: rdflib.Graph, node_shape: URIRef) -> list[URIRef]:
    nodes: set[object] = set()
    for cls in SHAPES.objects(node_shape, ns.SH.targetClass):
        nodes.update(graph.subjects(ns.RDF.type, cls))
    for prop in SHAPES.objects(node_shape, ns.SH.targetSubjectsOf):
        nodes.update(graph.subjects(prop, None))
    for prop in SHAPES.objects(node_shape, ns.SH.targetObjectsOf):
        nodes.update(graph.objects(None, prop))
    return sorted(n for n in nodes if isinstance(n, URIRef))


# The prefixes shapes.ttl declares (rdflib would rebind schema: to https on parsing).
PREFIXES = dict(
    re.findall(r"^@prefix (\w+): <([^>]+)> \.$", (REPO / "ontology" / "shapes.ttl").read_text(), re.MULTILINE)
)


def _curie(iri: str) -> str:
    prefix, namespace = max(
        ((p, n) for p, n in PREFIXES.items() if iri.startswith(n)), key=lambda item: len(item[1])
    )
    return f"{prefix}:{iri[len(namespace) :]}"


def _property_cases() -> Iterator[Case]:
    for node_shape in sorted(SHAPES.subjects(ns.RDF.type, ns.SH.NodeShape)):
        for prop_shape in sorted(SHAPES.objects(node_shape, ns.SH.property)):
            path = SHAPES.value(prop_shape, ns.SH.path)
            assert isinstance(path, URIRef)
            name = _local(prop_shape)
            node = _local(node_shape)

            min_count = SHAPES.value(prop_shape, ns.SH.minCount)
            if min_count is not None and int(min_count) >= 1:
                yield Case(
                    name,
                    str(path),
                    "value removed",
                    node,
                    lambda g, f, p: g.remove((f, p, None)),
                )
            if SHAPES.value(prop_shape, ns.SH.maxCount) is not None or SHAPES.value(
                prop_shape, ns.SH.uniqueLang
            ):

                def one_more(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
                    value = next(iter(g.objects(f, p)), None)
                    if value is None:  # an optional property this build does not use: give it two
                        g.add((f, p, Literal("2020-01-01T00:00:00Z", datatype=ns.XSD.dateTime)))
                        g.add((f, p, Literal("2021-01-01T00:00:00Z", datatype=ns.XSD.dateTime)))
                        return
                    extra = (
                        Literal(f"{value}（多余）", lang=value.language)
                        if isinstance(value, Literal)
                        else NOT_A_THING
                    )
                    if isinstance(value, Literal) and value.datatype == ns.XSD.boolean:
                        # rdflib reads an ill-typed "false9" as "false" (one value, not two)
                        extra = Literal(not value.value)
                    elif isinstance(value, Literal) and value.datatype is not None:
                        extra = Literal(f"{value}9", datatype=value.datatype)
                    g.add((f, p, extra))
                    if isinstance(extra, URIRef):  # enough distinct values to pass any sh:maxCount here
                        g.add((f, p, URIRef(f"{NOT_A_THING}-2")))

                yield Case(name, str(path), "one value too many", node, one_more)
            datatype = SHAPES.value(prop_shape, ns.SH.datatype)
            if datatype is not None:
                wrong = Literal("1", datatype=ns.XSD.decimal) if datatype != ns.XSD.decimal else Literal("x")

                def retype(g: rdflib.Graph, f: URIRef, p: URIRef, wrong: Literal = wrong) -> None:
                    g.remove((f, p, None))
                    g.add((f, p, wrong))

                yield Case(name, str(path), "wrong datatype", node, retype)
            if SHAPES.value(prop_shape, ns.SH.languageIn) is not None:

                def relanguage(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
                    # an optional property this build does not use (a citation): give it one
                    value = next(iter(g.objects(f, p)), "texte")
                    g.remove((f, p, None))
                    g.add((f, p, Literal(str(value), lang="fr")))

                yield Case(name, str(path), "language not allowed", node, relanguage)
            if SHAPES.value(prop_shape, ns.SH.nodeKind) == ns.SH.IRI:

                def literal_instead(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
                    g.remove((f, p, None))
                    g.add((f, p, Literal("a name, not an IRI")))

                yield Case(name, str(path), "literal instead of IRI", node, literal_instead)
            if SHAPES.value(prop_shape, ns.SH["class"]) is not None:

                def untyped_target(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
                    g.remove((f, p, None))
                    g.add((f, p, NOT_A_THING))

                yield Case(name, str(path), "target of the wrong class", node, untyped_target)
            if SHAPES.value(prop_shape, ns.SH.pattern) is not None:

                def off_pattern(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
                    value = next(iter(g.objects(f, p)))
                    g.remove((f, p, None))
                    g.add(
                        (
                            f,
                            p,
                            Literal(f" {value} ") if isinstance(value, Literal) else URIRef(f"urn:x:{value}"),
                        )
                    )

                yield Case(name, str(path), "value off its pattern", node, off_pattern)


def _practice(n: int) -> URIRef:
    return URIRef(f"https://w3id.org/inspection-kg/id/practice/guobanfa-2020-46/{n}")


def _region(code: str) -> URIRef:
    return URIRef(f"https://w3id.org/inspection-kg/id/region/{code}")


def _node_rule_cases() -> Iterator[Case]:
    """Rules on a node as a whole (sh:or, sh:xone, sh:class, sh:pattern, sh:lessThan, sh:in)."""

    def drop_attribution(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
        g.remove((_practice(22), IKG.attributedTo, None))

    yield Case("Practice", "", "neither attributed nor unresolved", "Practice", drop_attribution)

    def province_with_parent(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
        g.add((_region("410000"), rdflib.SKOS.broader, _region("350000")))

    yield Case("Region", "", "both a top concept and a child", "Region", province_with_parent)

    def notice_iri_without_eli(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
        bad = URIRef("https://w3id.org/inspection-kg/id/notice/guobanfa-2020-46")
        for predicate, o in list(g.predicate_objects(f)):
            g.add((bad, predicate, o))
        g.remove((f, None, None))

    yield Case("Notice", "", "IRI without /eli/", "Notice", notice_iri_without_eli)

    def untyped_work(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
        g.remove((f, ns.RDF.type, URIRef("http://data.europa.eu/eli/ontology#LegalResource")))

    yield Case("Notice", "", "not typed eli:LegalResource", "Notice", untyped_work)

    def blank_practice(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
        g.add((BNode("b0"), ns.RDF.type, IKG.Practice))

    yield Case("TypedNode", "", "blank node", "TypedNode", blank_practice)

    def end_before_start(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
        oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
        g.remove((f, oa.end, None))
        g.add((f, oa.end, Literal(0, datatype=ns.XSD.nonNegativeInteger)))

    yield Case(
        "PositionSelector-start",
        "http://www.w3.org/ns/oa#start",
        "start not before end",
        "PositionSelector",
        end_before_start,
    )

    def md5(g: rdflib.Graph, f: URIRef, p: URIRef) -> None:
        spdx = rdflib.Namespace("http://spdx.org/rdf/terms#")
        g.remove((f, spdx.algorithm, None))
        g.add((f, spdx.algorithm, spdx.checksumAlgorithm_md5))

    yield Case("Checksum-algorithm", "http://spdx.org/rdf/terms#algorithm", "not SHA-256", "Checksum", md5)


CASES = [*_property_cases(), *_node_rule_cases()]


def _triples(graph: rdflib.Graph) -> list[Triple]:
    """The graph's triples as N-Triples terms, as the build holds them (read by pyoxigraph)."""
    import pyoxigraph

    data = graph.serialize(format="nt", encoding="utf-8")
    return [
        (str(t.subject), str(t.predicate), str(t.object))
        for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    ]


def _both(graph: rdflib.Graph) -> ValidationReport:
    """pySHACL's report, after checking that the build's checker gives the same violations."""
    reference = validate_graph(graph)
    fast = validate_triples(_triples(graph))
    assert set(fast.violations) == set(reference.violations), (
        f"only pySHACL:\n{ValidationReport(tuple(sorted(set(reference.violations) - set(fast.violations)))).render()}\n"
        f"only shacl_core:\n{ValidationReport(tuple(sorted(set(fast.violations) - set(reference.violations)))).render()}"
    )
    return reference


@pytest.fixture(scope="module")
def built(graph: rdflib.Graph) -> rdflib.Graph:
    return graph


def test_the_built_dataset_conforms_and_reaches_every_node_shape(graph: rdflib.Graph) -> None:
    report = _both(graph)
    assert report.conforms, report.render()
    for node_shape in SHAPES.subjects(ns.RDF.type, ns.SH.NodeShape):
        assert _focus_nodes(graph, node_shape), f"{_local(node_shape)} has no focus node in the build"


def test_every_shape_has_a_violating_case() -> None:
    named = {_local(s) for s in SHAPES.subjects(ns.RDF.type, ns.SH.NodeShape)}
    named |= {_local(s) for s in SHAPES.subjects(ns.RDF.type, ns.SH.PropertyShape)}
    covered = {case.shape for case in CASES} | {case.node_shape for case in CASES}
    assert named - covered == set()
    assert len(named) >= 90  # a suite that shrank would show here


def test_the_package_validates_with_the_repository_shapes() -> None:
    assert rdflib.compare.isomorphic(load_shapes(), SHAPES)
    validate_graph(rdflib.Graph())
    assert rdflib.compare.isomorphic(load_shapes(), SHAPES), "pySHACL changed the shapes it was given"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_broken_copy_names_the_shape_and_path(graph: rdflib.Graph, case: Case) -> None:
    broken = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        broken.bind(prefix, namespace)
    for triple in graph:
        broken.add(triple)
    focus = _focus_nodes(graph, URIRef(IKGSH + case.node_shape))
    if case.path:
        focus = [node for node in focus if (node, URIRef(case.path), None) in graph] or focus
    case.mutate(broken, focus[0], URIRef(case.path))
    report = _both(broken)
    assert not report.conforms
    expected_path = _curie(case.path) if case.path else ""
    hits = [v for v in report.violations if v.shape == f"ikgsh:{case.shape}" and v.path == expected_path]
    assert hits, f"expected ikgsh:{case.shape} on {expected_path or 'the node'}; got:\n{report.render()}"
    assert all(v.message_en and v.message_zh for v in hits)

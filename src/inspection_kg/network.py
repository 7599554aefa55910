"""The knowledge graph as a property graph (networkx), for network analysis and for
graph tools that do not read RDF: GraphML (Gephi, yEd, Cytoscape) and node-link JSON.

Nodes are the IRI resources of the knowledge: practices, the notice and its
expression, the inspection campaign, organisations, regions and concepts. The
provenance plumbing (Web Annotations, their targets and selectors, the source text
they index and its checksum) and any description of the dataset itself (DCAT, VoID,
the PROV record of a build, and what only they mention, such as its licence and
publisher) are left out, and a rule-inferred theme assignment is one edge
(practice → theme, ``ikg:assignedTheme``) rather than a node: they say where and how facts were read and
published, not what the notice says, and as nodes they would outnumber the knowledge
and turn every centrality or community measure into a measure of our bookkeeping.
The RDF files keep them; this projection is the knowledge itself.

Every output is deterministic: nodes, edges and attribute keys are inserted in
sorted order, so the bytes depend neither on PYTHONHASHSEED nor on rdflib's
iteration order.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from typing import Any

import networkx as nx  # type: ignore[import-untyped,unused-ignore]
from networkx.readwrite.graphml import GraphMLWriter  # type: ignore[import-untyped,unused-ignore]
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from .vocab import DCAT, IKG, OA, SPDX, VOID, local_name
from .vocab import curie as vocab_curie

__all__ = ["curie", "graphml_bytes", "node_link_bytes", "property_graph"]

# Resources typed with one of these are how facts were located in the source text.
PROVENANCE_TYPES = frozenset(
    {OA.Annotation, OA.SpecificResource, OA.TextQuoteSelector, OA.TextPositionSelector, SPDX.Checksum}
)
# Resources typed with one of these describe the dataset, not the notice.
DATASET_TYPES = frozenset(
    {DCAT.Catalog, DCAT.Dataset, DCAT.Distribution, DCAT.DataService, VOID.Dataset, VOID.Linkset}
    | {PROV.SoftwareAgent}
)

# Rule-inferred facts (a theme assignment and its rule) become one edge each,
# practice → theme with predicate ikg:assignedTheme, instead of nodes of their own.
INFERENCE_TYPES = frozenset({IKG.ThemeAssignment, IKG.ThemeRule})

# The node's `type` is the first of its types in this list; unlisted project types
# come next, then any other type, alphabetically.
TYPE_PRIORITY = (
    "ikg:Practice",
    "ikg:Notice",
    "ikg:InspectionCampaign",
    "schema:AdministrativeArea",
    "org:Organization",
    "eli:LegalResource",
    "eli:LegalExpression",
    "skos:ConceptScheme",
    "skos:Concept",
)
# An IRI that is only ever an object (e.g. the EU language authority's ZHO).
UNTYPED = "rdfs:Resource"
# Where the Chinese label comes from, in order.
LABEL_KEYS = ("skos:prefLabel", "dcterms:title", "eli:title")
MULTI_VALUE_SEPARATOR = " | "

_INTEGER_TYPES = frozenset(
    XSD[name]
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)


def curie(iri: str) -> str:
    """``prefix:local`` by the project's fixed prefix table, so keys read the same as
    the Turtle; the full IRI when no prefix applies."""
    return vocab_curie(iri) or iri


def _type_rank(type_curie: str) -> tuple[int, int, str]:
    listed = TYPE_PRIORITY.index(type_curie) if type_curie in TYPE_PRIORITY else len(TYPE_PRIORITY)
    return listed, 0 if type_curie.startswith("ikg:") else 1, type_curie


def _excluded(graph: Graph) -> set[URIRef]:
    """The provenance plumbing and the dataset description (see the module docstring)."""
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    referrers: dict[URIRef, set[URIRef]] = defaultdict(set)
    for subject, predicate, obj in graph:
        if isinstance(subject, URIRef) and isinstance(obj, URIRef):
            if predicate == RDF.type:
                types[subject].add(obj)
            else:
                referrers[obj].add(subject)

    def project_typed(iri: URIRef) -> bool:
        return any(t.startswith(str(IKG)) for t in types.get(iri, ()))

    # The source text: what annotation targets point into, or a file with a checksum.
    files = {o for o in graph.objects(None, OA.hasSource) if isinstance(o, URIRef)}
    files |= {s for s in graph.subjects(SPDX.checksum) if isinstance(s, URIRef)}
    excluded = set()
    for iri in set(types) | files:
        typed = types.get(iri, set())
        # A project type keeps a file or an activity (the campaign is an
        # ikg:InspectionCampaign); a bare prov:Activity is a build run.
        if typed & (PROVENANCE_TYPES | DATASET_TYPES | INFERENCE_TYPES) or (
            not project_typed(iri) and (iri in files or PROV.Activity in typed)
        ):
            excluded.add(iri)
    # What only excluded resources mention goes with them (the dataset's licence and
    # publisher); resources of a project type stay (a practice is mentioned only by
    # its annotation and the dataset's example list). The fixpoint is unique.
    while True:
        orphans = {
            iri
            for iri, sources in referrers.items()
            if iri not in excluded and sources <= excluded and not project_typed(iri)
        }
        if not orphans:
            return excluded
        excluded |= orphans


def _value(literal: Literal) -> int | str:
    if literal.datatype in _INTEGER_TYPES:
        value = literal.toPython()
        if type(value) is int:
            return value
    return str(literal)


def _joined(values: list[int | str]) -> int | str:
    if len(values) == 1:
        return values[0]
    if all(type(v) is int for v in values):
        return MULTI_VALUE_SEPARATOR.join(str(v) for v in sorted(values, key=int))
    return MULTI_VALUE_SEPARATOR.join(sorted(str(v) for v in values))


def _label(iri: str, literals: dict[str, list[int | str]]) -> str:
    for key in LABEL_KEYS:
        for lang_key in sorted(k for k in literals if k.lower() == f"{key}@zh".lower()):
            return str(min(str(v) for v in literals[lang_key]))
        for lang_key in sorted(k for k in literals if k.lower().startswith(f"{key}@zh-".lower())):
            return str(min(str(v) for v in literals[lang_key]))
    return local_name(iri)


def property_graph(graph: Graph) -> nx.MultiDiGraph:
    """Project the RDF graph to a networkx MultiDiGraph, so the knowledge can be
    analysed with graph algorithms and opened in tools that do not read RDF.

    Node id and ``iri``: the full IRI; ``type``: the most specific type CURIE;
    ``types``: all type CURIEs, sorted, space-separated; ``label``: the Chinese
    label; one attribute per literal property, named by its CURIE (``@lang``
    appended when tagged; several values sorted and joined with " | "; integers
    stay ``int``). One edge per triple with an IRI object (not ``rdf:type``), with
    key and attribute ``predicate`` the predicate's CURIE. Blank nodes (the dataset
    has none) are skipped.
    """
    excluded = _excluded(graph)
    types: dict[str, set[str]] = {}
    literals: dict[str, dict[str, list[int | str]]] = defaultdict(lambda: defaultdict(list))
    edges: set[tuple[str, str, str]] = set()
    for subject, predicate, obj in graph:
        if not isinstance(subject, URIRef) or subject in excluded:
            continue
        node = str(subject)
        node_types = types.setdefault(node, set())  # every kept subject is a node, typed or not
        if predicate == RDF.type:
            if isinstance(obj, URIRef):
                node_types.add(curie(str(obj)))
        elif isinstance(obj, Literal):
            key = curie(str(predicate)) + (f"@{obj.language}" if obj.language else "")
            literals[node][key].append(_value(obj))
        elif isinstance(obj, URIRef) and obj not in excluded:
            edges.add((node, str(obj), curie(str(predicate))))
    for assignment in graph.subjects(RDF.type, IKG.ThemeAssignment):
        practice, theme = (
            graph.value(assignment, IKG.assignedPractice),
            graph.value(assignment, IKG.assignedTheme),
        )
        if isinstance(practice, URIRef) and isinstance(theme, URIRef):
            edges.add((str(practice), str(theme), curie(str(IKG.assignedTheme))))

    pg = nx.MultiDiGraph()
    for node in sorted(set(types) | {target for _, target, _ in edges}):
        type_curies = sorted(types.get(node) or {UNTYPED})
        attributes: dict[str, Any] = {
            "iri": node,
            "type": min(type_curies, key=_type_rank),
            "types": " ".join(type_curies),
            "label": _label(node, literals.get(node, {})),
        }
        node_literals = literals.get(node, {})
        for key in sorted(node_literals):
            attributes[key] = _joined(node_literals[key])
        pg.add_node(node)
        pg.nodes[node].update(attributes)
    for source, target, key in sorted(edges):
        pg.add_edge(source, target, key=key, predicate=key)
    return pg


def _graphml_value(value: Any) -> Any:
    return value if type(value) in (str, int, float, bool) else str(value)


def _consistent(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attribute dicts with sorted keys; a key whose values differ in type becomes a
    string everywhere (GraphML declares one type per key)."""
    items = [{k: _graphml_value(data[k]) for k in sorted(data, key=str)} for data in items]
    seen: dict[str, set[type]] = defaultdict(set)
    for data in items:
        for key, value in data.items():
            seen[key].add(type(value))
    mixed = {key for key, kinds in seen.items() if len(kinds) > 1}
    return [{k: str(v) if k in mixed else v for k, v in data.items()} for data in items]


def graphml_bytes(pg: nx.MultiDiGraph) -> bytes:
    """GraphML, for Gephi, yEd and Cytoscape. Written from a sorted copy, so the
    bytes do not depend on how ``pg`` was built. Edge ids are ``source key target``:
    GraphML wants them unique, and Gephi drops edges whose id repeats."""
    nodes = sorted(pg.nodes, key=str)
    edges = sorted(pg.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    node_data = _consistent([dict(pg.nodes[n]) for n in nodes])
    edge_data = _consistent([dict(pg.edges[e]) for e in edges])
    canonical = nx.MultiDiGraph()
    canonical.graph.update(_consistent([dict(pg.graph)])[0])
    for node, data in zip(nodes, node_data, strict=True):
        canonical.add_node(node)
        canonical.nodes[node].update(data)
    for (source, target, key), data in zip(edges, edge_data, strict=True):
        edge_id = f"{source} {key} {target}"
        canonical.add_edge(source, target, key=edge_id)
        canonical.edges[source, target, edge_id].update(data)
    # The pure-Python writer, never lxml's: one serialiser whatever is installed.
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(canonical)
    buffer = io.BytesIO()
    writer.dump(buffer)
    out: bytes = buffer.getvalue()
    return out if out.endswith(b"\n") else out + b"\n"


def node_link_bytes(pg: nx.MultiDiGraph) -> bytes:
    """Node-link JSON (networkx's ``node_link_data``, edges under "links"), the form
    D3 and most JavaScript graph libraries load; nodes and links sorted, keys sorted,
    non-ASCII kept as UTF-8 so labels stay readable."""
    data: dict[str, Any] = nx.node_link_data(pg, edges="links")
    data["nodes"] = sorted(data["nodes"], key=lambda n: str(n["id"]))
    data["links"] = sorted(data["links"], key=lambda e: (str(e["source"]), str(e["target"]), str(e["key"])))
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")

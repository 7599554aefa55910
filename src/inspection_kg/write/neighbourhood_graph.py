"""What the neighbourhood picture shows, read from a small rdflib graph: the nodes and followed
links around the focus, each node's rank (its longest path from the focus, the picture's column),
and each node's kind, label, type and CURIEs (neighbourhood.py lays them out and draws them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..model.vocab import IKG, ORG, SCHEMA, curie, local_name
from .svg import chosen_label, is_chinese

# Which links the neighbourhood follows out of a node, by the node's kind.
PRACTICE_LINKS = (IKG.attributedTo, DCTERMS.spatial, IKG.commendedIn, IKG.identifiedDuring)
AGENT_LINKS = (ORG.subOrganizationOf, DCTERMS.spatial)
REGION_LINKS = (SKOS.broader,)
_LINKS = {"practice": PRACTICE_LINKS, "agent": AGENT_LINKS, "region": REGION_LINKS}
KIND_ORDER = ("practice", "agent", "region", "other")
_TYPE_PREFERENCE = ("ikg", "schema", "org", "eli")

# --------------------------------------------------------------------------------------------------
# Neighbourhood: the focus, what it links to, and one more hop for agents and regions


@dataclass(frozen=True)
class Edge:
    """One followed link: ``source predicate target``."""

    source: URIRef
    predicate: URIRef
    target: URIRef


def neighbourhood(graph: Graph, focus: URIRef) -> tuple[list[URIRef], list[Edge]]:
    """The nodes to draw (sorted) and every followed link among them (sorted)."""
    kind = kind_of(graph, focus)
    focus_links = _LINKS.get(kind, PRACTICE_LINKS + AGENT_LINKS + REGION_LINKS)
    nodes: set[URIRef] = {focus}
    hop_one = _targets(graph, focus, focus_links)
    nodes.update(hop_one)
    for node in sorted(hop_one):
        if kind_of(graph, node) in ("agent", "region"):
            nodes.update(_targets(graph, node, _LINKS[kind_of(graph, node)]))
    # Every region's broader chain, up to the top.
    todo = sorted(n for n in nodes if kind_of(graph, n) == "region")
    while todo:
        region = todo.pop()
        for parent in _targets(graph, region, REGION_LINKS):
            if parent not in nodes:
                nodes.add(parent)
                todo.append(parent)
    edges = sorted(
        {
            Edge(node, predicate, target)
            for node in nodes
            for predicate in (focus_links if node == focus else _LINKS.get(kind_of(graph, node), ()))
            for target in graph.objects(node, predicate)
            if isinstance(target, URIRef) and target in nodes and target != node
        },
        key=lambda e: (str(e.source), str(e.predicate), str(e.target)),
    )
    return sorted(nodes), edges


def _targets(graph: Graph, node: URIRef, predicates: Sequence[URIRef]) -> set[URIRef]:
    return {o for p in predicates for o in graph.objects(node, p) if isinstance(o, URIRef)}


def ranks(focus: URIRef, nodes: Sequence[URIRef], edges: Sequence[Edge]) -> dict[URIRef, int]:
    """Longest path from the focus (bounded, so a cycle cannot loop); every arrow then points right."""
    rank = {node: 0 for node in nodes}
    for _ in range(len(nodes)):
        changed = False
        for edge in edges:
            if edge.target != focus and rank[edge.target] < rank[edge.source] + 1:
                rank[edge.target] = rank[edge.source] + 1
                changed = True
        if not changed:
            break
    # Make every edge point right even in a cycle: drop a backward edge's target one column further.
    for node in nodes:
        if node != focus and rank[node] == 0:
            rank[node] = 1
    return rank


# --------------------------------------------------------------------------------------------------
# Shared helpers


def types_of(graph: Graph, node: URIRef) -> list[URIRef]:
    """The node's ``rdf:type`` IRIs, sorted."""
    return sorted(o for o in graph.objects(node, RDF.type) if isinstance(o, URIRef))


def kind_of(graph: Graph, node: URIRef) -> str:
    """practice, agent, region or other, by the node's types."""
    types = set(types_of(graph, node))
    if IKG.Practice in types:
        return "practice"
    if types & {ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit}:
        return "agent"
    if SCHEMA.AdministrativeArea in types:
        return "region"
    return "other"


def primary_type(graph: Graph, node: URIRef) -> URIRef:
    """The type worth showing: our own terms first, then schema.org, org, ELI, then the rest."""

    def preference(iri: URIRef) -> tuple[int, str]:
        prefix = curie_of(graph, iri).split(":", 1)[0]
        order = _TYPE_PREFERENCE.index(prefix) if prefix in _TYPE_PREFERENCE else len(_TYPE_PREFERENCE)
        return (order, str(iri))

    return min(types_of(graph, node), key=preference)


def label_of(graph: Graph, node: URIRef) -> str:
    """The label both pictures show (svg.chosen_label over the node's Chinese labels)."""
    pref_label = _least_chinese(graph, node, SKOS.prefLabel)
    return chosen_label(str(node), pref_label, _least_chinese(graph, node, DCTERMS.title))


def _least_chinese(graph: Graph, node: URIRef, predicate: URIRef) -> str | None:
    texts = (
        str(o) for o in graph.objects(node, predicate) if isinstance(o, Literal) and is_chinese(o.language)
    )
    return min(texts, default=None)


def last_segment(node: URIRef) -> str:
    """The IRI's last path segment."""
    return local_name(str(node))


def curie_of(graph: Graph, iri: URIRef) -> str:
    """A CURIE with our prefixes first, then the graph's own."""
    return curie(str(iri), {prefix: str(ns) for prefix, ns in graph.namespaces()}) or f"<{iri}>"

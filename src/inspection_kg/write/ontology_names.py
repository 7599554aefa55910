"""How the ontology page names and links terms: the prefix table, the ontology's own namespace
and prefix, CURIEs, links to anchors and IRIs, literals with their language or datatype, and
anonymous class expressions in the spirit of Manchester syntax (ontology_doc.py lays out the page).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ..model.vocab import VOCABULARY_PREFIXES

VANN = Namespace("http://purl.org/vocab/vann/")
DC = Namespace("http://purl.org/dc/elements/1.1/")

# Section anchors; a term whose local name equals one of them would break the page.
CONTENTS, CLASSES, PROPERTIES, EXTERNAL = "contents", "classes", "properties", "external-vocabularies"


@dataclass(frozen=True)
class Kind:
    """A kind of own term: its section anchor and title, and the rdf:types that make it."""

    anchor: str
    title: str
    types: frozenset[URIRef]
    is_class: bool = False


# Each own term is documented once, under the first kind its rdf:type matches.
CHARACTERISTICS: dict[URIRef, str] = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}
KINDS: tuple[Kind, ...] = (
    Kind(CLASSES, "Classes", frozenset({OWL.Class, RDFS.Class}), is_class=True),
    Kind("object-properties", "Object properties", frozenset({OWL.ObjectProperty})),
    Kind("datatype-properties", "Datatype properties", frozenset({OWL.DatatypeProperty})),
    Kind("annotation-properties", "Annotation properties", frozenset({OWL.AnnotationProperty})),
    Kind("other-properties", "Other properties", frozenset({RDF.Property, *CHARACTERISTICS})),
)
PROPERTY_KINDS = KINDS[1:]

_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
_MARKDOWN_SIGNIFICANT = re.compile(r"([\\`*_\[\]<>|~$&#])")


def markdown_text(value: str) -> str:
    """One line of literal text with Markdown's significant characters escaped (cells included)."""
    return _MARKDOWN_SIGNIFICANT.sub(r"\\\1", _WHITESPACE.sub(" ", value).strip())


def language_key(literal: Literal) -> tuple[int, str, str]:
    """Chinese first, then English, then other tags, then untagged."""
    language = (literal.language or "").lower()
    primary = language.split("-")[0]
    rank = {"zh": 0, "en": 1}.get(primary, 2 if language else 3)
    return rank, language, str(literal)


def literals_of(graph: Graph, subject: Node, predicate: URIRef) -> list[Literal]:
    """The literal values of ``predicate`` on ``subject``, in ``language_key`` order."""
    return sorted((o for o in graph.objects(subject, predicate) if isinstance(o, Literal)), key=language_key)


def split_namespace(iri: str) -> str:
    """The IRI up to its last ``#`` or ``/`` (the whole IRI when it has neither)."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut >= 0 else iri


class TermNames:
    """One graph's names: the prefix table, its own namespace, prefix and terms, and each node as Markdown."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        ontologies = sorted(s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
        if not ontologies:
            raise ValueError("the graph declares no owl:Ontology")
        self.iri = ontologies[0]
        self.prefixes = self._prefix_table()
        declared = {
            s
            for kind in KINDS
            for t in kind.types
            for s in graph.subjects(RDF.type, t)
            if isinstance(s, URIRef)
        }
        self.namespace = self._own_namespace(declared)
        self.prefix = self._own_prefix()
        self.kinds: dict[URIRef, Kind] = {}
        for term in declared:
            if term.startswith(self.namespace) and len(term) > len(self.namespace):
                types = set(graph.objects(term, RDF.type))
                self.kinds[term] = next(kind for kind in KINDS if types & kind.types)
        section_anchors = {CONTENTS, PROPERTIES, EXTERNAL} | {kind.anchor for kind in KINDS}
        clashes = sorted(section_anchors & {self.local(t) for t in self.kinds})
        if clashes:
            raise ValueError(f"term local names clash with section anchors: {', '.join(clashes)}")

    def _prefix_table(self) -> list[tuple[str, str]]:
        """Our prefixes, then any other prefix the graph binds; longest namespace first."""
        table = {prefix: str(namespace) for prefix, namespace in VOCABULARY_PREFIXES.items()}
        known = set(table.values())
        for prefix, namespace in sorted(self.graph.namespaces()):
            if prefix and prefix not in table and str(namespace) not in known:
                table[prefix] = str(namespace)
                known.add(str(namespace))
        return sorted(table.items(), key=lambda item: (-len(item[1]), item[0]))

    def _own_namespace(self, declared: set[URIRef]) -> str:
        stated = self.graph.value(self.iri, VANN.preferredNamespaceUri)
        if stated is not None:
            return str(stated)
        if self.iri.endswith(("/", "#")):
            return str(self.iri)
        counts: dict[str, int] = {}
        for term in declared:
            counts[split_namespace(term)] = counts.get(split_namespace(term), 0) + 1
        if not counts:
            return str(self.iri)
        return min(counts, key=lambda ns: (-counts[ns], ns))

    def _own_prefix(self) -> str:
        stated = self.graph.value(self.iri, VANN.preferredNamespacePrefix)
        if stated is not None:
            return str(stated)
        return next((prefix for prefix, ns in self.prefixes if ns == self.namespace), "")

    def local(self, term: URIRef) -> str:
        return str(term)[len(self.namespace) :]

    def curie(self, iri: URIRef) -> str | None:
        if iri in self.kinds:
            return f"{self.prefix}:{self.local(iri)}"
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return None

    def anchor(self, term: URIRef) -> str:
        return f'<a id="{html.escape(self.local(term), quote=True)}"></a>'

    def link(self, node: Node, depth: int = 0) -> str:
        """A node as Markdown: own terms link to their anchor, other IRIs to themselves."""
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, BNode):
            return self.expression(node, depth)
        if not isinstance(node, URIRef):
            return markdown_text(str(node))
        curie = self.curie(node)
        if node in self.kinds:
            href = "#" + self.local(node).replace("(", "%28").replace(")", "%29")
            return f"[{markdown_text(curie or self.local(node))}]({href})"
        if curie is None:
            return f"<{node}>"
        destination = f"<{node}>" if re.search(r"[()\s]", node) else str(node)
        return f"[{markdown_text(curie)}]({destination})"

    def literal(self, literal: Literal) -> str:
        text = markdown_text(str(literal))
        if literal.language:
            return f"{text} ({markdown_text(literal.language)})"
        if literal.datatype is not None and literal.datatype not in (RDF.langString, XSD.string):
            return f"{text} ({self.link(literal.datatype)})"
        return text

    def expression(self, node: BNode, depth: int) -> str:
        """An anonymous class expression, in the spirit of Manchester syntax."""
        g = self.graph
        if depth > 6:
            return "…"
        for predicate, word in ((OWL.unionOf, "or"), (OWL.intersectionOf, "and")):
            members = g.value(node, predicate)
            if members is not None:
                items = [self.link(m, depth + 1) for m in Collection(g, members)]
                return "(" + f" {word} ".join(items) + ")"
        one_of = g.value(node, OWL.oneOf)
        if one_of is not None:
            return "one of (" + ", ".join(self.link(m, depth + 1) for m in Collection(g, one_of)) + ")"
        complement = g.value(node, OWL.complementOf)
        if complement is not None:
            return "not " + self.link(complement, depth + 1)
        on_property = g.value(node, OWL.onProperty)
        if on_property is not None:
            on = self.link(on_property, depth + 1)
            qualifier = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
            suffix = f" {self.link(qualifier, depth + 1)}" if qualifier is not None else ""
            for predicate, word in (
                (OWL.someValuesFrom, "some"),
                (OWL.allValuesFrom, "only"),
                (OWL.hasValue, "value"),
            ):
                value = g.value(node, predicate)
                if value is not None:
                    return f"({on} {word} {self.link(value, depth + 1)})"
            for predicate, word in (
                (OWL.minCardinality, "min"),
                (OWL.maxCardinality, "max"),
                (OWL.cardinality, "exactly"),
                (OWL.minQualifiedCardinality, "min"),
                (OWL.maxQualifiedCardinality, "max"),
                (OWL.qualifiedCardinality, "exactly"),
            ):
                value = g.value(node, predicate)
                if value is not None:
                    return f"({on} {word} {markdown_text(str(value))}{suffix})"
        return "an anonymous class expression"

    def links(self, nodes: Iterable[Node]) -> list[str]:
        return sorted({self.link(node) for node in nodes})

    def joined(self, nodes: Iterable[Node]) -> str:
        return ", ".join(self.links(nodes)) or "—"

    def terms(self, kind: Kind) -> list[URIRef]:
        return sorted(
            (t for t, k in self.kinds.items() if k is kind), key=lambda t: (self.local(t).casefold(), t)
        )

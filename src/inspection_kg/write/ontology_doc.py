"""The ontology as a Markdown page, generated from its graph.

Every word about a term comes from ``ontology/inspection-kg.ttl``, so the page cannot drift
from the ontology. Each term heading carries an explicit anchor (``<a id="Notice"></a>``) so
that ``…/def/Notice`` can redirect to ``ontology.md#Notice``. The bytes are stable: everything
is sorted and nothing depends on the clock or the hash seed.

``python -m inspection_kg.write.ontology_doc [OUT.md]`` writes the page (default: stdout).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ..model.vocab import VOCABULARY_PREFIXES
from ..resources import ontology_file

ONTOLOGY_NAME = "inspection-kg.ttl"
GENERATED_NOTE = (
    "_Generated from the ontology graph by `python -m inspection_kg.write.ontology_doc`; "
    "edit the ontology, not this page._"
)

_VANN = Namespace("http://purl.org/vocab/vann/")
_DC = Namespace("http://purl.org/dc/elements/1.1/")

# Section anchors; a term whose local name equals one of them would break the page.
_CONTENTS, _CLASSES, _PROPERTIES, _EXTERNAL = "contents", "classes", "properties", "external-vocabularies"


@dataclass(frozen=True)
class _Kind:
    anchor: str
    title: str
    types: frozenset[URIRef]
    is_class: bool = False


# Each own term is documented once, under the first kind its rdf:type matches.
_CHARACTERISTICS: dict[URIRef, str] = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}
_KINDS: tuple[_Kind, ...] = (
    _Kind(_CLASSES, "Classes", frozenset({OWL.Class, RDFS.Class}), is_class=True),
    _Kind("object-properties", "Object properties", frozenset({OWL.ObjectProperty})),
    _Kind("datatype-properties", "Datatype properties", frozenset({OWL.DatatypeProperty})),
    _Kind("annotation-properties", "Annotation properties", frozenset({OWL.AnnotationProperty})),
    _Kind("other-properties", "Other properties", frozenset({RDF.Property, *_CHARACTERISTICS})),
)
_PROPERTY_KINDS = _KINDS[1:]

# Objects of these predicates are terms of some vocabulary (not, say, a licence document).
_VOCABULARY_POSITIONS = frozenset(
    {
        RDF.type,
        RDF.first,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
        OWL.disjointWith,
        OWL.propertyDisjointWith,
        OWL.onProperty,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.onClass,
        OWL.onDataRange,
        OWL.complementOf,
    }
)

# Fields a term's entry renders by name; any other statement about it is listed after them.
_TERM_FIELDS = frozenset(
    {
        RDF.type,
        RDFS.label,
        RDFS.comment,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.disjointWith,
        RDFS.domain,
        RDFS.range,
        OWL.inverseOf,
    }
)
# Friendlier field names for common annotations; any other predicate is named by its CURIE.
_FIELD_NAMES: dict[URIRef, str] = {RDFS.isDefinedBy: "Defined by", RDFS.seeAlso: "See also"}
_TITLE_PREDICATES = (DCTERMS.title, _DC.title, RDFS.label)
_DESCRIPTION_PREDICATES = (DCTERMS.description, _DC.description, RDFS.comment)
_VERSION_PREDICATES = (OWL.versionInfo, OWL.versionIRI)
_NAMESPACE_PREDICATES = (_VANN.preferredNamespaceUri, _VANN.preferredNamespacePrefix)

_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
_MARKDOWN_SIGNIFICANT = re.compile(r"([\\`*_\[\]<>|~$&#])")


def ontology_graph() -> Graph:
    """The shipped ontology, parsed: what ``main`` and the build document."""
    return Graph().parse(ontology_file(ONTOLOGY_NAME), format="turtle")


def ontology_markdown(ontology: Graph) -> bytes:
    """The ontology's documentation page (UTF-8 Markdown), so people read terms, not Turtle.

    Raises ``ValueError`` when the graph declares no ``owl:Ontology`` or when a term's local
    name collides with one of the page's section anchors.
    """
    return "\n".join(_Page(ontology).lines()).encode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Write the page for the shipped ontology to OUT.md, or to stdout without one."""
    parser = argparse.ArgumentParser(
        prog="python -m inspection_kg.write.ontology_doc",
        description="Write the Markdown documentation of the inspection-kg ontology.",
    )
    parser.add_argument("out", nargs="?", type=Path, metavar="OUT.md", help="output file (default: stdout)")
    args = parser.parse_args(argv)
    page = ontology_markdown(ontology_graph())
    if args.out is None:
        sys.stdout.buffer.write(page)
        sys.stdout.buffer.flush()
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(page)
    return 0


def _text(value: str) -> str:
    """One line of literal text with Markdown's significant characters escaped (cells included)."""
    return _MARKDOWN_SIGNIFICANT.sub(r"\\\1", _WHITESPACE.sub(" ", value).strip())


def _language_key(literal: Literal) -> tuple[int, str, str]:
    """Chinese first, then English, then other tags, then untagged."""
    language = (literal.language or "").lower()
    primary = language.split("-")[0]
    rank = {"zh": 0, "en": 1}.get(primary, 2 if language else 3)
    return rank, language, str(literal)


def _literals(graph: Graph, subject: Node, predicate: URIRef) -> list[Literal]:
    return sorted((o for o in graph.objects(subject, predicate) if isinstance(o, Literal)), key=_language_key)


def _field(name: str, literal: Literal) -> str:
    return f"{name} ({literal.language})" if literal.language else name


def _split_namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut >= 0 else iri


class _Page:
    """One rendering of one graph: the prefix table, the own terms, and the Markdown lines."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        ontologies = sorted(s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
        if not ontologies:
            raise ValueError("the graph declares no owl:Ontology")
        self.iri = ontologies[0]
        self.prefixes = self._prefix_table()
        declared = {
            s
            for kind in _KINDS
            for t in kind.types
            for s in graph.subjects(RDF.type, t)
            if isinstance(s, URIRef)
        }
        self.namespace = self._own_namespace(declared)
        self.prefix = self._own_prefix()
        self.kinds: dict[URIRef, _Kind] = {}
        for term in declared:
            if term.startswith(self.namespace) and len(term) > len(self.namespace):
                types = set(graph.objects(term, RDF.type))
                self.kinds[term] = next(kind for kind in _KINDS if types & kind.types)
        section_anchors = {_CONTENTS, _PROPERTIES, _EXTERNAL} | {kind.anchor for kind in _KINDS}
        clashes = sorted(section_anchors & {self.local(t) for t in self.kinds})
        if clashes:
            raise ValueError(f"term local names clash with section anchors: {', '.join(clashes)}")

    # --- names and links ---------------------------------------------------------------------

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
        stated = self.graph.value(self.iri, _VANN.preferredNamespaceUri)
        if stated is not None:
            return str(stated)
        if self.iri.endswith(("/", "#")):
            return str(self.iri)
        counts: dict[str, int] = {}
        for term in declared:
            counts[_split_namespace(term)] = counts.get(_split_namespace(term), 0) + 1
        if not counts:
            return str(self.iri)
        return min(counts, key=lambda ns: (-counts[ns], ns))

    def _own_prefix(self) -> str:
        stated = self.graph.value(self.iri, _VANN.preferredNamespacePrefix)
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
            return _text(str(node))
        curie = self.curie(node)
        if node in self.kinds:
            href = "#" + self.local(node).replace("(", "%28").replace(")", "%29")
            return f"[{_text(curie or self.local(node))}]({href})"
        if curie is None:
            return f"<{node}>"
        destination = f"<{node}>" if re.search(r"[()\s]", node) else str(node)
        return f"[{_text(curie)}]({destination})"

    def literal(self, literal: Literal) -> str:
        text = _text(str(literal))
        if literal.language:
            return f"{text} ({_text(literal.language)})"
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
                    return f"({on} {word} {_text(str(value))}{suffix})"
        return "an anonymous class expression"

    def links(self, nodes: Iterable[Node]) -> list[str]:
        return sorted({self.link(node) for node in nodes})

    def joined(self, nodes: Iterable[Node]) -> str:
        return ", ".join(self.links(nodes)) or "—"

    def terms(self, kind: _Kind) -> list[URIRef]:
        return sorted(
            (t for t, k in self.kinds.items() if k is kind), key=lambda t: (self.local(t).casefold(), t)
        )

    # --- the page ----------------------------------------------------------------------------

    def lines(self) -> list[str]:
        out: list[str] = []
        out += self.header()
        out += self.contents()
        classes = self.terms(_KINDS[0])
        if classes:
            out += [f'## <a id="{_CLASSES}"></a>Classes', ""]
            out += self.class_table(classes)
            for term in classes:
                out += self.class_entry(term)
        if any(self.terms(kind) for kind in _PROPERTY_KINDS):
            out += [f'## <a id="{_PROPERTIES}"></a>Properties', ""]
            for kind in _PROPERTY_KINDS:
                terms = self.terms(kind)
                if terms:
                    out += [f'### <a id="{kind.anchor}"></a>{kind.title}', ""]
                    out += self.property_table(terms)
                    for term in terms:
                        out += self.property_entry(term)
        out += self.external_vocabularies()
        while out and out[-1] == "":
            out.pop()
        return [*out, ""]

    def header(self) -> list[str]:
        g = self.graph
        titles = self.first_present(_TITLE_PREDICATES)
        descriptions = self.first_present(_DESCRIPTION_PREDICATES)
        english = [t for t in titles if (t.language or "").lower().split("-")[0] == "en"]
        heading = _text(str((english or titles)[0])) if titles else "Ontology"
        out = [f"# {heading}", ""]
        out.append(f"- **Ontology IRI:** <{self.iri}>")
        out += [f"- **{_field('Title', t)}:** {_text(str(t))}" for t in titles]
        out += [f"- **{_field('Description', d)}:** {_text(str(d))}" for d in descriptions]
        for literal in _literals(g, self.iri, OWL.versionInfo):
            out.append(f"- **Version:** {self.literal(literal)}")
        out += self.optional("Version IRI", g.objects(self.iri, OWL.versionIRI))
        prefix = f" (prefix `{self.prefix}:`)" if self.prefix else ""
        out.append(f"- **Namespace:** `{self.namespace}`{prefix}")
        shown: set[URIRef | None] = {RDF.type, *_VERSION_PREDICATES, *_NAMESPACE_PREDICATES}
        shown |= {self.first_predicate(_TITLE_PREDICATES), self.first_predicate(_DESCRIPTION_PREDICATES)}
        out += self.other_statements(self.iri, shown)
        out += [
            "",
            GENERATED_NOTE,
            "",
        ]
        return out

    def first_predicate(self, predicates: Sequence[URIRef]) -> URIRef | None:
        return next((p for p in predicates if _literals(self.graph, self.iri, p)), None)

    def first_present(self, predicates: Sequence[URIRef]) -> list[Literal]:
        predicate = self.first_predicate(predicates)
        return _literals(self.graph, self.iri, predicate) if predicate is not None else []

    def contents(self) -> list[str]:
        out = [f'## <a id="{_CONTENTS}"></a>Contents', ""]
        classes = self.terms(_KINDS[0])
        if classes:
            out.append(f"- [Classes](#{_CLASSES}): {self.toc(classes)}")
        if any(self.terms(kind) for kind in _PROPERTY_KINDS):
            out.append(f"- [Properties](#{_PROPERTIES})")
            for kind in _PROPERTY_KINDS:
                terms = self.terms(kind)
                if terms:
                    out.append(f"  - [{kind.title}](#{kind.anchor}): {self.toc(terms)}")
        out += [f"- [External vocabularies](#{_EXTERNAL})", ""]
        return out

    def toc(self, terms: list[URIRef]) -> str:
        return ", ".join(
            f"[{_text(self.local(t))}](#{self.local(t).replace('(', '%28').replace(')', '%29')})"
            for t in terms
        )

    def label_cell(self, term: URIRef, language: str) -> str:
        labels = [
            _text(str(lit))
            for lit in _literals(self.graph, term, RDFS.label)
            if (lit.language or "").lower().split("-")[0] == language
        ]
        return "; ".join(labels) or "—"

    def class_table(self, terms: list[URIRef]) -> list[str]:
        out = ["| Class | Label (zh) | Label (en) | Subclass of |", "|---|---|---|---|"]
        for t in terms:
            parents = self.joined(self.graph.objects(t, RDFS.subClassOf))
            out.append(
                f"| {self.link(t)} | {self.label_cell(t, 'zh')} | {self.label_cell(t, 'en')} | {parents} |"
            )
        return [*out, ""]

    def property_table(self, terms: list[URIRef]) -> list[str]:
        out = ["| Property | Label (zh) | Label (en) | Domain | Range |", "|---|---|---|---|---|"]
        for t in terms:
            domain = self.joined(self.graph.objects(t, RDFS.domain))
            range_ = self.joined(self.graph.objects(t, RDFS.range))
            out.append(
                f"| {self.link(t)} | {self.label_cell(t, 'zh')} | {self.label_cell(t, 'en')} "
                f"| {domain} | {range_} |"
            )
        return [*out, ""]

    def entry_head(self, term: URIRef, level: str) -> list[str]:
        g = self.graph
        out = [f"{level} {self.anchor(term)}{_text(self.curie(term) or self.local(term))}", ""]
        out.append(f"- **IRI:** `{term}`")
        out.append(f"- **Type:** {self.joined(g.objects(term, RDF.type))}")
        out += [f"- **{_field('Label', lit)}:** {_text(str(lit))}" for lit in _literals(g, term, RDFS.label)]
        out += [
            f"- **{_field('Comment', lit)}:** {_text(str(lit))}" for lit in _literals(g, term, RDFS.comment)
        ]
        return out

    def optional(self, name: str, nodes: Iterable[Node]) -> list[str]:
        links = self.links(nodes)
        return [f"- **{name}:** {', '.join(links)}"] if links else []

    def own(self, nodes: Iterable[Node]) -> list[URIRef]:
        return [n for n in nodes if isinstance(n, URIRef) and n in self.kinds]

    def class_entry(self, term: URIRef) -> list[str]:
        g = self.graph
        out = self.entry_head(term, "###")
        out += self.optional("Subclass of", g.objects(term, RDFS.subClassOf))
        out += self.optional("Equivalent to", g.objects(term, OWL.equivalentClass))
        out += self.optional("Disjoint with", g.objects(term, OWL.disjointWith))
        out += self.optional("Subclasses", self.own(g.subjects(RDFS.subClassOf, term)))
        out += self.optional("Domain of", self.own(g.subjects(RDFS.domain, term)))
        out += self.optional("Range of", self.own(g.subjects(RDFS.range, term)))
        out += self.other_statements(term, _TERM_FIELDS)
        return [*out, ""]

    def property_entry(self, term: URIRef) -> list[str]:
        g = self.graph
        types = set(g.objects(term, RDF.type))
        out = self.entry_head(term, "####")
        out += self.optional("Subproperty of", g.objects(term, RDFS.subPropertyOf))
        out += self.optional("Equivalent to", g.objects(term, OWL.equivalentProperty))
        out.append(f"- **Domain:** {self.joined(g.objects(term, RDFS.domain))}")
        out.append(f"- **Range:** {self.joined(g.objects(term, RDFS.range))}")
        inverses = {*g.objects(term, OWL.inverseOf), *g.subjects(OWL.inverseOf, term)}
        out += self.optional("Inverse of", inverses)
        out.append(f"- **Functional:** {'yes' if OWL.FunctionalProperty in types else 'no'}")
        others = sorted(word for t, word in _CHARACTERISTICS.items() if t in types and word != "functional")
        if others:
            out.append(f"- **Also:** {', '.join(others)}")
        out += self.optional("Subproperties", self.own(g.subjects(RDFS.subPropertyOf, term)))
        out += self.other_statements(term, _TERM_FIELDS)
        return [*out, ""]

    def other_statements(self, subject: URIRef, shown: Iterable[URIRef | None]) -> list[str]:
        """Whatever else the graph says about the subject, by predicate CURIE."""
        skip = set(shown)
        predicates = {p for p in self.graph.predicates(subject) if isinstance(p, URIRef) and p not in skip}
        out = []
        for predicate in sorted(predicates, key=lambda p: (self.curie(p) or "~", p)):
            values = self.graph.objects(subject, predicate)
            literals = sorted((v for v in values if isinstance(v, Literal)), key=_language_key)
            rendered = [self.literal(lit) for lit in literals]
            rendered += self.links(
                v for v in self.graph.objects(subject, predicate) if not isinstance(v, Literal)
            )
            name = _FIELD_NAMES.get(predicate) or self.link(predicate)
            out.append(f"- **{name}:** {', '.join(rendered)}")
        return out

    def external_vocabularies(self) -> list[str]:
        """Every namespace whose terms the graph uses as predicates, types or axiom targets."""
        used: set[URIRef] = set()
        for s, p, o in self.graph:
            if isinstance(p, URIRef):
                used.add(p)
            if p in _VOCABULARY_POSITIONS and isinstance(o, URIRef):
                used.add(o)
        used = {t for t in used if not t.startswith(self.namespace) and t != self.iri}
        groups: dict[tuple[str, str], set[URIRef]] = {}
        for term in used:
            curie = self.curie(term)
            if curie is not None:
                prefix = curie.split(":", 1)[0]
                namespace = dict(self.prefixes)[prefix]
            else:
                prefix, namespace = "", _split_namespace(term)
            groups.setdefault((prefix, namespace), set()).add(term)
        out = [
            f'## <a id="{_EXTERNAL}"></a>External vocabularies',
            "",
            "| Prefix | Namespace | Terms used |",
            "|---|---|---|",
        ]
        for prefix, namespace in sorted(groups, key=lambda key: (key[0] == "", key)):
            terms = sorted(groups[(prefix, namespace)], key=lambda t: (str(t).casefold(), t))
            shown_prefix = f"`{prefix}:`" if prefix else "—"
            out.append(f"| {shown_prefix} | <{namespace}> | {', '.join(self.link(t) for t in terms)} |")
        return [*out, ""]


if __name__ == "__main__":
    raise SystemExit(main())

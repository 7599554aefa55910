"""The ontology as a Markdown page, generated from its graph.

Every word about a term comes from ``ontology/inspection-kg.ttl``, so the page cannot drift
from the ontology. Each term heading carries an explicit anchor (``<a id="Notice"></a>``) so
that ``…/def/Notice`` can redirect to ``ontology.md#Notice``. The bytes are stable: everything
is sorted and nothing depends on the clock or the hash seed.

``python -m inspection_kg.write.ontology_doc [OUT.md]`` writes the page (default: stdout).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from ..resources import ontology_file
from .ontology_names import (
    CHARACTERISTICS,
    CLASSES,
    CONTENTS,
    DC,
    EXTERNAL,
    KINDS,
    PROPERTIES,
    PROPERTY_KINDS,
    VANN,
    TermNames,
    language_key,
    literals_of,
    markdown_text,
    split_namespace,
)

ONTOLOGY_NAME = "inspection-kg.ttl"
GENERATED_NOTE = (
    "_Generated from the ontology graph by `python -m inspection_kg.write.ontology_doc`; "
    "edit the ontology, not this page._"
)

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
_TITLE_PREDICATES = (DCTERMS.title, DC.title, RDFS.label)
_DESCRIPTION_PREDICATES = (DCTERMS.description, DC.description, RDFS.comment)
_VERSION_PREDICATES = (OWL.versionInfo, OWL.versionIRI)
_NAMESPACE_PREDICATES = (VANN.preferredNamespaceUri, VANN.preferredNamespacePrefix)


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


def _field(name: str, literal: Literal) -> str:
    return f"{name} ({literal.language})" if literal.language else name


class _Page(TermNames):
    """One rendering of one graph: the Markdown lines, in the names and links of TermNames."""

    def lines(self) -> list[str]:
        out: list[str] = []
        out += self.header()
        out += self.contents()
        classes = self.terms(KINDS[0])
        if classes:
            out += [f'## <a id="{CLASSES}"></a>Classes', ""]
            out += self.class_table(classes)
            for term in classes:
                out += self.class_entry(term)
        if any(self.terms(kind) for kind in PROPERTY_KINDS):
            out += [f'## <a id="{PROPERTIES}"></a>Properties', ""]
            for kind in PROPERTY_KINDS:
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
        heading = markdown_text(str((english or titles)[0])) if titles else "Ontology"
        out = [f"# {heading}", ""]
        out.append(f"- **Ontology IRI:** <{self.iri}>")
        out += [f"- **{_field('Title', t)}:** {markdown_text(str(t))}" for t in titles]
        out += [f"- **{_field('Description', d)}:** {markdown_text(str(d))}" for d in descriptions]
        for literal in literals_of(g, self.iri, OWL.versionInfo):
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
        return next((p for p in predicates if literals_of(self.graph, self.iri, p)), None)

    def first_present(self, predicates: Sequence[URIRef]) -> list[Literal]:
        predicate = self.first_predicate(predicates)
        return literals_of(self.graph, self.iri, predicate) if predicate is not None else []

    def contents(self) -> list[str]:
        out = [f'## <a id="{CONTENTS}"></a>Contents', ""]
        classes = self.terms(KINDS[0])
        if classes:
            out.append(f"- [Classes](#{CLASSES}): {self.toc(classes)}")
        if any(self.terms(kind) for kind in PROPERTY_KINDS):
            out.append(f"- [Properties](#{PROPERTIES})")
            for kind in PROPERTY_KINDS:
                terms = self.terms(kind)
                if terms:
                    out.append(f"  - [{kind.title}](#{kind.anchor}): {self.toc(terms)}")
        out += [f"- [External vocabularies](#{EXTERNAL})", ""]
        return out

    def toc(self, terms: list[URIRef]) -> str:
        return ", ".join(
            f"[{markdown_text(self.local(t))}](#{self.local(t).replace('(', '%28').replace(')', '%29')})"
            for t in terms
        )

    def label_cell(self, term: URIRef, language: str) -> str:
        labels = [
            markdown_text(str(lit))
            for lit in literals_of(self.graph, term, RDFS.label)
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
        out = [f"{level} {self.anchor(term)}{markdown_text(self.curie(term) or self.local(term))}", ""]
        out.append(f"- **IRI:** `{term}`")
        out.append(f"- **Type:** {self.joined(g.objects(term, RDF.type))}")
        out += [
            f"- **{_field('Label', lit)}:** {markdown_text(str(lit))}"
            for lit in literals_of(g, term, RDFS.label)
        ]
        out += [
            f"- **{_field('Comment', lit)}:** {markdown_text(str(lit))}"
            for lit in literals_of(g, term, RDFS.comment)
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
        others = sorted(word for t, word in CHARACTERISTICS.items() if t in types and word != "functional")
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
            literals = sorted((v for v in values if isinstance(v, Literal)), key=language_key)
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
                prefix, namespace = "", split_namespace(term)
            groups.setdefault((prefix, namespace), set()).add(term)
        out = [
            f'## <a id="{EXTERNAL}"></a>External vocabularies',
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

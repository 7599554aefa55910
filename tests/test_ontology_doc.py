"""The generated ontology page: every declared term documented and anchored, links resolve,
cells escaped, bytes stable across calls and hash seeds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from inspection_kg.model.vocab import VOCABULARY_PREFIXES
from inspection_kg.resources import ontology_file
from inspection_kg.write.ontology_doc import main, ontology_markdown

IKG = "https://w3id.org/inspection-kg/def/"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
ANCHOR = re.compile(r'<a id="([^"]*)"></a>')
INTERNAL_LINK = re.compile(r"\]\(#([^)]*)\)")


def _parse() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_file("inspection-kg.ttl"), format="turtle")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return _parse()


@pytest.fixture(scope="module")
def page(ontology: rdflib.Graph) -> str:
    return ontology_markdown(ontology).decode("utf-8")


def _declared(ontology: rdflib.Graph) -> list[URIRef]:
    terms = {
        s
        for t in TERM_TYPES
        for s in ontology.subjects(RDF.type, t)
        if isinstance(s, URIRef) and s.startswith(IKG)
    }
    return sorted(terms)


def _curie(iri: URIRef) -> str:
    matches = [(p, str(ns)) for p, ns in VOCABULARY_PREFIXES.items() if iri.startswith(str(ns))]
    prefix, namespace = max(matches, key=lambda m: len(m[1]))
    return f"{prefix}:{iri[len(namespace) :]}"


def _unescape(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def _section(page: str, local: str) -> str:
    """A term's entry: from its heading to the next heading."""
    start = page.index(f'<a id="{local}"></a>')
    end = page.find("\n#", start)
    return page[start : end if end >= 0 else len(page)]


def test_every_declared_term_is_documented(ontology: rdflib.Graph, page: str) -> None:
    terms = _declared(ontology)
    assert len(terms) >= 10
    for term in terms:
        local = term[len(IKG) :]
        assert page.count(f'<a id="{local}"></a>') == 1, local
        entry = _unescape(_section(page, local))
        assert entry.splitlines()[0].startswith(f'<a id="{local}"></a>ikg:{local}')
        assert f"`{term}`" in entry, local
        labels = {
            lit.language: str(lit) for lit in ontology.objects(term, RDFS.label) if isinstance(lit, Literal)
        }
        assert set(labels) == {"zh", "en"}, local
        assert f"**Label (zh):** {labels['zh']}" in entry, local
        assert f"**Label (en):** {labels['en']}" in entry, local
        for lit in ontology.objects(term, RDFS.comment):
            assert isinstance(lit, Literal)
            assert f"**Comment ({lit.language}):** {' '.join(str(lit).split())}" in entry, local
        for predicate, name in ((RDFS.domain, "Domain"), (RDFS.range, "Range")):
            for value in ontology.objects(term, predicate):
                assert isinstance(value, URIRef)
                line = next(line for line in entry.splitlines() if line.startswith(f"- **{name}:**"))
                assert f"[{_curie(value)}](" in line, (local, name)


def test_anchors_unique_and_internal_links_resolve(page: str) -> None:
    anchors = ANCHOR.findall(page)
    assert [a for a, n in Counter(anchors).items() if n > 1] == []
    targets = set(INTERNAL_LINK.findall(page))
    assert targets and targets <= set(anchors), targets - set(anchors)


def test_sections_in_order(page: str) -> None:
    names = [
        ANCHOR.sub("", line).lstrip("# ")
        for line in page.splitlines()
        if line.startswith("## ") or re.match(r'### <a id="[a-z]+-properties"', line)
    ]
    assert names == [
        "Contents",
        "Classes",
        "Properties",
        "Object properties",
        "Datatype properties",
        "External vocabularies",
    ]
    assert page.startswith("# inspection-kg ontology\n")
    assert "- **Ontology IRI:** <https://w3id.org/inspection-kg/def/>" in page
    assert "- **Version:** 0.1.0" in page
    assert "`https://w3id.org/inspection-kg/def/` (prefix `ikg:`)" in page


def test_external_vocabularies_are_computed(ontology: rdflib.Graph, page: str) -> None:
    table = page.split('<a id="external-vocabularies"></a>', 1)[1]
    referenced = {
        o
        for p in (RDFS.domain, RDFS.range, RDFS.subClassOf, RDFS.subPropertyOf)
        for o in ontology.objects(None, p)
        if isinstance(o, URIRef) and not o.startswith(IKG)
    }
    assert referenced
    for iri in referenced:
        prefix = _curie(iri).split(":")[0]
        assert f"| `{prefix}:` | <{VOCABULARY_PREFIXES[prefix]}> |" in table, iri
    assert "`ikg:`" not in table


def test_byte_identical_across_calls_and_hash_seeds(ontology: rdflib.Graph, page: str) -> None:
    assert ontology_markdown(ontology) == page.encode("utf-8")
    assert ontology_markdown(_parse()) == page.encode("utf-8")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "inspection_kg.write.ontology_doc"],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("0", "4242")
    ]
    outputs = [run.communicate(timeout=60)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[0] == outputs[1] == page.encode("utf-8")


def test_main_writes_file(tmp_path: Path, page: str) -> None:
    out = tmp_path / "site" / "ontology.md"
    assert main([str(out)]) == 0
    assert out.read_bytes() == page.encode("utf-8")


def test_cells_are_escaped_and_expressions_rendered() -> None:
    g = rdflib.Graph()
    ns = rdflib.Namespace(IKG)
    g.add((URIRef(IKG), RDF.type, OWL.Ontology))
    g.add((ns.A, RDF.type, OWL.Class))
    g.add((ns.A, RDFS.label, Literal("a | b *c*\nd", lang="en")))
    g.add((ns.B, RDF.type, OWL.Class))
    g.add((ns.p, RDF.type, OWL.ObjectProperty))
    g.add((ns.p, RDF.type, OWL.FunctionalProperty))
    g.add((ns.q, RDF.type, OWL.ObjectProperty))
    g.add((ns.q, OWL.inverseOf, ns.p))
    g.add((ns.note, RDF.type, OWL.AnnotationProperty))
    union, members = BNode(), BNode()
    Collection(g, members, [ns.A, ns.B])
    g.add((union, OWL.unionOf, members))
    g.add((ns.p, RDFS.range, union))
    text = ontology_markdown(g).decode("utf-8")
    assert "| [ikg:A](#A) | — | a \\| b \\*c\\* d |" in text
    p_entry = _section(text, "p")
    assert "- **Range:** ([ikg:A](#A) or [ikg:B](#B))" in p_entry
    assert "- **Functional:** yes" in p_entry
    assert "- **Inverse of:** [ikg:q](#q)" in p_entry
    assert "- **Functional:** no" in _section(text, "q")
    assert '### <a id="annotation-properties"></a>Annotation properties' in text
    assert set(INTERNAL_LINK.findall(text)) <= set(ANCHOR.findall(text))


def test_needs_an_ontology_and_free_section_anchors() -> None:
    g = rdflib.Graph()
    with pytest.raises(ValueError, match="owl:Ontology"):
        ontology_markdown(g)
    g.add((URIRef(IKG), RDF.type, OWL.Ontology))
    g.add((URIRef(IKG + "classes"), RDF.type, OWL.Class))
    with pytest.raises(ValueError, match="classes"):
        ontology_markdown(g)

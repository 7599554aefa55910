"""The dataset's description passes DCAT-AP 3.0.1, the profile European data portals
(data.europa.eu) harvest, with 0 violations.

The profile's constraints on what the description uses (dcat:Dataset, dcat:Distribution,
spdx:Checksum, skos:ConceptScheme, skos:Concept, foaf:Agent, dcterms:LicenseDocument) are
restated in tests/fixtures/dcat-ap/constraints-3.0.1.ttl, each with the profile's section.
Media types are IANA's, file types and languages the EU Vocabularies' authority tables."""

from __future__ import annotations

import pyshacl
import pytest
import rdflib
from rdflib import RDF, URIRef

from .conftest import REPO

CONSTRAINTS = REPO / "tests" / "fixtures" / "dcat-ap" / "constraints-3.0.1.ttl"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DATASET = URIRef("https://w3id.org/inspection-kg/dataset")
# EU Vocabularies, "File types" (http://publications.europa.eu/resource/authority/file-type):
# the code of each format the build writes (Markdown has none in the table).
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FILE_TYPES = {
    ".ttl": "RDF_TURTLE",
    ".nt": "RDF_N_TRIPLES",
    ".nq": "RDF_N_QUADS",
    ".trig": "RDF_TRIG",
    ".jsonld": "JSON_LD",
    ".graphml": "XML",
    ".json": "JSON",
    ".svg": "SVG",
}
# EU Vocabularies, "Languages" (http://publications.europa.eu/resource/authority/language):
# Chinese and English, the languages of the labels.
LANGUAGES = {
    URIRef("http://publications.europa.eu/resource/authority/language/ZHO"),
    URIRef("http://publications.europa.eu/resource/authority/language/ENG"),
}


def violations(data: rdflib.Graph) -> list[str]:
    """One line per violation: the focus node, the path and the message."""
    shapes = rdflib.Graph().parse(CONSTRAINTS, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(report, rdflib.Graph)
    return sorted(
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: {report.value(r, SH.resultMessage)}"
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == SH.Violation
    )


@pytest.fixture(scope="module")
def committed() -> rdflib.Graph:
    """The description as published in output/ (every real notice)."""
    return rdflib.Graph().parse(REPO / "output" / "inspection-kg.ttl", format="turtle")


def test_the_published_description_has_no_violation(committed: rdflib.Graph) -> None:
    assert violations(committed) == []


def test_a_fresh_seed_build_has_no_violation(graph: rdflib.Graph) -> None:
    assert violations(graph) == []


@pytest.mark.parametrize(
    ("dropped", "expected"),
    [
        ((None, RDF.type, DCTERMS.MediaType), "dcat#mediaType"),
        ((None, RDF.type, DCTERMS.MediaTypeOrExtent), "terms/format"),
        ((None, RDF.type, DCTERMS.Standard), "terms/conformsTo"),
        ((None, RDF.type, DCTERMS.LinguisticSystem), "terms/language"),
        ((None, RDF.type, SPDX.ChecksumAlgorithm), "rdf/terms#algorithm"),
        ((None, DCTERMS.title, None), "terms/title"),
    ],
)
def test_the_constraints_catch_what_the_profile_forbids(
    graph: rdflib.Graph, dropped: tuple[URIRef | None, URIRef, URIRef | None], expected: str
) -> None:
    """Each typing the profile asks for, taken out again, is reported (the check can fail:
    the description before these typings had 47 violations of these kinds)."""
    spoiled = rdflib.Graph()
    for triple in graph:
        spoiled.add(triple)
    spoiled.remove(dropped)
    found = violations(spoiled)
    assert found and all(expected in line for line in found), found[:5]


def test_a_notice_is_a_related_resource_not_a_source_dataset(committed: rdflib.Graph) -> None:
    """dcterms:source of a dataset must be a dcat:Dataset in the profile; the notices are
    documents, so they are dcterms:relation (and their texts prov:wasDerivedFrom)."""
    notices = set(committed.objects(DATASET, DCTERMS.relation))
    texts = sorted((REPO / "data" / "notices").glob("*.txt"))
    assert len(notices) == len(texts) == 2
    assert not set(committed.objects(DATASET, DCTERMS.source))


def test_file_types_and_languages_are_the_eu_vocabularies(committed: rdflib.Graph) -> None:
    for distribution in committed.objects(DATASET, DCAT.distribution):
        suffix = "." + str(committed.value(distribution, DCAT.downloadURL)).rsplit(".", 1)[-1]
        formats = [str(f) for f in committed.objects(distribution, DCTERMS["format"])]
        expected = [EU_FILE_TYPE + FILE_TYPES[suffix]] if suffix in FILE_TYPES else []
        assert formats == expected, (distribution, formats)
    assert set(committed.objects(DATASET, DCTERMS.language)) == LANGUAGES

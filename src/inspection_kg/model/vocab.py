"""Namespaces and the one prefix table every graph and file uses."""

from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .terms import Terms

# Our terms are a public contract: their namespace does not move with --base-iri.
IKG = Namespace("https://w3id.org/inspection-kg/def/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
# schema.org over http, as its JSON-LD context and DCAT-AP use (rdflib would bind https).
SCHEMA = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
# SPDX terms for file checksums, as DCAT 3 uses them (spdx:checksum → spdx:Checksum).
SPDX = Namespace("http://spdx.org/rdf/terms#")
# OGC GeoSPARQL 1.1: where a region is (geo:Feature, geo:hasGeometry, geo:asWKT).
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

# EU Publications Office language authority table: Chinese, English.
LANGUAGE_ZHO = "http://publications.europa.eu/resource/authority/language/ZHO"
LANGUAGE_ENG = "http://publications.europa.eu/resource/authority/language/ENG"

VOCABULARY_PREFIXES: dict[str, Namespace] = {
    "ikg": IKG,
    "eli": ELI,
    "org": ORG,
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "schema": SCHEMA,
    "oa": OA,
    "dcat": DCAT,
    "void": VOID,
    "spdx": SPDX,
    "foaf": FOAF,
    "geo": GEO,
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}


class T:
    """The same vocabularies as N-Triples terms (terms.py), for the builder:
    ``T.RDF.type`` is ``<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>``."""

    IKG = Terms(str(IKG))
    ELI = Terms(str(ELI))
    ORG = Terms(str(ORG))
    SCHEMA = Terms(str(SCHEMA))
    OA = Terms(str(OA))
    DCAT = Terms(str(DCAT))
    VOID = Terms(str(VOID))
    FOAF = Terms(str(FOAF))
    SPDX = Terms(str(SPDX))
    GEO = Terms(str(GEO))
    SKOS = Terms(str(SKOS))
    PROV = Terms(str(PROV))
    DCTERMS = Terms(str(DCTERMS))
    RDF = Terms(str(RDF))
    RDFS = Terms(str(RDFS))
    XSD = Terms(str(XSD))


def curie(iri: str, extra: dict[str, str] | None = None) -> str | None:
    """``prefix:local`` by the fixed prefix table (and ``extra`` prefixes), the longest
    namespace winning; None when no prefix fits, so callers choose their fallback."""
    table = {prefix: str(namespace) for prefix, namespace in VOCABULARY_PREFIXES.items()}
    for prefix, namespace in sorted((extra or {}).items()):
        table.setdefault(prefix, namespace)
    fits = sorted(
        (-len(ns), prefix, ns) for prefix, ns in table.items() if iri.startswith(ns) and len(iri) > len(ns)
    )
    if not fits:
        return None
    _, prefix, namespace = fits[0]
    return f"{prefix}:{iri[len(namespace) :]}"


def local_name(iri: str) -> str:
    """The last segment of an IRI after '/' or '#' (a label of last resort)."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri

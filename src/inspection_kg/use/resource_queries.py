"""Queries about one resource: its IRI put in place of a variable, answers read as text.

A resource's IRI enters a query only as an RDF term that pyoxigraph has checked and
serialised (``str(NamedNode(iri))``), in place of a variable: a path like
``/id/x> } DROP ALL {`` is refused as an IRI before any query is made.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..model.vocab import ELI, FOAF, GEO, IKG, OA, SCHEMA, SPDX

PREFIXES = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "eli": str(ELI),
    "foaf": str(FOAF),
    "oa": str(OA),
    "spdx": str(SPDX),
    "ikg": str(IKG),
    "schema": str(SCHEMA),
    "geo": str(GEO),
}


def bound(query: str, bindings: dict[str, ox.NamedNode]) -> str:
    """The query with each bound variable replaced by its term. Not a VALUES block: the
    engine joins one with ``?s ?p ?resource`` after scanning every quad (86 ms a page on
    1,000 notices, measured), while a constant object uses the object index."""
    for name, term in bindings.items():
        text = str(term)
        query = re.sub(rf"\?{name}\b", lambda _match: text, query)  # noqa: B023 -- used at once
    return query


def solutions(store: ox.Store, query: str, **bindings: ox.NamedNode) -> ox.QuerySolutions:
    answer = store.query(bound(query, bindings), use_default_graph_as_union=True, prefixes=PREFIXES)
    assert isinstance(answer, ox.QuerySolutions)
    return answer


def text(row: ox.QuerySolution, name: str) -> str:
    term = row[name]
    return term.value if term is not None else ""


def rows_for(
    store: ox.Store, query: str, variable: str, terms: list[ox.NamedNode]
) -> ox.QuerySolutions | list[ox.QuerySolution]:
    """Answers of ``query`` with ``variable`` bound to each of ``terms`` (store terms)."""
    if not terms:
        return []
    values = f" VALUES ?{variable} {{ {' '.join(str(t) for t in terms)} }}"
    where = query.index("{")
    answer = store.query(
        query[: where + 1] + values + query[where + 1 :], use_default_graph_as_union=True, prefixes=PREFIXES
    )
    assert isinstance(answer, ox.QuerySolutions)
    return answer

"""What the other SPARQL engines are asked (tests/test_fourth_engine.py, tests/test_jena.py):
the named queries, sorted by what an engine without network or GeoSPARQL functions can do,
one query that is not a named one, and the reference they are compared with, pyoxigraph over
the same N-Quads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph

from inspection_kg.use.query import named_queries

from .comunica import is_federated, uses_geosparql_functions
from .conftest import query_text

QUERIES = named_queries()
# Federated (SERVICE): never run, the tests have no network.
FEDERATED = sorted(name for name, query in QUERIES.items() if is_federated(query.text))
# GeoSPARQL functions (geof:distance …): run, and compared should the engine ever answer them.
GEO = sorted(
    name for name, query in QUERIES.items() if uses_geosparql_functions(query.text) and name not in FEDERATED
)
COMPARED = sorted(set(QUERIES) - set(FEDERATED) - set(GEO))
# Not a named query: the named graphs and their sizes, so that the union default graph and
# GRAPH patterns (and that the quads kept their graphs) are checked too.
GRAPHS = "graphs (not a named query)"
AD_HOC = {
    GRAPHS: "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
}


def text_of(name: str) -> str:
    """The text both engines get: the named query with its default parameters bound."""
    return AD_HOC[name] if name in AD_HOC else query_text(name)


def nquads_of(built: Path) -> Path:
    path = built / "inspection-kg.nq"
    assert path.is_file(), f"the build wrote no N-Quads: {sorted(p.name for p in built.iterdir())}"
    return path


def reference_store(nquads: Path) -> pyoxigraph.Store:
    """The project's engine, in memory, over the same file (run_query: the union of the named
    graphs as the default graph, and the project's GeoSPARQL functions)."""
    store = pyoxigraph.Store()
    store.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    return store


def federated_reason(name: str) -> str:
    """Why a federated query is never sent to another engine: its SERVICE IRIs."""
    services = sorted(
        set(re.findall(r"\bSERVICE\s+(?:SILENT\s+)?(<[^>]*>)", QUERIES[name].text, re.IGNORECASE))
    )
    return f"{name} is federated (SERVICE {', '.join(services)}): the tests have no network"


def quad_count(nquads: Path) -> int:
    """The quads of an N-Quads file: its non-blank lines (the build writes one per line)."""
    return sum(1 for line in nquads.read_text(encoding="utf-8").splitlines() if line.strip())


def with_rows(answers: dict[str, dict[str, Any] | None]) -> list[str]:
    """The compared queries whose SPARQL JSON answer has rows: the comparison is not vacuous
    when most named queries are compared and nearly all of them have rows."""
    assert len(COMPARED) >= 20 and FEDERATED == ["wikidata-regions"] and "practices-near" in GEO
    return [
        name
        for name in COMPARED
        if (result := answers.get(name)) is not None and result["results"]["bindings"]
    ]

"""Apache Jena, another SPARQL engine (besides pyoxigraph, the oxigraph server, Virtuoso and
Comunica): over the default build of the real notices, loaded into a TDB2 database and
queried with the union of the named graphs as the default graph, every named query that needs
neither the network nor GeoSPARQL functions gives the same answer as pyoxigraph, term for
term, in the same order where the query has an ORDER BY (rows tied on every key in any
order). Debian's Jena 4.5.0, one JVM per query (tests/jena.py); the comparison is
tests/comunica.py's. Skips without Java or Jena; fails on CI."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest

from inspection_kg.use.query import named_queries, run_query

from .comunica import (
    GEOF,
    Comparable,
    comparable,
    difference,
    is_federated,
    json_rows,
    order_keys,
    oxigraph_rows,
    uses_geosparql_functions,
)
from .conftest import query_text
from .jena import (
    INSTALL,
    JARS_VARIABLE,
    VERSION,
    Answer,
    Database,
    Jena,
    load,
    query,
    require_jena,
    warnings,
)

QUERIES = named_queries()
# Federated (SERVICE): never run, the tests have no network.
FEDERATED = sorted(name for name, q in QUERIES.items() if is_federated(q.text))
# GeoSPARQL functions (geof:distance …): run, and compared should Jena ever answer them.
GEO = sorted(
    name for name, q in QUERIES.items() if uses_geosparql_functions(q.text) and name not in FEDERATED
)
COMPARED = sorted(set(QUERIES) - set(FEDERATED) - set(GEO))
# Not a named query: the named graphs and their sizes, so that GRAPH patterns (and that the
# quads kept their graphs in TDB2) are checked too.
GRAPHS = "graphs (not a named query)"
AD_HOC = {
    GRAPHS: "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
}
# What ARQ logs for a function IRI it has no implementation of (it then evaluates the call
# as an error: the query runs, and answers as though no row passed the FILTER).
NO_FUNCTION = "has no registered function factory"


def _text(name: str) -> str:
    return AD_HOC[name] if name in AD_HOC else query_text(name)


@pytest.fixture(scope="module")
def jena() -> Jena:
    """Java and the Jena jars; skips (fails on CI) before anything is built without them."""
    return require_jena()


@pytest.fixture(scope="module")
def nquads(real_dir: Path) -> Path:
    path = real_dir / "inspection-kg.nq"
    assert path.is_file(), f"the build wrote no N-Quads: {sorted(p.name for p in real_dir.iterdir())}"
    return path


@pytest.fixture(scope="module")
def database(jena: Jena, nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The N-Quads in a TDB2 database (tdb2.tdbloader), in a temporary folder, once."""
    return load(jena, nquads, tmp_path_factory.mktemp("jena"))


@pytest.fixture(scope="module")
def answer(database: Database) -> Callable[[str], Answer]:
    """Jena's answer to a query by name, asked once (one JVM) however many tests look."""
    answers: dict[str, Answer] = {}

    def ask(name: str) -> Answer:
        if name not in answers:
            answers[name] = query(database, name, _text(name))
        return answers[name]

    return ask


@pytest.fixture(scope="module")
def oxigraph(nquads: Path) -> pyoxigraph.Store:
    """The project's engine, in memory, over the same file (run_query: the union of the named
    graphs as the default graph, and the project's GeoSPARQL functions)."""
    store = pyoxigraph.Store()
    store.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    return store


def _difference(expected: Comparable, actual: Comparable) -> str:
    return difference(expected, actual, engine="Jena")


def _assert_same_answer(answer: Answer, oxigraph: pyoxigraph.Store, name: str) -> None:
    """The same variables and the same rows, term for term; in the same order (ties aside)
    under an ORDER BY. Jena must not have logged a warning either."""
    text = _text(name)
    assert answer.error is None, f"Jena failed on {name}: {answer.error}"
    assert answer.result is not None
    assert not warnings(answer.log), f"Jena warned on {name}: {warnings(answer.log)}"
    variables, rows = json_rows(answer.result)
    solutions = run_query(oxigraph, text)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    expected_variables, expected_rows = oxigraph_rows(solutions)
    assert variables == expected_variables
    same_rows = comparable(variables, expected_rows, None), comparable(variables, rows, None)
    assert same_rows[1] == same_rows[0], f"{name}: {_difference(*same_rows)}"
    keys = order_keys(text)
    if keys is not None:
        in_order = comparable(variables, expected_rows, keys), comparable(variables, rows, keys)
        assert in_order[1] == in_order[0], f"{name}: {_difference(*in_order)}"


@pytest.mark.parametrize("name", [*COMPARED, *AD_HOC])
def test_jena_gives_pyoxigraphs_answer(
    answer: Callable[[str], Answer], oxigraph: pyoxigraph.Store, name: str
) -> None:
    _assert_same_answer(answer(name), oxigraph, name)


@pytest.mark.parametrize("name", GEO)
def test_geosparql_queries_where_jena_can(
    answer: Callable[[str], Answer], oxigraph: pyoxigraph.Store, name: str
) -> None:
    """ARQ 4.5 has no GeoSPARQL functions (they are in jena-geosparql, which Debian does not
    package): it logs that geof:distance has no function factory, and the query is skipped
    with its own words. Should Jena ever evaluate it, the answer is compared."""
    said = [line for line in warnings(answer(name).log) if NO_FUNCTION in line and GEOF in line]
    if said:
        pytest.skip(
            f"Jena {VERSION} without jena-geosparql (not packaged by Debian) has no GeoSPARQL "
            f"functions; it says: {said[0].split(' - ', 1)[-1]}"
        )
    _assert_same_answer(answer(name), oxigraph, name)


@pytest.mark.parametrize("name", FEDERATED)
def test_federated_queries(name: str) -> None:
    services = sorted(
        set(re.findall(r"\bSERVICE\s+(?:SILENT\s+)?(<[^>]*>)", QUERIES[name].text, re.IGNORECASE))
    )
    pytest.skip(f"{name} is federated (SERVICE {', '.join(services)}): the tests have no network")


def test_jena_loaded_every_quad(database: Database, nquads: Path) -> None:
    lines = [line for line in nquads.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert database.quads == len(lines)
    assert database.jena.version == VERSION


def test_the_comparison_is_not_vacuous(answer: Callable[[str], Answer]) -> None:
    """Most named queries are compared, and nearly all of those have rows to compare."""
    assert len(COMPARED) >= 20 and FEDERATED == ["wikidata-regions"] and "practices-near" in GEO
    with_rows = [
        name
        for name in COMPARED
        if (result := answer(name).result) is not None and result["results"]["bindings"]
    ]
    assert len(with_rows) >= len(COMPARED) - 2, sorted(set(COMPARED) - set(with_rows))


def test_missing_jena_skips_locally_and_fails_on_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install = re.escape(INSTALL)
    monkeypatch.setenv(JARS_VARIABLE, str(tmp_path / "nowhere"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"jars are not all in .*nowhere.*{install}"):
        require_jena()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=f"CI must install Apache Jena: .*jena-core.*{install}"):
        require_jena()
    monkeypatch.setenv("PATH", str(tmp_path))  # no java here
    with pytest.raises(pytest.fail.Exception, match=f"java .*is not on PATH.*{install}"):
        require_jena()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="java .*apt-get install libapache-jena-java"):
        require_jena()

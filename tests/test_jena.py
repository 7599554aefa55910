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

from inspection_kg.use.query import run_query

from .comunica import (
    GEOF,
    Comparable,
    comparable,
    difference,
    json_rows,
    order_keys,
    oxigraph_rows,
)
from .engine_queries import (
    AD_HOC,
    COMPARED,
    FEDERATED,
    GEO,
    federated_reason,
    nquads_of,
    quad_count,
    reference_store,
    text_of,
    with_rows,
)
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

# What ARQ logs for a function IRI it has no implementation of (it then evaluates the call
# as an error: the query runs, and answers as though no row passed the FILTER).
NO_FUNCTION = "has no registered function factory"


@pytest.fixture(scope="module")
def jena() -> Jena:
    """Java and the Jena jars; skips (fails on CI) before anything is built without them."""
    return require_jena()


@pytest.fixture(scope="module")
def nquads(real_dir: Path) -> Path:
    return nquads_of(real_dir)


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
            answers[name] = query(database, name, text_of(name))
        return answers[name]

    return ask


@pytest.fixture(scope="module")
def oxigraph(nquads: Path) -> pyoxigraph.Store:
    return reference_store(nquads)


def _difference(expected: Comparable, actual: Comparable) -> str:
    return difference(expected, actual, engine="Jena")


def _assert_same_answer(answer: Answer, oxigraph: pyoxigraph.Store, name: str) -> None:
    """The same variables and the same rows, term for term; in the same order (ties aside)
    under an ORDER BY. Jena must not have logged a warning either."""
    text = text_of(name)
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
    pytest.skip(federated_reason(name))


def test_jena_loaded_every_quad(database: Database, nquads: Path) -> None:
    assert database.quads == quad_count(nquads)
    assert database.jena.version == VERSION


def test_the_comparison_is_not_vacuous(answer: Callable[[str], Answer]) -> None:
    """Most named queries are compared, and nearly all of those have rows to compare."""
    answered = with_rows({name: answer(name).result for name in COMPARED})
    assert len(answered) >= len(COMPARED) - 2, sorted(set(COMPARED) - set(answered))


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

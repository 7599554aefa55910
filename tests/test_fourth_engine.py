"""Comunica, a fourth SPARQL engine (after pyoxigraph, the oxigraph server and Virtuoso): over
the default build of the real notices, every named query that needs neither the network nor
GeoSPARQL functions gives the same answer as pyoxigraph, term for term, in the same order
where the query has an ORDER BY (rows tied on every key in any order). Comunica 4.5.0 runs
in one Node.js process for all of them (tests/comunica.py). Skips without it; fails on CI."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from inspection_kg.use.query import run_query

from .comunica import (
    COUNT_DEFECT,
    GEOF,
    HOME_VARIABLE,
    ORDER_DEFECT,
    RDF_LANG_STRING,
    UNBOUND,
    VERSION,
    XSD,
    Row,
    Run,
    comparable,
    count_variables,
    difference,
    is_federated,
    json_rows,
    literal_term,
    order_keys,
    oxigraph_rows,
    patch_unbound_counts,
    require_comunica,
    run_queries,
    uses_geosparql_functions,
)
from .conftest import query_text
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

UNSUPPORTED = "no configured actor was able to evaluate function"


@pytest.fixture(scope="module")
def nquads(real_dir: Path) -> Path:
    return nquads_of(real_dir)


@pytest.fixture(scope="module")
def comunica_folder() -> Path:
    """Where Comunica is installed; skips (fails on CI) before anything is built without it."""
    return require_comunica()


@pytest.fixture(scope="module")
def comunica(comunica_folder: Path, nquads: Path) -> Run:
    return run_queries(comunica_folder, nquads, {name: text_of(name) for name in [*COMPARED, *GEO, *AD_HOC]})


@pytest.fixture(scope="module")
def oxigraph(nquads: Path) -> pyoxigraph.Store:
    return reference_store(nquads)


def _assert_same_answer(comunica: Run, oxigraph: pyoxigraph.Store, name: str) -> None:
    """The same variables and the same rows, term for term; in the same order (ties aside)
    under an ORDER BY. Where the only differences are those of Comunica 4.5.0's two known
    defects (tests/comunica.py), the test is an expected failure that names them; any other
    difference fails it."""
    text = text_of(name)
    answer = comunica.answers[name]
    assert answer.error is None, f"Comunica refused {name}: {answer.error}"
    assert answer.result is not None
    variables, rows = json_rows(answer.result)
    solutions = run_query(oxigraph, text)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    expected_variables, expected_rows = oxigraph_rows(solutions)
    assert variables == expected_variables
    rows, filled = patch_unbound_counts(text, variables, expected_rows, rows)
    same_rows = comparable(variables, expected_rows, None), comparable(variables, rows, None)
    assert same_rows[1] == same_rows[0], f"{name}: {difference(*same_rows)}"
    known = [f"{COUNT_DEFECT} ({len(filled)} cells: {sorted(set(filled))})"] if filled else []
    keys = order_keys(text)
    if keys is not None:
        in_order = comparable(variables, expected_rows, keys), comparable(variables, rows, keys)
        if in_order[1] != in_order[0]:
            first = comparable(variables, expected_rows, keys[:1]), comparable(variables, rows, keys[:1])
            assert len(keys) > 1 and first[1] == first[0], f"{name}: {difference(*in_order)}"
            known.append(f"{ORDER_DEFECT} (ORDER BY {' '.join('?' + k for k in keys)})")
    if known:
        pytest.xfail(f"Comunica {comunica.version} defect, otherwise pyoxigraph's rows: {'; '.join(known)}")


@pytest.mark.parametrize("name", [*COMPARED, *AD_HOC])
def test_comunica_gives_pyoxigraphs_answer(comunica: Run, oxigraph: pyoxigraph.Store, name: str) -> None:
    _assert_same_answer(comunica, oxigraph, name)


@pytest.mark.parametrize("name", GEO)
def test_geosparql_queries_where_comunica_can(comunica: Run, oxigraph: pyoxigraph.Store, name: str) -> None:
    """Comunica 4 has no GeoSPARQL functions: it refuses geof:distance, and the query is
    skipped with its own words. Should a release answer, the answer is compared."""
    error = comunica.answers[name].error
    if error is not None and UNSUPPORTED in error and GEOF in error:
        said = error.splitlines()[0]
        pytest.skip(f"Comunica {comunica.version} has no GeoSPARQL functions; it says: {said}")
    _assert_same_answer(comunica, oxigraph, name)


@pytest.mark.parametrize("name", FEDERATED)
def test_federated_queries(name: str) -> None:
    pytest.skip(federated_reason(name))


def test_comunica_read_every_quad_and_ran_the_pinned_release(comunica: Run, nquads: Path) -> None:
    assert comunica.quads == quad_count(nquads)
    assert comunica.version == VERSION


def test_the_comparison_is_not_vacuous(comunica: Run) -> None:
    """Most named queries are compared, and nearly all of those have rows to compare."""
    answered = with_rows({name: comunica.answers[name].result for name in COMPARED})
    assert len(answered) >= len(COMPARED) - 2, sorted(set(COMPARED) - set(answered))


# -- the comparison itself (no Node.js needed) ----------------------------------------------


def _lit(
    value: str, datatype: str = XSD + "string", language: str | None = None
) -> tuple[str, str, str, str]:
    return literal_term(value, datatype, language)


def _iri(value: str) -> tuple[str, str, str, str]:
    return ("iri", value, "", "")


def test_numbers_compare_by_value_but_datatypes_stay_apart() -> None:
    assert _lit("08", XSD + "integer") == _lit("8", XSD + "integer")
    assert _lit("1.50", XSD + "decimal") == _lit("1.5", XSD + "decimal")
    assert _lit("10", XSD + "decimal") == _lit("10.0", XSD + "decimal")
    assert _lit("1E0", XSD + "double") == _lit("1.0", XSD + "double")
    assert _lit("1", XSD + "boolean") == _lit("true", XSD + "boolean")
    assert _lit("8", XSD + "integer") != _lit("8", XSD + "decimal")
    assert _lit("8", XSD + "integer") != _lit("9", XSD + "integer")
    assert _lit("8", XSD + "string") != _lit("08", XSD + "string")  # strings are never touched
    assert literal_term("x", None, None) == _lit("x")  # a plain literal is an xsd:string
    assert literal_term("城区", None, "ZH") == ("literal", "城区", RDF_LANG_STRING, "zh")
    assert literal_term("城区", None, "zh") != _lit("城区")
    assert _iri("http://a/") != _lit("http://a/")


def test_ties_may_come_in_any_order_but_nothing_else_may_change() -> None:
    variables = ["notice", "ordinal", "organisation"]
    keys = order_keys("SELECT ?notice ?ordinal ?organisation WHERE { ?s ?p ?o } ORDER BY ?notice ?ordinal")
    assert keys == ["notice", "ordinal"]
    one, two = _lit("1", XSD + "integer"), _lit("2", XSD + "integer")
    rows: list[Row] = [
        (_lit("A"), one, _iri("http://x/a")),
        (_lit("A"), one, _iri("http://x/b")),
        (_lit("A"), two, _iri("http://x/a")),
    ]
    reference = comparable(variables, rows, keys)
    assert comparable(variables, [rows[1], rows[0], rows[2]], keys) == reference  # a tie swapped
    assert comparable(variables, [rows[2], rows[0], rows[1]], keys) != reference  # out of order
    assert comparable(variables, rows[:2], keys) != reference  # a row missing
    changed = [rows[0], rows[1], (_lit("A"), two, _iri("http://x/c"))]
    assert comparable(variables, changed, keys) != reference
    assert "runs of rows" in difference(reference, comparable(variables, changed, keys))
    # Without ORDER BY any order is the same answer, but not another multiset.
    assert comparable(variables, rows[::-1], None) == comparable(variables, rows, None)
    assert comparable(variables, rows + rows[:1], None) != comparable(variables, rows, None)


def test_only_an_unbound_count_is_filled_in_and_only_from_the_matching_row() -> None:
    """COUNT_DEFECT: an unbound COUNT cell takes pyoxigraph's value from the one row that
    agrees on every other column; other columns, bound cells and ambiguous rows stay."""
    assert count_variables(query_text("practices-per-subject")) == {"practices"}
    assert count_variables(query_text("issuing-chain")) == {"depth"}  # (COUNT(DISTINCT ?b) - 1)
    assert count_variables(query_text("practice-attributions")) == set()
    text = "SELECT ?k ?label (COUNT(?x) AS ?n) WHERE { ?k ?p ?x } GROUP BY ?k ?label"
    zero, two = _lit("0", XSD + "integer"), _lit("2", XSD + "integer")
    expected: list[Row] = [(_iri("http://k/1"), _lit("a"), zero), (_iri("http://k/2"), _lit("b"), two)]
    actual: list[Row] = [(_iri("http://k/1"), _lit("a"), UNBOUND), (_iri("http://k/2"), _lit("b"), two)]
    patched, notes = patch_unbound_counts(text, ["k", "label", "n"], expected, actual)
    assert patched == expected and notes == ["?n unbound, pyoxigraph 0"]
    other: list[Row] = [(_iri("http://k/1"), UNBOUND, zero), (_iri("http://k/2"), _lit("b"), two)]
    assert patch_unbound_counts(text, ["k", "label", "n"], expected, other) == (other, [])
    twice = [*expected, (_iri("http://k/1"), _lit("a"), two)]  # two rows could fill it: none does
    assert patch_unbound_counts(text, ["k", "label", "n"], twice, actual) == (actual, [])
    assert "rows only in" in difference(comparable(["k"], expected, None), comparable(["k"], actual, None))


def test_order_keys_are_the_outer_querys_own() -> None:
    assert order_keys(query_text("recurring-initiatives")) == ["resources", "initiative"]
    assert order_keys("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 1 } }") is None
    assert order_keys("SELECT ?s WHERE { ?s ?p ?o } ORDER BY STR(?o) ?s") == ["", "s"]
    # A key that is not a projected variable: the exact order is compared.
    rows: list[Row] = [(_lit("a"),), (_lit("b"),)]
    assert comparable(["s"], rows, ["", "s"]) != comparable(["s"], rows[::-1], ["", "s"])


def test_federated_and_geosparql_queries_are_told_by_their_code_not_comments() -> None:
    assert is_federated("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    assert not is_federated("# no SERVICE here\nSELECT * WHERE { ?s ?p 'SERVICE' }")
    geo = f"PREFIX g: <{GEOF}>\nSELECT * WHERE {{ BIND(g:distance(?a, ?b, ?u) AS ?d) }}"
    assert uses_geosparql_functions(geo)
    assert uses_geosparql_functions(f"SELECT * WHERE {{ BIND(<{GEOF}distance>(?a, ?b, ?u) AS ?d) }}")
    assert not uses_geosparql_functions(f"PREFIX g: <{GEOF}>\nSELECT * WHERE {{ ?s ?p ?o }}")


def test_missing_comunica_skips_locally_and_fails_on_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(HOME_VARIABLE, str(tmp_path / "nowhere"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(
        pytest.skip.Exception, match=f"npm install --prefix .*@comunica/query-sparql-file@{VERSION}"
    ):
        require_comunica()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install Comunica"):
        require_comunica()

"""Named queries: committed answers from the source text, the same on pyoxigraph and on
rdflib's own engine; the `query` command in a fresh process, its formats and its errors."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from inspection_kg.use.query import is_update, named_queries, run_query
from inspection_kg.use.store import open_store, store_location

from .conftest import QUERIES, REPO, RUN, expected_answer

Row = tuple[tuple[str, str, str], ...]  # (lexical form, datatype IRI, language) per column


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private cache folder, so the tests' stores never land in the user's."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def store(real_dir: Path, cache: Path) -> pyoxigraph.Store:
    os.environ["XDG_CACHE_HOME"] = str(cache)
    return open_store(real_dir)


def _oxigraph_rows(store: pyoxigraph.Store, name: str) -> tuple[list[str], list[Row]]:
    solutions = run_query(store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    columns = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row = []
        for column in columns:
            term = solution[column]
            if isinstance(term, pyoxigraph.Literal):
                row.append((term.value, term.datatype.value, term.language or ""))
            else:
                row.append(("" if term is None else term.value, "", ""))
        rows.append(tuple(row))
    return columns, rows


def _rdflib_rows(graph: rdflib.Graph, name: str) -> list[Row]:
    rows = []
    for result in graph.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8")):
        row = []
        for term in result:  # type: ignore[union-attr]
            if isinstance(term, rdflib.Literal):
                datatype = (
                    str(term.datatype)
                    if term.datatype
                    else (
                        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
                        if term.language
                        else "http://www.w3.org/2001/XMLSchema#string"
                    )
                )
                row.append((str(term), datatype, term.language or ""))
            else:
                row.append(("" if term is None else str(term), "", ""))
        rows.append(tuple(row))
    return rows


def test_there_are_enough_named_queries_each_with_its_question() -> None:
    queries = named_queries()
    assert len(RUN) >= 12 and set(RUN) < set(queries)
    for query in queries.values():
        assert query.question_zh and query.question_en and query.columns, query.name
    for name in RUN:
        header = expected_answer(name)[0]
        for variable in header:  # every answer column is explained in the header
            assert re.search(rf"\b{variable} \(", queries[name].columns), (name, variable)


@pytest.mark.parametrize("name", RUN)
def test_pyoxigraph_gives_the_committed_answer(store: pyoxigraph.Store, name: str) -> None:
    columns, rows = _oxigraph_rows(store, name)
    header, *expected = expected_answer(name)
    assert columns == header
    assert [[value for value, _, _ in row] for row in rows] == expected


@pytest.mark.parametrize("name", RUN)
def test_rdflib_agrees_with_pyoxigraph_term_for_term(
    store: pyoxigraph.Store, real_graph: rdflib.Graph, name: str
) -> None:
    _, rows = _oxigraph_rows(store, name)
    assert _rdflib_rows(real_graph, name) == rows


def test_query_in_a_fresh_process_reuses_the_store(real_dir: Path, cache: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [
        sys.executable,
        "-m",
        "inspection_kg",
        "query",
        "--name",
        "practices-per-province",
        "--format",
        "csv",
    ]
    first = subprocess.run([*command, str(real_dir)], capture_output=True, check=True, env=env)
    location = store_location(real_dir)
    stamp = (location / "inspection-kg-source.json").stat().st_mtime_ns
    second = subprocess.run([*command, str(real_dir)], capture_output=True, check=True, env=env)
    assert (location / "inspection-kg-source.json").stat().st_mtime_ns == stamp  # not rebuilt
    assert first.stdout == second.stdout
    rows = list(csv.reader(io.StringIO(second.stdout.decode("utf-8"), newline="")))
    assert rows == expected_answer("practices-per-province")


@pytest.mark.parametrize("output", ["table", "csv", "tsv", "json"])
def test_every_format_carries_the_answer(built_dir: Path, cache: Path, output: str) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspection_kg",
            "query",
            "--name",
            "notice-metadata",
            "--format",
            output,
            str(built_dir),
        ],
        capture_output=True,
        check=True,
        env=env,
        text=True,
    )
    assert "国办发〔2020〕46号" in result.stdout and "2020-11-19" in result.stdout


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { ?s ?p }", "malformed SPARQL: error at 1:"),
        ("PREFIX x: <http://x/>\n# a comment\nINSERT DATA { x:a x:b x:c }", "this is a SPARQL update"),
        ("DELETE WHERE { ?s ?p ?o }", "this is a SPARQL update"),
    ],
)
def test_bad_queries_get_one_line_and_exit_2(built_dir: Path, cache: Path, query: str, message: str) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    result = subprocess.run(
        [sys.executable, "-m", "inspection_kg", "query", query, str(built_dir)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unknown_name_and_missing_dataset_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from inspection_kg.cli import main

    assert main(["query", "--name", "no-such-query", str(tmp_path)]) == 2
    assert "no named query 'no-such-query'" in capsys.readouterr().err
    assert main(["query", "--name", "notice-metadata", str(tmp_path)]) == 2
    assert "no inspection-kg.nq here" in capsys.readouterr().err


def test_update_detection_is_not_fooled_by_prefixes_or_strings() -> None:
    assert is_update(
        "PREFIX a: <http://a/#x>\nBASE <http://b/> WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    )
    assert not is_update('SELECT ?s WHERE { ?s ?p "INSERT DATA" }')
    assert not is_update("# INSERT DATA\nASK { ?s ?p ?o }")


def test_named_queries_work_under_any_base_iri(tmp_path: Path, cache: Path) -> None:
    """Queries match notations and types, not our IRIs: under another --base-iri the
    answers are the committed ones with the base swapped."""
    from inspection_kg.cli import main

    out = tmp_path / "kg"
    assert (
        main(
            [
                "build",
                str(REPO / "data" / "notices"),
                "--out",
                str(out),
                "--base-iri",
                "http://example.org/kg/",
                "-q",
            ]
        )
        == 0
    )
    os.environ["XDG_CACHE_HOME"] = str(cache)
    store = open_store(out)
    for name in RUN:
        _, rows = _oxigraph_rows(store, name)
        expected = [
            [v.replace("https://w3id.org/inspection-kg/", "http://example.org/kg/") for v in row]
            for row in expected_answer(name)[1:]
        ]
        assert [[value for value, _, _ in row] for row in rows] == expected, name

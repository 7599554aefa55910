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
import rdflib.plugins.sparql

from inspection_kg.use.query import bound_text, is_update, named_queries, run_query
from inspection_kg.use.store import open_store, store_location

from .conftest import REPO, RUN, expected_answer, named_query_rows, query_text

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
    solutions = run_query(store, query_text(name))
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
    for result in graph.query(query_text(name)):
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
    result = _query_cli([query, str(built_dir)], cache)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unknown_name_and_missing_dataset_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from inspection_kg.cli import main

    assert main(["query", "--name", "no-such-query", str(tmp_path)]) == 2
    assert "no named query 'no-such-query'" in capsys.readouterr().err
    assert main(["query", "--name", "notice-metadata", str(tmp_path)]) == 2
    assert "no dataset here" in capsys.readouterr().err


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


def _query_cli(args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "inspection_kg", "query", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_listing_queries_take_a_notice_or_every_notice(real_dir: Path, cache: Path) -> None:
    """Default: the most recent notice (国办发〔2020〕46号, 2020-11-19; 43 practices, 44 attributions
    in tests/fixtures/actors/); '*' lists the 2018 notice's 130 practices (130 attributions) too."""
    default = _query_cli(["--name", "practice-attributions", "--format", "csv", str(real_dir)], cache)
    rows = list(csv.reader(io.StringIO(default.stdout)))[1:]
    assert {row[0] for row in rows} == {"国办发〔2020〕46号"} and len(rows) == 44
    every = _query_cli(
        ["--name", "practice-attributions", "--param", "notice=*", "--format", "csv", str(real_dir)], cache
    )
    rows = list(csv.reader(io.StringIO(every.stdout)))[1:]
    assert len(rows) == 44 + 130
    one = _query_cli(
        [
            "--name",
            "practice-regions",
            "--format",
            "csv",
            "--param",
            "notice=国办发〔2018〕108号",
            str(real_dir),
        ],
        cache,
    )
    rows = list(csv.reader(io.StringIO(one.stdout)))[1:]
    assert {row[0] for row in rows} == {"国办发〔2018〕108号"}
    assert ["国办发〔2018〕108号", "16", "140402", "城区"] in rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "practice-regions", "--param", "colour=red"], "has no parameter 'colour'"),
        (["--name", "practice-provenance", "--param", "ordinal=22a"], "must be a whole number"),
        (["--name", "practices-in-region", "--param", "region=*"], "takes one value, not *"),
        (["--name", "practice-regions", "--param", "notice"], "is not NAME=VALUE"),
        (["SELECT * WHERE { ?s ?p ?o }", "--param", "notice=*"], "--param is for named queries"),
    ],
)
def test_bad_parameters_get_one_line_and_exit_2(
    real_dir: Path, cache: Path, args: list[str], message: str
) -> None:
    result = _query_cli([*args, str(real_dir)], cache)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_value_is_a_term_never_query_text(real_dir: Path, cache: Path) -> None:
    """A value with quotes, braces and a would-be update is one string literal: it matches no
    notice, and says so (exit 2, no rows), never runs as query text."""
    sneaky = '国办发"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o \\'
    result = _query_cli(
        ["--name", "practice-attributions", "--param", f"notice={sneaky}", "--format", "csv", str(real_dir)],
        cache,
    )
    assert (
        result.returncode == 2 and result.stdout == "" and "matches nothing in the dataset" in result.stderr
    )
    query = named_queries()["practices-in-region"]
    text = bound_text(query, {"notice": sneaky, "region": "420000"})
    assert text.count("VALUES") == 1 and text.index("VALUES") > text.index("WHERE {")
    parsed = rdflib.plugins.sparql.prepareQuery(text)  # still one well-formed query
    assert parsed is not None


def test_list_shows_each_parameter_and_its_default(capsys: pytest.CaptureFixture[str]) -> None:
    from inspection_kg.cli import main

    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "--param notice=… (default latest)" in out and "--param region=… (default 410000)" in out
    assert "--param ordinal=… (default 22)" in out and "--param initiative=… (default 放管服)" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        # what the notices print: 国办发〔2018〕108号 (data/notices/guobanfa-2018-108.txt, line 3)
        (["--name", "practice-regions", "--param", "notice=2018"], "did you mean 国办发〔2018〕108号"),
        (
            ["--name", "practice-regions", "--param", "notice=国办发[2018]108号"],
            "did you mean 国办发〔2018〕108号",
        ),
        (["--name", "practices-in-region", "--param", "region=419999"], "matches nothing in the dataset"),
        (["--name", "practices-per-provnce"], "did you mean practices-per-province"),
    ],
)
def test_a_value_or_name_that_matches_nothing_gets_the_nearest_and_exit_2(
    real_dir: Path, cache: Path, args: list[str], says: str
) -> None:
    done = _query_cli([*args, str(real_dir)], cache)
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.stdout == ""


def test_a_region_may_be_given_by_name(real_dir: Path, cache: Path) -> None:
    """河南省 is 410000 in the division table: the same rows as by code, and stderr says so."""
    by_name = _query_cli(
        ["--name", "practices-in-region", "--param", "region=河南省", "--format", "csv", str(real_dir)], cache
    )
    by_code = _query_cli(
        ["--name", "practices-in-region", "--param", "region=410000", "--format", "csv", str(real_dir)], cache
    )
    assert (
        by_name.returncode == 0 and by_name.stdout == by_code.stdout and len(by_code.stdout.splitlines()) > 1
    )
    assert "410000 (河南省)" in by_name.stderr


@pytest.mark.parametrize(
    "name",
    [
        "practices-per-province",
        "practices-per-admin-level",
        "practices-per-subject",
        "practices-per-theme",
        "subjects-by-province",
    ],
)
def test_an_aggregate_over_one_notice_is_that_notice_built_alone(
    name: str, real_dir: Path, built_dir: Path
) -> None:
    """Counted with notice=国办发〔2020〕46号 over both real notices, an aggregate gives the rows
    it gives over a build of that notice alone (the seed); over every notice (the default) it
    gives more practices, the other notice's too (but for themes: only 46号 names any)."""
    one = named_query_rows(real_dir, name, "notice=国办发〔2020〕46号")
    alone = named_query_rows(built_dir, name)
    assert one == alone
    every = named_query_rows(real_dir, name)
    counted_every, counted_one = (sum(int(r["practices"]) for r in rows) for rows in (every, one))
    if name == "practices-per-theme":  # themes are those a notice names; 国办发〔2018〕108号 names none
        assert counted_every == counted_one > 0
    else:
        assert counted_every > counted_one > 0

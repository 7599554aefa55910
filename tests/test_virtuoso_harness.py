"""The private Virtuoso harness (tests/virtuoso.py) works on this build's files: bulk loading
N-Triples, Turtle and N-Quads, SPARQL over HTTP with a named default graph, exact Chinese
literals, and the Digest-protected Graph Store. Skips without Virtuoso; fails on CI."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
import rdflib

from .conftest import REPO
from .virtuoso import Virtuoso, VirtuosoError, require_virtuoso

OUTPUT = REPO / "output"
NT = OUTPUT / "inspection-kg.nt"
ID = "https://w3id.org/inspection-kg/id/"
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


@pytest.fixture(scope="module")
def bulk_graph(virtuoso: Virtuoso) -> str:
    """output/inspection-kg.nt bulk-loaded into its own graph."""
    graph = "urn:test:bulk"
    virtuoso.bulk_load(NT, graph)
    return graph


def _lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_bulk_load_keeps_every_line(virtuoso: Virtuoso, bulk_graph: str) -> None:
    # Equal counts also mean Virtuoso merged no numerically equal values of one subject.
    assert virtuoso.triple_count(bulk_graph) == _lines(NT)


def test_default_graph_uri_limits_the_query(virtuoso: Virtuoso, bulk_graph: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    scoped = virtuoso.select(query, graph=bulk_graph)
    assert int(scoped["results"]["bindings"][0]["n"]["value"]) == _lines(NT)
    # Without it the query also sees the system graphs of a fresh database.
    unscoped = virtuoso.select(query)
    assert int(unscoped["results"]["bindings"][0]["n"]["value"]) > _lines(NT)


def test_chinese_literals_round_trip_exactly(virtuoso: Virtuoso, bulk_graph: str) -> None:
    result = virtuoso.select(
        f"SELECT ?label WHERE {{ <{ID}region/410900> <{SKOS_PREF_LABEL}> ?label"
        ' FILTER(langMatches(lang(?label), "zh")) }',
        graph=bulk_graph,
    )
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == ["濮阳市"]
    assert f'<{ID}region/410900> <{SKOS_PREF_LABEL}> "濮阳市"@zh .' in NT.read_text(encoding="utf-8")

    # Every language-tagged literal of the file, value for value.
    expected = Counter(
        (str(s), str(o), str(o.language))
        for s, _, o in rdflib.Graph().parse(NT, format="nt")
        if isinstance(o, rdflib.Literal) and o.language
    )
    rows = virtuoso.select(
        "SELECT ?s ?o (lang(?o) AS ?lang) WHERE { ?s ?p ?o FILTER(lang(?o) != '') }", graph=bulk_graph
    )["results"]["bindings"]
    got = Counter((b["s"]["value"], b["o"]["value"], b["lang"]["value"]) for b in rows)
    assert got == expected


def test_more_than_10000_rows_come_back(virtuoso: Virtuoso, bulk_graph: str) -> None:
    # Debian's template caps results at 10,000 rows silently; the harness's ini does not.
    rows = virtuoso.select("SELECT ?a ?b WHERE { ?a a ?x . ?b a ?y } LIMIT 12345", graph=bulk_graph)[
        "results"
    ]["bindings"]
    assert len(rows) == 12345


def test_bulk_load_turtle(virtuoso: Virtuoso) -> None:
    virtuoso.bulk_load(OUTPUT / "inspection-kg.ttl", "urn:test:ttl")
    assert virtuoso.triple_count("urn:test:ttl") == _lines(NT)


def test_bulk_load_nquads_uses_the_quads_own_graphs(virtuoso: Virtuoso, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.nq"  # outside DirsAllowed: bulk_load copies it
    mixed.write_text(
        '<urn:s1> <urn:test:p> "in g1" <urn:test:g1> .\n'
        '<urn:s2> <urn:test:p> "no graph" .\n'
        '<urn:s3> <urn:test:p> "in g2" <urn:test:g2> .\n',
        encoding="utf-8",
    )
    virtuoso.bulk_load(mixed, "urn:test:nq-default")
    rows = virtuoso.select("SELECT ?g ?o WHERE { GRAPH ?g { ?s <urn:test:p> ?o } }")["results"]["bindings"]
    assert sorted((b["g"]["value"], b["o"]["value"]) for b in rows) == [
        ("urn:test:g1", "in g1"),
        ("urn:test:g2", "in g2"),
        ("urn:test:nq-default", "no graph"),
    ]

    # The build's quads: every one names its graph, so the argument graph stays empty.
    nq = OUTPUT / "inspection-kg.nq"
    virtuoso.bulk_load(nq, "urn:test:nq")
    assert virtuoso.triple_count("urn:test:nq") == 0
    expected = Counter(line.rsplit(" ", 2)[1].strip("<>") for line in nq.read_text("utf-8").splitlines())
    assert {graph: virtuoso.triple_count(graph) for graph in expected} == dict(expected)


def test_bulk_load_reports_a_bad_file(virtuoso: Virtuoso, tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text('<urn:a> <urn:b> "unterminated .\n', encoding="utf-8")
    with pytest.raises(VirtuosoError, match="Unterminated"):
        virtuoso.bulk_load(bad, "urn:test:bad")


def test_the_same_file_loads_into_a_second_graph(virtuoso: Virtuoso, bulk_graph: str) -> None:
    virtuoso.bulk_load(NT, "urn:test:bulk-again")
    assert virtuoso.triple_count("urn:test:bulk-again") == _lines(NT)


@pytest.mark.parametrize(
    ("content_type", "path"),
    [("application/n-triples", NT), ("text/turtle", OUTPUT / "inspection-kg.ttl")],
)
def test_graph_store_put_replaces(virtuoso: Virtuoso, content_type: str, path: Path) -> None:
    graph = f"urn:test:gsp:{path.suffix[1:]}"
    data = path.read_bytes()  # ~0.6 MB: urllib's own Digest handler would die on a broken pipe
    assert virtuoso.graph_store("PUT", graph, data, content_type)[0] == 201  # created
    assert virtuoso.triple_count(graph) == _lines(NT)
    assert virtuoso.graph_store("PUT", graph, data, content_type)[0] == 200  # replaced, not added
    assert virtuoso.triple_count(graph) == _lines(NT)
    assert virtuoso.graph_store("DELETE", graph)[0] == 200
    assert virtuoso.triple_count(graph) == 0


SMALL = b'<urn:test:a> <urn:test:b> "\xe6\xbf\xae\xe9\x98\xb3\xe5\xb8\x82"@zh .\n'


def test_graph_store_refuses_basic_auth_and_a_wrong_password(virtuoso: Virtuoso) -> None:
    url = virtuoso.graph_store_url + "?graph-uri=urn:test:refused"
    basic = urllib.request.Request(
        url,
        data=SMALL,  # small: Virtuoso closes a refused request without reading its body
        method="PUT",
        headers={"Content-Type": "application/n-triples", "Authorization": virtuoso.basic_auth_header()},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(basic, timeout=10)
    assert refused.value.code == 401  # and, unlike an unauthenticated request, no Digest challenge

    with pytest.raises(VirtuosoError, match="HTTP 401"):
        virtuoso.graph_store("PUT", "urn:test:refused", SMALL, password="not-dba")

    # The unauthenticated endpoint is read-only.
    read_only = url.replace("-crud-auth", "-crud")
    with pytest.raises(urllib.error.HTTPError) as forbidden:
        urllib.request.urlopen(urllib.request.Request(read_only, data=SMALL, method="PUT"), timeout=10)
    assert forbidden.value.code == 403
    assert virtuoso.triple_count("urn:test:refused") == 0


def test_stop_leaves_no_process(tmp_path: Path) -> None:
    require_virtuoso()
    server = Virtuoso.start(tmp_path / "db")
    try:
        assert server.ask("ASK {}") is True
        assert server.ask("ASK { <urn:test:nothing> ?p ?o }") is False
    finally:
        server.stop()
    assert server.process.poll() is not None
    server.stop()  # twice is fine


def test_a_start_timeout_says_why_and_stops(tmp_path: Path) -> None:
    require_virtuoso()
    with pytest.raises(VirtuosoError, match="did not answer") as failed:
        Virtuoso.start(tmp_path / "db", timeout=0.0)
    assert "log tail" in str(failed.value)
    ini = str(tmp_path / "db" / "virtuoso.ini")
    assert not [p for p in Path("/proc").glob("[0-9]*") if ini in _cmdline(p)]


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def test_require_virtuoso_skips_locally_and_fails_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="virtuoso-opensource-7-bin"):
        require_virtuoso()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install"):
        require_virtuoso()

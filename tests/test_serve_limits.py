"""`serve --timeout`: a query past its time is stopped with a clear answer, the pages keep
answering while one runs, a client that leaves is no error, and the first line printed is
the address to open. The engine's own limit and our proxy's are both exercised: against
the real oxigraph server over the real notices, and against a stand-in engine that
misbehaves the two ways oxigraph can (a 200 cut short, no answer at all)."""

from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspection_kg.use import upstream
from inspection_kg.use.upstream import CANCELLED, QueryStopped, ask

from .conftest import free_port

LIMIT = 2  # seconds, the --timeout of the server started here
# Every triple against every triple against every triple: no engine finishes it.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def limited(
    real_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inspection_kg",
            "serve",
            "--port",
            str(port),
            "--timeout",
            str(LIMIT),
            str(real_dir),
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert process.stderr is not None
        first = process.stderr.readline()  # printed once the server answers
        assert first == f"Pages: {url}/\n", first
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _post(url: str, form: dict[str, str], accept: str = "application/sparql-results+json") -> tuple[int, str]:
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_a_query_past_the_limit_is_stopped_and_the_pages_answer_meanwhile(
    limited: tuple[str, subprocess.Popen[str]],
) -> None:
    url, _ = limited
    heavy: list[tuple[int, str]] = []
    worker = threading.Thread(target=lambda: heavy.append(_post(url + "/query", {"query": ENDLESS})))
    worker.start()
    time.sleep(0.5)  # the engine is busy with it now
    pages = []
    for path in ("/", "/sparql", "/id/region/410900"):
        with urllib.request.urlopen(url + path, timeout=60) as response:
            pages.append((path, response.status, worker.is_alive()))
    worker.join(60)
    # every page answered while the heavy query was still running
    assert pages == [("/", 200, True), ("/sparql", 200, True), ("/id/region/410900", 200, True)]
    status, body = heavy[0]
    assert status == 503 and f"503: the query ran longer than {LIMIT} s and was stopped" in body, (
        status,
        body[:300],
    )


def test_the_query_page_stops_a_query_past_the_limit(limited: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = limited
    status, body = _post(url + "/sparql", {"query": ENDLESS}, accept="text/html")
    assert status == 503 and f"The query ran longer than {LIMIT} s and was stopped" in body


def test_the_query_page_runs_a_query_in_the_engine(limited: tuple[str, subprocess.Popen[str]]) -> None:
    """Solutions, a boolean and a graph, each read back from the engine's answer."""
    url, _ = limited
    select = "SELECT ?code WHERE { <https://w3id.org/inspection-kg/id/region/410900> skos:notation ?code }"
    prefix = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    status, body = _post(url + "/sparql", {"query": prefix + select}, accept="text/html")
    assert status == 200 and ">410900<" in body
    status, body = _post(url + "/sparql", {"query": "ASK { ?s ?p ?o }"}, accept="text/html")
    assert status == 200 and "true" in body
    construct = "CONSTRUCT { <https://w3id.org/inspection-kg/id/region/410900> ?p ?o } WHERE { <https://w3id.org/inspection-kg/id/region/410900> ?p ?o }"
    status, body = _post(url + "/sparql", {"query": construct}, accept="text/html")
    assert status == 200 and "410900" in body and "skos/core#notation" in body


def test_a_client_that_leaves_is_no_error_and_stopping_prints_no_traceback(
    limited: tuple[str, subprocess.Popen[str]],
) -> None:
    url, process = limited
    port = int(url.rsplit(":", 1)[1])
    body = urllib.parse.urlencode({"query": ENDLESS}).encode()
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(
            b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        time.sleep(0.5)  # and gone, before any answer
    status, answer = _post(url + "/query", {"query": "ASK { ?s ?p ?o }"})
    assert status == 200 and "true" in answer
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert process.stderr is not None
    rest = process.stderr.read()
    assert rest.splitlines() == [
        f"SPARQL endpoint: {url}/query (queries stop after {LIMIT} s; Ctrl-C stops it)",
        "stopped",
    ], rest


class _StandIn(http.server.BaseHTTPRequestHandler):
    """An engine that cuts its answer short (as oxigraph does at --timeout-s) or never answers."""

    def do_POST(self) -> None:
        if self.path == "/large":  # 3 MB of results
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            for _ in range(3):
                self.wfile.write(b"x" * (1 << 20))
        elif self.path == "/cut":
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head":{"vars":["n"]},"results":{"bindings":[' + CANCELLED)
        else:
            time.sleep(30)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def stand_in() -> Iterator[tuple[str, int]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield ("127.0.0.1", server.server_address[1])
    finally:
        server.shutdown()


def test_an_answer_the_engine_cut_short_is_a_stop_not_a_result(stand_in: tuple[str, int]) -> None:
    with pytest.raises(QueryStopped, match="ran longer than 5 s"):
        ask(stand_in, "POST", "/cut", b"", {}, seconds=5)


def test_an_engine_that_never_answers_is_given_up_at_the_limit(stand_in: tuple[str, int]) -> None:
    started = time.monotonic()
    with pytest.raises(QueryStopped, match="ran longer than 1 s"):
        ask(stand_in, "POST", "/never", b"", {}, seconds=1)
    assert time.monotonic() - started < 29  # long before the engine's own 30 s


def test_a_client_gone_is_given_up_at_once(stand_in: tuple[str, int]) -> None:
    with pytest.raises(QueryStopped, match="client has gone"):
        ask(stand_in, "POST", "/never", b"", {}, seconds=60, client_gone=lambda: True)


def test_an_answer_past_the_size_limit_is_a_stop(
    stand_in: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cartesian SELECT * streams without end: what is kept in memory is bounded."""
    monkeypatch.setattr(upstream, "MAX_ANSWER_BYTES", 2 << 20)
    with pytest.raises(QueryStopped, match="grew past 2 MB"):
        ask(stand_in, "POST", "/large", b"", {}, seconds=30)
    monkeypatch.setattr(upstream, "MAX_ANSWER_BYTES", 4 << 20)
    assert len(ask(stand_in, "POST", "/large", b"", {}, seconds=30).body) == 3 << 20

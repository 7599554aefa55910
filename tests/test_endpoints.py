"""`serve` (the oxigraph SPARQL server over the dataset) and `load` (Graph Store Protocol)
against real servers started here, on loopback ports."""

from __future__ import annotations

import csv
import http.server
import io
import json
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

from inspection_kg.use.server import oxigraph_binary

from .conftest import RUN, expected_answer, query_text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}


@pytest.fixture(scope="module")
def served(real_dir: Path, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "inspection_kg", "serve", "--port", str(port), str(real_dir)],
        env=env,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_until_up(f"{url}?query=ASK%7B%7D", process)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _json_rows(body: bytes) -> list[list[str]]:
    document = json.loads(body)
    columns = document["head"]["vars"]
    return [columns] + [
        [b[c]["value"] if c in b else "" for c in columns] for b in document["results"]["bindings"]
    ]


@pytest.mark.parametrize("name", RUN)
def test_get_and_post_give_the_committed_answers(
    served: tuple[str, subprocess.Popen[bytes]], name: str
) -> None:
    url, _ = served
    text = query_text(name)
    get = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': text})}", headers={"Accept": "text/csv"}
    )
    with urllib.request.urlopen(get, timeout=30) as response:
        rows = list(csv.reader(io.StringIO(response.read().decode("utf-8"), newline="")))
    assert rows == expected_answer(name)
    post = urllib.request.Request(
        url,
        data=text.encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(post, timeout=30) as response:
        assert _json_rows(response.read()) == expected_answer(name)


def test_the_endpoint_refuses_updates(served: tuple[str, subprocess.Popen[bytes]]) -> None:
    url, _ = served
    update = urllib.request.Request(
        url.replace("/query", "/update"),
        data=urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(update, timeout=10)
    assert refused.value.code >= 400
    count = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': 'ASK { <urn:a> <urn:b> <urn:c> }'})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(count, timeout=10) as response:
        assert json.loads(response.read())["boolean"] is False


def test_the_endpoint_runs_the_geosparql_query_natively(
    served: tuple[str, subprocess.Popen[bytes]], real_dir: Path, env: dict[str, str]
) -> None:
    """practices-near uses geof:distance: the oxigraph server behind /query has it built in,
    the embedded engine of `query` has it registered (use/geosparql.py); same rows."""
    from inspection_kg.use.query import bound_text, named_query

    url, _ = served
    text = bound_text(named_query("practices-near"), {"place": "410900", "within": "300"})
    request = urllib.request.Request(
        url, data=text.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as response:
        served_rows = list(csv.reader(io.StringIO(response.read().decode("utf-8"), newline="")))
    local = subprocess.run(
        [sys.executable, "-m", "inspection_kg", "query", "--name", "practices-near", "--param", "within=300",
         "--format", "csv", str(real_dir)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    local_rows = list(csv.reader(io.StringIO(local.stdout, newline="")))
    assert len(served_rows) > 5 and served_rows == local_rows


def test_serve_prints_its_url_and_stops_cleanly_on_ctrl_c(
    served: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, process = served
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0
    assert process.stderr is not None
    err = process.stderr.read().decode("utf-8")
    assert f"SPARQL endpoint: {url}" in err


@pytest.fixture()
def writable_store(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def _load(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspection_kg", "load", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_load_replaces_then_appends_and_counts(
    built_dir: Path, writable_store: str, env: dict[str, str]
) -> None:
    lines = len((built_dir / "inspection-kg.nt").read_text(encoding="utf-8").splitlines())
    endpoint = f"{writable_store}/store"
    first = _load("--endpoint", endpoint, "--graph", "urn:test:kg", str(built_dir), env=env)
    assert first.returncode == 0, first.stderr
    assert f"loaded {lines} triples into <urn:test:kg>" in first.stderr
    again = _load("--endpoint", endpoint, "--graph", "urn:test:kg", "--append", str(built_dir), env=env)
    assert again.returncode == 0, again.stderr
    default = _load("--endpoint", endpoint, str(built_dir), env=env)  # the graph is the dataset's IRI
    assert "<https://w3id.org/inspection-kg/dataset>" in default.stderr
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:test:kg> { ?s ?p ?o } }"
    request = urllib.request.Request(
        f"{writable_store}/query?{urllib.parse.urlencode({'query': query})}", headers={"Accept": "text/csv"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.read().decode("utf-8").split() == ["n", str(lines)]


def test_load_to_a_closed_port_is_one_line_and_exit_2(built_dir: Path, env: dict[str, str]) -> None:
    result = _load("--endpoint", f"http://127.0.0.1:{_free_port()}/store", str(built_dir), env=env)
    assert result.returncode == 2
    assert "cannot reach the store" in result.stderr and len(result.stderr.strip().splitlines()) == 1


class _Refusing(http.server.BaseHTTPRequestHandler):
    def _refuse(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="store"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = do_GET = do_HEAD = _refuse

    def log_message(self, *args: object) -> None:
        pass


def test_refused_credentials_are_one_line_and_exit_2(built_dir: Path, env: dict[str, str]) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_address[1]}/store"
        result = _load("--endpoint", endpoint, "--user", "u", "--password", "wrong", str(built_dir), env=env)
    finally:
        server.shutdown()
    assert result.returncode == 2
    assert (
        "refused the credentials (HTTP 401)" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    )


def test_serve_on_a_busy_port_is_one_line_and_exit_2(built_dir: Path, env: dict[str, str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "inspection_kg", "serve", "--port", str(port), str(built_dir)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert (
        f"port {port} on 127.0.0.1 is in use" in result.stderr
        and len(result.stderr.strip().splitlines()) == 1
    )


def test_serve_stopped_by_sigterm_leaves_no_server(built_dir: Path, env: dict[str, str]) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "inspection_kg", "serve", "--port", str(port), str(built_dir)],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    _wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    time.sleep(0.5)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)

"""One request to the oxigraph server behind `serve`, with limits: it is given up, and its
connection shut so that the engine stops writing, when the time limit passes or when the
client that asked has gone; an answer the engine cut short at its own time limit is told
apart from a whole one."""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

QUERY_PATH = "/query"
# oxigraph 0.5 (serve --timeout-s) has sent "200" and the start of the results when it
# stops a query, and ends the body with this line instead of the rest of the results.
CANCELLED = b"The SPARQL operation has been cancelled"
# How long past the engine's own limit the answer is waited for: the engine checks its
# limit between steps of the evaluation, not continuously.
GRACE_SECONDS = 2.0
POLL_SECONDS = 0.2
# The most of an answer kept in memory: a cartesian SELECT * streams tens of MB a second.
MAX_ANSWER_BYTES = 256 << 20
_CHUNK = 1 << 20

Endpoint = tuple[str, int]
QueryAnswer = ox.QuerySolutions | ox.QueryBoolean | str  # a graph comes as N-Triples text


class QueryStopped(Exception):
    """The query was stopped (time limit) or abandoned (client gone); says which."""


class _TooLarge(Exception):
    """The engine's answer grew past MAX_ANSWER_BYTES."""


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def ask(
    endpoint: Endpoint,
    method: str,
    path: str,
    body: bytes | None,
    headers: dict[str, str],
    *,
    seconds: float,
    client_gone: Callable[[], bool] | None = None,
) -> Answer:
    """The engine's whole answer; QueryStopped past ``seconds`` (and the grace) or once
    ``client_gone()`` is true; OSError if the engine cannot be reached."""
    # the socket's own timeout only backs up the deadline below, which says why it stopped
    connection = http.client.HTTPConnection(*endpoint, timeout=seconds + 2 * GRACE_SECONDS)
    outcome: list[Answer | BaseException] = []

    def run() -> None:
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            kind = response.getheader("Content-Type") or "application/octet-stream"
            received = bytearray()
            while chunk := response.read(_CHUNK):
                received += chunk
                if len(received) > MAX_ANSWER_BYTES:
                    raise _TooLarge
            outcome.append(Answer(response.status, kind, bytes(received)))
        except (OSError, http.client.HTTPException, _TooLarge) as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    deadline = time.monotonic() + seconds + GRACE_SECONDS
    try:
        while worker.is_alive():
            worker.join(POLL_SECONDS)
            if worker.is_alive() and client_gone is not None and client_gone():
                raise QueryStopped("the client has gone")
            if worker.is_alive() and time.monotonic() > deadline:
                raise QueryStopped(
                    f"the query ran longer than {seconds:g} s and was stopped (serve --timeout)"
                )
    finally:
        if worker.is_alive():
            _shut(connection)
        connection.close()
    result = outcome[0]
    if isinstance(result, _TooLarge):
        raise QueryStopped(f"the answer grew past {MAX_ANSWER_BYTES >> 20} MB and the query was stopped")
    if isinstance(result, TimeoutError):
        raise QueryStopped(f"the query ran longer than {seconds:g} s and was stopped (serve --timeout)")
    if isinstance(result, BaseException):
        raise OSError(f"the SPARQL engine did not answer: {result}") from result
    if result.body.rstrip().endswith(CANCELLED):
        raise QueryStopped(f"the query ran longer than {seconds:g} s and was stopped (serve --timeout)")
    return result


def _shut(connection: http.client.HTTPConnection) -> None:
    """Wake the worker blocked on the engine's answer and tell the engine we have gone."""
    if connection.sock is not None:
        try:
            connection.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def query_for_page(endpoint: Endpoint, text: str, seconds: float) -> QueryAnswer:
    """The query page's query, run by the engine with its limit: solutions or a boolean as
    pyoxigraph reads them from SPARQL JSON, a graph as N-Triples text. ValueError carries the
    engine's message for a query it refuses."""
    form = urllib.parse.urlencode({"query": text}).encode("utf-8")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
    }
    answer = ask(endpoint, "POST", QUERY_PATH, form, headers, seconds=seconds)
    if answer.status != 200:
        raise ValueError(answer.body.decode("utf-8", "replace").strip()[:1000])
    if answer.content_type.startswith("application/sparql-results+json"):
        return ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    return answer.body.decode("utf-8")

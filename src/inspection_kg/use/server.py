"""`serve`: the dataset's pages (site.py) and its SPARQL 1.1 endpoint on one loopback port.

Queries at /query go to the `oxigraph` server (PyPI package `oxigraph`), run read-only on
a second loopback port over the dataset's store, with the union of the named graphs as
default graph: its protocol handling is conformant and maintained, ours would not be. The
pages read the same store in this process, read-only; nothing here can write.
"""

from __future__ import annotations

import ctypes
import http.server
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from functools import partial
from pathlib import Path
from typing import IO

from ..errors import ConfigError
from .links import Response
from .site import MAX_FORM, Site
from .store import open_store, store_location
from .upstream import QUERY_PATH, Endpoint, QueryStopped, ask, query_for_page

WRITE_CHUNK = 1 << 20
DEFAULT_TIMEOUT = 30  # seconds a query may run (serve --timeout)


def oxigraph_binary() -> str:
    """The `oxigraph` executable: on PATH, or beside this Python (a venv not activated)."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        raise ConfigError(
            "the oxigraph server is not installed",
            fix="pip install 'oxigraph==0.5.*' (a dependency of inspection-kg)",
        )
    return found


def server_command(dataset: Path, host: str, port: int, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    return [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(store_location(dataset)),
        "--bind",
        f"{host}:{port}",
        "--union-default-graph",
        "--timeout-s",
        str(max(1, round(timeout))),
    ]


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the parent dies (Linux), so no orphan server
    keeps answering on the port."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        pass


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_text(encoding="utf-8", errors="replace").strip()[-2000:]
            raise ConfigError(
                f"the oxigraph server stopped at start (exit {process.returncode}): {said or 'it said nothing'}",
                fix="check that the dataset folder holds a build (inspection-kg build) and that the cache is writable",
            )
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    process.terminate()
    raise ConfigError(f"the oxigraph server did not answer within {seconds:.0f} s", fix="try again")


class _Handler(http.server.BaseHTTPRequestHandler):
    """Pages and RDF from the site; /query passed through to the oxigraph server; nothing
    that writes."""

    site: Site
    endpoint: Endpoint  # the oxigraph server behind us
    query_seconds: float  # how long a query may run (not `timeout`: that is the socket's)
    protocol_version = "HTTP/1.1"
    server_version = "inspection-kg"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_POST(self) -> None:
        if self._is_query():
            self._pass_to_endpoint()
        elif self.path == "/sparql":  # the query page's form
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_FORM:
                self.close_connection = True  # the rest of the body is not read
            self._send(self.site.sparql_form(self.rfile.read(min(length, MAX_FORM + 1))), True)
        else:
            self._refuse()

    def _refuse(self) -> None:
        read_only = b"405: this server is read-only\n"
        self._send(
            Response(405, "text/plain; charset=utf-8", read_only, (("Allow", "GET, HEAD, POST"),)), True
        )

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _is_query(self) -> bool:
        return self.path == QUERY_PATH or self.path.startswith(QUERY_PATH + "?")

    def _answer(self, with_body: bool) -> None:
        if self._is_query():
            self._pass_to_endpoint(with_body)
            return
        try:
            response = self.site.respond(self.path, self.headers.get("Accept"))
        except Exception as error:  # noqa: BLE001 -- a page must never show a traceback
            print(f"error on {self.path[:200]}: {type(error).__name__}: {error}", file=sys.stderr)
            response = Response(500, "text/plain; charset=utf-8", b"500: the page could not be made\n")
        self._send(response, with_body)

    def _send(self, response: Response, with_body: bool) -> None:
        length = len(response.body) if response.file is None else response.file.stat().st_size
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if not with_body:
            return
        if response.file is None:
            self.wfile.write(response.body)
        else:  # a dataset file can be gigabytes: streamed, never read whole
            with response.file.open("rb") as stream:
                shutil.copyfileobj(stream, self.wfile, WRITE_CHUNK)

    def _pass_to_endpoint(self, with_body: bool = True) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k in ("Accept", "Content-Type") if (v := self.headers.get(k))}
        try:
            answer = ask(
                self.endpoint,
                self.command,
                self.path,
                body,
                headers,
                seconds=self.query_seconds,
                client_gone=self._client_gone,
            )
        except QueryStopped as stopped:
            if not self._client_gone():
                message = f"503: {stopped}\n"
                self._send(Response(503, "text/plain; charset=utf-8", message.encode()), with_body)
            else:
                self.close_connection = True  # nobody to answer
            return
        except OSError as error:
            self._send(Response(502, "text/plain; charset=utf-8", f"502: {error}\n".encode()), with_body)
            return
        self._send(Response(answer.status, answer.content_type, answer.body), with_body)

    def _client_gone(self) -> bool:
        """Whether the client has closed its side (readable, and nothing to read)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: a terminal full of request lines hides the address the user needs


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 resets connections when 50 clients come at once

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A client that leaves mid-answer is no error; anything else is one line, not a
        traceback over the address the user needs."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(f"error answering {client_address[0]}: {type(error).__name__}: {error}", file=sys.stderr)


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def serve(dataset: Path, port: int, host: str = "127.0.0.1", timeout: float = DEFAULT_TIMEOUT) -> int:
    """Serve pages and the SPARQL endpoint until Ctrl-C, SIGTERM or SIGHUP; the oxigraph
    server behind /query stops with us in every case. A query (at /query or from the query
    page) runs at most ``timeout`` seconds."""
    if not 0 < port < 65536 or not _port_is_free(host, port):
        raise ConfigError(f"port {port} on {host} is in use or invalid", fix="pass another --port")
    if not 1 <= timeout <= 24 * 3600:  # the engine's own limit is in whole seconds
        raise ConfigError(f"--timeout {timeout:g} is out of range", fix="give seconds, from 1 to 86400")
    inner = _free_port(host)
    command = server_command(dataset, host, inner, timeout)
    with tempfile.NamedTemporaryFile(prefix="inspection-kg-oxigraph-", suffix=".log") as log:
        process = _start_engine(command, log)
        return _serve_with(process, Path(log.name), dataset, host, port, inner, timeout)


def _start_engine(command: list[str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    """The oxigraph server, its output in ``log``: its own "Listening at" line names the
    inner port, not the one to open."""
    out = subprocess.DEVNULL
    return subprocess.Popen(command, stdout=out, stderr=log, preexec_fn=_die_with_parent)  # noqa: PLW1509


def _serve_with(
    process: subprocess.Popen[bytes],
    log: Path,
    dataset: Path,
    host: str,
    port: int,
    inner: int,
    timeout: float,
) -> int:
    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    front: _Server | None = None
    try:
        _wait_until_ready(f"http://{host}:{inner}{QUERY_PATH}", process, log)
        site = Site(
            open_store(dataset), dataset, run_query=partial(query_for_page, (host, inner), seconds=timeout)
        )
        site.respond("/")  # the home page counts over the whole corpus: once, before the address is shown
        handler = type(
            "Handler", (_Handler,), {"site": site, "endpoint": (host, inner), "query_seconds": timeout}
        )
        front = _Server((host, port), handler)
        print(f"Pages: http://{host}:{port}/", file=sys.stderr)
        print(
            f"SPARQL endpoint: http://{host}:{port}{QUERY_PATH} (queries stop after {timeout:g} s; Ctrl-C stops it)",
            file=sys.stderr,
            flush=True,
        )
        threading.Thread(target=_watch, args=(process, front), daemon=True).start()
        front.serve_forever()
        return 0 if process.poll() in (None, 0) else 2
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 0
    finally:
        if front is not None:
            front.server_close()
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _watch(process: subprocess.Popen[bytes], front: _Server) -> None:
    """Stop serving pages if the SPARQL server behind them dies."""
    process.wait()
    front.shutdown()

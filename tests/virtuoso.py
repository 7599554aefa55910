"""A private, throw-away Virtuoso 7.2 instance for tests (test support, not a test module).

Why a private instance: Debian's `virtuoso-opensource` package runs a system daemon on the
well-known ports 1111/8890 with its own database. Tests need a fresh database they own, on free
loopback ports, that they can stop without leaving a process behind. Only the binaries of
`virtuoso-opensource-7-bin` (`virtuoso-t`, `isql-vt`) are needed; see
/work/shared/notes/triple-stores.md for the measured behaviour of this release.

Usage::

    server = Virtuoso.start(tmp_dir, dirs_allowed=[folder_with_rdf])
    try:
        server.bulk_load(folder_with_rdf / "data.nt", "urn:test:g")
        assert server.triple_count("urn:test:g") == 42
    finally:
        server.stop()
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
USER = "dba"
PASSWORD = "dba"  # a fresh database's dba password
START_TIMEOUT = 60.0  # measured start-up: 1.4-3.9 s
HTTP_TIMEOUT = 60.0  # every client call gets one: a huge load can hang the server
ISQL_TIMEOUT = 120.0


class VirtuosoError(RuntimeError):
    """The server refused, failed or did not answer; the message carries its own words."""


def free_ports(count: int) -> list[int]:
    """Distinct free TCP ports on 127.0.0.1 (all sockets held open together so none repeats)."""
    with ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
        return ports


def _sql_string(text: str) -> str:
    """A single-quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _iri(iri: str) -> str:
    """An IRI for SPARQL `<...>` or an SQL literal; refuse what would break out of either."""
    if not iri or any(c in iri for c in "<>\"'{}|\\^` \t\r\n"):
        raise ValueError(f"not an IRI we can safely quote: {iri!r}")
    return iri


def _tail(path: Path, lines: int = 40) -> str:
    """The last lines of a log file, for error messages."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(no log at {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:])


def _ini(workdir: Path, sql_port: int, http_port: int, dirs_allowed: Iterable[Path], buffers: int) -> str:
    """A minimal virtuoso.ini: everything in `workdir`, loopback only, no result-row cap.

    Debian's template caps SPARQL results at 10,000 rows silently (HTTP 200); the cap here is
    far above anything the tests ask for. One buffer is 8 KB: 85,000 buffers ~ 700 MB at most,
    well within a small CI machine, and plenty for the bulk loader on a few 100k triples.
    """
    allowed = ", ".join(dict.fromkeys(str(p) for p in [workdir, *dirs_allowed]))
    return f"""\
; Written by tests/virtuoso.py for one private, throw-away instance.
[Database]
DatabaseFile = {workdir}/virtuoso.db
ErrorLogFile = {workdir}/virtuoso.log
LockFile = {workdir}/virtuoso.lck
TransactionFile = {workdir}/virtuoso.trx
xa_persistent_file = {workdir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {workdir}/virtuoso-temp.db
TransactionFile = {workdir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
MaxQueryMem = 1G
DirsAllowed = {allowed}
UnremovableDirs = {workdir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {workdir}
MaxClientConnections = 10
ServerThreads = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
KeepAliveTimeout = 10
MaxKeepAlives = 10

[SPARQL]
ResultSetMaxRows = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
DefaultQuery = ASK {{}}
"""


@dataclass
class Virtuoso:
    """One running `virtuoso-t` owned by this process; `stop()` always ends it."""

    workdir: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen[bytes]
    dirs_allowed: tuple[Path, ...]
    user: str = USER
    password: str = PASSWORD
    _loads: Iterator[int] = field(default_factory=itertools.count, repr=False)

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        workdir: Path,
        dirs_allowed: Iterable[Path] = (),
        buffers: int = 85_000,
        timeout: float = START_TIMEOUT,
    ) -> Virtuoso:
        """Write `workdir/virtuoso.ini`, start the server in the foreground, wait for /sparql.

        `dirs_allowed`: folders `bulk_load` may read in place (files elsewhere are copied into
        `workdir` first). Raises VirtuosoError with the log tail if /sparql does not answer.
        """
        for tool in (VIRTUOSO, ISQL):
            if shutil.which(tool) is None:
                raise VirtuosoError(f"{tool} is not on PATH (Debian: virtuoso-opensource-7-bin)")
        workdir = Path(workdir).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        allowed = tuple(Path(d).resolve() for d in dirs_allowed)
        sql_port, http_port = free_ports(2)
        ini = workdir / "virtuoso.ini"
        ini.write_text(_ini(workdir, sql_port, http_port, allowed, buffers), encoding="utf-8")
        with (workdir / "virtuoso-stdout.log").open("wb") as log:
            process = subprocess.Popen(
                [VIRTUOSO, "+configfile", str(ini), "+foreground"],
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in pytest must not reach it before stop()
            )
        server = cls(workdir, sql_port, http_port, process, allowed)
        try:
            server._wait_until_up(timeout)
        except BaseException:
            server.stop()
            raise
        return server

    def _wait_until_up(self, timeout: float) -> None:
        """Poll `GET /sparql?query=ASK{}` until it answers 200 (or the process dies)."""
        url = self.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise VirtuosoError(
                    f"virtuoso-t exited with {self.process.returncode} while starting;"
                    f" log tail:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
                    last = f"HTTP {response.status}"
            except (OSError, urllib.error.URLError) as exc:
                last = str(exc)
            time.sleep(0.2)
        raise VirtuosoError(
            f"Virtuoso did not answer {url} within {timeout:.0f} s ({last}); log tail:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's own output (stdout and stderr of `virtuoso-t`)."""
        return _tail(self.workdir / "virtuoso-stdout.log", lines)

    def stop(self, timeout: float = 30.0) -> None:
        """Shut down cleanly (checkpoint) via isql; SIGTERM, then SIGKILL, if that fails.

        Safe to call twice and on a half-started server; never leaves the process behind.
        """
        if self.process.poll() is None:
            try:
                subprocess.run(
                    [ISQL, f"127.0.0.1:{self.sql_port}", self.user, self.password, "exec=shutdown;"],
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    timeout=timeout,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired):
                pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                self.process.wait(timeout=timeout)
                return
            except subprocess.TimeoutExpired:
                self.process.send_signal(sig)
        self.process.wait()

    def __enter__(self) -> Virtuoso:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- addresses --------------------------------------------------------------------------

    @property
    def sparql_url(self) -> str:
        """The SPARQL query endpoint (read-only, no authentication)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store_url(self) -> str:
        """The writable Graph Store endpoint; needs HTTP Digest auth (Basic gets 401)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    # -- SQL --------------------------------------------------------------------------------

    def isql(self, sql: str, timeout: float = ISQL_TIMEOUT) -> str:
        """Run SQL statements (`;`-separated) through `isql-vt`; return its output.

        isql-vt exits 0 even when a statement fails, so its output is searched for
        `*** Error` too. Raises VirtuosoError carrying the output.
        """
        command = [ISQL, f"127.0.0.1:{self.sql_port}", self.user, self.password, f"exec={sql}"]
        try:
            result = subprocess.run(
                command, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise VirtuosoError(f"isql timed out after {timeout:.0f} s on: {sql}") from exc
        output = (result.stdout + result.stderr).decode("utf-8", errors="replace")
        if result.returncode != 0 or "*** Error" in output:
            raise VirtuosoError(f"isql failed (exit {result.returncode}) on: {sql}\n{output}")
        return output

    def bulk_load(self, path: Path, graph: str, timeout: float = ISQL_TIMEOUT) -> None:
        """Load one RDF file with the bulk loader (`ld_dir`, `rdf_loader_run`, `checkpoint`).

        The format follows the file name: `.nt`, `.ttl`, `.nq`, `.trig`, `.rdf`/`.owl`
        (optionally `.gz`). Triples are added to `graph` (nothing is replaced).

        N-Quads: every quad goes to its own graph name; `graph` only receives the lines
        without a graph name (checked in tests/test_virtuoso_harness.py). Beware `ld_dir`'s
        override: a `<file>.graph` or `global.graph` file next to the data names the graph
        instead of `graph`.

        The same path can be loaded again: its old load_list row is removed first. A file
        outside `workdir` and `dirs_allowed` is copied into `workdir` (Virtuoso reads only
        DirsAllowed). Raises VirtuosoError unless load_list reports state 2 and no error.
        """
        path = Path(path).resolve()
        if not path.is_file():
            raise FileNotFoundError(path)
        if not any(path.is_relative_to(d) for d in (self.workdir, *self.dirs_allowed)):
            copy = self.workdir / "load" / str(next(self._loads)) / path.name
            copy.parent.mkdir(parents=True)
            shutil.copyfile(path, copy)
            path = copy
        folder, name = str(path.parent), path.name
        ll_file = _sql_string(f"{folder}/{name}")
        self.isql(
            f"DELETE FROM DB.DBA.load_list WHERE ll_file = {ll_file}; "
            f"ld_dir({_sql_string(folder)}, {_sql_string(name)}, {_sql_string(_iri(graph))}); "
            "rdf_loader_run(); checkpoint;",
            timeout=timeout,
        )
        output = self.isql(
            f"SELECT 'ROW', ll_state, 'ERR', coalesce(ll_error, 'NONE') FROM DB.DBA.load_list "
            f"WHERE ll_file = {ll_file};"
        )
        rows = [line.split(None, 3) for line in output.splitlines() if line.startswith("ROW")]
        if len(rows) != 1:
            raise VirtuosoError(f"{name}: expected one load_list row, isql said:\n{output}")
        _, state, _, error = rows[0]
        if state != "2" or error.strip() != "NONE":
            raise VirtuosoError(f"{name}: bulk load failed (ll_state {state}): {error.strip()}")

    # -- SPARQL over HTTP -------------------------------------------------------------------

    def select(self, query: str, graph: str | None = None, timeout: float = HTTP_TIMEOUT) -> dict[str, Any]:
        """POST a SELECT/ASK query; return the parsed SPARQL JSON results.

        `graph` becomes `default-graph-uri`: a fresh database already holds ~2,500 triples in
        system graphs, so tests should always name the graph they mean. Literals come back
        with Virtuoso's old `"typed-literal"` type. Raises VirtuosoError with the body on
        HTTP errors.
        """
        form = [("query", query)]
        if graph is not None:
            form.append(("default-graph-uri", _iri(graph)))
        request = urllib.request.Request(
            self.sparql_url,
            data=urllib.parse.urlencode(form).encode("ascii"),
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", errors="replace")
            raise VirtuosoError(f"SPARQL query failed with HTTP {exc.code}:\n{detail}\nquery: {query}") from exc
        result: dict[str, Any] = json.loads(body.decode("utf-8"))
        return result

    def triple_count(self, graph: str) -> int:
        """The number of triples in one named graph."""
        result = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{_iri(graph)}> {{ ?s ?p ?o }} }}")
        return int(result["results"]["bindings"][0]["n"]["value"])

    # -- Graph Store protocol ---------------------------------------------------------------

    def graph_store(
        self,
        method: str,
        graph: str,
        data: bytes | None = None,
        content_type: str = "application/n-triples",
        password: str | None = None,
        timeout: float = HTTP_TIMEOUT,
    ) -> tuple[int, bytes]:
        """Send one Graph Store request (PUT replaces, POST appends, GET, DELETE) with Digest auth.

        Returns (status, body); raises VirtuosoError with the body on HTTP errors (401 for a
        wrong `password`). Keep PUT/POST bodies <= ~100k triples: bigger ones can hang the
        server (see the notes).
        """
        url = self.graph_store_url + "?" + urllib.parse.urlencode({"graph-uri": _iri(graph)})
        headers = {"Content-Type": content_type} if data is not None else {}
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self.digest_opener(password, timeout).open(request, timeout=timeout) as response:
                return int(response.status), bytes(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", errors="replace")
            raise VirtuosoError(f"Graph Store {method} {url} failed with HTTP {exc.code}:\n{detail}") from exc

    def digest_opener(
        self, password: str | None = None, timeout: float = HTTP_TIMEOUT
    ) -> urllib.request.OpenerDirector:
        """A urllib opener that authenticates with HTTP Digest *before* sending any body.

        urllib's own HTTPDigestAuthHandler first sends the whole body unauthenticated; Virtuoso
        answers 401 and closes without reading it, so a body of a few 100 KB usually dies
        with BrokenPipeError. See PreemptiveDigestAuthHandler.
        """
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, self.graph_store_url, self.user, password or self.password)
        return urllib.request.build_opener(PreemptiveDigestAuthHandler(manager, timeout))

    def basic_auth_header(self) -> str:
        """An `Authorization: Basic` value with the right credentials (Virtuoso refuses it)."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


class PreemptiveDigestAuthHandler(urllib.request.BaseHandler, urllib.request.AbstractDigestAuthHandler):
    """HTTP Digest that fetches the challenge with a bodiless GET, then sends the real request once.

    Why: urllib.request.HTTPDigestAuthHandler only reacts to a 401, i.e. after sending the body
    once without credentials. Virtuoso 7.2 answers that 401 without reading the body and closes
    the connection, so the client usually gets BrokenPipeError/ECONNRESET instead of the 401
    (measured: 12 of 15 PUTs of a 580 KB file). Here the body goes out once, already
    authenticated; a 401 (wrong password) is raised as HTTPError, never retried.
    """

    auth_header = "Authorization"
    handler_order = 490  # like HTTPDigestAuthHandler: before the default error handler

    def __init__(self, passwd: urllib.request.HTTPPasswordMgr, timeout: float = HTTP_TIMEOUT) -> None:
        urllib.request.AbstractDigestAuthHandler.__init__(self, passwd)
        self.timeout = timeout

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        """Add `Authorization: Digest ...` computed from a fresh challenge of the same URL."""
        if req.has_header(self.auth_header):
            return req
        probe = urllib.request.Request(req.full_url, method="GET")
        try:
            with urllib.request.build_opener().open(probe, timeout=self.timeout):
                return req  # no challenge: the resource needs no authentication
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "")
            exc.close()
        scheme, _, params = challenge.partition(" ")
        if scheme.lower() != "digest":
            raise urllib.error.URLError(f"expected a Digest challenge from {req.full_url}, got {challenge!r}")
        chal = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(params)))
        authorization = self.get_authorization(req, chal)
        if authorization is None:
            raise urllib.error.URLError(f"no credentials for {req.full_url} (realm {chal.get('realm')!r})")
        req.add_unredirected_header(self.auth_header, f"Digest {authorization}")
        return req


@contextmanager
def running_virtuoso(workdir: Path, dirs_allowed: Iterable[Path] = ()) -> Iterator[Virtuoso]:
    """Start a private instance for a `with` block (or a yield fixture) and always stop it."""
    server = Virtuoso.start(workdir, dirs_allowed)
    try:
        yield server
    finally:
        server.stop()


def require_virtuoso() -> None:
    """Skip when the binaries are missing locally; fail on CI, which must install them."""
    missing = [tool for tool in (VIRTUOSO, ISQL) if shutil.which(tool) is None]
    if not missing:
        return
    reason = (
        f"{' and '.join(missing)} not on PATH: install Debian's virtuoso-opensource-7-bin"
        " (only that package: the full one starts a system daemon)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI must install Virtuoso: {reason}")
    pytest.skip(reason)


@contextmanager
def virtuoso_or_skip(
    tmp_path_factory: pytest.TempPathFactory, dirs_allowed: Iterable[Path] = ()
) -> Iterator[Virtuoso]:
    """For a session fixture: skip (locally) or fail (CI) without Virtuoso, else run one.

    Use as `with virtuoso_or_skip(tmp_path_factory, [folder]) as server: yield server`.
    """
    require_virtuoso()
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso"), dirs_allowed) as server:
        yield server

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

import atexit
import base64
import itertools
import json
import os
import re
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
from typing import Any, Self

import pytest

from inspection_kg.use.remote import ProbingAuthHandler

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


def _die_with_parent() -> list[str]:
    """A command prefix so that the server gets SIGTERM when the test process dies.

    Why: a SIGTERM or SIGKILL of pytest (a CI time-out) runs neither fixture teardown nor
    atexit, and would orphan the server. util-linux's `setpriv --pdeathsig` sets Linux's
    parent-death signal and execs the server in place (same PID). Without setpriv: no prefix.
    """
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--"] if setpriv else []


@dataclass(eq=False)  # identity hashing: instances live in _RUNNING
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
                [*_die_with_parent(), VIRTUOSO, "+configfile", str(ini), "+foreground"],
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Same process group on purpose: a Ctrl-C of pytest reaches the server too.
            )
        server = cls(workdir, sql_port, http_port, process, allowed)
        _RUNNING.add(server)
        try:
            server._wait_until_up(timeout)
        except BaseException:
            server.stop(timeout=10.0, clean=False)
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

    def stop(self, timeout: float = 20.0, clean: bool = True) -> None:
        """Shut down via isql `shutdown;` (it checkpoints); SIGTERM, then SIGKILL, if that fails.

        `clean=False` skips isql (a half-started server may not answer it). Safe to call twice;
        returns only when the process is gone.
        """
        try:
            if clean and self.process.poll() is None:
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
            signals = (None, signal.SIGTERM, signal.SIGKILL) if clean else (signal.SIGTERM, signal.SIGKILL)
            for sig in signals:
                if sig is not None:
                    self.process.send_signal(sig)
                try:
                    self.process.wait(timeout=None if sig == signal.SIGKILL else timeout)
                    return
                except subprocess.TimeoutExpired:
                    continue
        finally:
            _RUNNING.discard(self)

    def __enter__(self) -> Self:
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

        Why the bulk loader: ~0.05 s for 4k triples, ~2.5 s for 500k, where one big Graph
        Store PUT can hang the server. The format follows the file name: `.nt`, `.ttl`,
        `.nq`, `.trig`, `.rdf`/`.owl` (optionally `.gz`). Triples are added to `graph`;
        nothing is replaced.

        N-Quads (and TriG): each quad goes to the graph it names, whatever `graph` says;
        `graph` receives only the lines without a graph name. So loading
        output/inspection-kg.nq fills its seven https://w3id.org/inspection-kg/graph/… graphs
        and leaves `graph` empty (checked in tests/test_virtuoso_harness.py).

        The same path can be loaded again (its old load_list row is deleted first). A file is
        copied into `workdir` first when it lies outside `workdir` and `dirs_allowed`
        (Virtuoso reads only DirsAllowed), or when a `<file>.graph` or `global.graph` next to it
        would make `ld_dir` ignore `graph`. Raises VirtuosoError unless load_list then shows
        ll_state 2 and no ll_error; a failed file may have been loaded in part.
        """
        path = Path(path).resolve()
        if not path.is_file():
            raise FileNotFoundError(path)
        allowed = any(path.is_relative_to(d) for d in (self.workdir, *self.dirs_allowed))
        bare = path.name.removesuffix(".gz")
        overridden = any((path.parent / g).exists() for g in (f"{bare}.graph", "global.graph"))
        if not allowed or overridden:
            copy = self.workdir / "load" / str(next(self._loads)) / path.name
            copy.parent.mkdir(parents=True)
            shutil.copyfile(path, copy)
            path = copy
        folder, name = str(path.parent), path.name
        ll_file = _sql_string(f"{folder}/{name}")
        # ld_dir's second argument is a LIKE pattern: `_` or `%` in a name could match a
        # sibling too; only this file's row is checked below.
        self.isql(
            f"DELETE FROM DB.DBA.load_list WHERE ll_file = {ll_file}; "
            f"ld_dir({_sql_string(folder)}, {_sql_string(name)}, {_sql_string(_iri(graph))}); "
            "rdf_loader_run(); checkpoint;",
            timeout=timeout,
        )
        output = self.isql(
            "SELECT '<<ROW', ll_state, '<<ERR', coalesce(ll_error, '-'), '<<END' "
            f"FROM DB.DBA.load_list WHERE ll_file = {ll_file};"
        )
        rows = re.findall(r"<<ROW\s+(\S+)\s+<<ERR\s+(.*?)\s+<<END", output, re.DOTALL)
        if len(rows) != 1:
            raise VirtuosoError(f"{path}: expected one load_list row; isql said:\n{output}")
        state, error = rows[0]
        if state != "2" or error != "-":
            raise VirtuosoError(f"{path}: bulk load into <{graph}> failed (ll_state {state}): {error}")

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
            raise VirtuosoError(
                f"SPARQL query failed with HTTP {exc.code}:\n{detail}\nquery: {query}"
            ) from exc
        result: dict[str, Any] = json.loads(body.decode("utf-8"))
        return result

    def ask(self, query: str, graph: str | None = None, timeout: float = HTTP_TIMEOUT) -> bool:
        """The answer to an ASK query.

        Virtuoso 7.2.5 (Debian) answers ASK not with `{"boolean": ...}` but as a SELECT with one
        variable `__ASK_RETVAL`: one row with 1 for true, no row for false (JSON and XML alike;
        compare openlink/virtuoso-opensource#1016). Both forms are accepted here.
        """
        result = self.select(query, graph, timeout)
        if "boolean" in result:
            return bool(result["boolean"])
        rows = result["results"]["bindings"]
        return bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")

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
        with BrokenPipeError. See inspection_kg.use.remote.ProbingAuthHandler.
        """
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, self.graph_store_url, self.user, password or self.password)
        return urllib.request.build_opener(ProbingAuthHandler(manager, timeout))

    def basic_auth_header(self) -> str:
        """An `Authorization: Basic` value with the right credentials (Virtuoso refuses it)."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


_RUNNING: set[Virtuoso] = set()


@atexit.register
def _stop_all() -> None:
    """Last resort at interpreter exit: stop every instance whose stop() was never called."""
    for server in list(_RUNNING):
        server.stop(timeout=10.0)


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

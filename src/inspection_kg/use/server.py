"""`serve`: the `oxigraph` SPARQL 1.1 server (PyPI package `oxigraph`) over the dataset's
store, read-only, on loopback, with the union of the named graphs as default graph."""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..errors import ConfigError
from .store import store_location


def oxigraph_binary() -> str:
    """The `oxigraph` executable: on PATH, or beside this Python (a venv not activated)."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        raise ConfigError(
            "the oxigraph server is not installed",
            fix="pip install 'oxigraph==0.5.*' (a dependency of inspection-kg)",
        )
    return found


def server_command(dataset: Path, host: str, port: int) -> list[str]:
    return [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(store_location(dataset)),
        "--bind",
        f"{host}:{port}",
        "--union-default-graph",
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


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConfigError(
                f"the oxigraph server stopped at start (exit {process.returncode})",
                fix="see its output above",
            )
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    process.terminate()
    raise ConfigError(
        f"the oxigraph server did not answer within {seconds:.0f} s", fix="try again; see its output above"
    )


def serve(dataset: Path, port: int, host: str = "127.0.0.1") -> int:
    """Run the server until Ctrl-C, SIGTERM or SIGHUP; stop it with us in every case."""
    if not 0 < port < 65536 or not _port_is_free(host, port):
        raise ConfigError(f"port {port} on {host} is in use or invalid", fix="pass another --port")
    command = server_command(dataset, host, port)
    process = subprocess.Popen(command, preexec_fn=_die_with_parent)  # noqa: PLW1509 -- only sets a death signal

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    try:
        url = f"http://{host}:{port}/query"
        _wait_until_ready(url, process)
        print(f"SPARQL endpoint: {url} (Ctrl-C stops it)", file=sys.stderr, flush=True)
        code = process.wait()
        return 0 if code == 0 else 2
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 0
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

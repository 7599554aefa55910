"""`serve`: the `oxigraph` SPARQL 1.1 server (PyPI package `oxigraph`) over the dataset's
store, read-only, on loopback, with the union of the named graphs as default graph."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .errors import ConfigError
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


def serve(dataset: Path, port: int, host: str = "127.0.0.1") -> int:
    """Run the server until Ctrl-C or until it stops; its exit code."""
    command = server_command(dataset, host, port)
    process = subprocess.Popen(command)
    print(f"SPARQL endpoint: http://{host}:{port}/query (Ctrl-C stops it)", file=sys.stderr, flush=True)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        print("stopped", file=sys.stderr)
        return 0

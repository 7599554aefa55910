"""Shared fixtures: the repository, the seed, and one build of it per test session."""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib

from inspection_kg.pipeline import build

from .virtuoso import Virtuoso, virtuoso_or_skip

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "notices" / "guobanfa-2020-46.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The real notices (data/notices/), each with a hand-made list of its actors here.
REAL_NOTICES = REPO / "data" / "notices"
ACTOR_LISTS = FIXTURES / "actors"
QUERIES = REPO / "queries"
# The named queries with a committed answer (the federated one has none: it is never run).
RUN = sorted(p.stem for p in QUERIES.glob("*.rq") if (QUERIES / f"{p.stem}.csv").exists())


def _latest_real_notice() -> str:
    """The document number of the most recent real notice, by the dates printed in the texts."""
    from inspection_kg.read.parse import parse_notice
    from inspection_kg.read.sources import read_source

    notices = [parse_notice(read_source(path)) for path in sorted(REAL_NOTICES.glob("*.txt"))]
    return max(notices, key=lambda n: (n.date, n.document_number.span.text)).document_number.span.text


def query_text(name: str) -> str:
    """A named query with its default parameters bound (the committed answers are theirs):
    the text any engine runs."""
    from inspection_kg.use.query import bound_text, named_query, parameter_values

    query = named_query(name)
    return bound_text(query, parameter_values(query, {}, _latest_real_notice))


def expected_answer(name: str) -> list[list[str]]:
    """The committed answer of a named query: header row, then the rows."""
    with (QUERIES / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


@dataclass(frozen=True)
class SeedActor:
    ordinal: int
    attribution: str
    agents: tuple[str, ...]
    regions: tuple[tuple[tuple[str, str], ...], ...]  # each: (code, name) chain, nearest first


def read_seed_actors() -> list[SeedActor]:
    return read_actor_list(ACTOR_LISTS / f"{SEED.stem}.tsv")


def read_actor_list(path: Path) -> list[SeedActor]:
    """A hand-made actor list (tests/fixtures/actors/<notice>.tsv): one row an item."""
    actors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        ordinal, attribution, agents, regions = line.split("\t")
        chains = tuple(
            tuple(tuple(link.split("=")) for link in chain.split(">"))  # type: ignore[misc]
            for chain in regions.split(";")
            if chain
        )
        actors.append(SeedActor(int(ordinal), attribution, tuple(agents.split(",")), chains))
    return actors


@pytest.fixture(scope="session")
def seed_actors() -> list[SeedActor]:
    return read_seed_actors()


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    build([SEED], out)
    return out


@pytest.fixture(scope="session")
def real_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default build: every real notice of data/notices/ (what output/ holds)."""
    out = tmp_path_factory.mktemp("real")
    build([REAL_NOTICES], out)
    return out


@pytest.fixture(scope="session")
def real_graph(real_dir: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(real_dir / "inspection-kg.ttl", format="turtle")
    return g


@pytest.fixture(scope="session")
def graph(built_dir: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(built_dir / "inspection-kg.ttl", format="turtle")
    return g


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """One private Virtuoso per session (tests/virtuoso.py), stopped at the end even when
    tests fail; skips without Virtuoso, fails under CI=true."""
    with virtuoso_or_skip(tmp_path_factory, [REPO / "output"]) as server:
        yield server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(real_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "inspection_kg", "serve", "--port", str(port), str(real_dir)],
        env=env,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"serve did not start: {process.stderr.read()!r}") from None  # type: ignore[union-attr]
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def published(built_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("published") / "site"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    result = subprocess.run(  # noqa: PLW1510 -- the exit code is what is tested
        [sys.executable, "-m", "inspection_kg", "publish", str(built_dir), "--out", str(site)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return site


def named_query_rows(dataset: Path, name: str, *params: str) -> list[dict[str, str]]:
    """A named query's CSV answer over ``dataset`` from `inspection-kg query` in a fresh
    process, with a private cache folder beside the dataset (never the user's)."""
    arguments = [sys.executable, "-m", "inspection_kg", "query", "--name", name, "--format", "csv"]
    for param in params:
        arguments += ["--param", param]
    env = {**os.environ, "XDG_CACHE_HOME": str(dataset.parent / "query-cache")}
    done = subprocess.run([*arguments, str(dataset)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))

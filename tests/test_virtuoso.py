"""Virtuoso, the store many government portals run: the dataset loads with the bulk loader
and through `inspection-kg load` (Digest-authenticated Graph Store), and every named
query gives the committed answer there too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import RUN, expected_answer, query_text
from .virtuoso import Virtuoso


def _rows(virtuoso: Virtuoso, name: str, graph: str) -> list[list[str]]:
    answer = virtuoso.select(query_text(name), graph=graph)
    columns = answer["head"]["vars"]
    bindings = answer["results"]["bindings"]
    return [columns] + [[b[c]["value"] if c in b else "" for c in columns] for b in bindings]


@pytest.fixture(scope="module")
def bulk_graph(virtuoso: Virtuoso, real_dir: Path) -> str:
    graph = "urn:test:named-queries"
    virtuoso.bulk_load(real_dir / "inspection-kg.nt", graph)
    return graph


def _load(virtuoso: Virtuoso, graph: str, password: str, dataset: Path) -> subprocess.CompletedProcess[str]:
    """`inspection-kg load` into ``graph`` through Virtuoso's Digest-protected Graph Store."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "inspection_kg",
            "load",
            "--endpoint",
            virtuoso.graph_store_url,
            "--graph",
            graph,
            "--user",
            virtuoso.user,
            "--password",
            password,
            str(dataset),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ),
    )


@pytest.fixture(scope="module")
def loaded_graph(virtuoso: Virtuoso, real_dir: Path) -> str:
    graph = "urn:test:loaded-by-cli"
    result = _load(virtuoso, graph, virtuoso.password, real_dir)
    assert result.returncode == 0, result.stderr
    return graph


@pytest.mark.parametrize("name", RUN)
def test_bulk_loaded_virtuoso_gives_the_committed_answer(
    virtuoso: Virtuoso, bulk_graph: str, name: str
) -> None:
    assert _rows(virtuoso, name, bulk_graph) == expected_answer(name)


def test_load_through_the_graph_store_keeps_every_triple(
    virtuoso: Virtuoso, real_dir: Path, loaded_graph: str
) -> None:
    lines = len((real_dir / "inspection-kg.nt").read_text(encoding="utf-8").splitlines())
    assert virtuoso.triple_count(loaded_graph) == lines


@pytest.mark.parametrize("name", ["practices-per-province", "practice-provenance", "theme-assignments"])
def test_the_loaded_graph_answers_like_the_bulk_loaded_one(
    virtuoso: Virtuoso, loaded_graph: str, name: str
) -> None:
    assert _rows(virtuoso, name, loaded_graph) == expected_answer(name)


def test_a_wrong_password_is_one_line_and_exit_2(virtuoso: Virtuoso, real_dir: Path) -> None:
    result = _load(virtuoso, "urn:test:refused", "wrong", real_dir)
    assert result.returncode == 2
    assert "refused the credentials (HTTP 401)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

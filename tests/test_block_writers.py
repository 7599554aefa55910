"""The data files written by two child processes on a corpus: the same bytes as written
in the build's own process, and a child that fails fails the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspection_kg import pipeline
from inspection_kg.layout import FORMAT_FILES
from inspection_kg.write.block_writers import Targets, WriterProcess, pickled_block

from .corpus import generate_corpus


def test_the_child_writes_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 4, seed=11)
    monkeypatch.setattr(pipeline, "WRITER_PROCESS_FROM", 10**9)
    pipeline.build([corpus], tmp_path / "here")
    monkeypatch.setattr(pipeline, "WRITER_PROCESS_FROM", 1)
    pipeline.build([corpus], tmp_path / "child")
    for name in FORMAT_FILES.values():
        assert (tmp_path / "child" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name


def test_a_child_that_fails_fails_the_build(tmp_path: Path) -> None:
    # a prefix name no syntax can carry: the child stops at its first line
    targets = Targets(turtle=tmp_path / "x.ttl")
    writers = WriterProcess(targets, {"not a name": "http://example.org/"})
    triple = ("<http://example.org/a>", "<http://example.org/b>", "<http://example.org/c>")
    block = pickled_block([("http://example.org/g", [triple])], [triple], targets)
    with pytest.raises(RuntimeError, match="stopped"):
        for _ in range(1000):
            writers.send(block)
        writers.close()

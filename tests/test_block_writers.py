"""The data files written by two child processes on a corpus: the same bytes as written
in the build's own process, and a child that fails fails the build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspection_kg import pipeline
from inspection_kg.errors import InputError
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


def _children() -> set[int]:
    found = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.add(int(name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the writer processes")
def test_a_notice_that_cannot_be_read_stops_the_writer_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The writer processes start before the notices are read; a refused notice must
    # not leave them running, nor a staging folder beside --out.
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 3, seed=11)
    (corpus / "zz-broken.txt").write_text("这不是一份通报。\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "WRITER_PROCESS_FROM", 1)
    before = _children()
    with pytest.raises(InputError, match="zz-broken.txt"):
        pipeline.build([corpus], tmp_path / "out")
    assert _children() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]

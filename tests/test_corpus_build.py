"""A generated corpus (tests/corpus.py) built as a stream: the validation sample, the summary
line, reproducible bytes, the block order and triple counts of the files, `validate` checking
every notice of a sampled build, progress, and a refused --out.

Expected values come from the generated texts (notice names, years, item counts) and from
parsing the output with pyoxigraph, not from the builder's own figures."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspection_kg import pipeline
from inspection_kg.cli import main
from inspection_kg.errors import ConfigError
from inspection_kg.pipeline import VALIDATED_NOTICES, validated_sample
from inspection_kg.use import validate as validate_module

from .conftest import REPO
from .corpus import GeneratedNotice, generate_corpus, generate_notice

BASE = "https://w3id.org/inspection-kg/"
GRAPH = f"{BASE}graph/"
NOTICE_GRAPH = re.compile(rf"^{re.escape(GRAPH)}(?P<key>[^/]+)/(?P<part>stated|added|inferred|provenance)$")
SHARED_GRAPHS = [f"{GRAPH}reference", f"{GRAPH}wikidata-links", f"{GRAPH}dataset"]
PRACTICE_CLASS = "<https://w3id.org/inspection-kg/def/Practice>"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
ORDINAL = "<https://w3id.org/inspection-kg/def/ordinal>"
XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"
NOTICES = 8
CORPUS_SEED = 7
# validated_sample(8) by hand: step 7/4 = 1.75 → 0, 1.75, 3.5, 5.25, 7 → rounded 0, 2, 4, 5, 7.
SAMPLED_OF_8 = [0, 2, 4, 5, 7]
NOT_SAMPLED = 3  # the fourth oldest notice of the eight
OTHER_RDF_FILES = ("inspection-kg.ttl", "inspection-kg.nt", "inspection-kg.jsonld", "inspection-kg.trig")


@dataclass(frozen=True)
class Corpus:
    folder: Path
    notices: list[GeneratedNotice]  # oldest first (the order of the blocks)

    @property
    def items(self) -> int:
        return sum(len(notice.expected) for notice in self.notices)


def _age(notice: GeneratedNotice) -> tuple[int, int]:
    """Every generated notice is dated 1 December of its year: (year, number) orders them."""
    match = re.fullmatch(r"guobanfa-(\d{4})-(\d+)", notice.name)
    assert match is not None, notice.name
    assert f"{match[1]}年12月1日" in notice.text
    return int(match[1]), int(match[2])


def _cli_build(corpus: Path, out: Path, hash_seed: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspection_kg", "build", str(corpus), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        check=False,
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _quads(path: Path) -> list[tuple[str, str, str, str]]:
    """(s, p, o, graph IRI or "") of an N-Quads / N-Triples file, in file order."""
    form = pyoxigraph.RdfFormat.N_QUADS if path.suffix == ".nq" else pyoxigraph.RdfFormat.N_TRIPLES
    quads = []
    for quad in pyoxigraph.parse(path=path, format=form):
        graph = quad.graph_name
        name = "" if isinstance(graph, pyoxigraph.DefaultGraph) else graph.value
        quads.append((str(quad.subject), str(quad.predicate), str(quad.object), name))
    return quads


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("corpus")
    notices = generate_corpus(folder, NOTICES, seed=CORPUS_SEED)
    assert len({_age(notice) for notice in notices}) == NOTICES
    return Corpus(folder, sorted(notices, key=_age))


@pytest.fixture(scope="module")
def cli_build(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The corpus built by the command line with PYTHONHASHSEED=0: the folder, stderr."""
    out = tmp_path_factory.mktemp("cli") / "out"
    result = _cli_build(corpus.folder, out, "0")
    assert result.returncode == 0, result.stderr
    return out, result.stderr


@pytest.fixture(scope="module")
def nq(cli_build: tuple[Path, str]) -> list[tuple[str, str, str, str]]:
    return _quads(cli_build[0] / "inspection-kg.nq")


# --- the validation sample -------------------------------------------------------------------


def test_a_small_corpus_is_validated_whole() -> None:
    assert VALIDATED_NOTICES == 5
    for count in range(VALIDATED_NOTICES + 1):
        assert validated_sample(count) == list(range(count))


def test_sample_of_eight_by_hand() -> None:
    assert validated_sample(NOTICES) == SAMPLED_OF_8
    assert NOT_SAMPLED not in SAMPLED_OF_8
    assert validated_sample(6) == [0, 1, 2, 4, 5]  # step 1.25: 0, 1.25, 2.5, 3.75, 5
    assert validated_sample(100) == [0, 25, 50, 74, 99]  # step 24.75: 0, 24.75, 49.5, 74.25, 99


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=VALIDATED_NOTICES + 1, max_value=10**7))
def test_a_large_corpus_is_validated_on_an_even_sample(count: int) -> None:
    sample = validated_sample(count)
    assert len(sample) == len(set(sample)) == VALIDATED_NOTICES
    assert sample == sorted(sample)
    assert sample[0] == 0 and sample[-1] == count - 1
    assert all(0 <= index < count for index in sample)
    gaps = [b - a for a, b in itertools.pairwise(sample)]
    assert max(gaps) - min(gaps) <= 1  # evenly spaced
    assert validated_sample(count) == sample  # deterministic


# --- the command line build ------------------------------------------------------------------


def test_cli_summary_says_a_sample_was_validated(corpus: Corpus, cli_build: tuple[Path, str]) -> None:
    out, stderr = cli_build
    lines = (out / "inspection-kg.nt").read_bytes().count(b"\n")
    assert stderr.count("\n") == 1  # not a terminal: no progress, only the summary line
    assert stderr.startswith(f"built {NOTICES} notice(s), {corpus.items} practices, {lines} triples into ")
    assert stderr.rstrip().endswith("(SHACL on a sample of 5 notices: conforms)")


def test_same_bytes_built_twice_whatever_the_hash_seed(
    corpus: Corpus, cli_build: tuple[Path, str], tmp_path: Path
) -> None:
    first = _files(cli_build[0])
    assert "inspection-kg.nq" in first and "graph-around-a-practice.svg" in first
    for hash_seed in ("1", "0"):
        out = tmp_path / f"seed-{hash_seed}"
        result = _cli_build(corpus.folder, out, hash_seed)
        assert result.returncode == 0, result.stderr
        again = _files(out)
        assert sorted(again) == sorted(first)
        for name, data in first.items():
            assert again[name] == data, f"{name} differs (PYTHONHASHSEED={hash_seed})"


# --- the files of the corpus -----------------------------------------------------------------


def test_nt_holds_the_triples_of_the_nq_one_a_line(
    cli_build: tuple[Path, str], nq: list[tuple[str, str, str, str]]
) -> None:
    nt_path = cli_build[0] / "inspection-kg.nt"
    nt = [(s, p, o) for s, p, o, _ in _quads(nt_path)]
    assert len(nt) == nt_path.read_bytes().count(b"\n")  # one triple a line
    assert len(nq) == (cli_build[0] / "inspection-kg.nq").read_bytes().count(b"\n")
    assert set(nt) == {(s, p, o) for s, p, o, _ in nq}  # the .nq with its graphs dropped


def test_nt_lines_are_the_distinct_triples_of_the_nq(
    cli_build: tuple[Path, str], nq: list[tuple[str, str, str, str]]
) -> None:
    lines = (cli_build[0] / "inspection-kg.nt").read_bytes().count(b"\n")
    triples = {(s, p, o) for s, p, o, _ in nq}
    assert lines == len(triples)
    assert len(nq) == len(triples)  # no triple in two graphs (README, "Named graphs")


def test_two_notices_of_one_campaign_are_counted_once(tmp_path: Path) -> None:
    """The smallest case: two notices of 3 items each, both commending the 9th inspection's
    practices. VoID counts cover the data graphs (README, "Dataset description")."""
    folder = tmp_path / "notices"
    folder.mkdir()
    for index, year in enumerate([2018, 2019]):
        notice = generate_notice(CORPUS_SEED, index, year, 3)
        assert "国务院第九次大督查" in notice.text
        (folder / f"{notice.name}.txt").write_text(notice.text, encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build([folder], out)
    nq = _quads(out / "inspection-kg.nq")
    data = [(s, p, o) for s, p, o, graph in nq if graph != f"{GRAPH}dataset"]
    void = "<http://rdfs.org/ns/void#"
    figures = {
        p: o
        for s, p, o, graph in nq
        if s == f"<{BASE}dataset>" and p in (f"{void}triples>", f"{void}distinctSubjects>")
    }
    assert figures == {
        f"{void}triples>": f'"{len(set(data))}"^^{XSD_INTEGER}',
        f"{void}distinctSubjects>": f'"{len({s for s, _, _ in data})}"^^{XSD_INTEGER}',
    }
    lines = (out / "inspection-kg.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines))


def test_every_graph_is_a_notice_graph_or_a_shared_one(
    corpus: Corpus, nq: list[tuple[str, str, str, str]]
) -> None:
    keys = {notice.name for notice in corpus.notices}
    graphs = {graph for _, _, _, graph in nq}
    for graph in graphs:
        match = NOTICE_GRAPH.match(graph)
        assert graph in SHARED_GRAPHS or (match is not None and match["key"] in keys), graph
    for key in keys:  # every notice states, adds and records provenance
        assert {f"{GRAPH}{key}/{part}" for part in ("stated", "added", "provenance")} <= graphs
    assert set(SHARED_GRAPHS) <= graphs


def test_blocks_come_in_the_promised_order(corpus: Corpus, nq: list[tuple[str, str, str, str]]) -> None:
    """README: each notice (oldest first; its graphs in IRI order), then the shared graphs
    (reference data, Wikidata links), then the description; lines in reading order within a graph."""
    graphs_in_order = [graph for graph, _ in itertools.groupby(graph for *_, graph in nq)]
    assert len(graphs_in_order) == len(set(graphs_in_order)), "a graph's lines are not together"

    def owner(graph: str) -> str:
        match = NOTICE_GRAPH.match(graph)
        return match["key"] if match else graph

    owners = [key for key, _ in itertools.groupby(owner(graph) for graph in graphs_in_order)]
    assert owners == [notice.name for notice in corpus.notices] + SHARED_GRAPHS
    for _, group in itertools.groupby(graphs_in_order, key=owner):
        names = list(group)
        assert names == sorted(names)  # a notice's graphs in IRI order


def test_lines_are_in_reading_order_within_each_graph(cli_build: tuple[Path, str]) -> None:
    """Subjects sorted, each subject's rdf:type lines first, then its other lines sorted."""

    def reading_order(line: str) -> tuple[str, bool, str]:
        subject, predicate, _ = line.split(" ", 2)
        return subject, predicate != RDF_TYPE, line

    text = (cli_build[0] / "inspection-kg.nq").read_text(encoding="utf-8")
    for _, group in itertools.groupby(text.splitlines(), key=lambda line: line.rsplit(" ", 2)[1]):
        lines = list(group)
        assert lines == sorted(lines, key=reading_order)


def test_one_practice_per_generated_item(corpus: Corpus, cli_build: tuple[Path, str]) -> None:
    nt = _quads(cli_build[0] / "inspection-kg.nt")
    practices = {s for s, p, o, _ in nt if p == RDF_TYPE and o == PRACTICE_CLASS}
    assert (
        len(practices)
        == corpus.items
        == sum(
            len(re.findall(r"\n(?:[0-9０-９]+[．.、]|（[0-9０-９]+）)", notice.text))
            for notice in corpus.notices
        )
    )
    assert practices == {
        f"<{BASE}id/practice/{notice.name}/{ordinal}>"
        for notice in corpus.notices
        for ordinal in notice.expected
    }


# --- validate ----------------------------------------------------------------------------------


def test_validate_checks_every_notice_of_a_sampled_build(
    cli_build: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    checked: list[int] = []
    original = validate_module.validate_dataset_dir

    def counting(
        folder: Path, progress: Callable[[int], None] | None = None
    ) -> validate_module.ValidationReport:
        assert progress is None
        return original(folder, progress=checked.append)

    monkeypatch.setattr(validate_module, "validate_dataset_dir", counting)
    assert main(["validate", str(cli_build[0])]) == 0, capsys.readouterr().err
    assert "conforms" in capsys.readouterr().err
    assert checked == list(range(1, NOTICES + 1))


def test_validate_finds_a_broken_ordinal_the_build_did_not_sample(
    corpus: Corpus, cli_build: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "dataset"
    shutil.copytree(cli_build[0], copy)
    notice = corpus.notices[NOT_SAMPLED]
    practice = f"<{BASE}id/practice/{notice.name}/2>"
    stated = f"<{GRAPH}{notice.name}/stated>"
    good = f'{practice} {ORDINAL} "2"^^{XSD_INTEGER} {stated} .\n'
    text = (copy / "inspection-kg.nq").read_text(encoding="utf-8")
    assert text.count(good) == 1
    (copy / "inspection-kg.nq").write_text(text.replace(good, good.replace('"2"', '"0"')), encoding="utf-8")
    for name in OTHER_RDF_FILES:  # else the files would disagree: check the N-Quads alone
        (copy / name).unlink()
    assert main(["validate", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "does not conform" in err
    broken = [line for line in err.splitlines() if line.startswith("ikgsh:Practice-ordinal")]
    assert len(broken) == 1 and practice in broken[0] and '"0"' in broken[0], err


def test_validate_refuses_interleaved_notice_graphs(
    corpus: Corpus, cli_build: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "dataset"
    shutil.copytree(cli_build[0], copy)
    first, second = corpus.notices[0].name, corpus.notices[1].name
    lines = (copy / "inspection-kg.nq").read_text(encoding="utf-8").splitlines(keepends=True)

    def of(key: str) -> list[int]:
        return [i for i, line in enumerate(lines) if f"<{GRAPH}{key}/" in line.rsplit(" ", 2)[1]]

    moved = of(first)[0]
    after = of(second)[-1]
    assert moved < after
    lines.insert(after + 1, lines[moved])
    del lines[moved]
    (copy / "inspection-kg.nq").write_text("".join(lines), encoding="utf-8")
    assert main(["validate", str(copy)]) == 2
    err = capsys.readouterr().err
    assert f"the graphs of notice {GRAPH}{first} are not together" in err
    assert "Traceback" not in err


# --- progress ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def progress_build(
    corpus: Corpus, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[tuple[str, int, int, int]]]:
    out = tmp_path_factory.mktemp("progress") / "out"
    calls: list[tuple[str, int, int, int]] = []

    def progress(stage: str, done: int, total: int, triples: int) -> None:
        calls.append((stage, done, total, triples))

    result = pipeline.build([corpus.folder], out, progress=progress)
    assert result.notices == NOTICES and result.validated_notices == VALIDATED_NOTICES
    return out, calls


def test_progress_reads_every_file_then_writes_every_notice(
    corpus: Corpus, progress_build: tuple[Path, list[tuple[str, int, int, int]]]
) -> None:
    out, calls = progress_build
    stages = [stage for stage, *_ in calls]
    assert stages == ["read"] * NOTICES + ["write"] * NOTICES  # all reading done before writing
    reads = [call for call in calls if call[0] == "read"]
    assert reads == [("read", done, NOTICES, 0) for done in range(NOTICES)]
    writes = [call for call in calls if call[0] == "write"]
    assert [(done, total) for _, done, total, _ in writes] == [(i, NOTICES) for i in range(1, NOTICES + 1)]
    triples = [count for *_, count in writes]
    assert all(a < b for a, b in itertools.pairwise(triples)) and triples[0] > 0
    # The running count is the notice lines of the N-Quads written so far.
    per_notice: dict[str, int] = {}
    for *_, graph in _quads(out / "inspection-kg.nq"):
        match = NOTICE_GRAPH.match(graph)
        if match:
            per_notice[match["key"]] = per_notice.get(match["key"], 0) + 1
    expected = list(itertools.accumulate(per_notice[notice.name] for notice in corpus.notices))
    assert triples == expected


def test_in_process_build_gives_the_cli_bytes(
    cli_build: tuple[Path, str], progress_build: tuple[Path, list[tuple[str, int, int, int]]]
) -> None:
    assert _files(progress_build[0]) == _files(cli_build[0])


# --- a refused --out ---------------------------------------------------------------------------


def test_out_with_unrelated_files_is_refused_and_nothing_is_created(
    corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "sub").mkdir()
    assert main(["build", str(corpus.folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--out is a folder with other files and no dataset in it" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no .mine.staging-* beside it
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "sub"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"


def test_out_with_unrelated_files_is_refused_before_any_notice_is_read(
    corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    calls: list[tuple[str, int, int, int]] = []

    def progress(stage: str, done: int, total: int, triples: int) -> None:
        calls.append((stage, done, total, triples))

    with pytest.raises(ConfigError, match="other files"):
        pipeline.build([corpus.folder], out, progress=progress)
    assert calls == []

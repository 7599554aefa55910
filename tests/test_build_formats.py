"""`build --formats`: only the named data files are written, the description lists just
them, an earlier build's files of other formats do not survive, bad names exit 2, and
validate, query and load read whichever RDF file a dataset has."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from inspection_kg.cli import main
from inspection_kg.use import remote

from .conftest import REPO, SEED

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DESCRIPTION_GRAPH = "https://w3id.org/inspection-kg/graph/dataset"
ALWAYS = {"ontology.md", "practices-per-province.svg", "practices-map.svg", "graph-around-a-practice.svg"}
VALID_NAMES = "nt, nq, ttl, trig, jsonld, graphml, json"


def _names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def _build(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspection_kg", "build", str(SEED), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def ttl_nq(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("formats") / "out"
    assert main(["build", str(SEED), "--out", str(out), "--formats", "ttl,nq", "-q"]) == 0
    return out


def test_only_the_named_files_are_written(ttl_nq: Path) -> None:
    assert _names(ttl_nq) == {"inspection-kg.ttl", "inspection-kg.nq"} | ALWAYS


def test_the_description_lists_the_files_written(ttl_nq: Path) -> None:
    graph = rdflib.Graph().parse(ttl_nq / "inspection-kg.ttl", format="turtle")
    downloads = {str(url).rsplit("/", 1)[-1] for url in graph.objects(None, DCAT.downloadURL)}
    assert downloads == _names(ttl_nq)
    dumps = {str(url).rsplit("/", 1)[-1] for url in graph.objects(None, VOID.dataDump)}
    assert dumps == {"inspection-kg.ttl", "inspection-kg.nq"}


def _quads(path: Path) -> set[tuple[str, str, str, str]]:
    dataset = rdflib.Dataset()
    dataset.parse(path, format="nquads")
    return {(s.n3(), p.n3(), o.n3(), str(g)) for s, p, o, g in dataset.quads((None, None, None, None))}


def test_the_data_equals_a_full_builds_but_for_the_description(ttl_nq: Path, built_dir: Path) -> None:
    """The same notice, all formats (conftest): the same quads outside the description's
    graph, in the same lines; Turtle holds the same triples as the N-Quads."""
    ours, full = _quads(ttl_nq / "inspection-kg.nq"), _quads(built_dir / "inspection-kg.nq")
    assert {q for q in ours if q[3] != DESCRIPTION_GRAPH} == {q for q in full if q[3] != DESCRIPTION_GRAPH}
    assert ours != full  # the description lists other files

    def data_lines(path: Path) -> list[str]:
        return [line for line in path.read_text("utf-8").splitlines() if f"<{DESCRIPTION_GRAPH}>" not in line]

    assert data_lines(ttl_nq / "inspection-kg.nq") == data_lines(built_dir / "inspection-kg.nq")
    turtle = rdflib.Graph().parse(ttl_nq / "inspection-kg.ttl", format="turtle")
    assert {(s.n3(), p.n3(), o.n3()) for s, p, o in turtle} == {q[:3] for q in ours}


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        result = _build(
            "--out", str(out), "--formats", "trig,nt,ttl", "-q", env={**os.environ, "PYTHONHASHSEED": seed}
        )
        assert result.returncode == 0, result.stderr
        outputs.append({path.name: path.read_bytes() for path in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == {"inspection-kg.trig", "inspection-kg.nt", "inspection-kg.ttl"} | ALWAYS


def test_an_earlier_builds_files_of_other_formats_are_removed_and_said(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build("--out", str(out), "-q").returncode == 0
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    earlier = _names(out)
    result = _build("--out", str(out), "--formats", "nq")
    assert result.returncode == 0, result.stderr
    assert _names(out) == {"inspection-kg.nq", "notes.txt"} | ALWAYS
    removed = sorted(earlier - _names(out))
    assert len(removed) == 6  # nt, ttl, trig, jsonld, graphml, node-link json
    assert f"removed {', '.join(removed)} of an earlier build from {out}" in result.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert main(["validate", str(out), "-q"]) == 0  # the description lists the one RDF file


def test_a_folder_an_earlier_build_wrote_without_nt_is_still_a_dataset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--formats", "ttl", "-q"]) == 0
    assert main(["build", str(SEED), "--out", str(out), "--formats", "trig,json", "-q"]) == 0
    assert _names(out) == {"inspection-kg.trig", "inspection-kg.node-link.json"} | ALWAYS


@pytest.mark.parametrize(
    ("value", "message", "listed"),
    [
        ("ttl,xml", "--formats: unknown format 'xml'", VALID_NAMES),
        ("ttl,,nq", "--formats: unknown format ''", VALID_NAMES),
        ("graphml,json", "--formats names no RDF format", "nt, nq, ttl, trig, jsonld"),
    ],
)
def test_bad_formats_exit_2_and_name_the_valid_ones(
    tmp_path: Path, value: str, message: str, listed: str
) -> None:
    out = tmp_path / "out"
    result = _build("--out", str(out), "--formats", value)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert message in lines[0] and listed in lines[0]
    assert not out.exists()


@pytest.mark.parametrize("formats", ["ttl", "trig", "jsonld"])
def test_validate_query_and_load_read_whichever_rdf_file_there_is(
    formats: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--formats", formats, "-q"]) == 0
    (source,) = [path for path in out.iterdir() if path.name.startswith("inspection-kg.")]
    dataset = rdflib.Dataset()
    dataset.parse(source, format={"ttl": "turtle", "trig": "trig", "jsonld": "json-ld"}[formats])
    triples = {(s.n3(), p.n3(), o.n3()) for s, p, o, _ in dataset.quads((None, None, None, None))}

    assert main(["validate", str(out), "-q"]) == 0

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    capsys.readouterr()
    assert main(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv", str(out)]) == 0
    assert capsys.readouterr().out.split() == ["n", str(len(triples))]

    sent, count = rdflib.Graph(), 0  # what `load` sends, batch by batch
    for batch, lines in remote._batches(remote._source(out)):
        sent.parse(data=batch.decode("utf-8"), format="nt")
        count += lines
    assert {(s.n3(), p.n3(), o.n3()) for s, p, o in sent} == triples and count == len(triples)
    assert remote.dataset_iri(out) == "https://w3id.org/inspection-kg/dataset"

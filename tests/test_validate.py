"""`inspection-kg validate` and the validation step of `build`: exit codes, reports that
name the shape, the node and the path, and no output when the graph does not conform."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib

from inspection_kg.cli import main
from inspection_kg.use import validate

from .conftest import SEED

PRACTICE_22 = "<https://w3id.org/inspection-kg/id/practice/guobanfa-2020-46/22>"
RDF_NAMES = (
    "inspection-kg.ttl",
    "inspection-kg.nt",
    "inspection-kg.jsonld",
    "inspection-kg.nq",
    "inspection-kg.trig",
)


def _copy(built_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "dataset"
    shutil.copytree(built_dir, copy)
    return copy


def test_the_built_dataset_validates(built_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(built_dir)]) == 0
    assert "conforms" in capsys.readouterr().err


def test_a_broken_value_names_shape_rule_node_and_path(
    built_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy(built_dir, tmp_path)
    graph = rdflib.Graph().parse(copy / "inspection-kg.nt")
    practice = rdflib.URIRef(PRACTICE_22.strip("<>"))
    ordinal = rdflib.URIRef("https://w3id.org/inspection-kg/def/ordinal")
    graph.remove((practice, ordinal, None))
    graph.add((practice, ordinal, rdflib.Literal("22")))  # a string, not an xsd:integer
    for name in RDF_NAMES:
        (copy / name).unlink()
    graph.serialize(copy / "inspection-kg.nt", format="nt", encoding="utf-8")
    assert main(["validate", str(copy)]) == 1
    err = capsys.readouterr().err
    assert f'ikgsh:Practice-ordinal [sh:datatype]: {PRACTICE_22} ikg:ordinal = "22"' in err
    assert "xsd:integer" in err and "序号" in err  # the message in English and in Chinese
    # The record lists distributions that are gone: named one by one.
    assert "inspection-kg.ttl: listed as a dcat:Distribution" in err


def test_files_that_disagree_are_reported(
    built_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy(built_dir, tmp_path)
    lines = (copy / "inspection-kg.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    (copy / "inspection-kg.nt").write_text("".join(lines[1:]), encoding="utf-8")
    assert main(["validate", str(copy)]) == 1
    assert (
        "inspection-kg.nt: differs from inspection-kg.nq: 1 triples missing, 0 extra"  # the first of layout.RDF_FILES
        in capsys.readouterr().err
    )


def test_unparseable_file_is_exit_2_with_its_path(
    built_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy(built_dir, tmp_path)
    (copy / "inspection-kg.ttl").write_text("@prefix broken", encoding="utf-8")
    assert main(["validate", str(copy)]) == 2
    err = capsys.readouterr().err
    assert f"{copy / 'inspection-kg.ttl'}: cannot parse as turtle" in err
    assert "Traceback" not in err


def test_a_folder_without_a_dataset_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert "no dataset here" in capsys.readouterr().err


def test_a_build_that_does_not_conform_writes_nothing(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Shapes stricter than the data (every practice needs an English label, which the
    notice does not give) stop the build with exit code 1 and leave --out untouched."""
    strict = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ikg: <https://w3id.org/inspection-kg/def/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<urn:test:EnglishLabel> a sh:NodeShape ; sh:targetClass ikg:Practice ; sh:property <urn:test:EnglishLabel-p> .\n"
        '<urn:test:EnglishLabel-p> sh:path skos:prefLabel ; sh:minCount 2 ; sh:message "needs an English label"@en .\n'
    )
    stricter = tmp_path_factory.mktemp("shapes") / "stricter-shapes.ttl"
    stricter.write_text(validate.shapes_path().read_text(encoding="utf-8") + strict, encoding="utf-8")
    monkeypatch.setattr(validate, "shapes_path", lambda: stricter)
    out = tmp_path / "out"
    out.mkdir()
    (out / "inspection-kg.nt").write_text("previous dataset", encoding="utf-8")  # an earlier build's
    assert main(["build", str(SEED), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "does not conform" in err and "nothing was written" in err
    assert (
        f"<urn:test:EnglishLabel-p> [sh:minCount]: {PRACTICE_22} skos:prefLabel: needs an English label"
        in err
    )
    assert [(p.name, p.read_text(encoding="utf-8")) for p in out.iterdir()] == [
        ("inspection-kg.nt", "previous dataset")
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind

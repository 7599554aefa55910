"""The built dataset: equal to the committed output/ (as graphs and as bytes), the same
bytes whatever the hash seed, and the CLI's exit codes and messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, to_isomorphic

from inspection_kg.cli import main

from .conftest import REPO, SEED

COMMITTED = REPO / "output"


def _sorted_nt(graph: rdflib.Graph) -> str:
    return "\n".join(sorted(graph.serialize(format="nt").splitlines()))


def test_same_files_as_committed_output(real_dir: Path) -> None:
    built = sorted(p.name for p in real_dir.iterdir())
    committed = sorted(p.name for p in COMMITTED.iterdir())
    assert built == committed
    assert "inspection-kg.ttl" in built


def test_turtle_equals_committed_as_a_graph(real_dir: Path) -> None:
    actual = rdflib.Graph().parse(real_dir / "inspection-kg.ttl")
    expected = rdflib.Graph().parse(COMMITTED / "inspection-kg.ttl")
    if to_isomorphic(actual) != to_isomorphic(expected):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            "output/inspection-kg.ttl differs from a fresh build.\nonly in committed:\n"
            + _sorted_nt(only_expected)
            + "\nonly in fresh build:\n"
            + _sorted_nt(only_actual)
            + "\nRebuild with: inspection-kg build"
        )


@pytest.mark.parametrize("name", sorted(p.name for p in COMMITTED.iterdir()))
def test_every_file_equals_committed_bytes(real_dir: Path, name: str) -> None:
    assert (real_dir / name).read_bytes() == (COMMITTED / name).read_bytes(), (
        f"output/{name} is stale; rebuild with: inspection-kg build"
    )


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "inspection_kg", "build", str(SEED), "--out", str(out), "-q"],
            check=True,
            env=env,
            cwd=REPO,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1] == outputs[2]


def test_build_reports_what_it_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(SEED), "--out", str(tmp_path)]) == 0
    assert "1 notice(s), 43 practices" in capsys.readouterr().err


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    assert (
        main(["build", str(SEED), "--out", str(tmp_path), "--base-iri", "http://example.org/kg/", "-q"]) == 0
    )
    text = (tmp_path / "inspection-kg.ttl").read_text(encoding="utf-8")
    assert "<http://example.org/kg/eli/cn/guobanfa/2020/46>" in text
    assert "w3id.org/inspection-kg/id/" not in text
    assert "<https://w3id.org/inspection-kg/def/>" in text  # the ontology does not move


def test_bad_base_iri_is_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(SEED), "--out", str(tmp_path), "--base-iri", "not an iri"]) == 2
    assert "--base-iri" in capsys.readouterr().err


def test_bad_input_exit_2_one_line_no_traceback_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED.read_text(encoding="utf-8").replace("等43项", "等44项"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "inspection_kg", "build", str(bad), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{bad}:9:" in lines[0] and "fix:" in lines[0]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path)]) == 2
    assert "no such file" in capsys.readouterr().err


def test_same_notice_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    assert main(["build", str(SEED), str(copy), "--out", str(tmp_path / "out")]) == 2
    assert "also the document number" in capsys.readouterr().err


def test_module_entry_point_prints_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspection_kg", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("inspection-kg ")


def test_allow_unresolved_flags_the_actor_in_the_graph(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("43．新疆生产建设兵团", "43．火星开发区")
    notice = tmp_path / "notice.txt"
    notice.write_text(text, encoding="utf-8")
    assert main(["build", str(notice), "--out", str(tmp_path / "refused"), "-q"]) == 2
    assert not (tmp_path / "refused" / "inspection-kg.ttl").exists()
    out = tmp_path / "out"
    assert main(["build", str(notice), "--out", str(out), "--allow-unresolved", "-q"]) == 0
    graph = rdflib.Graph().parse(out / "inspection-kg.ttl")
    practice = rdflib.URIRef("https://w3id.org/inspection-kg/id/practice/guobanfa-2020-46/43")
    ikg = rdflib.Namespace("https://w3id.org/inspection-kg/def/")
    assert graph.value(practice, ikg.unresolvedActorText) == rdflib.Literal("火星开发区", lang="zh")
    assert graph.value(practice, ikg.attributedTo) is None


def test_out_must_be_a_dataset_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stray = tmp_path / "home"
    stray.mkdir()
    (stray / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["build", str(SEED), "--out", str(stray), "-q"]) == 2
    assert "no dataset in it" in capsys.readouterr().err
    assert sorted(p.name for p in stray.iterdir()) == ["notes.txt"]
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    assert main(["build", str(SEED), "--out", str(a_file), "-q"]) == 2
    assert "--out is a file" in capsys.readouterr().err


def test_a_symlinked_out_is_written_where_it_points(tmp_path: Path) -> None:
    real, link = tmp_path / "real", tmp_path / "link"
    real.mkdir()
    link.symlink_to(real)
    assert main(["build", str(SEED), "--out", str(link), "-q"]) == 0
    assert main(["build", str(SEED), "--out", str(link), "-q"]) == 0
    assert link.is_symlink() and (real / "inspection-kg.nt").is_file()
    assert not list(tmp_path.glob(".*staging*"))

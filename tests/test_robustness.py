"""A build killed at any moment leaves the previous dataset intact, and mutated notices
either build or are refused cleanly (property-based, with hypothesis): never a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspection_kg.errors import InspectionKgError
from inspection_kg.model.iri import IriMinter
from inspection_kg.model.mapping import map_notices
from inspection_kg.pipeline import load_notices
from inspection_kg.use.validate import rdflib_graph, validate_graph

from .conftest import REPO, SEED

TEXT = SEED.read_text(encoding="utf-8")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_a_killed_build_leaves_the_old_or_the_new_dataset(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "inspection_kg", "build", "--out"]
    old_dir, new_dir, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    changed = tmp_path / "changed.txt"
    changed.write_text(TEXT.replace("探索供水“四化”新路径", "探索供水“五化”新路径"), encoding="utf-8")
    subprocess.run([*command, str(old_dir), str(SEED), "-q"], check=True, cwd=REPO)
    started = time.monotonic()
    subprocess.run([*command, str(new_dir), str(changed), "-q"], check=True, cwd=REPO)
    duration = time.monotonic() - started
    old, new = _snapshot(old_dir), _snapshot(new_dir)
    assert old != new
    outcomes = set()
    for step in range(12):  # kill at moments spread over a whole build, the write phase included
        subprocess.run([*command, str(out), str(SEED), "-q"], check=True, cwd=REPO)
        process = subprocess.Popen([*command, str(out), str(changed), "-q"], cwd=REPO)
        time.sleep(duration * (0.35 + 0.06 * step))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = _snapshot(out)
        assert state in (old, new), f"a build killed after {duration * (0.35 + 0.06 * step):.2f} s left a mix"
        outcomes.add("new" if state == new else "old")
    assert "old" in outcomes  # at least one kill landed before the swap
    subprocess.run([*command, str(out), str(SEED), "-q"], check=True, cwd=REPO)
    assert not list(tmp_path.glob(".out.staging-*"))  # what killed builds left is cleaned up


def test_two_builds_into_one_folder_at_once_both_finish(tmp_path: Path) -> None:
    # Each build once removed every staging folder beside its --out, the other's included,
    # and then failed on a file that had vanished (seen when two builds shared output/).
    command = [sys.executable, "-m", "inspection_kg", "build", str(SEED), "-q", "--out"]
    alone, out = tmp_path / "alone", tmp_path / "out"
    subprocess.run([*command, str(alone)], check=True, cwd=REPO)
    # a killed build's folder (no such process: pids are below 2**22 on Linux) and a live one's
    (tmp_path / ".out.staging-99999999-x").mkdir()
    live = tmp_path / f".out.staging-{os.getpid()}-x"
    live.mkdir()
    builds = [subprocess.Popen([*command, str(out)], cwd=REPO, stderr=subprocess.PIPE) for _ in range(3)]
    for build in builds:
        _, errors = build.communicate(timeout=300)
        assert build.returncode == 0, errors.decode()
    assert _snapshot(out) == _snapshot(alone)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "alone", "out"])


_LINES = TEXT.split("\n")
_ALPHABET = st.sampled_from(
    list(
        "国务院办公厅关于表扬通报河南省濮阳市城区新区、，。．.：“”‘’（）〔〕0123456789１２ 　\t号年月日附件共项等"
    )
)


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    lines = list(_LINES)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["drop", "duplicate", "swap", "insert", "replace", "truncate"]))
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        if kind == "drop" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            position = draw(st.integers(0, len(lines[i])))
            lines[i] = (
                lines[i][:position] + draw(st.text(_ALPHABET, min_size=1, max_size=6)) + lines[i][position:]
            )
        elif kind == "replace" and lines[i]:
            position = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:position] + draw(_ALPHABET) + lines[i][position + 1 :]
        elif kind == "truncate":
            lines = lines[: max(i, 1)]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_mutated())
def test_mutated_notices_build_or_are_refused_cleanly(tmp_path: Path, text: str) -> None:
    notice = tmp_path / "mutated.txt"
    notice.write_text(text, encoding="utf-8")
    try:
        notices = load_notices([notice])
        blocks = list(map_notices(notices, IriMinter()))
    except InspectionKgError as error:
        assert error.exit_code == 2 and error.what  # refused, with a message
        return
    triples = [triple for block in blocks for triple in block.sealed()[1]]
    report = validate_graph(rdflib_graph(triples))  # what builds must also be valid
    assert report.conforms, report.render()

"""Deterministic file writers. A dataset is written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

TURTLE_NAME = "inspection-kg.ttl"
NTRIPLES_NAME = "inspection-kg.nt"


def turtle_bytes(graph: Graph) -> bytes:
    """rdflib's Turtle: stable bytes for a graph without blank nodes (subjects sorted)."""
    return graph.serialize(format="turtle", encoding="utf-8")


def ntriples_bytes(graph: Graph) -> bytes:
    """N-Triples with the lines sorted: rdflib's own order changes with the hash seed."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line)) + "\n").encode("utf-8")


def write_dataset(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file to a temporary name in ``out_dir`` first, then rename each into
    place: a failure before the renames leaves the previous dataset untouched, and no
    reader ever sees a half-written file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name in sorted(files):
            handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(handle, "wb") as stream:
                stream.write(files[name])
                stream.flush()
                os.fsync(stream.fileno())
            staged.append((Path(temp_name), out_dir / name))
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, final in staged:
        os.chmod(temp, 0o644)
        os.replace(temp, final)
    return [final for _, final in staged]

"""Deterministic file writers. A dataset is written whole or not at all."""

from __future__ import annotations

import ctypes
import glob
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Graph

from .errors import ConfigError
from .graphs import NamedGraphs
from .layout import NTRIPLES_NAME


def turtle_bytes(graph: Graph) -> bytes:
    """rdflib's Turtle: stable bytes for a graph without blank nodes (subjects sorted)."""
    return graph.serialize(format="turtle", encoding="utf-8")


def ntriples_bytes(graph: Graph) -> bytes:
    """N-Triples with the lines sorted: rdflib's own order changes with the hash seed."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line)) + "\n").encode("utf-8")


def nquads_bytes(graphs: NamedGraphs) -> bytes:
    """N-Quads of every named graph, lines sorted (one N-Triples line plus the graph IRI)."""
    lines = []
    for name, graph in graphs.items():
        for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines():
            if line:
                lines.append(f"{line.removesuffix(' .')} <{name}> .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def trig_bytes(graphs: NamedGraphs) -> bytes:
    """TriG: one prefix block, then each named graph's Turtle body in IRI order.
    rdflib's own TriG writer orders the graphs by hash seed, so it is assembled here
    from per-graph Turtle, which is stable."""
    prefixes: set[str] = set()
    blocks = []
    for name, graph in graphs.items():
        body = []
        for line in graph.serialize(format="turtle", encoding="utf-8").decode("utf-8").splitlines():
            if line.startswith("@prefix "):
                prefixes.add(line)
            else:
                body.append(line)  # not indented: a line may be inside a multi-line literal
        blocks.append(f"<{name}> {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def jsonld_context(graph: Graph) -> dict[str, str]:
    """The graph's bound prefixes that some IRI of the graph actually uses, sorted."""
    iris: set[str] = set()
    for triple in graph:
        for term in triple:
            datatype = getattr(term, "datatype", None)
            iris.add(
                str(datatype) if datatype is not None else "" if hasattr(term, "language") else str(term)
            )
    return {
        prefix: str(namespace)
        for prefix, namespace in sorted(graph.namespaces())
        if any(iri.startswith(str(namespace)) for iri in iris)
    }


def _canonical(value: Any) -> Any:
    """Sort every array (JSON-LD arrays of values are unordered sets here: no @list)."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value


def jsonld_bytes(graph: Graph) -> bytes:
    """Compact JSON-LD with an inline context of the used prefixes (no remote context to
    fetch); @graph sorted by @id, keys sorted, arrays sorted, 2-space indent, UTF-8."""
    context = jsonld_context(graph)
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = sorted((_canonical(node) for node in document.get("@graph", [])), key=lambda node: node["@id"])
    text = json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, sort_keys=True, indent=2)
    return (text + "\n").encode("utf-8")


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False where
    the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(result == 0)


def _keep(entry: Path, staging: Path) -> None:
    """Carry a file the build does not write into the new folder, as a hard link."""
    target = staging / entry.name
    if entry.is_dir() and not entry.is_symlink():
        shutil.copytree(entry, target, symlinks=True, copy_function=os.link)
    else:
        try:
            os.link(entry, target, follow_symlinks=False)
        except OSError:
            shutil.copy2(entry, target, follow_symlinks=False)


def write_dataset(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write the whole dataset into a new folder beside ``out_dir``, then swap the two
    folders in one atomic step: a build killed at any moment leaves either the old
    dataset or the new one, never a mix. Files in ``out_dir`` that the build does not
    write are carried over (hard links)."""
    out_dir = out_dir.resolve()  # a symlinked --out: write where it points
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError("--out is a file, not a folder", path=out_dir, fix="pass a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / NTRIPLES_NAME).exists():
        raise ConfigError(
            "--out is a folder with other files and no dataset in it; the build replaces the folder",
            path=out_dir,
            fix="pass an empty folder or one an earlier build wrote",
        )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.parent.glob(f".{glob.escape(out_dir.name)}.staging-*"):  # left by a killed build
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-", dir=out_dir.parent))
    try:
        if out_dir.is_dir():
            for entry in sorted(out_dir.iterdir()):
                if entry.name not in files:
                    _keep(entry, staging)
        for name in sorted(files):
            with open(staging / name, "wb") as stream:
                stream.write(files[name])
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(staging / name, 0o644)
        os.chmod(staging, 0o755)
        if not out_dir.exists():
            os.rename(staging, out_dir)
        elif _exchange(staging, out_dir):
            shutil.rmtree(staging)  # now the old dataset
        else:  # no atomic swap here: two renames, a short window without out_dir
            old = out_dir.with_name(f".{out_dir.name}.staging-old-{os.getpid()}")
            os.rename(out_dir, old)
            os.rename(staging, out_dir)
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / name for name in sorted(files)]

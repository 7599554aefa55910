"""Deterministic file writers. A dataset is written whole or not at all."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Graph

from .graphs import NamedGraphs


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

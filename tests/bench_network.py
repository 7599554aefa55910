"""The property graph's writers against networkx's own, run by hand (never a timed test):

    python -m tests.bench_network                  # 1,000 generated notices, best of 3
    python -m tests.bench_network --notices 100 --repeats 1

The projection is made once (a generated corpus read, mapped and fed to the builder as
the build does, in a process of its own) and pickled; then every run is a fresh
process that loads it and writes both files, with the cyclic GC off as in a build:

ours      write_graphml and write_node_link (write/network/files.py);
networkx  the projection as nx.MultiDiGraph (two: GraphML's edge keys are the edge ids
          "source predicate target", node-link's the predicates), then nx.write_graphml
          (infer_numeric_types: a key of mixed types is a string) and nx.node_link_data
          with json.dump(indent=2, sort_keys=True, ensure_ascii=False).

Each run has its own PYTHONHASHSEED. Time is the best of the repeats; memory is the
peak that tracemalloc sees during the writing (a run of its own, as tracing slows it)
and the process's peak RSS. Every run's files are compared by SHA-256 with the first.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from inspection_kg.write.network import PropertyGraph, PropertyGraphBuilder, write_graphml, write_node_link

from .corpus import generate_corpus

VARIANTS = ("ours", "networkx")


def prepare(corpus: Path, pickled: Path) -> None:
    """Read and map the corpus as the build does, feed the builder, pickle its graph."""
    from inspection_kg.model.iri import DEFAULT_BASE_IRI, IriMinter
    from inspection_kg.model.mapping import map_notices
    from inspection_kg.pipeline import load_notices

    gc.disable()
    builder = PropertyGraphBuilder()
    for block in map_notices(load_notices([corpus]), IriMinter(DEFAULT_BASE_IRI)):
        builder.add(block.sealed()[1])
    graph = builder.graph()
    with pickled.open("wb") as out:
        pickle.dump(graph, out, protocol=pickle.HIGHEST_PROTOCOL)
    print(json.dumps({"nodes": len(graph.iris), "edges": len(graph.edges)}))


def _networkx_graph(graph: PropertyGraph, edge_ids: bool) -> Any:
    import networkx as nx  # type: ignore[import-untyped,unused-ignore]

    nxgraph = nx.MultiDiGraph()
    for iri, attributes in zip(graph.iris, graph.attributes, strict=True):
        nxgraph.add_node(iri, **(dict(zip(*attributes, strict=True)) if attributes else {}))
    iris, predicates = graph.iris, graph.predicates
    for source, target, predicate in graph.edge_triples():
        u, v, p = iris[source], iris[target], predicates[predicate]
        nxgraph.add_edge(u, v, key=f"{u} {p} {v}" if edge_ids else p, predicate=p)
    return nxgraph


def write(variant: str, graph: PropertyGraph, graphml: Path, node_link: Path) -> dict[str, float]:
    """Write both files; seconds of each step."""
    steps: dict[str, float] = {}
    started = time.perf_counter()
    if variant == "ours":
        with graphml.open("wb") as out:
            write_graphml(graph, out)
        steps["GraphML"] = time.perf_counter() - started
        started = time.perf_counter()
        with node_link.open("wb") as out:
            write_node_link(graph, out)
        steps["node-link"] = time.perf_counter() - started
        return steps
    import networkx as nx

    for_graphml, for_node_link = _networkx_graph(graph, True), _networkx_graph(graph, False)
    steps["two nx graphs"] = time.perf_counter() - started
    started = time.perf_counter()
    with graphml.open("wb") as out:
        nx.write_graphml(for_graphml, out, infer_numeric_types=True)
    steps["GraphML"] = time.perf_counter() - started
    started = time.perf_counter()
    with node_link.open("w", encoding="utf-8") as text:
        json.dump(
            nx.node_link_data(for_node_link, edges="links"),
            text,
            indent=2,
            sort_keys=True,
            ensure_ascii=False,
        )
        text.write("\n")
    steps["node-link"] = time.perf_counter() - started
    return steps


def child(variant: str, pickled: Path, prefix: Path, trace: bool) -> None:
    """One fresh run: load the graph, write both files, print the measures as JSON."""
    with pickled.open("rb") as data:
        graph = pickle.load(data)
    gc.disable()  # as in a build (pipeline.py)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    graphml, node_link = prefix.with_suffix(".graphml"), prefix.with_suffix(".node-link.json")
    steps = write(variant, graph, graphml, node_link)
    result: dict[str, Any] = {"steps": steps, "seconds": sum(steps.values())}
    if trace:
        result["traced_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["rss_growth_mb"] = result["rss_mb"] - rss_before / 1024
    result["bytes"] = [path.stat().st_size for path in (graphml, node_link)]
    result["sha256"] = [hashlib.sha256(path.read_bytes()).hexdigest() for path in (graphml, node_link)]
    for path in (graphml, node_link):
        path.unlink()
    print(json.dumps(result))


def _fresh(args: list[str], seed: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench_network", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--work", type=Path, help="a folder to keep the corpus and graph in (default: a new temp folder)"
    )
    parser.add_argument("--child", nargs=3, metavar=("VARIANT", "PICKLE", "PREFIX"), help=argparse.SUPPRESS)
    parser.add_argument("--prepare", nargs=2, metavar=("CORPUS", "PICKLE"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]), args.trace)
        return
    if args.prepare:
        prepare(Path(args.prepare[0]), Path(args.prepare[1]))
        return

    work = args.work or Path(tempfile.mkdtemp(prefix="inspection-kg-bench-network-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus, pickled = work / f"corpus-{args.notices}", work / f"graph-{args.notices}.pickle"
    if not pickled.exists():
        if not corpus.exists():
            generate_corpus(corpus, args.notices, seed=7)
        size = _fresh(["--prepare", str(corpus), str(pickled)], 0)
    else:
        with pickled.open("rb") as data:
            graph = pickle.load(data)
        size = {"nodes": len(graph.iris), "edges": len(graph.edges)}
        del graph
    print(
        f"{args.notices:,} notices: {size['nodes']:,} nodes, {size['edges']:,} edges; best of {args.repeats}"
    )

    runs: dict[str, list[dict[str, Any]]] = {variant: [] for variant in VARIANTS}
    traced: dict[str, dict[str, Any]] = {}
    seed = 0
    for _ in range(args.repeats):  # interleaved, so a busy moment weighs on both
        for variant in VARIANTS:
            seed += 1
            runs[variant].append(_fresh(["--child", variant, str(pickled), str(work / variant)], seed))
    for variant in VARIANTS:
        seed += 1
        traced[variant] = _fresh(["--child", variant, str(pickled), str(work / variant), "--trace"], seed)

    reference = runs["ours"][0]["sha256"]
    best: dict[str, dict[str, Any]] = {}
    for variant in VARIANTS:
        best[variant] = min(runs[variant], key=lambda run: float(run["seconds"]))
        results = runs[variant] + [traced[variant]]
        same = all(run["sha256"] == reference for run in results)
        steps = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in best[variant]["steps"].items())
        graphml_bytes, node_link_bytes = best[variant]["bytes"]
        print(
            f"{variant:9} {best[variant]['seconds']:6.2f} s ({steps}); traced peak {traced[variant]['traced_mb']:,.0f} MB,"
            f" peak RSS {max(run['rss_mb'] for run in runs[variant]):,.0f} MB"
            f" (+{max(run['rss_growth_mb'] for run in runs[variant]):,.0f} MB while writing);"
            f" files {graphml_bytes / 1e6:,.1f} + {node_link_bytes / 1e6:,.1f} MB;"
            f" {'the same bytes as ours in every run' if same else 'BYTES DIFFER from ours'}"
        )
    ours, theirs = best["ours"], best["networkx"]
    print(
        f"networkx / ours: time {theirs['seconds'] / ours['seconds']:.1f}× (+{theirs['seconds'] - ours['seconds']:.1f} s),"
        f" traced peak {traced['networkx']['traced_mb'] / traced['ours']['traced_mb']:.0f}×"
        f" (+{traced['networkx']['traced_mb'] - traced['ours']['traced_mb']:,.0f} MB)"
    )


if __name__ == "__main__":
    main()

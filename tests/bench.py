"""Benchmarks, run by hand (never a timed test): every figure is measured side by side
with its baseline in the same run, in fresh processes, as the median of several runs.

    python -m tests.bench                   # P1, P2 at 100 and 1,000 notices, P3 at 1,000
    python -m tests.bench --sizes 10,30     # a quick run
    python -m tests.bench --parts P2        # the builds alone

P1  cold `inspection-kg build` of the seed / a minimal script that regex-parses the 43
    items and writes ~1,000 triples as Turtle with rdflib (target ≤ 4×, issue 22);
P2  `build` of N generated notices / pyoxigraph loading the produced N-Triples and
    writing them out again (target ≤ 2× at 1,000 notices, peak memory ≤ 1 GB, cost
    per triple at the largest size within 1.3× of the smallest), and `build --formats nq`
    against the same floor (≤ 1.3×);
P3  a fresh `inspection-kg query --name …` / rdflib parsing the same N-Triples and
    running the same query (target median ≤ 0.5 s and ≥ 20×).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version
from pathlib import Path

from .corpus import generate_corpus

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "notices" / "guobanfa-2020-46.txt"

BASELINE_P1 = r"""
import re, sys
from rdflib import Graph, Literal, Namespace, URIRef
text = open(sys.argv[1], encoding="utf-8").read()
ex = Namespace("https://example.org/")
graph = Graph()
for number, label in re.findall(r"^(\d+)．(.+?)。$", text, re.M):
    practice = URIRef(f"https://example.org/practice/{number}")
    for i in range(23):  # ~1,000 triples for the 43 items
        graph.add((practice, ex[f"p{i}"], Literal(f"{label}{i}", lang="zh")))
graph.serialize(sys.argv[2], format="turtle")
"""

FLOOR_P2 = r"""
import sys, pyoxigraph
store = pyoxigraph.Store()
store.bulk_load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_TRIPLES)
store.dump(output=sys.argv[2], format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
"""

# rdflib parses once, then runs every query; each query's cost is parse + its own time.
# A query still running after LIMIT seconds is stopped and reported as "> LIMIT".
RDFLIB_P3 = r"""
import json, signal, sys, time, rdflib
LIMIT = 60
class Late(Exception):
    pass
def late(*_):
    raise Late()
signal.signal(signal.SIGALRM, late)
started = time.perf_counter()
graph = rdflib.Graph()
graph.parse(sys.argv[1], format="nt")
times = {"(parse)": time.perf_counter() - started}
for path in sys.argv[2:]:
    started = time.perf_counter()
    signal.alarm(LIMIT)
    try:
        list(graph.query(open(path, encoding="utf-8").read()))
        times[path] = time.perf_counter() - started
    except Late:
        times[path] = -LIMIT
    finally:
        signal.alarm(0)
print(json.dumps(times))
"""


def _tree_kib(root: int) -> int:
    """Resident memory of a process and its descendants (KiB), read from /proc."""
    parents, rss = {}, {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents[int(name)], rss[int(name)] = int(fields[1]), int(fields[21])
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    return sum(rss.get(pid, 0) for pid in tree) * os.sysconf("SC_PAGE_SIZE") // 1024


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds of a fresh process, and its peak memory (KiB) with its writer processes':
    their summed resident memory, sampled every 0.1 s by a thread of this process, so the
    measured one runs as it would alone."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        peak = [0]

        def sample() -> None:
            while process.returncode is None:
                peak[0] = max(peak[0], _tree_kib(process.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        process.wait()
        elapsed = time.perf_counter() - started
        sampler.join()
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {' '.join(command)}\n{errors.read()[-2000:].decode(errors='replace')}")
    return elapsed, peak[0]


def _median(command: list[str], repeats: int, env: dict[str, str] | None = None) -> tuple[float, int]:
    runs = [_run(command, env) for _ in range(repeats)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def _side_by_side(
    commands: list[list[str]], repeats: int, env: dict[str, str] | None = None
) -> list[tuple[float, int]]:
    """Median seconds and peak memory of each command, run in turns (ours, the floor,
    ours, …), each after the disk has taken the last one's files (os.sync): a slower
    minute or a write-back of gigabytes then weighs on both sides, not on one."""
    runs: list[list[tuple[float, int]]] = [[] for _ in commands]
    for _ in range(repeats):
        for command, measured in zip(commands, runs, strict=True):
            os.sync()
            measured.append(_run(command, env))
    return [(statistics.median(t for t, _ in r), max(m for _, m in r)) for r in runs]


def _triples(folder: Path) -> int:
    with (folder / "inspection-kg.nt").open("rb") as lines:
        return sum(1 for _ in lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes for P2 (notices), comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--parts", default="P1,P2,P3", help="which measures to run, comma-separated")
    args = parser.parse_args()
    parts = set(args.parts.upper().split(","))
    python = sys.executable
    work = Path(tempfile.mkdtemp(prefix="inspection-kg-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    rows: list[tuple[str, str, str, str]] = []

    if "P1" in parts:
        ours, _ = _median(
            [python, "-m", "inspection_kg", "build", str(SEED), "--out", str(work / "p1"), "-q"], args.repeats
        )
        (work / "baseline.py").write_text(BASELINE_P1, encoding="utf-8")
        base, _ = _median(
            [python, str(work / "baseline.py"), str(SEED), str(work / "baseline.ttl")], args.repeats
        )
        rows.append(("P1 seed build", f"{ours:.2f} s", f"{base:.2f} s", f"{ours / base:.1f}× (≤ 4×)"))

    (work / "floor.py").write_text(FLOOR_P2, encoding="utf-8")
    per_triple: list[float] = []
    largest = None
    for size in [int(s) for s in args.sizes.split(",")]:
        corpus = work / f"corpus-{size}"
        generate_corpus(corpus, size, seed=7)
        out = work / f"out-{size}"
        build = [
            python,
            "-m",
            "inspection_kg",
            "build",
            str(corpus),
            "--out",
            str(out),
            "-q",
        ]
        floor_run = [python, str(work / "floor.py"), str(out / "inspection-kg.nt"), str(work / "floor.nt")]
        # What a triple-store user asks for: the N-Quads alone (issue: ≤ 1.3× the floor).
        nquads = [python, "-m", "inspection_kg", "build", str(corpus), "--formats", "nq"]
        nquads += ["--out", str(work / f"out-{size}-nq"), "-q"]
        _run(build, env)  # the floor reads the build's N-Triples; P3 queries the largest
        largest = out
        if "P2" not in parts:
            continue
        (ours, peak), (floor, _), (nquads_only, nquads_peak) = _side_by_side(
            [build, floor_run, nquads], args.repeats, env
        )
        triples = _triples(out)
        per_triple.append(ours / triples)
        rows.append(
            (
                f"P2 build {size} notices ({triples:,} triples)",
                f"{ours:.1f} s, peak {peak / 1024:.0f} MB",
                f"{floor:.1f} s",
                f"{ours / floor:.2f}× (≤ 2×, ≤ 1 GB)",
            )
        )
        rows.append(
            (
                f"P2 build {size} notices, --formats nq",
                f"{nquads_only:.1f} s, peak {nquads_peak / 1024:.0f} MB",
                f"{floor:.1f} s",
                f"{nquads_only / floor:.2f}× (≤ 1.3×)",
            )
        )
    if len(per_triple) > 1:
        rows.append(
            (
                "P2 cost per triple, largest / smallest",
                "",
                "",
                f"{per_triple[-1] / per_triple[0]:.2f} (≤ 1.3)",
            )
        )

    if "P3" in parts and largest is not None:
        _queries(python, work, env, largest, args.repeats, rows)
    _print(rows)


def _queries(
    python: str,
    work: Path,
    env: dict[str, str],
    largest: Path,
    repeats: int,
    rows: list[tuple[str, str, str, str]],
) -> None:
    """P3: each named query in a fresh process against rdflib on the same N-Triples."""
    (work / "rdflib_query.py").write_text(RDFLIB_P3, encoding="utf-8")
    first, _ = _run([python, "-m", "inspection_kg", "query", "--name", "notice-metadata", str(largest)], env)
    rows.append(("P3 first query (builds the persistent store once)", f"{first:.1f} s", "", ""))
    # Each named query with its default parameters (a listing query: the most recent notice),
    # and each listing query over every notice (--param notice=*); rdflib runs the same bound text.
    from inspection_kg.use.query import (
        EVERY,
        LATEST,
        bound_text,
        latest_notice,
        named_query,
        parameter_values,
    )
    from inspection_kg.use.store import open_store

    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
    latest = latest_notice(open_store(largest))
    names = [
        path.stem for path in sorted((REPO / "queries").glob("*.rq")) if path.with_suffix(".csv").exists()
    ]
    variants: list[tuple[str, str, list[str]]] = []  # label, bound text file, --param arguments
    for name in names:
        query = named_query(name)
        forms: list[tuple[str, dict[str, str]]] = [("", {})]
        if any(p.name == "notice" and p.default == LATEST for p in query.parameters):
            forms.append((" (every notice)", {"notice": EVERY}))
        for suffix, given in forms:
            text = bound_text(query, parameter_values(query, given, lambda: latest))
            bound = work / f"{name}{'-all' if given else ''}.rq"
            bound.write_text(text, encoding="utf-8")
            variants.append((name + suffix, str(bound), [f"--param=notice={EVERY}"] if given else []))
    result = subprocess.run(
        [python, str(work / "rdflib_query.py"), str(largest / "inspection-kg.nt")]
        + [path for _, path, _ in variants],
        capture_output=True,
        text=True,
        check=True,
    )
    rdflib_times = json.loads(result.stdout)
    parse = rdflib_times["(parse)"]
    ours_default: list[float] = []
    ratios: list[float] = []
    for label, path, params in variants:
        name = label.split(" ")[0]
        ours, _ = _median(
            [
                python,
                "-m",
                "inspection_kg",
                "query",
                "--name",
                name,
                *params,
                "--format",
                "csv",
                str(largest),
            ],
            repeats,
            env,
        )
        own = rdflib_times[path]
        theirs = parse + abs(own)
        at_least = "≥ " if own < 0 else ""  # rdflib stopped at the limit: a lower bound
        if not params:
            ours_default.append(ours)
            ratios.append(theirs / ours)
        rows.append(
            (
                f"P3 query {label}",
                f"{ours:.2f} s",
                f"{at_least}{theirs:.1f} s",
                f"{at_least}{theirs / ours:.0f}× faster",
            )
        )
    rows.append(
        (
            f"P3 all {len(names)} named queries, default parameters",
            f"median {statistics.median(ours_default):.2f} s, max {max(ours_default):.2f} s",
            f"rdflib parse {parse:.1f} s",
            f"min {min(ratios):.0f}× faster (≤ 1 s, median ≤ 0.2 s, ≥ 20×)",
        )
    )


def _print(rows: list[tuple[str, str, str, str]]) -> None:
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, rdflib {version('rdflib')}, "
        f"pyoxigraph {version('pyoxigraph')}, pyshacl {version('pyshacl')}, {platform.platform()}"
    )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in [("measure", "ours", "baseline", "ratio"), *rows]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))


if __name__ == "__main__":
    main()

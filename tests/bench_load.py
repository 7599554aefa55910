"""A load test of `serve` on loopback, run by hand (never a timed test): many clients at once,
mixing pages, named queries and query-page forms, for a fixed time; it stops by itself and
prints the errors (goal 0) and the p50/p95 latency of each kind of request.

    python -m tests.bench_load                       # 50 clients, 60 s, over output/
    python -m tests.bench_load --clients 20 --seconds 30 --dataset DIR
    python -m tests.bench_load --heavy               # one endless query kept running too

With --heavy, one more client sends a query no engine finishes, again and again: the
figures then show whether the pages stall while the engine is busy (they should not: the
query is stopped at serve's --timeout, and pages are answered by another process).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from inspection_kg.use.query import named_queries

from .conftest import free_port

REPO = Path(__file__).resolve().parent.parent
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PAGES = [
    "/",
    "/sparql",
    "/id/region/410900",
    "/id/region/410000",
    "/dataset",
    "/id/practice/guobanfa-2020-46/22",
]


def _requests(rng: random.Random, base: str) -> tuple[str, urllib.request.Request]:
    """One request of a kind drawn at random: a page, a named query at /query, a form."""
    kind = rng.choice(["page", "page", "page", "query", "form"])
    if kind == "page":
        return kind, urllib.request.Request(base + rng.choice(PAGES))
    query = rng.choice([q for q in named_queries().values() if "SERVICE" not in q.text]).text
    if kind == "query":
        data = urllib.parse.urlencode({"query": query}).encode()
        return kind, urllib.request.Request(
            base + "/query", data=data, headers={"Accept": "application/sparql-results+json"}
        )
    data = urllib.parse.urlencode({"query": query}).encode()
    return kind, urllib.request.Request(base + "/sparql", data=data)


def _client(base: str, until: float, seed: int, timings: dict[str, list[float]], errors: list[str]) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        kind, request = _requests(rng, base)
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
            timings[kind].append(time.perf_counter() - started)
        except (urllib.error.URLError, OSError) as error:
            errors.append(f"{kind} {request.full_url}: {error}")


def _heavy(base: str, until: float, outcomes: list[int]) -> None:
    data = urllib.parse.urlencode({"query": ENDLESS}).encode()
    while time.monotonic() < until:
        try:
            with urllib.request.urlopen(urllib.request.Request(base + "/query", data=data), timeout=120) as r:
                outcomes.append(r.status)
        except urllib.error.HTTPError as error:
            outcomes.append(error.code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--timeout", type=float, default=30, help="serve --timeout")
    parser.add_argument("--dataset", type=Path, default=REPO / "output")
    parser.add_argument("--heavy", action="store_true", help="keep one endless query running too")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        command = [sys.executable, "-m", "inspection_kg", "serve", "--port", str(port)]
        server = subprocess.Popen(
            [*command, "--timeout", str(args.timeout), str(args.dataset)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stderr is not None
            server.stderr.readline()  # "Pages: …", printed once it answers
            timings: dict[str, list[float]] = defaultdict(list)
            errors: list[str] = []
            heavy: list[int] = []
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=_client, args=(base, until, seed, timings, errors))
                for seed in range(args.clients)
            ]
            if args.heavy:
                threads.append(threading.Thread(target=_heavy, args=(base, until, heavy)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
    total = sum(len(t) for t in timings.values())
    print(f"{args.clients} clients, {args.seconds:g} s, --timeout {args.timeout:g}, dataset {args.dataset}")
    print(f"requests answered: {total}; errors: {len(errors)}")
    for error in errors[:10]:
        print("  ", error)
    for kind in ("page", "query", "form"):
        found = sorted(timings[kind])
        if found:
            p50 = statistics.median(found)
            p95 = found[min(len(found) - 1, int(0.95 * len(found)))]
            print(f"{kind:6} n={len(found):5}  p50 {p50 * 1000:7.0f} ms  p95 {p95 * 1000:7.0f} ms")
    if args.heavy:
        print(f"endless query: {len(heavy)} sent, answers {sorted(set(heavy))} (503 = stopped at the limit)")


if __name__ == "__main__":
    main()

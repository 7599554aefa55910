"""Resource pages on a corpus, run by hand (never a timed test): how long `serve` takes
to answer sample pages over HTTP, and how long `publish` takes and how many files it writes.

    python -m tests.bench_pages --notices 1000 --publish-notices 10
    python -m tests.bench_pages --dataset DIR --publish-notices 0   # pages of a corpus already built

Pages: a fresh `serve` over a build of N generated notices; each sample path is fetched
five times (the first fetch of each is reported apart: it reads the store from disk).
Publish: `publish` of a build of M generated notices, timed in a fresh process; files and
bytes counted on disk.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .corpus import generate_corpus


def _build(work: Path, notices: int, env: dict[str, str]) -> Path:
    corpus = work / f"corpus-{notices}"
    generate_corpus(corpus, notices, seed=7)
    out = work / f"out-{notices}"
    subprocess.run(
        [sys.executable, "-m", "inspection_kg", "build", str(corpus), "--out", str(out), "-q"],
        check=True,
        env=env,
    )
    return out


def _fetch(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        size = len(response.read())
    return time.perf_counter() - started, size


def _sample_paths(dataset: Path) -> list[str]:
    """A practice, a province, a notice, the class of all practices (the most incoming
    links), the dataset description, the home page: read from the N-Triples."""
    practice = province = notice = ""
    with (dataset / "inspection-kg.nt").open(encoding="utf-8") as lines:
        for line in lines:
            subject = line.split(" ", 1)[0].strip("<>")
            path = "/" + subject.split("/inspection-kg/", 1)[-1]
            if not practice and "/id/practice/" in subject:
                practice = path
            if not province and "/id/region/" in subject and subject.endswith("0000"):
                province = path
            if not notice and "/eli/cn/" in subject and subject.count("/") == 8:
                notice = path
            if practice and province and notice:
                break
    return ["/", practice, province, notice, "/def/Practice", "/dataset"]


def _pages(dataset: Path, env: dict[str, str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "inspection_kg", "serve", "--port", str(port), str(dataset)],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                _fetch(base + "/dataset")
                break
            except OSError:
                time.sleep(0.2)
        print(f"serve ready (store built or opened) after {time.perf_counter() - started:.1f} s")
        print(f"{'path':<45} {'first':>8} {'median':>8} {'bytes':>9}")
        medians = []
        for path in _sample_paths(dataset):
            first, size = _fetch(base + path)
            again = statistics.median(_fetch(base + path)[0] for _ in range(5))
            medians.append(again)
            print(f"{path:<45} {first:>7.3f}s {again:>7.3f}s {size:>9,}")
        print(f"slowest median {max(medians):.3f} s (target: well under 1 s)")
    finally:
        server.terminate()
        server.wait()


def _publish(dataset: Path, work: Path, env: dict[str, str]) -> None:
    site = work / "site"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "inspection_kg", "publish", str(dataset), "--out", str(site)],
        check=True,
        env=env,
    )
    seconds = time.perf_counter() - started
    files = [p for p in site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(f"publish: {len(files):,} files, {size / 1e6:.0f} MB in {seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--notices", type=int, default=1000, help="corpus size for the page times")
    parser.add_argument("--publish-notices", type=int, default=10, help="corpus size for publish")
    parser.add_argument(
        "--dataset", type=Path, help="time the pages of this built dataset instead of building one"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="inspection-kg-bench-pages-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    if args.dataset:
        print(f"pages over {args.dataset}")
        _pages(args.dataset, env)
    else:
        print(f"pages over {args.notices} generated notices")
        _pages(_build(work, args.notices, env), env)
    if args.publish_notices:
        print(f"publish of {args.publish_notices} generated notices")
        _publish(_build(work, args.publish_notices, env), work, env)


if __name__ == "__main__":
    main()

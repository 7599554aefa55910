"""The data files written block by block (graphs.py), in this process or in two others.

Every data file is made from each block's graphs and their union, in reading order:
N-Triples and N-Quads as our join of the terms, Turtle and TriG by pyoxigraph from those
lines, JSON-LD and the property graph from the triples. On a corpus these writers cost
more than the rest of the build, and they need nothing but the blocks; so there they run
in two child processes (N-Triples, N-Quads, Turtle, TriG in one; JSON-LD and the property
graph in the other, which cost about as much), each sent every block, pickled, through a
pipe, while this process maps the next notice. A small build writes them here, where
starting a Python process would cost more than it saves. The bytes are the same either
way (tests/test_block_writers.py compares them).
"""

from __future__ import annotations

import json
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import asdict, astuple, dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from ..model.terms import Triple
from .network import PropertyGraphBuilder
from .rdf_writers import JsonLdWriter, TerseWriter

WRITE_BUFFER = 1 << 20  # large writes: a corpus is gigabytes of text
QUEUED_BLOCKS = 8  # blocks sent ahead of a child: some MB

Graphs = list[tuple[str, list[Triple]]]


@dataclass(frozen=True, slots=True)
class Targets:
    """The files to write (None: not asked for by --formats)."""

    ntriples: Path | None = None
    nquads: Path | None = None
    turtle: Path | None = None
    trig: Path | None = None
    jsonld: Path | None = None
    graphml: Path | None = None
    node_link: Path | None = None

    def any(self) -> bool:
        return any(path is not None for path in astuple(self))

    def want_union(self) -> bool:
        union_forms = (self.ntriples, self.turtle, self.jsonld, self.graphml, self.node_link)
        return any(path is not None for path in union_forms)

    def want_graphs(self) -> bool:
        return self.nquads is not None or self.trig is not None

    def split(self) -> tuple[Targets, Targets]:
        """The lines and the formats made from them; the triples' other forms."""
        return (
            Targets(ntriples=self.ntriples, nquads=self.nquads, turtle=self.turtle, trig=self.trig),
            Targets(jsonld=self.jsonld, graphml=self.graphml, node_link=self.node_link),
        )


class BlockWriters:
    """The writers of ``targets``, fed one block at a time."""

    def __init__(self, targets: Targets, prefixes: Mapping[str, str]) -> None:
        self._targets = targets
        self._files: list[IO[Any]] = []
        self._nt = None if targets.ntriples is None else self._open(targets.ntriples)
        self._nq = None if targets.nquads is None else self._open(targets.nquads)
        turtle, trig, jsonld = targets.turtle, targets.trig, targets.jsonld
        self._turtle = None if turtle is None else TerseWriter(self._open(turtle), "turtle", prefixes)
        self._trig = None if trig is None else TerseWriter(self._open(trig), "trig", prefixes)
        self._jsonld = None
        if jsonld is not None:
            stream = open(jsonld, "w", encoding="utf-8", newline="\n", buffering=WRITE_BUFFER)  # noqa: SIM115
            self._files.append(stream)
            self._jsonld = JsonLdWriter(stream, prefixes)
        wants_network = targets.graphml is not None or targets.node_link is not None
        self._network = PropertyGraphBuilder() if wants_network else None

    def _open(self, path: Path) -> BinaryIO:
        stream = open(path, "wb", buffering=WRITE_BUFFER)  # noqa: SIM115 -- closed by close()
        self._files.append(stream)
        return stream

    def write(self, graphs: Graphs, union: list[Triple]) -> None:
        """One block: its graphs and their union, each in reading order (graphs.py)."""
        # N-Triples and N-Quads are our own join of the terms, which are N-Triples terms
        # already: pyoxigraph would have to parse them first (0.12 s for 100 generated
        # notices here, 0.33 s through pyoxigraph; measured). Turtle and TriG are made
        # from those lines by pyoxigraph.
        if self._nt is not None or self._turtle is not None:
            lines = "".join([f"{s} {p} {o} .\n" for s, p, o in union]).encode()
            if self._nt is not None:
                self._nt.write(lines)
            if self._turtle is not None:
                self._turtle.write(lines)
        if self._nq is not None or self._trig is not None:
            for name, triples in graphs:
                graph = f"<{name}> .\n"
                quads = "".join([f"{s} {p} {o} {graph}" for s, p, o in triples]).encode()
                if self._nq is not None:
                    self._nq.write(quads)
                if self._trig is not None:
                    self._trig.write(quads)  # a graph a call: then its end needs no blank line added
        if self._jsonld is not None:
            self._jsonld.write(union)
        if self._network is not None:
            self._network.add(union)

    def close(self) -> None:
        if self._jsonld is not None:
            self._jsonld.close()
        if self._network is not None:
            if self._targets.graphml is not None:
                self._network.write_graphml(self._open(self._targets.graphml))
            if self._targets.node_link is not None:
                self._network.write_node_link(self._open(self._targets.node_link))
        for stream in self._files:
            # Synced here, where a writer process does it beside the build's last steps;
            # the dataset's commit syncs every file again, then at no cost.
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()

    def abort(self) -> None:
        for stream in self._files:
            stream.close()


_END = pickle.dumps(None)


def pickled_block(graphs: Graphs, union: list[Triple], targets: Targets) -> bytes:
    """One block for the writer processes, pickled once for all of them, with only the
    parts ``targets`` need (the graphs' triples and the union's are the same tuples:
    pickled once)."""
    wanted = (graphs if targets.want_graphs() else [], union if targets.want_union() else [])
    return pickle.dumps(wanted, protocol=pickle.HIGHEST_PROTOCOL)


def _serve(stream: BinaryIO, targets: Targets, prefixes: dict[str, str]) -> None:
    """The child: write each block the pipe brings until it brings None. The pickles
    come from the parent build only (its own pipe), never from a file."""
    writers = BlockWriters(targets, prefixes)
    while (block := pickle.load(stream)) is not None:
        writers.write(*block)
    writers.close()


class WriterProcess:
    """The same writers in a child process (a fresh interpreter, `python -m` this module:
    nothing of this one's memory is copied, and no caller's main module is run again), fed
    pickled blocks on its standard input: pickling the terms costs this process a third
    of joining them into lines (measured), and the pipe carries a third of the bytes. A
    thread of ours does the sending, a few blocks ahead: a pipe holds 64 KiB, and a build
    that waited for the child to take each block would lose the overlap this is for. A
    child that fails makes the build fail."""

    def __init__(self, targets: Targets, prefixes: Mapping[str, str]) -> None:
        self._names = ", ".join(path.name for path in astuple(targets) if path is not None)
        paths = {name: None if path is None else str(path) for name, path in asdict(targets).items()}
        arguments = json.dumps({"targets": paths, "prefixes": dict(prefixes)})
        self._process = subprocess.Popen([sys.executable, "-m", __name__, arguments], stdin=subprocess.PIPE)
        assert self._process.stdin is not None
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED_BLOCKS)
        self._broken = False
        self._sender = threading.Thread(target=self._send_all, args=(self._process.stdin,), daemon=True)
        self._sender.start()

    def _send_all(self, stream: IO[bytes]) -> None:
        try:
            while (pickled := self._queue.get()) is not None:
                stream.write(pickled)
            stream.close()
        except OSError:  # the child is gone; the build hears of it at its next block
            self._broken = True
            while self._queue.get() is not None:  # let the build's puts go on to the end
                pass

    def send(self, pickled: bytes) -> None:
        """A block as ``pickled_block`` makes it, for all writer processes at once."""
        if self._broken:
            self._failed()
        self._queue.put(pickled)

    def _failed(self) -> None:
        code = self._process.wait(timeout=30)
        raise RuntimeError(f"the process writing {self._names} stopped (exit {code}); see above")

    def close(self) -> None:
        self.send(_END)
        self._queue.put(None)
        self._sender.join()
        if self._process.wait() != 0 or self._broken:
            self._failed()

    def abort(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._sender.is_alive():
            self._queue.put(None)
            self._sender.join()


if __name__ == "__main__":
    _settings = json.loads(sys.argv[1])
    _targets = Targets(**{name: None if p is None else Path(p) for name, p in _settings["targets"].items()})
    _serve(sys.stdin.buffer, _targets, _settings["prefixes"])

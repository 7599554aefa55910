"""Turtle, TriG, JSON-LD and the property graph made from the N-Triples and N-Quads
text of each block, in this process or in a second one.

These writers cost about as much as the rest of a corpus build together (measured at
1,000 notices: ~25 s of a 51 s build), and they need nothing but the text the build
writes anyway. So on a corpus they run in a child process fed that text through a pipe,
while this process maps the next notice: the machine's second core does them. A small
build writes them here, where starting a Python process would cost more than it saves.
The bytes are the same either way (tests/test_build_formats.py compares them).
"""

from __future__ import annotations

import json
import queue
import struct
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

WRITE_BUFFER = 1 << 20
_UNION, _GRAPH, _END = b"U", b"G", b"E"
_HEAD = struct.Struct(">cQ")  # a frame: its kind, the length of its body
QUEUED_FRAMES = 32  # frames sent ahead of the child: a few blocks, some MB


def triples_of(lines: bytes) -> list[Triple]:
    """The triples of N-Triples lines the builder made: subject and predicate hold no space
    (they are IRIs), the object is the rest of the line before " ."."""
    found = []
    for line in lines.decode("utf-8").split("\n")[:-1]:  # not splitlines: U+2028 may be in a literal
        subject, predicate, rest = line.split(" ", 2)
        found.append((subject, predicate, rest[:-2]))
    return found


@dataclass(frozen=True, slots=True)
class Targets:
    """The files to write (None: not asked for by --formats)."""

    turtle: Path | None = None
    trig: Path | None = None
    jsonld: Path | None = None
    graphml: Path | None = None
    node_link: Path | None = None

    def any(self) -> bool:
        return any(path is not None for path in astuple(self))


class TextWriters:
    """The writers that take text: Turtle from each block's N-Triples, TriG from each
    graph's N-Quads, JSON-LD and the property graph from the block's triples."""

    def __init__(self, targets: Targets, prefixes: Mapping[str, str]) -> None:
        self._targets = targets
        self._files: list[IO[Any]] = []
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

    @property
    def wants_union(self) -> bool:
        return self._turtle is not None or self._jsonld is not None or self._network is not None

    @property
    def wants_graphs(self) -> bool:
        return self._trig is not None

    def union(self, lines: bytes, triples: list[Triple] | None = None) -> None:
        """One block's union as N-Triples lines (and its triples, when already at hand)."""
        if self._turtle is not None:
            self._turtle.write(lines)
        if self._jsonld is not None or self._network is not None:
            if triples is None:
                triples = triples_of(lines)
            if self._jsonld is not None:
                self._jsonld.write(triples)
            if self._network is not None:
                self._network.add(triples)

    def graph(self, quads: bytes) -> None:
        """One graph of a block as N-Quads lines."""
        if self._trig is not None:
            self._trig.write(quads)  # a graph a call: then its end needs no blank line added

    def close(self) -> None:
        if self._jsonld is not None:
            self._jsonld.close()
        if self._network is not None:
            if self._targets.graphml is not None:
                self._network.write_graphml(self._open(self._targets.graphml))
            if self._targets.node_link is not None:
                self._network.write_node_link(self._open(self._targets.node_link))
        for stream in self._files:
            stream.close()

    def abort(self) -> None:
        for stream in self._files:
            stream.close()


def _serve(stream: BinaryIO, targets: Targets, prefixes: dict[str, str]) -> None:
    """The child: write what the pipe brings, frame by frame, until it says the end."""
    writers = TextWriters(targets, prefixes)
    while True:
        head = stream.read(_HEAD.size)
        if len(head) < _HEAD.size:
            raise EOFError("the build stopped sending")
        kind, length = _HEAD.unpack(head)
        body = stream.read(length)
        if kind == _UNION:
            writers.union(body)
        elif kind == _GRAPH:
            writers.graph(body)
        else:
            break
    writers.close()


class WriterProcess:
    """The same writers in a child process (a fresh interpreter, `python -m` this module:
    nothing of this one's memory is copied, and no caller's main module is run again), fed
    framed text on its standard input. A thread of ours does the sending, a few blocks
    ahead: a pipe holds 64 KiB, and a build that waited for the child to take each block
    would lose the overlap this is for. A child that fails makes the build fail."""

    def __init__(self, targets: Targets, prefixes: Mapping[str, str]) -> None:
        self.wants_union = any(
            path is not None for path in (targets.turtle, targets.jsonld, targets.graphml, targets.node_link)
        )
        self.wants_graphs = targets.trig is not None
        paths = {name: None if path is None else str(path) for name, path in asdict(targets).items()}
        arguments = json.dumps({"targets": paths, "prefixes": dict(prefixes)})
        self._process = subprocess.Popen([sys.executable, "-m", __name__, arguments], stdin=subprocess.PIPE)
        assert self._process.stdin is not None
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED_FRAMES)
        self._broken = False
        self._sender = threading.Thread(target=self._send_all, args=(self._process.stdin,), daemon=True)
        self._sender.start()

    def _send_all(self, stream: IO[bytes]) -> None:
        try:
            while (frame := self._queue.get()) is not None:
                stream.write(frame)
            stream.close()
        except OSError:  # the child is gone; the build hears of it at its next frame
            self._broken = True
            while self._queue.get() is not None:  # let the build's puts go on to the end
                pass

    def _send(self, kind: bytes, body: bytes) -> None:
        if self._broken:
            self._failed()
        self._queue.put(_HEAD.pack(kind, len(body)) + body)

    def _failed(self) -> None:
        code = self._process.wait(timeout=30)
        raise RuntimeError(
            f"the process writing Turtle, TriG, JSON-LD and GraphML stopped (exit {code}); see above"
        )

    def union(self, lines: bytes, triples: list[Triple] | None = None) -> None:
        self._send(_UNION, lines)

    def graph(self, quads: bytes) -> None:
        self._send(_GRAPH, quads)

    def close(self) -> None:
        self._send(_END, b"")
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

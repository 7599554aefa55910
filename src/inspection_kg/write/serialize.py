"""Deterministic file writers. A dataset is written whole or not at all."""

from __future__ import annotations

import ctypes
import glob
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

from ..errors import ConfigError
from ..layout import DATASET_FILES, FORMAT_FILES, RDF_FILES
from ..model.terms import Triple
from .block_writers import BlockWriters, Targets, WriterProcess, pickled_block


class RdfFiles:
    """The data files of a dataset that ``formats`` names (layout.FORMAT_FILES), written
    block by block (graphs.py): N-Triples, Turtle, JSON-LD and the property graph hold
    the union, N-Quads and TriG the named graphs. Blocks come in build order, each in
    reading order, so the bytes depend only on the input. With ``separate_process``, two
    child processes write them (block_writers.py)."""

    def __init__(
        self,
        folder: DatasetFolder,
        prefixes: Mapping[str, str],
        formats: Collection[str],
        separate_process: bool = False,
    ) -> None:
        def reserved(name: str) -> Path | None:
            return folder.reserve(FORMAT_FILES[name]) if name in formats else None

        self._targets = Targets(
            *(reserved(name) for name in ("nt", "nq", "ttl", "trig", "jsonld", "graphml", "json"))
        )
        self._here: BlockWriters | None = None
        self._processes: list[WriterProcess] = []
        if separate_process:
            groups = [group for group in self._targets.split() if group.any()]
            self._processes = [WriterProcess(group, prefixes) for group in groups]
            for process in self._processes:
                folder.on_discard(process.abort)
        else:
            self._here = BlockWriters(self._targets, prefixes)
            folder.on_discard(self._here.abort)

    def write(self, graphs: list[tuple[str, list[Triple]]], union: list[Triple]) -> None:
        """One block: its graphs and their union, each in reading order (graphs.py)."""
        if self._here is not None:
            self._here.write(graphs, union)
        if self._processes:
            pickled = pickled_block(graphs, union, self._targets)
            for process in self._processes:
                process.send(pickled)

    def close(self) -> None:
        if self._here is not None:
            self._here.close()
        for process in self._processes:
            process.close()


class DatasetFolder:
    """A new dataset written into a staging folder beside ``out_dir``; ``commit`` then
    swaps the two folders in one atomic step, so a build killed at any moment leaves
    either the old dataset or the new one, never a mix. Leaving the ``with`` block
    by an exception discards the staging folder. Files in ``out_dir`` that the build
    does not write are carried over (hard links), except an earlier build's own files
    (layout.DATASET_FILES), which would no longer match the data."""

    def __init__(self, out_dir: Path) -> None:
        out_dir = out_dir.resolve()  # a symlinked --out: write where it points
        if out_dir.exists() and not out_dir.is_dir():
            raise ConfigError("--out is a file, not a folder", path=out_dir, fix="pass a folder")
        if (
            out_dir.is_dir()
            and any(out_dir.iterdir())
            and not any((out_dir / name).is_file() for name in RDF_FILES)
        ):
            raise ConfigError(
                "--out is a folder with other files and no dataset in it; the build replaces the folder",
                path=out_dir,
                fix="pass an empty folder or one an earlier build wrote",
            )
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        for stale in out_dir.parent.glob(f".{glob.escape(out_dir.name)}.staging-*"):
            if not _writer_alive(stale.name):  # a killed build's; a running one's is left alone
                shutil.rmtree(stale, ignore_errors=True)
        self.out_dir = out_dir
        prefix = f".{out_dir.name}.staging-{os.getpid()}-"
        self.staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
        self._names: list[str] = []
        self._on_discard: list[Callable[[], None]] = []
        self.dropped: list[str] = []  # files of the earlier build in out_dir that this one does not write

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if error is not None:
            for stop in self._on_discard:
                stop()
            shutil.rmtree(self.staging, ignore_errors=True)

    def reserve(self, name: str) -> Path:
        """The path of a dataset file that another writer opens and closes (the staging
        folder's copy); it is committed with the rest."""
        self._names.append(name)
        return self.staging / name

    def on_discard(self, stop: Callable[[], None]) -> None:
        """Call ``stop`` if the build fails, before the staging folder is removed."""
        self._on_discard.append(stop)

    def write_bytes(self, name: str, data: bytes) -> None:
        self._names.append(name)
        (self.staging / name).write_bytes(data)

    def commit(self) -> list[Path]:
        """fsync every file, carry over the files the build does not write, and
        swap the staging folder in; the dataset's files, sorted. ``dropped`` then names
        the earlier build's files that are gone."""
        names = set(self._names)
        for name in names:
            os.chmod(self.staging / name, 0o644)
        if self.out_dir.is_dir():
            for entry in sorted(self.out_dir.iterdir()):
                if entry.name in names:
                    continue
                if entry.name in DATASET_FILES:
                    self.dropped.append(entry.name)
                else:
                    _keep(entry, self.staging)
        os.chmod(self.staging, 0o755)
        _sync_folder(self.staging)
        out_dir = self.out_dir
        if not out_dir.exists():
            os.rename(self.staging, out_dir)
        elif _exchange(self.staging, out_dir):
            shutil.rmtree(self.staging)  # now the old dataset
        else:  # no atomic swap here: two renames, a short window without out_dir
            old = out_dir.with_name(f".{out_dir.name}.staging-{os.getpid()}-old")
            os.rename(out_dir, old)
            os.rename(self.staging, out_dir)
            shutil.rmtree(old)
        return [out_dir / name for name in sorted(names)]


def _writer_alive(staging_name: str) -> bool:
    """Whether the build that made this staging folder (its process id follows
    "staging-") still runs: two builds into one folder must not remove each other's
    work; the one that finishes last is the dataset."""
    pid = staging_name.rpartition(".staging-")[2].partition("-")[0]
    if os.name != "posix" or not pid.isdigit() or int(pid) == os.getpid():
        return False  # (on Windows, os.kill would end the process, not probe it)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _sync_folder(folder: Path) -> None:
    """fsync every file, so the swap never exposes a file still in the page cache only."""
    for entry in folder.iterdir():
        if entry.is_file() and not entry.is_symlink():
            descriptor = os.open(entry, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


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

"""A persistent Oxigraph store beside a built dataset, made once and then opened
read-only, so `query` and `serve` start without re-parsing the dataset.

The store lives in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``,
``inspection-kg/stores/<key of the dataset folder>``), or beside the dataset in
``<dataset>/.oxigraph/`` when the cache is not writable. Not in the dataset folder
first: that folder is published and checked byte for byte, and a database's bytes are
not ours to publish. The store is loaded from the dataset's first RDF file in the order
of layout.RDF_FILES (N-Quads, which keeps the named graphs, in a full build) and
remembers that file's name, size and modification time; a rebuilt dataset gets a fresh
store on first use.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pyoxigraph

from ..errors import InputError
from ..layout import RDF_FILES, required_rdf_files
from ..resources import user_cache_dir

STORE_DIR = ".oxigraph"
STAMP = "inspection-kg-source.json"


def _stamp(source: Path) -> dict[str, int | str]:
    stat = source.stat()
    return {"file": source.name, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _candidates(dataset: Path) -> list[Path]:
    cache = user_cache_dir() / "stores"
    key = hashlib.sha256(str(dataset.resolve()).encode("utf-8")).hexdigest()[:16]
    return [cache / key, dataset / STORE_DIR]


def _is_current(location: Path, source: Path) -> bool:
    try:
        stamp = json.loads((location / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(stamp == _stamp(source))


def _build(location: Path, source: Path) -> None:
    """Load into a temporary folder, then rename: a reader never sees half a store."""
    location.parent.mkdir(parents=True, exist_ok=True)
    staging = location.with_name(f"{location.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = pyoxigraph.Store(str(staging))
        store.bulk_load(path=str(source), format=getattr(pyoxigraph.RdfFormat, RDF_FILES[source.name]))
        store.optimize()
        del store  # closes the database
        (staging / STAMP).write_text(json.dumps(_stamp(source), sort_keys=True), encoding="utf-8")
        old = location.with_name(f"{location.name}.old-{os.getpid()}")
        if location.exists():
            location.rename(old)
        try:
            staging.rename(location)
        except OSError:
            if not _is_current(location, source):  # another process put a current store here: fine
                raise
        shutil.rmtree(old, ignore_errors=True)
    except SyntaxError as error:
        syntax = RDF_FILES[source.name].replace("_", "-").lower()
        raise InputError(
            f"{source.name} is not valid {syntax}: {error}",
            path=source,
            fix="rebuild it with inspection-kg build",
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def store_location(dataset: Path) -> Path:
    """The folder of the dataset's store, built now if missing or older than the data."""
    source = required_rdf_files(dataset)[0]
    for location in _candidates(dataset):
        if _is_current(location, source):
            return location
    errors = []
    for location in _candidates(dataset):
        try:
            _build(location, source)
            return location
        except OSError as error:
            errors.append(f"{location}: {error.strerror or error}")
    raise InputError(
        f"cannot build the query store ({'; '.join(errors)})", path=dataset, fix="free disk space"
    )


def open_store(dataset: Path) -> pyoxigraph.Store:
    """The dataset's store, read-only."""
    return pyoxigraph.Store.read_only(str(store_location(dataset)))

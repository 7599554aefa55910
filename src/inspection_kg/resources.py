"""Locate the files the package reads at run time: curated data, division table, ontology.

In a wheel they are shipped under ``inspection_kg/_data`` (see pyproject.toml);
in a source checkout (editable install, tests) they are the repository's own
``data/`` and ``ontology/`` folders, so there is one copy of each file.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _root() -> Path:
    shipped = _PACKAGE_DIR / "_data"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parent.parent


def data_file(*parts: str) -> Path:
    """A file under ``data/`` (curated YAML, division table)."""
    return _root().joinpath("data", *parts)


def ontology_file(name: str) -> Path:
    """A file under ``ontology/``."""
    return _root().joinpath("ontology", name)


def queries_dir() -> Path:
    """The named SPARQL queries (``queries/*.rq``) and their expected answers."""
    return _root().joinpath("queries")


def user_cache_dir() -> Path:
    """The package's folder in the user's cache (``$XDG_CACHE_HOME`` or ``~/.cache``): stores
    and indexes made from files, never published."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "inspection-kg"

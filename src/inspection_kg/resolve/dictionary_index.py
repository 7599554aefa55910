"""jieba's dictionary as a read-only SQLite index in the user's cache, so that a build
looks up only the words it meets instead of loading all of them on every start.

Loading jieba's default dictionary takes about 0.9 s per process: 0.7 s to unmarshal its
498,113 words and prefixes (jieba's own cache), 0.2 s to read the 349,046 part-of-speech
tags from dict.txt. A seed build looks up a few thousand of them. The index holds exactly
the tables jieba loaded, copied once from a normally loaded jieba, and stands in for those
tables (``Tokenizer.FREQ``, ``POSTokenizer.word_tag_tab``), so segmentation and tags are
jieba's own, word for word (tests/test_segment.py compares the two on real notices).

The index is ``$XDG_CACHE_HOME/inspection-kg/jieba/<jieba version>-<dict.txt size>.sqlite``
(about 20 MB), written through a temporary file and a rename, so a reader never sees half
of one. Where the cache is not writable, jieba loads its dictionary as it always does.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..resources import user_cache_dir

_log = logging.getLogger(__name__)


class _Column(Mapping[str, Any]):
    """One column of the index as a read-only mapping from a word to its value; a word
    whose value is NULL (a prefix has no tag) is absent. Answers are kept in memory."""

    def __init__(self, connection: sqlite3.Connection, column: str) -> None:
        self._query = f"SELECT {column} FROM word WHERE text = ?"  # column: one of ours, not input
        self._connection = connection
        self._known: dict[str, Any] = {}

    def __getitem__(self, word: str) -> Any:
        try:
            found = self._known[word]
        except KeyError:
            row = self._connection.execute(self._query, (word,)).fetchone()
            found = self._known[word] = None if row is None else row[0]
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        try:
            self[word]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return (text for (text,) in self._connection.execute("SELECT text FROM word ORDER BY text"))

    def __len__(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM word").fetchone()[0])


def _index_path() -> Path:
    import jieba  # type: ignore[import-untyped]

    size = Path(jieba.__file__).with_name("dict.txt").stat().st_size
    return user_cache_dir() / "jieba" / f"{version('jieba')}-{size}.sqlite"


def _open(path: Path) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        connection.execute("SELECT total FROM meta").fetchone()
    except sqlite3.Error:
        return None
    return connection


def _write(path: Path, freq: Mapping[str, int], total: int, tags: Mapping[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(staging)
        # A staging file, renamed into place only once complete: no journal, no syncs.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        with connection:
            connection.execute(
                "CREATE TABLE word (text TEXT PRIMARY KEY, freq INTEGER, tag TEXT) WITHOUT ROWID"
            )
            connection.execute("CREATE TABLE meta (total INTEGER)")
            connection.execute("INSERT INTO meta VALUES (?)", (total,))
            connection.executemany(
                "INSERT INTO word VALUES (?, ?, ?)", ((w, f, tags.get(w)) for w, f in sorted(freq.items()))
            )
        connection.close()
        os.replace(staging, path)
    finally:
        if os.path.exists(staging):
            os.unlink(staging)


def load_tokenizer() -> Any:
    """jieba's part-of-speech tokenizer (``jieba.posseg.dt``) with its dictionary read from
    the index, or loaded by jieba, and the index written, when there is none yet."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" on every build
    path = _index_path()
    connection = _open(path)
    if connection is None:
        import jieba.posseg  # type: ignore[import-untyped]

        jieba.dt.initialize()
        try:
            _write(path, jieba.dt.FREQ, jieba.dt.total, jieba.posseg.dt.word_tag_tab)
        except OSError as error:  # a read-only cache: jieba works as it always did
            _log.info("jieba's dictionary index not written (%s)", error)
        return jieba.posseg.dt
    # jieba.posseg reads every tag of the default dictionary when it is imported; given an
    # empty dictionary file for that moment, it reads none, and gets the index instead.
    default = jieba.dt.dictionary
    jieba.dt.dictionary = os.devnull
    try:
        import jieba.posseg
    finally:
        jieba.dt.dictionary = default
    jieba.dt.FREQ = _Column(connection, "freq")
    jieba.dt.total = connection.execute("SELECT total FROM meta").fetchone()[0]
    jieba.dt.initialized = True
    jieba.posseg.dt.word_tag_tab = _Column(connection, "tag")
    return jieba.posseg.dt

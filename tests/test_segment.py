"""The dictionary index (resolve/dictionary_index.py) stands in for jieba's own loaded
dictionary: the same words and tags, checked on every line of the real notices and of the
real layouts, segmented once by jieba loading its dictionary (no index yet, so the index is
written) and once through the index, each in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES, REAL_NOTICES

# Prints, as JSON, whether jieba's tables were a plain dict (loaded whole) and, for every
# line read from stdin, its words and tags (with and without HMM) and its search words.
SEGMENT = r"""
import json, sys
import jieba
from inspection_kg.resolve.segment import _tokenizer
tokenizer = _tokenizer()
lines = sys.stdin.read().splitlines()
print(json.dumps({
    "loaded whole": [type(jieba.dt.FREQ) is dict, type(tokenizer.word_tag_tab) is dict],
    "tagged": [[(p.word, p.flag) for p in tokenizer.cut(line, HMM=hmm)] for line in lines for hmm in (True, False)],
    "search": [list(jieba.dt.cut_for_search(line, HMM=False)) for line in lines],
}, ensure_ascii=False))
"""


def _real_lines() -> list[str]:
    texts = sorted(REAL_NOTICES.glob("*.txt")) + sorted((FIXTURES / "layouts").glob("*.txt"))
    lines = [line for path in texts for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 200  # two whole notices (130 and 43 items) and six real layouts
    return lines


def _segment(lines: list[str], cache: Path) -> dict[str, list[object]]:
    run = subprocess.run(
        [sys.executable, "-c", SEGMENT],
        input="\n".join(lines),
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        capture_output=True,
        text=True,
        check=True,
    )
    answer: dict[str, list[object]] = json.loads(run.stdout)
    return answer


def test_the_index_segments_as_jieba_does(tmp_path: Path) -> None:
    lines = _real_lines()
    loaded = _segment(lines, tmp_path)
    assert loaded["loaded whole"] == [True, True]
    assert list((tmp_path / "inspection-kg" / "jieba").glob("*.sqlite"))
    indexed = _segment(lines, tmp_path)
    assert indexed["loaded whole"] == [False, False]
    assert indexed["tagged"] == loaded["tagged"]
    assert indexed["search"] == loaded["search"]
    # Not a vacuous comparison: the lines hold many words and the tags vary.
    words = [pair for line in loaded["tagged"] for pair in line]  # type: ignore[attr-defined]
    assert len(words) > 10_000 and len({tag for _, tag in words}) > 20


def test_an_unwritable_cache_leaves_jieba_as_it_was(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    lines = _real_lines()[:20]
    answer = _segment(lines, blocked)
    assert answer["loaded whole"] == [True, True]
    assert len(answer["tagged"]) == 2 * len(lines)


def test_the_index_is_found_under_a_cache_path_with_spaces_and_hashes(tmp_path: Path) -> None:
    cache = tmp_path / "my cache #1 ?"
    lines = _real_lines()[:5]
    assert _segment(lines, cache)["loaded whole"] == [True, True]
    assert _segment(lines, cache)["loaded whole"] == [False, False]

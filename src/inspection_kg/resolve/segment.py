"""Words and their parts of speech, from the jieba segmenter: where a name that no table
or list knows ends, and whether the text after a name begins a predicate.

jieba is loaded on first use, its dictionary looked up in an index word by word
(dictionary_index.py) rather than loaded whole. Its tags are the ICTCLAS set
(https://github.com/fxsjy/jieba, "词性标注")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .dictionary_index import load_tokenizer

# Tags of words that begin a predicate, never a name: verbs, adverbs, adverbial
# adjectives, prepositions, conjunctions and particles. Nouns, place names,
# abbreviations and plain adjectives (新 in 临港新片区) can all be parts of a name.
PREDICATE_TAGS = frozenset(
    {"v", "vd", "vi", "vg", "vq", "d", "dg", "ad", "p", "c", "u", "ul", "uj", "uz", "ud", "ug", "uv"}
)
# Tags of set phrases and compounds (推进改革 l, 大力开展 nt, 打破常规 i): jieba tags the
# phrase, not its head, so such a phrase begins a predicate when a word inside it is a verb.
PHRASE_TAGS = frozenset({"l", "i", "j", "nz", "nt"})
VERB_TAGS = frozenset({"v", "vd", "vi"})
# Punctuation that can stand inside a name: 中国（湖北）自由贸易试验区.
NAME_PUNCTUATION = frozenset("（）()")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    tag: str  # part of speech
    start: int  # code-point offsets into the text that was segmented
    end: int

    @property
    def begins_predicate(self) -> bool:
        """A verb, adverb, preposition …, a set phrase with a verb inside (推进改革), or
        punctuation that no name holds."""
        if self.tag in PREDICATE_TAGS:
            return True
        if self.tag in PHRASE_TAGS and len(self.text) > 2:
            return any(_dictionary_tag(part) in VERB_TAGS for part in _parts(self.text))
        return self.tag == "x" and not self.text.isalnum() and self.text not in NAME_PUNCTUATION


@cache
def _tokenizer() -> Any:
    return load_tokenizer()  # jieba.posseg.dt, its dictionary read from an index


def _dictionary_tag(word: str) -> str | None:
    tag: str | None = _tokenizer().word_tag_tab.get(word)
    return tag


def _parts(phrase: str) -> list[str]:
    """The dictionary words inside a phrase (推进改革 → 推进, 改革)."""
    return [part for part in _tokenizer().tokenizer.cut_for_search(phrase, HMM=False) if part != phrase]


def starts_predicate(text: str) -> bool:
    """Whether ``text`` starts with a dictionary word of two characters or more that begins
    a predicate (推进, 大幅, 依托): a cheap test, before any name is looked for there."""
    first = words(text[:8], hmm=False)
    return bool(first) and len(first[0].text) > 1 and first[0].begins_predicate


@lru_cache(maxsize=65536)
def words(text: str, hmm: bool = True) -> tuple[Word, ...]:
    """The words of ``text`` with their tags and offsets. ``hmm=False`` finds dictionary
    words only (ten times cheaper; unknown names fall apart into characters)."""
    found: list[Word] = []
    start = 0
    for pair in _tokenizer().cut(text, HMM=hmm):
        end = start + len(pair.word)
        found.append(Word(pair.word, pair.flag, start, end))
        start = end
    return tuple(found)

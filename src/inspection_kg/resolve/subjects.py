"""Place a practice on gov.cn's subject classification with the lexicon: which words of its
text point to which subjects, the primary subject they decide, and how sure that is.

The top category is decided first, by the summed weight of its words, then the subcategory
within it: a practice whose words are split between two subcategories of one category
(信用 and 银行, both finance) still lands in that category. Every practice gets a subject:
one with no lexicon word at all gets 其他 (22) with confidence 0, said so."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .subject_scheme import STRONG, LexiconWord, SubjectLexicon, SubjectScheme

NO_WORD = "22"  # gov.cn's top category 其他
# A secondary subject needs words of at least this weight (one strong or three weak words).
SECONDARY_WEIGHT = 3
MAX_SECONDARY = 2


@dataclass(frozen=True, slots=True)
class Found:
    """A lexicon word found in the text, at ``start`` (code points into the text)."""

    word: LexiconWord
    start: int


@dataclass(frozen=True, slots=True)
class SubjectPlacement:
    primary: str  # notation
    secondary: tuple[str, ...]  # notations, heaviest first
    evidence: tuple[Found, ...]  # the words that decided, in text order
    confidence: float  # 0–1, two decimals: the primary category's share of the weight found, less if it has no strong word

    def words_for(self, notation: str) -> tuple[str, ...]:
        """The words found that point to ``notation`` or, for a top category, into it."""
        return tuple(f.word.word for f in self.evidence if notation in (f.word.notation, f.word.notation[:2]))


def find_words(text: str, lexicon: SubjectLexicon) -> tuple[Found, ...]:
    """Lexicon words in ``text`` (its reading form), longer words first: a character counted
    for 不动产登记 is not counted again for 登记."""
    taken = [False] * len(text)
    found = []
    for word in lexicon.words:
        start = text.find(word.word)
        while start != -1:
            end = start + len(word.word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append(Found(word, start))
            start = text.find(word.word, end)
    return tuple(sorted(found, key=lambda f: (f.start, f.word.word)))


def place(text: str, lexicon: SubjectLexicon, scheme: SubjectScheme) -> SubjectPlacement:
    """The subjects of a practice whose text (reading form, actor removed) is ``text``."""
    found = find_words(text, lexicon)
    if not found:
        return SubjectPlacement(NO_WORD, (), (), 0.0)
    by_subject: dict[str, int] = defaultdict(int)
    by_top: dict[str, int] = defaultdict(int)
    first_at: dict[str, int] = {}
    for f in found:
        by_subject[f.word.notation] += f.word.weight
        by_top[f.word.notation[:2]] += f.word.weight
        first_at.setdefault(f.word.notation, f.start)
        first_at.setdefault(f.word.notation[:2], f.start)

    def rank(notation: str, weights: dict[str, int]) -> tuple[int, int, str]:
        # heaviest; on a tie the subject named first (the practice's own field tends to come
        # before the purpose it serves: 以…提升…, …助力…); then the notation, for stable output
        return (-weights[notation], first_at[notation], notation)

    top = min(by_top, key=lambda n: rank(n, by_top))
    subs = [n for n in by_subject if "." in n and n[:2] == top]
    primary = min(subs, key=lambda n: rank(n, by_subject)) if subs else scheme.other_of(top)
    others = sorted(
        (n for n in by_subject if n != primary and n != top and by_subject[n] >= SECONDARY_WEIGHT),
        key=lambda n: rank(n, by_subject),
    )
    share = by_top[top] / sum(by_top.values())
    strength = min(1.0, by_top[top] / STRONG)
    return SubjectPlacement(primary, tuple(others[:MAX_SECONDARY]), found, round(share * strength, 2))

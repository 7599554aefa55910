"""Named initiatives: the terms a notice quotes (“放管服”, “接诉即办”, “零跑腿、零接触、零付费”).

One term is one initiative, however many notices quote it, so its IRI is built from the
term itself: the term is normalised (README, "Named initiatives"), then spelled in Hanyu
Pinyin with tone numbers, syllables joined by '-' (放管服 → fang4-guan3-fu2). Tone numbers
keep homophones apart; the romanisation library is pinned, because a changed reading
would change an IRI.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import ConfigError

# Full-width ASCII variants (Ａ-Ｚ, ０-９, …) → ASCII, so “１２３４” and “1234” are one term.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def normalise_term(text: str) -> str:
    """The initiative a quoted span names: NFC, full-width ASCII folded, no spaces.
    Chinese punctuation inside the quote (、 ‘’) is part of the name and kept."""
    text = unicodedata.normalize("NFC", text).translate(_FULL_WIDTH)
    return "".join(text.split())


def term_slug(term: str) -> str:
    """ASCII key of a normalised term: pinyin with tone numbers for each run of Han
    characters (read as a phrase, so 银行 is yin2-hang2), lower-case ASCII letters and
    digits as they are, anything else a separator."""
    from pypinyin import Style, lazy_pinyin  # loads its dictionaries: only when needed

    tokens: list[str] = []
    for han, ascii_run, _other in re.findall(rf"({_HAN.pattern}+)|([A-Za-z0-9]+)|(.)", term):
        if han:
            tokens.extend(lazy_pinyin(han, style=Style.TONE3, neutral_tone_with_five=True))
        elif ascii_run:
            tokens.append(ascii_run.lower())
        else:
            tokens.append("")  # a separator: 、 ‘ ’ - …
    slug = re.sub(r"-{2,}", "--", "-".join(tokens)).strip("-")
    if not slug or not re.fullmatch(r"[a-z0-9-]+", slug):
        raise ConfigError(f"the quoted term “{term}” gives no ASCII key ({slug!r})", fix="report the term")
    return slug


def term_slugs(terms: set[str]) -> dict[str, str]:
    """Slugs of all terms of one build; two terms with one slug stop the build."""
    slugs: dict[str, str] = {}
    for term in sorted(terms):
        slug = term_slug(term)
        clash = next((other for other, s in slugs.items() if s == slug), None)
        if clash is not None:
            raise ConfigError(
                f"the quoted terms “{clash}” and “{term}” would share the initiative key {slug!r}",
                fix="report the two terms; their keys need telling apart",
            )
        slugs[term] = slug
    return slugs

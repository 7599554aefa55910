"""English labels of divisions and of their governments (data/curated/english-names.yaml,
provinces.yaml, ethnic-groups.yaml): curated for province-level units, made by a stated
rule for the rest. Unknown stays unknown: a name the rule cannot read gets no label."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .curated import load_english_naming

_VOWEL_START = re.compile(r"^[aoeāáǎàōóǒòēéěè]")


@dataclass(frozen=True, slots=True)
class EnglishName:
    label: str  # e.g. "Huangnan Tibetan Autonomous Prefecture"
    short: str | None  # curated short form of a province, e.g. "Henan"


@cache
def _readings_by_start() -> dict[str, tuple[str, ...]]:
    """The words of curated readings under their first character, longest first."""
    index: dict[str, list[str]] = {}
    for word in sorted(load_english_naming().readings, key=len, reverse=True):
        index.setdefault(word[:1], []).append(word)
    return {first: tuple(words) for first, words in index.items()}


@cache
def _romanise(word: str) -> str:
    """Pinyin syllables run together, first letter capitalised, apostrophe before a
    syllable that starts with a vowel (Xi'an)."""
    from pypinyin import Style, lazy_pinyin  # loads its dictionaries: only when needed

    readings = load_english_naming().readings
    by_start = _readings_by_start()
    syllables: list[str] = []
    pos = 0
    while pos < len(word):
        known = next((w for w in by_start.get(word[pos], ()) if word.startswith(w, pos)), None)
        if known is not None:
            syllables.extend(readings[known])
            pos += len(known)
            continue
        end = pos
        while end < len(word) and not any(word.startswith(w, end) for w in by_start.get(word[end], ())):
            end += 1
        syllables.extend(lazy_pinyin(word[pos:end], style=Style.NORMAL, v_to_u=True))
        pos = end
    text = "".join(s if i == 0 or not _VOWEL_START.match(s) else f"'{s}" for i, s in enumerate(syllables))
    return text[:1].upper() + text[1:]


@cache
def division_english(code: str, name: str) -> EnglishName | None:
    """The English label of the division ``code`` named ``name``."""
    naming = load_english_naming()
    province = naming.provinces.get(code)
    if province is not None:
        return EnglishName(province[1], province[0])
    # The longest level word that leaves a name (新区 in 唐山 is the district 新 + 区).
    level = next(
        (
            w
            for w in sorted(naming.level_words, key=len, reverse=True)
            if name.endswith(w) and len(name) > len(w)
        ),
        None,
    )
    base = name[: -len(level)] if level else name
    peoples: list[str] = []
    if level is not None and level.startswith("自治"):
        spellings = naming.people_by_spelling  # longest first
        while group := next((g for g in spellings if base.endswith(g)), None):
            peoples.insert(0, spellings[group])
            base = base[: -len(group)]
        if not peoples:
            return None  # an autonomous area whose people we cannot name: no guess
    if not all("\u4e00" <= char <= "\u9fff" for char in base) or not (base or peoples):
        return None
    # A conventional spelling (place-name-spellings.yaml) wins, the longest that fits:
    # 科尔沁右翼前 (旗) is "Horqin Right Wing Front", 土默特左 (旗) "Tumd Left".
    splits = (
        [(level, base)]
        if peoples
        else [
            (word, name[: -len(word)]) for word in sorted(naming.level_words, key=len) if name.endswith(word)
        ]
    )
    spelled = next(
        (
            (word, naming.spellings[stem][0])
            for word, stem in splits
            if stem in naming.spellings
            and (not naming.spellings[stem][1] or name in naming.spellings[stem][1])
        ),
        None,
    )
    if spelled is not None:
        level, parts = spelled[0], [spelled[1]]
    else:
        parts = [_romanise(base)] if base else []  # 鄂伦春自治旗: Oroqen Autonomous Banner
    if peoples:
        parts.append(peoples[0] if len(peoples) == 1 else ", ".join(peoples[:-1]) + " and " + peoples[-1])
    if level is not None:
        parts.append(naming.level_words[level])
    return EnglishName(" ".join(parts), None)


@cache
def government_english(code: str, name: str) -> str | None:
    """ "People's Government of Henan Province"; None when the place has no English label."""
    place = division_english(code, name)
    if place is None:
        return None
    naming = load_english_naming()
    pattern = next(
        (p for suffix, p in naming.government_by_suffix.items() if name.endswith(suffix)),
        naming.government_default,
    )
    return pattern.format(place=place.label)

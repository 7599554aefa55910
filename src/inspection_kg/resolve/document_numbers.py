"""A 发文字号's prefix read by its grammar, and the key a notice's IRI is built from.

    prefix = abbreviation organ [kind]      国办发, 津政办函, 鲁政办字, 川办函, 穗府办, 赣府厅字
    abbreviation = 国 for the State Council and its General Office; a province's 简称
                   (data/curated/province-abbreviations.yaml, with sources); or the first
                   character of the issuer's region (濮阳市 → 濮)
    organ = 政办 | 府办 | 府厅 | 政 | 府 | 办 | 厅       kind = 发 | 函 | 字 | 明电 | 电 | 规 | 秘

The key of a numbered notice is the prefix in Hanyu Pinyin (国办发 → guobanfa; a curated
slug wins where one is listed), the year and the number: guobanfa-2020-46. A notice that
prints no 发文字号 (a portal's copy) is keyed by its issuer, date and title:
120000-government-general-office-2022-0705-<the title's pinyin initials>. A prefix that does
not fit the grammar, or whose abbreviation is not the issuer's, is kept as printed with a
warning: nothing needs adding for an unseen family.
"""

from __future__ import annotations

import re

from ..read.records import DocumentNumberRecord, NoticeKey, NoticeRecord
from .curated import CuratedData, load_province_abbreviations

_GRAMMAR = re.compile(
    r"^(?P<abbreviation>.)(?P<organ>政办|府办|府厅|政|府|办|厅)(?P<kind>发|函|字|明电|电|规|秘)?$"
)
_CENTRAL = "国"
_HAN = re.compile(r"[\u3400-\u9fff]")


def pinyin(text: str) -> str:
    """Hanyu Pinyin without tones, syllables joined (津政办函 → jinzhengbanhan)."""
    from pypinyin import lazy_pinyin  # loads its dictionaries: only when needed

    return "".join(lazy_pinyin(text)).lower()


def prefix_problem(prefix: str, region_name: str | None, province_code: str | None) -> str | None:
    """Why ``prefix`` does not fit the grammar for this issuer, or None when it does."""
    match = _GRAMMAR.match(prefix)
    if match is None:
        return f"{prefix!r} does not read as abbreviation + organ (政办, 府办, 办 …) + kind (发, 函, 字 …)"
    abbreviation = match["abbreviation"]
    if region_name is None:
        return (
            None
            if abbreviation == _CENTRAL
            else f"{abbreviation!r} is not 国, the central organs' abbreviation"
        )
    known = load_province_abbreviations().get(province_code or "", ())
    if abbreviation in known or abbreviation == region_name[0]:
        return None
    shown = "、".join(known) if known else "none on file"
    return (
        f"its abbreviation {abbreviation!r} is neither the province's ({shown}) nor the first character of "
        f"{region_name}"
    )


def numbered_key(number: DocumentNumberRecord, prefix: str, curated: CuratedData) -> NoticeKey:
    listed = curated.prefixes.get(prefix)
    slug = listed.slug if listed is not None else pinyin(prefix)
    return NoticeKey(slug, number.year, str(number.number), number.number)


def initials(text: str) -> str:
    """The pinyin initials of the Han characters of ``text``, its ASCII letters and digits as
    they are (2021年全省综合督查 → 2021nqszhdc): a short key that stays readable."""
    from pypinyin import Style, lazy_pinyin

    return "".join(
        lazy_pinyin(char, style=Style.FIRST_LETTER)[0] if _HAN.match(char) else char
        for char in text
        if _HAN.match(char) or char.isascii() and char.isalnum()
    ).lower()


def unnumbered_key(notice: NoticeRecord, issuer_key: str, title: str) -> NoticeKey:
    """Issuer, date and the pinyin initials of the title's Han characters and digits
    (the title names what the notice is about; the date and issuer alone may repeat)."""
    core = re.sub(r"^.*?关于", "", title).removesuffix("的通报")
    return NoticeKey(issuer_key, notice.date.year, f"{notice.date:%m%d}-{initials(core)}", None)


def campaign_key(notice: NoticeRecord) -> str:
    """The campaign's key under its organiser: its number (7), or, for one that is not
    numbered, the notice's year and the initials of its name (2021-qsjjshfzzhdc)."""
    campaign = notice.campaign
    assert campaign is not None
    if campaign.number is not None:
        return str(campaign.number)
    return f"{notice.date.year}-{initials(campaign.name)}"

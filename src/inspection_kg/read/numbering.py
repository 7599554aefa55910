"""How items are numbered: 1． 1. 1、 （1） 一、 （一）, matched on a line's reading form
(full-width digits, stops and brackets folded to half-width, so 1．and 1. read alike)."""

from __future__ import annotations

import re
from dataclasses import dataclass

CHINESE_NUMERAL = "〇零一二三四五六七八九十百两"


@dataclass(frozen=True, slots=True)
class Numbering:
    """One style of numbering, e.g. Arabic digits followed by a stop."""

    name: str
    example: str
    pattern: re.Pattern[str]  # groups: n (the number), rest (what follows)


ARABIC_STOP = Numbering("arabic-stop", "1．", re.compile(r"^(?P<n>[0-9]+)\s*[.、](?!\d)\s*(?P<rest>.*)$"))
ARABIC_BRACKETED = Numbering("arabic-bracketed", "（1）", re.compile(r"^\((?P<n>[0-9]+)\)\s*(?P<rest>.*)$"))
CHINESE_COMMA = Numbering(
    "chinese-comma", "一、", re.compile(rf"^(?P<n>[{CHINESE_NUMERAL}]+)、\s*(?P<rest>.*)$")
)
CHINESE_BRACKETED = Numbering(
    "chinese-bracketed", "（一）", re.compile(rf"^\((?P<n>[{CHINESE_NUMERAL}]+)\)\s*(?P<rest>.*)$")
)
# In the order a layout prefers them: an attachment numbered 1． may carry 一、 headings.
STYLES = (ARABIC_STOP, ARABIC_BRACKETED, CHINESE_COMMA, CHINESE_BRACKETED)


def numbered(reading: str, styles: tuple[Numbering, ...] = STYLES) -> tuple[Numbering, re.Match[str]] | None:
    """The first style that numbers this line, with its match."""
    for style in styles:
        match = style.pattern.match(reading)
        if match:
            return style, match
    return None

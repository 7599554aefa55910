"""Names as printed → names as the tables write them, one character for one character.

Reposts of a notice carry traditional characters (濮陽市), compatibility ideographs and
full-width or half-width forms. The reading form of a text replaces each such character
with the one the division tables use, and keeps every offset: character i of the reading
form stands for character i of the printed text, so a span read in one is the same span
in the other, and the data keeps the characters as printed (the annotations quote them).

Traditional → simplified is OpenCC's (the maintained converter of the field, its t2s
tables); compatibility and width forms are Unicode's NFKC, taken only where it maps one
character to one. A look-alike that neither knows (巿 U+5DFF for 市) is not guessed at:
the name stays unknown and the reader refuses it where it stands.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True, slots=True)
class Substitution:
    """One character of the printed text read as another."""

    offset: int  # into the text that was converted
    printed: str
    read: str

    def describe(self) -> str:
        return f"{self.printed} (U+{ord(self.printed):04X}) as {self.read}"


@cache
def _converter() -> Any:
    import opencc  # loaded on first use: most notices are printed in simplified script

    return opencc.OpenCC("t2s")


def _nfkc_character(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def reading_form(text: str) -> str:
    """``text`` with traditional, compatibility and width forms read as the tables write
    them; same length as ``text``."""
    folded = "".join(_nfkc_character(c) if not c.isascii() else c for c in text)
    if folded.isascii():
        return folded
    converted: str = _converter().convert(folded)
    if len(converted) != len(folded):  # a phrase rule changed the length: convert by character
        converted = "".join(single if len(single := _converter().convert(c)) == 1 else c for c in folded)
    return converted


def substitutions(printed: str, reading: str) -> list[Substitution]:
    """The characters of ``printed`` that its reading form reads as others."""
    return [
        Substitution(i, shown, read)
        for i, (shown, read) in enumerate(zip(printed, reading, strict=True))
        if shown != read
    ]

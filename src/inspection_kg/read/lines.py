"""A notice's non-blank lines, each with its printed text and its reading form.

Layout patterns match the reading form (characters.py: full-width folded to half-width,
traditional read as simplified, so 國辦發〔2020〕46號 and ，： or ,: read alike); every
span quotes the printed text. Both have the same length, so an offset found in one is
an offset in the other."""

from __future__ import annotations

import re
from typing import NamedTuple

from .records import Span

# Blanks around a line: spaces, U+3000, U+00A0 (right-alignment padding on web pages) and
# zero-width characters.
BLANKS = " \t\u3000\u00a0\u200b\u2060\ufeff"
_QUOTE = re.compile("[“”]")


class Line(NamedTuple):  # a NamedTuple: made for every line, several times cheaper than a dataclass
    number: int  # 1-based
    start: int  # offset of the first non-blank character
    text: str  # the line without surrounding blanks, as printed
    reading: str  # its reading form, same length

    def span(self, begin: int = 0, end: int | None = None) -> Span:
        stop = len(self.text) if end is None else end
        return Span(self.number, self.start + begin, self.start + stop, self.text[begin:stop])


def lines_of(text: str, reading: str) -> list[Line]:
    """Non-blank lines with their positions."""
    result: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip(BLANKS)
        if stripped:
            begin = offset + raw.index(stripped)
            end = begin + len(stripped)
            result.append(Line(number, begin, stripped, reading[begin:end]))
        offset += len(raw) + 1
    return result


def quoted_terms(span: Span) -> tuple[Span, ...]:
    """Spans inside the outermost “…” pairs of ``span``; inner ‘…’ or “…” stay inside."""
    terms: list[Span] = []
    depth, opened = 0, 0
    for quote in _QUOTE.finditer(span.text):  # only the quotation marks, not every character
        i, char = quote.start(), quote.group()
        if char == "“":
            if depth == 0:
                opened = i + 1
            depth += 1
        elif char == "”" and depth:
            depth -= 1
            if depth == 0 and i > opened:
                terms.append(Span(span.line, span.start + opened, span.start + i, span.text[opened:i]))
    return tuple(terms)

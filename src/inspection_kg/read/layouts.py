"""Where a notice lists its practices: the two layouts of the genre.

- attachment: after the signature and date, a line 附件, the attachment's title (one or
  more lines, perhaps （共N项）), and the numbered items, perhaps under 一、 headings
  (the State Council's notices: 国办发〔2020〕46号, 国办发〔2018〕108号);
- body: the items numbered in the body, between the opening paragraphs and the closing
  ones, before the signature (天津市人民政府办公厅's notice of 2022: 一、滨海新区大力培育…).

Each reader takes the lines of its part and gives the items, or says what it found
where it expected them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from .items import read_items
from .lines import Line
from .numbering import (
    ARABIC_BRACKETED,
    ARABIC_STOP,
    CHINESE_BRACKETED,
    CHINESE_COMMA,
    STYLES,
    Numbering,
    numbered,
)
from .numerals import parse_number
from .records import DeclaredCountRecord, ItemRecord, SourceRecord, Span

ATTACHMENT_HEAD = re.compile(r"^附\s*件\s*[0-9]*[:]?$")
_COUNT_LINE = re.compile(r"^\(共(?P<n>[0-9〇零一二三四五六七八九十百两]+)项\)$")


@dataclass(frozen=True, slots=True)
class ItemsRead:
    layout: str  # "attachment" or "body"
    items: tuple[ItemRecord, ...]
    title: Span | None  # the attachment's title
    declared: tuple[DeclaredCountRecord, ...]  # （共N项） lines of the attachment
    opening: list[Line]  # body lines before the items (all of the body, for an attachment)
    closing: list[Line]  # body lines after the items


def _item_style(lines: list[Line]) -> Numbering | None:
    """The style of the first line numbered 1 (Arabic numbering wins: 一、 lines above
    Arabic items are headings)."""
    for style in STYLES:
        for line in lines:
            match = style.pattern.match(line.reading)
            if match and parse_number(match["n"]) == 1 and match["rest"]:
                return style
    return None


def _headings(style: Numbering) -> tuple[Numbering, ...]:
    return (CHINESE_COMMA, CHINESE_BRACKETED) if style in (ARABIC_STOP, ARABIC_BRACKETED) else ()


def read_attachment(
    lines: list[Line], body: list[Line], source: SourceRecord, problems: list[InputError]
) -> ItemsRead:
    """``lines`` from the line 附件 on."""
    style = _item_style(lines[1:])
    cursor = 1
    title_parts: list[Line] = []
    declared: list[DeclaredCountRecord] = []
    headings = _headings(style) if style else ()
    while cursor < len(lines):
        line = lines[cursor]
        if style is not None and style.pattern.match(line.reading):
            break
        count = _COUNT_LINE.match(line.reading)
        if count:
            value = parse_number(count["n"])
            if value is None:
                raise InputError(f"cannot read count {line.text!r}", path=source.path, line=line.number)
            declared.append(DeclaredCountRecord(line.span(), value))
        elif title_parts and numbered(line.reading, headings):
            break
        else:
            title_parts.append(line)
        cursor += 1
    if not title_parts:
        raise InputError(
            "the attachment has no title",
            path=source.path,
            line=lines[cursor - 1].number,
            fix="add the attachment title under '附件'",
        )
    if style is None:
        raise InputError(
            "the attachment lists no numbered items",
            path=source.path,
            line=lines[-1].number,
            fix="add the numbered practices, one per line, numbered 1．, 1、, （1）, 一、 or （一）",
        )
    first, last = title_parts[0], title_parts[-1]
    title = Span(
        first.number,
        first.start,
        last.start + len(last.text),
        source.text[first.start : last.start + len(last.text)],
    )
    items = read_items(lines[cursor:], style, headings, source, problems)
    return ItemsRead("attachment", items, title, tuple(declared), body, [])


def find_body_items(body: list[Line]) -> tuple[int, Numbering] | None:
    """Where numbered items start in the body: the first line numbered 1 whose text goes
    on after the number and does not end in a colon (一、…：would head a list)."""
    for index, line in enumerate(body):
        found = numbered(line.reading)
        if found is None:
            continue
        style, match = found
        if parse_number(match["n"]) == 1 and match["rest"] and not line.reading.endswith(":"):
            return index, style
    return None


def read_body(
    body: list[Line], start: int, style: Numbering, source: SourceRecord, problems: list[InputError]
) -> ItemsRead:
    """The items of ``body`` from ``start``: the run of lines numbered in ``style``; the
    body's lines after the run are its closing paragraphs. A line inside the run that is
    not numbered, with numbered lines after it, is a problem (reported by read_items)."""
    end = start
    while end < len(body) and style.pattern.match(body[end].reading):
        end += 1
    later = [index for index in range(end, len(body)) if style.pattern.match(body[index].reading)]
    if later:  # unnumbered lines between items: read_items reports each where it stands
        end = later[-1] + 1
    run = body[start:end]
    items = read_items(run, style, (), source, problems)
    return ItemsRead("body", items, None, (), body[:start], body[end:])

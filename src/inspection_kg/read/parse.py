"""Notice text → NoticeRecord. Knows the layout of the genre, nothing of the ontology.

The layout (GB/T 9704 公文格式): title (one or more lines), 发文字号 (a portal's copy of a
provincial notice often has none), addressees ending in "：", body paragraphs, perhaps
"附件：<title>", signature, date, perhaps "（此件公开发布）"; the practices numbered either
in an attachment after the date or in the body (layouts.py). Patterns match each line's
reading form (lines.py), so full-width and half-width punctuation, and traditional
characters, read alike; spans quote the text as printed.
"""

from __future__ import annotations

import datetime
import re

from ..errors import InputError, InputErrors
from .layouts import ATTACHMENT_HEAD, ItemsRead, find_body_items, read_attachment, read_body
from .lines import Line, lines_of, quoted_terms
from .numerals import parse_number
from .records import (
    CampaignRecord,
    CitationRecord,
    DeclaredCountRecord,
    DocumentNumberRecord,
    NoticeRecord,
    ParagraphRecord,
    SourceRecord,
    Span,
)

_NUM = r"[0-9]+|[〇○零一二三四五六七八九十百两]+"
_DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{1,12}?)[〔\[(](?P<year>[0-9]{4})[〕\])](?P<number>[0-9]+)号$"
)
_DOC_NUMBER_ATTEMPT = re.compile(r"[〔\[(].*[〕\])].*号|发.{0,3}[〔\[(]")
_DATE = re.compile(rf"^(?P<y>[0-9]{{4}}|[〇○零一二三四五六七八九]{{4}})年(?P<m>{_NUM})月(?P<d>{_NUM})日$")
_PUBLICITY = re.compile(r"^\(此件.*\)$")
_ATTACHMENT_REF = re.compile(r"^附\s*件\s*[0-9]*:\s*(?P<title>.+)$")
_COUNT_IN_TEXT = re.compile(rf"(?:等|共|这)(?P<n>{_NUM})项")
_APPROVAL = re.compile(r"经[\u4e00-\u9fff]{2,12}?同意")
# A cited document: its title as GB/T 9704 writes one (…关于…), perhaps its 发文字号 after it.
_CITATION = re.compile(
    r"《(?P<title>[^《》]*关于[^《》]+)》(?:\((?P<number>[^()]{1,12}?[〔\[][0-9]{4}[〕\]][0-9]+号)\))?"
)
_CAMPAIGN = re.compile(rf"第(?P<n>{_NUM})次大督查")
# A title's own words for the inspection its practices were found by: 关于对<inspection>发现的…
_INSPECTION_IN_TITLE = re.compile(r"关于对(?P<name>[^关对]{2,40}?督查)发现")
# How far down the 发文字号 or the addressee line may stand (a title of up to ~10 lines).
_HEADER_LINES = 12


def _number(text: str, line: Line, source: SourceRecord, what: str) -> int:
    value = parse_number(text)
    if value is None:
        raise InputError(f"cannot read {what} {text!r}", path=source.path, line=line.number)
    return value


def _find_document_number(lines: list[Line], source: SourceRecord) -> int | None:
    """Index of the 发文字号 line, None when the notice prints none; a line that tries to
    be one and is malformed is an error."""
    for index, line in enumerate(lines[:_HEADER_LINES]):
        if _DOC_NUMBER.match(line.reading):
            return index
    for line in lines[:_HEADER_LINES]:
        if _DOC_NUMBER_ATTEMPT.search(line.reading) and len(line.text) < 30:
            raise InputError(
                f"malformed 发文字号 {line.text!r}",
                path=source.path,
                line=line.number,
                fix="write it as organ prefix, year in 〔〕 and number, e.g. 国办发〔2020〕46号",
            )
    return None


def _find_addressees(lines: list[Line], after: int) -> int | None:
    """Index of the addressee line (各区人民政府，市政府各委、办、局：) right after ``after``."""
    for index in range(after + 1, min(len(lines), after + 1 + _HEADER_LINES)):
        if lines[index].reading.endswith(":"):
            return index
        if lines[index].reading.endswith("。") or _DATE.match(lines[index].reading):
            return None  # a paragraph or the date: no addressees
    return None


def _parse_date(line: Line, source: SourceRecord) -> datetime.date:
    match = _DATE.match(line.reading)
    assert match is not None
    year = _number(match["y"].replace("○", "〇"), line, source, "year")
    month = _number(match["m"], line, source, "month")
    day = _number(match["d"], line, source, "day")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise InputError(
            f"impossible date {line.text!r}",
            path=source.path,
            line=line.number,
            fix="correct the date line under the signature",
        ) from None


def _header(lines: list[Line], source: SourceRecord) -> tuple[int, int | None, int | None]:
    """(index of the first line after the title, of the 发文字号 or None, of the addressees
    or None). Without a 发文字号 the title ends above the addressee line."""
    path = source.path
    number_index = _find_document_number(lines, source)
    if number_index == 0:
        raise InputError(
            "no title above the 发文字号", path=path, line=lines[0].number, fix="add the title lines"
        )
    if number_index is not None:
        return number_index, number_index, _find_addressees(lines, number_index)
    addressees = _find_addressees(lines, -1)
    if addressees is None or addressees == 0:
        raise InputError(
            "no 发文字号 (document number) and no addressee line (ending in '：') below the title, "
            "so the title's end cannot be told",
            path=path,
            line=lines[0].number,
            fix="add the document number under the title (e.g. 国办发〔2020〕46号), or the addressee line",
        )
    return addressees, None, addressees


def parse_notice(source: SourceRecord, problems: list[InputError] | None = None) -> NoticeRecord:
    """Parse one decoded notice; raise InputError naming the line on any layout problem.
    With ``problems``, an item that cannot be read is added there and left out (so that
    every problem of the notice is found in one run) instead of being raised."""
    lines = lines_of(source.text, source.reading)
    path = source.path
    if not lines:
        raise InputError("file holds only blanks", path=path, fix="pass the text of a notice")

    title_end, number_index, addressee_index = _header(lines, source)
    title_lines = tuple(line.span() for line in lines[:title_end])
    title = "".join(span.text for span in title_lines)
    document_number = None
    if number_index is not None:
        number_line = lines[number_index]
        number_match = _DOC_NUMBER.match(number_line.reading)
        assert number_match is not None
        document_number = DocumentNumberRecord(
            span=number_line.span(),
            prefix=number_match["prefix"],
            year=_number(number_match["year"], number_line, source, "year"),
            number=_number(number_match["number"], number_line, source, "number"),
        )
    header_end = max(i for i in (title_end - 1, number_index, addressee_index) if i is not None)

    date_index = next((i for i in range(header_end + 1, len(lines)) if _DATE.match(lines[i].reading)), None)
    if date_index is None:
        raise InputError(
            "no date line (e.g. 2020年11月19日) under the signature",
            path=path,
            line=lines[header_end].number,
            fix="add the date line after the signature",
        )
    date_line = lines[date_index]
    date = _parse_date(date_line, source)
    signature_line = lines[date_index - 1]
    if date_index - 1 <= header_end or len(signature_line.text) > 40 or signature_line.reading.endswith("。"):
        raise InputError(
            "no signature (issuing organ) above the date line",
            path=path,
            line=date_line.number,
            fix="add the issuing organ's name on the line above the date",
        )

    body_lines: list[Line] = []
    attachment_reference = None
    for line in lines[header_end + 1 : date_index - 1]:
        if _ATTACHMENT_REF.match(line.reading):
            attachment_reference = line.span()
        else:
            body_lines.append(line)

    cursor = date_index + 1
    publicity = None
    if cursor < len(lines) and _PUBLICITY.match(lines[cursor].reading):
        publicity = lines[cursor].span()
        cursor += 1
    item_problems: list[InputError] = []
    read = _read_items(lines, cursor, body_lines, source, item_problems)
    if item_problems:
        if problems is None:
            raise item_problems[0] if len(item_problems) == 1 else InputErrors(item_problems)
        problems.extend(item_problems)
    body = [
        ParagraphRecord(line.span(), quoted_terms(line.span())) for line in [*read.opening, *read.closing]
    ]
    body.sort(key=lambda paragraph: paragraph.span.start)

    declared = list(read.declared)
    for paragraph in body:
        for match in _COUNT_IN_TEXT.finditer(source.reading, paragraph.span.start, paragraph.span.end):
            declared.append(_count_at(paragraph.span, match, source))
    if attachment_reference is not None:
        span = attachment_reference
        for match in _COUNT_IN_TEXT.finditer(source.reading, span.start, span.end):
            declared.append(_count_at(span, match, source))
    for declared_count in sorted(declared, key=lambda c: c.span.start):
        if declared_count.value != len(read.items) and not item_problems:
            raise InputError(
                f"the notice declares {declared_count.value} practices ({declared_count.span.text!r}) "
                f"but {'the attachment' if read.layout == 'attachment' else 'the body'} lists "
                f"{len(read.items)} items",
                path=path,
                line=declared_count.span.line,
                fix="make the declared count and the numbered items agree",
            )

    return NoticeRecord(
        source=source,
        title=title,
        title_lines=title_lines,
        document_number=document_number,
        campaign=_campaign(title_lines, source),
        addressees=lines[addressee_index].span() if addressee_index is not None else None,
        body=tuple(body),
        approval=_first_match(_APPROVAL, body, source),
        attachment_reference=attachment_reference,
        signature=signature_line.span(),
        date=date,
        date_span=date_line.span(),
        publicity=publicity,
        attachment_title=read.title,
        declared_counts=tuple(sorted(declared, key=lambda c: c.span.start)),
        items=read.items,
        layout=read.layout,
        citations=tuple(_citations(body, source)),
    )


def _citations(body: list[ParagraphRecord], source: SourceRecord) -> list[CitationRecord]:
    found = []
    for paragraph in body:
        span = paragraph.span
        for match in _CITATION.finditer(source.reading, span.start, span.end):
            number = None
            if match["number"]:
                start, end = match.span("number")
                parts = _DOC_NUMBER.match(match["number"])
                if parts is not None:
                    number = DocumentNumberRecord(
                        Span(span.line, start, end, source.text[start:end]),
                        parts["prefix"],
                        int(parts["year"]),
                        int(parts["number"]),
                    )
            start, end = match.span()
            found.append(
                CitationRecord(Span(span.line, start, end, source.text[start:end]), match["title"], number)
            )
    return found


def _read_items(
    lines: list[Line], cursor: int, body: list[Line], source: SourceRecord, problems: list[InputError]
) -> ItemsRead:
    """The items of whichever layout the notice has: an attachment after the date, else
    numbered items in the body; neither is an error that says what was found."""
    if cursor < len(lines) and ATTACHMENT_HEAD.match(lines[cursor].reading):
        return read_attachment(lines[cursor:], body, source, problems)
    found = find_body_items(body)
    if found is not None:
        if cursor < len(lines):
            raise InputError(
                f"after the date, expected '附件' and the attachment or nothing, found {lines[cursor].text[:30]!r}",
                path=source.path,
                line=lines[cursor].number,
                fix="remove what follows the notice, or mark the attachment with a line '附件'",
            )
        return read_body(body, *found, source, problems)
    where = lines[cursor] if cursor < len(lines) else lines[-1]
    raise InputError(
        "no practices found: expected an attachment (a line '附件' after the date, then the "
        "numbered practices) or practices numbered in the body (一、 1． （一） …, the first "
        f"numbered 1), found {where.text[:30]!r}",
        path=source.path,
        line=where.number,
        fix="check that the items are numbered from 1, one per line",
    )


def _count_at(span: Span, match: re.Match[str], source: SourceRecord) -> DeclaredCountRecord:
    """A count found in the reading form (``match`` offsets are into the whole text)."""
    value = parse_number(match["n"].replace("○", "〇"))
    if value is None:
        raise InputError(f"cannot read count {match[0]!r}", path=source.path, line=span.line)
    start, end = match.span()
    return DeclaredCountRecord(Span(span.line, start, end, source.text[start:end]), value)


def _first_match(pattern: re.Pattern[str], body: list[ParagraphRecord], source: SourceRecord) -> Span | None:
    for paragraph in body:
        match = pattern.search(source.reading, paragraph.span.start, paragraph.span.end)
        if match:
            start, end = match.span()
            return Span(paragraph.span.line, start, end, source.text[start:end])
    return None


def _campaign(title_lines: tuple[Span, ...], source: SourceRecord) -> CampaignRecord | None:
    """The inspection the title names: 第N次大督查 with its organiser before it (it may
    straddle a line break), else the words between 关于对 and 发现 that end in 督查
    (全省经济社会发展综合督查: the issuer's own, not numbered)."""
    title = "".join(source.reading[span.start : span.end] for span in title_lines)
    offsets = [span.start + i for span in title_lines for i in range(len(span.text))]

    def span_of(begin: int, end: int) -> Span:
        start, stop = offsets[begin], offsets[end - 1] + 1
        line = next(span.line for span in title_lines if span.start <= start < span.end)
        return Span(line, start, stop, source.text[start:stop])

    match = _CAMPAIGN.search(title)
    if match is not None:
        number = parse_number(match["n"])
        if number is None:
            raise InputError(
                f"cannot read the inspection number in {match[0]!r}",
                path=source.path,
                line=title_lines[0].line,
            )
        # 国务院办公厅关于对国务院第七次… : the organiser follows the last 关于/对.
        organiser = re.split(r"关于对|关于|对", title[: match.start()])[-1]
        begin = match.start() - len(organiser)
        return CampaignRecord(span_of(begin, match.end()), organiser, number, match[0])
    named = _INSPECTION_IN_TITLE.search(title)
    if named is None:
        return None
    return CampaignRecord(span_of(*named.span("name")), "", None, named["name"])

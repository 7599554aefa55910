"""Notice text → NoticeRecord. Knows the layout of the genre, nothing of the ontology.

The layout (GB/T 9704 公文格式, as the State Council publishes its notices):
title (one or more lines), 发文字号, addressees ending in "：", body paragraphs,
"附件：<title>", signature, date, an optional "（此件公开发布）", then the
attachment: "附件", its title, an optional "（共N项）", and the numbered items.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from ..errors import InputError, InputErrors
from .numerals import parse_number
from .records import (
    CampaignRecord,
    DeclaredCountRecord,
    DocumentNumberRecord,
    ItemRecord,
    NoticeRecord,
    ParagraphRecord,
    SourceRecord,
    Span,
)

_CN_NUM = "〇零一二三四五六七八九十百两"
_NUM = rf"[0-9０-９]+|[{_CN_NUM}]+"
_DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{1,12}?)[〔［\[](?P<year>[0-9０-９]{4})[〕］\]](?P<number>[0-9０-９]+)号$"
)
_DOC_NUMBER_ATTEMPT = re.compile(r"[〔［\[].*[〕］\]].*号|发.{0,3}[〔［\[]")
_DATE = re.compile(rf"^(?P<y>[0-9０-９]{{4}}|[〇零一二三四五六七八九]{{4}})年(?P<m>{_NUM})月(?P<d>{_NUM})日$")
_PUBLICITY = re.compile(r"^[（(]此件.*[）)]$")
_ATTACHMENT_REF = re.compile(r"^附\s*件[：:]\s*(?P<title>.+)$")
_ATTACHMENT_HEAD = re.compile(r"^附\s*件\s*[0-9０-９]*$")
_COUNT_LINE = re.compile(rf"^[（(]共(?P<n>{_NUM})项[）)]$")
_COUNT_IN_TEXT = re.compile(rf"(?:等|共)(?P<n>{_NUM})项")
_ITEM = re.compile(r"^(?:(?P<a>[0-9０-９]+)\s*[．.、]|[（(](?P<b>[0-9０-９]+)[）)])\s*(?P<rest>\S.*)$")
_SECTION = re.compile(rf"^[{_CN_NUM}]+、\S.*$")
_APPROVAL = re.compile(r"经[\u4e00-\u9fff]{2,12}?同意")
_CAMPAIGN = re.compile(rf"第(?P<n>{_NUM})次大督查")
_TRAILING_PUNCT = "。；;．.，,"
_QUOTE = re.compile("[“”]")


class _Line(NamedTuple):  # a NamedTuple: made for every line, several times cheaper than a dataclass
    number: int  # 1-based
    start: int  # offset of the first non-blank character
    text: str  # the line without surrounding blanks

    def span(self, begin: int = 0, end: int | None = None) -> Span:
        stop = len(self.text) if end is None else end
        return Span(self.number, self.start + begin, self.start + stop, self.text[begin:stop])


def _lines(text: str) -> list[_Line]:
    """Non-blank lines with their positions; blanks include U+3000 and zero-width spaces."""
    result: list[_Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip(" \t\u3000\u200b\u2060\ufeff")
        if stripped:
            result.append(_Line(number, offset + raw.index(stripped), stripped))
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


def _number(text: str, line: _Line, source: SourceRecord, what: str) -> int:
    value = parse_number(text)
    if value is None:
        raise InputError(f"cannot read {what} {text!r}", path=source.path, line=line.number)
    return value


def _find_document_number(lines: list[_Line], source: SourceRecord) -> int:
    for index, line in enumerate(lines[:12]):
        if _DOC_NUMBER.match(line.text):
            return index
    for line in lines[:12]:
        if _DOC_NUMBER_ATTEMPT.search(line.text) and len(line.text) < 30:
            raise InputError(
                f"malformed 发文字号 {line.text!r}",
                path=source.path,
                line=line.number,
                fix="write it as organ prefix, year in 〔〕 and number, e.g. 国办发〔2020〕46号",
            )
    raise InputError(
        "no 发文字号 (document number) below the title",
        path=source.path,
        line=lines[0].number,
        fix="add the line with the document number, e.g. 国办发〔2020〕46号",
    )


def _parse_date(line: _Line, source: SourceRecord) -> datetime.date:
    match = _DATE.match(line.text)
    assert match is not None
    year = _number(match["y"], line, source, "year")
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


def parse_notice(source: SourceRecord, problems: list[InputError] | None = None) -> NoticeRecord:
    """Parse one decoded notice; raise InputError naming the line on any layout problem.
    With ``problems``, an item that cannot be read is added there and left out (so that
    every problem of the notice is found in one run) instead of being raised."""
    lines = _lines(source.text)
    path = source.path
    if not lines:
        raise InputError("file holds only blanks", path=path, fix="pass the text of a notice")

    number_index = _find_document_number(lines, source)
    if number_index == 0:
        raise InputError(
            "no title above the 发文字号", path=path, line=lines[0].number, fix="add the title lines"
        )
    title_lines = tuple(line.span() for line in lines[:number_index])
    title = "".join(span.text for span in title_lines)
    number_line = lines[number_index]
    number_match = _DOC_NUMBER.match(number_line.text)
    assert number_match is not None
    document_number = DocumentNumberRecord(
        span=number_line.span(),
        prefix=number_match["prefix"],
        year=_number(number_match["year"], number_line, source, "year"),
        number=_number(number_match["number"], number_line, source, "number"),
    )

    date_index = next((i for i in range(number_index + 1, len(lines)) if _DATE.match(lines[i].text)), None)
    if date_index is None:
        raise InputError(
            "no date line (e.g. 2020年11月19日) under the signature",
            path=path,
            line=number_line.number,
            fix="add the date line after the signature",
        )
    date_line = lines[date_index]
    date = _parse_date(date_line, source)
    signature_line = lines[date_index - 1]
    if date_index - 1 <= number_index or len(signature_line.text) > 40 or signature_line.text.endswith("。"):
        raise InputError(
            "no signature (issuing organ) above the date line",
            path=path,
            line=date_line.number,
            fix="add the issuing organ's name on the line above the date",
        )

    cursor = number_index + 1
    addressees = None
    if cursor < date_index - 1 and lines[cursor].text.endswith(("：", ":")):
        addressees = lines[cursor].span()
        cursor += 1
    body: list[ParagraphRecord] = []
    attachment_reference = None
    for line in lines[cursor : date_index - 1]:
        ref = _ATTACHMENT_REF.match(line.text)
        if ref:
            attachment_reference = line.span()
        else:
            span = line.span()
            body.append(ParagraphRecord(span, quoted_terms(span)))

    cursor = date_index + 1
    publicity = None
    if cursor < len(lines) and _PUBLICITY.match(lines[cursor].text):
        publicity = lines[cursor].span()
        cursor += 1
    if cursor >= len(lines) or not _ATTACHMENT_HEAD.match(lines[cursor].text):
        where = lines[cursor] if cursor < len(lines) else lines[-1]
        raise InputError(
            "no attachment (a line '附件' followed by the numbered practices) after the date",
            path=path,
            line=where.number,
            fix="add the attachment with its title and numbered items",
        )
    cursor += 1
    title_parts: list[_Line] = []
    declared: list[DeclaredCountRecord] = []
    while cursor < len(lines) and not _ITEM.match(lines[cursor].text):
        line = lines[cursor]
        count = _COUNT_LINE.match(line.text)
        if count:
            declared.append(DeclaredCountRecord(line.span(), _number(count["n"], line, source, "count")))
        elif _SECTION.match(line.text) and title_parts:
            break
        else:
            title_parts.append(line)
        cursor += 1
    if not title_parts:
        raise InputError(
            "the attachment has no title",
            path=path,
            line=lines[cursor - 1].number,
            fix="add the attachment title under '附件'",
        )
    first, last = title_parts[0], title_parts[-1]
    end = last.start + len(last.text)
    attachment_title = Span(first.number, first.start, end, source.text[first.start : end])
    item_problems: list[InputError] = []
    items = _parse_items(lines[cursor:], source, item_problems)
    if item_problems:
        if problems is None:
            raise item_problems[0] if len(item_problems) == 1 else InputErrors(item_problems)
        problems.extend(item_problems)

    for paragraph in body:
        for match in _COUNT_IN_TEXT.finditer(paragraph.span.text):
            declared.append(_count_at(paragraph.span, match, source))
    if attachment_reference is not None:
        for match in _COUNT_IN_TEXT.finditer(attachment_reference.text):
            declared.append(_count_at(attachment_reference, match, source))
    for declared_count in sorted(declared, key=lambda c: c.span.start):
        if declared_count.value != len(items) and not item_problems:
            raise InputError(
                f"the notice declares {declared_count.value} practices ({declared_count.span.text!r}) "
                f"but the attachment lists {len(items)} items",
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
        addressees=addressees,
        body=tuple(body),
        approval=_first_match(_APPROVAL, body),
        attachment_reference=attachment_reference,
        signature=signature_line.span(),
        date=date,
        date_span=date_line.span(),
        publicity=publicity,
        attachment_title=attachment_title,
        declared_counts=tuple(sorted(declared, key=lambda c: c.span.start)),
        items=items,
    )


def _count_at(span: Span, match: re.Match[str], source: SourceRecord) -> DeclaredCountRecord:
    value = parse_number(match["n"])
    if value is None:
        raise InputError(f"cannot read count {match[0]!r}", path=source.path, line=span.line)
    start, end = match.span()
    return DeclaredCountRecord(Span(span.line, span.start + start, span.start + end, match[0]), value)


def _first_match(pattern: re.Pattern[str], body: list[ParagraphRecord]) -> Span | None:
    for paragraph in body:
        match = pattern.search(paragraph.span.text)
        if match:
            start, end = match.span()
            span = paragraph.span
            return Span(span.line, span.start + start, span.start + end, match[0])
    return None


def _campaign(title_lines: tuple[Span, ...], source: SourceRecord) -> CampaignRecord | None:
    """Find 第N次大督查 in the title (it may straddle a line break) and its organiser."""
    title = "".join(span.text for span in title_lines)
    match = _CAMPAIGN.search(title)
    if match is None:
        return None
    number = parse_number(match["n"])
    if number is None:
        raise InputError(
            f"cannot read the inspection number in {match[0]!r}", path=source.path, line=title_lines[0].line
        )
    # 国务院办公厅关于对国务院第七次… : the organiser follows the last 关于/对.
    organiser = re.split(r"关于对|关于|对", title[: match.start()])[-1]
    begin = match.start() - len(organiser)
    offsets = [span.start + i for span in title_lines for i in range(len(span.text))]
    start, end = offsets[begin], offsets[match.end() - 1] + 1
    line = next(span.line for span in title_lines if span.start <= start < span.end)
    return CampaignRecord(Span(line, start, end, source.text[start:end]), organiser, number)


def _parse_items(
    lines: list[_Line], source: SourceRecord, problems: list[InputError]
) -> tuple[ItemRecord, ...]:
    """The numbered items; a line that is no readable item goes to ``problems``."""
    items: list[ItemRecord] = []
    section: str | None = None
    highest = 0
    seen: set[int] = set()
    reported: set[int] = set()
    for index, line in enumerate(lines):
        match = _ITEM.match(line.text)
        if match is None:
            if _SECTION.match(line.text) and not line.text.endswith("。"):
                section = line.text
                continue
            problems.append(
                InputError(
                    f"expected a numbered item such as '1．…' but found {line.text[:30]!r}",
                    path=source.path,
                    line=line.number,
                    fix="put each practice on its own line, starting with its number",
                )
            )
            highest += 1  # most likely the item that lost its number: the next keeps its own
            continue
        try:
            ordinal = _number(match["a"] or match["b"], line, source, "item number")
        except InputError as error:
            problems.append(error)
            highest += 1
            continue
        expected = highest + 1
        if ordinal != expected:
            # One report for each number that is wrong, never a cascade for the items after it.
            if expected not in reported and ordinal not in reported:
                later = {
                    parse_number(m["a"] or m["b"])
                    for m in map(_ITEM.match, (x.text for x in lines[index:]))
                    if m
                }
                problem = (
                    "repeats" if ordinal in seen else "is out of order" if expected in later else "skips"
                )
                problems.append(
                    InputError(
                        f"item number {ordinal} {problem}: item {expected} was expected here",
                        path=source.path,
                        line=line.number,
                        fix="number the items 1, 2, 3 … without gaps or repeats",
                    )
                )
                reported.update({expected, ordinal})
            if ordinal <= highest:
                continue  # keep the ordinals unique and in order
        seen.add(ordinal)
        highest = ordinal
        rest_start = match.start("rest")
        label_end = max(rest_start, len(line.text.rstrip(_TRAILING_PUNCT)))
        if label_end == rest_start:
            problems.append(
                InputError(
                    f"item {ordinal} has no text", path=source.path, line=line.number, fix="add the practice"
                )
            )
            continue
        label = line.span(rest_start, label_end)
        items.append(ItemRecord(ordinal, line.span(), label, quoted_terms(label), section))
    if not items and not problems:
        raise InputError(
            "the attachment lists no numbered items",
            path=source.path,
            line=lines[-1].number if lines else None,
            fix="add the numbered practices, one per line",
        )
    return tuple(items)

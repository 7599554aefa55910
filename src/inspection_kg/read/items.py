"""Numbered items: a run of lines in one numbering style, 1, 2, 3 … without gaps or
repeats, each item's label the text after its number without the final stop."""

from __future__ import annotations

from ..errors import InputError
from .lines import Line, quoted_terms
from .numbering import Numbering, numbered
from .numerals import parse_number
from .records import ItemRecord, SourceRecord

_TRAILING_PUNCT = "。；;．.，,"


def read_items(
    lines: list[Line],
    style: Numbering,
    headings: tuple[Numbering, ...],
    source: SourceRecord,
    problems: list[InputError],
) -> tuple[ItemRecord, ...]:
    """The items numbered in ``style``; a line numbered in one of ``headings`` (and not
    ending a sentence) heads the items below it; any other line goes to ``problems``."""
    items: list[ItemRecord] = []
    section: str | None = None
    highest = 0
    seen: set[int] = set()
    reported: set[int] = set()
    matches = [style.pattern.match(line.reading) for line in lines]
    ordinals = [parse_number(match["n"]) if match else None for match in matches]
    for index, line in enumerate(lines):
        match = matches[index]
        if match is None:
            heading = numbered(line.reading, headings)
            if heading is not None and not line.reading.endswith("。"):
                section = line.text
                continue
            problems.append(
                InputError(
                    f"expected a numbered item such as '{highest + 1}{style.example[1:]}…' "
                    f"but found {line.text[:30]!r}",
                    path=source.path,
                    line=line.number,
                    fix="put each practice on its own line, starting with its number",
                )
            )
            highest += 1  # most likely the item that lost its number: the next keeps its own
            continue
        ordinal = ordinals[index]
        if ordinal is None:
            problems.append(
                InputError(f"cannot read item number {match['n']!r}", path=source.path, line=line.number)
            )
            highest += 1
            continue
        expected = highest + 1
        if ordinal != expected:
            # One report for each number that is wrong, never a cascade for the items after it.
            if expected not in reported and ordinal not in reported:
                later = set(ordinals[index:])
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
        label_end = max(rest_start, len(line.reading.rstrip(_TRAILING_PUNCT)))
        if label_end == rest_start:
            problems.append(
                InputError(
                    f"item {ordinal} has no text", path=source.path, line=line.number, fix="add the practice"
                )
            )
            continue
        label = line.span(rest_start, label_end)
        items.append(ItemRecord(ordinal, line.span(), label, quoted_terms(label), section))
    return tuple(items)

"""`inspection-kg check`: how every item of a notice was read, one line an item, for a
person to review a new notice before building it (README, "Checking a notice")."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, InputWarning
from ..model.mapping import ADMIN_LEVELS
from ..pipeline import read_notice
from ..read.records import ActorRecord, ResolvedNoticeRecord
from ..read.sources import find_notice_files

COLUMNS = ("notice", "ordinal", "actors", "organisations", "regions", "rule", "practice")


@dataclass(frozen=True, slots=True)
class Review:
    rows: list[tuple[str, ...]]  # one per item, in COLUMNS order
    problems: list[InputError]  # what keeps the notices from building with the default options
    notices: list[str]  # one line a notice: its key, issuer, region, jurisdiction and layout
    warnings: list[InputWarning]  # what was read with a guess (a character read as another)


def describe_notice(notice: ResolvedNoticeRecord) -> str:
    """How the notice as a whole was read: key, issuer, its region and where names are looked up."""
    parsed = notice.notice
    issuer = notice.issuer
    parent = next((a for a in notice.agents if a.key == issuer.parent_key), None)
    part_of = f", part of {parent.label_zh}" if parent is not None else ""
    region = notice.jurisdiction
    where = (
        f"region {region.code} {region.name}; names looked up inside {region.name} first, then nationwide"
        if region is not None
        else "a central organ; names looked up nationwide"
    )
    number = parsed.document_number.span.text if parsed.document_number is not None else "no 发文字号"
    return (
        f"{parsed.source.stem}: {number}, key {notice.key.key}; issuer {issuer.label_zh} ({issuer.key}{part_of}); "
        f"{where}; {len(notice.items)} items in the {parsed.layout}"
    )


def review_notices(paths: list[Path]) -> Review:
    """Read every notice as a build would, but keep going: items that cannot be read get a
    row saying why, unresolved actors are shown and counted as problems."""
    rows: list[tuple[str, ...]] = []
    problems: list[InputError] = []
    notices: list[str] = []
    warnings: list[InputWarning] = []
    for path in find_notice_files(paths):
        try:
            reading = read_notice(path, allow_unresolved=True)
        except InputError as error:  # the notice as a whole cannot be read
            problems.append(error)
            continue
        notice = reading.notice
        stem = notice.notice.source.stem
        notices.append(describe_notice(notice))
        warnings.extend(notice.warnings)
        by_ordinal: dict[int, tuple[str, ...]] = {}
        earlier = {e.division.code: e.year for e in notice.earlier_divisions}
        for item in notice.items:
            actors = item.actors
            by_ordinal[item.item.ordinal] = (
                stem,
                str(item.item.ordinal),
                item.actor_span.text,
                "; ".join(_organisation(actor) for actor in actors),
                "; ".join(region for actor in actors for region in _regions(actor, earlier)),
                "; ".join(actor.rule for actor in actors),
                item.practice_span.text,
            )
            for actor in actors:
                if not actor.resolved:
                    problems.append(
                        InputError(
                            f"item {item.item.ordinal}: cannot resolve the actor {actor.span.text!r}",
                            path=path,
                            line=item.item.span.line,
                            fix="check the name against the division table of the notice's year, or add "
                            "an organisation to a names file of yours and pass --names FILE (README, "
                            '"Names of your own")',
                        )
                    )
        for failed in reading.failed_items:
            by_ordinal[failed.item.ordinal] = (
                stem,
                str(failed.item.ordinal),
                "",
                "",
                "",
                f"error: {failed.error.what}",
                failed.item.label.text,
            )
        rows.extend(by_ordinal[ordinal] for ordinal in sorted(by_ordinal))
        problems.extend(reading.problems)
    return Review(rows, problems, notices, warnings)


def _organisation(actor: ActorRecord) -> str:
    agent = actor.agent
    return f"{agent.label_zh} [{agent.kind}]" if agent is not None else f"? {actor.span.text}"


def _regions(actor: ActorRecord, earlier: dict[str, int]) -> list[str]:
    """Each region as code, name, level, and the table year where it is an earlier one."""
    shown = []
    for region in actor.regions:
        level = ADMIN_LEVELS[region.level][0]
        year = f", {earlier[region.code]} table" if region.code in earlier else ""
        shown.append(f"{region.code} {region.name} ({level}{year})")
    return shown


def render_tsv(review: Review) -> str:
    """Tab-separated, a header row first; the csv module's quoting where a field needs it."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(review.rows)
    return stream.getvalue()


def _width(text: str) -> int:
    """Columns a terminal gives the text: two for wide (CJK) characters."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render_table(review: Review) -> str:
    """Aligned columns (wide characters counted twice); the practice last, unpadded."""
    rows = [COLUMNS, *review.rows]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = []
    for row in rows:
        cells = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"

"""Typed records passed between the stages. Plain data: no rdflib, no I/O."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputWarning


@dataclass(frozen=True, slots=True)
class Span:
    """A run of source text: 1-based line and code-point offsets into the NFC text.

    ``source_text[start:end] == text`` always holds.
    """

    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A decoded notice file. ``text`` is NFC with LF line ends; offsets index it."""

    path: Path
    text: str
    sha256: str  # of the bytes on disk, as published
    text_sha256: str  # of ``text`` encoded as UTF-8 (what the offsets index)
    stem: str  # file name without suffix, e.g. "guobanfa-2020-46"
    # ``text`` with traditional, compatibility and width forms read as the division tables
    # write them (read/characters.py); same length, so offsets index both
    reading: str = ""

    def read(self, span: Span) -> str:
        """The reading form of a span's characters."""
        return (self.reading or self.text)[span.start : span.end]


@dataclass(frozen=True, slots=True)
class DocumentNumberRecord:
    """发文字号, e.g. 国办发〔2020〕46号."""

    span: Span
    prefix: str  # 国办发
    year: int
    number: int


@dataclass(frozen=True, slots=True)
class CampaignRecord:
    """The inspection named in the title: 国务院第七次大督查 (numbered, its organiser printed
    before it), or 全省经济社会发展综合督查 (a province's or city's own: its issuer's)."""

    span: Span
    organiser: str  # 国务院; "" when the title names none (then it is the issuer's government)
    number: int | None  # 7; None for an inspection that is not numbered
    name: str = ""  # the inspection as printed, without its organiser: 第七次大督查, 全省…综合督查


@dataclass(frozen=True, slots=True)
class DeclaredCountRecord:
    """A place where the notice states how many practices it lists (等43项, 共43项)."""

    span: Span
    value: int


@dataclass(frozen=True, slots=True)
class ParagraphRecord:
    span: Span
    quoted_terms: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """One numbered entry of the attachment, as printed."""

    ordinal: int
    span: Span  # the whole printed line, e.g. "22．河南省水利厅、濮阳市探索…。"
    label: Span  # without the number and the final 。
    quoted_terms: tuple[Span, ...]
    section: str | None  # heading above the item, when the attachment has headings


@dataclass(frozen=True, slots=True)
class CitationRecord:
    """A document the notice's body cites by title, 《关于…的通报》, perhaps with its 发文字号
    in brackets after it, as a provincial notice cites the State Council's notice it relays."""

    span: Span  # 《…》 and the bracketed number, as printed
    title: str  # inside 《》, in its reading form
    number: DocumentNumberRecord | None


@dataclass(frozen=True, slots=True)
class NoticeRecord:
    source: SourceRecord
    title: str  # the title lines joined
    title_lines: tuple[Span, ...]
    document_number: DocumentNumberRecord | None  # None: the notice as published prints none
    campaign: CampaignRecord | None
    addressees: Span | None
    body: tuple[ParagraphRecord, ...]
    approval: Span | None  # 经国务院同意
    attachment_reference: Span | None  # 附件：… in the body
    signature: Span
    date: datetime.date
    date_span: Span
    publicity: Span | None  # （此件公开发布）
    attachment_title: Span | None  # None when the items are in the body
    declared_counts: tuple[DeclaredCountRecord, ...]
    items: tuple[ItemRecord, ...]
    layout: str = "attachment"  # where the items are: "attachment" or "body" (read/layouts.py)
    citations: tuple[CitationRecord, ...] = ()  # in the order printed


# --- resolution results -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Division:
    """A county-or-higher administrative division from the dated national table."""

    code: str  # six-digit GB/T 2260 code
    name: str
    level: int  # 1 province, 2 prefecture, 3 county
    parent: str | None
    lineage: str  # table's tracking id across renames/recodes


@dataclass(frozen=True, slots=True)
class AgentRecord:
    """An organisation: a government, a department or a curated body."""

    key: str  # natural key for its IRI, e.g. "410000-water-resources"
    label_zh: str
    label_en: str | None
    parent_key: str | None  # org:subOrganizationOf
    region: str | None  # division code of the area it serves, if any
    kind: str  # government | department | central-organ | other-body (ORGANISATION_KINDS in mapping)


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """One actor of an item, e.g. 河南省水利厅 in 河南省水利厅、濮阳市."""

    span: Span
    agent: AgentRecord | None  # None when unresolved and the user allowed it
    regions: tuple[Division, ...]  # places the actor locates the practice in
    resolved: bool
    rule: str  # how it was read: one of ACTOR_RULES


# How an actor was read (`inspection-kg check` shows it; README, "How actors are read").
ACTOR_RULES = {
    "division": "a chain of division names of the notice's year",
    "earlier-name": "a chain with a name of an earlier year's table (renamed, merged or abolished since)",
    "department": "a department (data/curated/departments.yaml) of the government of a division",
    "zone": "a development zone, new area or free-trade area: a name ending in a zone suffix",
    "body": "a body with no division code (data/curated/organisations.yaml)",
    "unresolved": "a name no table or list knows, ended where the segmenter finds the predicate",
}


@dataclass(frozen=True, slots=True)
class ResolvedItemRecord:
    item: ItemRecord
    actor_span: Span  # e.g. 河南省水利厅、濮阳市
    practice_span: Span  # the rest of the label
    actors: tuple[ActorRecord, ...]


@dataclass(frozen=True, slots=True)
class SuccessorRecord:
    """What the division table says a division of the notice's year became later."""

    code: str  # the division as of the notice
    successor: Division  # as of ``year``
    year: int  # the last year of the successor's row
    ancestors: tuple[Division, ...]  # the successor's parents in ``year``, nearest first


@dataclass(frozen=True, slots=True)
class EarlierDivisionRecord:
    """A division named as it was before the notice's year (山西省长治市城区 in a notice of
    2018, when the table of 2018 already has 潞州区): the row of the table of ``year``."""

    division: Division
    year: int


@dataclass(frozen=True, slots=True)
class NoticeKey:
    """What a notice's IRIs are built from: …/eli/cn/<slug>/<year>/<local>."""

    slug: str
    year: int
    local: str  # the number, or <mmdd>-<title initials> without one
    number: int | None  # for ordering numbered notices by number

    @property
    def key(self) -> str:
        return f"{self.slug}-{self.year}-{self.local}"


@dataclass(frozen=True, slots=True)
class ResolvedCitationRecord:
    citation: CitationRecord
    key: NoticeKey | None  # of the cited notice, where its 发文字号 is printed


@dataclass(frozen=True, slots=True)
class ResolvedNoticeRecord:
    notice: NoticeRecord
    key: NoticeKey  # what its IRIs are built from (resolve/document_numbers.py)
    issuer: AgentRecord
    jurisdiction: Division | None  # the issuer's region; None for a central organ
    campaign_organiser: AgentRecord | None
    document_type: str  # the statutory document type the title ends with (通报)
    items: tuple[ResolvedItemRecord, ...]
    division_year: int
    divisions: tuple[Division, ...]  # every region used, with all ancestors, sorted by code
    agents: tuple[AgentRecord, ...]  # every organisation used, sorted by key
    successors: tuple[SuccessorRecord, ...] = ()  # renamed or re-coded since, sorted by code
    # divisions (and their parents) that only an earlier year's table has, sorted by code
    earlier_divisions: tuple[EarlierDivisionRecord, ...] = ()
    # what was read with a guess the user should see (a traditional character read as simplified)
    warnings: tuple[InputWarning, ...] = ()
    citations: tuple[ResolvedCitationRecord, ...] = ()
    approver: AgentRecord | None = None  # 经国务院同意, 经市人民政府同意 (the issuer's government)

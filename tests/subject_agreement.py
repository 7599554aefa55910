"""How often the lexicon's primary subject agrees with the hand labels of
tests/fixtures/subjects/ (shared by test_subjects.py and measure_subjects.py)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from inspection_kg.errors import InputError
from inspection_kg.pipeline import read_notice
from inspection_kg.read.characters import reading_form
from inspection_kg.read.records import ItemRecord, Span
from inspection_kg.resolve.actors import ItemReader
from inspection_kg.resolve.names import name_index
from inspection_kg.resolve.subject_scheme import SubjectLexicon, load_subject_scheme
from inspection_kg.resolve.subjects import place

FIXTURES = Path(__file__).parent / "fixtures" / "subjects"
NOTICES = Path(__file__).parent.parent / "data" / "notices"
# The lexicons written each from one notice alone (how they were made: fixtures README)
SINGLE_NOTICE_LEXICONS = {
    "国办发〔2018〕108号": FIXTURES / "lexicon-from-2018-108.yaml",
    "国办发〔2020〕46号": FIXTURES / "lexicon-from-2020-46.yaml",
}
NOTICE_FILES = {"国办发〔2018〕108号": "guobanfa-2018-108.txt", "国办发〔2020〕46号": "guobanfa-2020-46.txt"}


@dataclass(frozen=True, slots=True)
class Labelled:
    group: str  # the notice's 发文字号, or "unseen"
    key: str  # the ordinal, or the unseen item's id
    text: str  # what the lexicon reads: the practice without its actor, in reading form
    primary: str  # the hand label


@dataclass(frozen=True, slots=True)
class Agreement:
    total: int
    top: int  # primary top category agrees
    sub: int  # primary subcategory agrees
    misses: tuple[tuple[Labelled, str], ...]  # (practice, the lexicon's primary) where the top differs

    def share(self, hits: int) -> float:
        return hits / self.total


def _rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@cache
def labelled_notice(number: str) -> tuple[Labelled, ...]:
    """The practices of one real notice, read by the builder, with their hand labels."""
    notice = read_notice(NOTICES / NOTICE_FILES[number]).notice
    source = notice.notice.source
    texts = {item.item.ordinal: source.read(item.practice_span) for item in notice.items}
    rows = [row for row in _rows("practice-subjects.tsv") if row["notice"] == number]
    assert len(rows) == len(texts), f"{number}: {len(rows)} labels for {len(texts)} practices"
    return tuple(Labelled(number, row["ordinal"], texts[int(row["ordinal"])], row["primary"]) for row in rows)


def _without_actor(sentence: str, year: int) -> str:
    """The sentence after its actors, read as the builder reads an item; the whole sentence
    where its actors cannot be read (several places summed up as 等N个地方)."""
    label = Span(1, 0, len(sentence), sentence)
    item = ItemRecord(1, label, label, (), None)
    try:
        read = ItemReader("unseen", name_index(year), allow_unresolved=False).read(item)
    except InputError:
        return reading_form(sentence)
    return reading_form(read.practice_span.text)


@cache
def labelled_unseen() -> tuple[Labelled, ...]:
    """Practices of other real notices (fixtures README, "Other notices")."""
    return tuple(
        Labelled("unseen", row["id"], _without_actor(row["practice"], int(row["year"])), row["primary"])
        for row in _rows("unseen-practices.tsv")
    )


def agreement(lexicon: SubjectLexicon, labelled: tuple[Labelled, ...]) -> Agreement:
    scheme = load_subject_scheme()
    top = sub = 0
    misses = []
    for practice in labelled:
        primary = place(practice.text, lexicon, scheme).primary
        sub += primary == practice.primary
        if primary[:2] == practice.primary[:2]:
            top += 1
        else:
            misses.append((practice, primary))
    return Agreement(len(labelled), top, sub, tuple(misses))

"""The typed records of the curated data (data/curated/*.yaml), as curated.py loads them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Organ:
    name: str
    key: str
    en: str | None
    parent: str | None  # name of the organ it belongs to


@dataclass(frozen=True, slots=True)
class DocumentNumberPrefix:
    prefix: str
    slug: str
    organ: str


@dataclass(frozen=True, slots=True)
class DocumentType:
    name: str
    slug: str
    en: str


@dataclass(frozen=True, slots=True)
class Body:
    """An organisation with no division code, e.g. 新疆生产建设兵团."""

    name: str
    key: str
    en: str | None
    located_in: str


@dataclass(frozen=True, slots=True)
class CuratedData:
    organs: dict[str, Organ]
    prefixes: dict[str, DocumentNumberPrefix]
    document_types: dict[str, DocumentType]
    document_type_scheme: dict[str, str]  # label_zh, label_en, source
    departments: dict[str, str]  # name → slug
    bodies: dict[str, Body]
    government_default: str
    government_by_suffix: dict[str, str]
    name_level_words: tuple[str, ...]
    organisation_suffixes: tuple[str, ...]
    zone_suffixes: tuple[str, ...]

    def government_name(self, place_name: str) -> str:
        """濮阳市 → 濮阳市人民政府; 阿克苏地区 → 阿克苏地区行政公署."""
        for suffix, office in self.government_by_suffix.items():
            if place_name.endswith(suffix):
                return place_name + office
        return place_name + self.government_default


@dataclass(frozen=True, slots=True)
class DatasetMetadata:
    """The dataset's own description (data/curated/dataset.yaml)."""

    title: dict[str, str]  # language → text
    description: dict[str, str]
    keywords: dict[str, tuple[str, ...]]
    publisher_key: str
    publisher_name: dict[str, str]
    licence_iri: str
    licence_name: str


@dataclass(frozen=True, slots=True)
class Theme:
    key: str
    zh: str
    en: str
    names: tuple[str, ...]  # how a notice names the theme
    rules: dict[str, tuple[str, ...]]  # rule key → keywords


@dataclass(frozen=True, slots=True)
class Themes:
    scheme: dict[str, str]  # label_zh, label_en, source
    themes: dict[str, Theme]


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    zh: str
    en: str
    en_full: str
    qid: str | None  # Wikidata item, only where a source pairs it with this division
    qid_source: str | None


@dataclass(frozen=True, slots=True)
class EnglishNaming:
    provinces: dict[str, tuple[str, str]]  # code → (short name, full name)
    level_words: dict[str, str]
    # Every way a group appears in a place name (with and without 族: 伊犁哈萨克自治州),
    # longest first, → its English word
    people_by_spelling: dict[str, str]
    government_default: str
    government_by_suffix: dict[str, str]
    readings: dict[str, tuple[str, ...]]  # word → pinyin syllables
    spellings: dict[str, tuple[str, tuple[str, ...]]]  # name without level → (English, only these names)

"""Load and check the curated YAML in data/curated/ (what no national table gives)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..resources import data_file

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _load_yaml(text: str) -> Any:
    """yaml.safe_load, with libyaml's loader (several times faster) when PyYAML has it."""
    if yaml.__with_libyaml__:
        try:
            return yaml.load(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass  # read again below, so that an error reads as it always has
    return yaml.safe_load(text)


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


class _Reader:
    """Typed access to one YAML file; every error names the file and the key path."""

    def __init__(self, name: str) -> None:
        self.path: Path = data_file("curated", name)
        try:
            self.data = _load_yaml(self.path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read curated data: {exc}", path=self.path) from None

    def fail(self, key_path: str, what: str, fix: str) -> ConfigError:
        return ConfigError(f"{key_path}: {what}", path=self.path, fix=fix)

    def mapping(self, value: Any, key_path: str) -> dict[str, Any]:
        if not isinstance(value, dict) or not value:
            raise self.fail(
                key_path, "expected a non-empty mapping", "see the comment at the top of the file"
            )
        return value

    def text(self, entry: dict[str, Any], field: str, key_path: str, *, required: bool = True) -> str | None:
        value = entry.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key_path}.{field}", "expected a non-empty string", f"give {field} a value")
        return value

    def key(self, entry: dict[str, Any], field: str, key_path: str) -> str:
        value = self.text(entry, field, key_path)
        assert value is not None
        if not _KEY.match(value):
            raise self.fail(
                f"{key_path}.{field}",
                f"{value!r} is not a lower-case ASCII key",
                "use letters, digits and '-'",
            )
        return value


@cache
def load_curated() -> CuratedData:
    organs_file = _Reader("organs.yaml")
    root = organs_file.mapping(organs_file.data, "(top)")
    organs: dict[str, Organ] = {}
    for name, entry in organs_file.mapping(root.get("organs"), "organs").items():
        path = f"organs.{name}"
        entry = organs_file.mapping(entry, path)
        organs[name] = Organ(
            name,
            organs_file.key(entry, "key", path),
            organs_file.text(entry, "en", path, required=False),
            organs_file.text(entry, "parent", path, required=False),
        )
    for organ in organs.values():
        if organ.parent is not None and organ.parent not in organs:
            raise organs_file.fail(
                f"organs.{organ.name}.parent", f"{organ.parent!r} is not listed", "add it under organs"
            )
    prefixes: dict[str, DocumentNumberPrefix] = {}
    for prefix, entry in organs_file.mapping(
        root.get("document_number_prefixes"), "document_number_prefixes"
    ).items():
        path = f"document_number_prefixes.{prefix}"
        entry = organs_file.mapping(entry, path)
        organ_name = organs_file.text(entry, "organ", path)
        assert organ_name is not None
        if organ_name not in organs:
            raise organs_file.fail(
                f"{path}.organ", f"{organ_name!r} is not listed under organs", "add the organ"
            )
        prefixes[prefix] = DocumentNumberPrefix(prefix, organs_file.key(entry, "slug", path), organ_name)

    types_file = _Reader("document-types.yaml")
    types_root = types_file.mapping(types_file.data, "(top)")
    scheme = types_file.mapping(types_root.get("scheme"), "scheme")
    document_types = {
        name: DocumentType(
            name,
            types_file.key(types_file.mapping(entry, f"types.{name}"), "slug", f"types.{name}"),
            types_file.text(entry, "en", f"types.{name}") or "",
        )
        for name, entry in types_file.mapping(types_root.get("types"), "types").items()
    }

    departments_file = _Reader("departments.yaml")
    departments: dict[str, str] = {}
    for name, entry in departments_file.mapping(
        departments_file.mapping(departments_file.data, "(top)").get("departments"), "departments"
    ).items():
        departments[name] = departments_file.key(
            departments_file.mapping(entry, f"departments.{name}"), "slug", f"departments.{name}"
        )

    org_file = _Reader("organisations.yaml")
    org_root = org_file.mapping(org_file.data, "(top)")
    bodies: dict[str, Body] = {}
    for name, entry in org_file.mapping(org_root.get("bodies"), "bodies").items():
        path = f"bodies.{name}"
        entry = org_file.mapping(entry, path)
        located_in = org_file.text(entry, "located_in", path)
        assert located_in is not None
        if not re.fullmatch(r"[1-9]\d{5}", located_in):
            raise org_file.fail(
                f"{path}.located_in", f"{located_in!r} is not a six-digit code", "quote the code"
            )
        bodies[name] = Body(
            name,
            org_file.key(entry, "key", path),
            org_file.text(entry, "en", path, required=False),
            located_in,
        )
    names = org_file.mapping(org_root.get("government_names"), "government_names")
    default = org_file.text(names, "default", "government_names")
    assert default is not None
    by_suffix = org_file.mapping(names.get("by_suffix"), "government_names.by_suffix")

    lists = {}
    for field in ("name_level_words", "organisation_suffixes", "zone_suffixes"):
        values = org_root.get(field)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
            raise org_file.fail(field, "expected a non-empty list of words", "see the comment above it")
        lists[field] = tuple(values)

    return CuratedData(
        organs=organs,
        prefixes=prefixes,
        document_types=document_types,
        document_type_scheme={k: str(v) for k, v in scheme.items()},
        departments=departments,
        bodies=bodies,
        government_default=default,
        government_by_suffix={str(k): str(v) for k, v in by_suffix.items()},
        name_level_words=lists["name_level_words"],
        organisation_suffixes=lists["organisation_suffixes"],
        zone_suffixes=lists["zone_suffixes"],
    )


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


@cache
def load_dataset_metadata() -> DatasetMetadata:
    reader = _Reader("dataset.yaml")
    root = reader.mapping(reader.data, "(top)")

    def both(field: str) -> dict[str, str]:
        entry = reader.mapping(root.get(field), field)
        return {lang: str(reader.text(entry, lang, field)).strip() for lang in ("en", "zh")}

    keywords: dict[str, tuple[str, ...]] = {}
    for lang in ("en", "zh"):
        values = reader.mapping(root.get("keywords"), "keywords").get(lang)
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise reader.fail(f"keywords.{lang}", "expected a list of words", "write [word, word]")
        keywords[lang] = tuple(values)
    publisher = reader.mapping(root.get("publisher"), "publisher")
    licence = reader.mapping(root.get("licence"), "licence")
    licence_iri = reader.text(licence, "iri", "licence")
    if not re.fullmatch(r"https?://\S+", str(licence_iri)):
        raise reader.fail("licence.iri", f"{licence_iri!r} is not an http(s) IRI", "give the licence's IRI")
    return DatasetMetadata(
        title=both("title"),
        description=both("description"),
        keywords=keywords,
        publisher_key=reader.key(publisher, "key", "publisher"),
        publisher_name={lang: str(reader.text(publisher, lang, "publisher")) for lang in ("en", "zh")},
        licence_iri=str(licence_iri),
        licence_name=str(reader.text(licence, "name", "licence")),
    )


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


def _words(reader: _Reader, value: Any, key_path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise reader.fail(key_path, "expected a non-empty list of words", "write [词, 词]")
    return tuple(value)


@cache
def load_themes() -> Themes:
    reader = _Reader("themes.yaml")
    root = reader.mapping(reader.data, "(top)")
    scheme = reader.mapping(root.get("scheme"), "scheme")
    themes: dict[str, Theme] = {}
    for key, entry in reader.mapping(root.get("themes"), "themes").items():
        path = f"themes.{key}"
        entry = reader.mapping(entry, path)
        reader.key({"key": key}, "key", path)
        rules = {
            reader.key({"key": rule}, "key", f"{path}.rules"): _words(reader, words, f"{path}.rules.{rule}")
            for rule, words in reader.mapping(entry.get("rules"), f"{path}.rules").items()
        }
        themes[key] = Theme(
            key=key,
            zh=str(reader.text(entry, "zh", path)),
            en=str(reader.text(entry, "en", path)),
            names=_words(reader, entry.get("names"), f"{path}.names"),
            rules=rules,
        )
    return Themes(scheme={k: str(v) for k, v in scheme.items()}, themes=themes)


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    zh: str
    en: str
    en_full: str
    qid: str | None  # Wikidata item, only where a source pairs it with this division
    qid_source: str | None


@cache
def load_provinces() -> dict[str, Province]:
    reader = _Reader("provinces.yaml")
    provinces: dict[str, Province] = {}
    for code, entry in reader.mapping(
        reader.mapping(reader.data, "(top)").get("provinces"), "provinces"
    ).items():
        path = f"provinces.{code}"
        entry = reader.mapping(entry, path)
        qid = reader.text(entry, "qid", path, required=False)
        source = reader.text(entry, "qid_source", path, required=qid is not None)
        if qid is not None and not re.fullmatch(r"Q[1-9][0-9]*", qid):
            raise reader.fail(f"{path}.qid", f"{qid!r} is not a Wikidata item id", "write it like Q43684")
        if not re.fullmatch(r"[1-9]\d0000", str(code)):
            raise reader.fail(path, f"{code!r} is not a province-level code", 'quote a code like "410000"')
        provinces[str(code)] = Province(
            str(code),
            str(reader.text(entry, "zh", path)),
            str(reader.text(entry, "en", path)),
            str(reader.text(entry, "en_full", path)),
            qid,
            source,
        )
    return provinces


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


@cache
def load_english_naming() -> EnglishNaming:
    names = _Reader("english-names.yaml")
    root = names.mapping(names.data, "(top)")
    levels = {str(k): str(v) for k, v in names.mapping(root.get("level_words"), "level_words").items()}
    government = names.mapping(root.get("government_names"), "government_names")
    default = str(names.text(government, "default", "government_names"))
    by_suffix = names.mapping(government.get("by_suffix"), "government_names.by_suffix")
    readings = {
        str(word): _words(
            names, names.mapping(entry, f"readings.{word}").get("pinyin"), f"readings.{word}.pinyin"
        )
        for word, entry in names.mapping(root.get("readings"), "readings").items()
    }

    provinces = {code: (p.en, p.en_full) for code, p in load_provinces().items()}

    ethnic_file = _Reader("ethnic-groups.yaml")
    groups = ethnic_file.mapping(
        ethnic_file.mapping(ethnic_file.data, "(top)").get("ethnic_groups"), "ethnic_groups"
    )
    ethnic = {
        str(name): str(
            ethnic_file.text(
                ethnic_file.mapping(entry, f"ethnic_groups.{name}"), "en", f"ethnic_groups.{name}"
            )
        )
        for name, entry in groups.items()
    }
    spelling_file = _Reader("place-name-spellings.yaml")
    spellings: dict[str, tuple[str, tuple[str, ...]]] = {}
    for word, entry in spelling_file.mapping(
        spelling_file.mapping(spelling_file.data, "(top)").get("spellings"), "spellings"
    ).items():
        path = f"spellings.{word}"
        entry = spelling_file.mapping(entry, path)
        spelling_file.text(entry, "source", path)  # every spelling says where it was seen
        only = _words(spelling_file, entry["only"], f"{path}.only") if "only" in entry else ()
        spellings[str(word)] = (str(spelling_file.text(entry, "en", path)), only)
    return EnglishNaming(
        provinces=provinces,
        spellings=spellings,
        level_words=levels,
        people_by_spelling={
            spelling: ethnic[group]
            for group, spelling in sorted(
                ((g, s) for g in ethnic for s in {g, g.removesuffix("族")} if s),
                key=lambda pair: (-len(pair[1]), pair[1]),
            )
        },
        government_default=default,
        government_by_suffix={str(k): str(v) for k, v in by_suffix.items()},
        readings=readings,
    )

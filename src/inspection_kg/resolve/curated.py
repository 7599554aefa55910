"""Load and check the curated YAML in data/curated/ (what no national table gives): one
cached loader a file or group of files, each building the records of curated_records.py."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .curated_records import (
    Body,
    CuratedData,
    DatasetMetadata,
    DocumentNumberPrefix,
    DocumentType,
    EnglishNaming,
    Organ,
    Province,
    Theme,
    Themes,
)
from .curated_yaml import Reader, word_list

__all__ = [
    "Body",
    "CuratedData",
    "DatasetMetadata",
    "DocumentNumberPrefix",
    "DocumentType",
    "EnglishNaming",
    "Organ",
    "Province",
    "Theme",
    "Themes",
    "load_curated",
    "load_dataset_metadata",
    "load_english_naming",
    "load_province_abbreviations",
    "load_provinces",
    "load_themes",
]


# A user's own names file (--names FILE): departments and bodies that the curated lists lack,
# in the same form as data/curated/departments.yaml and organisations.yaml (README, "Names of
# your own"). Set by use_names_file (resolve/names.py), which also clears the caches.
NAMES_FILE: Path | None = None


def _departments(reader: Reader, value: object) -> dict[str, str]:
    return {
        name: reader.key(reader.mapping(entry, f"departments.{name}"), "slug", f"departments.{name}")
        for name, entry in reader.mapping(value, "departments").items()
    }


def _bodies(reader: Reader, value: object) -> dict[str, Body]:
    bodies: dict[str, Body] = {}
    for name, entry in reader.mapping(value, "bodies").items():
        path = f"bodies.{name}"
        entry = reader.mapping(entry, path)
        located_in = reader.text(entry, "located_in", path)
        assert located_in is not None
        if not re.fullmatch(r"[1-9]\d{5}", located_in):
            raise reader.fail(
                f"{path}.located_in", f"{located_in!r} is not a six-digit code", "quote the code"
            )
        bodies[name] = Body(
            name, reader.key(entry, "key", path), reader.text(entry, "en", path, required=False), located_in
        )
    return bodies


@cache
def load_curated() -> CuratedData:
    organs_file = Reader("organs.yaml")
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

    types_file = Reader("document-types.yaml")
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

    departments_file = Reader("departments.yaml")
    departments = _departments(
        departments_file, departments_file.mapping(departments_file.data, "(top)").get("departments")
    )

    org_file = Reader("organisations.yaml")
    org_root = org_file.mapping(org_file.data, "(top)")
    bodies = _bodies(org_file, org_root.get("bodies"))
    if NAMES_FILE is not None:  # the user's own names: added to the curated ones, never replacing one
        user = Reader(NAMES_FILE)
        root = user.mapping(user.data, "(top)")
        unknown = sorted(set(root) - {"departments", "bodies"})
        if unknown:
            raise user.fail(unknown[0], "is not a section of a names file", "use departments: and bodies:")
        for name, slug in (
            _departments(user, root.get("departments")).items() if "departments" in root else ()
        ):
            if name in departments:
                raise user.fail(f"departments.{name}", "is listed already", "remove it from your file")
            departments[name] = slug
        for name, body in _bodies(user, root.get("bodies")).items() if "bodies" in root else ():
            if name in bodies:
                raise user.fail(f"bodies.{name}", "is listed already", "remove it from your file")
            bodies[name] = body
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


@cache
def load_dataset_metadata() -> DatasetMetadata:
    reader = Reader("dataset.yaml")
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


@cache
def load_themes() -> Themes:
    reader = Reader("themes.yaml")
    root = reader.mapping(reader.data, "(top)")
    scheme = reader.mapping(root.get("scheme"), "scheme")
    themes: dict[str, Theme] = {}
    for key, entry in reader.mapping(root.get("themes"), "themes").items():
        path = f"themes.{key}"
        entry = reader.mapping(entry, path)
        reader.key({"key": key}, "key", path)
        rules = {
            reader.key({"key": rule}, "key", f"{path}.rules"): word_list(
                reader, words, f"{path}.rules.{rule}"
            )
            for rule, words in reader.mapping(entry.get("rules"), f"{path}.rules").items()
        }
        themes[key] = Theme(
            key=key,
            zh=str(reader.text(entry, "zh", path)),
            en=str(reader.text(entry, "en", path)),
            names=word_list(reader, entry.get("names"), f"{path}.names"),
            rules=rules,
        )
    return Themes(scheme={k: str(v) for k, v in scheme.items()}, themes=themes)


@cache
def load_provinces() -> dict[str, Province]:
    reader = Reader("provinces.yaml")
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


@cache
def load_province_abbreviations() -> dict[str, tuple[str, ...]]:
    """Province code → its one-character abbreviations (简称), each entry with its source."""
    reader = Reader("province-abbreviations.yaml")
    found: dict[str, tuple[str, ...]] = {}
    for code, entry in reader.mapping(
        reader.mapping(reader.data, "(top)").get("provinces"), "provinces"
    ).items():
        path = f"provinces.{code}"
        entry = reader.mapping(entry, path)
        reader.text(entry, "source", path)
        abbreviations = word_list(reader, entry.get("abbreviations"), f"{path}.abbreviations")
        if not all(len(a) == 1 for a in abbreviations):
            raise reader.fail(f"{path}.abbreviations", "an abbreviation is one character", "correct it")
        found[str(code)] = abbreviations
    return found


@cache
def load_english_naming() -> EnglishNaming:
    names = Reader("english-names.yaml")
    root = names.mapping(names.data, "(top)")
    levels = {str(k): str(v) for k, v in names.mapping(root.get("level_words"), "level_words").items()}
    government = names.mapping(root.get("government_names"), "government_names")
    default = str(names.text(government, "default", "government_names"))
    by_suffix = names.mapping(government.get("by_suffix"), "government_names.by_suffix")
    readings = {
        str(word): word_list(
            names, names.mapping(entry, f"readings.{word}").get("pinyin"), f"readings.{word}.pinyin"
        )
        for word, entry in names.mapping(root.get("readings"), "readings").items()
    }

    provinces = {code: (p.en, p.en_full) for code, p in load_provinces().items()}

    ethnic_file = Reader("ethnic-groups.yaml")
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
    spelling_file = Reader("place-name-spellings.yaml")
    spellings: dict[str, tuple[str, tuple[str, ...]]] = {}
    for word, entry in spelling_file.mapping(
        spelling_file.mapping(spelling_file.data, "(top)").get("spellings"), "spellings"
    ).items():
        path = f"spellings.{word}"
        entry = spelling_file.mapping(entry, path)
        spelling_file.text(entry, "source", path)  # every spelling says where it was seen
        only = word_list(spelling_file, entry["only"], f"{path}.only") if "only" in entry else ()
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

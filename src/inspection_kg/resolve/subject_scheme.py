"""gov.cn's subject classification (data/curated/subjects.yaml) and the lexicon that places
practices on it (data/curated/subject-lexicon.yaml), loaded and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..read.characters import reading_form
from .curated_yaml import Reader

# Weights of a lexicon word: a strong word names the subject outright (出口退税 → taxation),
# a weak word leans towards it (企业 could be many things; 纳税 leans to taxation).
STRONG = 3
WEAK = 1

_NOTATION = re.compile(r"^\d\d(\.\d\d)?$")


@dataclass(frozen=True, slots=True)
class Subject:
    notation: str  # "02" (top category) or "02.04" (subcategory)
    zh: str  # as gov.cn prints it
    en: str  # our translation
    broader: str | None  # the top category's notation; None for a top category


@dataclass(frozen=True, slots=True)
class SubjectScheme:
    label_zh: str
    label_en: str
    source: str
    subjects: dict[str, Subject]  # notation → subject, in gov.cn's order

    def path_zh(self, notation: str) -> str:
        """As gov.cn prints a document's category: 综合政务\\电子政务."""
        subject = self.subjects[notation]
        return subject.zh if subject.broader is None else f"{self.subjects[subject.broader].zh}\\{subject.zh}"

    def other_of(self, top: str) -> str:
        """The 其他 subcategory of a top category, or the top category itself where gov.cn
        lists no 其他 under it (民族、宗教, 港澳台侨工作, 国防, and 其他 itself)."""
        others = [s.notation for s in self.subjects.values() if s.broader == top and s.zh == "其他"]
        return others[0] if others else top


@dataclass(frozen=True, slots=True)
class LexiconWord:
    word: str  # in its reading form (simplified characters)
    notation: str  # the subject it points to
    weight: int  # STRONG or WEAK


@dataclass(frozen=True, slots=True)
class SubjectLexicon:
    source: str  # the file, for provenance
    words: tuple[LexiconWord, ...]  # longest first, then by word: matching takes longer words first


@cache
def load_subject_scheme() -> SubjectScheme:
    reader = Reader("subjects.yaml")
    root = reader.mapping(reader.data, "(top)")
    scheme = reader.mapping(root.get("scheme"), "scheme")
    subjects: dict[str, Subject] = {}
    for notation, entry in reader.mapping(root.get("categories"), "categories").items():
        path = f"categories.{notation}"
        _check_notation(reader, str(notation), path, top=True)
        entry = reader.mapping(entry, path)
        subjects[notation] = _subject(reader, entry, notation, None, path)
        for sub, sub_entry in (entry.get("subcategories") or {}).items():
            sub_path = f"{path}.subcategories.{sub}"
            _check_notation(reader, str(sub), sub_path, top=False)
            if not str(sub).startswith(f"{notation}."):
                raise reader.fail(sub_path, f"{sub} is not under {notation}", f"number it {notation}.NN")
            subjects[sub] = _subject(reader, reader.mapping(sub_entry, sub_path), sub, notation, sub_path)
    return SubjectScheme(
        label_zh=str(reader.text(scheme, "label_zh", "scheme")),
        label_en=str(reader.text(scheme, "label_en", "scheme")),
        source=str(reader.text(scheme, "source", "scheme")),
        subjects=subjects,
    )


def _subject(reader: Reader, entry: dict[str, Any], notation: str, broader: str | None, path: str) -> Subject:
    return Subject(
        notation=notation,
        zh=str(reader.text(entry, "zh", path)),
        en=str(reader.text(entry, "en", path)),
        broader=broader,
    )


def _check_notation(reader: Reader, notation: str, path: str, *, top: bool) -> None:
    if not _NOTATION.match(notation) or ("." in notation) == top:
        shape = "NN" if top else "NN.NN"
        raise reader.fail(
            path, f"{notation!r} is not a notation of the form {shape}", f"write it as {shape}, quoted"
        )


@cache
def load_subject_lexicon(path: Path | None = None) -> SubjectLexicon:
    """The lexicon of data/curated/subject-lexicon.yaml, or of ``path`` (the single-notice
    lexicons the agreement benchmark measures)."""
    reader = Reader(path if path is not None else "subject-lexicon.yaml")
    root = reader.mapping(reader.data, "(top)")
    scheme = load_subject_scheme()
    seen: dict[str, str] = {}
    words: list[LexiconWord] = []
    for notation, entry in reader.mapping(root.get("subjects"), "subjects").items():
        path_of = f"subjects.{notation}"
        if str(notation) not in scheme.subjects:
            raise reader.fail(
                path_of, f"{notation!r} is not a notation of subjects.yaml", "use one listed there"
            )
        entry = reader.mapping(entry, path_of)
        unknown = set(entry) - {"strong", "weak"}
        if unknown:
            raise reader.fail(path_of, f"unknown field {min(unknown)!r}", "list words under strong: or weak:")
        for tier, weight in (("strong", STRONG), ("weak", WEAK)):
            for word in entry.get(tier) or ():
                where = f"{path_of}.{tier}"
                if not isinstance(word, str) or not word.strip():
                    raise reader.fail(where, f"{word!r} is not a word", "write [词, 词]")
                if reading_form(word) != word:
                    raise reader.fail(
                        where, f"{word} is not in its reading form", f"write {reading_form(word)}"
                    )
                if word in seen:
                    raise reader.fail(
                        where, f"{word} is listed under {seen[word]} too", "keep it under one subject"
                    )
                seen[word] = str(notation)
                words.append(LexiconWord(word, str(notation), weight))
    source = str(reader.path.name if path is None else reader.path)
    return SubjectLexicon(source=source, words=tuple(sorted(words, key=lambda w: (-len(w.word), w.word))))

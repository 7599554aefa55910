"""Mint IRIs from natural keys under one base IRI. ASCII only; no hashes, no counters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ConfigError
from ..read.records import NoticeKey, ResolvedNoticeRecord

DEFAULT_BASE_IRI = "https://w3id.org/inspection-kg/"

_BASE = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?/$")


@dataclass(frozen=True, slots=True)
class NoticeIris:
    """The IRIs of one notice, minted once (mapping, provenance and description share them)."""

    key: str  # e.g. guobanfa-2020-46
    work: str  # the ELI work (ikg:Notice)
    expression: str  # its Chinese expression
    source_text: str  # the NFC text the annotation offsets index


class IriMinter:
    """Every IRI template of the dataset, in one place (README, "Identifiers")."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        if not _BASE.match(base):
            raise ConfigError(
                f"--base-iri {base!r} is not an absolute ASCII http(s) IRI ending in '/'",
                fix=f"pass e.g. {DEFAULT_BASE_IRI}",
            )
        self.base = base

    def notice(self, key: NoticeKey) -> str:
        return f"{self.base}eli/cn/{key.slug}/{key.year}/{key.local}"

    def of_notice(self, resolved: ResolvedNoticeRecord) -> NoticeIris:
        key = resolved.key
        work = self.notice(key)
        return NoticeIris(
            key=key.key, work=work, expression=f"{work}/zho", source_text=self.source_text(key.key)
        )

    def practice(self, notice_key: str, ordinal: int) -> str:
        return f"{self.base}id/practice/{notice_key}/{ordinal}"

    def region(self, code: str) -> str:
        return f"{self.base}id/region/{code}"

    def agent(self, key: str) -> str:
        return f"{self.base}id/agent/{key}"

    def campaign(self, organiser_key: str, key: str) -> str:
        """An inspection under its organiser: …/cn-state-council/7 (the seventh), or
        …/370000-government/2021-qsjjshfzzhdc (not numbered: resolve/document_numbers.py)."""
        return f"{self.base}id/inspection/{organiser_key}/{key}"

    def concept(self, scheme: str, slug: str) -> str:
        return f"{self.base}id/{scheme}/{slug}"

    def scheme(self, name: str) -> str:
        return f"{self.base}id/scheme/{name}"

    def annotation(self, notice_key: str, name: str) -> str:
        return f"{self.base}id/annotation/{notice_key}/{name}"

    def source_text(self, notice_key: str) -> str:
        """The NFC text the annotation offsets index."""
        return f"{self.base}source/{notice_key}/zh-nfc.txt"

    def initiative(self, slug: str) -> str:
        return self.concept("initiative", slug)

    def theme(self, key: str) -> str:
        return self.concept("theme", key)

    def theme_rule(self, theme: str, rule: str) -> str:
        return f"{self.base}id/theme-rule/{theme}/{rule}"

    def theme_assignment(self, notice_key: str, ordinal: int, theme: str, rule: str) -> str:
        return f"{self.base}id/theme-assignment/{notice_key}/{ordinal}/{theme}/{rule}"

    def geometry(self, code: str, kind: str) -> str:
        """A region's geometry: …/id/region/410000/point or …/outline."""
        return f"{self.region(code)}/{kind}"

    def geometry_source(self, key: str) -> str:
        return f"{self.base}source/geometry/{key}"

    def subject(self, notation: str) -> str:
        """A category of gov.cn's subject classification: …/id/subject/02.04."""
        return self.concept("subject", notation)

    def subject_rule(self, key: str) -> str:
        return f"{self.base}id/subject-rule/{key}"

    def subject_assignment(self, notice_key: str, ordinal: int, notation: str) -> str:
        return f"{self.base}id/subject-assignment/{notice_key}/{ordinal}/{notation}"

    def notice_graph(self, notice_key: str, part: str) -> str:
        """A named graph of one notice: ``stated``, ``added``, ``inferred`` or ``provenance``."""
        return f"{self.base}graph/{notice_key}/{part}"

    def shared_graph(self, name: str) -> str:
        """A named graph shared by all notices: ``reference`` or ``dataset``."""
        return f"{self.base}graph/{name}"

    def dataset(self) -> str:
        return f"{self.base}dataset"

    def distribution(self, file_name: str) -> str:
        return f"{self.base}dataset/distribution/{file_name}"

    def download(self, file_name: str) -> str:
        """Where a published copy of an output file lives (relative to the base IRI)."""
        return f"{self.base}download/{file_name}"

    def build_activity(self) -> str:
        return f"{self.base}dataset/build"

    def software(self, name: str, version: str) -> str:
        return f"{self.base}id/software/{name}/{version}"

    def publisher(self, key: str) -> str:
        return f"{self.base}id/publisher/{key}"

    def input_file(self, relative_path: str) -> str:
        """A reference file the build read, e.g. ``data/divisions/divisions.tsv``."""
        return f"{self.base}source/{relative_path}"

    def data_prefixes(self) -> dict[str, str]:
        """Prefixes for the Turtle output; all end in '/', so local names stay simple."""
        return {
            "region": f"{self.base}id/region/",
            "agent": f"{self.base}id/agent/",
            "doctype": f"{self.base}id/doc-type/",
            "level": f"{self.base}id/admin-level/",
            "orgkind": f"{self.base}id/organisation-kind/",
            "scheme": f"{self.base}id/scheme/",
            "initiative": f"{self.base}id/initiative/",
            "theme": f"{self.base}id/theme/",
            "subject": f"{self.base}id/subject/",
        }

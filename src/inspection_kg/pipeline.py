"""The build, stage by stage. The only module that knows the order of the stages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .iri import DEFAULT_BASE_IRI, IriMinter
from .mapping import map_notices
from .parse import parse_notice
from .records import ResolvedNoticeRecord
from .resolve import resolve_notice
from .serialize import (
    JSONLD_NAME,
    NTRIPLES_NAME,
    TURTLE_NAME,
    jsonld_bytes,
    ntriples_bytes,
    turtle_bytes,
    write_dataset,
)
from .sources import find_notice_files, read_source

DEFAULT_NOTICES_DIR = Path("data/notices")
DEFAULT_OUT_DIR = Path("output")


@dataclass(frozen=True, slots=True)
class BuildResult:
    notices: int
    practices: int
    triples: int
    files: tuple[Path, ...]


def load_notices(paths: list[Path], *, allow_unresolved: bool = False) -> list[ResolvedNoticeRecord]:
    """Read, parse and resolve every notice; refuse two files of one document number."""
    resolved: list[ResolvedNoticeRecord] = []
    seen: dict[tuple[str, int, int], Path] = {}
    for path in find_notice_files(paths):
        notice = resolve_notice(parse_notice(read_source(path)), allow_unresolved=allow_unresolved)
        number = notice.notice.document_number
        key = (notice.slug, number.year, number.number)
        if key in seen:
            raise InputError(
                f"{number.span.text} is also the document number of {seen[key]}",
                path=path,
                line=number.span.line,
                fix="pass each notice once",
            )
        seen[key] = path
        resolved.append(notice)
    return resolved


def build(
    notice_paths: list[Path] | None = None,
    out_dir: Path = DEFAULT_OUT_DIR,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    allow_unresolved: bool = False,
) -> BuildResult:
    """Build the dataset from notice files (default: data/notices/) into ``out_dir``."""
    iris = IriMinter(base_iri)
    if not notice_paths:
        if not DEFAULT_NOTICES_DIR.is_dir():
            raise InputError(
                "no notice given and no data/notices/ folder here",
                path=DEFAULT_NOTICES_DIR,
                fix="run from the repository root or pass NOTICE.txt files",
            )
        notice_paths = [DEFAULT_NOTICES_DIR]
    notices = load_notices(notice_paths, allow_unresolved=allow_unresolved)
    graph = map_notices(notices, iris)
    outputs = {
        TURTLE_NAME: turtle_bytes(graph),
        NTRIPLES_NAME: ntriples_bytes(graph),
        JSONLD_NAME: jsonld_bytes(graph),
    }
    files = write_dataset(outputs, out_dir)
    return BuildResult(
        notices=len(notices),
        practices=sum(len(n.items) for n in notices),
        triples=len(graph),
        files=tuple(files),
    )

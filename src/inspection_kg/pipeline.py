"""The build, stage by stage. The only module that knows the order of the stages."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import ConfigError, InputError, InputErrors, InputWarning, ValidationFailed
from .layout import (
    CHART_NAME,
    DEFAULT_NOTICES_DIR,
    DEFAULT_OUT_DIR,
    FORMAT_FILES,
    MAP_NAME,
    NEIGHBOURHOOD_NAME,
    ONTOLOGY_DOC_NAME,
)
from .model.description import DataStatistics, describe_dataset
from .model.graphs import SharedIndex, iris_in
from .model.iri import DEFAULT_BASE_IRI, IriMinter
from .model.mapping import map_notices
from .model.terms import Term, Triple, literal_parts
from .model.vocab import VOCABULARY_PREFIXES, T
from .read.parse import parse_notice
from .read.records import ResolvedNoticeRecord
from .read.sources import find_notice_files, read_source
from .resolve.resolve import ItemProblem, resolve_notice
from .use.validate import rdflib_graph, validate_triples
from .write.chart import ProvinceChart
from .write.geo_map import practices_map
from .write.neighbourhood import neighbourhood_svg
from .write.ontology_doc import ontology_graph, ontology_markdown
from .write.serialize import DatasetFolder, RdfFiles

# A corpus of more notices than this is validated on a sample of this many notices
# (README, "Validation"): the check holds every triple it checks in memory, and a corpus
# has millions of them.
VALIDATED_NOTICES = 5
# From this many notice files, the data files are written by child processes
# (write/block_writers.py); below it, starting them costs more than it saves.
WRITER_PROCESS_FROM = 20


@dataclass(frozen=True, slots=True)
class BuildResult:
    notices: int
    practices: int
    triples: int
    validated_notices: int
    files: tuple[Path, ...]
    earlier_names: int = 0  # actors named as in an earlier year's division table
    warnings: tuple[InputWarning, ...] = ()  # what was read with a guess, for the user to see
    dropped: tuple[str, ...] = ()  # files of an earlier build in the folder that this build did not write


# stage ("read" or "write"), notices done, notices in all, triples written so far
Progress = Callable[[str, int, int, int], None]


def load_notices(
    paths: list[Path], *, allow_unresolved: bool = False, progress: Progress | None = None
) -> list[ResolvedNoticeRecord]:
    """Read, parse and resolve every notice; refuse two files of one document number.
    Every problem of every notice is collected and raised together (InputErrors)."""
    resolved: list[ResolvedNoticeRecord] = []
    problems: list[InputError] = []
    seen: dict[str, Path] = {}
    files = find_notice_files(paths)
    for done, path in enumerate(files):
        if progress is not None:
            progress("read", done, len(files), 0)
        try:
            reading = read_notice(path, allow_unresolved=allow_unresolved)
        except InputError as error:  # the notice as a whole cannot be read: go on to the next
            problems.append(error)
            continue
        problems.extend(reading.problems)
        notice = reading.notice
        key = notice.key.key
        if key in seen:
            number = notice.notice.document_number
            what = number.span.text if number is not None else f"the issuer, date and title ({key})"
            problems.append(
                InputError(
                    f"{what} is also the {'document number' if number else 'key'} of {seen[key]}",
                    path=path,
                    line=number.span.line if number is not None else notice.notice.title_lines[0].line,
                    fix="pass each notice once",
                )
            )
        seen[key] = path
        resolved.append(notice)
    if problems:
        raise problems[0] if len(problems) == 1 else InputErrors(problems)
    # The same notices give the same dataset whatever order they were named in.
    return sorted(
        resolved, key=lambda n: (n.notice.date, n.key.slug, n.key.year, n.key.number or 0, n.key.local)
    )


@dataclass(frozen=True, slots=True)
class NoticeReading:
    """One notice read as far as it can be: the items that could not be read are left out
    of ``notice`` and listed in ``failed_items``; ``problems`` holds every problem (those
    items' and the layout's), by line, each with its file:line and fix."""

    notice: ResolvedNoticeRecord
    failed_items: tuple[ItemProblem, ...]
    problems: tuple[InputError, ...]


def read_notice(path: Path, *, allow_unresolved: bool = False) -> NoticeReading:
    problems: list[InputError] = []
    notice = parse_notice(read_source(path), problems)
    failed: list[ItemProblem] = []
    resolved = resolve_notice(notice, allow_unresolved=allow_unresolved, problems=failed)
    problems.extend(problem.error for problem in failed)
    return NoticeReading(resolved, tuple(failed), tuple(sorted(problems, key=lambda e: e.line or 0)))


def _earlier_named(notice: ResolvedNoticeRecord) -> int:
    """Actors located in a division that only an earlier year's table has (长治市城区 in 2018)."""
    earlier = {record.division.code for record in notice.earlier_divisions}
    return sum(any(r.code in earlier for r in a.regions) for item in notice.items for a in item.actors)


RDF_FORMATS = ("nt", "nq", "ttl", "trig", "jsonld")


def parse_formats(text: str) -> frozenset[str]:
    """The names of `build --formats` (comma-separated) as a set; an unknown or missing
    name is a ConfigError that lists the valid ones."""
    names = [name.strip() for name in text.split(",")]
    valid = ", ".join(FORMAT_FILES)
    unknown = [name for name in names if name not in FORMAT_FILES]
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        raise ConfigError(f"--formats: unknown format {listed}", fix=f"name some of: {valid}")
    if not set(names) & set(RDF_FORMATS):
        raise ConfigError(
            "--formats names no RDF format; the dataset and its description are RDF",
            fix=f"name one or more of {', '.join(RDF_FORMATS)} as well",
        )
    return frozenset(names)


def validated_sample(count: int) -> list[int]:
    """Indexes of the notices the build validates: all of a small corpus; else the first,
    the last and others evenly spaced between them (deterministic)."""
    if count <= VALIDATED_NOTICES:
        return list(range(count))
    step = (count - 1) / (VALIDATED_NOTICES - 1)
    return sorted({round(i * step) for i in range(VALIDATED_NOTICES)})


def build(
    notice_paths: list[Path] | None = None,
    out_dir: Path = DEFAULT_OUT_DIR,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    allow_unresolved: bool = False,
    progress: Progress | None = None,
    formats: Collection[str] = frozenset(FORMAT_FILES),
) -> BuildResult:
    """Build the dataset from notice files (default: data/notices/) into ``out_dir``.
    ``formats``: the data files to write, by the names of layout.FORMAT_FILES (see
    parse_formats); the pictures and the ontology page are always written.

    The dataset is made and written block by block (graphs.py): each notice, then the
    shared graphs, then the description; every output is fed from the same blocks,
    and nothing holds the whole corpus."""
    # The build makes millions of small objects and no reference cycles worth a
    # collection: the cyclic collector would walk them all again and again (~30% of
    # a corpus build). Reference counting still frees everything as usual.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(notice_paths, out_dir, base_iri, allow_unresolved, progress, frozenset(formats))
    finally:
        if collecting:
            gc.enable()


def _build(
    notice_paths: list[Path] | None,
    out_dir: Path,
    base_iri: str,
    allow_unresolved: bool,
    progress: Progress | None,
    formats: frozenset[str],
) -> BuildResult:
    iris = IriMinter(base_iri)
    if not notice_paths:
        if not DEFAULT_NOTICES_DIR.is_dir():
            raise InputError(
                "no notice given and no data/notices/ folder here",
                path=DEFAULT_NOTICES_DIR,
                fix="run from the repository root or pass NOTICE.txt files",
            )
        notice_paths = [DEFAULT_NOTICES_DIR]
    with DatasetFolder(out_dir) as folder:  # a wrong --out is refused before any reading
        return _write(folder, iris, notice_paths, allow_unresolved, progress, formats)


def _write(
    folder: DatasetFolder,
    iris: IriMinter,
    notice_paths: list[Path],
    allow_unresolved: bool,
    progress: Progress | None,
    formats: frozenset[str],
) -> BuildResult:
    """Read the notices, then feed every block to every output, validate, and commit."""
    if not formats & set(RDF_FORMATS) or not formats <= set(FORMAT_FILES):
        raise ValueError(f"not a set of formats to build: {sorted(formats)}")
    files = find_notice_files(notice_paths)
    prefixes = {**{prefix: str(ns) for prefix, ns in VOCABULARY_PREFIXES.items()}, **iris.data_prefixes()}
    # Writer processes start now, so that their start-up overlaps the reading.
    rdf = RdfFiles(folder, prefixes, formats, separate_process=len(files) >= WRITER_PROCESS_FROM)
    notices = load_notices(files, allow_unresolved=allow_unresolved, progress=progress)
    sample = set(validated_sample(len(notices)))
    statistics = DataStatistics(iris.base)
    chart = ProvinceChart()
    showcase = Showcase()
    shared = SharedIndex()
    checked: list[Triple] = []  # what SHACL sees: the sampled notices (all of a small corpus)
    for index, block in enumerate(map_notices(notices, iris)):
        graphs, union = block.sealed()
        rdf.write(graphs, union)
        statistics.add(graphs, union)
        chart.add(union)
        if index < len(notices):
            showcase.add(union)
            if index in sample:
                checked.extend(union)
            if progress is not None:
                progress("write", index + 1, len(notices), statistics.triples)
        else:  # the shared graphs
            shared.add(union)

    file_names = [name for key, name in FORMAT_FILES.items() if key in formats]
    file_names += [ONTOLOGY_DOC_NAME, CHART_NAME, MAP_NAME]
    if showcase.practice is not None:
        file_names.append(NEIGHBOURHOOD_NAME)
    description = describe_dataset(
        statistics,
        iris,
        notices,
        file_names,
        version=__version__,
        source_date_epoch=source_date_epoch(),
    )
    graphs, union = description.sealed()
    rdf.write(graphs, union)
    chart.add(union)
    shared.add(union)

    if len(sample) == len(notices):  # every block: the whole graph
        checked.extend(shared.everything())
    else:
        left_out = [resolved for index, resolved in enumerate(notices) if index not in sample]
        checked.extend(
            shared.reachable(iris_in(checked) | {f"<{iris.dataset()}>"}, _notice_iris(iris, left_out))
        )
    report = validate_triples(checked)
    if not report.conforms:
        raise ValidationFailed(
            "the built graph does not conform to ontology/shapes.ttl; nothing was written:\n"
            + report.render(),
            fix="this is a bug in the builder or in curated data; please report it with the notice",
        )

    folder.write_bytes(ONTOLOGY_DOC_NAME, ontology_markdown(ontology_graph()))
    folder.write_bytes(CHART_NAME, chart.svg())
    folder.write_bytes(MAP_NAME, practices_map(chart, iris.region))
    if showcase.practice is not None:
        around = showcase.triples + shared.reachable(iris_in(showcase.triples))
        folder.write_bytes(NEIGHBOURHOOD_NAME, neighbourhood_svg(rdflib_graph(around), showcase.practice))
    rdf.close()  # last: on a corpus the writer processes finish their files meanwhile
    files = folder.commit()
    return BuildResult(
        notices=len(notices),
        practices=sum(len(n.items) for n in notices),
        triples=statistics.triples + len(union),
        validated_notices=len(sample),
        files=tuple(files),
        earlier_names=sum(_earlier_named(notice) for notice in notices),
        warnings=tuple(warning for notice in notices for warning in notice.warnings),
        dropped=tuple(folder.dropped),
    )


def _notice_iris(iris: IriMinter, notices: list[ResolvedNoticeRecord]) -> frozenset[Term]:
    """The IRIs by which the description names ``notices`` (their graphs, works, texts
    and example practices), to leave out of a sampled validation."""
    names: set[Term] = set()
    for resolved in notices:
        notice_iris = iris.of_notice(resolved)
        first = min(item.item.ordinal for item in resolved.items)
        names.update(
            f"<{iri}>"
            for iri in [
                *(
                    iris.notice_graph(notice_iris.key, part)
                    for part in ("stated", "added", "inferred", "provenance")
                ),
                notice_iris.work,
                notice_iris.source_text,
                iris.practice(notice_iris.key, first),
            ]
        )
    return frozenset(names)


class Showcase:
    """The practice to draw with its neighbourhood: the one with the most organisations
    and regions (the richest picture); on a tie, the first by notice IRI, then ordinal.
    Keeps the triples of that practice's notice."""

    def __init__(self) -> None:
        self.practice: str | None = None
        self.triples: list[Triple] = []
        self._rank: tuple[int, str, int] | None = None

    def add(self, union: list[Triple]) -> None:
        """One notice's block, sorted."""
        links: dict[Term, set[Term]] = {}
        notice: dict[Term, Term] = {}
        ordinal: dict[Term, int] = {}
        counted = (T.IKG.attributedTo, T.DCTERMS.spatial)
        for subject, predicate, obj in union:
            if predicate in counted:
                links.setdefault(subject, set()).add(obj)
            elif predicate == T.IKG.commendedIn:
                notice[subject] = obj
            elif predicate == T.IKG.ordinal:
                ordinal[subject] = int(literal_parts(obj)[0])
        for practice, work in notice.items():
            rank = (-len(links.get(practice, ())), work[1:-1], ordinal.get(practice, 0))
            if self._rank is None or rank < self._rank:
                self._rank, self.practice, self.triples = rank, practice[1:-1], union


def source_date_epoch() -> int | None:
    """The reproducible-builds convention for a build time; None when unset."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    if not value.isdigit() or int(value) > 253402300799:  # 9999-12-31T23:59:59Z
        raise ConfigError(
            f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds",
            fix="set it to e.g. $(git log -1 --format=%ct), or unset it",
        )
    return int(value)

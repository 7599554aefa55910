"""The build, stage by stage. The only module that knows the order of the stages."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from . import __version__
from .description import describe_dataset
from .errors import ConfigError, InputError, ValidationFailed
from .iri import DEFAULT_BASE_IRI, IriMinter
from .layout import (
    CHART_NAME,
    DEFAULT_NOTICES_DIR,
    DEFAULT_OUT_DIR,
    GRAPHML_NAME,
    JSONLD_NAME,
    NEIGHBOURHOOD_NAME,
    NODE_LINK_NAME,
    NQUADS_NAME,
    NTRIPLES_NAME,
    ONTOLOGY_DOC_NAME,
    TRIG_NAME,
    TURTLE_NAME,
)
from .mapping import map_notices
from .network import graphml_bytes, node_link_bytes, property_graph
from .ontology_doc import ontology_graph, ontology_markdown
from .parse import parse_notice
from .pictures import neighbourhood_svg, practices_per_province_svg
from .records import ResolvedNoticeRecord
from .resolve import resolve_notice
from .serialize import (
    jsonld_bytes,
    nquads_bytes,
    ntriples_bytes,
    trig_bytes,
    turtle_bytes,
    write_dataset,
)
from .sources import find_notice_files, read_source
from .validate import validate_graph
from .vocab import IKG


@dataclass(frozen=True, slots=True)
class BuildResult:
    notices: int
    practices: int
    triples: int
    files: tuple[Path, ...]


Progress = Callable[[int, int, Path], None]  # notices done, notices in all, the current file


def load_notices(
    paths: list[Path], *, allow_unresolved: bool = False, progress: Progress | None = None
) -> list[ResolvedNoticeRecord]:
    """Read, parse and resolve every notice; refuse two files of one document number."""
    resolved: list[ResolvedNoticeRecord] = []
    seen: dict[tuple[str, int, int], Path] = {}
    files = find_notice_files(paths)
    for done, path in enumerate(files):
        if progress is not None:
            progress(done, len(files), path)
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
    # The same notices give the same dataset whatever order they were named in.
    return sorted(
        resolved,
        key=lambda n: (n.notice.date, n.slug, n.notice.document_number.year, n.notice.document_number.number),
    )


def build(
    notice_paths: list[Path] | None = None,
    out_dir: Path = DEFAULT_OUT_DIR,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    allow_unresolved: bool = False,
    progress: Progress | None = None,
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
    notices = load_notices(notice_paths, allow_unresolved=allow_unresolved, progress=progress)
    graphs = map_notices(notices, iris)
    data = graphs.union()
    network = property_graph(data)
    outputs = {
        ONTOLOGY_DOC_NAME: ontology_markdown(ontology_graph()),
        GRAPHML_NAME: graphml_bytes(network),
        NODE_LINK_NAME: node_link_bytes(network),
        CHART_NAME: practices_per_province_svg(data),
    }
    showcase = showcase_practice(data)
    if showcase is not None:
        outputs[NEIGHBOURHOOD_NAME] = neighbourhood_svg(data, showcase)
    rdf_names = [TURTLE_NAME, NTRIPLES_NAME, JSONLD_NAME, NQUADS_NAME, TRIG_NAME]
    describe_dataset(
        graphs,
        data,
        iris,
        notices,
        [*rdf_names, *outputs],
        version=__version__,
        source_date_epoch=source_date_epoch(),
    )
    everything = data  # the data graphs' union, now with the description added to it
    for triple in graphs.graph(iris.shared_graph("dataset")):
        everything.add(triple)
    report = validate_graph(everything)
    if not report.conforms:
        raise ValidationFailed(
            f"the built graph does not conform to ontology/shapes.ttl; nothing was written:\n{report.render()}",
            fix="this is a bug in the builder or in curated data; please report it with the notice",
        )
    outputs[TURTLE_NAME] = turtle_bytes(everything)
    outputs[NTRIPLES_NAME] = ntriples_bytes(everything)
    outputs[JSONLD_NAME] = jsonld_bytes(everything)
    outputs[NQUADS_NAME] = nquads_bytes(graphs)
    outputs[TRIG_NAME] = trig_bytes(graphs)
    files = write_dataset(outputs, out_dir)
    return BuildResult(
        notices=len(notices),
        practices=sum(len(n.items) for n in notices),
        triples=len(everything),
        files=tuple(files),
    )


def showcase_practice(data: Graph) -> URIRef | None:
    """The practice to draw with its neighbourhood: the one with the most organisations
    and regions (the richest picture); on a tie, the first by notice IRI, then ordinal."""

    def rank(practice: URIRef) -> tuple[int, str, int]:
        links = len(set(data.objects(practice, IKG.attributedTo))) + len(
            set(data.objects(practice, DCTERMS.spatial))
        )
        ordinal = data.value(practice, IKG.ordinal)
        number = ordinal.toPython() if isinstance(ordinal, Literal) else 0
        return (-links, str(data.value(practice, IKG.commendedIn)), number if isinstance(number, int) else 0)

    practices = [p for p in data.subjects(RDF.type, IKG.Practice) if isinstance(p, URIRef)]
    return min(practices, key=rank) if practices else None


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

"""The dataset describes itself: DCAT (with the DCAT-AP mandatory properties), VoID
statistics computed from the data, and PROV-O for the build that made it.

Counts are taken from the graphs, never typed. The description lives in its own
named graph (``…/graph/dataset``) and its counts cover the data graphs only: a
count that included itself could not be stated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..read.records import ResolvedNoticeRecord
from ..resolve.curated import load_dataset_metadata
from ..resources import data_file
from .graphs import Block, add
from .iri import IriMinter
from .terms import XSD_NS, Term, Triple, in_en, in_language, in_zh, integer, literal, typed
from .vocab import IKG, LANGUAGE_ENG, LANGUAGE_ZHO, VOCABULARY_PREFIXES, T
from .wikidata import WIKIDATA_DATASET

DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SCHEMA, SKOS, SPDX, VOID = (
    T.DCAT,
    T.DCTERMS,
    T.FOAF,
    T.PROV,
    T.RDF,
    T.RDFS,
    T.SCHEMA,
    T.SKOS,
    T.SPDX,
    T.VOID,
)

LANGUAGES = (LANGUAGE_ENG, LANGUAGE_ZHO)  # of the labels: zh, and en where curated
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
# W3C's "Unique URIs for File Formats", https://www.w3.org/ns/formats/
W3C_FORMATS = "http://www.w3.org/ns/formats/"
# The EU Vocabularies "File types" authority table, which DCAT-AP names for dcterms:format
# (http://publications.europa.eu/resource/authority/file-type); each code used below was
# checked against a public copy of the table's list. It has no code for Markdown.
EU_FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"


def reference_files() -> list[tuple[str, str]]:
    """The reference files a build reads besides the notices: the division table and
    every curated YAML file (package data, see resources.py), as (folder, name)."""
    curated = sorted(path.name for path in data_file("curated").glob("*.yaml"))
    return [("divisions", "divisions.tsv"), *(("curated", name) for name in curated)]


@dataclass(frozen=True, slots=True)
class OutputFormat:
    title_en: str
    title_zh: str
    media_type: str
    conforms_to: str | None = None
    is_rdf: bool = False
    file_type: str | None = None  # code in EU_FILE_TYPES


# Every file the build writes, by suffix; each becomes one dcat:Distribution.
OUTPUT_FORMATS = {
    ".ttl": OutputFormat("Turtle", "Turtle 格式", "text/turtle", W3C_FORMATS + "Turtle", True, "RDF_TURTLE"),
    ".nt": OutputFormat(
        "N-Triples",
        "N-Triples 格式",
        "application/n-triples",
        W3C_FORMATS + "N-Triples",
        True,
        "RDF_N_TRIPLES",
    ),
    ".nq": OutputFormat(
        "N-Quads with named graphs",
        "N-Quads 格式（含命名图）",
        "application/n-quads",
        W3C_FORMATS + "N-Quads",
        True,
        "RDF_N_QUADS",
    ),
    ".trig": OutputFormat(
        "TriG with named graphs",
        "TriG 格式（含命名图）",
        "application/trig",
        W3C_FORMATS + "TriG",
        True,
        "RDF_TRIG",
    ),
    ".jsonld": OutputFormat(
        "JSON-LD with a local context",
        "JSON-LD 格式（内嵌上下文）",
        "application/ld+json",
        W3C_FORMATS + "JSON-LD",
        True,
        "JSON_LD",
    ),
    ".graphml": OutputFormat(
        "Property graph, GraphML (Gephi, yEd, Cytoscape)",
        "属性图，GraphML 格式（Gephi、yEd、Cytoscape）",
        "application/xml",
        "http://graphml.graphdrawing.org/xmlns",
        file_type="XML",
    ),
    ".json": OutputFormat(
        "Property graph, node-link JSON (networkx, D3)",
        "属性图，node-link JSON 格式",
        "application/json",
        file_type="JSON",
    ),
    ".svg": OutputFormat("Picture (SVG)", "图（SVG）", "image/svg+xml", file_type="SVG"),
    ".md": OutputFormat("Ontology documentation (Markdown)", "本体说明（Markdown）", "text/markdown"),
}


def output_format(file_name: str) -> OutputFormat:
    return OUTPUT_FORMATS["." + file_name.rsplit(".", 1)[-1]]


Put = Callable[[str, Term, str], None]


class DataStatistics:
    """The VoID counts of the data graphs, gathered block by block (graphs.py): no
    subject has triples in two blocks, so distinct subjects add up."""

    def __init__(self, base: str) -> None:
        self.entity_prefix = f"<{base}"
        self.triples = 0
        self.subjects = 0
        self.entities = 0
        self.predicates: set[Term] = set()
        self.classes: set[Term] = set()
        self.graph_triples: dict[str, int] = {}

    def add(self, graphs: list[tuple[str, list[Triple]]], union: list[Triple]) -> None:
        """``union``: the block's triples, sorted (so a subject's triples are adjacent)."""
        for name, triples in graphs:
            self.graph_triples[name] = self.graph_triples.get(name, 0) + len(triples)
        self.triples += len(union)
        subjects = {s for s, _, _ in union}
        self.subjects += len(subjects)
        self.entities += sum(1 for s in subjects if s.startswith(self.entity_prefix))
        self.predicates.update(p for _, p, _ in union)
        rdf_type = RDF.type
        self.classes.update(o for _, p, o in union if p == rdf_type)


GRAPH_TITLES = {
    "stated": ("what the notice's text states", "通知原文所述事实"),
    "added": (
        "what the builder adds by reading the text (resolved agents, regions, types)",
        "构建程序据原文推得的事实",
    ),
    "inferred": (
        "facts inferred by rules (theme assignments), each typed ikg:InferredFact",
        "按规则推断的事实（主题归类），均标注为 ikg:InferredFact",
    ),
    "provenance": (
        "where each fact was read: Web Annotations into the source text",
        "事实出处：指向原文字符的 Web 注释",
    ),
    "wikidata-links": (
        "links to Wikidata items (skos:exactMatch), each QID verified in public material recorded in "
        + "data/curated/provinces.yaml",
        "与维基数据条目的链接（skos:exactMatch），每个 QID 均经公开资料核实，来源记于 data/curated/provinces.yaml",
    ),
    "reference": (
        "reference data: division table, organisations, inspection campaigns, concept schemes",
        "参考数据：行政区划、机关、督查活动、概念体系",
    ),
}


def describe_dataset(
    statistics: DataStatistics,
    iris: IriMinter,
    notices: list[ResolvedNoticeRecord],
    file_names: list[str],
    *,
    version: str,
    source_date_epoch: int | None,
) -> Block:
    """The ``dataset`` graph: the description of the data graphs ``statistics`` counted
    and of the files ``file_names``."""
    meta = load_dataset_metadata()
    data_names = sorted(statistics.graph_triples)
    block = Block()
    target = block.graph(iris.shared_graph("dataset"))

    def put(subject: str, predicate: Term, obj: str) -> None:
        add(target, subject, predicate, obj)

    dataset = iris.dataset()
    put(dataset, RDF.type, DCAT.Dataset)
    put(dataset, RDF.type, VOID.Dataset)
    for lang, text in sorted(meta.title.items()):
        put(dataset, DCTERMS.title, in_language(text, lang))
    practices = sum(len(n.items) for n in notices)
    put(
        dataset,
        DCTERMS.description,
        in_en(f"{meta.description['en']} {len(notices)} notice(s), {practices} practices."),
    )
    put(
        dataset,
        DCTERMS.description,
        in_zh(f"{meta.description['zh']}共收录通知 {len(notices)} 件、典型经验做法 {practices} 项。"),
    )
    for lang, words in sorted(meta.keywords.items()):
        for word in words:
            put(dataset, DCAT.keyword, in_language(word, lang))
    for language in LANGUAGES:
        put(dataset, DCTERMS.language, language)
        put(language, RDF.type, DCTERMS.LinguisticSystem)

    publisher = iris.publisher(meta.publisher_key)
    put(dataset, DCTERMS.publisher, publisher)
    put(publisher, RDF.type, FOAF.Agent)
    for lang, name in sorted(meta.publisher_name.items()):
        put(publisher, FOAF.name, in_language(name, lang))
    put(dataset, DCTERMS.license, meta.licence_iri)
    put(meta.licence_iri, RDF.type, DCTERMS.LicenseDocument)
    put(meta.licence_iri, RDFS.label, literal(meta.licence_name))
    put(dataset, DCTERMS.conformsTo, str(IKG))
    put(str(IKG), RDF.type, DCTERMS.Standard)

    # The notices the data is about. Not dcterms:source: DCAT-AP 3.0.1 gives that a
    # dcat:Dataset as value, and a notice is a document (its text is prov:wasDerivedFrom).
    for resolved in notices:
        put(dataset, DCTERMS.relation, iris.of_notice(resolved).work)

    _void_statistics(put, dataset, statistics, iris, notices)
    for name in data_names:
        put(dataset, VOID.subset, name)
        put(name, RDF.type, VOID.Dataset)
        put(name, VOID.triples, integer(statistics.graph_triples[name]))
        en, zh = GRAPH_TITLES[name.rstrip("/").rsplit("/", 1)[-1]]
        put(name, DCTERMS.title, in_en(f"Named graph: {en}"))
        put(name, DCTERMS.title, in_zh(f"命名图：{zh}"))
        if name == iris.shared_graph("wikidata-links"):
            put(name, RDF.type, VOID.Linkset)
            put(name, VOID.subjectsTarget, dataset)
            put(name, VOID.objectsTarget, WIKIDATA_DATASET)
            put(name, VOID.linkPredicate, SKOS.exactMatch)
            put(name, DCTERMS.source, literal("data/curated/provinces.yaml (qid_source of each entry)"))

    for file_name in sorted(file_names):
        fmt = output_format(file_name)
        distribution = iris.distribution(file_name)
        put(dataset, DCAT.distribution, distribution)
        put(distribution, RDF.type, DCAT.Distribution)
        put(distribution, DCTERMS.title, in_en(f"{fmt.title_en}: {file_name}"))
        put(distribution, DCTERMS.title, in_zh(f"{fmt.title_zh}：{file_name}"))
        put(distribution, DCAT.mediaType, IANA_MEDIA_TYPES + fmt.media_type)
        put(IANA_MEDIA_TYPES + fmt.media_type, RDF.type, DCTERMS.MediaType)
        if fmt.file_type is not None:
            put(distribution, DCTERMS.format, EU_FILE_TYPES + fmt.file_type)
            put(EU_FILE_TYPES + fmt.file_type, RDF.type, DCTERMS.MediaTypeOrExtent)
        put(distribution, DCAT.downloadURL, iris.download(file_name))
        put(distribution, DCAT.accessURL, iris.download(file_name))
        put(distribution, DCTERMS.license, meta.licence_iri)
        if fmt.conforms_to is not None:
            put(distribution, DCTERMS.conformsTo, fmt.conforms_to)
            put(fmt.conforms_to, RDF.type, DCTERMS.Standard)
        if fmt.is_rdf:
            put(dataset, VOID.dataDump, iris.download(file_name))

    _build_provenance(put, dataset, iris, notices, version, source_date_epoch)
    return block


def _void_statistics(
    put: Put, dataset: str, statistics: DataStatistics, iris: IriMinter, notices: list[ResolvedNoticeRecord]
) -> None:
    put(dataset, VOID.triples, integer(statistics.triples))
    put(dataset, VOID.distinctSubjects, integer(statistics.subjects))
    put(dataset, VOID.entities, integer(statistics.entities))
    put(dataset, VOID.properties, integer(len(statistics.predicates)))
    put(dataset, VOID.classes, integer(len(statistics.classes)))
    put(dataset, VOID.uriSpace, literal(iris.base))
    used = {term[1:-1] for term in statistics.predicates | statistics.classes}
    for namespace in sorted({str(ns) for ns in VOCABULARY_PREFIXES.values()}):
        if any(term.startswith(namespace) for term in used):
            put(dataset, VOID.vocabulary, namespace)
    for resolved in notices:
        put(dataset, VOID.exampleResource, iris.of_notice(resolved).work)
        first = min(item.item.ordinal for item in resolved.items)
        key = iris.of_notice(resolved).key
        put(dataset, VOID.exampleResource, iris.practice(key, first))


def _build_provenance(
    put: Put,
    dataset: str,
    iris: IriMinter,
    notices: list[ResolvedNoticeRecord],
    version: str,
    source_date_epoch: int | None,
) -> None:
    """PROV-O: the dataset was generated by a build of this tool's version, which used
    the notice texts and the reference files (each with its sha256). A time is stated
    only when SOURCE_DATE_EPOCH gives one, so a rebuild gives the same bytes."""
    activity = iris.build_activity()
    software = iris.software("inspection-kg", version)
    put(dataset, PROV.wasGeneratedBy, activity)
    put(activity, RDF.type, PROV.Activity)
    put(activity, RDFS.label, in_en(f"build of the dataset by inspection-kg {version}"))
    put(activity, PROV.wasAssociatedWith, software)
    put(software, RDF.type, PROV.SoftwareAgent)
    put(software, RDFS.label, literal(f"inspection-kg {version}"))
    put(software, SCHEMA.softwareVersion, literal(version))
    put(software, SCHEMA.name, literal("inspection-kg"))
    for resolved in notices:
        source = iris.of_notice(resolved).source_text
        put(activity, PROV.used, source)
        put(dataset, PROV.wasDerivedFrom, source)
    for folder, name in reference_files():
        entity = iris.input_file(f"data/{folder}/{name}")
        put(activity, PROV.used, entity)
        put(entity, RDF.type, PROV.Entity)
        checksum = f"{entity}#sha256"
        put(entity, SPDX.checksum, checksum)
        put(checksum, RDF.type, SPDX.Checksum)
        put(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        put(SPDX.checksumAlgorithm_sha256[1:-1], RDF.type, SPDX.ChecksumAlgorithm)
        digest = hashlib.sha256(data_file(folder, name).read_bytes()).hexdigest()
        put(checksum, SPDX.checksumValue, typed(digest, XSD_NS + "hexBinary"))
    if source_date_epoch is not None:
        moment = datetime.fromtimestamp(source_date_epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        put(activity, PROV.endedAtTime, typed(moment, XSD_NS + "dateTime"))
        put(dataset, DCTERMS.modified, typed(moment, XSD_NS + "dateTime"))

"""Names of a built dataset's folder and files. Kept free of heavy imports, so commands
that only read a dataset (query, serve, load) start fast."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError

DEFAULT_NOTICES_DIR = Path("data/notices")
DEFAULT_OUT_DIR = Path("output")

TURTLE_NAME = "inspection-kg.ttl"
NTRIPLES_NAME = "inspection-kg.nt"
JSONLD_NAME = "inspection-kg.jsonld"
NQUADS_NAME = "inspection-kg.nq"
TRIG_NAME = "inspection-kg.trig"
GRAPHML_NAME = "inspection-kg.graphml"
NODE_LINK_NAME = "inspection-kg.node-link.json"
CHART_NAME = "practices-per-province.svg"
MAP_NAME = "practices-map.svg"
NEIGHBOURHOOD_NAME = "graph-around-a-practice.svg"
ONTOLOGY_DOC_NAME = "ontology.md"

# The data files `build --formats` chooses among, by the names it takes (README).
FORMAT_FILES = {
    "nt": NTRIPLES_NAME,
    "nq": NQUADS_NAME,
    "ttl": TURTLE_NAME,
    "trig": TRIG_NAME,
    "jsonld": JSONLD_NAME,
    "graphml": GRAPHML_NAME,
    "json": NODE_LINK_NAME,
}
# Every file a build may write: a file of these names in --out that a build does not
# write is an earlier build's, no longer true of the data, and is not kept.
DATASET_FILES = frozenset(
    [*FORMAT_FILES.values(), CHART_NAME, MAP_NAME, NEIGHBOURHOOD_NAME, ONTOLOGY_DOC_NAME]
)

# The RDF files in the order a reader of a dataset takes the first one present: the quad
# files first (they keep the named graphs), N-Triples before Turtle (faster to parse),
# JSON-LD last; each with its pyoxigraph.RdfFormat name.
RDF_FILES = {
    NQUADS_NAME: "N_QUADS",
    TRIG_NAME: "TRIG",
    NTRIPLES_NAME: "N_TRIPLES",
    TURTLE_NAME: "TURTLE",
    JSONLD_NAME: "JSON_LD",
}


def rdf_files(dataset: Path) -> list[Path]:
    """The RDF files of a dataset folder, in the order of ``RDF_FILES``."""
    return [dataset / name for name in RDF_FILES if (dataset / name).is_file()]


def required_rdf_files(dataset: Path) -> list[Path]:
    """The RDF files of a dataset folder; an input error when it has none."""
    present = rdf_files(dataset)
    if not present:
        raise InputError(
            f"no dataset here: none of {', '.join(RDF_FILES)} found",
            path=dataset,
            fix="pass the folder that inspection-kg build wrote (default: output/)",
        )
    return present

"""Names of a built dataset's folder and files. Kept free of heavy imports, so commands
that only read a dataset (query, serve, load) start fast."""

from __future__ import annotations

from pathlib import Path

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
NEIGHBOURHOOD_NAME = "graph-around-a-practice.svg"
ONTOLOGY_DOC_NAME = "ontology.md"

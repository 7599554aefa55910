"""The dataset's self-description: DCAT, VoID counts and PROV, checked against the files
of the build and counts taken independently from the N-Quads."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

from .conftest import REPO, SEED

BASE = "https://w3id.org/inspection-kg/"
DATASET = URIRef(f"{BASE}dataset")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
SCHEMA = rdflib.Namespace("http://schema.org/")
# IANA media types registry, https://www.iana.org/assignments/media-types/ (GraphML has no
# registered type of its own: it is XML).
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".graphml": "application/xml",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".md": "text/markdown",
}


@pytest.fixture(scope="module")
def quads(built_dir: Path) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(built_dir / "inspection-kg.nq", format="nquads")
    return dataset


def _graph_sizes(quads: rdflib.Dataset) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for *_, g in quads.quads((None, None, None, None)):
        sizes[str(g)] = sizes.get(str(g), 0) + 1
    return sizes


def test_one_distribution_per_output_file_and_each_exists(built_dir: Path, graph: rdflib.Graph) -> None:
    distributions = set(graph.objects(DATASET, DCAT.distribution))
    files = sorted(p.name for p in built_dir.iterdir())
    listed = sorted(
        str(graph.value(d, DCAT.downloadURL)).removeprefix(f"{BASE}download/") for d in distributions
    )
    assert listed == files
    for distribution in distributions:
        url = str(graph.value(distribution, DCAT.downloadURL))
        assert graph.value(distribution, DCAT.accessURL) == URIRef(url)
        suffix = Path(url).suffix
        assert graph.value(distribution, DCAT.mediaType) == URIRef(
            f"http://www.iana.org/assignments/media-types/{MEDIA_TYPES[suffix]}"
        )
    dumps = sorted(str(u).rsplit("/", 1)[-1] for u in graph.objects(DATASET, VOID.dataDump))
    assert dumps == sorted(n for n in files if Path(n).suffix in {".ttl", ".nt", ".nq", ".trig", ".jsonld"})


def test_void_counts_are_the_counts_of_the_data(graph: rdflib.Graph, quads: rdflib.Dataset) -> None:
    sizes = _graph_sizes(quads)
    description = f"{BASE}graph/dataset"
    assert graph.value(DATASET, VOID.triples) == Literal(sum(n for g, n in sizes.items() if g != description))
    subsets = {str(s) for s in graph.objects(DATASET, VOID.subset)}
    assert subsets == set(sizes) - {description}
    for subset in subsets:
        assert graph.value(URIRef(subset), VOID.triples) == Literal(sizes[subset])


def test_void_vocabularies_are_the_namespaces_used(graph: rdflib.Graph, quads: rdflib.Dataset) -> None:
    terms = set()
    for s, p, o, g in quads.quads((None, None, None, None)):
        if str(g) != f"{BASE}graph/dataset":
            terms.add(str(p))
            if p == rdflib.RDF.type:
                terms.add(str(o))
    namespaces = {term[: max(term.rfind("#"), term.rfind("/")) + 1] for term in terms}
    assert {str(v) for v in graph.objects(DATASET, VOID.vocabulary)} == namespaces
    assert graph.value(DATASET, VOID.uriSpace) == Literal(BASE)
    examples = set(graph.objects(DATASET, VOID.exampleResource))
    assert URIRef(f"{BASE}eli/cn/guobanfa/2020/46") in examples


def test_dcat_ap_mandatory_properties_in_both_languages(graph: rdflib.Graph) -> None:
    for prop in (DCTERMS.title, DCTERMS.description):
        assert sorted(v.language for v in graph.objects(DATASET, prop)) == ["en", "zh"]  # type: ignore[attr-defined]
    description_zh = str(next(v for v in graph.objects(DATASET, DCTERMS.description) if v.language == "zh"))  # type: ignore[attr-defined]
    assert "典型经验做法 43 项" in description_zh  # the notice's 等43项
    assert graph.value(DATASET, DCTERMS.license) == URIRef(
        "http://creativecommons.org/publicdomain/zero/1.0/"
    )
    assert (graph.value(DATASET, DCTERMS.publisher), rdflib.RDF.type, rdflib.FOAF.Agent) in graph


def test_prov_names_the_tool_version_and_every_input_with_its_sha256(graph: rdflib.Graph) -> None:
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    build = graph.value(DATASET, PROV.wasGeneratedBy)
    software = graph.value(build, PROV.wasAssociatedWith)
    assert graph.value(software, SCHEMA.softwareVersion) == Literal(version)
    assert graph.value(build, PROV.endedAtTime) is None  # no clock unless SOURCE_DATE_EPOCH
    used = {str(u) for u in graph.objects(build, PROV.used)}
    expected_files = {
        "data/divisions/divisions.tsv": REPO / "data" / "divisions" / "divisions.tsv",
        **{f"data/curated/{p.name}": p for p in (REPO / "data" / "curated").glob("*.yaml")},
    }
    assert used == {f"{BASE}source/{rel}" for rel in expected_files} | {
        f"{BASE}source/guobanfa-2020-46/zh-nfc.txt"
    }
    for rel, path in expected_files.items():
        checksum = graph.value(URIRef(f"{BASE}source/{rel}"), SPDX.checksum)
        assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_source_date_epoch_is_the_only_clock(tmp_path: Path) -> None:
    epoch = 1605744000
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    run = [sys.executable, "-m", "inspection_kg", "build", str(SEED), "--out", str(tmp_path), "-q"]
    subprocess.run(run, check=True, env=env)
    moment = datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert moment == "2020-11-19T00:00:00Z"
    typed = f'"{moment}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .'
    lines = (tmp_path / "inspection-kg.nt").read_text(encoding="utf-8").splitlines()
    assert f"<{BASE}dataset/build> <{PROV.endedAtTime}> {typed}" in lines
    assert f"<{DATASET}> <{DCTERMS.modified}> {typed}" in lines

    bad = subprocess.run(
        run, env={**env, "SOURCE_DATE_EPOCH": "yesterday"}, capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2
    assert "SOURCE_DATE_EPOCH='yesterday' is not a whole number" in bad.stderr
    assert "Traceback" not in bad.stderr

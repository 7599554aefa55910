"""The dataset's contract: the notice, 43 practices, regions, organisations; the README
query and its answer on two SPARQL engines; ontology coverage; no blank nodes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pyoxigraph
import rdflib
import rdflib.compare
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from inspection_kg.resources import ontology_file

from .conftest import REPO, SEED, SeedActor

BASE = "https://w3id.org/inspection-kg/"
IKG = rdflib.Namespace(BASE + "def/")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
NOTICE = URIRef(BASE + "eli/cn/guobanfa/2020/46")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_seed_is_the_published_text() -> None:
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest in (REPO / "data" / "README.md").read_text(encoding="utf-8")
    shared = REPO.parent / "shared" / "seed" / "guobanfa-2020-46.txt"
    if shared.exists():
        assert shared.read_bytes() == SEED.read_bytes()


def test_notice_metadata(graph: rdflib.Graph) -> None:
    assert set(graph.objects(NOTICE, RDF.type)) == {ELI.LegalResource, IKG.Notice}
    assert graph.value(NOTICE, ELI.id_local) == Literal("国办发〔2020〕46号")
    assert graph.value(NOTICE, ELI.number) == Literal("46")
    assert graph.value(NOTICE, ELI.date_document) == Literal("2020-11-19", datatype=XSD_DATE)
    issuer = graph.value(NOTICE, ELI.passed_by)
    assert Literal("国务院办公厅", lang="zh") in set(graph.objects(issuer, SKOS.prefLabel))
    council = graph.value(issuer, ORG.subOrganizationOf)
    assert Literal("国务院", lang="zh") in set(graph.objects(council, SKOS.prefLabel))
    assert graph.value(NOTICE, IKG.approvedBy) == council
    doc_type = graph.value(NOTICE, ELI.type_document)
    assert Literal("通报", lang="zh") in set(graph.objects(doc_type, SKOS.prefLabel))
    expression = graph.value(NOTICE, ELI.is_realized_by)
    assert graph.value(expression, ELI.title) == Literal(
        "国务院办公厅关于对国务院第七次大督查发现的典型经验做法给予表扬的通报", lang="zh"
    )
    assert graph.value(expression, ELI.language) == URIRef(
        "http://publications.europa.eu/resource/authority/language/ZHO"
    )


def test_exactly_43_practices_numbered_1_to_43(graph: rdflib.Graph) -> None:
    practices = list(graph.subjects(RDF.type, IKG.Practice))
    assert len(practices) == 43
    assert sorted(int(graph.value(p, IKG.ordinal)) for p in practices) == list(range(1, 44))
    for practice in practices:
        ordinal = int(graph.value(practice, IKG.ordinal))
        assert str(practice) == f"{BASE}id/practice/guobanfa-2020-46/{ordinal}"
        assert graph.value(practice, IKG.commendedIn) == NOTICE
        assert graph.value(practice, IKG.ordinal).datatype == XSD_INTEGER


def test_practices_link_the_hand_made_actors(graph: rdflib.Graph, seed_actors: list[SeedActor]) -> None:
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()
    for actor in seed_actors:
        practice = URIRef(f"{BASE}id/practice/guobanfa-2020-46/{actor.ordinal}")
        printed = seed_lines[27 + actor.ordinal - 1].split("．", 1)[1].rstrip("。")
        assert graph.value(practice, SKOS.prefLabel) == Literal(printed, lang="zh")
        assert graph.value(practice, IKG.attributionText) == Literal(actor.attribution, lang="zh")
        assert set(graph.objects(practice, IKG.attributedTo)) == {
            URIRef(f"{BASE}id/agent/{k}") for k in actor.agents
        }
        assert set(graph.objects(practice, DCTERMS.spatial)) == {
            URIRef(f"{BASE}id/region/{chain[0][0]}") for chain in actor.regions
        }
        for chain in actor.regions:
            for (code, name), above in zip(chain, [*chain[1:], None]):
                region = URIRef(f"{BASE}id/region/{code}")
                assert graph.value(region, SKOS.notation) == Literal(code)
                assert Literal(name, lang="zh") in set(graph.objects(region, SKOS.prefLabel))
                expected = URIRef(f"{BASE}id/region/{above[0]}") if above else None
                assert graph.value(region, SKOS.broader) == expected


def test_no_blank_nodes_and_no_generated_prefixes(built_dir: Path, graph: rdflib.Graph) -> None:
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]
    text = (built_dir / "inspection-kg.ttl").read_text(encoding="utf-8")
    assert not re.search(r"^@prefix ns\d+:", text, re.MULTILINE)


def test_every_own_term_is_declared_with_labels_and_comment(graph: rdflib.Graph) -> None:
    ontology = rdflib.Graph().parse(ontology_file("inspection-kg.ttl"))
    used = {
        term for triple in graph for term in triple if isinstance(term, URIRef) and term.startswith(str(IKG))
    }
    assert used
    for term in sorted(used):
        labels = {label.language for label in ontology.objects(term, RDFS.label)}
        assert labels == {"zh", "en"}, term
        assert {c.language for c in ontology.objects(term, RDFS.comment)} == {"zh", "en"}, term


def _readme_query_and_answer() -> tuple[str, list[tuple[str, str, int]]]:
    section = README.split("## Example query", 1)[1]
    query = section.split("```sparql", 1)[1].split("```", 1)[0]
    rows = re.findall(r"^\| (\d{6}) \| (\S+) \| (\d+) \|$", section, re.MULTILINE)
    return query, [(code, name, int(n)) for code, name, n in rows]


def test_readme_query_over_the_seed_is_the_notice_text(graph: rdflib.Graph) -> None:
    """Over the seed alone: 14 provinces × 3 practices, as the notice's attachment lists them."""
    query, _ = _readme_query_and_answer()
    rows = [(str(r[0]), str(r[1]), int(r[2])) for r in graph.query(query)]
    assert len(rows) == 14 and all(n == 3 for _, _, n in rows)


def test_readme_query_on_rdflib(real_graph: rdflib.Graph) -> None:
    """The README's answer is the answer over output/ (every real notice)."""
    query, answer = _readme_query_and_answer()
    rows = [(str(r[0]), str(r[1]), int(r[2])) for r in real_graph.query(query)]
    assert rows == answer


def test_readme_query_on_pyoxigraph(real_dir: Path) -> None:
    query, answer = _readme_query_and_answer()
    store = pyoxigraph.Store()
    store.load(path=str(real_dir / "inspection-kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    rows = [(s["code"].value, s["province"].value, int(s["practices"].value)) for s in store.query(query)]
    assert rows == answer


def test_turtle_loads_in_pyoxigraph_as_the_same_graph(built_dir: Path, graph: rdflib.Graph) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(built_dir / "inspection-kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph)


def test_readme_documents_every_subcommand() -> None:
    from inspection_kg.cli_arguments import _parser

    subparsers = next(a for a in _parser()._actions if a.dest == "command")
    commands = sorted(subparsers.choices)  # type: ignore[attr-defined]
    assert {"build", "check", "load", "publish", "query", "serve", "validate"} <= set(commands)
    assert [c for c in commands if f"### `inspection-kg {c}" not in README] == []


def test_ci_runs_the_readme_test_command() -> None:
    test_command = re.search(r"Run the tests:\n\n```sh\n(.+)\n```", README)
    assert test_command is not None
    assert test_command.group(1) in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_ntriples_is_the_same_graph_each_triple_once(built_dir: Path, graph: rdflib.Graph) -> None:
    raw = (built_dir / "inspection-kg.nt").read_text(encoding="utf-8")
    lines = raw.splitlines()
    assert len(set(lines)) == len(lines) and raw.endswith("\n")
    assert rdflib.compare.isomorphic(rdflib.Graph().parse(data=raw, format="nt"), graph)
    store = pyoxigraph.Store()
    store.load(path=str(built_dir / "inspection-kg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(store) == len(graph) == len(lines)


def test_jsonld_is_the_same_graph_with_the_local_context(built_dir: Path, graph: rdflib.Graph) -> None:
    import json

    document = json.loads((built_dir / "inspection-kg.jsonld").read_text(encoding="utf-8"))
    local = json.loads((REPO / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == local["@context"]
    ids = [node["@id"] for node in document["@graph"]]
    assert len(set(ids)) == len(ids)  # one node object per subject
    parsed = rdflib.Graph().parse(built_dir / "inspection-kg.jsonld", format="json-ld")
    assert rdflib.compare.isomorphic(parsed, graph)
    store = pyoxigraph.Store()
    store.load(path=str(built_dir / "inspection-kg.jsonld"), format=pyoxigraph.RdfFormat.JSON_LD)
    assert len(store) == len(graph)


def test_readme_lists_every_named_query() -> None:
    from inspection_kg.use.query import named_queries

    for name in named_queries():
        assert f"| `{name}` |" in README, name


def test_readme_example_answer_is_the_committed_one() -> None:
    """The README's example answer (practices per province) is queries/practices-per-province.csv,
    which test_queries checks against the built dataset: the docs cannot fall behind the data."""
    import csv

    with (REPO / "queries" / "practices-per-province.csv").open(encoding="utf-8", newline="") as rows:
        committed = [(r["code"], r["province"], r["practices"]) for r in csv.DictReader(rows)]
    section = README[README.index("## Example query") : README.index("## Subjects")]
    shown = [
        tuple(cell.strip() for cell in line.strip("|").split("|"))
        for line in section.splitlines()
        if line.startswith("| ") and line[2:3].isdigit()
    ]
    assert shown == committed

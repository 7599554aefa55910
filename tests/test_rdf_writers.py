"""The Turtle and TriG files (pyoxigraph's serialisers, fed block by block) and our
JSON-LD writer (rdf_writers.py): whatever they write, rdflib, pyoxigraph and (for Turtle
and TriG) Raptor's rapper read back exactly the triples they were given, term for term,
and the bytes depend only on the input."""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from inspection_kg.model import terms
from inspection_kg.model.iri import IriMinter
from inspection_kg.model.terms import RDF_TYPE, XSD_NS, XSD_STRING, Triple
from inspection_kg.model.vocab import VOCABULARY_PREFIXES
from inspection_kg.write.rdf_writers import JsonLdWriter, TerseWriter

REPO = Path(__file__).resolve().parent.parent
SEED_NQUADS = REPO / "output" / "inspection-kg.nq"

Quad = tuple[str, str, str, str]  # a triple and its graph ("" for the default graph)
Graphs = dict[str, list[Triple]]  # graph IRI → its sorted triples

SEED_PREFIXES = {prefix: str(namespace) for prefix, namespace in VOCABULARY_PREFIXES.items()}
SEED_PREFIXES |= IriMinter().data_prefixes()


# --- reading back: every parser's terms spelt as terms.py spells them -------------------


@pytest.fixture(autouse=True)
def keep_lexical_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib rewrites some lexical forms ("AB"^^xsd:hexBinary → "ab") unless told not to;
    the writers must keep them, so the comparison must see them as written."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


def _term(value: str, language: str | None, datatype: str | None) -> str:
    """One spelling per RDF term, from (lexical, language, datatype) or an IRI."""
    if language:
        return terms.in_language(value, language)
    if datatype is None or datatype == XSD_STRING:
        return terms.literal(value)
    return terms.typed(value, datatype)


def _rdflib_term(node: object) -> str:
    if isinstance(node, rdflib.URIRef):
        return terms.iri(str(node))
    if isinstance(node, rdflib.Literal):
        datatype = None if node.datatype is None else str(node.datatype)
        return _term(str(node), node.language, datatype)
    raise AssertionError(f"not an IRI or literal: {node!r}")


def _oxigraph_term(node: object) -> str:
    if isinstance(node, pyoxigraph.NamedNode):
        return terms.iri(node.value)
    if isinstance(node, pyoxigraph.Literal):
        return _term(node.value, node.language, node.datatype.value)
    raise AssertionError(f"not an IRI or literal: {node!r}")


def _canonical(term: str) -> str:
    """``term`` as the reading functions spell it (for inputs not made by terms.py)."""
    return term if terms.is_iri(term) else _term(*terms.literal_parts(term))


RDFLIB_FORMATS = {"turtle": "turtle", "trig": "trig", "json-ld": "json-ld"}
OXIGRAPH_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "json-ld": pyoxigraph.RdfFormat.JSON_LD,
}


def read_by_rdflib(text: str, syntax: str) -> set[Quad]:
    dataset = rdflib.Dataset()
    dataset.parse(data=text, format=RDFLIB_FORMATS[syntax])
    quads = set()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph = "" if g is None or g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else str(g)
        quads.add((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o), graph))
    return quads


def read_by_oxigraph(text: str, syntax: str) -> set[Quad]:
    quads = set()
    for quad in pyoxigraph.parse(text.encode("utf-8"), format=OXIGRAPH_FORMATS[syntax]):
        graph = "" if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else quad.graph_name.value
        subject, predicate, obj = (_oxigraph_term(t) for t in (quad.subject, quad.predicate, quad.object))
        quads.add((subject, predicate, obj, graph))
    return quads


def rapper_or_skip() -> None:
    if shutil.which("rapper") is None:
        if os.environ.get("CI"):
            pytest.fail("rapper (Debian raptor2-utils) is not installed; .ci/run must install it")
        pytest.skip("rapper (Debian raptor2-utils) is not installed")


def read_by_rapper(text: str, syntax: str) -> set[Quad]:
    """Raptor's reading, handed over as N-Quads and spelt by pyoxigraph's N-Quads parser."""
    result = subprocess.run(
        ["rapper", "-q", "-i", syntax, "-o", "nquads", "-", "http://example.invalid/"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    quads = set()
    for quad in pyoxigraph.parse(result.stdout, format=pyoxigraph.RdfFormat.N_QUADS):
        graph = "" if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else quad.graph_name.value
        subject, predicate, obj = (_oxigraph_term(t) for t in (quad.subject, quad.predicate, quad.object))
        quads.add((subject, predicate, obj, graph))
    return quads


# --- writing ---------------------------------------------------------------------------


def reading_order(triples: list[Triple]) -> list[Triple]:
    """The order the build hands the writers (graphs.py), computed here independently:
    subjects sorted, each subject's rdf:type triples first, the rest sorted."""
    return sorted(triples, key=lambda t: (t[0], t[1] != RDF_TYPE, t[1], t[2]))


def turtle_of(blocks: list[list[Triple]], prefixes: Mapping[str, str]) -> str:
    """Turtle of blocks of triples, each block given as the build gives it: N-Triples lines."""
    stream = io.BytesIO()
    writer = TerseWriter(stream, "turtle", prefixes)
    for block in blocks:
        writer.write("".join(f"{s} {p} {o} .\n" for s, p, o in reading_order(block)).encode())
    return stream.getvalue().decode("utf-8")


def trig_of(graphs: Graphs, prefixes: Mapping[str, str]) -> str:
    """TriG of named graphs, each given as the build gives it: its N-Quads lines."""
    stream = io.BytesIO()
    writer = TerseWriter(stream, "trig", prefixes)
    for graph, triples in graphs.items():
        writer.write("".join(f"{s} {p} {o} <{graph}> .\n" for s, p, o in reading_order(triples)).encode())
    return stream.getvalue().decode("utf-8")


def jsonld_of(blocks: list[list[Triple]], context: Mapping[str, str]) -> str:
    stream = io.StringIO()
    writer = JsonLdWriter(stream, context)
    for block in blocks:
        writer.write(reading_order(block))
    writer.close()
    return stream.getvalue()


def union_of(graphs: Graphs) -> list[Triple]:
    return sorted({triple for triples in graphs.values() for triple in triples})


def in_default_graph(triples: list[Triple]) -> set[Quad]:
    return {(s, p, o, "") for s, p, o in triples}


def in_named_graphs(graphs: Graphs) -> set[Quad]:
    return {(s, p, o, graph) for graph, triples in graphs.items() for s, p, o in triples}


def assert_read_back(graphs: Graphs, prefixes: Mapping[str, str], *, rapper: bool = False) -> None:
    """Each writer's output, read by each parser, is exactly its input."""
    union = union_of(graphs)
    outputs = {
        "turtle": (turtle_of([union], prefixes), in_default_graph(union)),
        "json-ld": (jsonld_of([union], prefixes), in_default_graph(union)),
        "trig": (trig_of(graphs, prefixes), in_named_graphs(graphs)),
    }
    for syntax, (text, expected) in outputs.items():
        assert read_by_oxigraph(text, syntax) == expected, syntax
        assert read_by_rdflib(text, syntax) == expected, syntax
        if rapper and syntax != "json-ld":  # Raptor reads no JSON-LD
            assert read_by_rapper(text, syntax) == expected, syntax


# --- the data: a hand-made variety, and the seed ------------------------------------------

EX = "http://example.org/ns#"  # a '#' namespace
ID = "http://example.org/id/"  # a '/' namespace, and a longer one inside it
DEEP = "http://example.org/id/deep/"
VARIETY_PREFIXES = {
    "ex": EX,
    "id": ID,
    "deep": DEEP,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": XSD_NS,
}
GRAPH_A, GRAPH_B = "http://example.org/graph/a", "http://example.org/graph/b"


def _variety() -> Graphs:
    ex, ident = terms.Terms(EX), terms.Terms(ID)
    practice, region = ident["practice/7"], ident["region-410900"]  # unsafe and safe locals
    a_triples = [
        (practice, RDF_TYPE, ex.Practice),
        (practice, RDF_TYPE, ex.Example),
        (practice, ex.title, terms.in_zh("河南省水利厅、濮阳市探索供水“四化”新路径")),
        (practice, ex.title, terms.in_en('Henan\'s "four-ization" path')),
        (practice, ex.note, terms.literal('a "quoted" back\\slash\nnew line\r\tand tab')),
        (practice, ex.note, terms.literal("")),
        (practice, ex.ordinal, terms.integer(22)),
        (practice, ex.ordinal, terms.integer(-5)),
        (practice, ex.ordinal, terms.integer(0)),
        # No integer of another lexical form than the canonical one: pyoxigraph writes any
        # xsd:integer bare, and rdflib reads a bare 007 back as "7" (the build makes none).
        (practice, ex.count, terms.typed("43", f"{XSD_NS}nonNegativeInteger")),
        (practice, ex.date, terms.typed("2020-12-31", f"{XSD_NS}date")),
        (practice, ex.digest, terms.typed("9c95AB", f"{XSD_NS}hexBinary")),
        (practice, ex.custom, terms.typed("x y", "http://example.org/datatype/v1.0")),
        (practice, ex.region, region),
        (practice, ex.region, ident["deep/sub-1"]),  # the longer namespace wins
        (practice, ex.region, ident["deep/"]),  # an empty local name
        (practice, ex.seeAlso, terms.iri("http://example.org/id/file.svg")),  # a dot
        (practice, ex.seeAlso, terms.iri("http://example.org/id/a/b")),  # a slash
        (practice, ex.seeAlso, terms.iri("http://example.org/id/-dash")),  # a leading dash
        (practice, ex.seeAlso, terms.iri("http://example.org/id/北京")),
        (practice, ex.seeAlso, terms.iri("http://example.org/id/a%20b")),
        (practice, ex.seeAlso, terms.iri("http://example.org/ns#x.y")),
        (practice, ex.seeAlso, terms.iri("urn:isbn:978-7-01")),
        (practice, terms.iri("http://other.example/p.q"), terms.iri("http://other.example//x")),
        (region, RDF_TYPE, ex.Region),
        (region, ex["label-zh"], terms.in_zh("濮阳市")),
        (region, ex["9th"], terms.literal("starts with a digit")),
        (ex.Practice, RDF_TYPE, terms.literal("a literal class")),
        (ex.Practice, terms.iri("http://www.w3.org/2000/01/rdf-schema#label"), terms.in_en("Practice")),
        (terms.iri("http://other.example/s"), ex.p, ex[""]),
    ]
    b_triples = [
        (practice, ex.note, terms.literal("the same subject, another graph")),
        (region, ex.partOf, ident["region-410000"]),
    ]
    return {GRAPH_A: sorted(set(a_triples)), GRAPH_B: sorted(set(b_triples))}


def read_seed() -> Graphs:
    """The committed N-Quads: each line four N-Triples terms, ``s p o g .``."""
    graphs: Graphs = {}
    for line in SEED_NQUADS.read_text(encoding="utf-8").splitlines():
        assert line.endswith(" ."), line
        statement = line[: -len(" .")]
        graph_start = statement.rindex(" <")  # the graph IRI holds neither space nor '<'
        subject, predicate, obj = statement[:graph_start].split(" ", 2)
        graphs.setdefault(statement[graph_start + 2 : -1], []).append((subject, predicate, obj))
    return {graph: sorted(set(triples)) for graph, triples in sorted(graphs.items())}


@pytest.fixture(scope="module")
def seed() -> Graphs:
    return read_seed()


def test_the_seed_uses_the_one_spelling_of_each_term(seed: Graphs) -> None:
    """The comparisons below are exact only if the input uses the one spelling."""
    assert sum(len(triples) for triples in seed.values()) > 3000
    for triples in seed.values():
        for triple in triples:
            assert tuple(map(_canonical, triple)) == triple


def test_a_variety_of_terms_reads_back_exactly() -> None:
    assert_read_back(_variety(), VARIETY_PREFIXES)


def test_the_seed_reads_back_exactly(seed: Graphs) -> None:
    assert_read_back(seed, SEED_PREFIXES)


def test_raptor_reads_back_the_variety_and_the_seed(seed: Graphs) -> None:
    rapper_or_skip()
    for graphs, prefixes in ((_variety(), VARIETY_PREFIXES), (seed, SEED_PREFIXES)):
        union = union_of(graphs)
        assert read_by_rapper(turtle_of([union], prefixes), "turtle") == in_default_graph(union)
        assert read_by_rapper(trig_of(graphs, prefixes), "trig") == in_named_graphs(graphs)


# --- layout --------------------------------------------------------------------------------


def test_turtle_layout() -> None:
    """pyoxigraph's statements as we feed them: `a` and the classes first, `;` between
    predicates, `,` between objects, CURIEs where the local name allows, canonical
    integers bare; the prefixes once, sorted; a blank line between statements and graphs."""
    ex = terms.Terms(EX)
    triples = [
        (ex.a, RDF_TYPE, ex.B),
        (ex.a, RDF_TYPE, ex.A),
        (ex.a, ex.p, terms.integer(22)),
        (ex.a, ex.p, terms.in_zh("甲")),
        (ex.a, ex.q, terms.iri("http://example.org/other")),
        (ex.a, ex.r, terms.typed("2020-12-31", f"{XSD_NS}date")),
        (terms.iri("http://example.org/ns#c.d"), ex.p, terms.literal('say "hi"\n')),
    ]
    prefixes = {"xsd": XSD_NS, "ex": EX}
    assert turtle_of([triples], prefixes) == (
        "@prefix ex: <http://example.org/ns#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "\n"
        "ex:a a ex:A , ex:B ;\n"
        '\tex:p 22 , "甲"@zh ;\n'
        "\tex:q <http://example.org/other> ;\n"
        '\tex:r "2020-12-31"^^xsd:date .\n'
        "\n"
        'ex:c.d ex:p "say \\"hi\\"\\n" .\n'
    )
    graphs = {GRAPH_A: triples[-1:], GRAPH_B: [triples[2], triples[3]]}
    expected_trig = (
        "@prefix ex: <http://example.org/ns#> .\n"
        "\n"
        "<http://example.org/graph/a> {\n"
        '\tex:c.d ex:p "say \\"hi\\"\\n" .\n'
        "}\n"
        "\n"
        "<http://example.org/graph/b> {\n"
        '\tex:a ex:p 22 , "甲"@zh .\n'
        "}\n"
    )
    assert trig_of(graphs, {"ex": EX}) == expected_trig


def _expanded(name: str, prefixes: Mapping[str, str]) -> str:
    """A Turtle IRI or prefixed name (local escapes undone) as an N-Triples IRI term."""
    if name.startswith("<"):
        return name
    prefix, local = name.split(":", 1)
    return f"<{prefixes[prefix]}{local.replace(chr(92), '')}>"


def test_prefixes_once_and_a_first_in_the_seed(seed: Graphs) -> None:
    """Many blocks: the prefix lines once at the top; a subject's statement opens with `a`
    exactly when the subject has a class (in that graph, for TriG)."""
    union = union_of(seed)
    typed = {"": {s for s, p, _ in union if p == RDF_TYPE}}
    typed |= {f"<{graph}>": {s for s, p, _ in triples if p == RDF_TYPE} for graph, triples in seed.items()}
    outputs = [
        (turtle_of(list(_by_subject(union)), SEED_PREFIXES), ""),  # a statement starts a line
        (trig_of(seed, SEED_PREFIXES), "\t"),  # one tab in, inside a graph
    ]
    for text, indent in outputs:
        lines = text.splitlines()
        assert [line for line in lines if line.startswith("@prefix")] == lines[: len(SEED_PREFIXES)]
        assert lines[len(SEED_PREFIXES)] == ""
        graph, statements = "", 0
        for line in lines[len(SEED_PREFIXES) + 1 :]:
            if line.endswith(" {"):
                graph = line[: -len(" {")]
            elif line.startswith(indent) and line[len(indent) : len(indent) + 1] not in ("", "\t", "}"):
                subject, predicate, _ = line[len(indent) :].split(" ", 2)
                assert (predicate == "a") == (_expanded(subject, SEED_PREFIXES) in typed[graph]), line
                statements += 1
        assert statements >= len({s for s, _, _ in union})


def test_jsonld_layout_is_sorted_and_indented_as_json_dumps_would(seed: Graphs) -> None:
    text = jsonld_of([union_of(seed)], SEED_PREFIXES)
    document = json.loads(text)
    assert document["@context"] == dict(sorted(SEED_PREFIXES.items()))
    nodes = ",\n".join(
        json.dumps(node, indent=2, sort_keys=True, ensure_ascii=False) for node in document["@graph"]
    )
    context = json.dumps(document["@context"], indent=2, ensure_ascii=False)
    assert text == f'{{"@context": {context},\n"@graph": [\n{nodes}\n]}}\n'
    ids = [node["@id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids))  # one node per subject
    practice = next(n for n in document["@graph"] if n["@id"].endswith("/practice/guobanfa-2020-46/22"))
    assert practice["@type"] == sorted(practice["@type"])
    assert {"@language": "zh", "@value": "河南省水利厅、濮阳市"} in practice["ikg:attributionText"]
    values = [v for n in document["@graph"] for vs in n.values() if isinstance(vs, list) for v in vs]
    typed = [v for v in values if isinstance(v, dict) and v.get("@type") == "xsd:integer"]
    assert typed and all(isinstance(v["@value"], str) for v in typed)  # lexical forms, not JSON numbers


def test_jsonld_writes_plain_strings_and_compact_iris() -> None:
    ex = terms.Terms(EX)
    triples = [
        (ex.a, ex.p, terms.literal("plain")),
        (ex.a, ex.q, terms.iri("http://example.org/ns#x.y")),
        (ex.a, ex.r, terms.iri("http://other.example/z")),
        (ex.a, ex.r, terms.iri(EX + "//x")),  # "ex://x" would read as an IRI of scheme ex
    ]
    (node,) = json.loads(jsonld_of([sorted(triples)], {"ex": EX}))["@graph"]
    assert node == {
        "@id": "ex:a",
        "ex:p": ["plain"],
        "ex:q": [{"@id": "ex:x.y"}],
        "ex:r": [{"@id": "http://example.org/ns#//x"}, {"@id": "http://other.example/z"}],
    }


# --- determinism and edge cases ---------------------------------------------------------


def _all_outputs(graphs: Graphs, prefixes: Mapping[str, str]) -> tuple[str, str, str]:
    union = union_of(graphs)
    return turtle_of([union], prefixes), trig_of(graphs, prefixes), jsonld_of([union], prefixes)


def test_shuffled_then_sorted_input_gives_the_same_bytes(seed: Graphs) -> None:
    shuffled: Graphs = {}
    for graph, triples in seed.items():
        copy = list(triples)
        random.Random(graph).shuffle(copy)
        shuffled[graph] = sorted(copy)
    assert _all_outputs(shuffled, SEED_PREFIXES) == _all_outputs(seed, SEED_PREFIXES)


def _by_subject(triples: list[Triple]) -> Iterator[list[Triple]]:
    block: list[Triple] = []
    for triple in triples:
        if block and triple[0] != block[-1][0]:
            yield block
            block = []
        block.append(triple)
    if block:
        yield block


def test_blocks_of_whole_subjects_give_the_same_bytes_as_one_block(seed: Graphs) -> None:
    union = union_of(seed)
    blocks = list(_by_subject(union))
    assert len(blocks) > 100
    assert turtle_of(blocks, SEED_PREFIXES) == turtle_of([union], SEED_PREFIXES)
    assert jsonld_of(blocks, SEED_PREFIXES) == jsonld_of([union], SEED_PREFIXES)


HASH_SEED_SCRIPT = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from tests.test_rdf_writers import SEED_PREFIXES, _all_outputs, read_seed
print(hashlib.sha256("".join(_all_outputs(read_seed(), SEED_PREFIXES)).encode()).hexdigest())
"""


def test_bytes_do_not_depend_on_the_hash_seed() -> None:
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [sys.executable, "-c", HASH_SEED_SCRIPT, str(REPO)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        digests.add(run.stdout)
    assert len(digests) == 1


def test_empty_input_is_a_valid_empty_document() -> None:
    for prefixes in (SEED_PREFIXES, {}):
        turtle, trig, jsonld = (
            turtle_of([[]], prefixes),
            trig_of({GRAPH_A: []}, prefixes),
            jsonld_of([[]], prefixes),
        )
        assert json.loads(jsonld)["@graph"] == []
        for syntax, text in (("turtle", turtle), ("trig", trig), ("json-ld", jsonld)):
            assert read_by_oxigraph(text, syntax) == set()
            assert read_by_rdflib(text, syntax) == set()
    assert turtle_of([], {}) == "" and trig_of({}, {}) == ""


@pytest.mark.parametrize(
    "triple",
    [
        ("_:b0", f"<{EX}p>", f"<{EX}o>"),
        (f"<{EX}s>", f"<{EX}p>", "_:b0"),
        (f"<{EX}s>", "_:b0", f"<{EX}o>"),
    ],
)
def test_blank_nodes_are_refused_by_the_jsonld_writer(triple: Triple) -> None:
    """(pyoxigraph writes a blank node as it is; the build makes none, test_formats.py.)"""
    with pytest.raises(ValueError, match="blank|IRI"):
        jsonld_of([[triple]], VARIETY_PREFIXES)


def test_unsorted_input_and_split_subjects_are_refused_by_the_jsonld_writer() -> None:
    ex = terms.Terms(EX)
    writer = JsonLdWriter(io.StringIO(), VARIETY_PREFIXES)
    with pytest.raises(ValueError, match="not sorted"):
        writer.write([(ex.b, ex.p, ex.o), (ex.a, ex.p, ex.o)])
    writer = JsonLdWriter(io.StringIO(), VARIETY_PREFIXES)
    writer.write([(ex.a, ex.p, ex.o)])
    with pytest.raises(ValueError, match="two blocks"):
        writer.write([(ex.a, ex.q, ex.o)])


def test_bad_prefixes_and_ambiguous_jsonld_iris_are_refused() -> None:
    for bad in ({"1x": EX}, {"a.b": EX}, {"@vocab": EX}, {"ex": "http://example.org/a b"}):
        for syntax in ("turtle", "trig"):
            with pytest.raises(ValueError):
                TerseWriter(io.BytesIO(), syntax, bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            JsonLdWriter(io.StringIO(), bad)
    # With a prefix named "urn", the full IRI urn:x would read as a compact IRI.
    triple = (terms.iri("urn:x"), f"<{EX}p>", f"<{EX}o>")
    with pytest.raises(ValueError, match="JSON-LD context"):
        jsonld_of([[triple]], {"urn": "http://example.org/urn/", "ex": EX})


# --- property: generated IRIs and literals ------------------------------------------------

NAMESPACES = [EX, ID, DEEP, "urn:example:", "http://other.example/"]
PROPERTY_PREFIXES = {"ex": EX, "id": ID, "deep": DEEP, "u": "urn:example:", "rdf": VARIETY_PREFIXES["rdf"]}
PROPERTY_PREFIXES["xsd"] = XSD_NS
LOCAL_PIECES = ["a", "Z", "0", "_", "-", ".", "/", "deep/", "%2F", "~", "北京", "é", ":", "?", "=", "@", "//"]

local_names = st.lists(st.sampled_from(LOCAL_PIECES), max_size=4).map("".join)
# Raptor removes "." and ".." path segments even from absolute IRIs; rdflib cannot read
# a prefixed name ending in an escaped dot (ex:a\.), which pyoxigraph writes for an IRI
# that ends in "."; our IRIs have neither (test_formats.py).
DOT_SEGMENT = re.compile(r"/\.\.?(?:[/?#]|$)|\.$")
iris = st.builds(lambda namespace, local: namespace + local, st.sampled_from(NAMESPACES), local_names)
iris = iris.filter(lambda value: not DOT_SEGMENT.search(value)).map(terms.iri)


def _raptor_reads(character: str) -> bool:
    """Raptor (C strings) drops NUL and noncharacters; the notices hold neither (sources.py)."""
    code = ord(character)
    return code != 0 and not 0xFDD0 <= code <= 0xFDEF and code & 0xFFFE != 0xFFFE


characters = st.characters(exclude_categories=["Cs"]).filter(_raptor_reads)
texts = st.text(characters, max_size=12)
literals = st.one_of(
    texts.map(terms.literal),
    st.builds(terms.in_language, texts, st.sampled_from(["zh", "en", "zh-hans", "en-gb"])),
    st.integers().map(terms.integer),  # canonical only (see _variety)
    st.integers(min_value=0).map(lambda n: terms.typed(str(n), f"{XSD_NS}nonNegativeInteger")),
    st.dates().map(lambda d: terms.typed(d.isoformat(), f"{XSD_NS}date")),
    st.binary(max_size=8).map(lambda b: terms.typed(b.hex(), f"{XSD_NS}hexBinary")),
    st.builds(terms.typed, texts, st.sampled_from([f"{EX}dt", "http://other.example/dt.v2"])),
)
predicates = st.one_of(st.just(RDF_TYPE), iris)
quads = st.tuples(iris, predicates, st.one_of(iris, literals), st.sampled_from([GRAPH_A, GRAPH_B]))


@settings(max_examples=60, deadline=None)
@given(st.lists(quads, max_size=25))
def test_generated_triples_read_back_exactly(generated: list[tuple[str, str, str, str]]) -> None:
    graphs: Graphs = {}
    for s, p, o, graph in generated:
        graphs.setdefault(graph, []).append((s, p, o))
    by_graph = {g: sorted(set(triples)) for g, triples in sorted(graphs.items())}
    assert_read_back(by_graph, PROPERTY_PREFIXES, rapper=shutil.which("rapper") is not None)

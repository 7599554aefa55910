"""The build's SHACL Core checker (use/shacl_core.py) refuses the shapes it cannot check
in full, and the build then validates with pySHACL. Its agreement with pySHACL, case by
case, is tested in test_shapes.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspection_kg.resources import ontology_file
from inspection_kg.use import validate
from inspection_kg.use.shacl_core import Unsupported, compile_shapes

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
"""


def _shapes(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "shapes.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


def test_the_shipped_shapes_are_all_checked_by_the_fast_checker() -> None:
    shapes = compile_shapes(ontology_file("shapes.ttl"))
    assert len(shapes) >= 25  # the node shapes with a target (each names a class or property)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:severity sh:Warning .", "sh:severity"),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .", "sh:closed"),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:hasValue 1 ] .",
            "sh:hasValue",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
            "sh:path",
        ),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:not [ sh:class ex:D ] .", "sh:not"),
        ('ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:pattern "^a" ; sh:flags "m" .', "sh:flags"),
        ("ex:S a sh:NodeShape, <http://www.w3.org/2000/01/rdf-schema#Class> ; sh:nodeKind sh:IRI .", "class"),
    ],
)
def test_a_term_it_does_not_check_is_refused_by_name(tmp_path: Path, body: str, named: str) -> None:
    with pytest.raises(Unsupported, match=named):
        compile_shapes(_shapes(tmp_path, body))


def test_shapes_it_cannot_check_go_to_pyshacl(monkeypatch: pytest.MonkeyPatch) -> None:
    practice = "<https://w3id.org/inspection-kg/id/practice/x>"
    triples = [
        (
            practice,
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
            "<https://w3id.org/inspection-kg/def/Practice>",
        )
    ]
    expected = validate.validate_graph(validate.rdflib_graph(triples))
    assert not expected.conforms  # a practice with none of its required properties

    def refuse(*_: object, **__: object) -> None:
        raise Unsupported("sh:sparql")

    monkeypatch.setattr(validate, "check", refuse)
    assert validate.validate_triples(triples) == expected


@pytest.mark.parametrize("step", [7, 97, 331])
def test_a_graph_with_many_triples_missing_gets_pyshacls_violations(real_dir: Path, step: int) -> None:
    """Every ``step``-th triple of both real notices' build left out: many rules broken at
    once, nested shapes (sh:node, sh:xone, qualified values) among them."""
    import pyoxigraph

    everything = [
        (str(q.subject), str(q.predicate), str(q.object))
        for q in pyoxigraph.parse(
            path=str(real_dir / "inspection-kg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES
        )
    ]
    kept = [triple for index, triple in enumerate(everything) if index % step]
    reference = validate.validate_graph(validate.rdflib_graph(kept))
    fast = validate.validate_triples(kept)
    assert not reference.conforms and len(set(reference.violations)) >= 10
    assert set(fast.violations) == set(reference.violations)

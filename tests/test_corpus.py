"""Generated notices (tests/corpus.py): real divisions of several years, written with full or
shortened chains, in every numbering style, build with each actor resolved to the division
the generator drew."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib import URIRef

from inspection_kg.cli import main

from .corpus import generate_notice

BASE = "https://w3id.org/inspection-kg/"


def test_generated_notices_of_four_years_resolve_every_actor(tmp_path: Path) -> None:
    notices = [generate_notice(11, index, year, 25) for index, year in enumerate([2016, 2018, 2021, 2024])]
    for notice in notices:
        (tmp_path / f"{notice.name}.txt").write_text(notice.text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(tmp_path), "--out", str(out), "-q"]) == 0
    graph = rdflib.Graph().parse(out / "inspection-kg.nt")
    ikg = rdflib.Namespace("https://w3id.org/inspection-kg/def/")
    for notice in notices:
        for ordinal, codes in notice.expected.items():
            practice = URIRef(f"{BASE}id/practice/{notice.name}/{ordinal}")
            regions = {str(r).rsplit("/", 1)[-1] for r in graph.objects(practice, rdflib.DCTERMS.spatial)}
            agents = {str(a).rsplit("/", 1)[-1] for a in graph.objects(practice, ikg.attributedTo)}
            assert regions == set(codes), (notice.name, ordinal)
            assert agents == {f"{code}-government" for code in codes}, (notice.name, ordinal)


def test_the_generator_is_deterministic() -> None:
    assert generate_notice(3, 0, 2019, 40) == generate_notice(3, 0, 2019, 40)
    assert generate_notice(3, 0, 2019, 40).text != generate_notice(4, 0, 2019, 40).text

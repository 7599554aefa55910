"""Wikidata-ready codes, the Wikidata link set and English labels."""

from __future__ import annotations

import re

import pyoxigraph
import pytest
import rdflib
import yaml
from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from inspection_kg.resolve.english import division_english, government_english

from .conftest import REPO, SeedActor

BASE = "https://w3id.org/inspection-kg/"
IKG = rdflib.Namespace("https://w3id.org/inspection-kg/def/")
SKOS = rdflib.SKOS
SCHEMA = rdflib.Namespace("http://schema.org/")
PROVINCES = yaml.safe_load((REPO / "data" / "curated" / "provinces.yaml").read_text(encoding="utf-8"))[
    "provinces"
]


def _regions(graph: rdflib.Graph) -> list[URIRef]:
    return sorted(
        r for r in graph.subjects(rdflib.RDF.type, SCHEMA.AdministrativeArea) if isinstance(r, URIRef)
    )


def test_every_region_carries_its_code_in_the_p442_form(graph: rdflib.Graph) -> None:
    regions = _regions(graph)
    assert len(regions) == 43
    for region in regions:
        code = str(graph.value(region, SKOS.notation))
        p442 = str(graph.value(region, IKG.wikidataDivisionCode))
        # Property talk:P442: two-digit levels, spaces between them, trailing zero levels dropped.
        assert p442.replace(" ", "").ljust(6, "0") == code
        assert all(len(level) == 2 for level in p442.split(" "))
        assert not p442.endswith(" 00")
    examples = {"410900": "41 09", "350428": "35 04 28", "410000": "41", "310104": "31 01 04"}
    for code, form in examples.items():
        assert graph.value(URIRef(f"{BASE}id/region/{code}"), IKG.wikidataDivisionCode) == Literal(form)


def test_every_qid_link_is_a_sourced_curated_one(graph: rdflib.Graph, seed_actors: list[SeedActor]) -> None:
    links = {
        str(region).removeprefix(f"{BASE}id/region/"): str(item)
        for region, item in graph.subject_objects(SKOS.exactMatch)
    }
    provinces = {chain[-1][0] for actor in seed_actors for chain in actor.regions}
    assert set(links) == provinces  # the 14 provinces of the seed, all verified in provinces.yaml
    for code, item in links.items():
        entry = PROVINCES[code]
        assert item == f"http://www.wikidata.org/entity/{entry['qid']}"
        assert entry["qid_source"].strip()
    # Beijing is Q956: the example of Property talk:P442 ("Beijing (Q956) -> 11").
    assert links["110000"] == "http://www.wikidata.org/entity/Q956"


def test_links_live_in_a_void_linkset(built_dir: rdflib.Graph) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(built_dir / "inspection-kg.nq", format="nquads")  # type: ignore[operator]
    name = URIRef(f"{BASE}graph/wikidata-links")
    links = list(dataset.graph(name).triples((None, None, None)))
    assert links and all(p == SKOS.exactMatch for _, p, _ in links)
    description = dataset.graph(URIRef(f"{BASE}graph/dataset"))
    assert (name, rdflib.RDF.type, rdflib.VOID.Linkset) in description
    assert description.value(name, rdflib.VOID.linkPredicate) == SKOS.exactMatch
    assert description.value(name, rdflib.VOID.triples) == Literal(len(links))


def test_the_federated_query_is_valid_sparql() -> None:
    text = (REPO / "queries" / "wikidata-regions.rq").read_text(encoding="utf-8")
    query = prepareQuery(text)
    assert "SERVICE" in text and "wdt:P442" in text
    assert [str(v) for v in query.algebra["PV"]] == ["region", "code", "p442", "item", "itemLabel"]


def test_federated_query_parses_in_pyoxigraph_without_running() -> None:
    """Oxigraph parses it (a syntax error raises SyntaxError); over an empty store no region
    binds, so the SERVICE is never called and nothing leaves the machine."""
    store = pyoxigraph.Store()
    text = (REPO / "queries" / "wikidata-regions.rq").read_text(encoding="utf-8")
    assert list(store.query(text)) == []  # type: ignore[arg-type]
    with pytest.raises(SyntaxError):
        store.query(text.replace("SERVICE", "SERVIC"))


@pytest.mark.parametrize(
    ("code", "name", "english"),
    [
        # Examples the issue gives for the rule.
        ("350428", "将乐县", "Jiangle County"),
        ("310104", "徐汇区", "Xuhui District"),
        ("632300", "黄南藏族自治州", "Huangnan Tibetan Autonomous Prefecture"),
        # Several peoples, names without 族, a people as the whole name.
        ("522600", "黔东南苗族侗族自治州", "Qiandongnan Miao and Dong Autonomous Prefecture"),
        ("422800", "恩施土家族苗族自治州", "Enshi Tujia and Miao Autonomous Prefecture"),
        ("150723", "鄂伦春自治旗", "Oroqen Autonomous Banner"),
        ("610100", "西安市", "Xi'an City"),  # apostrophe before a syllable starting with a vowel
        ("310115", "浦东新区", "Pudong New Area"),
        # The exception list: pypinyin reads 漯 as ta; Britannica: "Pinyin Luohe".
        ("411100", "漯河市", "Luohe City"),
        # Conventional spellings (place-name-spellings.yaml, each with its source): Harbin's and
        # Karamay's governments write these; 兴安 is Hinggan only in 兴安盟.
        ("230100", "哈尔滨市", "Harbin City"),
        ("230200", "齐齐哈尔市", "Qiqihar City"),
        ("650200", "克拉玛依市", "Karamay City"),
        ("152200", "兴安盟", "Hinggan League"),
        ("230715", "兴安区", "Xing'an District"),
        ("654000", "伊犁哈萨克自治州", "Ili Kazak Autonomous Prefecture"),
        # Province-level units: curated (provinces.yaml).
        ("610000", "陕西省", "Shaanxi Province"),
        ("150000", "内蒙古自治区", "Inner Mongolia Autonomous Region"),
        ("540000", "西藏自治区", "Xizang Autonomous Region"),
    ],
)
def test_english_labels(code: str, name: str, english: str) -> None:
    label = division_english(code, name)
    assert label is not None and label.label == english


def test_every_seed_region_and_government_has_an_english_label(graph: rdflib.Graph) -> None:
    for region in _regions(graph):
        languages = sorted(l.language for l in graph.objects(region, SKOS.prefLabel))  # type: ignore[attr-defined]
        assert languages == ["en", "zh"], region
    government = URIRef(f"{BASE}id/agent/410900-government")
    english = {str(l) for l in graph.objects(government, SKOS.prefLabel) if l.language == "en"}  # type: ignore[attr-defined]
    assert english == {"People's Government of Puyang City"}
    assert government_english("652900", "阿克苏地区") is not None
    assert government_english("652900", "阿克苏地区").startswith("Administrative Office of")  # type: ignore[union-attr]


def _divisions() -> list[tuple[str, str]]:
    rows = (REPO / "data" / "divisions" / "divisions.tsv").read_text(encoding="utf-8").splitlines()
    return [(r.split("\t")[0], r.split("\t")[1]) for r in rows if r and not r.startswith(("#", "code"))]


def test_every_curated_spelling_and_reading_is_used_and_applied() -> None:
    """Each exception names a real division, and the label of every division whose name is
    that word plus a level word (and, for an autonomous area, its peoples) carries it."""
    curated_dir = REPO / "data" / "curated"
    spellings = yaml.safe_load((curated_dir / "place-name-spellings.yaml").read_text(encoding="utf-8"))[
        "spellings"
    ]
    naming = yaml.safe_load((curated_dir / "english-names.yaml").read_text(encoding="utf-8"))
    groups = yaml.safe_load((curated_dir / "ethnic-groups.yaml").read_text(encoding="utf-8"))["ethnic_groups"]
    peoples = "|".join(
        sorted({g for group in groups for g in (group, group.removesuffix("族"))}, key=len, reverse=True)
    )
    autonomous = re.compile(rf"(?:{peoples})+自治[州县旗]")
    divisions = _divisions()
    for word, entry in spellings.items():
        named = [
            (code, name)
            for code, name in divisions
            if name.startswith(word)
            and (name[len(word) :] in naming["level_words"] or autonomous.fullmatch(name[len(word) :]))
            and (not entry.get("only") or name in entry["only"])
        ]
        assert named, word
        for code, name in named:
            label = division_english(code, name)
            assert label is not None and label.label.startswith(entry["en"] + " "), (name, label)
    for word, entry in naming["readings"].items():
        code, name = next((c, n) for c, n in divisions if n.startswith(word))
        label = division_english(code, name)
        assert label is not None and label.label.startswith("".join(entry["pinyin"]).capitalize())


def test_every_division_of_the_table_gets_an_english_label() -> None:
    missing = [(c, n) for c, n in _divisions() if division_english(c, n) is None]
    assert missing == []

"""Notices of the genre that are not the seed (tests/fixtures/notices/, invented for the
tests): other years, numbering styles and actor styles build with no code change, and
several notices build into one dataset."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

from inspection_kg.cli import main

from .conftest import FIXTURES, REPO, SEED

NOTICES = FIXTURES / "notices"
BASE = "https://w3id.org/inspection-kg/"
IKG = rdflib.Namespace("https://w3id.org/inspection-kg/def/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
DCTERMS = rdflib.DCTERMS

# Each actor as written → (agent key, region code, organisation kind), read off the text and
# (zones: keyed by their name as printed, province included, in pinyin)
# checked against data/divisions/divisions.tsv for the notice's year.
EXPECTED = {
    "guobanfa-2017-901": {
        1: [("140202-government", "140202", "government")],  # 大同市城区 (2017; 平城区 from 2018)
        2: [("530630-government", "530630", "government")],  # 昭通市水富县 (2017; 水富市 from 2018)
        3: [("371200-government", "371200", "government")],  # 莱芜市 (merged into 济南市 in 2019)
        4: [("320583-government", "320583", "government")],  # 江苏省昆山市, 苏州市 skipped
        5: [("500229-government", "500229", "government"), ("429004-government", "429004", "government")],
        6: [("152522-government", "152522", "government"), ("222400-government", "222400", "government")],
    },
    "guobanfa-2019-902": {
        1: [("130000-zone-he2-bei3-xiong2-an1-xin1-qu1", "130000", "development-zone")],
        2: [
            (
                "310000-zone-shang4-hai3-zi4-mao4-shi4-yan4-qu1-lin2-gang3-xin1-pian4-qu1",
                "310000",
                "development-zone",
            )
        ],
        3: [
            (
                "330100-zone-zhe4-jiang1-sheng3-hang2-zhou1-gao1-xin1-ji4-shu4-chan3-ye4-kai1-fa1-qu1",
                "330100",
                "development-zone",
            )
        ],
        4: [
            ("140302-government", "140302", "government"),
            ("510000-zone-si4-chuan1-tian1-fu3-xin1-qu1", "510000", "development-zone"),
        ],
        5: [
            ("440000-human-resources-social-security", "440000", "department"),
            ("330782-government", "330782", "government"),
        ],
    },
}


def _build(tmp_path: Path, *notices: Path) -> rdflib.Graph:
    out = tmp_path / "out"
    assert main(["build", *map(str, notices), "--out", str(out), "-q"]) == 0
    return rdflib.Graph().parse(out / "inspection-kg.nt")


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_actor_resolves_to_its_code_of_the_year(tmp_path: Path, key: str) -> None:
    graph = _build(tmp_path, NOTICES / f"{key}.txt")
    for ordinal, actors in EXPECTED[key].items():
        practice = URIRef(f"{BASE}id/practice/{key}/{ordinal}")
        agents = {str(a).removeprefix(f"{BASE}id/agent/") for a in graph.objects(practice, IKG.attributedTo)}
        assert agents == {agent for agent, _, _ in actors}, ordinal
        regions = {str(r).removeprefix(f"{BASE}id/region/") for r in graph.objects(practice, DCTERMS.spatial)}
        assert regions == {code for _, code, _ in actors}, ordinal
        for agent, _, kind in actors:
            classification = graph.value(URIRef(f"{BASE}id/agent/{agent}"), ORG.classification)
            assert str(classification).endswith(f"/organisation-kind/{kind}")


def test_successors_are_recorded_where_the_table_says(tmp_path: Path) -> None:
    graph = _build(tmp_path, NOTICES / "guobanfa-2017-901.txt")
    replaced = {
        str(s).rsplit("/", 1)[-1]: str(o).rsplit("/", 1)[-1]
        for s, o in graph.subject_objects(DCTERMS.isReplacedBy)
    }
    # divisions.tsv: 140202 城区 1980-2017 → lineage 140213 平城区 2018-; 530630 水富县 → 530681 水富市;
    # 莱芜市 371200 has no successor row (the merger is not in the table's lineage).
    assert replaced == {"140202": "140213", "530630": "530681"}
    assert Literal("平城区", lang="zh") in set(
        graph.objects(URIRef(f"{BASE}id/region/140213"), rdflib.SKOS.prefLabel)
    )
    assert (
        URIRef(f"{BASE}id/region/140213"),
        rdflib.SKOS.inScheme,
        URIRef(f"{BASE}id/scheme/gbt2260-2024"),
    ) in graph


def test_numbering_styles_and_special_items_parse(tmp_path: Path) -> None:
    graph = _build(tmp_path, NOTICES / "guobanfa-2017-901.txt", NOTICES / "guobanfa-2019-902.txt")
    label = graph.value(URIRef(f"{BASE}id/practice/guobanfa-2017-901/2"), rdflib.SKOS.prefLabel)
    assert str(label) == "云南省昭通市水富县推进“‘一件事’集成改革”便民利民"
    assert graph.value(URIRef(f"{BASE}id/practice/guobanfa-2019-902/5"), IKG.ordinal) == Literal(5)
    initiative = list(graph.subjects(rdflib.SKOS.prefLabel, Literal("‘一件事’集成改革", lang="zh")))
    assert len(initiative) == 1


def test_several_notices_share_regions_organisations_and_initiatives(tmp_path: Path) -> None:
    graph = _build(tmp_path, SEED, NOTICES)
    notices = set(graph.subjects(rdflib.RDF.type, IKG.Notice))
    assert len(notices) == 3
    fang_guan_fu = URIRef(f"{BASE}id/initiative/fang4-guan3-fu2")
    mentioners = set(graph.subjects(IKG.mentions, fang_guan_fu))
    commended = {graph.value(m, IKG.commendedIn) or m for m in mentioners}
    assert commended == notices  # one concept, quoted by all three notices
    # 山西省 (140000) is a region of two notices: one IRI, one Chinese label.
    shanxi = URIRef(f"{BASE}id/region/140000")
    assert [l for l in graph.objects(shanxi, rdflib.SKOS.prefLabel) if l.language == "zh"] == [
        Literal("山西省", lang="zh")
    ]  # type: ignore[attr-defined]
    for key, count in {"guobanfa-2020-46": 43, "guobanfa-2017-901": 6, "guobanfa-2019-902": 5}.items():
        ordinals = {
            int(graph.value(p, IKG.ordinal))  # type: ignore[arg-type]
            for p in graph.subjects(
                IKG.commendedIn, URIRef(f"{BASE}eli/cn/guobanfa/{key.split('-')[1]}/{key.split('-')[2]}")
            )
        }
        assert ordinals == set(range(1, count + 1))


def test_a_multi_notice_build_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "inspection_kg",
        "build",
        str(SEED),
        str(NOTICES),
        "--out",
        str(tmp_path / "o"),
    ]
    piped = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
    assert (
        "notices" not in piped.stderr.replace("built 3 notice(s)", "") and "built 3 notice(s)" in piped.stderr
    )
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stderr=follower, stdout=subprocess.DEVNULL, cwd=REPO)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait() == 0
    os.close(leader)
    shown = seen.decode("utf-8")
    assert "read 1/3 notices" in shown and "read 3/3 notices" in shown
    assert "wrote 3/3 notices" in shown and "built 3 notice(s)" in shown
    written = re.findall(r"wrote (\d)/3 notices, ([\d,]+) triples", shown)
    assert [int(n) for n, _ in written] == [1, 2, 3]
    counts = [int(t.replace(",", "")) for _, t in written]
    assert 0 < counts[0] < counts[1] < counts[2]  # triples written so far, growing
    quiet = subprocess.run([*command, "-q"], capture_output=True, text=True, check=True, cwd=REPO)
    assert quiet.stderr == ""


SPECIAL = 'x"y\\z<a>&b'


def test_characters_special_in_turtle_json_and_xml_round_trip(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("探索供水“四化”新路径", f"探索供水“{SPECIAL}”新路径")
    notice = tmp_path / "special.txt"
    notice.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(notice), "--out", str(out), "-q"]) == 0
    practice = URIRef(f"{BASE}id/practice/guobanfa-2020-46/22")
    expected = f"河南省水利厅、濮阳市探索供水“{SPECIAL}”新路径保障农村饮水安全"
    for name, parser in [
        ("inspection-kg.ttl", "turtle"),
        ("inspection-kg.nt", "nt"),
        ("inspection-kg.jsonld", "json-ld"),
    ]:
        graph = rdflib.Graph().parse(out / name, format=parser)
        assert str(graph.value(practice, rdflib.SKOS.prefLabel)) == expected, name
    import networkx as nx

    graphml = nx.read_graphml(out / "inspection-kg.graphml")
    assert graphml.nodes[str(practice)]["label"] == expected
    import xml.etree.ElementTree as ET

    for svg in ("graph-around-a-practice.svg", "practices-per-province.svg"):
        ET.parse(out / svg)  # well-formed XML whatever the text holds


def _variant(tmp_path: Path, year: int, number: int, actor: str) -> Path:
    """The 2017 test notice moved to another year, its item 2 by ``actor``."""
    text = (NOTICES / "guobanfa-2017-901.txt").read_text(encoding="utf-8")
    text = text.replace("国办发〔2017〕901号", f"国办发〔{year}〕{number}号").replace(
        "2017年12月20日", f"{year}年12月20日"
    )
    lines = text.split("\n")
    keep = [line for line in lines if not line.startswith(("1. ", "3. ", "4. ", "5. ", "6. "))]
    text = "\n".join(keep).replace("2. 云南省昭通市水富县", f"1. {actor}").replace("6项", "1项")
    path = tmp_path / f"notice-{year}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_code_renamed_between_two_notices(tmp_path: Path) -> None:
    """530800 is 思茅市 in the 2005 table and 普洱市 from 2007 (divisions.tsv): one region and
    one government, the latest name preferred, the older kept as an altLabel; and the
    same bytes whichever order the notices are named in."""
    older = _variant(tmp_path, 2005, 903, "云南省思茅市")
    newer = _variant(tmp_path, 2010, 904, "云南省普洱市")
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["build", str(older), str(newer), "--out", str(first), "-q"]) == 0
    assert main(["build", str(newer), str(older), "--out", str(second), "-q"]) == 0
    assert {p.name: p.read_bytes() for p in first.iterdir()} == {
        p.name: p.read_bytes() for p in second.iterdir()
    }
    graph = rdflib.Graph().parse(first / "inspection-kg.nt")
    for subject, latest, former in [
        (URIRef(f"{BASE}id/region/530800"), "普洱市", "思茅市"),
        (URIRef(f"{BASE}id/agent/530800-government"), "普洱市人民政府", "思茅市人民政府"),
    ]:
        zh = [l for l in graph.objects(subject, rdflib.SKOS.prefLabel) if l.language == "zh"]  # type: ignore[attr-defined]
        assert zh == [Literal(latest, lang="zh")]
        assert Literal(former, lang="zh") in set(graph.objects(subject, rdflib.SKOS.altLabel))


def test_every_province_has_its_short_name() -> None:
    from inspection_kg.resolve.curated import load_english_naming
    from inspection_kg.resolve.gazetteer import gazetteer_for_year

    short = gazetteer_for_year(2020).province_short_names(load_english_naming().people_by_spelling)
    # The short names of the 34 province-level units (GB/T 2260 names without 省, 市,
    # 自治区 and the peoples' names before it, or 特别行政区).
    assert sorted(short) == sorted(
        [
            "北京",
            "天津",
            "河北",
            "山西",
            "内蒙古",
            "辽宁",
            "吉林",
            "黑龙江",
            "上海",
            "江苏",
            "浙江",
            "安徽",
            "福建",
            "江西",
            "山东",
            "河南",
            "湖北",
            "湖南",
            "广东",
            "广西",
            "海南",
            "重庆",
            "四川",
            "贵州",
            "云南",
            "西藏",
            "陕西",
            "甘肃",
            "青海",
            "宁夏",
            "新疆",
            "台湾",
            "香港",
            "澳门",
        ]
    )

"""A province's own notice, end to end: issued by a provincial general office, with no 发文字号
(as a portal's copy prints it), commending the practices found by the province's own
inspection (全省经济社会发展综合督查, the words 山东省人民政府's 2021 notice uses, see
tests/fixtures/layouts/README.md). The text is the seed's with its header and signature
replaced, so its items are real; the expected values come from the grammar the README states
(issuer → its government; the inspection is the issuer's government's, not numbered)."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib import Literal, URIRef

from inspection_kg.pipeline import build, read_notice

from .conftest import SEED

BASE = "https://w3id.org/inspection-kg/"
IKG = rdflib.Namespace(BASE + "def/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
SKOS = rdflib.SKOS
SEED_TITLE = "国务院办公厅关于对国务院第七次大督查\n发现的典型经验做法给予表扬的通报\n国办发〔2020〕46号\n"
TITLE = "山东省人民政府办公厅关于对全省经济社会发展综合督查\n发现的典型经验做法予以通报表扬的通报\n"


def _provincial(tmp_path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    assert SEED_TITLE in text.replace("                    ", "") and "\n国务院办公厅\n2020年11月19日" in text
    text = text.replace("                    ", "", 1).replace(SEED_TITLE, TITLE, 1)
    text = text.replace("\n国务院办公厅\n2020年11月19日", "\n山东省人民政府办公厅\n2020年11月19日", 1)
    path = tmp_path / "shandong.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_issuer_its_jurisdiction_and_its_key(tmp_path: Path) -> None:
    reading = read_notice(_provincial(tmp_path))
    assert not reading.problems
    notice = reading.notice
    assert notice.notice.document_number is None
    assert (notice.issuer.key, notice.issuer.parent_key) == (
        "370000-government-general-office",
        "370000-government",
    )
    assert notice.jurisdiction is not None and notice.jurisdiction.code == "370000"
    # no number: issuer, date (11-19) and the initials of 对全省经济社会发展综合督查发现的典型经验做法予以通报表扬
    assert notice.key.key == "370000-government-general-office-2020-1119-dqsjjshfzzhdcfxddxjyzfyytbby"
    assert len(notice.items) == 43


def test_the_inspection_is_the_provinces_own(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([_provincial(tmp_path)], out)
    graph = rdflib.Graph().parse(out / "inspection-kg.nt", format="nt")
    campaign = URIRef(BASE + "id/inspection/370000-government/2020-qsjjshfzzhdc")
    assert (campaign, rdflib.RDF.type, IKG.InspectionCampaign) in graph
    assert set(graph.objects(campaign, SKOS.prefLabel)) == {Literal("全省经济社会发展综合督查", lang="zh")}
    assert set(graph.objects(campaign, PROV.wasAssociatedWith)) == {
        URIRef(BASE + "id/agent/370000-government")
    }
    assert not set(graph.objects(campaign, IKG.ordinal))  # a province's inspection is not numbered
    practices = set(graph.subjects(IKG.identifiedDuring, campaign))
    assert len(practices) == 43
    work = next(iter(graph.subjects(IKG.reportsOn, campaign)))
    assert set(graph.objects(work, ELI.passed_by)) == {
        URIRef(BASE + "id/agent/370000-government-general-office")
    }
    assert not set(graph.objects(work, ELI.id_local))
    # the seed's body says 经国务院同意: the approver is the State Council, an organisation of the data
    approver = URIRef(BASE + "id/agent/cn-state-council")
    assert set(graph.objects(work, IKG.approvedBy)) == {approver}
    assert (approver, rdflib.RDF.type, URIRef("http://www.w3.org/ns/org#Organization")) in graph


def test_a_department_of_the_issuers_government_named_short(tmp_path: Path) -> None:
    """省发展改革委 in a Shandong notice is the 发展改革委 of 山东省人民政府 (as 河南省水利厅 is
    河南省's); outside a province's notice, 省 names no province and the item is refused."""
    path = _provincial(tmp_path)
    first = "1．北京市做实做细"
    text = path.read_text(encoding="utf-8")
    assert first in text
    path.write_text(text.replace(first, "1．省发展改革委做实做细", 1), encoding="utf-8")
    item = read_notice(path).notice.items[0]
    assert item.actor_span.text == "省发展改革委"
    [actor] = item.actors
    assert actor.agent is not None
    assert (actor.agent.key, actor.agent.parent_key, actor.rule) == (
        "370000-development-reform",
        "370000-government",
        "department",
    )
    assert [region.code for region in actor.regions] == ["370000"]
    central = tmp_path / "central.txt"
    central.write_text(
        SEED.read_text(encoding="utf-8").replace(first, "1．省发展改革委做实做细", 1), encoding="utf-8"
    )
    assert [p.line for p in read_notice(central).problems] == [28]  # the line of item 1

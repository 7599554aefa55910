"""Citations: a notice that relays or follows another cites it in its body (《关于…的通报》,
perhaps with its 发文字号 after it). The citation is kept as printed (ikg:citationText) and,
where the cited notice is in the dataset, linked to it (eli:cites): by its document number
where one is printed, else by its title."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib import Literal, URIRef

from inspection_kg.pipeline import build

from .conftest import REAL_NOTICES, SEED

ELI = "http://data.europa.eu/eli/ontology#"
IKG = "https://w3id.org/inspection-kg/def/"
BASE = "https://w3id.org/inspection-kg/"
# The title of 国办发〔2018〕108号 as its first two lines print it (data/notices/guobanfa-2018-108.txt)
CITED_TITLE = "国务院办公厅关于对国务院第五次大督查发现的典型经验做法给予表扬的通报"
OPENING = "为进一步推动中央经济工作会议部署和《政府工作报告》提出的目标任务落到实处，"


def _seed_citing(tmp_path: Path, citation: str) -> Path:
    """The seed with a sentence citing the 2018 notice put before its opening."""
    text = SEED.read_text(encoding="utf-8")
    assert OPENING in text
    path = tmp_path / "citing.txt"
    path.write_text(text.replace(OPENING, f"根据{citation}精神，{OPENING}", 1), encoding="utf-8")
    return path


def _graph(tmp_path: Path, *notices: Path) -> rdflib.Graph:
    """Every triple of the build, whatever its named graph."""
    out = tmp_path / "out"
    build(list(notices), out)
    return rdflib.Graph().parse(out / "inspection-kg.nt", format="nt")


def test_a_citation_by_document_number_links_the_cited_notice(tmp_path: Path) -> None:
    citation = f"《{CITED_TITLE}》（国办发〔2018〕108号）"
    data = _graph(tmp_path, _seed_citing(tmp_path, citation), REAL_NOTICES / "guobanfa-2018-108.txt")
    citing, cited = URIRef(BASE + "eli/cn/guobanfa/2020/46"), URIRef(BASE + "eli/cn/guobanfa/2018/108")
    assert set(data.objects(citing, URIRef(ELI + "cites"))) == {cited}
    assert set(data.objects(citing, URIRef(IKG + "citationText"))) == {Literal(citation, lang="zh")}
    assert not set(data.objects(cited, URIRef(ELI + "cites")))


def test_a_citation_by_title_after_its_issuer_links_the_cited_notice(tmp_path: Path) -> None:
    citation = "《" + CITED_TITLE.removeprefix("国务院办公厅") + "》"  # 《关于对…的通报》, as relays print it
    data = _graph(tmp_path, _seed_citing(tmp_path, citation), REAL_NOTICES / "guobanfa-2018-108.txt")
    citing = URIRef(BASE + "eli/cn/guobanfa/2020/46")
    assert set(data.objects(citing, URIRef(ELI + "cites"))) == {URIRef(BASE + "eli/cn/guobanfa/2018/108")}


def test_a_citation_of_a_notice_outside_the_dataset_is_kept_as_printed_only(tmp_path: Path) -> None:
    citation = "《关于对2021年落实有关重大政策措施真抓实干成效明显地方予以督查激励的通报》"
    data = _graph(tmp_path, _seed_citing(tmp_path, citation))
    citing = URIRef(BASE + "eli/cn/guobanfa/2020/46")
    assert set(data.objects(citing, URIRef(IKG + "citationText"))) == {Literal(citation, lang="zh")}
    assert not set(data.objects(citing, URIRef(ELI + "cites")))


def test_the_real_notices_cite_nothing_but_their_own_words(tmp_path: Path) -> None:
    """《政府工作报告》 in the seed's opening names a report, not a document cited by its title."""
    data = _graph(tmp_path, SEED, REAL_NOTICES / "guobanfa-2018-108.txt")
    assert not set(data.triples((None, URIRef(IKG + "citationText"), None)))

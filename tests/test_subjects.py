"""Subjects on gov.cn's 主题分类: the scheme as gov.cn prints it, a subject for every practice
with how it was placed, agreement with hand labels on practices the lexicon was not written
from, the named queries and pages that use them, and a lexicon that is wrong refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF, SKOS

from inspection_kg.errors import ConfigError
from inspection_kg.read.parse import parse_notice
from inspection_kg.read.sources import read_source
from inspection_kg.resolve.subject_scheme import load_subject_lexicon, load_subject_scheme
from inspection_kg.resolve.subjects import NO_WORD, place

from .conftest import REAL_NOTICES, named_query_rows
from .subject_agreement import SINGLE_NOTICE_LEXICONS, agreement, labelled_notice, labelled_unseen

IKG = rdflib.Namespace("https://w3id.org/inspection-kg/def/")
SUBJECT = "https://w3id.org/inspection-kg/id/subject/"

# The 22 top categories as the gov.cn policy library's search interface lists them (field
# zhutitag), in its order; source and copies: the comment at the top of data/curated/subjects.yaml.
GOV_CN_TOP_CATEGORIES = (
    "国务院组织机构", "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源",
    "农业、林业、水利", "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护",
    "科技、教育", "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察",
    "公安、安全、司法", "民政、扶贫、救灾", "民族、宗教", "对外事务", "港澳台侨工作", "国防", "其他",
)  # fmt: skip


def _declared_practices() -> int:
    """How many practices the real notices say they list (共130项, 共43项), from their text."""
    total = 0
    for path in sorted(REAL_NOTICES.glob("*.txt")):
        counts = {count.value for count in parse_notice(read_source(path)).declared_counts}
        assert len(counts) == 1, (path, counts)  # the body and the attachment say the same
        total += counts.pop()
    return total


# --------------------------------------------------------------------------- the scheme


def test_the_scheme_is_gov_cn_s_tree() -> None:
    scheme = load_subject_scheme()
    tops = [s for s in scheme.subjects.values() if s.broader is None]
    assert tuple(s.zh for s in tops) == GOV_CN_TOP_CATEGORIES
    subs = [s for s in scheme.subjects.values() if s.broader is not None]
    assert len(subs) == 121
    assert scheme.path_zh("02.04") == "综合政务\\电子政务"
    assert scheme.path_zh("15.01") == "劳动、人事、监察\\劳动就业"
    assert scheme.path_zh("17.06") == "民政、扶贫、救灾\\扶贫"
    assert all(s.en for s in scheme.subjects.values())


def test_the_data_carries_the_scheme_as_skos(real_graph: rdflib.Graph) -> None:
    tops = set(real_graph.subjects(SKOS.topConceptOf, None)) & {
        c for c in real_graph.subjects(RDF.type, SKOS.Concept) if str(c).startswith(SUBJECT)
    }
    labels = {
        str(real_graph.value(t, SKOS.notation)): next(
            str(label)
            for label in real_graph.objects(t, SKOS.prefLabel)
            if isinstance(label, rdflib.Literal) and label.language == "zh"
        )
        for t in tops
    }
    assert [labels[n] for n in sorted(labels)] == list(GOV_CN_TOP_CATEGORIES)
    employment = rdflib.URIRef(SUBJECT + "15.01")
    assert real_graph.value(employment, SKOS.broader) == rdflib.URIRef(SUBJECT + "15")
    assert rdflib.Literal("劳动、人事、监察\\劳动就业", lang="zh") in set(
        real_graph.objects(employment, SKOS.altLabel)
    )
    scheme = real_graph.value(employment, SKOS.inScheme)
    assert scheme is not None and real_graph.value(scheme, DCTERMS.source) is not None


# --------------------------------------------------------------------------- every practice


def test_every_practice_has_one_primary_subject_with_its_evidence(real_graph: rdflib.Graph) -> None:
    practices = set(real_graph.subjects(RDF.type, IKG.Practice))
    assert len(practices) == _declared_practices()
    for practice in practices:
        primaries = list(real_graph.objects(practice, IKG.primarySubject))
        assert len(primaries) == 1, practice
        subjects = set(real_graph.objects(practice, DCTERMS.subject))
        assert primaries[0] in subjects and all(str(s).startswith(SUBJECT) for s in subjects)
    assignments = set(real_graph.subjects(RDF.type, IKG.SubjectAssignment))
    assert {real_graph.value(a, IKG.assignedPractice) for a in assignments} == practices
    for assignment in assignments:
        assert (assignment, RDF.type, IKG.InferredFact) in real_graph
        rule = real_graph.value(assignment, IKG.byRule)
        words = list(real_graph.objects(assignment, IKG.matchedText))
        if str(rule).endswith("/no-lexicon-word"):
            assert not words and str(real_graph.value(assignment, IKG.assignedSubject)) == SUBJECT + NO_WORD
        elif real_graph.value(assignment, IKG.isPrimary) == rdflib.Literal(True):
            assert words, assignment  # a lexicon placement names the words that decided it
            confidence = real_graph.value(assignment, IKG.confidence)
            assert isinstance(confidence, rdflib.Literal) and 0 < float(confidence) <= 1


def test_a_practice_no_word_places_gets_other_with_confidence_zero() -> None:
    placed = place("完成了各项既定任务", load_subject_lexicon(), load_subject_scheme())
    assert (placed.primary, placed.secondary, placed.evidence, placed.confidence) == (NO_WORD, (), (), 0.0)


def test_longer_words_are_counted_before_the_words_inside_them(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text('subjects:\n  "05.01":\n    strong: [不动产登记]\n  "09.01":\n    strong: [登记]\n')
    placed = place("推进不动产登记一窗办理", load_subject_lexicon(lexicon), load_subject_scheme())
    assert placed.primary == "05.01" and [f.word.word for f in placed.evidence] == ["不动产登记"]


def test_the_top_category_is_chosen_before_the_subcategory(tmp_path: Path) -> None:
    """Two finance words (credit, banking) outweigh one employment word of the same weight."""
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text(
        'subjects:\n  "04.07":\n    weak: [信用]\n  "04.03":\n    weak: [贷款]\n  "15.01":\n    weak: [就业]\n'
    )
    placed = place("以信用贷款稳就业", load_subject_lexicon(lexicon), load_subject_scheme())
    assert placed.primary[:2] == "04"


def test_theme_rules_group_only_the_practices_of_a_notice_that_names_the_themes(
    real_graph: rdflib.Graph,
) -> None:
    """2020's five themes are named in its body: its practices keep that grouping; 2018 names
    none, so none of its practices is put under 2020's themes."""
    by_notice: dict[str, int] = {}
    for assignment in real_graph.subjects(RDF.type, IKG.ThemeAssignment):
        practice = str(real_graph.value(assignment, IKG.assignedPractice))
        by_notice[practice.split("/")[-2]] = by_notice.get(practice.split("/")[-2], 0) + 1
    assert set(by_notice) == {"guobanfa-2020-46"}


# --------------------------------------------------------------------------- agreement


@pytest.mark.parametrize("written_from", sorted(SINGLE_NOTICE_LEXICONS))
def test_a_lexicon_written_from_one_notice_places_the_other(written_from: str) -> None:
    """On the notice a lexicon was not written from (hand labels: tests/fixtures/subjects/).
    Measured 74.4 % (from 2018, on 2020) and 79.2 % (from 2020, on 2018): short of the 90 %
    the issue aims at (README, "Subjects"); this floor keeps a change from making it worse."""
    (other,) = set(SINGLE_NOTICE_LEXICONS) - {written_from}
    result = agreement(load_subject_lexicon(SINGLE_NOTICE_LEXICONS[written_from]), labelled_notice(other))
    assert result.share(result.top) >= 0.74, result.misses


def test_the_build_s_lexicon_places_practices_of_other_notices() -> None:
    """Real practices of notices the lexicon was not written from: ≥ 80 % (the issue's judge;
    measured 25 of 30)."""
    result = agreement(load_subject_lexicon(), labelled_unseen())
    assert result.total >= 25 and result.share(result.top) >= 0.80, result.misses


def test_the_build_s_lexicon_agrees_with_the_hand_labels_of_both_notices() -> None:
    for number in SINGLE_NOTICE_LEXICONS:
        result = agreement(load_subject_lexicon(), labelled_notice(number))
        assert result.share(result.top) >= 0.90, (number, result.misses)


# --------------------------------------------------------------------------- a wrong lexicon


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('subjects:\n  "99.01":\n    strong: [就业]\n', "'99.01' is not a notation of subjects.yaml"),
        (
            'subjects:\n  "15.01":\n    strong: [就业]\n  "15.02":\n    weak: [就业]\n',
            "就业 is listed under 15.01 too",
        ),
        ('subjects:\n  "15.01":\n    strong: [就業]\n', "就業 is not in its reading form"),
        ('subjects:\n  "15.01":\n    strongly: [就业]\n', "unknown field 'strongly'"),
        ('subjects:\n  "15.01":\n    strong: [""]\n', "'' is not a word"),
    ],
)
def test_a_wrong_lexicon_is_refused_with_its_place(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_subject_lexicon(path)
    assert message in str(caught.value) and caught.value.path == path


# --------------------------------------------------------------------------- queries


def test_practices_per_subject_prints_labels_and_counts_every_practice(real_dir: Path) -> None:
    rows = named_query_rows(real_dir, "practices-per-subject")
    assert [row["subject"] for row in rows] == list(GOV_CN_TOP_CATEGORIES)
    assert all(not row["subject"].startswith("http") for row in rows)
    assert sum(int(row["practices"]) for row in rows) == _declared_practices()


def test_one_subject_across_notices_by_notation_label_or_printed_label(real_dir: Path) -> None:
    by_notation = named_query_rows(real_dir, "practices-of-subject", "subject=15.01")
    assert by_notation, "no practice under 劳动就业"
    assert {row["notice"] for row in by_notation} == {"国办发〔2018〕108号", "国办发〔2020〕46号"}
    assert named_query_rows(real_dir, "practices-of-subject", "subject=劳动就业") == by_notation
    assert (
        named_query_rows(real_dir, "practices-of-subject", "subject=劳动、人事、监察\\劳动就业")
        == by_notation
    )
    whole = named_query_rows(real_dir, "practices-of-subject", "subject=15")
    assert {(r["notice"], r["ordinal"]) for r in by_notation} <= {(r["notice"], r["ordinal"]) for r in whole}


def test_subjects_by_province_counts_each_located_practice_once_per_province(real_dir: Path) -> None:
    table = named_query_rows(real_dir, "subjects-by-province")
    per_province = named_query_rows(real_dir, "practices-per-province")
    totals: dict[str, int] = {}
    for row in table:
        assert re.fullmatch(r"\d\d", row["notation"]) and row["subject"] in GOV_CN_TOP_CATEGORIES
        totals[row["code"]] = totals.get(row["code"], 0) + int(row["practices"])
    assert totals == {row["code"]: int(row["practices"]) for row in per_province}

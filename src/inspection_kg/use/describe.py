"""What the store knows of one resource, read with SPARQL: its labels, types and
properties, the resources that point to it (a page at a time), the characters of the
notice it was read from (quotes.py), and its description as RDF for content negotiation.
How an IRI enters a query: resource_queries.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..model.vocab import ELI, FOAF, IKG, SCHEMA
from .quotes import Quote, quotes
from .resource_queries import PREFIXES, bound, solutions, text

# Label properties, most preferred first; a resource's label is the first one found.
LABEL_PROPERTIES = (
    str(SKOS.prefLabel),
    str(RDFS.label),
    str(DCTERMS.title),
    str(ELI.title),
    str(FOAF.name),
    str(ELI.id_local),
    str(SKOS.notation),
)
LANGUAGES = ("zh", "en", "")  # the order in which a label's language is preferred
PAGE_SIZE = 50  # incoming links listed per property and page
VALUE_LIMIT = 100  # values of one property shown on a page; the RDF forms have them all
# Incoming groups larger than this are listed in the store's order: sorting 70,000 IRIs takes
# the engine seconds (measured: rdf:type ikg:Practice over 1,000 notices, 2.7-4 s).
SORTED_LIMIT = 5_000


@dataclass(frozen=True, slots=True)
class Value:
    """An RDF term as a page shows it: an IRI (with its label, if the store has one)
    or a literal (with its language or datatype)."""

    text: str  # the IRI, or the literal's lexical form
    is_iri: bool
    language: str = ""
    datatype: str = ""
    label: str = ""

    @property
    def sort_key(self) -> tuple[bool, str, str]:
        return (self.is_iri, self.language, self.label or self.text)


@dataclass(frozen=True, slots=True)
class Incoming:
    """Resources that point to this one by one property: a page of them, and how many."""

    predicate: str
    total: int
    page: int
    subjects: tuple[Value, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass(slots=True)
class Description:
    iri: str
    labels: list[Value] = field(default_factory=list)
    properties: dict[str, list[Value]] = field(default_factory=dict)
    incoming: list[Incoming] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quote_total: int = 0
    broader: list[Value] = field(default_factory=list)  # the parent chain, nearest first
    themes: list[Value] = field(default_factory=list)  # assigned by the builder's theme rules
    subjects: list[SubjectShown] = field(default_factory=list)  # a practice's, on gov.cn's classification
    within: Incoming | None = None  # a region's practices, its subdivisions' included
    value_counts: dict[str, int] = field(default_factory=dict)  # properties with values not shown
    parts: dict[str, dict[str, list[Value]]] = field(default_factory=dict)  # `iri#…` resources

    @property
    def types(self) -> list[Value]:
        return self.properties.get(str(RDF.type), [])

    def label(self, language: str = "zh") -> str:
        return pick_label(self.labels, language)


def pick_label(labels: Iterable[Value], language: str = "zh") -> str:
    """The first label in the preferred language, else any; labels come in LABEL_PROPERTIES order."""
    labels = list(labels)
    for wanted in (language, *LANGUAGES):
        for value in labels:
            if value.language == wanted or value.language.startswith(wanted + "-"):
                return value.text
    return labels[0].text if labels else ""


def value_of(term: object, label: str = "") -> Value:
    """A store term as a page shows it."""
    if isinstance(term, ox.NamedNode):
        return Value(term.value, True, label=label)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.language is None else ""
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            datatype = ""
        return Value(term.value, False, term.language or "", datatype)
    return Value(str(term), False)


def exists(store: ox.Store, iri: str) -> bool:
    """Whether the IRI occurs in the data, as subject or object."""
    answer = store.query(
        bound("ASK { { ?resource ?p ?o } UNION { ?s ?p ?resource } }", {"resource": ox.NamedNode(iri)}),
        use_default_graph_as_union=True,
    )
    return bool(answer)


def labels_of(store: ox.Store, iris: Iterable[str]) -> dict[str, str]:
    """A label for each IRI that has one (Chinese preferred), in one query."""
    wanted = sorted(set(iris))
    if not wanted:
        return {}
    found: dict[str, list[tuple[int, Value]]] = {}
    values = " ".join(str(ox.NamedNode(iri)) for iri in wanted)
    rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}
    for row in solutions(
        store,
        f"SELECT ?s ?p ?label WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?label FILTER(?p IN ({','.join(f'<{p}>' for p in LABEL_PROPERTIES)})) }}",
    ):
        subject, predicate = row["s"], row["p"]
        assert isinstance(subject, ox.NamedNode) and isinstance(predicate, ox.NamedNode)
        found.setdefault(subject.value, []).append((rank[predicate.value], value_of(row["label"])))
    return {
        iri: pick_label(v for _, v in sorted(pairs, key=lambda p: (p[0], p[1].sort_key)))
        for iri, pairs in found.items()
    }


def _properties(store: ox.Store, iri: str, counts: dict[str, int] | None = None) -> dict[str, list[Value]]:
    """Each property's values, at most VALUE_LIMIT of them (a corpus's dataset description
    has thousands); ``counts`` is told how many each property has when that is more."""
    grouped: dict[str, list[Value]] = {}
    for row in solutions(
        store, "SELECT DISTINCT ?p ?o WHERE { ?resource ?p ?o }", resource=ox.NamedNode(iri)
    ):
        predicate = row["p"]
        assert isinstance(predicate, ox.NamedNode)
        grouped.setdefault(predicate.value, []).append(value_of(row["o"]))
    for predicate, values in grouped.items():
        values.sort(key=lambda v: (v.is_iri, v.language, v.text))
        if len(values) > VALUE_LIMIT:
            if counts is not None:
                counts[predicate] = len(values)
            del values[VALUE_LIMIT:]
    labels = labels_of(store, (v.text for values in grouped.values() for v in values if v.is_iri))
    return {
        p: sorted(
            (Value(v.text, True, label=labels.get(v.text, "")) if v.is_iri else v for v in values),
            key=lambda v: v.sort_key,
        )
        for p, values in sorted(grouped.items())
    }


def incoming(store: ox.Store, iri: str, predicate: str | None = None, page: int = 1) -> list[Incoming]:
    """The resources that point to ``iri``, grouped by property: the first page of each group,
    or page ``page`` of one group. Listed by ikg:ordinal where they have one (practices in
    notice order), else by IRI; a group over SORTED_LIMIT in the store's own order, which
    is the same for the same data."""
    resource = ox.NamedNode(iri)
    counts = {
        row["p"].value: int(row["n"].value)
        for row in solutions(
            store,
            "SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?resource } GROUP BY ?p",
            resource=resource,
        )
    }
    groups = []
    for name in sorted(counts):
        if predicate is not None and name != predicate:
            continue
        current = page if predicate is not None else 1
        window = f"LIMIT {PAGE_SIZE} OFFSET {(current - 1) * PAGE_SIZE}"
        query = (
            f"SELECT DISTINCT ?s ?n WHERE {{ ?s ?by ?resource OPTIONAL {{ ?s ikg:ordinal ?n }} }} ORDER BY ?n ?s {window}"
            if counts[name] <= SORTED_LIMIT
            else f"SELECT DISTINCT ?s WHERE {{ ?s ?by ?resource }} {window}"
        )
        rows = solutions(store, query, resource=resource, by=ox.NamedNode(name))
        subjects = [row["s"].value for row in rows if isinstance(row["s"], ox.NamedNode)]
        labels = labels_of(store, subjects)
        groups.append(
            Incoming(
                name, counts[name], current, tuple(Value(s, True, label=labels.get(s, "")) for s in subjects)
            )
        )
    return groups


def broader_chain(store: ox.Store, iri: str) -> list[Value]:
    """skos:broader from ``iri`` upwards, nearest first (a region's parents)."""
    edges = {
        row["x"].value: row["y"].value
        for row in solutions(
            store,
            "SELECT ?x ?y WHERE { ?resource skos:broader* ?x . ?x skos:broader ?y }",
            resource=ox.NamedNode(iri),
        )
    }
    chain: list[str] = []
    current = iri
    while current in edges and edges[current] not in chain and len(chain) < 16:
        current = edges[current]
        chain.append(current)
    labels = labels_of(store, chain)
    return [Value(parent, True, label=labels.get(parent, "")) for parent in chain]


WITHIN = "within"  # pages through a region's practices rather than one property's subjects


def practices_within(store: ox.Store, iri: str, page: int = 1) -> Incoming:
    """The practices located in a region or its subdivisions (a practice is in a region when
    a region it is located in is that region or lies below it): a page of them, newest
    notice first, in notice order, and how many there are.

    Read in small steps joined here: the region's subdivisions, then the practices located
    in each. Written as one query, the engine walked every practice of the corpus (about
    0.25 s a region page on 100 notices, measured)."""
    return _practices_under(store, iri, str(DCTERMS.spatial), page)


def practices_of_subject(store: ox.Store, iri: str, page: int = 1) -> Incoming:
    """The practices placed under a subject category or a category under it (dcterms:subject),
    paged like a region's practices."""
    return _practices_under(store, iri, str(DCTERMS.subject), page)


def _practices_under(store: ox.Store, iri: str, predicate: str, page: int) -> Incoming:
    """The practices whose ``predicate`` is ``iri`` or a concept below it (skos:broader*)."""
    below = [
        text(row, "place")
        for row in solutions(
            store, "SELECT ?place WHERE { ?place skos:broader* ?resource }", resource=ox.NamedNode(iri)
        )
    ]
    found: dict[str, tuple[str, int]] = {}  # practice → (notice date, ordinal)
    for concept in below:
        for row in solutions(
            store,
            f"SELECT ?practice ?date ?n WHERE {{ ?practice <{predicate}> ?place ; a ikg:Practice ; "
            "ikg:ordinal ?n ; ikg:commendedIn ?notice . ?notice eli:date_document ?date }",
            place=ox.NamedNode(concept),
        ):
            found[text(row, "practice")] = (text(row, "date"), int(text(row, "n")))
    ordered = sorted(found, key=lambda p: (_descending(found[p][0]), found[p][1], p))
    practices = ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    labels = labels_of(store, practices)
    return Incoming(
        predicate,
        len(found),
        page,
        tuple(Value(p, True, label=labels.get(p, "")) for p in practices),
    )


def _descending(date: str) -> tuple[int, ...]:
    """A sort key that puts later ISO dates (YYYY-MM-DD) first."""
    return tuple(-int(part) for part in date.split("-") if part.isdigit())


def assigned_themes(store: ox.Store, iri: str) -> list[Value]:
    """The themes that the builder's rules assigned to a practice (ikg:ThemeAssignment)."""
    rows = solutions(
        store,
        "SELECT DISTINCT ?theme WHERE { ?a ikg:assignedPractice ?resource ; ikg:assignedTheme ?theme }",
        resource=ox.NamedNode(iri),
    )
    themes = sorted(row["theme"].value for row in rows if isinstance(row["theme"], ox.NamedNode))
    labels = labels_of(store, themes)
    return [Value(theme, True, label=labels.get(theme, "")) for theme in themes]


@dataclass(frozen=True, slots=True)
class SubjectShown:
    """A practice's subject as its page shows it: the category and how it was placed."""

    subject: Value
    primary: bool
    confidence: str  # "" for a secondary subject
    words: tuple[str, ...]  # the lexicon words that decided it
    rule: Value


def assigned_subjects(store: ox.Store, iri: str) -> list[SubjectShown]:
    """A practice's subjects on gov.cn's classification (ikg:SubjectAssignment), primary first."""
    rows = list(
        solutions(
            store,
            "SELECT ?subject ?primary ?confidence ?rule (GROUP_CONCAT(?word; separator='、') AS ?words) WHERE { "
            "?a a ikg:SubjectAssignment ; ikg:assignedPractice ?resource ; ikg:assignedSubject ?subject ; "
            "ikg:isPrimary ?primary ; ikg:byRule ?rule . OPTIONAL { ?a ikg:confidence ?confidence } "
            "OPTIONAL { ?a ikg:matchedText ?word } } GROUP BY ?subject ?primary ?confidence ?rule",
            resource=ox.NamedNode(iri),
        )
    )
    labels = labels_of(store, [text(row, "subject") for row in rows] + [text(row, "rule") for row in rows])
    shown = [
        SubjectShown(
            subject=Value(text(row, "subject"), True, label=labels.get(text(row, "subject"), "")),
            primary=text(row, "primary") == "true",
            confidence=text(row, "confidence"),
            words=tuple(sorted(w for w in text(row, "words").split("、") if w)),
            rule=Value(text(row, "rule"), True, label=labels.get(text(row, "rule"), "")),
        )
        for row in rows
    ]
    return sorted(shown, key=lambda s: (not s.primary, s.subject.text))


def is_subject_category(store: ox.Store, iri: str) -> bool:
    """Whether ``iri`` is a category of the scheme practices are placed on (that scheme's
    top concepts are what the subject rules assign)."""
    answer = store.query(
        bound(
            "ASK { ?resource skos:inScheme ?scheme . ?scheme skos:hasTopConcept ?top . "
            "?rule a ikg:SubjectRule ; ikg:assignedSubject ?top }",
            {"resource": ox.NamedNode(iri)},
        ),
        use_default_graph_as_union=True,
        prefixes=PREFIXES,
    )
    return bool(answer)


def describe(
    store: ox.Store, iri: str, *, terms: ox.Store | None = None, predicate: str | None = None, page: int = 1
) -> Description:
    """Everything a resource page shows. ``terms`` answers for the ontology's own terms,
    which are not in the data; the data still says which resources point to them."""
    own = terms if terms is not None and iri.startswith(str(IKG)) else store
    description = Description(iri)
    description.properties = _properties(own, iri, description.value_counts)
    for name in LABEL_PROPERTIES[:5]:
        description.labels.extend(description.properties.get(name, []))
    for values in description.properties.values():
        for value in values:
            if value.is_iri and value.text.startswith(iri + "#"):
                description.parts[value.text] = _properties(own, value.text)
    description.incoming = [] if predicate == WITHIN else incoming(store, iri, predicate, page)
    description.quotes, description.quote_total = quotes(store, iri)
    if any(group.predicate == str(IKG.assignedPractice) for group in description.incoming):
        description.themes = assigned_themes(store, iri)
        description.subjects = assigned_subjects(store, iri)
    if str(SKOS.broader) in description.properties:
        description.broader = broader_chain(store, iri)
    if predicate in (None, WITHIN) and any(
        t.text == str(SCHEMA.AdministrativeArea) for t in description.types
    ):
        description.within = practices_within(store, iri, page if predicate == WITHIN else 1)
    elif predicate in (None, WITHIN) and is_subject_category(store, iri):
        description.within = practices_of_subject(store, iri, page if predicate == WITHIN else 1)
    return description


def description_triples(store: ox.Store, iri: str, *, terms: ox.Store | None = None) -> list[ox.Triple]:
    """The resource's concise bounded description: its triples, those of its `#…` parts,
    and the labels of what they point to; sorted, so the bytes are stable."""
    own = terms if terms is not None and iri.startswith(str(IKG)) else store
    term = ox.NamedNode(iri)  # checks the IRI; its str() is the escaped term
    label_properties = ",".join(f"<{p}>" for p in LABEL_PROPERTIES[:5])
    answer = own.query(
        f"""CONSTRUCT {{ ?s ?p ?o . ?o ?lp ?label }} WHERE {{
              {{ VALUES ?s {{ {term} }} }}
              UNION {{ {term} ?anyp ?s FILTER(STRSTARTS(STR(?s), {ox.Literal(iri + "#")})) }}
              ?s ?p ?o .
              OPTIONAL {{ ?o ?lp ?label FILTER(?lp IN ({label_properties})) }}
            }}""",
        use_default_graph_as_union=True,
    )
    assert isinstance(answer, ox.QueryTriples)
    return sorted(answer, key=str)

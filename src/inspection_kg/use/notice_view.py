"""What a person looks for first on a notice's page and on its source text's page: the
practices in their printed order, and the text itself with each practice's characters
marked and linked. Read from the store (the text is its source's rdf:value)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .describe import Value, labels_of
from .resource_queries import solutions, text


@dataclass(frozen=True, slots=True)
class PracticeRow:
    ordinal: int
    practice: str  # IRI
    actors_text: str  # who, as printed
    description: str  # what was done, as printed
    agents: tuple[Value, ...]
    regions: tuple[Value, ...]


def notice_practices(store: ox.Store, iri: str) -> list[PracticeRow]:
    """The practices a notice commends, by ordinal; [] for any other resource."""
    found: dict[str, tuple[int, str, str]] = {}  # practice → ordinal, who, what
    agents: dict[str, set[str]] = {}
    regions: dict[str, set[str]] = {}
    for row in solutions(
        store,
        "SELECT ?p ?ordinal ?who ?what ?agent ?region WHERE { ?p ikg:commendedIn ?resource ; "
        "ikg:ordinal ?ordinal OPTIONAL { ?p ikg:attributionText ?who } "
        "OPTIONAL { ?p dcterms:description ?what } OPTIONAL { ?p ikg:attributedTo ?agent } "
        "OPTIONAL { ?p dcterms:spatial ?region } }",
        resource=ox.NamedNode(iri),
    ):
        practice = text(row, "p")
        found[practice] = (int(text(row, "ordinal")), text(row, "who"), text(row, "what"))
        if row["agent"] is not None:
            agents.setdefault(practice, set()).add(text(row, "agent"))
        if row["region"] is not None:
            regions.setdefault(practice, set()).add(text(row, "region"))
    names = labels_of(store, {i for linked in (*agents.values(), *regions.values()) for i in linked})

    def shown(iris: set[str]) -> tuple[Value, ...]:
        return tuple(Value(i, True, label=names.get(i, "")) for i in sorted(iris))

    rows = [
        PracticeRow(
            ordinal,
            practice,
            who,
            what,
            shown(agents.get(practice, set())),
            shown(regions.get(practice, set())),
        )
        for practice, (ordinal, who, what) in found.items()
    ]
    return sorted(rows, key=lambda r: (r.ordinal, r.practice))


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the source text: plain, or marked as what an annotation says it grounds."""

    text: str
    href: str = ""  # the resource it grounds: a practice, a concept, the notice
    kind: str = ""  # "practice", "concept", "field" or "" (not marked)
    note: str = ""  # ordinal of a practice, or the property a field grounds


@dataclass(frozen=True, slots=True)
class SourceText:
    notice: str  # the notice's IRI ("" if no annotation grounds one of its fields)
    title: str
    sha256: str
    segments: tuple[Segment, ...]
    practices: int


def source_text(store: ox.Store, iri: str) -> SourceText | None:
    """The text of a source (its rdf:value) cut into segments at the characters its
    annotations quote: each practice's item, and the notice's own fields (title, number,
    date …); a quote inside one already marked (an initiative inside an item) is left to
    the page of what it grounds. None for a resource with no text."""
    resource = ox.NamedNode(iri)
    values = list(solutions(store, "SELECT ?text WHERE { ?resource rdf:value ?text }", resource=resource))
    if not values:
        return None
    whole = text(values[0], "text")
    notice = ""
    marks: dict[str, tuple[int, int, str]] = {}  # annotation → start, end, grounded property
    bodies: dict[str, dict[str, str]] = {}  # annotation → body → its ordinal, or "notice", or ""
    for row in solutions(
        store,
        "SELECT ?a ?body ?start ?end ?ordinal ?grounds ?isNotice WHERE { ?a oa:hasBody ?body ; oa:hasTarget ?t . "
        "?t oa:hasSource ?resource ; oa:hasSelector ?x . ?x oa:start ?start ; oa:end ?end "
        "OPTIONAL { ?body ikg:ordinal ?ordinal } OPTIONAL { ?a ikg:groundsProperty ?grounds } "
        "BIND(EXISTS { ?body a ikg:Notice } AS ?isNotice) }",
        resource=resource,
    ):
        annotation = text(row, "a")
        marks[annotation] = (int(text(row, "start")), int(text(row, "end")), text(row, "grounds"))
        kind = text(row, "ordinal") or ("notice" if text(row, "isNotice") == "true" else "")
        bodies.setdefault(annotation, {})[text(row, "body")] = kind
    spans: list[tuple[int, int, int, str, str, str]] = []  # start, rank, -end, href, kind, note
    for annotation, (start, end, grounds) in marks.items():
        found = bodies[annotation]
        practice = next((b for b, k in sorted(found.items()) if k not in ("", "notice")), None)
        concept = next((b for b, k in sorted(found.items()) if k == ""), None)
        if practice is not None:  # the item itself (a mention inside it has the practice as body too)
            spans.append((start, 0 if grounds == "" else 2, -end, practice, "practice", found[practice]))
        elif concept is not None:  # a named initiative or theme of the body text
            spans.append((start, 1, -end, concept, "concept", grounds))
        else:
            notice = next(b for b, k in sorted(found.items()) if k == "notice")
            spans.append((start, 1, -end, notice, "field", grounds))
    segments: list[Segment] = []
    at = 0
    for start, _, negative_end, href, kind, note in sorted(set(spans)):
        end = -negative_end
        if start < at:  # inside a run already marked
            continue
        if start > at:
            segments.append(Segment(whole[at:start]))
        segments.append(Segment(whole[start:end], href, kind, note))
        at = end
    if at < len(whole):
        segments.append(Segment(whole[at:]))
    return SourceText(
        notice,
        labels_of(store, [notice]).get(notice, "") if notice else "",
        _checksum(store, resource),
        tuple(segments),
        sum(1 for s in segments if s.kind == "practice"),
    )


def _checksum(store: ox.Store, resource: ox.NamedNode) -> str:
    for row in solutions(
        store,
        "SELECT ?sha WHERE { ?resource spdx:checksum ?c . ?c spdx:checksumValue ?sha }",
        resource=resource,
    ):
        return text(row, "sha")
    return ""

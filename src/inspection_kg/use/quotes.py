"""The characters of the notice a fact was read from: a resource's Web Annotations, with
their quoted text, its place in the source and the source's checksum."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..model.vocab import OA
from .resource_queries import rows_for, solutions, text

QUOTE_LIMIT = 50  # annotations quoted on one page (a province of a corpus has thousands)


@dataclass(frozen=True, slots=True)
class Quote:
    """The characters of a source text that an annotation says a fact was read from."""

    annotation: str
    grounds: str  # the property whose value the quote grounds; "" for the resource itself
    prefix: str
    exact: str
    suffix: str
    start: int | None
    end: int | None
    source: str
    sha256: str


def quotes(store: ox.Store, iri: str) -> tuple[list[Quote], int]:
    """The annotations whose body is ``iri``: the quoted characters, in text order (at most
    QUOTE_LIMIT), and how many there are.

    Read in three small queries joined here: as one query with its OPTIONAL selectors,
    the engine scans every selector of the corpus (tens of milliseconds a page)."""
    resource = ox.NamedNode(iri)
    rows = solutions(
        store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a oa:hasBody ?resource }", resource=resource
    )
    total = int(next(iter(rows))["n"].value)
    if total == 0:  # most resources
        return [], 0
    targets = {}  # annotation → (target, source, grounds)
    for row in solutions(
        store,
        "SELECT ?a ?t ?source ?grounds WHERE { ?a oa:hasBody ?resource ; oa:hasTarget ?t . "
        "?t oa:hasSource ?source OPTIONAL { ?a ikg:groundsProperty ?grounds } } "
        f"ORDER BY ?a LIMIT {QUOTE_LIMIT}",
        resource=resource,
    ):
        targets[text(row, "a")] = (row["t"], row["source"], text(row, "grounds"))
    selectors: dict[str, dict[str, str]] = {}  # target → oa property local name → value
    for row in rows_for(
        store,
        "SELECT ?t ?p ?o WHERE { ?t oa:hasSelector ?x . ?x ?p ?o }",
        "t",
        [target for target, _, _ in targets.values()],
    ):
        name = text(row, "p").removeprefix(str(OA))
        selectors.setdefault(text(row, "t"), {})[name] = text(row, "o")
    checksums = {
        text(row, "source"): text(row, "sha")
        for row in rows_for(
            store,
            "SELECT ?source ?sha WHERE { ?source spdx:checksum ?c . ?c spdx:checksumValue ?sha }",
            "source",
            sorted({source for _, source, _ in targets.values()}, key=str),
        )
    }
    found = []
    for annotation, (target, source, grounds) in targets.items():
        selected = selectors.get(target.value, {})
        if "exact" not in selected:
            continue
        start, end = selected.get("start"), selected.get("end")
        found.append(
            Quote(
                annotation,
                grounds,
                selected.get("prefix", ""),
                selected["exact"],
                selected.get("suffix", ""),
                int(start) if start else None,
                int(end) if end else None,
                source.value,
                checksums.get(source.value, ""),
            )
        )
    found.sort(key=lambda q: (q.source, q.start if q.start is not None else -1, q.annotation))
    return found, total

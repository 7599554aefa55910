"""How a node's attributes are made from its RDF types and literals: the ``type`` to
show, the Chinese ``label``, and one value per literal property."""

from __future__ import annotations

from ...model.terms import Term, iri_value, literal_parts
from ...model.vocab import T, local_name
from ...model.vocab import curie as vocab_curie

AttributeValue = int | str

# The node's `type` is the first of its types in this list; unlisted project types
# come next, then any other type, alphabetically.
TYPE_PRIORITY = (
    "ikg:Practice",
    "ikg:Notice",
    "ikg:InspectionCampaign",
    "schema:AdministrativeArea",
    "org:Organization",
    "eli:LegalResource",
    "eli:LegalExpression",
    "skos:ConceptScheme",
    "skos:Concept",
)
# An IRI that is only ever an object (e.g. the EU language authority's ZHO).
UNTYPED = "rdfs:Resource"
# Where the Chinese label comes from, in order.
LABEL_KEYS = ("skos:prefLabel", "dcterms:title", "eli:title")
_LABEL_TAGS = tuple((f"{key}@zh".lower(), f"{key}@zh-".lower()) for key in LABEL_KEYS)
MULTI_VALUE_SEPARATOR = " | "

_INTEGER_TYPES = frozenset(
    iri_value(T.XSD[name])
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)


def curie(iri: str) -> str:
    """``prefix:local`` by the project's fixed prefix table, so keys read the same as
    the Turtle; the full IRI when no prefix applies."""
    return vocab_curie(iri) or iri


def type_rank(type_curie: str) -> tuple[int, int, str]:
    """Sort key of a type CURIE: the node's ``type`` is its smallest type."""
    listed = TYPE_PRIORITY.index(type_curie) if type_curie in TYPE_PRIORITY else len(TYPE_PRIORITY)
    return listed, 0 if type_curie.startswith("ikg:") else 1, type_curie


def literal_value(literal: Term) -> tuple[str, AttributeValue]:
    """The language tag ('' without) and the value of a literal term: an ``int`` for an
    integer datatype whose lexical form Python reads as one (as rdflib does), else the
    lexical form."""
    lexical, language, datatype = literal_parts(literal)
    if datatype is not None and datatype in _INTEGER_TYPES:
        try:
            return "", int(lexical)
        except ValueError:  # ill-typed: keep the text
            return "", lexical
    return language or "", lexical


def _joined(values: list[AttributeValue]) -> AttributeValue:
    if len(values) == 1:
        return values[0]
    if all(type(v) is int for v in values):
        return MULTI_VALUE_SEPARATOR.join(str(v) for v in sorted(values, key=int))
    return MULTI_VALUE_SEPARATOR.join(sorted(str(v) for v in values))


def _label(iri: str, literals: dict[str, list[AttributeValue]]) -> str:
    """The smallest Chinese value of the first label property that has one: tagged zh
    (any case), else a regional zh-…; the IRI's last segment when none has."""
    if literals:
        lowered = [(name.lower(), name) for name in literals]
        for exact, regional in _LABEL_TAGS:
            names = [name for lower, name in lowered if lower == exact] or [
                name for lower, name in lowered if lower.startswith(regional)
            ]
            if names:
                return min(map(str, literals[min(names)]))
    return local_name(iri)


def node_attributes(
    iri: str, types: tuple[str, str], literals: dict[str, list[AttributeValue]]
) -> list[tuple[str, AttributeValue]]:
    """A described node's attributes, sorted by name; ``types`` is its (type, types)
    and ``literals`` its values by attribute name (CURIE, ``@lang`` when tagged)."""
    items: list[tuple[str, AttributeValue]] = [
        ("iri", iri),
        ("type", types[0]),
        ("types", types[1]),
        ("label", _label(iri, literals)),
    ]
    items.extend((name, _joined(values)) for name, values in literals.items())
    items.sort(key=lambda item: item[0])
    return items

"""The knowledge graph as a property graph, for network analysis and for graph tools
that do not read RDF: GraphML (Gephi, yEd, Cytoscape) and node-link JSON.

Nodes are the IRI resources of the knowledge: practices, the notice and its
expression, the inspection campaign, organisations, regions and concepts. The
provenance plumbing (Web Annotations, their targets and selectors, the source text
they index and its checksum) and any description of the dataset itself (DCAT, VoID,
the PROV record of a build, and what only they mention, such as its licence and
publisher) are left out, and a rule-inferred theme assignment is one edge
(practice → theme, ``ikg:assignedTheme``) rather than a node: they say where and how facts were read and
published, not what the notice says, and as nodes they would outnumber the knowledge
and turn every centrality or community measure into a measure of our bookkeeping.
The RDF files keep them; this projection is the knowledge itself.

The builder takes the triples as N-Triples text terms (terms.py), block by block as
the build makes them, and keeps only a compact form: every IRI interned once as a
number with a byte of flags, edges and literals as columns of numbers. A resource
typed as plumbing or description is known as soon as its block is read, and its
triples are dropped there; what can only be decided on the whole graph (a file or
a build activity without a project type, a resource only the left-out ones mention)
is decided when a file is written. Any order and batching of the triples gives the
same graph; the cheapest is the build's: all triples of a subject in one block.

Every output is deterministic: nodes, edges and attribute keys are written in
sorted order, so the bytes depend neither on PYTHONHASHSEED nor on the order the
triples came in.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import TYPE_CHECKING, BinaryIO

from ..model.terms import Term, Triple, iri_value, literal_parts
from ..model.vocab import T, local_name
from ..model.vocab import curie as vocab_curie

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped,unused-ignore]

__all__ = ["PropertyGraphBuilder", "curie"]

# Resources typed with one of these are how facts were located in the source text.
PROVENANCE_TYPES = frozenset(
    {T.OA.Annotation, T.OA.SpecificResource, T.OA.TextQuoteSelector, T.OA.TextPositionSelector}
    | {T.SPDX.Checksum}
)
# Resources typed with one of these describe the dataset, not the notice.
DATASET_TYPES = frozenset(
    {T.DCAT.Catalog, T.DCAT.Dataset, T.DCAT.Distribution, T.DCAT.DataService, T.VOID.Dataset}
    | {T.VOID.Linkset, T.PROV.SoftwareAgent}
)
# Rule-inferred facts (a theme assignment and its rule) become one edge each,
# practice → theme with predicate ikg:assignedTheme, instead of nodes of their own.
INFERENCE_TYPES = frozenset({T.IKG.ThemeAssignment, T.IKG.ThemeRule})
# One of these types leaves a resource out whatever else is said of it.
EXCLUDING_TYPES = PROVENANCE_TYPES | DATASET_TYPES | INFERENCE_TYPES

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

_RDF_TYPE = T.RDF.type
_THEME_ASSIGNMENT = T.IKG.ThemeAssignment
_PROV_ACTIVITY = T.PROV.Activity
_PROJECT_NAMESPACE = "<" + T.IKG.namespace
# Predicates the builder must recognise get the first numbers, so one comparison
# tells an ordinary predicate from them.
_SPECIAL_PREDICATES = (
    _RDF_TYPE,
    T.OA.hasSource,
    T.SPDX.checksum,
    T.IKG.assignedPractice,
    T.IKG.assignedTheme,
)
_TYPE, _HAS_SOURCE, _CHECKSUM, _ASSIGNED_PRACTICE, _ASSIGNED_THEME = range(len(_SPECIAL_PREDICATES))
_ORDINARY = len(_SPECIAL_PREDICATES)  # the first number of any other predicate
_THEME_LINKS = frozenset({T.IKG.assignedPractice, T.IKG.assignedTheme})

# One byte of flags per interned IRI.
_SUBJECT = 1  # has a triple of its own, read while it was not known to be left out
_EXCLUDED_TYPE = 2  # typed with one of EXCLUDING_TYPES
_ASSIGNMENT = 4  # an ikg:ThemeAssignment
_PROJECT_TYPED = 8  # has an ikg: type, which keeps it whatever mentions it
_ACTIVITY = 16  # a prov:Activity
_FILE = 32  # a source file: what annotations point into, or what has a checksum
_MENTIONED_BY_EXCLUDED = 64  # the object of a triple of a left-out resource

# Whether a node is left out by its own flags: excluded by type, or a file or an
# activity without a project type (a project type keeps a file or an activity: the
# campaign is an ikg:InspectionCampaign; a bare prov:Activity is a build run).
_EXCLUDED_BY_FLAGS = bytes(
    1 if flags & _EXCLUDED_TYPE or (flags & (_FILE | _ACTIVITY) and not flags & _PROJECT_TYPED) else 0
    for flags in range(256)
)
_MENTIONED_BY_FLAGS = bytes(1 if flags & _MENTIONED_BY_EXCLUDED else 0 for flags in range(256))

# How a node's attributes are made (the old projection's three cases); 0 is no node.
_BARE = 1  # only the source of a theme assignment: a node without attributes
_UNTYPED_NODE = 2  # only an object: rdfs:Resource, labelled by its IRI
_DESCRIBED = 3  # a subject that is kept: its types and literals

_WRITE_CHUNK = 4096  # lines per write: a large graph is never held as one string
_GRAPHML_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
# Exactly what json.dumps(ensure_ascii=False) makes of a string.
_json_string: Callable[[str], str] = json.JSONEncoder(ensure_ascii=False).encode

AttributeValue = int | str


def curie(iri: str) -> str:
    """``prefix:local`` by the project's fixed prefix table, so keys read the same as
    the Turtle; the full IRI when no prefix applies."""
    return vocab_curie(iri) or iri


def _type_rank(type_curie: str) -> tuple[int, int, str]:
    listed = TYPE_PRIORITY.index(type_curie) if type_curie in TYPE_PRIORITY else len(TYPE_PRIORITY)
    return listed, 0 if type_curie.startswith("ikg:") else 1, type_curie


def _value(literal: Term) -> tuple[str, AttributeValue]:
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


def _attributes(
    iri: str, types: tuple[str, str], literals: dict[str, list[AttributeValue]]
) -> list[tuple[str, AttributeValue]]:
    """A described node's attributes, sorted by name; ``types`` is its (type, types)."""
    items: list[tuple[str, AttributeValue]] = [
        ("iri", iri),
        ("type", types[0]),
        ("types", types[1]),
        ("label", _label(iri, literals)),
    ]
    items.extend((name, _joined(values)) for name, values in literals.items())
    items.sort(key=lambda item: item[0])
    return items


def _xml_text(text: str) -> str:
    """Character data escaped as xml.etree writes it (networkx's GraphML writer)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _xml_attribute(text: str) -> str:
    """An attribute value escaped as xml.etree writes it."""
    text = _xml_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _xml_data(key_id: str, value: AttributeValue) -> str:
    """One ``<data>`` line of a node or an edge."""
    text = _xml_text(str(value))
    if not text:  # xml.etree closes an empty element in place
        return f'      <data key="{key_id}" />\n'
    return f'      <data key="{key_id}">{text}</data>\n'


class _Lines:
    """Text lines gathered and written to a binary stream in chunks."""

    def __init__(self, stream: BinaryIO, errors: str) -> None:
        self.stream = stream
        self.errors = errors
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= _WRITE_CHUNK:
            self.flush()

    def flush(self) -> None:
        self.stream.write("".join(self.lines).encode("utf-8", self.errors))
        self.lines.clear()


class _Projection:
    """The property graph, resolved: nodes in IRI order, each with its attributes
    sorted by name (None for a bare node), and edges as numbers in (source, target,
    predicate) order: ``(source × nodes + target) × predicates + predicate``, each
    part the rank of the IRI or of the predicate's CURIE."""

    def __init__(
        self,
        iris: list[str],
        attributes: list[tuple[tuple[str, ...], tuple[AttributeValue, ...]] | None],
        predicates: list[str],
        edges: array[int],
    ) -> None:
        self.iris = iris
        self.attributes = attributes
        self.predicates = predicates
        self.edges = edges

    def edge_triples(self) -> Iterator[tuple[int, int, int]]:
        """(source rank, target rank, predicate rank) of each edge, in order."""
        nodes, predicates = len(self.iris), len(self.predicates)
        for edge in self.edges:
            pair, predicate = divmod(edge, predicates)
            source, target = divmod(pair, nodes)
            yield source, target, predicate


def _grouped(owners: array[int], rank: array[int], nodes: int) -> tuple[array[int], array[int]]:
    """The positions in ``owners`` grouped by their owner's rank (a counting sort):
    rank r owns ``positions[starts[r]:starts[r + 1]]``; owners without a rank
    (-1) are left out."""
    starts = array("i", bytes(4 * (nodes + 1)))
    for owner in owners:
        position = rank[owner]
        if position >= 0:
            starts[position + 1] += 1
    for position in range(nodes):
        starts[position + 1] += starts[position]
    filled = array("i", starts)
    positions = array("i", bytes(4 * starts[nodes]))
    for index, owner in enumerate(owners):
        position = rank[owner]
        if position >= 0:
            positions[filled[position]] = index
            filled[position] += 1
    return starts, positions


class PropertyGraphBuilder:
    """Builds the property graph from N-Triples text triples, fed in any number of
    blocks (``add``), and writes it as GraphML or node-link JSON.

    Node id and ``iri``: the full IRI; ``type``: the most specific type CURIE;
    ``types``: all type CURIEs, sorted, space-separated; ``label``: the Chinese
    label; one attribute per literal property, named by its CURIE (``@lang``
    appended when tagged; several values sorted and joined with " | "; integers
    stay ``int``). One edge per triple with an IRI object (not ``rdf:type``), with
    key and attribute ``predicate`` the predicate's CURIE. Blank nodes (the dataset
    has none) are skipped.
    """

    def __init__(self) -> None:
        # Every IRI met, as a number: its term and a byte of flags.
        self._ids: dict[Term, int] = {}
        self._terms: list[Term] = []
        self._flags = bytearray()
        self._predicate_ids: dict[Term, int] = {p: i for i, p in enumerate(_SPECIAL_PREDICATES)}
        self._predicates: list[Term] = list(_SPECIAL_PREDICATES)
        # Triples with an IRI object other than rdf:type, as three columns.
        self._edge_subjects = array("i")
        self._edge_predicates = array("i")
        self._edge_objects = array("i")
        # ikg:assignedPractice (0) and ikg:assignedTheme (1) of any subject, which a
        # theme assignment turns into one edge.
        self._link_subjects = array("i")
        self._link_kinds = array("b")
        self._link_objects = array("i")
        # rdf:type triples of subjects not left out by type.
        self._typed = array("i")
        self._types = array("i")
        # Literals of subjects not left out by type: the attribute (predicate and
        # language) as a number, and the value, read once.
        self._literal_subjects = array("i")
        self._literal_keys = array("i")
        self._literal_values: list[AttributeValue] = []
        self._literal_key_ids: dict[tuple[int, str], int] = {}
        self._projection: _Projection | None = None

    def _new_node(self, term: Term, flags: int = 0) -> int:
        node = len(self._terms)
        self._ids[term] = node
        self._terms.append(term)
        self._flags.append(flags)
        return node

    def _node(self, term: Term) -> int:
        known = self._ids.get(term)
        return self._new_node(term) if known is None else known

    def _new_predicate(self, term: Term) -> int:
        predicate = len(self._predicates)
        self._predicate_ids[term] = predicate
        self._predicates.append(term)
        return predicate

    def _literal_key(self, predicate: int, language: str) -> int:
        key = (predicate, language)
        number = self._literal_key_ids.get(key)
        if number is None:
            number = self._literal_key_ids[key] = len(self._literal_key_ids)
        return number

    def add(self, triples: Iterable[Triple]) -> None:
        """Take some triples (e.g. one notice's); each triple once in all calls."""
        block = triples if isinstance(triples, Collection) else list(triples)
        if not block:
            return
        self._projection = None
        # Resources typed as plumbing or description in this block: their triples are
        # dropped below, except what the whole-graph rules need of them.
        excluded_here = {s for s, p, o in block if p == _RDF_TYPE and o in EXCLUDING_TYPES and s[:1] == "<"}
        ids, flags, predicate_ids = self._ids, self._flags, self._predicate_ids
        new_node, new_predicate, literal_key = self._new_node, self._new_predicate, self._literal_key
        mention = self._mention_from_excluded
        edge_subjects, edge_predicates = self._edge_subjects.append, self._edge_predicates.append
        edge_objects = self._edge_objects.append
        typed, types = self._typed.append, self._types.append
        literal_subjects, literal_keys = self._literal_subjects.append, self._literal_keys.append
        literal_values = self._literal_values.append
        # A block sorted by subject (the build's) looks each subject up once.
        last: Term | None = None
        node = -1
        kept = excluded = False
        for s, p, o in block:
            if s != last:
                last = s
                known = ids.get(s)
                if s in excluded_here:
                    node = new_node(s) if known is None else known
                    flags[node] |= _EXCLUDED_TYPE
                    kept, excluded = False, True
                elif known is None:
                    kept, excluded = s[:1] == "<", False  # a blank node is skipped
                    if kept:
                        node = new_node(s, _SUBJECT)
                else:
                    node = known
                    excluded = bool(flags[node] & _EXCLUDED_TYPE)
                    kept = not excluded and s[:1] == "<"  # a blank assignment has a number too
                    if kept:
                        flags[node] |= _SUBJECT
            if kept:
                kind = o[:1]
                if kind == '"':
                    predicate = predicate_ids.get(p)
                    if predicate is None:
                        predicate = new_predicate(p)
                    elif predicate < _ORDINARY:
                        if predicate == _TYPE:  # a literal type is no type and no attribute
                            continue
                        if predicate == _CHECKSUM:
                            flags[node] |= _FILE
                    language, value = _value(o)
                    literal_subjects(node)
                    literal_keys(literal_key(predicate, language))
                    literal_values(value)
                elif kind == "<":
                    target = ids.get(o)
                    if target is None:
                        target = new_node(o)
                    predicate = predicate_ids.get(p)
                    if predicate is None:
                        predicate = new_predicate(p)
                    elif predicate == _TYPE:
                        if o.startswith(_PROJECT_NAMESPACE):
                            flags[node] |= _PROJECT_TYPED
                        elif o == _PROV_ACTIVITY:
                            flags[node] |= _ACTIVITY
                        typed(node)
                        types(target)
                        continue
                    elif predicate < _ORDINARY:
                        self._special_edge(node, predicate, target)
                    edge_subjects(node)
                    edge_predicates(predicate)
                    edge_objects(target)
                elif p == _SPECIAL_PREDICATES[_CHECKSUM]:
                    flags[node] |= _FILE
            elif excluded:
                if o[:1] == "<":
                    if p == _RDF_TYPE:
                        if o == _THEME_ASSIGNMENT:
                            flags[node] |= _ASSIGNMENT
                    elif o not in excluded_here or p in _THEME_LINKS:
                        mention(node, p, o)
            elif o[:1] == "<":
                self._from_blank_node(s, p, o)

    def _special_edge(self, subject: int, predicate: int, target: int) -> None:
        """What a triple with one of the special predicates says beyond its edge."""
        if predicate == _HAS_SOURCE:
            self._flags[target] |= _FILE
        elif predicate == _CHECKSUM:
            self._flags[subject] |= _FILE
        else:
            self._link_subjects.append(subject)
            self._link_kinds.append(predicate - _ASSIGNED_PRACTICE)
            self._link_objects.append(target)

    def _mention_from_excluded(self, subject: int, predicate_term: Term, obj: Term) -> None:
        """What a left-out resource's triple with an IRI object still tells: that the
        object is mentioned by a left-out resource (only such may leave it out too),
        that it is a source file, or which practice and theme an assignment links."""
        target = self._node(obj)
        self._flags[target] |= _MENTIONED_BY_EXCLUDED
        predicate = self._predicate_ids.get(predicate_term, _ORDINARY)
        if predicate in (_HAS_SOURCE, _ASSIGNED_PRACTICE, _ASSIGNED_THEME):
            self._special_edge(subject, predicate, target)

    def _from_blank_node(self, subject: Term, predicate_term: Term, obj: Term) -> None:
        """A blank node is no node, but what it points into is still a source file, and
        a blank theme assignment still links its practice to its theme."""
        predicate = self._predicate_ids.get(predicate_term, _ORDINARY)
        is_assignment = predicate_term == _RDF_TYPE and obj == _THEME_ASSIGNMENT
        if predicate not in (_HAS_SOURCE, _ASSIGNED_PRACTICE, _ASSIGNED_THEME) and not is_assignment:
            return
        if is_assignment:
            self._flags[self._node(subject)] |= _ASSIGNMENT
        else:
            self._special_edge(self._node(subject), predicate, self._node(obj))

    def _excluded(self) -> tuple[bytearray, array[int]]:
        """Which IRIs are left out (1 per IRI number), and how many triples of kept
        subjects mention each. Beyond the flags: what only left-out resources mention
        goes with them (the dataset's licence and publisher), unless it has a project
        type (a practice is mentioned only by its annotation and the dataset's example
        list). Leaving out only takes mentions away, so the result is unique."""
        flags = self._flags
        excluded = flags.translate(_EXCLUDED_BY_FLAGS)
        mentioned = flags.translate(_MENTIONED_BY_FLAGS)
        kept_mentions = array("i", bytes(4 * len(flags)))
        # What kept subjects that may yet be left out point to, to propagate that.
        at_risk_targets: dict[int, list[int]] = {}
        for subject, target in zip(self._edge_subjects, self._edge_objects, strict=True):
            mentioned[target] = 1
            if not excluded[subject]:
                kept_mentions[target] += 1
                if not flags[subject] & _PROJECT_TYPED:
                    at_risk_targets.setdefault(subject, []).append(target)
        orphans = [
            node
            for node in range(len(flags))
            if mentioned[node] and not kept_mentions[node] and not excluded[node]
            if not flags[node] & _PROJECT_TYPED
        ]
        while orphans:
            node = orphans.pop()
            if excluded[node]:
                continue
            excluded[node] = 1
            for target in at_risk_targets.get(node, ()):
                kept_mentions[target] -= 1
                if not kept_mentions[target] and not excluded[target] and not flags[target] & _PROJECT_TYPED:
                    orphans.append(target)
        return excluded, kept_mentions

    def _theme_assignments(self) -> list[tuple[int, int]]:
        """(practice, theme) of each theme assignment that names both (the smallest
        IRI when it names several)."""
        links: dict[int, tuple[list[int], list[int]]] = {}
        flags = self._flags
        for subject, kind, target in zip(
            self._link_subjects, self._link_kinds, self._link_objects, strict=True
        ):
            if flags[subject] & _ASSIGNMENT:
                links.setdefault(subject, ([], []))[kind].append(target)

        def iri_of(node: int) -> str:
            return iri_value(self._terms[node])

        return [
            (min(practices, key=iri_of), min(themes, key=iri_of))
            for practices, themes in links.values()
            if practices and themes
        ]

    def _project(self) -> _Projection:
        """The graph as it is written, made once per state of the builder."""
        if self._projection is None:
            excluded, kept_mentions = self._excluded()
            themes = self._theme_assignments()
            kinds = self._node_kinds(excluded, kept_mentions, themes)
            # Sorted by the IRI, not the term: "<a/b>" sorts before "<a>", "a" before "a/b".
            ordered = sorted(
                (iri_value(self._terms[node]), node) for node in range(len(kinds)) if kinds[node]
            )
            iris = [iri for iri, _ in ordered]
            order = array("i", (node for _, node in ordered))
            del ordered
            rank = array("i", [-1]) * len(kinds)
            for position, node in enumerate(order):
                rank[node] = position
            predicate_curies = [curie(iri_value(term)) for term in self._predicates]
            predicates = sorted(set(predicate_curies))
            edges = self._edges(excluded, themes, rank, len(order), predicate_curies, predicates)
            attributes = self._node_attributes(iris, order, kinds, rank, predicate_curies)
            self._projection = _Projection(iris, attributes, predicates, edges)
        return self._projection

    def _node_kinds(
        self, excluded: bytearray, kept_mentions: array[int], themes: list[tuple[int, int]]
    ) -> bytearray:
        """How each IRI is a node (_DESCRIBED, _UNTYPED_NODE, _BARE), 0 if it is none:
        kept subjects, what they point to, and the ends of theme assignments."""
        flags = self._flags
        kinds = bytearray(len(flags))
        for node in range(len(flags)):
            if not excluded[node]:
                if flags[node] & _SUBJECT:
                    kinds[node] = _DESCRIBED
                elif kept_mentions[node]:
                    kinds[node] = _UNTYPED_NODE
        for practice, theme in themes:
            kinds[theme] = kinds[theme] or _UNTYPED_NODE
            kinds[practice] = kinds[practice] or _BARE
        return kinds

    def _edges(
        self,
        excluded: bytearray,
        themes: list[tuple[int, int]],
        rank: array[int],
        nodes: int,
        predicate_curies: list[str],
        predicates: list[str],
    ) -> array[int]:
        """The edges between kept IRIs and the theme assignments' edges, as the sorted
        distinct numbers _Projection describes."""
        predicate_rank = [predicates.index(name) for name in predicate_curies]
        count = len(predicates)
        keys = [
            (rank[subject] * nodes + rank[target]) * count + predicate_rank[predicate]
            for subject, predicate, target in zip(
                self._edge_subjects, self._edge_predicates, self._edge_objects, strict=True
            )
            if not excluded[subject] and not excluded[target]
        ]
        theme_rank = predicate_rank[_ASSIGNED_THEME]
        keys.extend((rank[practice] * nodes + rank[theme]) * count + theme_rank for practice, theme in themes)
        keys.sort()
        return array("q", (key for i, key in enumerate(keys) if not i or key != keys[i - 1]))

    def _node_attributes(
        self,
        iris: list[str],
        order: array[int],
        kinds: bytearray,
        rank: array[int],
        predicate_curies: list[str],
    ) -> list[tuple[tuple[str, ...], tuple[AttributeValue, ...]] | None]:
        """Each node's attribute names and values, in node order; None for a bare node."""
        described_rank = array("i", rank)  # only described nodes keep their types and literals
        for node in order:
            if kinds[node] != _DESCRIBED:
                described_rank[node] = -1
        type_starts, type_positions = _grouped(self._typed, described_rank, len(order))
        literal_starts, literal_positions = _grouped(self._literal_subjects, described_rank, len(order))
        literal_names = [""] * len(self._literal_key_ids)
        for (predicate, language), number in self._literal_key_ids.items():
            name = predicate_curies[predicate]
            literal_names[number] = f"{name}@{language}" if language else name

        terms, all_types = self._terms, self._types
        literal_keys, literal_values = self._literal_keys, self._literal_values
        type_curies: dict[int, str] = {}
        # (type, types) of each distinct set of types, and one tuple per distinct set
        # of names: thousands of nodes share them.
        type_summaries: dict[tuple[str, ...], tuple[str, str]] = {}
        name_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        attributes: list[tuple[tuple[str, ...], tuple[AttributeValue, ...]] | None] = []
        for position, node in enumerate(order):
            if kinds[node] == _BARE:
                attributes.append(None)
                continue
            node_types: set[str] = set()
            for index in type_positions[type_starts[position] : type_starts[position + 1]]:
                type_node = all_types[index]
                type_name = type_curies.get(type_node)
                if type_name is None:
                    type_name = type_curies[type_node] = curie(iri_value(terms[type_node]))
                node_types.add(type_name)
            type_list = tuple(sorted(node_types)) if node_types else (UNTYPED,)
            summary = type_summaries.get(type_list)
            if summary is None:
                summary = type_summaries[type_list] = (min(type_list, key=_type_rank), " ".join(type_list))
            literals: dict[str, list[AttributeValue]] = {}
            for index in literal_positions[literal_starts[position] : literal_starts[position + 1]]:
                literals.setdefault(literal_names[literal_keys[index]], []).append(literal_values[index])
            items = _attributes(iris[position], summary, literals)
            names = tuple(name for name, _ in items)
            attributes.append((name_tuples.setdefault(names, names), tuple(value for _, value in items)))
        return attributes

    def write_graphml(self, stream: BinaryIO) -> None:
        """GraphML, for Gephi, yEd and Cytoscape, byte for byte as networkx's pure-Python
        writer makes it (one serialiser whatever is installed). A key whose values
        differ in type is a string everywhere (GraphML declares one type per key).
        Edge ids are ``source key target``: GraphML wants them unique, and Gephi drops
        edges whose id repeats. The stream is left open."""
        projection = self._project()
        key_ids: dict[str, int] = {}
        text_keys: set[str] = set()
        for node_attributes in projection.attributes:
            if node_attributes is None:
                continue
            for name, value in zip(*node_attributes, strict=True):
                if name not in key_ids:
                    key_ids[name] = len(key_ids)
                if type(value) is not int:
                    text_keys.add(name)
        declared = [
            (f"d{index}", "node", name, "string" if name in text_keys else "long")
            for name, index in key_ids.items()
        ]
        predicate_key = f"d{len(key_ids)}"
        if projection.edges:
            declared.append((predicate_key, "edge", "predicate", "string"))

        out = _Lines(stream, "xmlcharrefreplace")  # as xml.etree encodes
        out.add(_GRAPHML_HEADER)
        for key_id, scope, name, kind in reversed(declared):  # networkx inserts each key first
            out.add(
                f'  <key id="{key_id}" for="{scope}" attr.name="{_xml_attribute(name)}" attr.type="{kind}" />\n'
            )
        if not projection.iris:
            out.add('  <graph edgedefault="directed" />\n</graphml>\n')
            out.flush()
            return
        out.add('  <graph edgedefault="directed">\n')
        node_ids = [_xml_attribute(iri) for iri in projection.iris]
        data_keys = {name: f"d{index}" for name, index in key_ids.items()}
        for node_id, node_attributes in zip(node_ids, projection.attributes, strict=True):
            if node_attributes is None:
                out.add(f'    <node id="{node_id}" />\n')
                continue
            out.add(f'    <node id="{node_id}">\n')
            for name, value in zip(*node_attributes, strict=True):
                out.add(_xml_data(data_keys[name], value))
            out.add("    </node>\n")
        predicate_ids = [_xml_attribute(p) for p in projection.predicates]
        predicate_data = [_xml_data(predicate_key, p) for p in projection.predicates]
        for source, target, predicate in projection.edge_triples():
            source_id, target_id = node_ids[source], node_ids[target]
            out.add(
                f'    <edge source="{source_id}" target="{target_id}"'
                f' id="{source_id} {predicate_ids[predicate]} {target_id}">\n'
                f"{predicate_data[predicate]}    </edge>\n"
            )
        out.add("  </graph>\n</graphml>\n")
        out.flush()

    def write_node_link(self, stream: BinaryIO) -> None:
        """Node-link JSON (networkx's ``node_link_data``, edges under "links"), the form
        D3 and most JavaScript graph libraries load, as ``json.dumps(indent=2,
        sort_keys=True, ensure_ascii=False)`` writes it: nodes and links sorted, keys
        sorted, non-ASCII kept as UTF-8 so labels stay readable. The stream is left
        open."""
        projection = self._project()
        out = _Lines(stream, "strict")
        out.add('{\n  "directed": true,\n  "graph": {},\n')
        iris = [_json_string(iri) for iri in projection.iris]
        predicates = [_json_string(p) for p in projection.predicates]
        if projection.edges:
            out.add('  "links": [\n')
            separator = ""
            for source, target, predicate in projection.edge_triples():
                key = predicates[predicate]
                out.add(
                    f'{separator}    {{\n      "key": {key},\n      "predicate": {key},\n'
                    f'      "source": {iris[source]},\n      "target": {iris[target]}\n    }}'
                )
                separator = ",\n"
            out.add("\n  ],\n")
        else:
            out.add('  "links": [],\n')
        out.add('  "multigraph": true,\n')
        if projection.iris:
            out.add('  "nodes": [\n')
            names: dict[str, str] = {}
            separator = ""
            for iri, node_attributes in zip(iris, projection.attributes, strict=True):
                fields = [("id", iri)]
                if node_attributes is not None:
                    fields.extend(
                        (name, _json_string(value) if type(value) is str else str(value))
                        for name, value in zip(*node_attributes, strict=True)
                    )
                    fields.sort(key=lambda field: field[0])
                body = ",\n".join(
                    f"      {names.get(name) or names.setdefault(name, _json_string(name))}: {value}"
                    for name, value in fields
                )
                out.add(f"{separator}    {{\n{body}\n    }}")
                separator = ",\n"
            out.add("\n  ]\n}\n")
        else:
            out.add('  "nodes": []\n}\n')
        out.flush()

    def networkx(self) -> nx.MultiDiGraph:
        """The same graph as a networkx MultiDiGraph (ints stay ints; edge keys are the
        predicate CURIEs), for analysis in Python."""
        import networkx as nx  # only for those who ask: the build never needs it

        projection = self._project()
        graph = nx.MultiDiGraph()
        for iri, node_attributes in zip(projection.iris, projection.attributes, strict=True):
            if node_attributes is None:
                continue  # made by its edge, as networkx makes an unknown endpoint
            data = dict(zip(*node_attributes, strict=True))
            graph.add_node(iri)
            # The four fixed attributes first, then the literals.
            graph.nodes[iri].update({name: data.pop(name) for name in ("iri", "type", "types", "label")})
            graph.nodes[iri].update(data)
        for source, target, predicate in projection.edge_triples():
            key = projection.predicates[predicate]
            graph.add_edge(projection.iris[source], projection.iris[target], key=key, predicate=key)
        return graph

"""The decisions only the whole graph can settle, and the property graph they give.

Left out beyond what the builder dropped by type: a source file or a build activity
without a project type, and what only left-out resources mention (the dataset's
licence and publisher). A theme assignment becomes one edge, practice → theme. Then
nodes are put in IRI order and edges in (source, target, predicate) order, so the
files depend neither on PYTHONHASHSEED nor on the order the triples came in.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model.terms import iri_value
from .attributes import UNTYPED, AttributeValue, curie, node_attributes, type_rank
from .columns import (
    ACTIVITY,
    ASSIGNED_THEME,
    ASSIGNMENT,
    EXCLUDED_TYPE,
    FILE,
    MENTIONED_BY_EXCLUDED,
    PROJECT_TYPED,
    SUBJECT,
    TripleColumns,
)

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped,unused-ignore]

# A node's attribute names and values (names shared between nodes), None for a bare node.
NodeAttributes = tuple[tuple[str, ...], tuple[AttributeValue, ...]] | None

# Whether a node is left out by its own flags: excluded by type, or a file or an
# activity without a project type (a project type keeps a file or an activity: the
# campaign is an ikg:InspectionCampaign; a bare prov:Activity is a build run).
_EXCLUDED_BY_FLAGS = bytes(
    1 if flags & EXCLUDED_TYPE or (flags & (FILE | ACTIVITY) and not flags & PROJECT_TYPED) else 0
    for flags in range(256)
)
_MENTIONED_BY_FLAGS = bytes(1 if flags & MENTIONED_BY_EXCLUDED else 0 for flags in range(256))

# How a node's attributes are made; 0 is no node.
_BARE = 1  # only the source of a theme assignment: a node without attributes
_UNTYPED_NODE = 2  # only an object: rdfs:Resource, labelled by its IRI
_DESCRIBED = 3  # a subject that is kept: its types and literals


@dataclass(frozen=True, slots=True)
class PropertyGraph:
    """The property graph, resolved: nodes in IRI order, each with its attributes
    sorted by name (None for a bare node), and edges as numbers in (source, target,
    predicate) order: ``(source × nodes + target) × predicates + predicate``, each
    part the rank of the IRI or of the predicate's CURIE. Numbers, not tuples: a
    corpus has hundreds of thousands of edges."""

    iris: list[str]
    attributes: list[NodeAttributes]
    predicates: list[str]
    edges: array[int]

    def edge_triples(self) -> Iterator[tuple[int, int, int]]:
        """(source rank, target rank, predicate rank) of each edge, in order."""
        nodes, predicates = len(self.iris), len(self.predicates)
        for edge in self.edges:
            pair, predicate = divmod(edge, predicates)
            source, target = divmod(pair, nodes)
            yield source, target, predicate

    def networkx(self) -> nx.MultiDiGraph:
        """The same graph as a networkx MultiDiGraph (ints stay ints; edge keys are the
        predicate CURIEs), for analysis in Python."""
        import networkx as nx  # only for those who ask: the build never needs it

        graph = nx.MultiDiGraph()
        for iri, attributes in zip(self.iris, self.attributes, strict=True):
            if attributes is None:
                continue  # made by its edge, as networkx makes an unknown endpoint
            data = dict(zip(*attributes, strict=True))
            graph.add_node(iri)
            # The four fixed attributes first, then the literals.
            graph.nodes[iri].update({name: data.pop(name) for name in ("iri", "type", "types", "label")})
            graph.nodes[iri].update(data)
        for source, target, predicate in self.edge_triples():
            key = self.predicates[predicate]
            graph.add_edge(self.iris[source], self.iris[target], key=key, predicate=key)
        return graph


def project(columns: TripleColumns) -> PropertyGraph:
    """The property graph of everything the builder has taken."""
    excluded, kept_mentions = _excluded(columns)
    themes = _theme_assignments(columns)
    kinds = _node_kinds(columns, excluded, kept_mentions, themes)
    # Sorted by the IRI, not the term: "<a/b>" sorts before "<a>", "a" before "a/b".
    ordered = sorted((iri_value(columns.terms[node]), node) for node in range(len(kinds)) if kinds[node])
    iris = [iri for iri, _ in ordered]
    order = array("i", (node for _, node in ordered))
    del ordered
    rank = array("i", [-1]) * len(kinds)
    for position, node in enumerate(order):
        rank[node] = position
    predicate_curies = [curie(iri_value(term)) for term in columns.predicates]
    predicates = sorted(set(predicate_curies))
    edges = _edges(columns, excluded, themes, rank, len(order), predicate_curies, predicates)
    attributes = _node_attributes(columns, iris, order, kinds, rank, predicate_curies)
    return PropertyGraph(iris, attributes, predicates, edges)


def _excluded(columns: TripleColumns) -> tuple[bytearray, array[int]]:
    """Which IRIs are left out (1 per IRI number), and how many triples of kept
    subjects mention each. Beyond the flags: what only left-out resources mention
    goes with them (the dataset's licence and publisher), unless it has a project
    type (a practice is mentioned only by its annotation and the dataset's example
    list). Leaving out only takes mentions away, so the result is unique."""
    flags = columns.flags
    excluded = flags.translate(_EXCLUDED_BY_FLAGS)
    mentioned = flags.translate(_MENTIONED_BY_FLAGS)
    kept_mentions = array("i", bytes(4 * len(flags)))
    # What kept subjects that may yet be left out point to, to propagate that.
    at_risk_targets: dict[int, list[int]] = {}
    for subject, target in zip(columns.edge_subjects, columns.edge_objects, strict=True):
        mentioned[target] = 1
        if not excluded[subject]:
            kept_mentions[target] += 1
            if not flags[subject] & PROJECT_TYPED:
                at_risk_targets.setdefault(subject, []).append(target)
    orphans = [
        node
        for node in range(len(flags))
        if mentioned[node] and not kept_mentions[node] and not excluded[node]
        if not flags[node] & PROJECT_TYPED
    ]
    while orphans:
        node = orphans.pop()
        if excluded[node]:
            continue
        excluded[node] = 1
        for target in at_risk_targets.get(node, ()):
            kept_mentions[target] -= 1
            if not kept_mentions[target] and not excluded[target] and not flags[target] & PROJECT_TYPED:
                orphans.append(target)
    return excluded, kept_mentions


def _theme_assignments(columns: TripleColumns) -> list[tuple[int, int]]:
    """(practice, theme) of each theme assignment that names both (the smallest IRI
    when it names several)."""
    links: dict[int, tuple[list[int], list[int]]] = {}
    flags = columns.flags
    for subject, kind, target in zip(
        columns.link_subjects, columns.link_kinds, columns.link_objects, strict=True
    ):
        if flags[subject] & ASSIGNMENT:
            links.setdefault(subject, ([], []))[kind].append(target)

    def iri_of(node: int) -> str:
        return iri_value(columns.terms[node])

    return [
        (min(practices, key=iri_of), min(themes, key=iri_of))
        for practices, themes in links.values()
        if practices and themes
    ]


def _node_kinds(
    columns: TripleColumns, excluded: bytearray, kept_mentions: array[int], themes: list[tuple[int, int]]
) -> bytearray:
    """How each IRI is a node (_DESCRIBED, _UNTYPED_NODE, _BARE), 0 if it is none:
    kept subjects, what they point to, and the ends of theme assignments."""
    flags = columns.flags
    kinds = bytearray(len(flags))
    for node in range(len(flags)):
        if not excluded[node]:
            if flags[node] & SUBJECT:
                kinds[node] = _DESCRIBED
            elif kept_mentions[node]:
                kinds[node] = _UNTYPED_NODE
    for practice, theme in themes:
        kinds[theme] = kinds[theme] or _UNTYPED_NODE
        kinds[practice] = kinds[practice] or _BARE
    return kinds


def _edges(
    columns: TripleColumns,
    excluded: bytearray,
    themes: list[tuple[int, int]],
    rank: array[int],
    nodes: int,
    predicate_curies: list[str],
    predicates: list[str],
) -> array[int]:
    """The edges between kept IRIs and the theme assignments' edges, as the sorted
    distinct numbers PropertyGraph describes."""
    predicate_rank = [predicates.index(name) for name in predicate_curies]
    count = len(predicates)
    keys = [
        (rank[subject] * nodes + rank[target]) * count + predicate_rank[predicate]
        for subject, predicate, target in zip(
            columns.edge_subjects, columns.edge_predicates, columns.edge_objects, strict=True
        )
        if not excluded[subject] and not excluded[target]
    ]
    theme_rank = predicate_rank[ASSIGNED_THEME]
    keys.extend((rank[practice] * nodes + rank[theme]) * count + theme_rank for practice, theme in themes)
    keys.sort()
    return array("q", (key for i, key in enumerate(keys) if not i or key != keys[i - 1]))


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


def _node_attributes(
    columns: TripleColumns,
    iris: list[str],
    order: array[int],
    kinds: bytearray,
    rank: array[int],
    predicate_curies: list[str],
) -> list[NodeAttributes]:
    """Each node's attribute names and values, in node order; None for a bare node."""
    described_rank = array("i", rank)  # only described nodes keep their types and literals
    for node in order:
        if kinds[node] != _DESCRIBED:
            described_rank[node] = -1
    type_starts, type_positions = _grouped(columns.typed, described_rank, len(order))
    literal_starts, literal_positions = _grouped(columns.literal_subjects, described_rank, len(order))
    literal_names = [""] * len(columns.literal_key_ids)
    for (predicate, language), number in columns.literal_key_ids.items():
        name = predicate_curies[predicate]
        literal_names[number] = f"{name}@{language}" if language else name

    terms, all_types = columns.terms, columns.types
    literal_keys, literal_values = columns.literal_keys, columns.literal_values
    type_curies: dict[int, str] = {}
    # (type, types) of each distinct set of types, and one tuple per distinct set
    # of names: thousands of nodes share them.
    type_summaries: dict[tuple[str, ...], tuple[str, str]] = {}
    name_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
    attributes: list[NodeAttributes] = []
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
            summary = type_summaries[type_list] = (min(type_list, key=type_rank), " ".join(type_list))
        literals: dict[str, list[AttributeValue]] = {}
        for index in literal_positions[literal_starts[position] : literal_starts[position + 1]]:
            literals.setdefault(literal_names[literal_keys[index]], []).append(literal_values[index])
        items = node_attributes(iris[position], summary, literals)
        names = tuple(name for name, _ in items)
        attributes.append((name_tuples.setdefault(names, names), tuple(value for _, value in items)))
    return attributes

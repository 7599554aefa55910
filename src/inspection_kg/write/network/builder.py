"""The property-graph builder: takes the build's triples block by block and keeps, in
columns (columns.py), only what the projection needs. A resource typed as plumbing or
description is known as soon as its block is read, and its triples are dropped there;
what can only be decided on the whole graph is left to projection.py."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, BinaryIO

from ...model.terms import Term, Triple
from ...model.vocab import T
from .attributes import literal_value
from .columns import (
    ACTIVITY,
    ASSIGNED_PRACTICE,
    ASSIGNED_THEME,
    ASSIGNMENT,
    CHECKSUM,
    EXCLUDED_TYPE,
    FILE,
    HAS_SOURCE,
    MENTIONED_BY_EXCLUDED,
    ORDINARY,
    PROJECT_TYPED,
    SPECIAL_PREDICATES,
    SUBJECT,
    TYPE,
    TripleColumns,
)
from .files import write_graphml, write_node_link
from .projection import PropertyGraph, project

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped,unused-ignore]

# Resources typed with one of these are how facts were located in the source text, or where
# a region is drawn (a geometry's WKT is for GIS tools, not a node of the knowledge).
PROVENANCE_TYPES = frozenset(
    {T.OA.Annotation, T.OA.SpecificResource, T.OA.TextQuoteSelector, T.OA.TextPositionSelector}
    | {T.SPDX.Checksum, T.GEO.Geometry}
)
# Resources typed with one of these describe the dataset, not the notice.
DATASET_TYPES = frozenset(
    {T.DCAT.Catalog, T.DCAT.Dataset, T.DCAT.Distribution, T.DCAT.DataService, T.VOID.Dataset}
    | {T.VOID.Linkset, T.PROV.SoftwareAgent}
)
# Classes the dataset's description gives the values it uses, as DCAT-AP asks (a language,
# a media or file type, a standard, a checksum algorithm): such a typing is the catalogue's,
# not the knowledge's, so it neither types a node nor makes one (the notice's language stays
# the plain resource its expression's eli:language points to).
DESCRIPTION_VALUE_TYPES = frozenset(
    {T.DCTERMS.MediaType, T.DCTERMS.MediaTypeOrExtent, T.DCTERMS.Standard, T.DCTERMS.LinguisticSystem}
    | {T.SPDX.ChecksumAlgorithm}
)
# Rule-inferred facts (a theme assignment and its rule) become one edge each,
# practice → theme with predicate ikg:assignedTheme, instead of nodes of their own. A subject
# placement and its rule are left out: the practice's dcterms:subject and ikg:primarySubject
# edges already say what they decided.
INFERENCE_TYPES = frozenset(
    {T.IKG.ThemeAssignment, T.IKG.ThemeRule, T.IKG.SubjectAssignment, T.IKG.SubjectRule}
)
# One of these types leaves a resource out whatever else is said of it.
EXCLUDING_TYPES = PROVENANCE_TYPES | DATASET_TYPES | INFERENCE_TYPES

_RDF_TYPE = T.RDF.type
_THEME_ASSIGNMENT = T.IKG.ThemeAssignment
_PROV_ACTIVITY = T.PROV.Activity
_PROJECT_NAMESPACE = "<" + T.IKG.namespace
_THEME_LINKS = frozenset({T.IKG.assignedPractice, T.IKG.assignedTheme})


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
        self._columns = TripleColumns()
        self._graph: PropertyGraph | None = None

    def add(self, triples: Iterable[Triple]) -> None:
        """Take some triples (e.g. one notice's); each triple once in all calls."""
        block = triples if isinstance(triples, Collection) else list(triples)
        if not block:
            return
        if any(
            p == _RDF_TYPE and o in DESCRIPTION_VALUE_TYPES for _, p, o in block
        ):  # the description's block
            block = [t for t in block if not (t[1] == _RDF_TYPE and t[2] in DESCRIPTION_VALUE_TYPES)]
        self._graph = None
        # Resources typed as plumbing or description in this block: their triples are
        # dropped below, except what the whole-graph rules need of them.
        excluded_here = {s for s, p, o in block if p == _RDF_TYPE and o in EXCLUDING_TYPES and s[:1] == "<"}
        columns = self._columns
        ids, flags, predicate_ids = columns.ids, columns.flags, columns.predicate_ids
        new_node, new_predicate, literal_key = columns.new_node, columns.new_predicate, columns.literal_key
        mention = self._mention_from_excluded
        edge_subjects, edge_predicates = columns.edge_subjects.append, columns.edge_predicates.append
        edge_objects = columns.edge_objects.append
        typed, types = columns.typed.append, columns.types.append
        literal_subjects, literal_keys = columns.literal_subjects.append, columns.literal_keys.append
        literal_values = columns.literal_values.append
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
                    flags[node] |= EXCLUDED_TYPE
                    kept, excluded = False, True
                elif known is None:
                    kept, excluded = s[:1] == "<", False  # a blank node is skipped
                    if kept:
                        node = new_node(s, SUBJECT)
                else:
                    node = known
                    excluded = bool(flags[node] & EXCLUDED_TYPE)
                    kept = not excluded and s[:1] == "<"  # a blank assignment has a number too
                    if kept:
                        flags[node] |= SUBJECT
            if kept:
                kind = o[:1]
                if kind == '"':
                    predicate = predicate_ids.get(p)
                    if predicate is None:
                        predicate = new_predicate(p)
                    elif predicate < ORDINARY:
                        if predicate == TYPE:  # a literal type is no type and no attribute
                            continue
                        if predicate == CHECKSUM:
                            flags[node] |= FILE
                    language, value = literal_value(o)
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
                    elif predicate == TYPE:
                        if o.startswith(_PROJECT_NAMESPACE):
                            flags[node] |= PROJECT_TYPED
                        elif o == _PROV_ACTIVITY:
                            flags[node] |= ACTIVITY
                        typed(node)
                        types(target)
                        continue
                    elif predicate < ORDINARY:
                        columns.special_link(node, predicate, target)
                    edge_subjects(node)
                    edge_predicates(predicate)
                    edge_objects(target)
                elif p == SPECIAL_PREDICATES[CHECKSUM]:
                    flags[node] |= FILE
            elif excluded:
                if o[:1] == "<":
                    if p == _RDF_TYPE:
                        if o == _THEME_ASSIGNMENT:
                            flags[node] |= ASSIGNMENT
                    elif o not in excluded_here or p in _THEME_LINKS:
                        mention(node, p, o)
            elif o[:1] == "<":
                self._from_blank_node(s, p, o)

    def _mention_from_excluded(self, subject: int, predicate_term: Term, obj: Term) -> None:
        """What a left-out resource's triple with an IRI object still tells: that the
        object is mentioned by a left-out resource (only such may leave it out too),
        that it is a source file, or which practice and theme an assignment links."""
        columns = self._columns
        target = columns.node(obj)
        columns.flags[target] |= MENTIONED_BY_EXCLUDED
        predicate = columns.predicate_ids.get(predicate_term, ORDINARY)
        if predicate in (HAS_SOURCE, ASSIGNED_PRACTICE, ASSIGNED_THEME):
            columns.special_link(subject, predicate, target)

    def _from_blank_node(self, subject: Term, predicate_term: Term, obj: Term) -> None:
        """A blank node is no node, but what it points into is still a source file, and
        a blank theme assignment still links its practice to its theme."""
        columns = self._columns
        predicate = columns.predicate_ids.get(predicate_term, ORDINARY)
        is_assignment = predicate_term == _RDF_TYPE and obj == _THEME_ASSIGNMENT
        if predicate not in (HAS_SOURCE, ASSIGNED_PRACTICE, ASSIGNED_THEME) and not is_assignment:
            return
        if is_assignment:
            columns.flags[columns.node(subject)] |= ASSIGNMENT
        else:
            columns.special_link(columns.node(subject), predicate, columns.node(obj))

    def graph(self) -> PropertyGraph:
        """The graph as it is written, made once per state of the builder."""
        if self._graph is None:
            self._graph = project(self._columns)
        return self._graph

    def write_graphml(self, stream: BinaryIO) -> None:
        """GraphML (files.py) for Gephi, yEd and Cytoscape; the stream is left open."""
        write_graphml(self.graph(), stream)

    def write_node_link(self, stream: BinaryIO) -> None:
        """Node-link JSON (files.py) for networkx and D3; the stream is left open."""
        write_node_link(self.graph(), stream)

    def networkx(self) -> nx.MultiDiGraph:
        """The same graph as a networkx MultiDiGraph, for analysis in Python."""
        return self.graph().networkx()

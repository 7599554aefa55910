"""What the property-graph builder keeps of the triples, in a compact form: every IRI
interned once as a number with a byte of flags (what the blocks told of it), and the
edges, theme links, types and literals as columns of numbers. A corpus of millions of
triples then costs a few bytes a triple, not a Python object each."""

from __future__ import annotations

from array import array

from ...model.terms import Term
from ...model.vocab import T
from .attributes import AttributeValue

# Predicates the builder must recognise get the first numbers, so one comparison
# tells an ordinary predicate from them.
SPECIAL_PREDICATES = (
    T.RDF.type,
    T.OA.hasSource,
    T.SPDX.checksum,
    T.IKG.assignedPractice,
    T.IKG.assignedTheme,
)
TYPE, HAS_SOURCE, CHECKSUM, ASSIGNED_PRACTICE, ASSIGNED_THEME = range(len(SPECIAL_PREDICATES))
ORDINARY = len(SPECIAL_PREDICATES)  # the first number of any other predicate

# One byte of flags per interned IRI.
SUBJECT = 1  # has a triple of its own, read while it was not known to be left out
EXCLUDED_TYPE = 2  # typed with one of the excluding types (builder.py)
ASSIGNMENT = 4  # an ikg:ThemeAssignment
PROJECT_TYPED = 8  # has an ikg: type, which keeps it whatever mentions it
ACTIVITY = 16  # a prov:Activity
FILE = 32  # a source file: what annotations point into, or what has a checksum
MENTIONED_BY_EXCLUDED = 64  # the object of a triple of a left-out resource


class TripleColumns:
    """The builder's state: interned IRIs and predicates, and one column of numbers
    per kind of triple kept."""

    def __init__(self) -> None:
        # Every IRI met, as a number: its term and a byte of flags.
        self.ids: dict[Term, int] = {}
        self.terms: list[Term] = []
        self.flags = bytearray()
        self.predicate_ids: dict[Term, int] = {p: i for i, p in enumerate(SPECIAL_PREDICATES)}
        self.predicates: list[Term] = list(SPECIAL_PREDICATES)
        # Triples with an IRI object other than rdf:type, as three columns.
        self.edge_subjects = array("i")
        self.edge_predicates = array("i")
        self.edge_objects = array("i")
        # ikg:assignedPractice (0) and ikg:assignedTheme (1) of any subject, which a
        # theme assignment turns into one edge.
        self.link_subjects = array("i")
        self.link_kinds = array("b")
        self.link_objects = array("i")
        # rdf:type triples of subjects not left out by type.
        self.typed = array("i")
        self.types = array("i")
        # Literals of subjects not left out by type: the attribute (predicate and
        # language) as a number, and the value, read once.
        self.literal_subjects = array("i")
        self.literal_keys = array("i")
        self.literal_values: list[AttributeValue] = []
        self.literal_key_ids: dict[tuple[int, str], int] = {}

    def new_node(self, term: Term, flags: int = 0) -> int:
        node = len(self.terms)
        self.ids[term] = node
        self.terms.append(term)
        self.flags.append(flags)
        return node

    def node(self, term: Term) -> int:
        known = self.ids.get(term)
        return self.new_node(term) if known is None else known

    def new_predicate(self, term: Term) -> int:
        predicate = len(self.predicates)
        self.predicate_ids[term] = predicate
        self.predicates.append(term)
        return predicate

    def literal_key(self, predicate: int, language: str) -> int:
        key = (predicate, language)
        number = self.literal_key_ids.get(key)
        if number is None:
            number = self.literal_key_ids[key] = len(self.literal_key_ids)
        return number

    def special_link(self, subject: int, predicate: int, target: int) -> None:
        """What a triple with one of the special predicates says beyond its edge."""
        if predicate == HAS_SOURCE:
            self.flags[target] |= FILE
        elif predicate == CHECKSUM:
            self.flags[subject] |= FILE
        else:
            self.link_subjects.append(subject)
            self.link_kinds.append(predicate - ASSIGNED_PRACTICE)
            self.link_objects.append(target)

"""The SHACL Core constraints that ontology/shapes.ttl uses, checked over N-Triples terms
held in memory: the build's validation, about twenty times faster than pySHACL.

pySHACL (validate.validate_graph) stays the reference. tests/test_shapes.py gives every
broken copy of the built graph to both and requires the same report, and a shapes graph
that uses a SHACL term this module does not implement is refused here (``Unsupported``),
so the caller hands it to pySHACL whole rather than skip a rule. The semantics are those
of the SHACL recommendation (https://www.w3.org/TR/shacl/, section 4), with pySHACL's
reading where the recommendation leaves a choice: a language tag matches a range when it
equals it or its first subtag does; a typed literal matches its datatype when rdflib can
read its lexical form as that type.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef

from ..model.terms import Term, Triple, literal_parts

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = f"<{RDF}type>"
SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
LANG_STRING = f"{RDF}langString"
XSD_STRING = f"{XSD}string"

# The constraint parameters implemented below, by the component each belongs to.
COMPONENTS = {
    "class": "ClassConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "languageIn": "LanguageInConstraintComponent",
    "uniqueLang": "UniqueLangConstraintComponent",
    "in": "InConstraintComponent",
    "lessThan": "LessThanConstraintComponent",
    "node": "NodeConstraintComponent",
    "or": "OrConstraintComponent",
    "xone": "XoneConstraintComponent",
    "qualifiedValueShape": "QualifiedMinCountConstraintComponent",
}
# Other SHACL terms a shape may carry that change nothing here (qualifiedMin/MaxCount and
# flags are read with their constraint; messages and names are for reports and people).
READ_WITH_OTHERS = {"qualifiedMinCount", "qualifiedMaxCount", "flags", "message", "name", "description"}
TARGETS = {"targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"}
STRUCTURE = {"path", "property"}
CLASSES = {"<http://www.w3.org/2000/01/rdf-schema#Class>", "<http://www.w3.org/2002/07/owl#Class>"}
SHAPE_CLASSES = {f"<{SH}NodeShape>", f"<{SH}PropertyShape>"}
NODE_KINDS = {
    f"<{SH}IRI>": "I",
    f"<{SH}Literal>": "L",
    f"<{SH}BlankNode>": "B",
    f"<{SH}BlankNodeOrIRI>": "BI",
    f"<{SH}IRIOrLiteral>": "IL",
    f"<{SH}BlankNodeOrLiteral>": "BL",
}


class Unsupported(Exception):
    """The shapes use a SHACL term this module does not check."""


@dataclass
class Shape:
    term: Term  # the shape's IRI or blank node, as an N-Triples term
    path: Term | None  # the predicate of a property shape; None for a node shape
    constraints: list[tuple[str, Any]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    targets: list[tuple[str, Term]] = field(default_factory=list)
    messages: list[Term] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Result:
    shape: Term
    component: str  # e.g. MinCountConstraintComponent
    focus: Term
    path: Term | None
    value: Term | None
    messages: tuple[Term, ...]


def _kind(term: Term) -> str:
    return "L" if term[0] == '"' else "B" if term.startswith("_:") else "I"


class _Graph:
    """The triples, indexed by subject and predicate, each value once."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.values: dict[Term, dict[Term, dict[Term, None]]] = defaultdict(lambda: defaultdict(dict))
        self.subjects_of: dict[Term, dict[Term, None]] = defaultdict(dict)
        self.objects_of: dict[Term, dict[Term, None]] = defaultdict(dict)
        for s, p, o in triples:
            self.values[s][p][o] = None
            self.subjects_of[p][s] = None
            self.objects_of[p][o] = None
        self._supers: dict[Term, set[Term]] = {}
        self._instances: dict[Term, dict[Term, None]] | None = None

    def objects(self, subject: Term, predicate: Term) -> list[Term]:
        found = self.values.get(subject)
        return list(found.get(predicate, ())) if found else []

    def superclasses(self, cls: Term) -> set[Term]:
        """``cls`` and every class it is an rdfs:subClassOf, directly or not."""
        known = self._supers.get(cls)
        if known is None:
            known, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), SUBCLASS_OF):
                    if parent not in known:
                        known.add(parent)
                        todo.append(parent)
            self._supers[cls] = known
        return known

    def is_instance(self, node: Term, cls: Term) -> bool:
        return any(cls in self.superclasses(t) for t in self.objects(node, RDF_TYPE))

    def instances(self, cls: Term) -> list[Term]:
        if self._instances is None:
            self._instances = defaultdict(dict)
            for node in self.subjects_of.get(RDF_TYPE, ()):
                for direct in self.objects(node, RDF_TYPE):
                    for each in self.superclasses(direct):
                        self._instances[each][node] = None
        return list(self._instances.get(cls, ()))


# ------------------------------------------------------------------ reading the shapes


def _shapes_triples(path: Path) -> list[Triple]:
    import pyoxigraph

    return [
        (str(q.subject), str(q.predicate), str(q.object))
        for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    ]


def _rdf_list(graph: _Graph, head: Term) -> list[Term]:
    items = []
    while head != f"<{RDF}nil>":
        items.extend(graph.objects(head, f"<{RDF}first>"))
        rest = graph.objects(head, f"<{RDF}rest>")
        if len(rest) != 1:
            raise Unsupported(f"a malformed RDF list at {head}")
        head = rest[0]
    return items


def _read_shape(graph: _Graph, term: Term, made: dict[Term, Shape]) -> Shape:
    if term in made:
        return made[term]
    paths = graph.objects(term, f"<{SH}path>")
    if len(paths) > 1 or (paths and paths[0][0] != "<"):
        raise Unsupported(f"{term}: only a single predicate is supported as sh:path")
    shape = made[term] = Shape(term, paths[0] if paths else None)
    for predicate, objects in sorted(graph.values[term].items()):
        if not predicate.startswith(f"<{SH}"):
            continue
        name = predicate[len(SH) + 1 : -1]
        for value in sorted(objects):
            if name in TARGETS:
                shape.targets.append((name, value))
            elif name == "property":
                shape.properties.append(_read_shape(graph, value, made))
            elif name == "message":
                shape.messages.append(value)
            elif name == "node":
                shape.constraints.append((name, _read_shape(graph, value, made)))
            elif name == "qualifiedValueShape":
                counts = {
                    n: [int(literal_parts(v)[0]) for v in graph.objects(term, f"<{SH}{n}>")]
                    for n in ("qualifiedMinCount", "qualifiedMaxCount")
                }
                shape.constraints.append((name, (_read_shape(graph, value, made), counts)))
            elif name in ("or", "xone"):
                members = [_read_shape(graph, member, made) for member in _rdf_list(graph, value)]
                shape.constraints.append((name, members))
            elif name in ("in", "languageIn"):
                shape.constraints.append((name, _rdf_list(graph, value)))
            elif name == "pattern":
                flags = "".join(literal_parts(f)[0] for f in graph.objects(term, f"<{SH}flags>"))
                if set(flags) - {"i"}:  # XPath's s, m, x and q differ from Python's
                    raise Unsupported(f"{term}: sh:flags {flags!r} (only 'i' is checked here)")
                regex = re.compile(literal_parts(value)[0], re.IGNORECASE if flags else 0)
                shape.constraints.append((name, regex))
            elif name in ("minCount", "maxCount", "minLength", "maxLength"):
                shape.constraints.append((name, int(literal_parts(value)[0])))
            elif name == "uniqueLang":
                shape.constraints.append((name, literal_parts(value)[0] == "true"))
            elif name in COMPONENTS:
                shape.constraints.append((name, value))
            elif name not in READ_WITH_OTHERS | STRUCTURE:
                raise Unsupported(f"{term} uses sh:{name}")
    return shape


@cache
def compile_shapes(path: Path) -> tuple[Shape, ...]:
    """The shapes with a target in the file at ``path``, with the shapes they refer to."""
    graph = _Graph(_shapes_triples(path))
    made: dict[Term, Shape] = {}
    shapes = []
    for term in sorted(graph.values):
        types = set(graph.objects(term, RDF_TYPE))
        if types & CLASSES and types & SHAPE_CLASSES:
            raise Unsupported(f"{term}: a shape that is also a class (an implicit class target)")
        if any(p[len(SH) + 1 : -1] in TARGETS for p in graph.values[term] if p.startswith(f"<{SH}")):
            shapes.append(_read_shape(graph, term, made))
    for shape in made.values():
        if shape.path is None and any(name == "uniqueLang" for name, _ in shape.constraints):
            raise Unsupported(f"{shape.term}: sh:uniqueLang on a node shape")
    return tuple(shapes)


# ------------------------------------------------------------------ values and literals


def rdflib_term(term: Term) -> URIRef | Literal | BNode:
    """The rdflib term of an N-Triples term."""
    if term[0] == "<":
        return URIRef(term[1:-1])
    if term.startswith("_:"):
        return BNode(term[2:])
    lexical, language, datatype = literal_parts(term)
    return Literal(lexical, lang=language, datatype=None if datatype is None else URIRef(datatype))


@lru_cache(maxsize=65536)
def _literal(term: Term) -> Literal:
    made = rdflib_term(term)
    assert isinstance(made, Literal)
    return made


# What rdflib's value of a literal must be for the literal to be of a datatype.
_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    f"{XSD}integer": int,
    f"{XSD}decimal": Decimal,
    f"{XSD}float": float,
    f"{XSD}boolean": bool,
    f"{XSD}date": date,
    f"{XSD}dateTime": datetime,
}


def _has_datatype(term: Term, datatype: Term) -> bool:
    if term[0] != '"':
        return False
    _, language, declared = literal_parts(term)
    wanted = datatype[1:-1]
    if language is not None:
        return wanted == LANG_STRING
    if (declared or XSD_STRING) != wanted:
        return False
    if declared is None or declared == XSD_STRING:
        return True
    value = _literal(term)
    if value.ill_typed is True:
        return False
    python_type = _PYTHON_TYPES.get(wanted)
    return python_type is None or isinstance(value.value, python_type)


def _string(term: Term) -> str | None:
    if term[0] == '"':
        return literal_parts(term)[0]
    return None if term.startswith("_:") else term[1:-1]


def _compare(left: Term, right: Term) -> int | None:
    """-1, 0 or 1 as SPARQL's < and = order two literals; None when they cannot be."""
    if left[0] != '"' or right[0] != '"':
        return None
    a, b = _literal(left).value, _literal(right).value
    try:
        return -1 if a < b else 1 if a > b else 0
    except TypeError:
        return None


def _language_matches(term: Term, ranges: list[Term]) -> bool:
    if term[0] != '"':
        return False
    language = literal_parts(term)[1]
    if not language:
        return False
    wanted = {literal_parts(r)[0].lower() for r in ranges}
    return "*" in wanted or language.lower() in wanted or language.split("-")[0].lower() in wanted


# ------------------------------------------------------------------ checking


class _Checker:
    def __init__(self, graph: _Graph) -> None:
        self.graph = graph

    def value_nodes(self, shape: Shape, focus: Term) -> list[Term]:
        return [focus] if shape.path is None else self.graph.objects(focus, shape.path)

    def conforms(self, node: Term, shape: Shape, depth: int = 0) -> bool:
        if depth > 32:
            raise Unsupported(f"{shape.term}: shapes nested deeper than 32 (a cycle?)")
        return not any(True for _ in self.results(shape, node, depth + 1))

    def results(self, shape: Shape, focus: Term, depth: int = 0) -> Iterator[Result]:
        values = self.value_nodes(shape, focus)
        for name, parameter in shape.constraints:
            for component, value in self._failures(name, parameter, focus, values, depth):
                yield Result(shape.term, component, focus, shape.path, value, tuple(shape.messages))
                if name == "node" and value is not None:  # why it fails: pySHACL's sh:detail results
                    yield from self.results(parameter, value, depth + 1)
        for member in shape.properties:
            yield from self.results(member, focus, depth)

    def _failures(
        self, name: str, parameter: Any, focus: Term, values: list[Term], depth: int
    ) -> Iterator[tuple[str, Term | None]]:
        """(component, value node) of each failure of one constraint; the value node is
        None where the set of values fails (a count, a language used twice)."""
        component = COMPONENTS[name]
        if name == "minCount":
            if len(values) < parameter:
                yield component, None
        elif name == "maxCount":
            if len(values) > parameter:
                yield component, None
        elif name == "uniqueLang":
            if parameter:
                languages: dict[str, int] = defaultdict(int)
                for value in values:
                    if value[0] == '"' and (language := literal_parts(value)[1]):
                        languages[language.lower()] += 1
                yield from ((component, None) for count in languages.values() if count > 1)
        elif name == "qualifiedValueShape":
            member, counts = parameter
            matching = sum(1 for v in values if self.conforms(v, member, depth))
            if any(matching < least for least in counts["qualifiedMinCount"]):
                yield "QualifiedMinCountConstraintComponent", None
            if any(matching > most for most in counts["qualifiedMaxCount"]):
                yield "QualifiedMaxCountConstraintComponent", None
        elif name == "lessThan":
            others = self.graph.objects(focus, parameter)
            yield from ((component, v) for v in values if any(_compare(v, w) != -1 for w in others))
        else:
            yield from ((component, v) for v in values if not self._value_ok(name, parameter, v, depth))

    def _value_ok(self, name: str, parameter: Any, value: Term, depth: int) -> bool:
        if name == "class":
            return value[0] != '"' and self.graph.is_instance(value, parameter)
        if name == "datatype":
            return _has_datatype(value, parameter)
        if name == "nodeKind":
            return _kind(value) in NODE_KINDS[parameter]
        if name in ("minLength", "maxLength", "pattern"):
            text = _string(value)
            if text is None:
                return False
            if name == "pattern":
                return bool(parameter.search(text))
            return bool(len(text) >= parameter if name == "minLength" else len(text) <= parameter)
        if name in ("minInclusive", "maxInclusive"):
            order = _compare(value, parameter)
            return order is not None and (order >= 0 if name == "minInclusive" else order <= 0)
        if name == "languageIn":
            return _language_matches(value, parameter)
        if name == "in":
            return value in parameter
        if name == "node":
            return self.conforms(value, parameter, depth)
        if name == "or":
            return any(self.conforms(value, member, depth) for member in parameter)
        if name == "xone":
            return sum(1 for member in parameter if self.conforms(value, member, depth)) == 1
        raise Unsupported(f"sh:{name}")


def _focus_nodes(graph: _Graph, shape: Shape) -> list[Term]:
    nodes: dict[Term, None] = {}
    for kind, term in shape.targets:
        if kind == "targetClass":
            nodes.update(dict.fromkeys(graph.instances(term)))
        elif kind == "targetSubjectsOf":
            nodes.update(graph.subjects_of.get(term, {}))
        elif kind == "targetObjectsOf":
            nodes.update(graph.objects_of.get(term, {}))
        else:
            nodes[term] = None
    return list(nodes)


def check(triples: Iterable[Triple], shapes_path: Path, focus: set[Term] | None = None) -> list[Result]:
    """Every validation result of ``triples`` against the shapes in ``shapes_path``;
    ``focus``: only these focus nodes. Raises Unsupported for shapes beyond this module."""
    shapes = compile_shapes(shapes_path)
    graph = _Graph(triples)
    checker = _Checker(graph)
    results: dict[Result, None] = {}
    for shape in shapes:
        for node in _focus_nodes(graph, shape):
            if focus is None or node in focus:
                results.update(dict.fromkeys(checker.results(shape, node)))
    return list(results)

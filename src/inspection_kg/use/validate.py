"""SHACL validation with pySHACL against ontology/shapes.ttl, with a report a person
can act on: which node, which path, which rule, in English and Chinese."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ..errors import InputError
from ..layout import RDF_FILES, required_rdf_files
from ..model.graphs import SharedIndex, iris_in
from ..model.terms import Term, Triple, literal_parts
from ..model.vocab import T, curie
from ..resources import ontology_file
from .shacl_core import Result, Unsupported, check, rdflib_term

SHAPES_NAME = "shapes.ttl"
SHAPES_NAMESPACE = "https://w3id.org/inspection-kg/shapes/"


@dataclass(frozen=True, slots=True, order=True)
class Violation:
    shape: str  # CURIE of the shape that failed, e.g. ikgsh:Practice-ordinal
    rule: str  # the SHACL constraint, e.g. sh:datatype
    focus: str  # the node that fails it
    path: str  # CURIE of the property, "" for a rule on the node itself
    value: str  # the offending value, "" when a value is missing
    message_en: str
    message_zh: str
    severity: str  # Violation, Warning or Info

    def render(self) -> str:
        where = f"{self.focus} {self.path}".rstrip()
        value = f" = {self.value}" if self.value and self.value != self.focus else ""
        return f"{self.shape} [{self.rule}]: {where}{value}: {self.message_en} / {self.message_zh}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)

    def render(self, limit: int = 50) -> str:
        lines = [v.render() for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"… and {len(self.violations) - limit} more")
        return "\n".join(lines)


def shapes_path() -> Path:
    """The SHACL shapes both validators read."""
    return ontology_file(SHAPES_NAME)


def load_shapes() -> Graph:
    """A fresh parse each time: pySHACL adds triples to the shapes graph it is given."""
    graph = Graph(bind_namespaces="none")
    graph.parse(shapes_path(), format="turtle")
    return graph


def _short(term: object) -> str:
    """A CURIE for IRIs of known vocabularies and of the shapes; the N-Triples form otherwise."""
    if isinstance(term, URIRef):
        return curie(str(term), {"ikgsh": SHAPES_NAMESPACE}) or f"<{term}>"
    if isinstance(term, Literal):
        return str(term.n3())
    return "" if term is None else "(a blank node)"


def rdflib_graph(triples: Iterable[Triple]) -> Graph:
    """An rdflib graph of triples in N-Triples terms (terms.py), for pySHACL and pictures;
    terms are made directly (rdflib's N-Triples parser is ~10x slower)."""
    graph = Graph(bind_namespaces="none")
    iris: dict[Term, URIRef | Literal | BNode] = {}  # an IRI recurs; made once

    def node(term: Term) -> URIRef | Literal | BNode:
        if term[0] != "<":
            return rdflib_term(term)
        made = iris.get(term)
        if made is None:
            made = iris[term] = rdflib_term(term)
        return made

    for s, p, o in triples:
        graph.add((node(s), node(p), node(o)))
    return graph


def validate_graph(data: Graph, focus: list[str] | None = None) -> ValidationReport:
    """Validate ``data`` as it is (no inference: the data states its own types);
    ``focus``: only these nodes (IRIs), the rest of ``data`` being context."""
    import pyshacl  # slow to import; only the commands that validate pay for it

    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=load_shapes(),
        inference="none",
        advanced=False,
        allow_warnings=True,
        focus_nodes=[URIRef(iri) for iri in focus] if focus is not None else None,
    )
    assert isinstance(results, Graph)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        messages = {
            m.language: str(m) for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)
        }
        severity = results.value(result, SH.resultSeverity)
        component = str(results.value(result, SH.sourceConstraintComponent) or "")
        rule = component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        violations.append(
            Violation(
                shape=_short(results.value(result, SH.sourceShape)),
                rule=f"sh:{rule[:1].lower()}{rule[1:]}",
                focus=_short(results.value(result, SH.focusNode)),
                path=_short(results.value(result, SH.resultPath)),
                value=_short(results.value(result, SH.value)),
                message_en=messages.get("en", messages.get(None, "")),
                message_zh=messages.get("zh", ""),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return ValidationReport(tuple(sorted(violations)))


def _violation(result: Result) -> Violation:
    messages = {}
    for message in result.messages:
        lexical, language, _ = literal_parts(message)
        messages[language] = lexical
    rule = result.component.removesuffix("ConstraintComponent")
    return Violation(
        shape=_short(rdflib_term(result.shape)),
        rule=f"sh:{rule[:1].lower()}{rule[1:]}",
        focus=_short(rdflib_term(result.focus)),
        path=_short(None if result.path is None else rdflib_term(result.path)),
        value=_short(None if result.value is None else rdflib_term(result.value)),
        message_en=messages.get("en", messages.get(None, "")),
        message_zh=messages.get("zh", ""),
        severity="Violation",
    )


def validate_triples(triples: list[Triple], focus: list[str] | None = None) -> ValidationReport:
    """Validate ``triples`` (N-Triples terms) as validate_graph does, with the SHACL Core
    checker of shacl_core.py; with pySHACL when the shapes use a term it does not check."""
    try:
        results = check(triples, shapes_path(), None if focus is None else {f"<{f}>" for f in focus})
    except Unsupported:
        return validate_graph(rdflib_graph(triples), focus)
    return ValidationReport(tuple(sorted(_violation(result) for result in results)))


# The last segment of a notice's graph IRIs (graphs.py); any other graph is shared.
NOTICE_GRAPH_PARTS = ("stated", "added", "inferred", "provenance")


def _dataset_violation(focus: str, rule: str, en: str, zh: str) -> Violation:
    return Violation("(dataset files)", rule, focus, "", "", en, zh, "Violation")


def _quads(path: Path) -> Iterator[tuple[Term, Term, Term, str]]:
    """Every statement of one RDF file as N-Triples terms and the graph IRI ("" for the
    default graph), read by pyoxigraph (fast, streaming)."""
    import pyoxigraph

    try:
        for quad in pyoxigraph.parse(path=path, format=getattr(pyoxigraph.RdfFormat, RDF_FILES[path.name])):
            graph = quad.graph_name
            yield (
                str(quad.subject),
                str(quad.predicate),
                str(quad.object),
                "" if isinstance(graph, pyoxigraph.DefaultGraph) else str(graph.value),
            )
    except (SyntaxError, ValueError, OSError) as error:
        raise InputError(
            f"cannot parse as {RDF_FILES[path.name].lower().replace('_', '-')}: {error}",
            path=path,
            fix="rebuild the folder with inspection-kg build",
        ) from None


def _fingerprint(path: Path) -> tuple[int, int]:
    """(number of triples, an order-free digest of them): equal for files holding the
    same triples, without keeping millions of them in memory."""
    count = digest = 0
    for s, p, o, _ in _quads(path):
        count += 1
        digest = (digest + hash(f"{s} {p} {o}")) & 0xFFFFFFFFFFFFFFFF
    return count, digest


def _difference(first: Path, second: Path) -> tuple[int, int]:
    """Triples of ``first`` missing from ``second``, and extra ones (only on a mismatch)."""
    ours = {hash(f"{s} {p} {o}") for s, p, o, _ in _quads(first)}
    theirs = {hash(f"{s} {p} {o}") for s, p, o, _ in _quads(second)}
    return len(ours - theirs), len(theirs - ours)


def _notice_key(graph: str) -> str | None:
    """The notice a graph IRI belongs to (its IRI without the last segment), or None."""
    head, _, last = graph.rpartition("/")
    return head if last in NOTICE_GRAPH_PARTS else None


def validate_dataset_dir(folder: Path, progress: Callable[[int], None] | None = None) -> ValidationReport:
    """Check a built dataset folder: every RDF file parses and holds the same triples,
    every distribution its DCAT record lists is there, and the data conforms to the
    shapes — every notice, each with the shared data it points to, then the shared
    graphs, so a corpus of any size is checked whole without holding it in memory (a
    dataset built without .nq and .trig cannot tell its notices apart: its graph is
    checked whole). ``progress`` is told the number of notices checked so far."""
    present = [path.name for path in required_rdf_files(folder)]
    reference = present[0]
    fingerprints = {name: _fingerprint(folder / name) for name in present}
    problems = []
    for name in present[1:]:
        if fingerprints[name] != fingerprints[reference]:
            missing, extra = _difference(folder / reference, folder / name)
            problems.append(
                _dataset_violation(
                    name,
                    "same graph",
                    f"differs from {reference}: {missing} triples missing, {extra} extra",
                    f"与 {reference} 不一致：缺 {missing} 个三元组，多 {extra} 个",
                )
            )
    # The first file in RDF_FILES's order: N-Quads or TriG tell notices apart by their graphs.
    source = folder / reference
    shared = SharedIndex()
    shared.add([(s, p, o) for s, p, o, g in _quads(source) if _notice_key(g) is None])
    download = T.DCAT.downloadURL
    for url in sorted(o[1:-1] for _, p, o in shared.everything() if p == download):
        name = url.rsplit("/", 1)[-1]
        if not (folder / name).is_file():
            problems.append(
                _dataset_violation(
                    name,
                    "distribution exists",
                    f"listed as a dcat:Distribution ({url}) but not in the folder",
                    "数据集描述列出了该分发，但文件夹中没有此文件",
                )
            )
    violations: list[Violation] = []
    everything_shared = shared.everything()
    # The shared graphs name notice resources (the description lists each notice's
    # source text); their types, from the notices, let the shapes check those links.
    named = {o for _, _, o in everything_shared if o[0] == "<"}
    types_named: list[Triple] = []
    for done, block in enumerate(_notice_blocks(source), start=1):
        checked = block + shared.reachable(iris_in(block))
        violations.extend(validate_triples(checked).violations)
        types_named.extend(t for t in block if t[1] == T.RDF.type and t[0] in named)
        if progress is not None:
            progress(done)
    focus = sorted({s[1:-1] for s, _, _ in everything_shared})
    report = validate_triples(everything_shared + types_named, focus=focus)
    violations.extend(report.violations)
    return ValidationReport(tuple(sorted(problems)) + tuple(sorted(set(violations))))


def _notice_blocks(path: Path) -> Iterator[list[Triple]]:
    """The triples of each notice's graphs, one notice at a time. A build writes each
    notice's graphs together; a file that does not is refused rather than checked in
    pieces (which would report false violations)."""
    done: set[str] = set()
    current: str | None = None
    block: list[Triple] = []
    for s, p, o, graph in _quads(path):
        key = _notice_key(graph)
        if key is None:
            continue
        if key != current:
            if current is not None:
                yield block
                done.add(current)
            if key in done:
                raise InputError(
                    f"the graphs of notice {key} are not together in the file",
                    path=path,
                    fix="validate a file written by inspection-kg build, or rebuild it",
                )
            current, block = key, []
        block.append((s, p, o))
    if current is not None:
        yield block

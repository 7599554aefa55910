"""SHACL validation with pySHACL against ontology/shapes.ttl, with a report a person
can act on: which node, which path, which rule, in English and Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from .errors import InputError
from .layout import JSONLD_NAME, NQUADS_NAME, NTRIPLES_NAME, TRIG_NAME, TURTLE_NAME
from .resources import ontology_file
from .vocab import DCAT, curie

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


def load_shapes() -> Graph:
    """A fresh parse each time: pySHACL adds triples to the shapes graph it is given."""
    graph = Graph(bind_namespaces="none")
    graph.parse(ontology_file(SHAPES_NAME), format="turtle")
    return graph


def _short(term: object) -> str:
    """A CURIE for IRIs of known vocabularies and of the shapes; the N-Triples form otherwise."""
    if isinstance(term, URIRef):
        return curie(str(term), {"ikgsh": SHAPES_NAMESPACE}) or f"<{term}>"
    if isinstance(term, Literal):
        return str(term.n3())
    return "" if term is None else "(a blank node)"


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` as it is (no inference: the data states its own types)."""
    import pyshacl  # slow to import; only the commands that validate pay for it

    _, results, _ = pyshacl.validate(
        data, shacl_graph=load_shapes(), inference="none", advanced=False, allow_warnings=True
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


# The RDF files of a dataset folder and their rdflib parser names.
RDF_FILES = {
    TURTLE_NAME: "turtle",
    NTRIPLES_NAME: "nt",
    JSONLD_NAME: "json-ld",
    NQUADS_NAME: "nquads",
    TRIG_NAME: "trig",
}


def _dataset_violation(focus: str, rule: str, en: str, zh: str) -> Violation:
    return Violation("(dataset files)", rule, focus, "", "", en, zh, "Violation")


def _read_rdf(path: Path, parser: str) -> Graph:
    """All triples of one file, named graphs merged (the union every file must equal)."""
    try:
        if parser in {"nquads", "trig"}:
            dataset = Dataset()
            dataset.parse(path, format=parser)
            merged = Graph(bind_namespaces="none")
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                merged.add((s, p, o))
            return merged
        return Graph(bind_namespaces="none").parse(path, format=parser)
    except Exception as error:  # noqa: BLE001 -- every parser raises its own kind
        raise InputError(
            f"cannot parse as {parser}: {error}",
            path=path,
            fix="rebuild the folder with inspection-kg build",
        ) from None


def validate_dataset_dir(folder: Path) -> ValidationReport:
    """Check a built dataset folder: every RDF file parses and holds the same graph,
    every distribution its DCAT record lists is there, and the graph conforms."""
    present = [name for name in RDF_FILES if (folder / name).is_file()]
    if not folder.is_dir() or not present:
        raise InputError(
            f"no dataset here: none of {', '.join(RDF_FILES)} found",
            path=folder,
            fix="pass the folder that inspection-kg build wrote (default: output/)",
        )
    graphs = {name: _read_rdf(folder / name, RDF_FILES[name]) for name in present}
    reference = graphs[present[0]]
    problems = []
    for name in present[1:]:
        missing = len(set(reference) - set(graphs[name]))
        extra = len(set(graphs[name]) - set(reference))
        if missing or extra:
            problems.append(
                _dataset_violation(
                    name,
                    "same graph",
                    f"differs from {present[0]}: {missing} triples missing, {extra} extra",
                    f"与 {present[0]} 不一致：缺 {missing} 个三元组，多 {extra} 个",
                )
            )
    for url in sorted(str(o) for o in reference.objects(None, DCAT.downloadURL)):
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
    shacl = validate_graph(reference)
    return ValidationReport(tuple(sorted(problems)) + shacl.violations)

"""SPARQL over a built dataset with the embedded Oxigraph engine: the named queries
shipped in queries/, ad-hoc queries, and their answers as a table, CSV, TSV or JSON.

Queries see the union of the dataset's named graphs as their default graph. Only
SELECT, ASK, CONSTRUCT and DESCRIBE run; an update is refused before it is parsed,
and the store is opened read-only anyway.

A named query may take parameters, each declared in its header
(``# Parameter: notice = latest: …``). A value is bound by a VALUES block at the start of
the query's WHERE group, made from the value as an escaped RDF term, never pasted into the
query's text; the same bound text runs on any SPARQL engine.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from ..errors import InputError
from ..model.terms import integer, literal
from ..resources import queries_dir
from .geosparql import FUNCTIONS as GEOSPARQL_FUNCTIONS

FORMATS = ("table", "csv", "tsv", "json")
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*(PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)


# A parameter's value that lists every notice; the default that means the dataset's latest.
EVERY = "*"
LATEST = "latest"
_PARAMETER = re.compile(
    r"^#\s*Parameter:\s*(?P<name>[A-Za-z]\w*)\s*=\s*(?P<default>\S+)(?:\s+\((?P<type>integer)\))?\s*:\s*(?P<meaning>.+)$",
    re.MULTILINE,
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_BIND_HERE = re.compile(r"^(?P<indent>[ \t]*)# parameters bound here[ \t]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str  # also the query variable it binds
    default: str  # a value, LATEST for the most recent notice of the dataset, or EVERY (unbound)
    integer: bool  # bound as xsd:integer, else as a plain string
    meaning: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    path: Path
    question_zh: str
    question_en: str
    columns: str
    text: str
    parameters: tuple[Parameter, ...] = ()


def _header(text: str, marker: str) -> str:
    match = re.search(rf"^#\s*{re.escape(marker)}\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else ""


def named_queries() -> dict[str, NamedQuery]:
    """Every queries/*.rq, by file name without .rq."""
    found = {}
    for path in sorted(queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        parameters = tuple(
            Parameter(m["name"], m["default"], m["type"] == "integer", m["meaning"].strip())
            for m in _PARAMETER.finditer(text)
        )
        found[path.stem] = NamedQuery(
            path.stem,
            path,
            _header(text, "问："),
            _header(text, "Q:"),
            _header(text, "Columns:"),
            text,
            parameters,
        )
    return found


def parameter_values(
    query: NamedQuery, given: dict[str, str], latest: Callable[[], str | None]
) -> dict[str, str]:
    """Each parameter's value: the given one, else its default (LATEST asks ``latest``);
    a parameter given as EVERY is left unbound. Unknown names and malformed values are
    input errors."""
    known = {p.name: p for p in query.parameters}
    for name in given:
        if name not in known:
            takes = ", ".join(known) or "no parameters"
            raise InputError(
                f"the named query {query.name!r} has no parameter {name!r}",
                path=query.path,
                fix=f"it takes {takes} (inspection-kg query --list)",
            )
    values: dict[str, str] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value == LATEST:
            value = latest() or EVERY
        if value == EVERY:
            if parameter.default not in (LATEST, EVERY):
                raise InputError(
                    f"parameter {parameter.name} of {query.name!r} takes one value, not {EVERY}",
                    path=query.path,
                    fix=f"pass --param {parameter.name}=VALUE, or leave it at its default {parameter.default}",
                )
            continue
        if parameter.integer and not value.isdigit():
            raise InputError(
                f"parameter {parameter.name} of {query.name!r} must be a whole number, not {value!r}",
                path=query.path,
                fix=f"pass --param {parameter.name}=N",
            )
        values[parameter.name] = value
    return values


def bound_text(query: NamedQuery, values: dict[str, str]) -> str:
    """The query with one VALUES block that binds each parameter, at the start of its WHERE
    group (so a variable that is not projected is bound too), or where a line
    ``# parameters bound here`` stands (inside a sub-select that counts, whose variables the
    outer group cannot see); values become escaped RDF terms, whatever characters they hold."""
    if not values:
        return query.text
    by_type = {p.name: p.integer for p in query.parameters}
    names = sorted(values)
    terms = [integer(int(values[n])) if by_type[n] else literal(values[n]) for n in names]
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }}"
    marker = _BIND_HERE.search(query.text)
    if marker is not None:
        return query.text[: marker.start()] + marker["indent"] + block + query.text[marker.end() :]
    where = _WHERE.search(query.text)
    if where is None:
        raise InputError(f"the named query {query.name!r} has no WHERE group to bind", path=query.path)
    return query.text[: where.end()] + "\n  " + block + query.text[where.end() :]


def latest_notice(store: pyoxigraph.Store) -> str | None:
    """eli:id_local of the dataset's most recent notice (by date, then document number)."""
    answer = store.query(
        "SELECT ?id WHERE { ?n a <https://w3id.org/inspection-kg/def/Notice> ; "
        "<http://data.europa.eu/eli/ontology#id_local> ?id ; "
        "<http://data.europa.eu/eli/ontology#date_document> ?date } ORDER BY DESC(?date) DESC(?id) LIMIT 1",
        use_default_graph_as_union=True,
    )
    assert isinstance(answer, pyoxigraph.QuerySolutions)
    for solution in answer:
        value = solution["id"]
        return value.value if isinstance(value, pyoxigraph.Literal) else None
    return None


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        near = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.6)
        fix = f"did you mean {' or '.join(near)}?" if near else f"use one of: {', '.join(queries)}"
        raise InputError(f"no named query {name!r}", fix=f"{fix} (inspection-kg query --list)")
    return queries[name]


def _strip_comments(text: str) -> str:
    """The query without # comments (a # inside an IRI or a string is kept)."""
    return re.sub(r'("(?:[^"\\\n]|\\.)*"|<[^>\s]*>)|#[^\n]*', lambda m: m.group(1) or "", text)


def is_update(text: str) -> bool:
    body = _strip_comments(text)
    while match := _PROLOGUE.match(body):
        body = body[match.end() :]
    return bool(_UPDATE.match(body))


def run_query(
    store: pyoxigraph.Store, text: str, *, source: str = "query"
) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples:
    """Run one read query over the union of the named graphs; bad SPARQL and updates
    are input errors that say where."""
    if is_update(text):
        raise InputError(
            "this is a SPARQL update; the dataset is read-only here",
            path=source,
            fix="load the dataset into a store of your own to change it",
        )
    try:
        return store.query(text, use_default_graph_as_union=True, custom_functions=GEOSPARQL_FUNCTIONS)
    except SyntaxError as error:
        raise InputError(
            f"malformed SPARQL: {error}", path=source, fix="check the query near that position"
        ) from None


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    return str(term)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _table(solutions: pyoxigraph.QuerySolutions) -> str:
    columns = [variable.value for variable in solutions.variables]
    rows = [[_cell(solution[column]) for column in columns] for solution in solutions]
    widths = [max([_width(column)] + [_width(row[i]) for row in rows]) for i, column in enumerate(columns)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(cells)).rstrip()

    lines = [line(columns), line(["-" * width for width in widths]), *(line(row) for row in rows)]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_results(
    results: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples, output: str
) -> bytes:
    """Answers as text: ``table`` for people; ``csv``, ``tsv`` and ``json`` in the
    SPARQL 1.1 results formats; graphs from CONSTRUCT/DESCRIBE as N-Triples."""
    if isinstance(results, pyoxigraph.QueryTriples):
        return bytes(results.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES) or b"")
    if isinstance(results, pyoxigraph.QueryBoolean):
        if output == "table":
            return b"true\n" if bool(results) else b"false\n"
    elif output == "table":
        return _table(results).encode("utf-8")
    result_format = {
        "csv": pyoxigraph.QueryResultsFormat.CSV,
        "tsv": pyoxigraph.QueryResultsFormat.TSV,
        "json": pyoxigraph.QueryResultsFormat.JSON,
    }[output]
    return bytes(results.serialize(format=result_format) or b"")

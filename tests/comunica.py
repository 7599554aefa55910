"""Comunica, a fourth SPARQL engine for the tests (test support, not a test module).

Comunica is the RDF/JS query engine (npm `@comunica/query-sparql-file`). Version 5 is reported
to need a newer Node.js than the 20 these machines have, so the tests pin the last 4.x, 4.5.0. It
lives outside the repository, in a folder of its own (by default
``~/.cache/inspection-kg/comunica``, or ``$INSPECTION_KG_COMUNICA``), installed with::

    npm install --prefix ~/.cache/inspection-kg/comunica --no-audit --no-fund --save-exact \
        @comunica/query-sparql-file@4.5.0

One Node.js process reads the dataset's N-Quads once (with N3.js, the parser Comunica
itself uses, into an `rdf-stores` RdfStore, both installed with Comunica) and runs every
query given over it with Comunica's ``unionDefaultGraph`` on, so that, as in
`inspection-kg query`, a query's default graph is the union of the named graphs. Each answer
comes back as Comunica serialises it (SPARQL 1.1 JSON results). All named queries over the
default build take ~30 s so; one CLI call per query (`comunica-sparql-file --unionDefaultGraph
FILE -f QUERY`) re-reads the file each time and took 50-73 s for one query here.

Answers are compared as RDF terms (see `Term`), order-insensitively unless the query has an
ORDER BY; then in order of its keys, with rows whose keys tie in any order (`comparable`).
Comunica 4.5.0 has two defects the named queries meet (ORDER_DEFECT, COUNT_DEFECT below);
`patch_unbound_counts` and the first-key check let a test tell them from anything else.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import groupby
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

PACKAGE = "@comunica/query-sparql-file"
VERSION = "4.5.0"
HOME_VARIABLE = "INSPECTION_KG_COMUNICA"
RUN_TIMEOUT = 900.0  # seconds for one process; measured: ~30 s for every named query on output/

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "positiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}


def comunica_home() -> Path:
    """The folder Comunica is installed in (npm --prefix): $INSPECTION_KG_COMUNICA, else
    ~/.cache/inspection-kg/comunica. Deliberately not $XDG_CACHE_HOME: tests point that at
    private temporary folders."""
    given = os.environ.get(HOME_VARIABLE)
    return Path(given) if given else Path.home() / ".cache" / "inspection-kg" / "comunica"


def install_command(home: Path) -> str:
    return f"npm install --prefix {home} --no-audit --no-fund --save-exact {PACKAGE}@{VERSION}"


def installed_version(home: Path) -> str | None:
    """The version of the Comunica package under ``home``, or None."""
    manifest = home / "node_modules" / Path(*PACKAGE.split("/")) / "package.json"
    try:
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None
    return str(version) if version else None


def require_comunica() -> Path:
    """The Comunica folder; skips when Node.js or Comunica 4.5.0 is missing, fails on CI
    (CI=true), which must install them."""
    home = comunica_home()
    problem = None
    if shutil.which("node") is None:
        problem = "node (Node.js) is not on PATH"
    else:
        version = installed_version(home)
        if version != VERSION:
            found = f"version {version}" if version else "nothing"
            problem = f"{PACKAGE}@{VERSION} is not installed in {home} (found {found})"
    if problem is None:
        return home
    reason = f"{problem}; install it with: {install_command(home)}"
    if os.environ.get("CI"):
        pytest.fail(f"CI must install Comunica: {reason}")
    pytest.skip(reason)
    raise AssertionError  # unreachable


# The Node.js side: argv = [comunica home, N-Quads file]; stdin = {name: query text};
# stdout = one JSON line for the load, then one a query, in the order given.
_SCRIPT = r"""
'use strict';
const { createRequire } = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const [home, dataFile] = process.argv.slice(2);
const load = createRequire(path.join(home, 'package.json'));
const { QueryEngine } = load('@comunica/query-sparql-file');
const { RdfStore } = load('rdf-stores');
const N3 = load('n3');
const version = load('@comunica/query-sparql-file/package.json').version;
const queries = JSON.parse(fs.readFileSync(0, 'utf8'));
const say = (record) => process.stdout.write(JSON.stringify(record) + '\n');

function read(file) {
  return new Promise((resolve, reject) => {
    const store = RdfStore.createDefault();
    fs.createReadStream(file)
      .pipe(new N3.StreamParser({ format: 'N-Quads' }))
      .on('data', (quad) => store.addQuad(quad))
      .on('error', reject)
      .on('end', () => resolve(store));
  });
}

function drain(stream) {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk) => { text += chunk; }).on('error', reject).on('end', () => resolve(text));
  });
}

(async () => {
  let start = Date.now();
  const store = await read(dataFile);
  say({ load: true, version, quads: store.size, ms: Date.now() - start });
  const engine = new QueryEngine();
  for (const [name, query] of Object.entries(queries)) {
    start = Date.now();
    try {
      const result = await engine.query(query, { sources: [store], unionDefaultGraph: true });
      const { data } = await engine.resultToString(result, 'application/sparql-results+json');
      const answer = JSON.parse(await drain(data));
      say({ name, ms: Date.now() - start, answer });
    } catch (error) {
      say({ name, ms: Date.now() - start, error: String((error && error.message) || error) });
    }
  }
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + '\n');
  process.exit(1);
});
"""


@dataclass(frozen=True)
class Answer:
    """Comunica's answer to one query: SPARQL JSON results, or the error it raised."""

    name: str
    ms: int
    result: dict[str, Any] | None
    error: str | None


@dataclass(frozen=True)
class Run:
    version: str
    quads: int  # quads read from the file
    load_ms: int
    answers: dict[str, Answer]


def run_queries(home: Path, nquads: Path, queries: dict[str, str], timeout: float = RUN_TIMEOUT) -> Run:
    """Run ``queries`` (name -> text) with Comunica over the N-Quads file, in one process."""
    with tempfile.TemporaryDirectory(prefix="comunica-") as workdir:
        script = Path(workdir) / "run-queries.js"
        script.write_text(_SCRIPT, encoding="utf-8")
        done = subprocess.run(
            ["node", str(script), str(home.resolve()), str(nquads.resolve())],
            input=json.dumps(queries),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        raise AssertionError(f"Comunica's process failed ({done.returncode}):\n{done.stderr[-3000:]}")
    records = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    head, *rest = records
    answers = {r["name"]: Answer(r["name"], int(r["ms"]), r.get("answer"), r.get("error")) for r in rest}
    assert list(answers) == list(queries), f"Comunica answered {list(answers)}, not {list(queries)}"
    return Run(str(head["version"]), int(head["quads"]), int(head["ms"]), answers)


# -- RDF terms ----------------------------------------------------------------------------

# (kind, value, datatype, language): kind "iri", "literal", "bnode" or "" for unbound.
Term = tuple[str, str, str, str]
Row = tuple[Term, ...]
UNBOUND: Term = ("", "", "", "")


def _canonical_lexical(value: str, datatype: str) -> str:
    """One lexical form per value for numbers and booleans, so that "08" and "8"
    (xsd:integer), "1.50" and "1.5" (xsd:decimal), "1E0" and "1.0" (xsd:double) compare
    equal; a form that does not parse is kept as it is (and then compares as text)."""
    text = value.strip()
    try:
        if datatype in _INTEGER_TYPES:
            return str(int(text))
        if datatype == XSD + "decimal":
            number = Decimal(text)
            return format(number.normalize(), "f") if number else "0"
        if datatype in (XSD + "double", XSD + "float"):
            special = {"INF": "inf", "+INF": "inf", "-INF": "-inf", "NaN": "nan"}
            return special.get(text) or repr(float(text))
        if datatype == XSD + "boolean":
            return {"1": "true", "0": "false"}.get(text, text)
    except (ValueError, InvalidOperation):
        return value
    return value


def literal_term(value: str, datatype: str | None, language: str | None) -> Term:
    """A literal as a Term: RDF 1.1 datatypes (a plain literal is xsd:string, a language-tagged
    one rdf:langString), language tags in lower case (they are case-insensitive), numbers
    and booleans in one canonical lexical form. The datatype itself is never normalised: a
    COUNT typed xsd:decimal by one engine and xsd:integer by another is a difference."""
    if language:
        return ("literal", value, RDF_LANG_STRING, language.lower())
    datatype = datatype or XSD + "string"
    return ("literal", _canonical_lexical(value, datatype), datatype, "")


def json_term(binding: dict[str, str] | None) -> Term:
    """A term of SPARQL 1.1 JSON results. Blank nodes keep their kind only: labels are
    local to an answer."""
    if binding is None:
        return UNBOUND
    kind = binding["type"]
    if kind == "uri":
        return ("iri", binding["value"], "", "")
    if kind == "bnode":
        return ("bnode", "", "", "")
    if kind in ("literal", "typed-literal"):
        return literal_term(binding["value"], binding.get("datatype"), binding.get("xml:lang"))
    raise AssertionError(f"unknown term in SPARQL JSON results: {binding}")


def oxigraph_term(term: object) -> Term:
    if term is None:
        return UNBOUND
    if isinstance(term, pyoxigraph.NamedNode):
        return ("iri", term.value, "", "")
    if isinstance(term, pyoxigraph.BlankNode):
        return ("bnode", "", "", "")
    if isinstance(term, pyoxigraph.Literal):
        return literal_term(term.value, term.datatype.value, term.language)
    raise AssertionError(f"unexpected term from pyoxigraph: {term!r}")


def json_rows(result: dict[str, Any]) -> tuple[list[str], list[Row]]:
    """Variables and rows of a SPARQL JSON SELECT answer."""
    variables = list(result["head"]["vars"])
    rows = [tuple(json_term(b.get(v)) for v in variables) for b in result["results"]["bindings"]]
    return variables, rows


def oxigraph_rows(solutions: pyoxigraph.QuerySolutions) -> tuple[list[str], list[Row]]:
    variables = [v.value for v in solutions.variables]
    return variables, [tuple(oxigraph_term(s[v]) for v in variables) for s in solutions]


# -- order --------------------------------------------------------------------------------


def order_keys(text: str) -> list[str] | None:
    """The variables of the query's own (outermost) ORDER BY, in order, or None without one.

    Parsed with rdflib's SPARQL algebra; a condition that is not a plain variable
    (``ORDER BY STR(?x)``) is returned as "" and makes `comparable` compare the rows in
    exactly the order given (strict: ties in such a key cannot be told from the rows)."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    node: Any = prepareQuery(text).algebra
    while getattr(node, "name", None) in ("SelectQuery", "Slice", "Distinct", "Reduced", "Project"):
        node = node.p
    if getattr(node, "name", None) != "OrderBy":
        return None
    keys = []
    for condition in node.expr:
        expression = getattr(condition, "expr", condition)  # OrderCondition (DESC/ASC) or a bare one
        keys.append(str(expression) if isinstance(expression, Variable) else "")
    return keys


Comparable = Counter[Row] | list[tuple[Row, list[Row]]]


def comparable(variables: Sequence[str], rows: Iterable[Row], keys: Sequence[str] | None) -> Comparable:
    """Rows in a form where equal means "the same answer".

    No ORDER BY: the multiset of rows. With ORDER BY: the rows cut into runs of consecutive
    rows whose key columns are equal, each run's rows sorted, so that rows tied on every key
    may come in any order but the runs must follow each other as in the reference. A key that
    is not a projected variable makes every row its own run (exact order)."""
    rows = list(rows)
    if keys is None:
        return Counter(rows)
    if not all(key in variables for key in keys):
        return [(row, [row]) for row in rows]
    positions = [list(variables).index(key) for key in keys]

    def key_of(row: Row) -> Row:
        return tuple(row[i] for i in positions)

    return [(key, sorted(run)) for key, run in groupby(rows, key=key_of)]


def difference(expected: Comparable, actual: Comparable, limit: int = 12, engine: str = "Comunica") -> str:
    """A short account of how two comparables differ (for assertion messages); ``engine``
    names the engine compared with pyoxigraph."""
    if isinstance(expected, Counter) and isinstance(actual, Counter):
        missing = list((expected - actual).elements())[:limit]
        extra = list((actual - expected).elements())[:limit]
        return f"rows only in pyoxigraph's answer: {missing}\nrows only in {engine}'s: {extra}"
    left, right = list(expected), list(actual)
    lines = [f"{len(left)} vs {len(right)} runs of rows with equal ORDER BY keys"]
    for i in range(max(len(left), len(right))):
        mine = left[i] if i < len(left) else None
        theirs = right[i] if i < len(right) else None
        if mine != theirs:
            lines.append(f"run {i}: pyoxigraph {mine}\n       {engine:9} {theirs}")
        if len(lines) > limit:
            break
    return "\n".join(lines)


# -- the two defects of Comunica 4.5.0 that the named queries meet --------------------------
# Both reproduce on five triples (/work/scratch/comunica-notes.md); pyoxigraph, rdflib and
# Apache Jena 4.5 agree with each other there, and Comunica 5.4's source has both fixed.

# Multi-key ORDER BY: one sort pass per key, last key first, relying on each pass being stable;
# its SortIterator (binary insertion, ties inserted next to any equal element) is not, so only
# the first key is honoured and rows tied on it come out in no particular order.
ORDER_DEFECT = "multi-key ORDER BY sorts by the first key only (its per-key passes are not stable)"
# COUNT(?x) in a group where some row leaves ?x unbound: the unbound variable is taken as an
# error of the whole aggregate, which is then left unbound, instead of that row not counting.
COUNT_DEFECT = "COUNT over a group in which the counted variable is unbound in a row is left unbound"


def count_variables(text: str) -> set[str]:
    """The variables a query projects as ``(COUNT(…) AS ?v)`` or ``((COUNT(…) …) AS ?v)``."""
    code = _strings_out(text)
    return set(re.findall(r"\(\s*\(?\s*COUNT\s*\([^()]*\)[^()]*\)?\s*AS\s*\?(\w+)\s*\)", code, re.IGNORECASE))


def patch_unbound_counts(
    text: str, variables: Sequence[str], expected: Sequence[Row], actual: Sequence[Row]
) -> tuple[list[Row], list[str]]:
    """Comunica's rows with each COUNT cell it left unbound filled in from pyoxigraph's row
    that agrees on every other column (COUNT_DEFECT), and a note of each cell filled in.

    Only a COUNT column is touched, only an unbound cell, and only where exactly one of
    pyoxigraph's rows matches on all the other columns; anything else is left to differ."""
    counted = [i for i, v in enumerate(variables) if v in count_variables(text)]
    patched, notes = [], []
    for row in actual:
        for i in counted:
            if row[i] != UNBOUND:
                continue
            rest = row[:i] + row[i + 1 :]
            matches = [e for e in expected if e[:i] + e[i + 1 :] == rest and e[i] != UNBOUND]
            if len(matches) == 1:
                row = row[:i] + (matches[0][i],) + row[i + 1 :]
                notes.append(f"?{variables[i]} unbound, pyoxigraph {matches[0][i][1]}")
        patched.append(row)
    return patched, notes


# -- which named queries Comunica can run here --------------------------------------------

GEOF = "http://www.opengis.net/def/function/geosparql/"
_COMMENT = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^>\s]*>)|#[^\n]*""")


def _strings_out(text: str) -> str:
    """The query's code without comments and with every string literal emptied."""
    return _COMMENT.sub(
        lambda m: '""' if (m.group(1) or "").startswith(("'", '"')) else m.group(1) or "", text
    )


def is_federated(text: str) -> bool:
    """A query with a SERVICE clause: it needs the network, which tests do not have."""
    return re.search(r"\bSERVICE\b", _strings_out(text), re.IGNORECASE) is not None


def uses_geosparql_functions(text: str) -> bool:
    """A query that calls a GeoSPARQL function (geof:…), by prefixed name or full IRI."""
    code = _strings_out(text)
    prefixes = re.findall(rf"PREFIX\s+([\w-]*):\s*<{re.escape(GEOF)}>", code, re.IGNORECASE)
    body = re.sub(r"PREFIX\s+[\w-]*:\s*<[^>]*>", "", code, flags=re.IGNORECASE)
    return f"<{GEOF}" in body or any(re.search(rf"(?<![\w-]){p}:\w", body) for p in prefixes)

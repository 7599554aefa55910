"""A named query's parameter values checked against the dataset before it runs: a value that
matches nothing is an input error naming the nearest values the dataset has (`notice=2018`
→ 国办发〔2018〕108号), never an empty answer without a word. A region may be given by name:
河南省 is read as its code, said on stderr."""

from __future__ import annotations

import difflib
import sys
import unicodedata

import pyoxigraph as ox

from ..errors import InputError
from .geosparql import geometry_of_wkt
from .query import NamedQuery
from .resource_queries import solutions, text

# What each parameter names, as (value, description) pairs the dataset has.
_CANDIDATES = {
    "notice": "SELECT ?value ?about WHERE { ?n a ikg:Notice ; eli:id_local ?value ; eli:date_document ?about }",
    "region": (
        "SELECT ?value ?about WHERE { ?r a schema:AdministrativeArea ; skos:notation ?value ; "
        'skos:prefLabel ?about FILTER(LANG(?about) = "zh") }'
    ),
    "place": (
        "SELECT ?value ?about WHERE { ?r a schema:AdministrativeArea ; skos:notation ?value ; "
        'geo:hasCentroid ?point ; skos:prefLabel ?about FILTER(LANG(?about) = "zh") }'
    ),
    "subject": (
        "SELECT ?value ?about WHERE { ?scheme skos:hasTopConcept ?top . ?rule a ikg:SubjectRule ; "
        "ikg:assignedSubject ?top . ?c skos:inScheme ?scheme . "
        '{ ?c skos:notation ?n ; skos:prefLabel ?l FILTER(LANG(?l) = "zh") BIND(STR(?n) AS ?value) BIND(STR(?l) AS ?about) } '
        'UNION { ?c skos:notation ?n ; skos:prefLabel ?l FILTER(LANG(?l) = "zh") BIND(STR(?l) AS ?value) BIND(STR(?n) AS ?about) } '
        "UNION { ?c skos:notation ?n ; skos:altLabel ?p BIND(STR(?p) AS ?value) BIND(STR(?n) AS ?about) } }"
    ),
    "initiative": (
        "SELECT ?value ?about WHERE { ?p ikg:mentions ?i . ?i skos:prefLabel ?label "
        'BIND(STR(?label) AS ?value) BIND("" AS ?about) }'
    ),
}
_SHOWN = 3


def _folded(value: str) -> str:
    """For comparing what a person typed: width and bracket forms alike (国办发[2018]108号)."""
    value = unicodedata.normalize("NFKC", value)
    return value.translate(str.maketrans("[]［］【】〔〕()（）", "〔〕〔〕〔〕〔〕〔〕〔〕"))


def checked_values(store: ox.Store, query: NamedQuery, values: dict[str, str]) -> dict[str, str]:
    """``values`` with each one the dataset knows; a region name read as its code. Raises an
    input error naming the nearest known values for one that matches nothing."""
    checked = dict(values)
    for name, value in values.items():
        sparql = _CANDIDATES.get(name)
        if sparql is None:
            continue
        if name == "place" and geometry_of_wkt(value) is not None:
            continue  # a point given as WKT
        known = {text(row, "value"): text(row, "about") for row in solutions(store, sparql)}
        if value in known:
            continue
        if name in ("region", "place"):
            codes = sorted(code for code, label in known.items() if label == value)
            if len(codes) == 1:
                print(f"# {name} = {codes[0]} ({value})", file=sys.stderr)
                checked[name] = codes[0]
                continue
        raise _no_match(query, name, value, known)
    return checked


def _no_match(query: NamedQuery, name: str, value: str, known: dict[str, str]) -> InputError:
    folded = {_folded(k): k for k in known}
    near = [folded[f] for f in difflib.get_close_matches(_folded(value), list(folded), n=_SHOWN, cutoff=0.5)]
    near += sorted(k for k in known if value and value in k and k not in near)  # notice=2018
    near += sorted(k for k, about in known.items() if value and value in about and k not in near)
    shown = ", ".join(f"{k} ({known[k]})" if known[k] else k for k in near[:_SHOWN])
    fix = f"did you mean {shown}?" if shown else f"the dataset has {len(known)} values for {name}"
    return InputError(
        f"parameter {name} of {query.name!r}: {value!r} matches nothing in the dataset",
        path=query.path,
        fix=f"{fix} (--param {name}=VALUE)",
    )

"""RDF terms as N-Triples text, the form the builder makes and writes triples in.

A term is a ``str`` already written as N-Triples: ``<iri>``, ``"lexical"``,
``"lexical"@zh`` or ``"lexical"^^<datatype>``. A triple is three terms, a quad adds
the graph as a plain IRI. Making a line of N-Triples is then one join, and a
corpus of millions of triples never passes through a per-term Python object
(rdflib's terms cost several microseconds each; see README, "Performance").

``Terms`` gives a vocabulary's terms by attribute (``RDF.type`` is the text
``<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>``), made once and cached.
"""

from __future__ import annotations

import re

Term = str
Triple = tuple[Term, Term, Term]

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = f"<{XSD_NS}integer>"
XSD_STRING = f"{XSD_NS}string"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

# N-Triples ECHAR escapes; the source texts carry no other control characters (sources.py).
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_UNESCAPES = {
    "\\\\": "\\",
    '\\"': '"',
    "\\n": "\n",
    "\\r": "\r",
    "\\t": "\t",
    "\\'": "'",
    "\\b": "\b",
    "\\f": "\f",
}
_ESCAPED = re.compile(r'\\(?:[\\"nrtbf\']|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})')
# Characters an IRIREF may not hold (N-Triples grammar), and controls.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class Terms:
    """The terms of one namespace: ``Terms(ns).name`` is ``<{ns}name>``."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def __getattr__(self, name: str) -> Term:
        if name.startswith("__"):
            raise AttributeError(name)
        term = f"<{self.namespace}{name}>"
        setattr(self, name, term)  # later look-ups find the attribute, not this method
        return term

    def __getitem__(self, name: str) -> Term:
        return f"<{self.namespace}{name}>"


def iri(value: str) -> Term:
    """``value`` as an IRI term; an IRI the grammar forbids is a bug, not input."""
    if _NOT_IN_IRI.search(value):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def _escaped(text: str) -> str:
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


def literal(text: str) -> Term:
    """A plain (xsd:string) literal."""
    return f'"{_escaped(text)}"'


def in_zh(text: str) -> Term:
    """A Chinese literal (the only two language tags we write are zh and en)."""
    return f'"{_escaped(text)}"@zh'


def in_en(text: str) -> Term:
    return f'"{_escaped(text)}"@en'


def in_language(text: str, language: str) -> Term:
    return f'"{_escaped(text)}"@{language}'


def typed(lexical: str, datatype: str) -> Term:
    """A literal of ``datatype`` (a plain IRI)."""
    return f'"{_escaped(lexical)}"^^<{datatype}>'


def integer(value: int) -> Term:
    return f'"{value}"^^{XSD_INTEGER}'


def wkt(text: str) -> Term:
    """A GeoSPARQL WKT literal in CRS84 (longitude, latitude). The CRS is not named: GeoSPARQL
    takes CRS84 when none is, and Virtuoso refuses to load a literal that names it."""
    return typed(text, "http://www.opengis.net/ont/geosparql#wktLiteral")


def boolean(value: bool) -> Term:
    return f'"{str(value).lower()}"^^<{XSD_NS}boolean>'


def term(value: str) -> Term:
    """A term from the builder's shorthand: a term as it is, a bare string an IRI."""
    return value if value[:1] in ('"', "<") else iri(value)


def is_iri(value: Term) -> bool:
    return value[:1] == "<"


def iri_value(value: Term) -> str:
    """The IRI of an IRI term (``<x>`` → ``x``)."""
    return value[1:-1]


def literal_parts(value: Term) -> tuple[str, str | None, str | None]:
    """(lexical form, language or None, datatype IRI or None) of a literal term."""
    end = value.rindex('"')
    lexical = value[1:end]
    if "\\" in lexical:
        lexical = _ESCAPED.sub(_unescape, lexical)
    rest = value[end + 1 :]
    if rest.startswith("@"):
        return lexical, rest[1:], None
    if rest.startswith("^^<"):
        return lexical, None, rest[3:-1]
    return lexical, None, None


def _unescape(match: re.Match[str]) -> str:
    token = match.group(0)
    if token[1] in "uU":
        return chr(int(token[2:], 16))  # noqa: FURB166 -- "\\u" and "\\U", not "0x"
    return _UNESCAPES[token]


def triple_line(triple: Triple) -> str:
    """One N-Triples line (no newline)."""
    return f"{triple[0]} {triple[1]} {triple[2]} ."

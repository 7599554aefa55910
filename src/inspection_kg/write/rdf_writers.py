"""The Turtle and TriG files, written by pyoxigraph's serialisers, and our own compact
JSON-LD writer, all fed block by block (graphs.py).

Every block is sorted by subject, each subject's rdf:type triples first, and holds all
triples of its subjects, so a writer only ever looks at consecutive triples: one pass,
no graph in memory, and the bytes depend only on the input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import BinaryIO, Literal, TextIO

import pyoxigraph

from ..model.terms import RDF_TYPE, XSD_STRING, Triple, iri, literal_parts

# Prefix names valid in Turtle, and never a JSON-LD keyword or an IRI scheme with "//".
_PREFIX_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# JSON-LD 1.1 uses a simple term as a prefix only when its IRI ends in a gen-delim.
_GEN_DELIMS = frozenset(":/?#[]@")
# Compacted IRIs are remembered, but a corpus has millions: start afresh past this.
_CACHE_LIMIT = 1 << 16

_encode_json_string: Callable[[str], str] = json.encoder.encode_basestring


def _check_prefixes(prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefix table, sorted by prefix; a name or namespace no syntax can carry is a bug."""
    for prefix, namespace in prefixes.items():
        if not _PREFIX_NAME.fullmatch(prefix):
            raise ValueError(f"not a usable prefix name: {prefix!r}")
        iri(namespace)  # raises on characters an IRI may not hold
    return dict(sorted(prefixes.items()))


class TerseWriter:
    """A Turtle file (from each block's N-Triples) or a TriG file (from each block's
    N-Quads), written by pyoxigraph: it groups a subject's consecutive triples with `;`
    and a predicate's objects with `,`, writes rdf:type as `a`, shortens IRIs by the
    longest prefix that gives a valid local name, and writes an xsd:integer bare (rdflib
    reads a bare 007 back as 7: the builder's integers are canonical, terms.integer).

    Each block is one call of pyoxigraph.serialize, which opens with every prefix line;
    that header (the same text for every block, checked) is dropped, and the prefixes
    are written once at the top, sorted by name. A blank line goes between statements
    and between graphs, as in rdflib's Turtle: pyoxigraph escapes every line break inside
    a literal, so " .\n" ends a statement and nothing else (~0.1 µs a triple, measured).
    """

    def __init__(
        self, stream: BinaryIO, syntax: Literal["turtle", "trig"], prefixes: Mapping[str, str]
    ) -> None:
        self._prefixes = _check_prefixes(prefixes)
        self._stream = stream
        formats = pyoxigraph.RdfFormat
        self._input, self._output = (
            (formats.N_TRIPLES, formats.TURTLE) if syntax == "turtle" else (formats.N_QUADS, formats.TRIG)
        )
        # One statement in the default graph: the header is all but its one line (none
        # without prefixes).
        opening = self._serialize(b"<urn:x> <urn:x> <urn:x> .\n")
        self._header = opening[: opening.rfind(b"\n", 0, -1) + 1]
        stream.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in self._prefixes.items()).encode())

    def _serialize(self, text: bytes) -> bytes:
        # lenient: the lines are our own, made by terms.py; a checking parse costs 0.5 µs a
        # triple more (measured), and `validate` parses every file with every check.
        quads = pyoxigraph.parse(text, format=self._input, lenient=True)
        return pyoxigraph.serialize(quads, format=self._output, prefixes=self._prefixes) or b""

    def write(self, text: bytes) -> None:
        """One block as N-Triples (Turtle), or one graph as N-Quads (TriG), in reading order."""
        block = self._serialize(text)
        if not block:
            return
        if not block.startswith(self._header):
            raise RuntimeError("pyoxigraph began a block with other prefix lines than the first")
        body = block[len(self._header) :]
        if self._output == pyoxigraph.RdfFormat.TURTLE:
            self._stream.write(b"\n" + body.replace(b" .\n", b" .\n\n")[:-1])
        else:  # "<graph> {", its statements one tab in, "}"
            self._stream.write(b"\n" + body.replace(b" .\n\t", b" .\n\n\t"))


class _IriCompactor:
    """Plain IRI → (prefix, local) by the longest matching namespace, when the local
    part passes ``local_ok``; None otherwise. One regex alternation, longest first,
    finds the namespace (Python's re takes the first alternative that matches)."""

    def __init__(self, prefixes: Mapping[str, str], local_ok: Callable[[str], bool]) -> None:
        # One prefix per namespace; the first in sorted order, so the choice is stable.
        self._prefix_of: dict[str, str] = {}
        for prefix, namespace in sorted(prefixes.items()):
            self._prefix_of.setdefault(namespace, prefix)
        namespaces = sorted(self._prefix_of, key=lambda ns: (-len(ns), ns))
        self._namespace = re.compile("|".join(map(re.escape, namespaces))) if namespaces else None
        self._local_ok = local_ok

    def split(self, value: str) -> tuple[str, str] | None:
        if self._namespace is None:
            return None
        match = self._namespace.match(value)
        if match is None:
            return None
        local = value[match.end() :]
        if not self._local_ok(local):
            return None
        return self._prefix_of[match.group()], local


def _by_subject(triples: Sequence[Triple]) -> Iterator[tuple[str, list[str], list[tuple[str, list[str]]]]]:
    """Each subject of triples sorted by subject with its classes (IRI objects of rdf:type)
    and its other predicates, each with its objects, in input order; unsorted input is
    refused."""
    subject = predicate = ""
    classes: list[str] = []
    groups: list[tuple[str, list[str]]] = []
    objects: list[str] = []
    for s, p, o in triples:
        if s != subject:
            if subject:
                yield subject, classes, groups
                if s < subject:
                    raise ValueError(f"triples are not sorted: {s} after {subject}")
            subject, predicate, classes, groups = s, "", [], []
        if p == RDF_TYPE and o[:1] == "<":
            classes.append(o)
        elif p == predicate:
            objects.append(o)
        else:
            predicate, objects = p, [o]
            groups.append((p, objects))
    if subject:
        yield subject, classes, groups


def _next_block(last_subject: str, triples: Sequence[Triple]) -> str:
    """The last subject of a block for the union writers, which need all triples of a
    subject in one block: a block that starts with the previous block's last subject
    is refused."""
    if triples[0][0] == last_subject:
        raise ValueError(f"the triples of {last_subject} came in two blocks")
    return triples[-1][0]


def _jsonld_suffix_ok(suffix: str) -> bool:
    # 'p://x' would read as an absolute IRI with scheme p, not as a compact IRI.
    return not suffix.startswith("//")


class JsonLdWriter:
    """A JSON-LD 1.1 document compacted against a prefix context: one node object per
    subject in "@graph", each laid out as ``json.dumps(node, indent=2, sort_keys=True,
    ensure_ascii=False)`` would, but built as text (that json.dumps is pure Python).

    Our own, because no library writes it: pyoxigraph 0.5's JSON-LD is expanded (every
    IRI in full, no context; its ``prefixes`` are ignored), and the serialiser of its next
    version puts the prefixes in a context but still spells every IRI in full."""

    def __init__(self, stream: TextIO, context: Mapping[str, str]) -> None:
        table = _check_prefixes(context)
        self._stream = stream
        usable = {prefix: ns for prefix, ns in table.items() if ns[-1:] in _GEN_DELIMS}
        self._compactor = _IriCompactor(usable, _jsonld_suffix_ok)
        self._prefixes = frozenset(table)
        self._iris: dict[str, str] = {}  # IRI term → JSON string of its compact IRI
        self._references: dict[str, str] = {}  # IRI term → its {"@id": …} value text
        self._typed_heads: dict[str, str] = {}  # datatype IRI → value text up to "@value"
        self._vocabulary: dict[str, str] = {}  # predicate or class term → compact IRI; few distinct
        self._last_subject = ""
        self._wrote_node = False
        context_text = json.dumps(table, indent=2, ensure_ascii=False)
        stream.write(f'{{"@context": {context_text},\n"@graph": [\n')

    def _compact(self, value: str) -> str:
        """A plain IRI as the string JSON-LD expands back to it."""
        parts = self._compactor.split(value)
        if parts is not None:
            return f"{parts[0]}:{parts[1]}"
        scheme, colon, rest = value.partition(":")
        if "\\" in value or (colon and scheme in self._prefixes and not rest.startswith("//")):
            raise ValueError(f"IRI cannot be written in this JSON-LD context: {value!r}")
        return value

    def _iri(self, term: str) -> str:
        text = self._iris.get(term)
        if text is None:
            if term[:1] != "<":
                raise ValueError(f"not an IRI term (blank nodes are not written): {term!r}")
            text = _encode_json_string(self._compact(term[1:-1]))
            if len(self._iris) >= _CACHE_LIMIT:
                self._iris.clear()
            self._iris[term] = text
        return text

    def _term_name(self, term: str) -> str:
        """A predicate or class as a key or "@type" entry (unquoted)."""
        name = self._vocabulary.get(term)
        if name is None:
            if term[:1] != "<":
                raise ValueError(f"not an IRI term: {term!r}")
            name = self._vocabulary[term] = self._compact(term[1:-1])
        return name

    def _value(self, term: str) -> str:
        """An object as a value of a node's property array (items indented by 4)."""
        if term[:1] == '"':
            lexical, language, datatype = literal_parts(term)
            value = _encode_json_string(lexical)
            if language is not None:
                return (
                    '{\n      "@language": '
                    + _encode_json_string(language)
                    + ',\n      "@value": '
                    + value
                    + "\n    }"
                )
            if datatype is None or datatype == XSD_STRING:
                return value
            head = self._typed_heads.get(datatype)
            if head is None:
                head = '{\n      "@type": ' + self._iri(f"<{datatype}>") + ',\n      "@value": '
                self._typed_heads[datatype] = head
            return head + value + "\n    }"
        reference = self._references.get(term)
        if reference is None:
            reference = '{\n      "@id": ' + self._iri(term) + "\n    }"
            if len(self._references) >= _CACHE_LIMIT:
                self._references.clear()
            self._references[term] = reference
        return reference

    def write(self, triples: Sequence[Triple]) -> None:
        """Sorted triples holding all triples of their subjects: one node per subject."""
        if not triples:
            return
        self._last_subject = _next_block(self._last_subject, triples)
        value_text, term_name = self._value, self._term_name
        nodes = [
            self._node(
                subject,
                [term_name(c) for c in classes],
                {term_name(p): [value_text(o) for o in objects] for p, objects in groups},
            )
            for subject, classes, groups in _by_subject(triples)
        ]
        text = ",\n".join(nodes)
        self._stream.write(",\n" + text if self._wrote_node else text)
        self._wrote_node = True

    def _node(self, subject: str, classes: list[str], properties: dict[str, list[str]]) -> str:
        parts = ['{\n  "@id": ', self._iri(subject)]
        if classes:
            names = ",\n    ".join(map(_encode_json_string, sorted(classes)))
            parts += [',\n  "@type": [\n    ', names, "\n  ]"]
        for name in sorted(properties):
            values = ",\n    ".join(properties[name])
            parts += [",\n  ", _encode_json_string(name), ": [\n    ", values, "\n  ]"]
        parts.append("\n}")
        return "".join(parts)

    def close(self) -> None:
        """End the "@graph" array and the document (the stream stays open)."""
        self._stream.write("\n]}\n" if self._wrote_node else "]}\n")

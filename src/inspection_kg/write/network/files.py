"""The property graph's files: GraphML (Gephi, yEd, Cytoscape) and node-link JSON
(networkx, D3), each byte for byte what networkx's own writer makes of the same graph.

Why our own writers and not networkx's (issue 14, measured by tests/bench_network.py on
the project's 2-core machine, networkx 3.6.1, 1,000 generated notices: 81,189 nodes,
554,271 edges, files of 249 and 186 MB, best of 3 fresh processes, two runs): these
write both files in 1.1 s (1.2 s) with a peak of 23 MB traced; making the two
MultiDiGraphs and running nx.write_graphml and nx.node_link_data + json.dump takes
11.3 s (14.6 s): 1.9 s the graphs, 6.3 s GraphML, 3.1 s node-link, and peaks at 1.5 GB
(GraphML's writer builds the whole ElementTree), for the same bytes: 10 s more, and
~1.5 GB more for a build whose peak is ~0.6 GB (target ≤ 1 GB). So both files are
written line by line, in chunks, never held whole; tests/test_network.py checks they
stay identical to networkx's output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import BinaryIO

from .attributes import AttributeValue
from .projection import PropertyGraph

_WRITE_CHUNK = 4096  # lines per write: a large graph is never held as one string
_GRAPHML_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
# Exactly what json.dumps(ensure_ascii=False) makes of a string.
_json_string: Callable[[str], str] = json.JSONEncoder(ensure_ascii=False).encode


def _xml_text(text: str) -> str:
    """Character data escaped as xml.etree writes it (networkx's GraphML writer)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _xml_attribute(text: str) -> str:
    """An attribute value escaped as xml.etree writes it."""
    text = _xml_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _xml_data(key_id: str, value: AttributeValue) -> str:
    """One ``<data>`` line of a node or an edge."""
    text = _xml_text(str(value))
    if not text:  # xml.etree closes an empty element in place
        return f'      <data key="{key_id}" />\n'
    return f'      <data key="{key_id}">{text}</data>\n'


class _Lines:
    """Text lines gathered and written to a binary stream in chunks."""

    def __init__(self, stream: BinaryIO, errors: str) -> None:
        self.stream = stream
        self.errors = errors
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= _WRITE_CHUNK:
            self.flush()

    def flush(self) -> None:
        self.stream.write("".join(self.lines).encode("utf-8", self.errors))
        self.lines.clear()


def write_graphml(graph: PropertyGraph, stream: BinaryIO) -> None:
    """GraphML as networkx's pure-Python writer makes it (``write_graphml(...,
    infer_numeric_types=True)``; one serialiser whatever is installed). A key whose
    values differ in type is a string everywhere (GraphML declares one type per key).
    Edge ids are ``source key target``: GraphML wants them unique, and Gephi drops
    edges whose id repeats. The stream is left open."""
    key_ids: dict[str, int] = {}
    text_keys: set[str] = set()
    for node_attributes in graph.attributes:
        if node_attributes is None:
            continue
        for name, value in zip(*node_attributes, strict=True):
            if name not in key_ids:
                key_ids[name] = len(key_ids)
            if type(value) is not int:
                text_keys.add(name)
    declared = [
        (f"d{index}", "node", name, "string" if name in text_keys else "long")
        for name, index in key_ids.items()
    ]
    predicate_key = f"d{len(key_ids)}"
    if graph.edges:
        declared.append((predicate_key, "edge", "predicate", "string"))

    out = _Lines(stream, "xmlcharrefreplace")  # as xml.etree encodes
    out.add(_GRAPHML_HEADER)
    for key_id, scope, name, kind in reversed(declared):  # networkx inserts each key first
        out.add(
            f'  <key id="{key_id}" for="{scope}" attr.name="{_xml_attribute(name)}" attr.type="{kind}" />\n'
        )
    if not graph.iris:
        out.add('  <graph edgedefault="directed" />\n</graphml>\n')
        out.flush()
        return
    out.add('  <graph edgedefault="directed">\n')
    node_ids = [_xml_attribute(iri) for iri in graph.iris]
    data_keys = {name: f"d{index}" for name, index in key_ids.items()}
    for node_id, node_attributes in zip(node_ids, graph.attributes, strict=True):
        if node_attributes is None:
            out.add(f'    <node id="{node_id}" />\n')
            continue
        out.add(f'    <node id="{node_id}">\n')
        for name, value in zip(*node_attributes, strict=True):
            out.add(_xml_data(data_keys[name], value))
        out.add("    </node>\n")
    predicate_ids = [_xml_attribute(p) for p in graph.predicates]
    predicate_data = [_xml_data(predicate_key, p) for p in graph.predicates]
    for source, target, predicate in graph.edge_triples():
        source_id, target_id = node_ids[source], node_ids[target]
        out.add(
            f'    <edge source="{source_id}" target="{target_id}"'
            f' id="{source_id} {predicate_ids[predicate]} {target_id}">\n'
            f"{predicate_data[predicate]}    </edge>\n"
        )
    out.add("  </graph>\n</graphml>\n")
    out.flush()


def write_node_link(graph: PropertyGraph, stream: BinaryIO) -> None:
    """Node-link JSON (networkx's ``node_link_data``, edges under "links"), the form
    D3 and most JavaScript graph libraries load, as ``json.dumps(indent=2,
    sort_keys=True, ensure_ascii=False)`` writes it: nodes and links sorted, keys
    sorted, non-ASCII kept as UTF-8 so labels stay readable. The stream is left
    open."""
    out = _Lines(stream, "strict")
    out.add('{\n  "directed": true,\n  "graph": {},\n')
    iris = [_json_string(iri) for iri in graph.iris]
    predicates = [_json_string(p) for p in graph.predicates]
    if graph.edges:
        out.add('  "links": [\n')
        separator = ""
        for source, target, predicate in graph.edge_triples():
            key = predicates[predicate]
            out.add(
                f'{separator}    {{\n      "key": {key},\n      "predicate": {key},\n'
                f'      "source": {iris[source]},\n      "target": {iris[target]}\n    }}'
            )
            separator = ",\n"
        out.add("\n  ],\n")
    else:
        out.add('  "links": [],\n')
    out.add('  "multigraph": true,\n')
    if graph.iris:
        out.add('  "nodes": [\n')
        names: dict[str, str] = {}
        separator = ""
        for iri, node_attributes in zip(iris, graph.attributes, strict=True):
            fields = [("id", iri)]
            if node_attributes is not None:
                fields.extend(
                    (name, _json_string(value) if type(value) is str else str(value))
                    for name, value in zip(*node_attributes, strict=True)
                )
                fields.sort(key=lambda field: field[0])
            body = ",\n".join(
                f"      {names.get(name) or names.setdefault(name, _json_string(name))}: {value}"
                for name, value in fields
            )
            out.add(f"{separator}    {{\n{body}\n    }}")
            separator = ",\n"
        out.add("\n  ]\n}\n")
    else:
        out.add('  "nodes": []\n}\n')
    out.flush()

"""The dataset as named graphs, so users can tell what a notice states from what the
builder adds (README, "Named graphs").

- ``…/graph/{notice}/stated``: facts read from the notice's words (title, number,
  date, each practice's wording, ordinal and attribution text);
- ``…/graph/{notice}/added``: the builder's reading of those words (which agent an
  attribution names, which regions a practice concerns, the document type);
- ``…/graph/{notice}/inferred``: facts inferred by rules, not read (theme
  assignments, each typed ikg:InferredFact with its rule and matched words);
- ``…/graph/{notice}/provenance``: where each fact was read (Web Annotations,
  the source text and its checksum);
- ``…/graph/reference``: curated and tabled reference data shared by all notices
  (regions from the division table, organisations, concept schemes);
- ``…/graph/wikidata-links``: skos:exactMatch links to Wikidata items (a void:Linkset);
- ``…/graph/dataset``: the description of the dataset itself (DCAT, VoID, PROV).
"""

from __future__ import annotations

from rdflib import Graph

from .vocab import new_graph


class NamedGraphs:
    """Named graphs that share one prefix table, created on first use."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self._prefixes = prefixes
        self._graphs: dict[str, Graph] = {}

    def graph(self, name: str) -> Graph:
        if name not in self._graphs:
            self._graphs[name] = new_graph(self._prefixes)
        return self._graphs[name]

    def names(self) -> list[str]:
        """Graph IRIs in sorted order (the order of every file that lists them)."""
        return sorted(self._graphs)

    def items(self) -> list[tuple[str, Graph]]:
        return [(name, self._graphs[name]) for name in self.names()]

    def union(self, names: list[str] | None = None) -> Graph:
        """One graph of the triples of ``names`` (default: every graph)."""
        merged = new_graph(self._prefixes)
        for name in names if names is not None else self.names():
            for triple in self._graphs[name]:
                merged.add(triple)
        return merged

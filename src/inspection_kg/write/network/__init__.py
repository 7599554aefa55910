"""The knowledge graph as a property graph, for network analysis and for graph tools
that do not read RDF: GraphML (Gephi, yEd, Cytoscape) and node-link JSON.

Nodes are the IRI resources of the knowledge: practices, the notice and its
expression, the inspection campaign, organisations, regions and concepts. The
provenance plumbing (Web Annotations, their targets and selectors, the source text
they index and its checksum) and any description of the dataset itself (DCAT, VoID,
the PROV record of a build, and what only they mention, such as its licence and
publisher) are left out, a rule-inferred theme assignment is one edge
(practice → theme, ``ikg:assignedTheme``) rather than a node, and a subject placement
leaves only the practice's ``dcterms:subject`` edges: they say where and how
facts were read and published, not what the notice says, and as nodes they would
outnumber the knowledge and turn every centrality or community measure into a
measure of our bookkeeping. The RDF files keep them; this projection is the
knowledge itself.

In the order the build uses them:

- ``builder``: ``PropertyGraphBuilder`` takes the triples block by block (any order
  and batching gives the same graph) into the compact ``columns``;
- ``projection``: what only the whole graph decides, and the ordered ``PropertyGraph``;
- ``attributes``: how a node's types and literals become its attributes;
- ``files``: the GraphML and node-link writers.

Every output is deterministic: nodes, edges and attribute keys are written in
sorted order, so the bytes depend neither on PYTHONHASHSEED nor on the order the
triples came in.
"""

from .attributes import curie
from .builder import PropertyGraphBuilder
from .files import write_graphml, write_node_link
from .projection import PropertyGraph

__all__ = ["PropertyGraph", "PropertyGraphBuilder", "curie", "write_graphml", "write_node_link"]

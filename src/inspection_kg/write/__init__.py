"""The RDF files, the property graph, the pictures and the ontology page."""

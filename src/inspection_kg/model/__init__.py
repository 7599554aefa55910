"""Terms and IRIs, the vocabulary table, records → triples in named graphs, provenance, the dataset description."""

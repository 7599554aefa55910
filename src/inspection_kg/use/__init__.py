"""SHACL validation, the embedded query engine and its store, the server, pushing to other stores, reviewing notices."""

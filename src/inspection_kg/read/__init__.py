"""Find and decode notice files; text → typed records (frozen dataclasses with line and offset spans). No rdflib."""

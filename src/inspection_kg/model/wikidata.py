"""Joining with Wikidata: the P442 form of a division code, and the verified QIDs of
province-level units (data/curated/provinces.yaml, each with its source)."""

from __future__ import annotations

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
# The Wikidata dataset as a VoID target of the link set.
WIKIDATA_DATASET = "http://www.wikidata.org/"


def wikidata_division_code(code: str) -> str:
    """A GB/T 2260 code as Wikidata's P442 stores it: two-digit levels separated by
    spaces, trailing all-zero levels dropped (410000 → "41", 410900 → "41 09",
    350428 → "35 04 28"); format as documented on Property talk:P442."""
    levels = [code[0:2], code[2:4], code[4:6]]
    while len(levels) > 1 and levels[-1] == "00":
        levels.pop()
    return " ".join(levels)

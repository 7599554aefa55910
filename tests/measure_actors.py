"""How well actors are read, measured on real and generated text (run by hand; README,
"How actors are read"):

    python -m tests.measure_actors [--notices 50]

For each real notice: items whose actors (text, organisations, regions) equal the hand-made
list. For the segmenter alone (as if no table knew any name): items of one actor whose
printed actor the segmenter ends right. For a generated corpus: items whose regions equal
what the generator wrote.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from inspection_kg.pipeline import read_notice
from inspection_kg.resolve.names import name_index

from .conftest import ACTOR_LISTS, REAL_NOTICES, read_actor_list
from .corpus import generate_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=50, help="generated notices (default 50)")
    args = parser.parse_args()
    for path in sorted(REAL_NOTICES.glob("*.txt")):
        reading = read_notice(path)
        expected = read_actor_list(ACTOR_LISTS / f"{path.stem}.tsv")
        exact = segmenter = single = 0
        names = name_index(reading.notice.division_year)
        for item, want in zip(reading.notice.items, expected, strict=True):
            got = (
                item.actor_span.text,
                tuple(a.agent.key for a in item.actors if a.agent),
                tuple(d.code for a in item.actors for d in a.regions),
            )
            exact += got == (want.attribution, want.agents, tuple(c[0][0] for c in want.regions))
            if "、" not in want.attribution:
                single += 1
                segmenter += names.unknown_name_end(item.item.label.text, 0) == len(want.attribution)
        total = len(expected)
        print(
            f"{path.stem}: {exact}/{total} items read as the hand-made list; segmenter alone ends "
            f"{segmenter}/{single} single-actor items right ({segmenter / single:.0%})"
        )
    with tempfile.TemporaryDirectory() as folder:
        corpus = generate_corpus(Path(folder), args.notices)
        right = total = 0
        for notice in corpus:
            reading = read_notice(Path(folder) / f"{notice.name}.txt")
            for item in reading.notice.items:
                total += 1
                right += [d.code for a in item.actors for d in a.regions] == notice.expected[
                    item.item.ordinal
                ]
        print(f"generated corpus ({args.notices} notices): {right}/{total} items read as generated")


if __name__ == "__main__":
    main()

"""How well practices are placed on gov.cn's subject classification, against the hand labels
(run by hand; README, "Subjects"):

    python -m tests.measure_subjects [--misses]

Each lexicon written from one notice is measured on the other notice (held out) and on the
practices of other notices; the lexicon the build uses, written from both, on all three.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from inspection_kg.resolve.subject_scheme import load_subject_lexicon, load_subject_scheme

from .subject_agreement import SINGLE_NOTICE_LEXICONS, agreement, labelled_notice, labelled_unseen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the practices whose top category differs")
    args = parser.parse_args()
    groups = {number: labelled_notice(number) for number in SINGLE_NOTICE_LEXICONS}
    groups["other notices"] = labelled_unseen()
    lexicons: dict[str, Path | None] = {
        f"from {number} alone": path for number, path in SINGLE_NOTICE_LEXICONS.items()
    }
    lexicons["the build's (both notices)"] = None
    scheme = load_subject_scheme()
    print("lexicon | practices of | n | top category | subcategory")
    for name, path in lexicons.items():
        lexicon = load_subject_lexicon(path)
        for group, labelled in groups.items():
            held_out = (
                "held out"
                if path is not None and group not in name or path is None and group == "other notices"
                else "seen"
            )
            result = agreement(lexicon, labelled)
            print(
                f"{name} | {group} ({held_out}) | {result.total} | {result.top} ({result.share(result.top):.1%})"
                f" | {result.sub} ({result.share(result.sub):.1%})"
            )
            if args.misses:
                for practice, primary in result.misses:
                    print(
                        f"    {practice.key}: {practice.text} — labelled {scheme.path_zh(practice.primary)}, placed {scheme.path_zh(primary)}"
                    )


if __name__ == "__main__":
    main()

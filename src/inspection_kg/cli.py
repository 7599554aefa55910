"""Command line: `inspection-kg build …`, `inspection-kg validate …`. Maps errors to exit codes (README, "Errors")."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import __version__
from .errors import InspectionKgError
from .iri import DEFAULT_BASE_IRI
from .pipeline import DEFAULT_OUT_DIR, build
from .validate import validate_dataset_dir

EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspection-kg",
        description="Build a linked-data knowledge graph from State Council notices "
        "that commend typical practices found by grand inspections (大督查).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_cmd = commands.add_parser(
        "build",
        help="build the dataset from notice texts",
        description="Parse, resolve and map notices and write the dataset.",
        epilog="example: inspection-kg build data/notices/guobanfa-2020-46.txt --out /tmp/kg",
    )
    build_cmd.add_argument(
        "notices",
        nargs="*",
        type=Path,
        metavar="NOTICE",
        help="notice .txt files or folders of them (default: every data/notices/*.txt)",
    )
    build_cmd.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT_DIR,
        metavar="DIR",
        help="folder to write the dataset into, laid out as output/ (default: output/)",
    )
    build_cmd.add_argument(
        "--base-iri",
        default=DEFAULT_BASE_IRI,
        metavar="IRI",
        help=f"base of every data IRI (default: {DEFAULT_BASE_IRI})",
    )
    build_cmd.add_argument(
        "--allow-unresolved",
        action="store_true",
        help="keep actors that match no division or curated organisation, verbatim and "
        "flagged with ikg:unresolvedActorText, instead of stopping",
    )
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")

    validate_cmd = commands.add_parser(
        "validate",
        help="check a built dataset against the SHACL shapes",
        description="Check that every RDF file of a built dataset parses and holds the same graph, "
        "that every distribution of its DCAT record exists, and that the graph conforms to "
        "ontology/shapes.ttl. Exit code 1 lists each violation: shape, node, path, rule.",
        epilog="example: inspection-kg validate output/",
    )
    validate_cmd.add_argument(
        "dataset",
        nargs="?",
        type=Path,
        default=DEFAULT_OUT_DIR,
        metavar="DIR",
        help="the folder inspection-kg build wrote (default: output/)",
    )
    validate_cmd.add_argument("-q", "--quiet", action="store_true", help="print nothing when it conforms")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            result = build(
                args.notices, args.out, base_iri=args.base_iri, allow_unresolved=args.allow_unresolved
            )
            if not args.quiet:
                print(
                    f"built {result.notices} notice(s), {result.practices} practices, "
                    f"{result.triples} triples into {args.out} (SHACL: conforms)",
                    file=sys.stderr,
                )
        elif args.command == "validate":
            report = validate_dataset_dir(args.dataset)
            if not report.conforms:
                print(f"inspection-kg: {args.dataset} does not conform:", file=sys.stderr)
                print(report.render(), file=sys.stderr)
                return EXIT_INVALID
            if not args.quiet:
                print(f"{args.dataset}: conforms to ontology/shapes.ttl", file=sys.stderr)
        return EXIT_OK
    except InspectionKgError as error:
        print(f"inspection-kg: error: {error.render()}", file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(f"inspection-kg: error: {error.filename or ''}: {error.strerror}", file=sys.stderr)
        return EXIT_INPUT
    except Exception:  # noqa: BLE001 -- a bug, not bad input: show where, ask for a report
        traceback.print_exc()
        print("inspection-kg: internal error; please report it with the command you ran", file=sys.stderr)
        return EXIT_INTERNAL

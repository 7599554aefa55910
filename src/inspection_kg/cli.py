"""Command line: `inspection-kg build …`. Maps errors to exit codes (README, "Errors")."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import __version__
from .errors import InspectionKgError
from .iri import DEFAULT_BASE_IRI
from .pipeline import DEFAULT_OUT_DIR, build

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL = 0, 2, 3


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
                    f"{result.triples} triples into {args.out}",
                    file=sys.stderr,
                )
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

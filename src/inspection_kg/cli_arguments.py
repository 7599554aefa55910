"""The command line's arguments: one subparser a command, with its help and an example, and
parse_arguments, which lets options stand between positionals. cli.py runs the commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .layout import DEFAULT_OUT_DIR
from .model.iri import DEFAULT_BASE_IRI
from .use.query import FORMATS

_NAMES_HELP = (
    "a YAML file of your own with departments: and bodies: that the curated lists lack, in their "
    'form (README, "Names of your own")'
)


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
    build_cmd.add_argument(
        "--formats",
        metavar="LIST",
        help="write only these data files, comma-separated: nt, nq, ttl, trig, jsonld (RDF; at least "
        "one), graphml, json (the property graph); default: all",
    )
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    build_cmd.add_argument("--names", type=Path, metavar="FILE", help=_NAMES_HELP)

    check_cmd = commands.add_parser(
        "check",
        help="show how every item of notices is read, without writing a dataset",
        description="Parse and resolve notices as a build would and print one line an item: the "
        "actors as printed, each organisation and region with its code and level, the rule that "
        "read it and the practice. Exit 0 when every actor resolved; 2, with every problem listed, "
        "otherwise.",
        epilog="example: inspection-kg check data/notices/guobanfa-2018-108.txt --format tsv",
    )
    check_cmd.add_argument(
        "notices", nargs="+", type=Path, metavar="NOTICE", help="notice .txt files or folders of them"
    )
    check_cmd.add_argument(
        "--format", choices=("table", "tsv"), default="table", help="output format (default: table)"
    )
    check_cmd.add_argument("--names", type=Path, metavar="FILE", help=_NAMES_HELP)

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

    query_cmd = commands.add_parser(
        "query",
        help="answer a SPARQL query over a built dataset (embedded Oxigraph, no server)",
        description="Run a SPARQL query over the union of the dataset's named graphs. The first "
        "query builds a persistent store in the cache folder ($XDG_CACHE_HOME/inspection-kg/stores, "
        "else ~/.cache/…); later ones open it read-only. Updates are refused.",
        epilog="examples: inspection-kg query --name practices-per-province; "
        "inspection-kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv",
    )
    # QUERY and DATASET are both optional positionals: which is which depends on whether
    # --file, --name or --list gave the query (resolved in cli._query).
    query_cmd.add_argument(
        "positional",
        nargs="*",
        metavar="[QUERY] [DATASET]",
        help="the query text; the dataset folder (default: output/)",
    )
    source = query_cmd.add_mutually_exclusive_group()
    source.add_argument("--file", type=Path, metavar="F.rq", help="read the query from a file")
    source.add_argument("--name", metavar="NAME", help="a named query of queries/ (see --list)")
    source.add_argument("--list", action="store_true", help="list the named queries and their questions")
    query_cmd.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )
    query_cmd.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter of the named query (see --list), e.g. notice=国办发〔2020〕46号, "
        "notice='*' for every notice, region=410000; repeatable",
    )

    serve_cmd = commands.add_parser(
        "serve",
        help="serve a built dataset on 127.0.0.1: a page and RDF for every IRI, and a read-only SPARQL endpoint",
        description="Serve the dataset on 127.0.0.1: a home page at /, an HTML page for every IRI of the "
        "dataset under its base (and RDF by content negotiation or by .ttl, .jsonld, .nt), a query page at "
        "/sparql and the SPARQL 1.1 Protocol at /query (the oxigraph server, read-only, the union of the "
        "named graphs as default graph). Ctrl-C stops it.",
        epilog="example: inspection-kg serve --port 7878",
    )
    serve_cmd.add_argument("--port", type=int, default=7878, help="port on 127.0.0.1 (default: 7878)")
    serve_cmd.add_argument(
        "--timeout",
        type=float,
        default=30,
        metavar="SECONDS",
        help="a query (at /query or from the query page) is stopped after this long (default: 30)",
    )
    serve_cmd.add_argument(
        "dataset", nargs="?", type=Path, default=DEFAULT_OUT_DIR, metavar="DATASET", help="default: output/"
    )

    publish_cmd = commands.add_parser(
        "publish",
        help="write the pages and RDF of every IRI as a static site",
        description="Write the same pages as serve (HTML, plus .ttl, .jsonld and .nt beside each) as "
        "static files, with the dataset's files under download/ and an .htaccess for Apache hosts. "
        "Links are relative: the site opens from disk.",
        epilog="example: inspection-kg publish output/ --out site/",
    )
    publish_cmd.add_argument(
        "dataset", nargs="?", type=Path, default=DEFAULT_OUT_DIR, metavar="DATASET", help="default: output/"
    )
    publish_cmd.add_argument("--out", type=Path, required=True, metavar="SITE", help="the folder to write")

    load_cmd = commands.add_parser(
        "load",
        help="push a built dataset into a triple store (SPARQL 1.1 Graph Store Protocol)",
        description="Replace (or, with --append, add to) one named graph of a triple store with the "
        "dataset's triples, then read the graph back and check the count.",
        epilog="examples: inspection-kg load --endpoint http://127.0.0.1:7878/store; "
        "inspection-kg load --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --password dba",
    )
    load_cmd.add_argument("--endpoint", required=True, metavar="URL", help="the store's Graph Store endpoint")
    load_cmd.add_argument(
        "--graph",
        metavar="IRI",
        help="the named graph to fill (default: the dataset's own IRI from its description)",
    )
    load_cmd.add_argument("--user", metavar="U", help="user name (HTTP Digest or Basic authentication)")
    load_cmd.add_argument("--password", metavar="P", help="password")
    load_cmd.add_argument("--append", action="store_true", help="add to the graph instead of replacing it")
    load_cmd.add_argument(
        "dataset", nargs="?", type=Path, default=DEFAULT_OUT_DIR, metavar="DATASET", help="default: output/"
    )
    return parser


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """Options may stand between or after positionals, as users type them
    (`query 'SELECT …' --format csv output/`): the command's own arguments are parsed
    intermixed, which argparse offers for a parser without subcommands only."""
    parser = _parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    if not argv or argv[0] not in commands:
        return parser.parse_args(argv)  # --version, --help, or a usage error
    args: argparse.Namespace = commands[argv[0]].parse_intermixed_args(argv[1:])
    args.command = argv[0]
    return args

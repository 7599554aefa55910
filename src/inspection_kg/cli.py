"""Command line: build, check, validate, query, serve, publish, load (their arguments: cli_arguments.py).
Maps errors to exit codes (README, "Exit codes and errors"). Each command imports what it needs only
when it runs, so `query` does not pay for the builder's libraries."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from .cli_arguments import parse_arguments
from .errors import ConfigError, InspectionKgError
from .layout import DEFAULT_OUT_DIR

EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    try:
        if getattr(args, "names", None) is not None:
            from .resolve.names import use_names_file

            use_names_file(args.names)
        if args.command == "build":
            from .layout import FORMAT_FILES
            from .pipeline import build, parse_formats

            formats = parse_formats(args.formats) if args.formats is not None else frozenset(FORMAT_FILES)
            show = not args.quiet and sys.stderr.isatty()
            started = time.monotonic()
            result = build(
                args.notices,
                args.out,
                base_iri=args.base_iri,
                allow_unresolved=args.allow_unresolved,
                progress=_progress if show else None,
                formats=formats,
            )
            if show:
                print("\r\033[K", end="", file=sys.stderr)
            for warning in result.warnings:  # even with --quiet: a guess the user should see
                print(f"inspection-kg: warning: {warning.render()}", file=sys.stderr)
            if not args.quiet:
                checked = (
                    "every notice"
                    if result.validated_notices == result.notices
                    else f"a sample of {result.validated_notices} notices"
                )
                earlier = (
                    f"; {result.earlier_names} actor(s) named as in an earlier year's division table"
                    if result.earlier_names
                    else ""
                )
                print(
                    f"built {result.notices} notice(s), {result.practices} practices, "
                    f"{result.triples} triples into {args.out} in {time.monotonic() - started:.1f} s "
                    f"(SHACL on {checked}: conforms{earlier})",
                    file=sys.stderr,
                )
                if result.dropped:
                    print(
                        f"removed {', '.join(result.dropped)} of an earlier build from {args.out}: "
                        "this build did not write them (--formats), so they no longer matched the data",
                        file=sys.stderr,
                    )
        elif args.command == "check":
            return _check(args)
        elif args.command == "validate":
            from .use.validate import validate_dataset_dir

            show = not args.quiet and sys.stderr.isatty()
            report = validate_dataset_dir(args.dataset, progress=_validated if show else None)
            if show and _PROGRESS_SHOWN:
                print("\r\033[K", end="", file=sys.stderr)
            if not report.conforms:
                print(f"inspection-kg: {args.dataset} does not conform:", file=sys.stderr)
                print(report.render(), file=sys.stderr)
                return EXIT_INVALID
            if not args.quiet:
                print(f"{args.dataset}: conforms to ontology/shapes.ttl", file=sys.stderr)
        elif args.command == "query":
            return _query(args)
        elif args.command == "serve":
            from .use.server import serve

            return serve(args.dataset, args.port, timeout=args.timeout)
        elif args.command == "publish":
            from .use.publish import publish

            published = publish(args.dataset, args.out)
            print(
                f"{published.folder}: {published.resources} resources, {published.files} files "
                f"in {published.seconds:.1f} s; open {published.folder / 'index.html'}",
                file=sys.stderr,
            )
        elif args.command == "load":
            return _load(args)
        return EXIT_OK
    except InspectionKgError as error:
        if _PROGRESS_SHOWN:
            print("\r\033[K", end="", file=sys.stderr)  # the error replaces the progress line
        print(f"inspection-kg: error: {error.render()}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # the reader went away (… | head): not an error
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        print(f"inspection-kg: error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INPUT
    except Exception:  # noqa: BLE001 -- a bug, not bad input: show where, ask for a report
        traceback.print_exc()
        print("inspection-kg: internal error; please report it with the command you ran", file=sys.stderr)
        return EXIT_INTERNAL


def _query(args: argparse.Namespace) -> int:
    from .use.parameter_check import checked_values
    from .use.query import (
        LATEST,
        bound_text,
        format_results,
        latest_notice,
        named_queries,
        named_query,
        parameter_values,
        run_query,
    )
    from .use.store import open_store

    if args.list:
        for query in named_queries().values():
            print(f"{query.name}\n    {query.question_zh}\n    {query.question_en}")
            for parameter in query.parameters:
                print(f"    --param {parameter.name}=… (default {parameter.default}): {parameter.meaning}")
        return EXIT_OK
    given = args.name is not None or args.file is not None
    positional = list(args.positional)
    if not given and not positional:
        raise ConfigError("no query given", fix="pass QUERY, --file F.rq or --name NAME (see --list)")
    if len(positional) > (1 if given else 2):
        raise ConfigError(f"too many arguments: {positional}", fix="quote the query; one DATASET folder")
    if args.param and not args.name:
        raise ConfigError(
            "--param is for named queries", fix="use --name NAME, or write the value in the query"
        )
    dataset = Path(positional[-1]) if len(positional) == (1 if given else 2) else DEFAULT_OUT_DIR
    named = named_query(args.name) if args.name else None  # an unknown name first, then the dataset
    store = open_store(dataset)
    if named is not None:
        passed = _parameters(args.param)
        values = checked_values(store, named, parameter_values(named, passed, lambda: latest_notice(store)))
        text, source = bound_text(named, values), str(named.path)
        if sys.stdout.isatty():  # say what a default chose, where a person reads the answer
            for parameter in named.parameters:
                if parameter.name not in passed and parameter.default == LATEST:
                    chosen = values.get(parameter.name, "*")
                    print(
                        f"# {parameter.name} = {chosen} (the most recent notice; "
                        f"--param {parameter.name}='*' for every notice)",
                        file=sys.stderr,
                    )
    elif args.file:
        try:
            text, source = args.file.read_text(encoding="utf-8"), str(args.file)
        except UnicodeDecodeError:
            raise ConfigError(f"{args.file} is not UTF-8 text", fix="save the query as UTF-8") from None
    else:
        text, source = positional[0], "query"
    results = run_query(store, text, source=source)
    sys.stdout.buffer.write(format_results(results, args.format))
    return EXIT_OK


def _parameters(pairs: list[str]) -> dict[str, str]:
    """NAME=VALUE pairs of --param, by name (the last of a repeated name wins)."""
    parameters = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise ConfigError(
                f"--param {pair!r} is not NAME=VALUE", fix="e.g. --param notice=国办发〔2020〕46号"
            )
        parameters[name.strip()] = value
    return parameters


def _check(args: argparse.Namespace) -> int:
    from .errors import InputErrors
    from .use.review import render_table, render_tsv, review_notices

    review = review_notices(args.notices)
    for line in review.notices:
        print(f"inspection-kg: {line}", file=sys.stderr)
    for warning in review.warnings:
        print(f"inspection-kg: warning: {warning.render()}", file=sys.stderr)
    render = render_tsv if args.format == "tsv" else render_table
    sys.stdout.write(render(review))
    sys.stdout.flush()
    if review.problems:
        problems = review.problems
        raise problems[0] if len(problems) == 1 else InputErrors(problems)
    return EXIT_OK


def _load(args: argparse.Namespace) -> int:
    from .use.remote import push

    graph = args.graph or _dataset_iri(args.dataset)
    result = push(
        args.dataset, args.endpoint, graph, user=args.user, password=args.password, append=args.append
    )
    if result.stored < result.sent or (not args.append and result.stored != result.sent):
        print(
            f"inspection-kg: error: {args.endpoint}: the store holds {result.stored} triples in <{graph}>, "
            f"we sent {result.sent} (fix: check the store's logs; it may have merged or dropped values)",
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(f"loaded {result.sent} triples into <{graph}> at {args.endpoint}", file=sys.stderr)
    return EXIT_OK


def _dataset_iri(dataset: Path) -> str:
    """The IRI of the dataset's dcat:Dataset, read from its RDF (N-Triples if it has them)."""
    from .use.remote import dataset_iri

    found = dataset_iri(dataset)
    if found is None:
        raise ConfigError(
            "no dcat:Dataset in the dataset's description", path=dataset, fix="pass --graph IRI"
        )
    return found


_PROGRESS_SHOWN = False
_STARTED = time.monotonic()  # progress shows seconds since the command started


def _progress(stage: str, done: int, total: int, triples: int) -> None:
    """One line on a terminal, rewritten in place: notices read, then notices and
    triples written, and the seconds since the command started."""
    global _PROGRESS_SHOWN
    if total > 1:
        _PROGRESS_SHOWN = True
        elapsed = time.monotonic() - _STARTED
        line = (
            f"read {done + 1}/{total} notices"
            if stage == "read"
            else f"wrote {done}/{total} notices, {triples:,} triples"
        )
        print(f"\r\033[K[{elapsed:.0f} s] {line}", end="", file=sys.stderr, flush=True)


def _validated(notices: int) -> None:
    """`validate` on a terminal: notices checked so far."""
    global _PROGRESS_SHOWN
    _PROGRESS_SHOWN = True
    elapsed = time.monotonic() - _STARTED
    print(f"\r\033[K[{elapsed:.0f} s] checked {notices} notices", end="", file=sys.stderr, flush=True)

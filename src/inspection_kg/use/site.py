"""The dataset as linked data for people and machines: one HTML page and three RDF forms
per IRI, a home page and a query page, made from SPARQL over the dataset's store.

`Site` answers a path with a `Response`; `serve` puts it behind HTTP and `publish` writes
its answers to files. Both go through the same code, so the static site and the server
show the same pages; only the links differ (``/id/x`` on a server, ``../id/x.html`` in
files opened from disk).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2
import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..errors import InputError
from ..model.vocab import IKG, OA, SCHEMA, VOCABULARY_PREFIXES, VOID, curie
from ..resources import ontology_file
from . import describe as d
from .geosparql import FUNCTIONS as GEOSPARQL_FUNCTIONS
from .links import DOWNLOAD, Links, Response
from .maps import china_map, province_map
from .negotiation import BY_EXTENSION, HTML, JSONLD, NTRIPLES, RDF_FORMS, TURTLE, Form, choose
from .notice_view import notice_practices, source_text
from .query import (
    EVERY,
    bound_text,
    format_results,
    is_update,
    latest_notice,
    named_queries,
    parameter_values,
)
from .upstream import QueryAnswer, QueryStopped

MAX_PATH = 1024  # longer request paths are refused (no IRI of ours comes near it)
MAX_PAGE = 100_000
MAX_FORM = 100_000  # bytes of a POSTed query form
SHOWN_ROWS = 500  # rows of a query answer shown on the query page
_TEMPLATES = Path(__file__).resolve().parent / "templates"
_PREFIX_LINES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in VOCABULARY_PREFIXES.items())


@dataclass(slots=True)
class Vocabulary:
    """Labels of the ontology's own terms and of the standard terms the data uses (zh, en),
    read from the ontology and from vocabulary-labels.ttl (the vocabularies' own English
    labels, with their sources, and our Chinese ones)."""

    store: ox.Store
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Vocabulary:
        store = ox.Store()
        store.load(path=str(ontology_file("inspection-kg.ttl")), format=ox.RdfFormat.TURTLE)
        labels_file = str(ontology_file("vocabulary-labels.ttl"))
        # in a graph of its own: the store also answers for the ontology's terms' pages
        # (describe(terms=…)), which read the default graph and must not show these labels
        store.load(
            path=labels_file, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:x-vocabulary-labels")
        )
        labels: dict[str, dict[str, str]] = {}
        for triple in store.quads_for_pattern(None, ox.NamedNode(str(RDFS.label)), None):
            if isinstance(triple.object, ox.Literal) and isinstance(triple.subject, ox.NamedNode):
                labels.setdefault(triple.subject.value, {})[triple.object.language or ""] = (
                    triple.object.value
                )
        return cls(store, labels)

    def label(self, iri: str, language: str = "zh") -> str:
        return self.labels.get(iri, {}).get(language, "")


def dataset_base(store: ox.Store) -> str:
    """The base IRI the dataset was built with: that of its void:Dataset, ``<base>dataset``."""
    answer = store.query(
        f"SELECT ?d WHERE {{ ?d a <{VOID.Dataset}> FILTER(STRENDS(STR(?d), '/dataset')) }} ORDER BY ?d LIMIT 1",
        use_default_graph_as_union=True,
    )
    assert isinstance(answer, ox.QuerySolutions)
    for row in answer:
        return str(row["d"].value)[: -len("dataset")]
    raise InputError("the dataset has no void:Dataset description", fix="rebuild it with inspection-kg build")


class Site:
    def __init__(
        self,
        store: ox.Store,
        dataset: Path | None = None,
        run_query: Callable[[str], QueryAnswer] | None = None,
    ) -> None:
        """``run_query`` runs the query page's queries (serve gives one with a time limit,
        in the SPARQL engine's process); without it they run here, in this process."""
        self.store = store
        self.dataset = dataset
        self.run_query = run_query or self._query_here
        self.base = dataset_base(store)
        self.vocabulary = Vocabulary.load()
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(_TEMPLATES),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.prefixes = {p: str(ns) for p, ns in VOCABULARY_PREFIXES.items()}
        self._maps: dict[bool, str] = {}  # the home page's map, by links.static
        self.prefixes["data"] = self.base + "id/"
        self._curies: dict[str, str] = {}

    # --- answering a request --------------------------------------------------------------

    def respond(self, raw_path: str, accept: str | None = None) -> Response:
        """The answer to a GET of ``raw_path`` (path and query string) on a server."""
        path, _, query_string = raw_path.partition("?")
        if len(raw_path) > MAX_PATH:
            return self._error(
                414, "路径太长 · The address is too long", "No resource of this dataset has one."
            )
        try:
            parameters = urllib.parse.parse_qs(query_string, keep_blank_values=True, max_num_fields=20)
        except ValueError:  # more fields than any page of ours reads
            return self._error(400, "参数有误 · Bad parameter", "Too many query parameters.")
        links = Links(self.base, static=False)
        if path in ("", "/"):
            return self._html(self.home_page(links))
        if path == "/sparql":
            return self.sparql_page(links, parameters)
        try:
            local = urllib.parse.unquote(path[1:], errors="strict")
        except UnicodeDecodeError:  # %FF and the like: no IRI of ours
            return self._not_found(path[1:])
        if local.startswith(DOWNLOAD):
            return self._download(local[len(DOWNLOAD) :])
        return self._resource(links, local, accept, parameters)

    def _resource(
        self, links: Links, local: str, accept: str | None, parameters: Mapping[str, list[str]]
    ) -> Response:
        iri, form = self._iri_and_form(local)
        if iri is None:
            return self._not_found(local)
        if form is None:
            form = choose(accept)
            if form is None:
                alternatives = ", ".join(f.media_type for f in (HTML, *RDF_FORMS))
                return Response(
                    406,
                    "text/plain; charset=utf-8",
                    f"406 Not Acceptable; offered: {alternatives}\n".encode(),
                )
        headers = (("Vary", "Accept"), ("Link", self._link_header(links, local)))
        if form is HTML:
            try:
                by, page = _paging(parameters)
            except ValueError as error:
                return self._error(400, "参数有误 · Bad parameter", str(error))
            body = self.resource_page(links, iri, by, page)
            return Response(200, HTML.content_type, body, headers)
        return Response(200, form.content_type, self.resource_rdf(iri, form), headers)

    def _iri_and_form(self, local: str) -> tuple[str | None, Form | None]:
        """The IRI a local path names, and the form its extension asks for (None: negotiate)."""
        for candidate, form in ((local, None), *self._without_extension(local)):
            iri = self._iri(candidate)
            if iri is not None and (self._is_term(iri) or d.exists(self.store, iri)):
                return iri, form
        return None, None

    @staticmethod
    def _without_extension(local: str) -> list[tuple[str, Form]]:
        stem, dot, extension = local.rpartition(".")
        if dot and extension in BY_EXTENSION:
            if stem.endswith("/index") or stem == "index":  # a folder's own IRI, as published
                stem = stem[: -len("index")]
            return [(stem, BY_EXTENSION[extension])]
        return []

    def _iri(self, local: str) -> str | None:
        iri = (
            str(IKG) + local[len("def/") :]
            if local == "def" or local.startswith("def/")
            else self.base + local
        )
        try:
            ox.NamedNode(iri)
        except ValueError:
            return None
        return iri

    def _is_term(self, iri: str) -> bool:
        return iri.startswith(str(IKG)) and (iri in self.vocabulary.labels or iri == str(IKG))

    def _download(self, name: str) -> Response:
        if self.dataset is None or "/" in name or name.startswith(".") or not (self.dataset / name).is_file():
            return self._not_found(DOWNLOAD + name)
        kind = {
            "ttl": TURTLE.content_type,
            "nt": NTRIPLES.content_type,
            "jsonld": JSONLD.content_type,
            "nq": "application/n-quads",
            "trig": "application/trig",
            "graphml": "application/graphml+xml",
            "json": "application/json",
            "svg": "image/svg+xml",
            "md": "text/markdown; charset=utf-8",
        }.get(name.rpartition(".")[2], "application/octet-stream")
        return Response(200, kind, b"", file=self.dataset / name)

    def _link_header(self, links: Links, local: str) -> str:
        stem = self._without_extension(local)[0][0] if self._without_extension(local) else local
        return ", ".join(
            f'<{links.to_local(stem, form.name)}>; rel="alternate"; type="{form.media_type}"'
            for form in RDF_FORMS
        )

    def _html(self, body: bytes, status: int = 200) -> Response:
        return Response(status, HTML.content_type, body)

    def _error(self, status: int, title: str, message: str) -> Response:
        links = Links(self.base, static=False)
        body = self._render("error.html", links, title=title, message=message, status=status)
        return self._html(body, status)

    def _not_found(self, local: str) -> Response:
        return self._error(
            404,
            "没有这个资源 · Not in this dataset",
            f"No resource of this dataset has the IRI <{self.base}{local[:200]}>.",
        )

    # --- pages ------------------------------------------------------------------------------

    def _render(self, template: str, links: Links, **context: object) -> bytes:
        page = self.templates.get_template(template).render(
            links=links, curie=self.curie, label=self.vocabulary.label, prefixes=self.prefixes, **context
        )
        return page.encode("utf-8")

    def curie(self, iri: str) -> str:
        shown = self._curies.get(iri)
        if shown is None:  # pages show the same few hundred IRIs over and over
            shown = self._curies[iri] = curie(iri, {"data": self.base + "id/"}) or iri
        return shown

    def triples(self, iri: str) -> list[ox.Triple]:
        """The resource's description as RDF (describe.description_triples)."""
        return d.description_triples(self.store, iri, terms=self.vocabulary.store)

    def resource_page(
        self,
        links: Links,
        iri: str,
        by: str | None = None,
        page: int = 1,
        triples: list[ox.Triple] | None = None,
    ) -> bytes:
        description = d.describe(self.store, iri, terms=self.vocabulary.store, predicate=by, page=page)
        triples = self.triples(iri) if triples is None else triples
        jsonld = ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]"
        local = links.local(iri) or ""
        alternates = [(form, links.to_local(local, form.name)) for form in RDF_FORMS]
        is_notice = any(t.text == str(IKG.Notice) for t in description.types)
        source = source_text(self.store, iri) if str(RDF.value) in description.properties else None
        title = description.label() or self.vocabulary.label(iri) or self.curie(iri)
        if source is not None and source.title:
            title = f"《{source.title}》原文"
        return self._render(
            "resource.html",
            links,
            d=description,
            iri=iri,
            practices=notice_practices(self.store, iri) if is_notice else [],
            source=source,
            rdf_value=str(RDF.value),
            oa=str(OA),
            commended_in=str(IKG.commendedIn),
            title=title,
            title_en=_in_language(description.labels, "en") or self.vocabulary.label(iri, "en"),
            alternates=alternates,
            jsonld=_script_safe(jsonld.decode("utf-8")),
            paged=by is not None,
            region_map=province_map(self.store, iri, links.href) if description.within is not None else None,
        )

    def resource_rdf(self, iri: str, form: Form, triples: list[ox.Triple] | None = None) -> bytes:
        triples = self.triples(iri) if triples is None else triples
        if form is TURTLE:
            # not the display-only "data:" prefix: its local names would need escaped slashes
            text = "\n".join(map(str, triples))
            used = {p: ns for p, ns in self.prefixes.items() if p != "data" and ns in text}
            return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b""
        if form is JSONLD:
            return ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]"
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""

    @cached_property
    def _home_context(self) -> dict[str, object]:
        dataset = self.base + "dataset"
        rows = _rows(
            self.store,
            f"""SELECT ?notice ?id ?title ?date (COUNT(?practice) AS ?practices) WHERE {{
                  ?notice a <{IKG.Notice}> ; <http://data.europa.eu/eli/ontology#id_local> ?id ;
                    <{DCTERMS.title}> ?title ; <http://data.europa.eu/eli/ontology#date_document> ?date .
                  OPTIONAL {{ ?practice <{IKG.commendedIn}> ?notice }}
                }} GROUP BY ?notice ?id ?title ?date ORDER BY DESC(?date) ?id""",
        )
        provinces = _rows(
            self.store,
            f"""SELECT ?region ?label ?code (COUNT(DISTINCT ?practice) AS ?practices) WHERE {{
                  ?region a <{SCHEMA.AdministrativeArea}> ; <{SKOS.notation}> ?code ;
                    <{SKOS.prefLabel}> ?label FILTER(LANG(?label) = "zh")
                  FILTER NOT EXISTS {{ ?region <{SKOS.broader}> ?parent }}
                  ?practice a <{IKG.Practice}> ; <{DCTERMS.spatial}>/<{SKOS.broader}>* ?region .
                }} GROUP BY ?region ?label ?code ORDER BY ?code""",
        )
        subjects = _rows(
            self.store,
            f"""SELECT ?subject ?notation ?label ?label_en (COUNT(DISTINCT ?practice) AS ?practices) WHERE {{
                  ?rule a <{IKG.SubjectRule}> ; <{IKG.assignedSubject}> ?any .
                  ?any <{SKOS.topConceptOf}> ?scheme .
                  ?subject <{SKOS.topConceptOf}> ?scheme ; <{SKOS.notation}> ?notation ;
                    <{SKOS.prefLabel}> ?label, ?label_en FILTER(LANG(?label) = "zh" && LANG(?label_en) = "en")
                  OPTIONAL {{ ?practice <{IKG.primarySubject}>/<{SKOS.broader}>? ?subject }}
                }} GROUP BY ?subject ?notation ?label ?label_en ORDER BY ?notation""",
        )
        facts = d.describe(self.store, dataset)
        counts = _rows(self.store, f"SELECT (COUNT(?p) AS ?n) WHERE {{ ?p a <{IKG.Practice}> }}")
        return {
            "dataset": dataset,
            "facts": facts,
            "notices": rows,
            "provinces": provinces,
            "subjects": subjects,
            "practice_count": counts[0]["n"] if counts else "0",
            "title": _in_language(facts.properties.get(str(DCTERMS.title), []), "zh"),
            "title_en": _in_language(facts.properties.get(str(DCTERMS.title), []), "en"),
            "about": _in_language(facts.properties.get(str(DCTERMS.description), []), "zh"),
            "about_en": _in_language(facts.properties.get(str(DCTERMS.description), []), "en"),
            "triples": next((v.text for v in facts.properties.get(str(VOID.triples), [])), ""),
        }

    def home_page(self, links: Links) -> bytes:
        picture = self._maps.get(links.static)
        if picture is None:  # drawn once per kind of link (server, static files), not per request
            picture = china_map(self.store, links.href, lambda code: f"{self.base}id/region/{code}")
            self._maps[links.static] = picture
        return self._render(
            "home.html", links, served=not links.static, china_map=picture, **self._home_context
        )

    def sparql_form(self, body: bytes) -> Response:
        """The query page's form, POSTed (a named query is 1–3 KB encoded: too long for a GET
        path), answered as the page with its result table."""
        if len(body) > MAX_FORM:
            return self._error(413, "查询太长 · The query is too long", f"At most {MAX_FORM // 1000} KB.")
        try:
            text = body.decode("utf-8")
            parameters = urllib.parse.parse_qs(text, keep_blank_values=True, max_num_fields=20)
        except (UnicodeDecodeError, ValueError):
            return self._error(400, "参数有误 · Bad parameter", "The form is not UTF-8 form data.")
        return self.sparql_page(Links(self.base, static=False), parameters)

    def sparql_page(self, links: Links, parameters: Mapping[str, list[str]]) -> Response:
        queries = named_queries()
        name = _one(parameters, "name")
        text = _one(parameters, "query")
        results = error = ""
        status = 200
        if name and not text:  # shown to read and edit, not run (one is federated)
            if name not in queries:
                return self._error(404, "没有这个查询 · No such named query", f"Known: {', '.join(queries)}")
            chosen = queries[name]
            text = bound_text(chosen, parameter_values(chosen, {}, lambda: latest_notice(self.store)))
        elif text:
            if is_update(text):
                error, status = "This endpoint is read-only: updates are refused.", 403
            else:
                try:
                    results = self._results_table(links, self.run_query(text))
                except QueryStopped as stopped:
                    said = str(stopped)
                    error, status = f"{said[:1].upper()}{said[1:]}.", 503
                except (SyntaxError, ValueError, OSError, RuntimeError) as problem:
                    error, status = f"The query failed: {problem}", 400
        body = self._render(
            "sparql.html",
            links,
            queries=list(queries.values()),
            every=EVERY,
            text=text
            or _PREFIX_LINES
            + "\nSELECT ?practice ?label WHERE {\n  ?practice a ikg:Practice ; skos:prefLabel ?label .\n} LIMIT 10\n",
            results=results,
            error=error,
            query_url="/query?" + urllib.parse.urlencode({"query": text}) if text else "",
        )
        return self._html(body, status)

    def _query_here(self, text: str) -> QueryAnswer:
        answer = self.store.query(text, use_default_graph_as_union=True, custom_functions=GEOSPARQL_FUNCTIONS)
        if isinstance(answer, ox.QueryTriples):
            return format_results(answer, "table").decode("utf-8")
        return answer

    def _results_table(self, links: Links, answer: QueryAnswer) -> str:
        if isinstance(answer, str):  # a graph, as N-Triples
            return self._render(
                "results.html", links, boolean=None, columns=[], rows=[], more=False, text=answer
            ).decode()
        if isinstance(answer, ox.QueryBoolean):
            return self._render(
                "results.html", links, boolean=bool(answer), columns=[], rows=[], more=False
            ).decode()
        assert isinstance(answer, ox.QuerySolutions)
        columns = [v.value for v in answer.variables]
        rows = []
        for index, solution in enumerate(answer):
            if index == SHOWN_ROWS:
                break
            rows.append([d.value_of(solution[c]) if solution[c] is not None else None for c in columns])
        return self._render(
            "results.html",
            links,
            boolean=None,
            columns=columns,
            rows=rows,
            more=len(rows) == SHOWN_ROWS,
            text="",
        ).decode()


def _one(parameters: Mapping[str, list[str]], name: str) -> str:
    values = parameters.get(name, [])
    return values[0] if values else ""


def _paging(parameters: Mapping[str, list[str]]) -> tuple[str | None, int]:
    by = _one(parameters, "by") or None
    if by is not None and by != d.WITHIN:
        ox.NamedNode(by)  # ValueError for anything that is not an IRI
    page_text = _one(parameters, "page") or "1"
    if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        raise ValueError(f"page must be a whole number from 1 to {MAX_PAGE}, not {page_text[:40]!r}")
    return by, int(page_text)


def _in_language(values: list[d.Value], language: str) -> str:
    return next((v.text for v in values if v.language == language), "")


def _script_safe(text: str) -> str:
    """JSON inside <script>: no '</' can end the element early."""
    return text.replace("</", "<\\/")


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    answer = store.query(query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    names = [v.value for v in answer.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in answer]

"""Resource pages over HTTP (`serve`) and as files (`publish`): every IRI answers with a
page or RDF, links lead somewhere, bad requests get clean answers and nothing writes.

Expected values come from the notice's text and the hand-made actor list of the seed
(tests/fixtures/actors/), never from the pages' own code."""

from __future__ import annotations

import hashlib
import html.parser
import os
import posixpath
import subprocess
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from inspection_kg.use import describe
from inspection_kg.use.site import Site
from inspection_kg.use.store import open_store

from .conftest import ACTOR_LISTS, SEED, read_actor_list

BASE = "https://w3id.org/inspection-kg/"
PRACTICE_22 = "/id/practice/guobanfa-2020-46/22"
DCTERMS_SPATIAL = "http://purl.org/dc/terms/spatial"


def seed_line(number: int) -> str:
    """Item ``number`` of the seed's attachment, as printed (NFC, one line)."""
    text = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))
    return next(line for line in text.splitlines() if line.startswith(f"{number}．"))


class _Page(html.parser.HTMLParser):
    """The links, the <mark> texts and the JSON-LD of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.marks: list[str] = []
        self.alternates: dict[str, str] = {}
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "link" and found.get("rel") == "alternate":
            self.alternates[str(found["type"])] = str(found["href"])
        if tag in ("mark", "script"):
            self._in = tag
            (self.marks if tag == "mark" else self.scripts).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "mark":
            self.marks[-1] += data
        elif self._in == "script":
            self.scripts[-1] += data


def parse_page(body: bytes) -> _Page:
    page = _Page()
    page.feed(body.decode("utf-8"))
    return page


def get(url: str, accept: str | None = None, method: str = "GET") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_the_practice_page_shows_the_quoted_characters_and_its_places(server: str) -> None:
    status, kind, body = get(server + PRACTICE_22)
    assert status == 200 and kind.startswith("text/html")
    page = parse_page(body)
    assert seed_line(22) in page.marks  # the whole item, highlighted in its context
    assert "四化" in page.marks  # the initiative's mention
    nfc = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8")).replace("\r\n", "\n").encode()
    assert hashlib.sha256(nfc).hexdigest() in body.decode("utf-8")
    # who and where: the hand-made list says 河南省水利厅、濮阳市, in 410000 and 410900
    assert {"/id/region/410000", "/id/region/410900", "/id/agent/410000-water-resources"} <= set(page.links)
    assert "/eli/cn/guobanfa/2020/46" in page.links
    assert any(link.startswith("/id/theme/") for link in page.links)
    assert any(link.startswith("/id/initiative/") for link in page.links)
    assert set(page.alternates) == {"text/turtle", "application/ld+json", "application/n-triples"}
    embedded = rdflib.Graph().parse(data=page.scripts[-1], format="json-ld")
    assert (rdflib.URIRef(BASE + PRACTICE_22[1:]), None, None) in embedded


def test_a_region_in_turtle_by_accept_and_by_extension(server: str) -> None:
    status, kind, body = get(server + "/id/region/410900", accept="text/turtle")
    assert status == 200 and kind.startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    region = rdflib.URIRef(BASE + "id/region/410900")
    assert graph.value(region, SKOS.notation) == rdflib.Literal("410900")
    assert rdflib.Literal("濮阳市", lang="zh") in set(graph.objects(region, SKOS.prefLabel))
    assert graph.value(region, SKOS.broader) == rdflib.URIRef(BASE + "id/region/410000")
    by_extension = get(server + "/id/region/410900.ttl")
    assert by_extension[0] == 200 and by_extension[2] == body
    forms = {
        "nt": ("application/n-triples", "nt"),
        "jsonld": ("application/ld+json", "json-ld"),
    }
    for extension, (media, parser) in forms.items():
        status, kind, data = get(server + f"/id/region/410900.{extension}")
        assert status == 200 and kind.startswith(media)
        assert isomorphic(rdflib.Graph().parse(data=data, format=parser), graph)
        assert get(server + "/id/region/410900", accept=f"{media};q=0.9, text/html;q=0.1")[2] == data


def test_status_codes_for_what_is_not_there(server: str) -> None:
    assert get(server + "/id/region/999999")[0] == 404
    assert get(server + "/nothing/here")[0] == 404
    assert get(server + "/id/region/410900", accept="image/png")[0] == 406
    assert get(server + "/id/region/410900", accept="image/png, */*;q=0.1")[0] == 200
    assert get(server + "/id/" + "x" * 5000)[0] == 414
    for odd in (
        "/id/region/%3E%20%7D",
        "/id/%E6%BF%AE%E9%98%B3",
        "/id/region/4109%00",
        "/id/%ZZ",
        "/%2e%2e/%2e%2e/etc/passwd",
    ):
        status, kind, body = get(server + odd)
        assert status in (400, 404), odd
        assert b"Traceback" not in body and kind.startswith("text/html")


def test_injection_and_bad_paging_get_clean_answers(server: str) -> None:
    injected = urllib.parse.quote("http://x> } ; DROP ALL ; SELECT * WHERE { ?s ?p <x")
    status, _, body = get(server + f"/id/region/410000?by={injected}&page=1")
    assert status == 400 and b"Traceback" not in body
    for page in ("0", "-1", "x", "9" * 40):
        assert get(server + f"/id/region/410000?page={page}")[0] == 400
    assert get(server + "/sparql?query=" + urllib.parse.quote("DROP ALL"))[0] in (400, 403)
    # the data is still all there
    status, _, body = get(server + "/id/region/410000", accept="application/n-triples")
    assert status == 200 and body.count(b"\n") > 3


def test_nothing_can_be_written(server: str) -> None:
    for method in ("PUT", "DELETE", "POST"):
        assert get(server + "/id/region/410900", method=method)[0] == 405
    update = urllib.request.Request(
        server + "/query",
        data=urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(update, timeout=10)
    insert = urllib.parse.quote("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert get(server + f"/sparql?query={insert}")[0] == 403
    ask = urllib.parse.quote("ASK { <urn:a> <urn:b> <urn:c> }")
    assert b"false" in get(server + f"/query?query={ask}", accept="application/sparql-results+json")[2]


def test_every_link_of_the_sampled_pages_answers(server: str) -> None:
    home = parse_page(get(server + "/")[2])
    province = next(link for link in home.links if link == "/id/region/410000")
    sampled = [
        "/",
        province,
        PRACTICE_22,
        "/eli/cn/guobanfa/2020/46",
        "/dataset",
        "/def/",
        "/def/Practice",
        "/sparql",
    ]
    checked = set()
    for path in sampled:
        status, _, body = get(server + path)
        assert status == 200, path
        for link in parse_page(body).links:
            target = urllib.parse.urljoin(server + path, link).split("#", 1)[0]
            if not target.startswith(server) or target in checked:
                continue
            checked.add(target)
            assert get(target, method="HEAD")[0] == 200, (path, link)
    assert len(checked) > 100


def test_the_query_page_runs_named_queries_with_links(server: str) -> None:
    status, _, body = get(server + "/sparql?name=practice-attributions")
    assert status == 200
    text = body.decode("utf-8")
    assert "PREFIX" in text and "VALUES" in text  # the named query, bound to its default notice
    assert get(server + "/sparql?name=wikidata-regions")[0] == 200  # federated: shown, not run
    status, _, body = get(
        server
        + "/sparql?query="
        + urllib.parse.quote('SELECT ?r WHERE { ?r <http://www.w3.org/2004/02/skos/core#notation> "410900" }')
    )
    assert status == 200 and "/id/region/410900" in parse_page(body).links


def test_incoming_links_are_paged(real_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every resource located in 河南省 appears once over the pages, as rdflib finds them."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(real_dir.parent / "cache-paging"))
    site = Site(open_store(real_dir), real_dir)
    graph = rdflib.Graph().parse(real_dir / "inspection-kg.nt", format="nt")
    expected = {
        str(s)[len(BASE) - 1 :]
        for s in graph.subjects(rdflib.URIRef(DCTERMS_SPATIAL), rdflib.URIRef(BASE + "id/region/410000"))
    }
    assert len(expected) > 3  # more than one page of 3
    monkeypatch.setattr(describe, "PAGE_SIZE", 3)
    seen: list[str] = []
    pages = -(-len(expected) // 3)
    for page in range(1, pages + 2):  # one page past the end: empty, not an error
        query = urllib.parse.urlencode({"by": DCTERMS_SPATIAL, "page": page})
        response = site.respond(f"/id/region/410000?{query}")
        assert response.status == 200
        seen += [link for link in parse_page(response.body).links if link in expected]
    assert sorted(seen) == sorted(expected)


def test_the_static_site_has_every_form_and_working_relative_links(published: Path) -> None:
    page = published / "id" / "practice" / "guobanfa-2020-46" / "22.html"
    assert seed_line(22) in parse_page(page.read_bytes()).marks
    graph = rdflib.Graph().parse(published / "id" / "region" / "410900.ttl", format="turtle")
    assert graph.value(rdflib.URIRef(BASE + "id/region/410900"), SKOS.notation) == rdflib.Literal("410900")
    assert (published / ".htaccess").read_text().count("R=303") == 3
    for sample in [
        "index.html",
        "id/region/410000.html",
        "id/practice/guobanfa-2020-46/22.html",
        "dataset.html",
    ]:
        for link in parse_page((published / sample).read_bytes()).links:
            if "://" in link:
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(sample), urllib.parse.unquote(link.split("#")[0]))
            )
            assert (published / target).is_file(), (sample, link)


def test_publish_refuses_a_folder_it_did_not_write(built_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = subprocess.run(  # noqa: PLW1510 -- the exit code is what is tested
        [sys.executable, "-m", "inspection_kg", "publish", str(built_dir), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "publish replaces the folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "notes.txt"]


def test_pages_follow_the_base_the_dataset_was_built_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspection_kg.pipeline import build

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    build([SEED], tmp_path / "out", base_iri="http://example.org/kg/")
    site = Site(open_store(tmp_path / "out"), tmp_path / "out")
    response = site.respond(PRACTICE_22)
    assert response.status == 200
    assert "/id/region/410900" in parse_page(response.body).links
    graph = rdflib.Graph().parse(data=site.respond(PRACTICE_22 + ".ttl").body, format="turtle")
    assert (rdflib.URIRef("http://example.org/kg/id/practice/guobanfa-2020-46/22"), None, None) in graph
    assert site.respond("/def/Practice").status == 200  # the ontology's namespace does not move


def test_the_dataset_files_are_downloadable(server: str, real_dir: Path) -> None:
    status, kind, body = get(server + "/download/inspection-kg.nt")
    assert status == 200 and kind.startswith("application/n-triples")
    assert body == (real_dir / "inspection-kg.nt").read_bytes()
    assert get(server + "/download/%FF")[0] == 404
    assert get(server + "/download/../inspection-kg.nt")[0] == 404


def test_a_province_lists_the_practices_of_its_subdivisions(
    real_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """河南省: every practice whose hand-made regions include 410000 (tests/fixtures/actors/)."""
    expected = {
        f"/id/practice/{path.stem}/{actor.ordinal}"
        for path in sorted(ACTOR_LISTS.glob("*.tsv"))
        for actor in read_actor_list(path)
        if any(code == "410000" for chain in actor.regions for code, _ in chain)
    }
    assert len(expected) == 8
    monkeypatch.setenv("XDG_CACHE_HOME", str(real_dir.parent / "cache-within"))
    site = Site(open_store(real_dir), real_dir)
    monkeypatch.setattr(describe, "PAGE_SIZE", 3)
    seen: list[str] = []
    for page in (1, 2, 3):
        body = site.respond(f"/id/region/410000?by=within&page={page}").body.decode("utf-8")
        listed = body[
            body.index('<ul class="within">') : body.index("</ul>", body.index('<ul class="within">'))
        ]
        seen += parse_page(listed.encode()).links
    assert sorted(seen) == sorted(expected)


def test_too_many_query_parameters_get_400(server: str) -> None:
    status, kind, body = get(server + "/id/region/410000?" + "&".join(f"x{i}=1" for i in range(30)))
    assert status == 400 and kind.startswith("text/html") and b"Traceback" not in body


_VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr"})


class _Blocks(html.parser.HTMLParser):
    """The text of an element of one class (all its descendants' text, in order), the
    links inside it, and the order in which the page's <h2> headings come."""

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.text = ""
        self.links: list[tuple[str, str]] = []  # href, link text
        self.headings: list[str] = []
        self._depth = 0  # >0 inside the wanted element
        self._link: str | None = None
        self._heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in _VOID:
            pass  # no end tag to count
        elif self._depth:
            self._depth += 1
        elif self.wanted in (found.get("class") or "").split():
            self._depth = 1
        if tag == "a" and self._depth:
            self._link = str(found.get("href"))
            self.links.append((self._link, ""))
        if tag == "h2":
            self._heading = True
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag not in _VOID:
            self._depth -= 1
        if tag == "a":
            self._link = None
        if tag == "h2":
            self._heading = False

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.text += data
            if self._link is not None:
                self.links[-1] = (self._link, self.links[-1][1] + data)
        if self._heading:
            self.headings[-1] += data


def _blocks(body: bytes, wanted: str) -> _Blocks:
    parsed = _Blocks(wanted)
    parsed.feed(body.decode("utf-8"))
    return parsed


def test_the_notice_page_leads_with_its_practices_in_order(server: str) -> None:
    """43 rows, 1 to 43, each the item printed in the notice (less its number) linking to the
    practice of that ordinal; before the properties and the folded provenance."""
    status, _, body = get(server + "/eli/cn/guobanfa/2020/46")
    assert status == 200
    table = _blocks(body, "practices")
    practice_links = [(href, shown) for href, shown in table.links if "/id/practice/" in href]
    assert [href for href, _ in practice_links] == [
        f"/id/practice/guobanfa-2020-46/{n}" for n in range(1, 44)
    ]
    assert [shown for _, shown in practice_links] == [
        seed_line(n).split("．", 1)[1].rstrip("。") for n in range(1, 44)
    ]
    headings = _blocks(body, "nothing").headings
    first = next(i for i, h in enumerate(headings) if h.startswith("表扬的做法"))
    assert first < next(i for i, h in enumerate(headings) if h.startswith("属性"))
    page = body.decode("utf-8")
    assert page.index("表扬的做法") < page.index('<details class="provenance">')


def test_the_source_page_shows_the_text_with_every_practice_marked_and_linked(server: str) -> None:
    """The text as the seed file holds it (NFC, LF), its SHA-256 computed here, and each of
    the 43 items marked as a link to its practice."""
    status, _, body = get(server + "/source/guobanfa-2020-46/zh-nfc.txt")
    assert status == 200
    printed = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    shown = _blocks(body, "source-text")
    assert shown.text == printed
    practices = [(href, text) for href, text in shown.links if "/id/practice/" in href]
    assert practices == [(f"/id/practice/guobanfa-2020-46/{n}", seed_line(n)) for n in range(1, 44)]
    page = body.decode("utf-8")
    assert hashlib.sha256(printed.encode("utf-8")).hexdigest() in page
    assert "<h1>《国务院办公厅关于对国务院第七次大督查发现的典型经验做法给予表扬的通报》原文</h1>" in page


VOCABULARY_LABELS = Path(__file__).resolve().parent.parent / "ontology" / "vocabulary-labels.ttl"


def test_every_standard_term_of_the_data_has_a_chinese_label(real_dir: Path) -> None:
    """No property or class of the data shows as a bare prefixed name on a page: each term
    outside the ontology's own namespace has a Chinese label in vocabulary-labels.ttl, and
    an English one only with a source file named for its namespace."""
    data = rdflib.Graph().parse(real_dir / "inspection-kg.ttl")
    used = {str(t) for t in set(data.predicates()) | set(data.objects(None, rdflib.RDF.type))}
    standard = {t for t in used if not t.startswith(BASE)}
    labels = rdflib.Graph().parse(VOCABULARY_LABELS)
    chinese = {str(s) for s, o in labels.subject_objects(rdflib.RDFS.label) if o.language == "zh"}
    assert sorted(standard - chinese) == []


def test_standard_terms_show_their_labels_on_a_page(server: str) -> None:
    """dcterms:spatial as DCMI labels it ("Spatial Coverage", DCMI Metadata Terms) with our
    Chinese label and its prefixed name."""
    _, _, body = get(server + PRACTICE_22)
    page = body.decode("utf-8")
    assert '>空间范围</a><br><small><span lang="en">Spatial Coverage</span> · dcterms:spatial</small>' in page

"""`publish`: the site's pages and RDF forms written as static files, for any web server
(or opened from disk), with the `.htaccess` rules that give an Apache host, like
w3id.org's redirects, the same content negotiation as `serve`.

Every IRI of the dataset under its base gets ``<path>.html``, ``.ttl``, ``.jsonld`` and
``.nt``; the ontology's terms get the same under ``def/``; the dataset's files are linked
under ``download/``. The site is written into a staging folder and swapped in whole.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import ConfigError
from ..model.vocab import IKG
from .links import DOWNLOAD, Links
from .negotiation import HTML, RDF_FORMS
from .site import Site
from .store import open_store

MARKER = ".inspection-kg-site"  # a folder holding this file is a site we wrote, safe to replace

HTACCESS = """\
# Written by inspection-kg publish. Serve each IRI of the dataset as a page for browsers and
# as RDF for programs (303 See Other to the document, as the W3C's "Cool URIs" advise).
Options -MultiViews
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/n-quads .nq
AddType application/trig .trig
AddDefaultCharset utf-8
RewriteEngine on
DirectoryIndex index.html
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteRule ^(.*?)/?$ $1.ttl [R=303,L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteRule ^(.*?)/?$ $1.jsonld [R=303,L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{HTTP_ACCEPT} application/n-triples
RewriteRule ^(.*?)/?$ $1.nt [R=303,L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.*)$ $1.html [L]
"""


@dataclass(frozen=True, slots=True)
class Published:
    folder: Path
    resources: int
    files: int
    seconds: float


def resources(store: ox.Store, base: str) -> list[str]:
    """Every IRI under the base, as subject or object, without its fragment; sorted."""
    answer = store.query(
        "SELECT DISTINCT ?r WHERE { { ?r ?p ?o } UNION { ?s ?p ?r } "
        f"FILTER(isIRI(?r) && STRSTARTS(STR(?r), {ox.Literal(base)})) }}",
        use_default_graph_as_union=True,
    )
    assert isinstance(answer, ox.QuerySolutions)
    found = {str(row["r"].value).split("#", 1)[0] for row in answer if row["r"] is not None}
    return sorted(iri for iri in found if not iri[len(base) :].startswith(DOWNLOAD) and iri != base)


def _staging(out: Path) -> Path:
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise ConfigError("--out is a file, not a folder", path=out, fix="pass a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ConfigError(
            "--out is a folder with other files and no published site in it; publish replaces the folder",
            path=out,
            fix="pass an empty folder or one that inspection-kg publish wrote",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.publishing-", dir=out.parent))


class _Files:
    """Writes the site's files, making each folder once (a corpus has millions of files)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self._made: set[str] = set()

    def write(self, relative: str, data: bytes) -> None:
        folder, _, _ = relative.rpartition("/")
        if folder not in self._made:
            (self.folder / folder).mkdir(parents=True, exist_ok=True)
            self._made.add(folder)
        with open(os.path.join(self.folder, relative), "wb") as stream:
            stream.write(data)
        self.count += 1


def publish(dataset: Path, out: Path) -> Published:
    started = time.monotonic()
    site = Site(open_store(dataset), dataset)
    staging = _staging(out)
    files = _Files(staging)
    try:
        iris = resources(site.store, site.base)
        terms = sorted(iri for iri in site.vocabulary.labels if iri.startswith(str(IKG)))
        every = sorted({*iris, str(IKG), *terms})
        for iri in every:
            local = Links(site.base, static=True).local(iri)
            assert local is not None
            links = Links(site.base, static=True, current=local)
            triples = site.triples(iri)
            files.write(links.file(local, HTML.name), site.resource_page(links, iri, triples=triples))
            for form in RDF_FORMS:
                files.write(links.file(local, form.name), site.resource_rdf(iri, form, triples))
        files.write("index.html", site.home_page(Links(site.base, static=True)))
        files.write(".htaccess", HTACCESS.encode("utf-8"))
        files.write(MARKER, f"base {site.base}\n".encode())
        (staging / DOWNLOAD).mkdir(exist_ok=True)
        for entry in sorted(dataset.iterdir()):
            if entry.is_file() and not entry.name.startswith("."):
                shutil.copyfile(entry, staging / DOWNLOAD / entry.name)
                files.count += 1
        out = out.resolve()
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.rename(out, old)
            os.rename(staging, out)
            shutil.rmtree(old)
        else:
            os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Published(out, len(every), files.count, time.monotonic() - started)

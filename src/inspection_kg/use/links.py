"""What a page links to, and what a path answers with: the one place that knows how an
IRI of the dataset becomes a path on the server (``/id/x``) or a file of the static site
(``id/x.html``, linked relatively so the site opens from disk)."""

from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..model.vocab import IKG

DOWNLOAD = "download/"  # the dataset's own files, under the base


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    file: Path | None = None  # a dataset file to send instead of ``body``


@dataclass(frozen=True, slots=True)
class Links:
    """Where a page links to. On a server: absolute paths without extension, negotiated. In a
    static site: relative paths to ``.html`` files, which work from disk and on any host."""

    base: str
    static: bool
    current: str = ""  # the local path of the page being written (static only)

    def local(self, iri: str) -> str | None:
        """The path of an IRI of ours under the site's root, without a leading '/'."""
        iri = iri.split("#", 1)[0]
        if iri.startswith(self.base):
            return iri[len(self.base) :]
        if iri.startswith(str(IKG)):
            return "def/" + iri[len(str(IKG)) :]
        return None

    def file(self, local: str, extension: str = "html") -> str:
        """The static file of a local path: ``index`` for a folder's own IRI."""
        if local.startswith(DOWNLOAD):
            return local
        if local == "" or local.endswith("/"):
            return f"{local}index.{extension}"
        return f"{local}.{extension}"

    def to_local(self, local: str, extension: str = "") -> str:
        """The link to a local path, as a page (no extension) or in one RDF form."""
        if not self.static:
            path = "/" + (self.file(local, extension) if extension else local)
            return urllib.parse.quote(path, safe="/:@!$&'()*+,;=-._~%")
        target = self.file(local, extension or "html")
        here = posixpath.dirname(self.file(self.current))
        return urllib.parse.quote(posixpath.relpath(target, here or "."), safe="/:@!$&'()*+,;=-._~%")

    def href(self, iri: str) -> str:
        local = self.local(iri)
        if local is None:
            return iri
        fragment = "#" + iri.split("#", 1)[1] if "#" in iri else ""
        return self.to_local(local) + fragment

    def home(self) -> str:
        return self.to_local("")

"""HTTP content negotiation for resource pages: which of our forms an Accept header
prefers (RFC 9110 §12.5.1: media ranges with q-values, the most specific range wins)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Form:
    name: str  # also the file extension
    media_type: str
    charset: bool  # text that needs "; charset=utf-8"

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


HTML = Form("html", "text/html", True)
TURTLE = Form("ttl", "text/turtle", True)
JSONLD = Form("jsonld", "application/ld+json", False)
NTRIPLES = Form("nt", "application/n-triples", False)
FORMS = (HTML, TURTLE, JSONLD, NTRIPLES)  # the first is the default, and wins ties
RDF_FORMS = FORMS[1:]
BY_EXTENSION = {form.name: form for form in FORMS}
# Other names browsers and RDF clients send for the same forms.
_ALIASES = {"application/xhtml+xml": HTML, "application/x-turtle": TURTLE, "text/plain": NTRIPLES}


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(1.0, max(0.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def _quality(form: Form, ranges: list[tuple[str, float]]) -> float | None:
    """The q-value of the most specific range that matches ``form``; None if none does."""
    best: tuple[int, float] | None = None
    for media, quality in ranges:
        target = _ALIASES[media].media_type if media in _ALIASES and _ALIASES[media] is form else media
        kind, _, sub = target.partition("/")
        form_kind = form.media_type.partition("/")[0]
        if target == form.media_type:
            specificity = 3
        elif kind == form_kind and sub == "*":
            specificity = 2
        elif target == "*/*":
            specificity = 1
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, quality)
    return None if best is None else best[1]


def choose(accept: str | None) -> Form | None:
    """The form to send for an Accept header: HTML when there is none; None when nothing
    we have is acceptable (the caller answers 406)."""
    if not accept or not accept.strip():
        return HTML
    ranges = _ranges(accept)
    scored = [
        (quality, -index, form) for index, form in enumerate(FORMS) if (quality := _quality(form, ranges))
    ]
    if not scored:
        return None
    return max(scored, key=lambda item: (item[0], item[1]))[2]

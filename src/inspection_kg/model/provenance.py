"""Character-level provenance: W3C Web Annotations that point each practice and the
notice's key fields back to the exact characters of the source text.

Offsets are Unicode code points into the NFC text with LF line ends (what the
parser indexes), as the Web Annotation model requires; the text is described
with its sha256 so a user can check they hold the same characters.
"""

from __future__ import annotations

from collections.abc import Callable

from ..read.records import ResolvedNoticeRecord, SourceRecord, Span
from ..resolve.curated import load_themes
from ..resolve.themes import named_themes
from .graphs import add
from .iri import IriMinter
from .terms import XSD_NS, Term, Triple, literal, typed
from .vocab import T

DCTERMS, ELI, IKG, OA, PROV, RDF, SPDX = T.DCTERMS, T.ELI, T.IKG, T.OA, T.PROV, T.RDF, T.SPDX
HEX_BINARY = XSD_NS + "hexBinary"
NON_NEGATIVE_INTEGER = XSD_NS + "nonNegativeInteger"

CONTEXT_CHARS = 32  # length of oa:prefix / oa:suffix


def _source(graph: set[Triple], source: SourceRecord, iri: str) -> None:
    add(graph, iri, RDF.type, PROV.Entity)
    add(graph, iri, DCTERMS.format, literal("text/plain; charset=utf-8"))
    add(
        graph,
        iri,
        DCTERMS.description,
        literal(
            f"The text of {source.path.name}, NFC-normalised with LF line ends (its rdf:value); "
            "annotation offsets index it."
        ),
    )
    # The text itself, so that every annotation can be checked in the store (SUBSTR of it at
    # oa:start equals oa:exact) and the source page can show it with its practices marked.
    add(graph, iri, RDF.value, literal(source.text))
    checksum = f"{iri}#sha256"
    add(graph, iri, SPDX.checksum, checksum)
    add(graph, checksum, RDF.type, SPDX.Checksum)
    add(graph, checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
    add(graph, checksum, SPDX.checksumValue, typed(source.text_sha256, HEX_BINARY))


def _annotation(
    graph: set[Triple],
    iri: str,
    body: str | list[str],
    source_iri: str,
    text: str,
    span: Span,
    field: Term | None,
) -> None:
    """``body``: the resource the characters ground, or for a link (ikg:mentions,
    eli:is_about) both of its ends."""
    start, end = span.start, span.end
    add(graph, iri, RDF.type, OA.Annotation)
    for one_body in [body] if isinstance(body, str) else body:
        add(graph, iri, OA.hasBody, one_body)
    add(graph, iri, OA.motivatedBy, OA.identifying)
    if field is not None:
        add(graph, iri, IKG.groundsProperty, field)
    target, quote, position = f"{iri}-target", f"{iri}-quote", f"{iri}-position"
    add(graph, iri, OA.hasTarget, target)
    add(graph, target, RDF.type, OA.SpecificResource)
    add(graph, target, OA.hasSource, source_iri)
    add(graph, target, OA.hasSelector, quote)
    add(graph, target, OA.hasSelector, position)
    add(graph, quote, RDF.type, OA.TextQuoteSelector)
    add(graph, quote, OA.exact, literal(text[start:end]))
    add(graph, quote, OA.prefix, literal(text[max(0, start - CONTEXT_CHARS) : start]))
    add(graph, quote, OA.suffix, literal(text[end : end + CONTEXT_CHARS]))
    add(graph, position, RDF.type, OA.TextPositionSelector)
    add(graph, position, OA.start, typed(str(start), NON_NEGATIVE_INTEGER))
    add(graph, position, OA.end, typed(str(end), NON_NEGATIVE_INTEGER))


def _run(spans: tuple[Span, ...], text: str) -> Span:
    """One span from the first to the last of ``spans`` (e.g. a title over two lines)."""
    start, end = spans[0].start, spans[-1].end
    return Span(spans[0].line, start, end, text[start:end])


def add_provenance(
    graph: set[Triple], resolved: ResolvedNoticeRecord, iris: IriMinter, initiative: Callable[[Span], str]
) -> None:
    """Annotate the notice's key fields, every practice, every quoted initiative and
    every theme the notice names; ``initiative`` gives a quoted span's concept IRI."""
    notice = resolved.notice
    number = notice.document_number
    notice_iris = iris.of_notice(resolved)
    key, work, expression = notice_iris.key, notice_iris.work, notice_iris.expression
    source_iri = iris.source_text(key)
    text = notice.source.text
    _source(graph, notice.source, source_iri)
    add(graph, expression, PROV.wasDerivedFrom, source_iri)

    fields: list[tuple[str, Span, Term]] = [("title", _run(notice.title_lines, text), DCTERMS.title)]
    if number is not None:
        fields.append(("document-number", number.span, ELI.id_local))
    fields.append(("date", notice.date_span, ELI.date_document))
    fields.append(("signature", notice.signature, ELI.passed_by))
    if notice.approval is not None:
        fields.append(("approval", notice.approval, IKG.approvedBy))
    for citation in notice.citations:
        fields.append((f"citation-{citation.span.start}", citation.span, IKG.citationText))
    for name, span, field in fields:
        _annotation(graph, iris.annotation(key, name), work, source_iri, text, span, field)
    for item in resolved.items:
        ordinal = item.item.ordinal
        practice = iris.practice(key, ordinal)
        add(graph, practice, PROV.wasDerivedFrom, expression)
        _annotation(
            graph,
            iris.annotation(key, f"practice-{ordinal}"),
            practice,
            source_iri,
            text,
            item.item.span,
            None,
        )

    for paragraph in notice.body:
        for term in paragraph.quoted_terms:
            _mention(
                graph,
                iris.annotation(key, f"mention-{term.start}"),
                work,
                initiative(term),
                source_iri,
                text,
                term,
            )
        for theme, name in named_themes(paragraph.span.text, load_themes()):
            offset = paragraph.span.start + paragraph.span.text.index(name)
            span = Span(paragraph.span.line, offset, offset + len(name), name)
            body = [work, iris.theme(theme.key)]
            _annotation(
                graph,
                iris.annotation(key, f"theme-{theme.key}-{offset}"),
                body,
                source_iri,
                text,
                span,
                ELI.is_about,
            )
    for item in resolved.items:
        practice = iris.practice(key, item.item.ordinal)
        for term in item.item.quoted_terms:
            _mention(
                graph,
                iris.annotation(key, f"mention-{term.start}"),
                practice,
                initiative(term),
                source_iri,
                text,
                term,
            )


def _mention(
    graph: set[Triple], iri: str, subject: str, concept: str, source_iri: str, text: str, term: Span
) -> None:
    _annotation(graph, iri, [subject, concept], source_iri, text, term, IKG.mentions)

"""N-Triples text terms (src/inspection_kg/model/terms.py): every literal the builder makes is read
back by two independent parsers (pyoxigraph and rdflib) as the intended value, language and
datatype; ``literal_parts`` inverts the makers; ``Terms`` and ``term`` give IRI terms."""

from __future__ import annotations

import pyoxigraph
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from inspection_kg.model.terms import (
    XSD_INTEGER,
    Terms,
    in_en,
    in_language,
    in_zh,
    integer,
    iri,
    literal,
    literal_parts,
    term,
    typed,
)

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SUBJECT, PREDICATE = "<http://example.org/s>", "<http://example.org/p>"

TEXTS = [
    "",
    "plain ascii",
    'he said "yes"',
    "a \\ backslash, and \\n that is not a newline",
    "\\",
    '\\"',
    'ends with a quote"',
    "ends with a backslash\\",
    "two\nlines",
    "carriage\rreturn and\r\nCRLF",
    "a\ttab",
    "国务院办公厅关于对国务院第九次大督查发现的典型经验做法给予表扬的通报",
    "深化“放管服”改革（一网通办）、优化营商环境。",
    "emoji 😀🇨🇳 and 𠀀 (outside the BMP)",
    "\\u0041 is not an A",
    'all at once: "\\\n\r\t中文😀"',
]


def _oxigraph_object(object_term: str) -> pyoxigraph.Literal:
    line = f"{SUBJECT} {PREDICATE} {object_term} .\n"
    quads = list(pyoxigraph.parse(line.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(quads) == 1
    obj = quads[0].object
    assert isinstance(obj, pyoxigraph.Literal)
    return obj


def _rdflib_object(object_term: str) -> rdflib.Literal:
    line = f"{SUBJECT} {PREDICATE} {object_term} .\n"
    graph = rdflib.Graph().parse(data=line, format="nt")
    triples = list(graph)
    assert len(triples) == 1
    obj = triples[0][2]
    assert isinstance(obj, rdflib.Literal)
    return obj


def _assert_parsed(object_term: str, text: str, language: str | None, datatype: str) -> None:
    """Both parsers read ``object_term`` as the literal (text, language, datatype)."""
    ox = _oxigraph_object(object_term)
    assert (ox.value, ox.language, ox.datatype.value) == (text, language, datatype)
    lib = _rdflib_object(object_term)
    assert str(lib) == text
    assert lib.language == language
    if language is not None:  # rdflib leaves the datatype of a language-tagged string unset
        assert lib.datatype in (None, rdflib.RDF.langString)
    elif datatype == XSD_NS + "string":  # rdflib reads a simple literal with no datatype
        assert lib.datatype in (None, rdflib.XSD.string)
    else:
        assert lib.datatype == rdflib.URIRef(datatype)


@pytest.mark.parametrize("text", TEXTS)
def test_literal_parses_to_the_text(text: str) -> None:
    _assert_parsed(literal(text), text, None, XSD_NS + "string")


@pytest.mark.parametrize("text", TEXTS)
def test_in_zh_parses_to_the_text_in_chinese(text: str) -> None:
    _assert_parsed(in_zh(text), text, "zh", RDF_LANG_STRING)


@pytest.mark.parametrize("text", TEXTS)
def test_in_en_parses_to_the_text_in_english(text: str) -> None:
    _assert_parsed(in_en(text), text, "en", RDF_LANG_STRING)


@pytest.mark.parametrize("text", TEXTS)
def test_typed_parses_to_the_lexical_form_and_datatype(text: str) -> None:
    datatype = "http://example.org/datatype#custom"
    _assert_parsed(typed(text, datatype), text, None, datatype)


def test_typed_date_and_hex_binary() -> None:
    _assert_parsed(typed("2020-12-01", XSD_NS + "date"), "2020-12-01", None, XSD_NS + "date")
    assert _rdflib_object(typed("2020-12-01", XSD_NS + "date")).toPython().isoformat() == "2020-12-01"
    _assert_parsed(typed("0aff", XSD_NS + "hexBinary"), "0aff", None, XSD_NS + "hexBinary")


@pytest.mark.parametrize("value", [0, 1, 43, -7, 10**30])
def test_integer_parses_to_the_number(value: int) -> None:
    _assert_parsed(integer(value), str(value), None, XSD_NS + "integer")
    assert _rdflib_object(integer(value)).toPython() == value
    assert integer(value).endswith(f"^^{XSD_INTEGER}")
    assert XSD_INTEGER == f"<{XSD_NS}integer>"


def test_literal_parts_of_hand_written_terms() -> None:
    assert literal_parts('"a"') == ("a", None, None)
    assert literal_parts('"第一"@zh') == ("第一", "zh", None)
    assert literal_parts('"x"@en-GB') == ("x", "en-GB", None)
    assert literal_parts(f'"5"^^<{XSD_NS}integer>') == ("5", None, XSD_NS + "integer")
    assert literal_parts(r'"q\"\\\n\r\t"') == ('q"\\\n\r\t', None, None)
    # The other escapes N-Triples allows, as other writers (pyoxigraph) use them.
    assert literal_parts(r'"\u0041\U0001F600\b\f\'"') == ("A😀\b\f'", None, None)
    assert literal_parts(r'"\\u0041"') == ("\\u0041", None, None)  # an escaped backslash, then text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_literal_parts_inverts_every_maker(text: str) -> None:
    assert literal_parts(literal(text)) == (text, None, None)
    assert literal_parts(in_zh(text)) == (text, "zh", None)
    assert literal_parts(in_en(text)) == (text, "en", None)
    assert literal_parts(in_language(text, "zh-Hant")) == (text, "zh-Hant", None)
    assert literal_parts(typed(text, XSD_NS + "date")) == (text, None, XSD_NS + "date")


@settings(max_examples=200, deadline=None)
@given(st.integers())
def test_literal_parts_inverts_integer(value: int) -> None:
    assert literal_parts(integer(value)) == (str(value), None, XSD_NS + "integer")


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_both_parsers_read_any_text(text: str) -> None:
    _assert_parsed(literal(text), text, None, XSD_NS + "string")
    _assert_parsed(in_zh(text), text, "zh", RDF_LANG_STRING)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from([None, "zh", "en"]))
def test_literal_parts_reads_pyoxigraphs_own_escapes(text: str, language: str | None) -> None:
    """validate.py reads pyoxigraph's terms with literal_parts: its escapes (\\u0000, \\t, \\b …)
    come back as the text."""
    written = str(pyoxigraph.Literal(text, language=language))
    assert literal_parts(written) == (text, language, None)


def test_terms_attribute_is_the_iri_term_and_cached() -> None:
    ns = "https://w3id.org/inspection-kg/def/"
    terms = Terms(ns)
    first = terms.Practice
    assert first == "<https://w3id.org/inspection-kg/def/Practice>"
    assert vars(terms)["Practice"] == first  # stored on the instance: later look-ups skip __getattr__
    assert terms.Practice is first
    assert terms.ordinal == f"<{ns}ordinal>"
    assert terms["Practice"] == first
    assert terms["has-dash"] == f"<{ns}has-dash>"  # a name that is not an identifier
    assert Terms("http://other.example/").Practice == "<http://other.example/Practice>"  # not shared


def test_terms_refuses_dunder_names() -> None:
    """Protocol look-ups (copy, pickle, numpy …) must not be answered with a term."""
    terms = Terms("http://example.org/")
    assert not hasattr(terms, "__deepcopy__")
    with pytest.raises(AttributeError):
        terms.__getattr__("__length_hint__")


def test_term_shorthand() -> None:
    assert term("http://example.org/a") == "<http://example.org/a>"
    assert term("<http://example.org/a>") == "<http://example.org/a>"
    assert term('"text"@zh') == '"text"@zh'
    assert term(literal("a <b>")) == '"a <b>"'
    assert term(integer(3)) == integer(3)
    with pytest.raises(ValueError, match="not an IRI"):
        term("not an IRI")


@pytest.mark.parametrize(
    "bad", ["http://example.org/a b", "http://example.org/<a>", 'http://e/"', "http://e/\n", "http://e/\\"]
)
def test_iri_refuses_what_the_grammar_forbids(bad: str) -> None:
    with pytest.raises(ValueError, match="not an IRI"):
        iri(bad)


def test_iri_of_unicode_is_parsed_by_both() -> None:
    value = "https://w3id.org/inspection-kg/id/region/中文"
    line = f"{iri(value)} {PREDICATE} {literal('x')} .\n"
    (quad,) = pyoxigraph.parse(line.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert isinstance(quad.subject, pyoxigraph.NamedNode) and quad.subject.value == value
    ((subject, _, _),) = rdflib.Graph().parse(data=line, format="nt")
    assert subject == rdflib.URIRef(value)

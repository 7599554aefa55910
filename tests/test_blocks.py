"""Blocks of named graphs and the index of the shared graphs (src/inspection_kg/model/graphs.py), on
hand-made triples: sealed blocks are in reading order (subjects sorted, each subject's rdf:type
triples first) and free of duplicates, ``add`` tells IRIs from terms, ``SharedIndex.reachable``
follows IRI objects transitively and stops where told."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from inspection_kg.model.graphs import Block, SharedIndex, add, iris_in
from inspection_kg.model.terms import Triple

EX = "http://example.org/"
P, Q = f"<{EX}p>", f"<{EX}q>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"  # sorts after P and Q


def reading_order(triples: Iterable[Triple]) -> list[Triple]:
    return sorted(triples, key=lambda t: (t[0], t[1] != TYPE, t[1], t[2]))


def n(name: str) -> str:
    """An IRI term of the example namespace."""
    return f"<{EX}{name}>"


def test_sealed_sorts_each_graph_and_drops_duplicates() -> None:
    block = Block()
    stated = block.graph(f"{EX}graph/b")
    stated.add((n("z"), P, '"3"'))
    stated.add((n("a"), P, '"1"'))
    stated.add((n("a"), P, '"1"'))  # the same triple twice
    block.graph(f"{EX}graph/a").add((n("m"), Q, n("a")))
    block.graph(f"{EX}graph/b").add((n("a"), P, '"0"'))  # the same set as `stated`
    graphs, union = block.sealed()
    assert graphs == [
        (f"{EX}graph/a", [(n("m"), Q, n("a"))]),
        (f"{EX}graph/b", [(n("a"), P, '"0"'), (n("a"), P, '"1"'), (n("z"), P, '"3"')]),
    ]
    assert union == [(n("a"), P, '"0"'), (n("a"), P, '"1"'), (n("m"), Q, n("a")), (n("z"), P, '"3"')]
    assert len(block) == 4


def test_empty_graphs_are_dropped_from_the_sealed_block() -> None:
    block = Block()
    block.graph(f"{EX}graph/empty")
    block.graph(f"{EX}graph/full").add((n("s"), P, n("o")))
    block.graph(f"{EX}graph/also-empty")
    graphs, union = block.sealed()
    assert [name for name, _ in graphs] == [f"{EX}graph/full"]
    assert union == [(n("s"), P, n("o"))]
    assert len(block) == 1
    assert Block().sealed() == ([], [])


def test_sealed_puts_each_subjects_classes_first() -> None:
    block = Block()
    block.graph(f"{EX}g").update(
        [(n("b"), P, n("x")), (n("b"), TYPE, n("B")), (n("a"), Q, n("y")), (n("a"), TYPE, n("A"))]
    )
    block.graph(f"{EX}h").update([(n("a"), P, n("z")), (n("a"), TYPE, n("Z"))])
    graphs, union = block.sealed()
    assert graphs == [
        (
            f"{EX}g",
            [(n("a"), TYPE, n("A")), (n("a"), Q, n("y")), (n("b"), TYPE, n("B")), (n("b"), P, n("x"))],
        ),
        (f"{EX}h", [(n("a"), TYPE, n("Z")), (n("a"), P, n("z"))]),
    ]
    assert union == [
        (n("a"), TYPE, n("A")),
        (n("a"), TYPE, n("Z")),
        (n("a"), P, n("z")),
        (n("a"), Q, n("y")),
        (n("b"), TYPE, n("B")),
        (n("b"), P, n("x")),
    ]


def test_graph_is_created_once() -> None:
    block = Block()
    first = block.graph(f"{EX}g")
    first.add((n("s"), P, n("o")))
    assert block.graph(f"{EX}g") is first
    assert block.names() == [f"{EX}g"]


_names = st.sampled_from([f"{EX}graph/{x}" for x in ("stated", "added", "inferred", "provenance", "ref")])
_terms = st.sampled_from([n("a"), n("b"), n("a/b"), n("ab"), '"a"', '"a"@zh', '"a"^^<http://x/t>', '"b"'])
_triples = st.tuples(_terms.filter(lambda t: t[0] == "<"), st.sampled_from([P, Q, TYPE]), _terms)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_names, _triples), max_size=40))
def test_sealed_matches_an_independent_computation(additions: list[tuple[str, Triple]]) -> None:
    block = Block()
    for name, triple in additions:
        block.graph(name).add(triple)
    graphs, union = block.sealed()
    expected: dict[str, set[Triple]] = {}
    for name, triple in additions:
        expected.setdefault(name, set()).add(triple)
    assert graphs == [(name, reading_order(expected[name])) for name in sorted(expected)]
    for _, triples in graphs:
        assert len(triples) == len(set(triples))  # no duplicates
    # The union holds each graph's triples (a triple in two graphs twice), in reading order.
    assert union == reading_order(itertools.chain.from_iterable(triples for _, triples in graphs))
    assert len(block) == sum(len(triples) for triples in expected.values())


@settings(max_examples=100, deadline=None)
@given(st.lists(_triples, max_size=40, unique=True), st.lists(_names, min_size=1, max_size=5, unique=True))
def test_union_of_disjoint_graphs_is_the_sorted_set(triples: list[Triple], names: list[str]) -> None:
    """Graphs that share no triple (the builder's blocks): the union is every triple once."""
    block = Block()
    for index, triple in enumerate(triples):
        block.graph(names[index % len(names)]).add(triple)
    _, union = block.sealed()
    assert union == reading_order(set(triples))


def test_add_wraps_plain_iris_and_keeps_terms() -> None:
    target: set[Triple] = set()
    add(target, f"{EX}s", P, f"{EX}o")
    add(target, f"{EX}s", P, n("already"))
    add(target, f"{EX}s", P, '"text"@zh')
    add(target, f"{EX}s", P, '"<not an IRI>"')
    add(target, f"{EX}s", P, '"5"^^<http://www.w3.org/2001/XMLSchema#integer>')
    add(target, f"{EX}s", P, f"{EX}o")  # again: a set keeps it once
    assert target == {
        (n("s"), P, n("o")),
        (n("s"), P, n("already")),
        (n("s"), P, '"text"@zh'),
        (n("s"), P, '"<not an IRI>"'),
        (n("s"), P, '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    }


def _index(*triples: Triple) -> SharedIndex:
    index = SharedIndex()
    index.add(list(triples))
    return index


def test_reachable_follows_iri_objects_transitively() -> None:
    chain = [
        (n("a"), P, n("b")),
        (n("b"), P, n("c")),
        (n("c"), P, '"c"@zh'),
        (n("c"), Q, n("d")),  # d has no triples of its own
        (n("x"), P, n("y")),  # not reachable from a
        (n("b"), Q, '"b"'),
    ]
    index = _index(*chain)
    assert index.reachable({n("a")}) == sorted(t for t in chain if t[0] != n("x"))
    assert index.reachable({n("c")}) == [(n("c"), P, '"c"@zh'), (n("c"), Q, n("d"))]
    assert index.reachable({n("d")}) == []
    assert index.reachable(set()) == []
    assert index.reachable({n("a"), n("x")}) == sorted(chain)


def test_reachable_does_not_follow_literals_or_predicates() -> None:
    index = _index(
        (n("a"), P, '"b"'),  # a literal that happens to read like a subject
        ('"b"', P, n("z")),
        (n("a"), n("pred"), '"1"'),
        (n("pred"), P, n("z")),  # a predicate is not followed
    )
    assert index.reachable({n("a")}) == [(n("a"), P, '"b"'), (n("a"), n("pred"), '"1"')]


def test_reachable_handles_cycles() -> None:
    cycle = [(n("a"), P, n("b")), (n("b"), P, n("c")), (n("c"), P, n("a")), (n("a"), Q, n("a"))]
    index = _index(*cycle)
    for start in ("a", "b", "c"):
        assert index.reachable({n(start)}) == sorted(cycle)


def test_reachable_stops_at_leave_out() -> None:
    triples = [
        (n("a"), P, n("b")),
        (n("b"), P, n("c")),  # object left out: neither returned nor followed
        (n("c"), P, n("d")),  # only reachable through c
        (n("b"), Q, n("e")),
        (n("e"), P, '"e"'),
        (n("b"), P, n("left")),  # (subject left out below)
        (n("left"), P, n("f")),  # subject left out
        (n("f"), P, '"f"'),
    ]
    index = _index(*triples)
    reached = index.reachable({n("a")}, frozenset({n("c"), n("left")}))
    assert reached == sorted([(n("a"), P, n("b")), (n("b"), Q, n("e")), (n("e"), P, '"e"')])
    # A start that is left out gives nothing of its own.
    assert index.reachable({n("left")}, frozenset({n("left")})) == []
    # Leaving out what is not there changes nothing.
    assert index.reachable({n("a")}, frozenset({n("nowhere")})) == index.reachable({n("a")})


def test_reachable_is_sorted_whatever_the_insertion_order() -> None:
    triples = [(n(f"s{i}"), P, n(f"s{i + 1}")) for i in range(20)] + [(n("s0"), Q, '"z"')]
    forward = _index(*triples).reachable({n("s0")})
    backward = _index(*reversed(triples)).reachable({n("s0")})
    assert forward == backward == sorted(triples)


def test_everything_is_sorted() -> None:
    triples = [(n("b"), P, '"1"'), (n("a"), Q, n("b")), (n("a"), P, n("c"))]
    index = SharedIndex()
    index.add(triples[:1])
    index.add(triples[1:])
    assert index.everything() == sorted(triples)


def test_iris_in_takes_subjects_and_iri_objects() -> None:
    triples = [
        (n("s"), P, n("o")),
        (n("s"), Q, '"<http://example.org/literal>"'),
        (n("t"), n("predicate-only"), '"1"@zh'),
    ]
    assert iris_in(triples) == {n("s"), n("o"), n("t")}
    assert iris_in([]) == set()

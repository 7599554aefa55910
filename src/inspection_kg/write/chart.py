"""Practices per province-level region as a bar chart: its rows gathered from the build's
stream of N-Triples terms (``ProvinceChart``), keeping only the little it draws, so a corpus
never has to sit in an rdflib graph for it; chart_svg.py draws them (hand-written SVG, svg.py).

Hand-written rather than plotted so that the bytes depend on the graph alone (no plotting
library release, no font metrics): everything is sorted, coordinates are rounded to one
decimal, and text stays ``<text>`` with CJK fonts named first, so Chinese labels render as
characters and can be searched and copied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model.terms import Term, Triple, iri_value, is_iri, literal_parts
from ..model.vocab import T, local_name
from .chart_svg import Row, chart_svg
from .svg import chosen_label, is_chinese

# Chart: practices per province-level region

# The chart's share of the triples, by predicate: every other triple costs one dict look-up.
_TYPE, _SPATIAL, _AGENT, _NOTICE, _NUMBER, _BROADER, _LEVEL, _NOTATION, _PREF_LABEL, _TITLE = range(10)
_ROLE_OF_PREDICATE: dict[Term, int] = {
    T.RDF.type: _TYPE,
    T.DCTERMS.spatial: _SPATIAL,
    T.IKG.attributedTo: _AGENT,
    T.IKG.commendedIn: _NOTICE,
    T.ELI.id_local: _NUMBER,
    T.SKOS.broader: _BROADER,
    T.IKG.adminLevel: _LEVEL,
    T.SKOS.notation: _NOTATION,
    T.SKOS.prefLabel: _PREF_LABEL,
    T.DCTERMS.title: _TITLE,
}
_PRACTICE = T.IKG.Practice
# A subject's targets of one link: nearly always one, kept bare (a list would cost ~60 bytes more).
_Targets = dict[Term, Term | list[Term]]


class ProvinceChart:
    """Bar chart of commended practices per province-level region, so readers see where they are from.

    A practice counts once for every province that one of its ``dcterms:spatial`` regions is, or lies
    under through ``skos:broader*``; practices without any region get an extra, grey row and a note
    naming the agents they are attributed to.

    Fed in blocks of N-Triples terms (terms.py) in any order and batching, it keeps only what the
    chart needs: per subject its type ikg:Practice, regions, agents and notice; per notice its
    ``eli:id_local``; per region its ``skos:broader``, whether it is province-level, its least
    ``skos:notation``; per node its least Chinese ``skos:prefLabel`` and ``dcterms:title``.
    """

    def __init__(self) -> None:
        self._practices: set[Term] = set()
        self._regions_of: _Targets = {}
        self._agents_of: _Targets = {}
        self._notices_of: _Targets = {}
        self._broader_of: _Targets = {}
        self._numbers_of: dict[Term, list[str]] = {}
        self._province_level: set[Term] = set()
        self._notation_of: dict[Term, str] = {}
        self._pref_label_of: dict[Term, str] = {}
        self._title_of: dict[Term, str] = {}
        # One string per kept term: a corpus repeats the same IRIs in many triples.
        self._one_copy: dict[Term, Term] = {}

    def add(self, triples: Iterable[Triple]) -> None:
        """Take what the chart needs from ``triples``; any number of calls, blocks in any order."""
        role_of = _ROLE_OF_PREDICATE
        one_copy = self._one_copy
        links: dict[int, _Targets] = {
            _SPATIAL: self._regions_of,
            _AGENT: self._agents_of,
            _NOTICE: self._notices_of,
            _BROADER: self._broader_of,
        }
        for subject, predicate, obj in triples:
            role = role_of.get(predicate)
            if role is None:
                continue
            if role == _TYPE:
                if obj == _PRACTICE:
                    self._practices.add(one_copy.setdefault(subject, subject))
            elif role in links:
                # Only IRIs count as regions, agents and broader regions; a notice that is no IRI
                # has no eli:id_local, so it may stay.
                if role != _NOTICE and not is_iri(obj):
                    continue
                subject = one_copy.setdefault(subject, subject)
                obj = one_copy.setdefault(obj, obj)
                targets_of = links[role]
                targets = targets_of.get(subject)
                if targets is None:
                    targets_of[subject] = obj
                elif isinstance(targets, str):
                    targets_of[subject] = [targets, obj]
                else:
                    targets.append(obj)
            elif role == _PREF_LABEL or role == _TITLE:
                text = _chinese_text(obj)
                if text is not None:
                    labels = self._pref_label_of if role == _PREF_LABEL else self._title_of
                    _keep_least(labels, one_copy.setdefault(subject, subject), text)
            elif role == _NOTATION:
                _keep_least(self._notation_of, subject, _text_of(obj))
            elif role == _LEVEL:
                if _text_of(obj).rstrip("/").rsplit("/", 1)[-1] == "province":
                    self._province_level.add(subject)
            else:  # _NUMBER
                self._numbers_of.setdefault(subject, []).append(_text_of(obj))

    def province_counts(self) -> dict[Term, int]:
        """Practices per province-level region (a practice once per province it is in)."""
        provinces_of: dict[Term, set[Term]] = {}  # by region: its closure is the same for every practice
        counts: dict[Term, int] = {}
        for practice in sorted(p for p in self._practices if is_iri(p)):
            provinces: set[Term] = set()
            for region in _targets_of(self._regions_of, practice):
                if region not in provinces_of:
                    provinces_of[region] = self._provinces_of(region)
                provinces |= provinces_of[region]
            for province in provinces:
                counts[province] = counts.get(province, 0) + 1
        return counts

    def located_counts(self) -> dict[Term, int]:
        """Practices per region they are located in (dcterms:spatial), any level."""
        counts: dict[Term, int] = {}
        for practice in sorted(p for p in self._practices if is_iri(p)):
            for region in set(_targets_of(self._regions_of, practice)):
                counts[region] = counts.get(region, 0) + 1
        return counts

    def is_province(self, region: Term) -> bool:
        return region in self._province_level

    def svg(self) -> bytes:
        """The chart of every triple added so far."""
        practices = sorted(p for p in self._practices if is_iri(p))
        unplaced = [practice for practice in practices if not _targets_of(self._regions_of, practice)]
        rows = [
            Row(self.notation(province), self.label(province), n)
            for province, n in self.province_counts().items()
        ]
        rows.sort(key=lambda row: (-row.count, row.code, row.label))
        notices = sorted(
            {
                number
                for practice in practices
                for notice in _targets_of(self._notices_of, practice)
                for number in self._numbers_of.get(notice, ())
            }
        )
        agents = sorted(
            {self.label(agent) for practice in unplaced for agent in _targets_of(self._agents_of, practice)}
        )
        return chart_svg(rows, notices, len(unplaced), agents)

    def _provinces_of(self, region: Term) -> set[Term]:
        """The province-level regions among ``region`` and its ancestors (the tops if none says so)."""
        seen: set[Term] = set()
        todo = [region]
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(_targets_of(self._broader_of, node))
        provinces = seen & self._province_level
        return provinces or {node for node in seen if node not in self._broader_of}

    def notation(self, node: Term) -> str:
        notation = self._notation_of.get(node)
        return notation if notation is not None else local_name(iri_value(node))

    def label(self, node: Term) -> str:
        return chosen_label(iri_value(node), self._pref_label_of.get(node), self._title_of.get(node))


def _targets_of(targets: _Targets, node: Term) -> Sequence[Term]:
    found = targets.get(node, ())
    return (found,) if isinstance(found, str) else found


def _keep_least(values: dict[Term, str], node: Term, value: str) -> None:
    """Keep the least value per node: labels and notations pick the first in sorted order."""
    current = values.get(node)
    if current is None or value < current:
        values[node] = value


def _chinese_text(term: Term) -> str | None:
    """The text of a Chinese literal, None for any other term."""
    if term.endswith('"@zh'):  # the tag the builder writes: no parse unless escaped
        return term[1:-4] if "\\" not in term else literal_parts(term)[0]
    if not term.startswith('"') or term.endswith('"@en'):
        return None
    text, language, _ = literal_parts(term)
    return text if is_chinese(language) else None


def _text_of(term: Term) -> str:
    """What rdflib's ``str()`` gives: an IRI's value, a literal's lexical form, a blank node's id."""
    if is_iri(term):
        return iri_value(term)
    if term.startswith("_:"):
        return term[2:]
    return literal_parts(term)[0]

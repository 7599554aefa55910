"""Practices per province-level region as a bar chart (hand-written SVG, svg.py), gathered
from the build's stream of N-Triples terms (``ProvinceChart``), keeping only the little it
draws, so a corpus never has to sit in an rdflib graph for it.

Hand-written rather than plotted so that the bytes depend on the graph alone (no plotting
library release, no font metrics): everything is sorted, coordinates are rounded to one
decimal, and text stays ``<text>`` with CJK fonts named first, so Chinese labels render as
characters and can be searched and copied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model.terms import Term, Triple, iri_value, is_iri, literal_parts
from ..model.vocab import T, local_name
from .svg import (
    FAINT,
    GRID,
    INK,
    MARGIN,
    MUTED,
    attribute,
    chosen_label,
    document,
    is_chinese,
    tag,
    text_width,
)

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


@dataclass(frozen=True)
class _Row:
    code: str
    label: str
    count: int
    unplaced: bool = False


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

    def svg(self) -> bytes:
        """The chart of every triple added so far."""
        practices = sorted(p for p in self._practices if is_iri(p))
        provinces_of: dict[Term, set[Term]] = {}  # by region: its closure is the same for every practice
        counts: dict[Term, int] = {}
        unplaced: list[Term] = []
        for practice in practices:
            regions = _targets_of(self._regions_of, practice)
            if not regions:
                unplaced.append(practice)
                continue
            provinces: set[Term] = set()
            for region in regions:
                if region not in provinces_of:
                    provinces_of[region] = self._provinces_of(region)
                provinces |= provinces_of[region]
            for province in provinces:
                counts[province] = counts.get(province, 0) + 1
        rows = [_Row(self._notation(province), self._label(province), n) for province, n in counts.items()]
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
            {self._label(agent) for practice in unplaced for agent in _targets_of(self._agents_of, practice)}
        )
        return _chart_svg(rows, notices, len(unplaced), agents)

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

    def _notation(self, node: Term) -> str:
        notation = self._notation_of.get(node)
        return notation if notation is not None else local_name(iri_value(node))

    def _label(self, node: Term) -> str:
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


# A note lists at most this many names; a corpus names the first ones, the last and the count.
MAX_LISTED = 6


def _listed(names: list[str]) -> str:
    if len(names) <= MAX_LISTED:
        return "、".join(names)
    return f"{'、'.join(names[: MAX_LISTED - 1])} … {names[-1]}（共 {len(names)} / {len(names)} in all）"


def _chart_svg(rows: list[_Row], notices: list[str], unplaced: int, agents: list[str]) -> bytes:
    """Draw the rows (provinces, sorted) with the practices without a division and their agents."""
    if unplaced:
        rows = [*rows, _Row("", "无行政区划 / no division", unplaced, unplaced=True)]

    title = "各省级行政区受表扬的典型经验做法数量"
    subtitle = "Commended practices per province-level region"
    notes: list[str] = []
    if unplaced:
        named = f"（{_listed(agents)}）" if agents else ""
        notes.append(f"{unplaced} 项做法无行政区划代码{named}，单列为“无行政区划”。")
        has = "practice has" if unplaced == 1 else "practices have"
        notes.append(f'{unplaced} {has} no administrative division code, shown as "no division".')
    notes.append("一项做法在其所在的每个省级行政区各计一次。")
    notes.append("A practice counts once for every province-level region it is located in.")
    if notices:
        notes.append(f"来源 Source: {_listed(notices)}")

    label_size, value_size, tick_size, note_size = 13.0, 12.0, 11.0, 11.5
    row_height, bar_height, plot_width = 26.0, 16.0, 420.0
    label_width = max([text_width(row.label, label_size) for row in rows] + [40.0])
    maximum = max([row.count for row in rows] + [0])
    step = _tick_step(maximum)
    axis_max = max(step, math.ceil(maximum / step) * step)
    value_room = text_width(str(maximum), value_size) + 12.0

    plot_left = MARGIN + label_width + 12.0
    plot_top = 92.0
    plot_bottom = plot_top + row_height * len(rows) + 6.0
    axis_title = "做法数量 / number of practices"
    notes_top = plot_bottom + 56.0
    width = max(
        plot_left + plot_width + value_room + MARGIN,
        MARGIN * 2 + text_width(title, 20.0),
        MARGIN * 2 + max([text_width(note, note_size) for note in notes] + [0.0]),
    )
    height = notes_top + 18.0 * len(notes) + MARGIN - 6.0
    scale = plot_width / axis_max

    body: list[str] = [
        tag(
            "text",
            [("x", MARGIN), ("y", 40.0), ("font-size", 20.0), ("font-weight", "bold"), ("fill", INK)],
            title,
        ),
        tag("text", [("x", MARGIN), ("y", 62.0), ("font-size", 13.0), ("fill", MUTED)], subtitle),
    ]
    # Grid and x axis with integer ticks.
    for tick in range(0, axis_max + 1, step):
        x = plot_left + tick * scale
        body.append(
            tag("line", [("x1", x), ("y1", plot_top - 4.0), ("x2", x), ("y2", plot_bottom), ("stroke", GRID)])
        )
        body.append(
            tag(
                "text",
                [
                    ("class", "tick"),
                    ("x", x),
                    ("y", plot_bottom + 16.0),
                    ("font-size", tick_size),
                    ("fill", MUTED),
                    ("text-anchor", "middle"),
                ],
                str(tick),
            )
        )
    body.append(
        tag(
            "line",
            [
                ("x1", plot_left),
                ("y1", plot_bottom),
                ("x2", plot_left + plot_width),
                ("y2", plot_bottom),
                ("stroke", FAINT),
            ],
        )
    )
    body.append(
        tag(
            "text",
            [
                ("x", plot_left + plot_width / 2),
                ("y", plot_bottom + 36.0),
                ("font-size", tick_size),
                ("fill", MUTED),
                ("text-anchor", "middle"),
            ],
            axis_title,
        )
    )
    # Bars.
    for index, row in enumerate(rows):
        top = plot_top + index * row_height
        centre = top + row_height / 2
        bar_top = centre - bar_height / 2
        ident = "bar-none" if row.unplaced else f"bar-{row.code}"
        tooltip = f"{row.label}: {row.count}" if row.unplaced else f"{row.label}（{row.code}）: {row.count}"
        if row.unplaced and index:
            body.append(
                tag(
                    "line",
                    [
                        ("x1", MARGIN),
                        ("y1", top),
                        ("x2", plot_left + plot_width),
                        ("y2", top),
                        ("stroke", GRID),
                        ("stroke-dasharray", "4 3"),
                    ],
                )
            )
        body.append(f"<g id={attribute(ident)}>")
        body.append(tag("title", [], tooltip))
        body.append(
            tag(
                "text",
                [
                    ("class", "bar-label"),
                    ("x", plot_left - 10.0),
                    ("y", centre + label_size * 0.36),
                    ("font-size", label_size),
                    ("fill", MUTED if row.unplaced else INK),
                    ("text-anchor", "end"),
                ],
                row.label,
            )
        )
        body.append(
            tag(
                "rect",
                [
                    ("class", "bar"),
                    ("x", plot_left),
                    ("y", bar_top),
                    ("width", row.count * scale),
                    ("height", bar_height),
                    ("fill", "#9aa5b1" if row.unplaced else "#3b6ea8"),
                ],
            )
        )
        body.append(
            tag(
                "text",
                [
                    ("class", "bar-value"),
                    ("x", plot_left + row.count * scale + 6.0),
                    ("y", centre + value_size * 0.36),
                    ("font-size", value_size),
                    ("fill", INK),
                ],
                str(row.count),
            )
        )
        body.append("</g>")
    for index, note in enumerate(notes):
        body.append(
            tag(
                "text",
                [
                    ("class", "note"),
                    ("x", MARGIN),
                    ("y", notes_top + 18.0 * index),
                    ("font-size", note_size),
                    ("fill", MUTED),
                ],
                note,
            )
        )
    desc = f"{subtitle}. " + "；".join(f"{row.label} {row.count}" for row in rows) + "。 " + " ".join(notes)
    return document(width, height, f"{title} — {subtitle}", desc, body)


def _tick_step(maximum: int) -> int:
    """The smallest 1-2-5 step that gives at most eight intervals."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if math.ceil(maximum / (factor * magnitude)) <= 8:
                return factor * magnitude
        magnitude *= 10

"""Two pictures of the graph as hand-written SVG: practices per province, one resource's neighbourhood.

The chart is gathered from the build's stream of N-Triples terms (``ProvinceChart``), keeping only the
little it draws, so a corpus never has to sit in an rdflib graph for it; the neighbourhood is drawn
from a small rdflib graph around one resource.

Hand-written rather than plotted so that the bytes depend on the graph alone (no plotting library
release, no font metrics, no random layout): everything is sorted, coordinates are rounded to one
decimal, and text stays ``<text>`` with CJK fonts named first, so Chinese labels render as characters
and can be searched and copied.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..model.terms import Term, Triple, iri_value, is_iri, literal_parts
from ..model.vocab import IKG, ORG, SCHEMA, T, curie, local_name

__all__ = ["ProvinceChart", "neighbourhood_svg"]

FONT_FAMILY = (
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', "
    "'WenQuanYi Micro Hei', sans-serif"
)
INK = "#1f2933"
MUTED = "#52606d"
FAINT = "#7b8794"
GRID = "#e4e7eb"
MARGIN = 24.0

# Which links the neighbourhood follows out of a node, by the node's kind.
PRACTICE_LINKS = (IKG.attributedTo, DCTERMS.spatial, IKG.commendedIn, IKG.identifiedDuring)
AGENT_LINKS = (ORG.subOrganizationOf, DCTERMS.spatial)
REGION_LINKS = (SKOS.broader,)
_LINKS = {"practice": PRACTICE_LINKS, "agent": AGENT_LINKS, "region": REGION_LINKS}
_KIND_ORDER = ("practice", "agent", "region", "other")
# Fill, stroke, text colour of a box, by kind; the focus gets its own.
_FOCUS_STYLE = ("#1f4e79", "#163a5c", "#ffffff", "#d9e6f2")
_BOX_STYLE = {
    "practice": ("#dbe7f3", "#1f4e79", INK, MUTED),
    "agent": ("#fdf1e3", "#c2701f", INK, MUTED),
    "region": ("#e6f3e8", "#3f8f4f", INK, MUTED),
    "other": ("#eef0f4", FAINT, INK, MUTED),
}
_TYPE_PREFERENCE = ("ikg", "schema", "org", "eli")
_CLOSING = set("，。、；：！？）》」』”’·…,.;:!?)")
_OPENING = set("（《「『“‘(")


# --------------------------------------------------------------------------------------------------
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
        return _chosen_label(iri_value(node), self._pref_label_of.get(node), self._title_of.get(node))


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
    return text if _is_chinese(language) else None


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
    label_width = max([_text_width(row.label, label_size) for row in rows] + [40.0])
    maximum = max([row.count for row in rows] + [0])
    step = _tick_step(maximum)
    axis_max = max(step, math.ceil(maximum / step) * step)
    value_room = _text_width(str(maximum), value_size) + 12.0

    plot_left = MARGIN + label_width + 12.0
    plot_top = 92.0
    plot_bottom = plot_top + row_height * len(rows) + 6.0
    axis_title = "做法数量 / number of practices"
    notes_top = plot_bottom + 56.0
    width = max(
        plot_left + plot_width + value_room + MARGIN,
        MARGIN * 2 + _text_width(title, 20.0),
        MARGIN * 2 + max([_text_width(note, note_size) for note in notes] + [0.0]),
    )
    height = notes_top + 18.0 * len(notes) + MARGIN - 6.0
    scale = plot_width / axis_max

    body: list[str] = [
        _tag(
            "text",
            [("x", MARGIN), ("y", 40.0), ("font-size", 20.0), ("font-weight", "bold"), ("fill", INK)],
            title,
        ),
        _tag("text", [("x", MARGIN), ("y", 62.0), ("font-size", 13.0), ("fill", MUTED)], subtitle),
    ]
    # Grid and x axis with integer ticks.
    for tick in range(0, axis_max + 1, step):
        x = plot_left + tick * scale
        body.append(
            _tag(
                "line", [("x1", x), ("y1", plot_top - 4.0), ("x2", x), ("y2", plot_bottom), ("stroke", GRID)]
            )
        )
        body.append(
            _tag(
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
        _tag(
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
        _tag(
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
                _tag(
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
        body.append(f"<g id={_attribute(ident)}>")
        body.append(_tag("title", [], tooltip))
        body.append(
            _tag(
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
            _tag(
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
            _tag(
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
            _tag(
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
    return _document(width, height, f"{title} — {subtitle}", desc, body)


def _tick_step(maximum: int) -> int:
    """The smallest 1-2-5 step that gives at most eight intervals."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if math.ceil(maximum / (factor * magnitude)) <= 8:
                return factor * magnitude
        magnitude *= 10


# --------------------------------------------------------------------------------------------------
# Neighbourhood: the focus, what it links to, and one more hop for agents and regions


@dataclass(frozen=True)
class _Edge:
    source: URIRef
    predicate: URIRef
    target: URIRef


@dataclass
class _Slot:
    """A box (a node) or a dummy point that carries a long edge through a column."""

    key: str
    node: URIRef | None
    width: float
    height: float
    x: float = 0.0
    y: float = 0.0


def neighbourhood_svg(graph: Graph, focus: str) -> bytes:
    """Layered drawing of the graph around ``focus``, to show a reader what one resource links to.

    Follows the focus's links (for a practice: agents, regions, notice, campaign), one more hop out of
    the agents and regions reached (``org:subOrganizationOf``, ``dcterms:spatial``) and every region's
    ``skos:broader`` chain to the top. Columns are longest-path layers, so every arrow points right;
    long arrows pass through their own slots, and the rows are ordered to reduce crossings.
    ``focus`` is an IRI, as a URIRef or a plain string.
    """
    focus = URIRef(focus)  # a plain str would match no rdflib term
    nodes, edges = _neighbourhood(graph, focus)
    rank = _ranks(focus, nodes, edges)

    # Layers with dummy slots for arrows spanning more than one column.
    layers: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for node in sorted(nodes, key=lambda n: (_KIND_ORDER.index(_kind(graph, n)), _label(graph, n), str(n))):
        layers[rank[node]].append(str(node))
    dummies: set[str] = set()
    chains: list[list[str]] = []
    for index, edge in enumerate(edges):
        chain = [str(edge.source)]
        for through in range(rank[edge.source] + 1, rank[edge.target]):
            key = f" dummy {index} {through}"
            dummies.add(key)
            layers[through].append(key)
            chain.append(key)
        chains.append([*chain, str(edge.target)])
    # Segments: (from slot, to slot, label or "" when the segment continues a long arrow).
    edge_labels = [_curie(graph, edge.predicate) for edge in edges]
    segments = [
        (chain[i], chain[i + 1], text if i == 0 else "")
        for chain, text in zip(chains, edge_labels, strict=True)
        for i in range(len(chain) - 1)
    ]
    layers = _order(layers, [(a, b) for a, b, _ in segments])
    layer_of = {key: index for index, layer in enumerate(layers) for key in layer}

    # Boxes: tall enough to spread their arrows apart (labelled arrows in: one label height each).
    label_size, type_size, line_height, label_font, label_height = 14.0, 11.0, 19.0, 11.0, 15.0
    slots: dict[str, _Slot] = {key: _Slot(key, None, 0.0, 14.0) for key in sorted(dummies)}
    lines_of: dict[URIRef, list[str]] = {}
    type_of: dict[URIRef, str] = {}
    for node in nodes:
        key = str(node)
        lines_of[node] = _wrap(_label(graph, node), 15 * label_size, label_size, 3)
        type_of[node] = _curie(graph, _primary_type(graph, node)) if _types(graph, node) else ""
        widths = [_text_width(line, label_size) for line in lines_of[node]]
        height = 16.0 + line_height * len(lines_of[node]) + (type_size + 4.0 if type_of[node] else 0.0)
        n_out = sum(1 for a, _, _ in segments if a == key)
        n_in = sum(1 for _, b, _ in segments if b == key)
        labelled_in = sum(1 for _, b, text in segments if b == key and text)
        height = max(
            height, 16.0 * (n_out + 1), (label_height + 3.0) * (n_in + 1) if labelled_in > 1 else 0.0
        )
        slots[key] = _Slot(key, node, max([*widths, _text_width(type_of[node], type_size)]) + 24.0, height)

    # Columns: one box width per column; each gap fits the longest label that ends in it.
    column_width = [max([slots[k].width for k in layer] + [40.0]) for layer in layers]
    run = [0.0] * len(layers)  # the straight approach before the next column, where labels sit
    for a, b, text in segments:
        if text:
            run[layer_of[a]] = max(run[layer_of[a]], _text_width(text, label_font) + 16.0)
    gap = [max(110.0, width + 80.0) for width in run]
    title_top, vertical_gap = 82.0, 18.0
    column_height = [
        sum(slots[k].height for k in layer) + vertical_gap * (len(layer) - 1) for layer in layers
    ]
    plot_height = max(column_height)
    x = MARGIN
    for index, column in enumerate(layers):
        y = title_top + (plot_height - column_height[index]) / 2
        for key in column:
            slot = slots[key]
            slot.width, slot.x, slot.y = column_width[index], x, y
            y += slot.height + vertical_gap
        x += column_width[index] + (gap[index] if index < len(layers) - 1 else 0.0)
    plot_right = x

    # Ports: arrows leave and enter a box spread over its side, in the order of their other ends.
    out_port: dict[int, float] = {}
    in_port: dict[int, float] = {}
    for key, slot in sorted(slots.items()):
        for port, mine, other in ((out_port, 0, 1), (in_port, 1, 0)):
            mine_ends = sorted(
                (n for n, segment in enumerate(segments) if segment[mine] == key),
                key=lambda n: (_centre(slots[segments[n][other]]), segments[n][other], n),
            )
            for rank_index, n in enumerate(mine_ends):
                port[n] = (
                    _centre(slot)
                    if slot.node is None
                    else slot.y + slot.height * (rank_index + 1) / (len(mine_ends) + 1)
                )

    # Arrows: a curve across the gap, then a straight run into the next column carrying the label.
    pieces: dict[int, str] = {}
    placed: list[tuple[float, float, str]] = []
    for i, (a_key, b_key, text) in enumerate(segments):
        here, there = slots[a_key], slots[b_key]
        x1, y1 = here.x + here.width, out_port[i]
        x3, y3 = there.x - (1.5 if there.node is not None else 0.0), in_port[i]
        x2 = x3 - (run[layer_of[a_key]] if text else 14.0)
        mid = (x1 + x2) / 2
        piece = f"C{_num(mid)},{_num(y1)} {_num(mid)},{_num(y3)} {_num(x2)},{_num(y3)} L{_num(x3)},{_num(y3)}"
        if there.node is None:  # straight on through the dummy's column
            piece += f" L{_num(there.x + there.width)},{_num(y3)}"
        if here.node is not None:
            piece = f"M{_num(x1)},{_num(y1)} " + piece
        pieces[i] = piece
        if text:
            placed.append(((x2 + x3) / 2, y3, text))
    arrow_paths: list[str] = []
    start = 0
    for edge, chain, text in zip(edges, chains, edge_labels, strict=True):
        count = len(chain) - 1
        d = " ".join(pieces[i] for i in range(start, start + count))
        start += count
        title = f"{_label(graph, edge.source)} {text} {_label(graph, edge.target)}"
        arrow_paths.append(
            "<g>"
            + _tag("title", [], title)
            + _tag(
                "path",
                [
                    ("d", d),
                    ("fill", "none"),
                    ("stroke", FAINT),
                    ("stroke-width", 1.3),
                    ("marker-end", "url(#arrow)"),
                ],
            )
            + "</g>"
        )
    # Titles.
    ordinal = sorted(int(str(o)) for o in graph.objects(focus, IKG.ordinal) if str(o).isdigit())
    if ordinal and _kind(graph, focus) == "practice":
        title = f"第{ordinal[0]}项典型经验做法在知识图谱中的关联"
        subtitle = f"Neighbourhood of practice {ordinal[0]} in the knowledge graph"
    else:
        name = _wrap(_label(graph, focus), 24 * 20.0, 20.0, 1)[0]
        title = f"{name}在知识图谱中的关联"
        subtitle = f"Neighbourhood of {_last_segment(focus)} in the knowledge graph"
    footer = f"中心资源 Focus: {focus}"
    plot_bottom = title_top + plot_height
    width = max(
        plot_right + MARGIN,
        MARGIN * 2 + _text_width(title, 20.0),
        MARGIN * 2 + _text_width(footer, 11.0),
    )
    height = plot_bottom + 56.0

    body: list[str] = [
        "<defs>",
        _tag(
            "marker",
            [
                ("id", "arrow"),
                ("viewBox", "0 0 10 10"),
                ("refX", 10.0),
                ("refY", 5.0),
                ("markerWidth", 8.0),
                ("markerHeight", 8.0),
                ("markerUnits", "userSpaceOnUse"),
                ("orient", "auto"),
            ],
            children=_tag("path", [("d", "M0,0 L10,5 L0,10 z"), ("fill", FAINT)]),
        ),
        "</defs>",
        _tag(
            "text",
            [("x", MARGIN), ("y", 40.0), ("font-size", 20.0), ("font-weight", "bold"), ("fill", INK)],
            title,
        ),
        _tag("text", [("x", MARGIN), ("y", 62.0), ("font-size", 13.0), ("fill", MUTED)], subtitle),
        '<g class="edges">',
        *arrow_paths,
        "</g>",
        '<g class="edge-labels">',
    ]
    for x, y, text in placed:
        w = _text_width(text, label_font) + 8.0
        body.append(
            _tag(
                "rect",
                [
                    ("x", x - w / 2),
                    ("y", y - label_height / 2),
                    ("width", w),
                    ("height", label_height),
                    ("rx", 3.0),
                    ("fill", "#ffffff"),
                    ("fill-opacity", 0.9),
                ],
            )
        )
        body.append(
            _tag(
                "text",
                [
                    ("class", "edge-label"),
                    ("x", x),
                    ("y", y + label_font * 0.36),
                    ("font-size", label_font),
                    ("fill", MUTED),
                    ("text-anchor", "middle"),
                ],
                text,
            )
        )
    body.append("</g>")
    body.append('<g class="nodes">')
    for node in nodes:
        slot = slots[str(node)]
        fill, stroke, ink, soft = _FOCUS_STYLE if node == focus else _BOX_STYLE[_kind(graph, node)]
        body.append(f'<g class="node" id="{_node_id(nodes, node)}">')
        body.append(_tag("title", [], str(node)))
        body.append(
            _tag(
                "rect",
                [
                    ("x", slot.x),
                    ("y", slot.y),
                    ("width", slot.width),
                    ("height", slot.height),
                    ("rx", 6.0),
                    ("fill", fill),
                    ("stroke", stroke),
                    ("stroke-width", 1.2),
                ],
            )
        )
        centre_x = slot.x + slot.width / 2
        bold: list[tuple[str, str | float]] = [("font-weight", "bold")] if node == focus else []
        content = line_height * len(lines_of[node]) + (type_size + 4.0 if type_of[node] else 0.0)
        baseline = slot.y + (slot.height - content) / 2 + line_height / 2 + label_size * 0.36
        for line in lines_of[node]:
            attributes: list[tuple[str, str | float]] = [
                ("class", "node-label"),
                ("x", centre_x),
                ("y", baseline),
                ("font-size", label_size),
                ("fill", ink),
                ("text-anchor", "middle"),
            ]
            body.append(_tag("text", attributes + bold, line))
            baseline += line_height
        if type_of[node]:
            body.append(
                _tag(
                    "text",
                    [
                        ("class", "node-type"),
                        ("x", centre_x),
                        ("y", baseline - 2.0),
                        ("font-size", type_size),
                        ("fill", soft),
                        ("text-anchor", "middle"),
                    ],
                    type_of[node],
                )
            )
        body.append("</g>")
    body.append("</g>")
    body.append(
        _tag("text", [("x", MARGIN), ("y", height - 18.0), ("font-size", 11.0), ("fill", FAINT)], footer)
    )
    desc = f"{subtitle}: " + "；".join(
        f"{_label(graph, e.source)} —{t}→ {_label(graph, e.target)}"
        for e, t in zip(edges, edge_labels, strict=True)
    )
    return _document(width, height, f"{title} — {subtitle}", desc, body)


def _neighbourhood(graph: Graph, focus: URIRef) -> tuple[list[URIRef], list[_Edge]]:
    """The nodes to draw (sorted) and every followed link among them (sorted)."""
    kind = _kind(graph, focus)
    focus_links = _LINKS.get(kind, PRACTICE_LINKS + AGENT_LINKS + REGION_LINKS)
    nodes: set[URIRef] = {focus}
    hop_one = _targets(graph, focus, focus_links)
    nodes.update(hop_one)
    for node in sorted(hop_one):
        if _kind(graph, node) in ("agent", "region"):
            nodes.update(_targets(graph, node, _LINKS[_kind(graph, node)]))
    # Every region's broader chain, up to the top.
    todo = sorted(n for n in nodes if _kind(graph, n) == "region")
    while todo:
        region = todo.pop()
        for parent in _targets(graph, region, REGION_LINKS):
            if parent not in nodes:
                nodes.add(parent)
                todo.append(parent)
    edges = sorted(
        {
            _Edge(node, predicate, target)
            for node in nodes
            for predicate in (focus_links if node == focus else _LINKS.get(_kind(graph, node), ()))
            for target in graph.objects(node, predicate)
            if isinstance(target, URIRef) and target in nodes and target != node
        },
        key=lambda e: (str(e.source), str(e.predicate), str(e.target)),
    )
    return sorted(nodes), edges


def _targets(graph: Graph, node: URIRef, predicates: Sequence[URIRef]) -> set[URIRef]:
    return {o for p in predicates for o in graph.objects(node, p) if isinstance(o, URIRef)}


def _ranks(focus: URIRef, nodes: Sequence[URIRef], edges: Sequence[_Edge]) -> dict[URIRef, int]:
    """Longest path from the focus (bounded, so a cycle cannot loop); every arrow then points right."""
    rank = {node: 0 for node in nodes}
    for _ in range(len(nodes)):
        changed = False
        for edge in edges:
            if edge.target != focus and rank[edge.target] < rank[edge.source] + 1:
                rank[edge.target] = rank[edge.source] + 1
                changed = True
        if not changed:
            break
    # Make every edge point right even in a cycle: drop a backward edge's target one column further.
    for node in nodes:
        if node != focus and rank[node] == 0:
            rank[node] = 1
    return rank


def _order(layers: list[list[str]], segments: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Barycentre sweeps, keeping the ordering with the fewest crossings (ties: the earlier one)."""
    ups: dict[str, list[str]] = {}
    downs: dict[str, list[str]] = {}
    for a, b in segments:
        downs.setdefault(a, []).append(b)
        ups.setdefault(b, []).append(a)
    current = [list(layer) for layer in layers]
    best = [list(layer) for layer in current]
    best_crossings = _crossings(best, segments)
    for sweep in range(8):
        downward = sweep % 2 == 0
        indices = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
        for index in indices:
            neighbour = current[index - 1] if downward else current[index + 1]
            position = {key: i for i, key in enumerate(neighbour)}
            links = ups if downward else downs
            layer = current[index]

            def barycentre(
                item: tuple[int, str],
                links: dict[str, list[str]] = links,
                position: dict[str, int] = position,
            ) -> tuple[float, int]:
                i, key = item
                ends = [position[k] for k in links.get(key, []) if k in position]
                return (sum(ends) / len(ends) if ends else float(i), i)

            current[index] = [key for _, key in sorted(enumerate(layer), key=barycentre)]
        crossings = _crossings(current, segments)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in current], crossings
    # Then swap neighbours while that removes crossings (bounded: each swap removes at least one).
    improved = True
    while improved and best_crossings:
        improved = False
        for layer in best:
            for i in range(len(layer) - 1):
                layer[i], layer[i + 1] = layer[i + 1], layer[i]
                crossings = _crossings(best, segments)
                if crossings < best_crossings:
                    best_crossings, improved = crossings, True
                else:
                    layer[i], layer[i + 1] = layer[i + 1], layer[i]
    return best


def _crossings(layers: Sequence[Sequence[str]], segments: Sequence[tuple[str, str]]) -> int:
    position = {key: i for layer in layers for i, key in enumerate(layer)}
    total = 0
    for i, (a1, b1) in enumerate(segments):
        for a2, b2 in segments[i + 1 :]:
            if (position[a1] - position[a2]) * (position[b1] - position[b2]) < 0:
                total += 1
    return total


def _centre(slot: _Slot) -> float:
    return slot.y + slot.height / 2


def _node_id(nodes: Sequence[URIRef], node: URIRef) -> str:
    return f"node-{list(nodes).index(node)}"


# --------------------------------------------------------------------------------------------------
# Shared helpers


def _types(graph: Graph, node: URIRef) -> list[URIRef]:
    return sorted(o for o in graph.objects(node, RDF.type) if isinstance(o, URIRef))


def _kind(graph: Graph, node: URIRef) -> str:
    types = set(_types(graph, node))
    if IKG.Practice in types:
        return "practice"
    if types & {ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit}:
        return "agent"
    if SCHEMA.AdministrativeArea in types:
        return "region"
    return "other"


def _primary_type(graph: Graph, node: URIRef) -> URIRef:
    """The type worth showing: our own terms first, then schema.org, org, ELI, then the rest."""

    def preference(iri: URIRef) -> tuple[int, str]:
        prefix = _curie(graph, iri).split(":", 1)[0]
        order = _TYPE_PREFERENCE.index(prefix) if prefix in _TYPE_PREFERENCE else len(_TYPE_PREFERENCE)
        return (order, str(iri))

    return min(_types(graph, node), key=preference)


def _label(graph: Graph, node: URIRef) -> str:
    pref_label = _least_chinese(graph, node, SKOS.prefLabel)
    return _chosen_label(str(node), pref_label, _least_chinese(graph, node, DCTERMS.title))


def _least_chinese(graph: Graph, node: URIRef, predicate: URIRef) -> str | None:
    texts = (
        str(o) for o in graph.objects(node, predicate) if isinstance(o, Literal) and _is_chinese(o.language)
    )
    return min(texts, default=None)


def _chosen_label(iri: str, pref_label: str | None, title: str | None) -> str:
    """The least ``skos:prefLabel``@zh, else the least ``dcterms:title``@zh, else the IRI's last path
    segment: the one rule of both pictures, over the chart's kept values or a graph's."""
    if pref_label is not None:
        return pref_label
    if title is not None:
        return title
    return local_name(iri)


def _is_chinese(language: str | None) -> bool:
    return (language or "").lower().split("-")[0] == "zh"


def _last_segment(node: URIRef) -> str:
    return local_name(str(node))


def _curie(graph: Graph, iri: URIRef) -> str:
    """A CURIE with our prefixes first, then the graph's own."""
    return curie(str(iri), {prefix: str(ns) for prefix, ns in graph.namespaces()}) or f"<{iri}>"


def _char_width(char: str) -> float:
    """Estimated advance in em: CJK (wide, fullwidth, ambiguous) 1, the rest 0.6."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.6


def _text_width(text: str, size: float) -> float:
    return sum(_char_width(char) for char in text) * size


def _wrap(text: str, width: float, size: float, max_lines: int) -> list[str]:
    """Lines of at most ``width``, balanced (so no lone last character), at most ``max_lines`` of
    them, the last ending in an ellipsis if text remains."""
    lines = _greedy_wrap(text, width, size)
    if 1 < len(lines) <= max_lines:
        balanced = _greedy_wrap(text, _text_width(text, size) / len(lines) + size, size)
        if len(balanced) == len(lines):
            lines = balanced
    if len(lines) > max_lines:
        last = "".join(lines[max_lines - 1 :])
        while last and _text_width(last + "…", size) > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last + "…"]
    return lines or [""]


def _greedy_wrap(text: str, width: float, size: float) -> list[str]:
    """Break at any character (CJK), keeping closing marks on the line before and opening marks on
    the line after."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and _text_width(line + char, size) > width and char not in _CLOSING:
            carry = ""
            while line and line[-1] in _OPENING:
                carry, line = line[-1] + carry, line[:-1]
            if line:
                lines.append(line)
            line = carry
        line += char
    if line:
        lines.append(line)
    return lines


def _num(value: float) -> str:
    """One decimal, no trailing ``.0``, no ``-0``: coordinates that print the same everywhere."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _attribute(value: str | float) -> str:
    text = value if isinstance(value, str) else _num(value)
    return '"' + escape(text, {'"': "&quot;"}) + '"'


def _tag(
    name: str,
    attributes: Sequence[tuple[str, str | float]],
    text: str | None = None,
    children: str | None = None,
) -> str:
    """One element with escaped ``text`` or ready-made ``children`` markup (or empty)."""
    opening = name + "".join(f" {key}={_attribute(value)}" for key, value in attributes)
    if text is None and children is None:
        return f"<{opening}/>"
    inner = children if children is not None else escape(text or "")
    return f"<{opening}>{inner}</{name}>"


def _document(width: float, height: float, title: str, desc: str, body: Sequence[str]) -> bytes:
    w, h = _num(math.ceil(width)), _num(math.ceil(height))
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" xml:lang="zh-CN" font-family={_attribute(FONT_FAMILY)}>'
        ),
        _tag("title", [], title),
        _tag("desc", [], desc),
        _tag("rect", [("x", 0.0), ("y", 0.0), ("width", w), ("height", h), ("fill", "#ffffff")]),
    ]
    return ("\n".join([*head, *body, "</svg>"]) + "\n").encode("utf-8")

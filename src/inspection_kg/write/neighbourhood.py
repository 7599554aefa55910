"""The graph around one resource as a layered picture (hand-written SVG, svg.py): the focus,
what it links to, and one more hop for organisations and regions (read by neighbourhood_graph.py
from a small rdflib graph), laid out in columns, boxes, ports and arrows and drawn, with a
deterministic layout (no random placement), so the bytes depend on the graph alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef

from ..model.vocab import IKG
from .layers import order_layers
from .neighbourhood_graph import (
    KIND_ORDER,
    curie_of,
    kind_of,
    label_of,
    last_segment,
    neighbourhood,
    primary_type,
    ranks,
    types_of,
)
from .svg import FAINT, INK, MARGIN, MUTED, document, num, tag, text_width, wrap

# Fill, stroke, text colour of a box, by kind; the focus gets its own.
_FOCUS_STYLE = ("#1f4e79", "#163a5c", "#ffffff", "#d9e6f2")
_BOX_STYLE = {
    "practice": ("#dbe7f3", "#1f4e79", INK, MUTED),
    "agent": ("#fdf1e3", "#c2701f", INK, MUTED),
    "region": ("#e6f3e8", "#3f8f4f", INK, MUTED),
    "other": ("#eef0f4", FAINT, INK, MUTED),
}


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
    nodes, edges = neighbourhood(graph, focus)
    rank = ranks(focus, nodes, edges)

    # Layers with dummy slots for arrows spanning more than one column.
    layers: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for node in sorted(
        nodes, key=lambda n: (KIND_ORDER.index(kind_of(graph, n)), label_of(graph, n), str(n))
    ):
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
    edge_labels = [curie_of(graph, edge.predicate) for edge in edges]
    segments = [
        (chain[i], chain[i + 1], text if i == 0 else "")
        for chain, text in zip(chains, edge_labels, strict=True)
        for i in range(len(chain) - 1)
    ]
    layers = order_layers(layers, [(a, b) for a, b, _ in segments])
    layer_of = {key: index for index, layer in enumerate(layers) for key in layer}

    # Boxes: tall enough to spread their arrows apart (labelled arrows in: one label height each).
    label_size, type_size, line_height, label_font, label_height = 14.0, 11.0, 19.0, 11.0, 15.0
    slots: dict[str, _Slot] = {key: _Slot(key, None, 0.0, 14.0) for key in sorted(dummies)}
    lines_of: dict[URIRef, list[str]] = {}
    type_of: dict[URIRef, str] = {}
    for node in nodes:
        key = str(node)
        lines_of[node] = wrap(label_of(graph, node), 15 * label_size, label_size, 3)
        type_of[node] = curie_of(graph, primary_type(graph, node)) if types_of(graph, node) else ""
        widths = [text_width(line, label_size) for line in lines_of[node]]
        height = 16.0 + line_height * len(lines_of[node]) + (type_size + 4.0 if type_of[node] else 0.0)
        n_out = sum(1 for a, _, _ in segments if a == key)
        n_in = sum(1 for _, b, _ in segments if b == key)
        labelled_in = sum(1 for _, b, text in segments if b == key and text)
        height = max(
            height, 16.0 * (n_out + 1), (label_height + 3.0) * (n_in + 1) if labelled_in > 1 else 0.0
        )
        slots[key] = _Slot(key, node, max([*widths, text_width(type_of[node], type_size)]) + 24.0, height)

    # Columns: one box width per column; each gap fits the longest label that ends in it.
    column_width = [max([slots[k].width for k in layer] + [40.0]) for layer in layers]
    run = [0.0] * len(layers)  # the straight approach before the next column, where labels sit
    for a, b, text in segments:
        if text:
            run[layer_of[a]] = max(run[layer_of[a]], text_width(text, label_font) + 16.0)
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
        piece = f"C{num(mid)},{num(y1)} {num(mid)},{num(y3)} {num(x2)},{num(y3)} L{num(x3)},{num(y3)}"
        if there.node is None:  # straight on through the dummy's column
            piece += f" L{num(there.x + there.width)},{num(y3)}"
        if here.node is not None:
            piece = f"M{num(x1)},{num(y1)} " + piece
        pieces[i] = piece
        if text:
            placed.append(((x2 + x3) / 2, y3, text))
    arrow_paths: list[str] = []
    start = 0
    for edge, chain, text in zip(edges, chains, edge_labels, strict=True):
        count = len(chain) - 1
        d = " ".join(pieces[i] for i in range(start, start + count))
        start += count
        title = f"{label_of(graph, edge.source)} {text} {label_of(graph, edge.target)}"
        arrow_paths.append(
            "<g>"
            + tag("title", [], title)
            + tag(
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
    if ordinal and kind_of(graph, focus) == "practice":
        title = f"第{ordinal[0]}项典型经验做法在知识图谱中的关联"
        subtitle = f"Neighbourhood of practice {ordinal[0]} in the knowledge graph"
    else:
        name = wrap(label_of(graph, focus), 24 * 20.0, 20.0, 1)[0]
        title = f"{name}在知识图谱中的关联"
        subtitle = f"Neighbourhood of {last_segment(focus)} in the knowledge graph"
    footer = f"中心资源 Focus: {focus}"
    plot_bottom = title_top + plot_height
    width = max(
        plot_right + MARGIN,
        MARGIN * 2 + text_width(title, 20.0),
        MARGIN * 2 + text_width(footer, 11.0),
    )
    height = plot_bottom + 56.0

    body: list[str] = [
        "<defs>",
        tag(
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
            children=tag("path", [("d", "M0,0 L10,5 L0,10 z"), ("fill", FAINT)]),
        ),
        "</defs>",
        tag(
            "text",
            [("x", MARGIN), ("y", 40.0), ("font-size", 20.0), ("font-weight", "bold"), ("fill", INK)],
            title,
        ),
        tag("text", [("x", MARGIN), ("y", 62.0), ("font-size", 13.0), ("fill", MUTED)], subtitle),
        '<g class="edges">',
        *arrow_paths,
        "</g>",
        '<g class="edge-labels">',
    ]
    for x, y, text in placed:
        w = text_width(text, label_font) + 8.0
        body.append(
            tag(
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
            tag(
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
        fill, stroke, ink, soft = _FOCUS_STYLE if node == focus else _BOX_STYLE[kind_of(graph, node)]
        body.append(f'<g class="node" id="{_node_id(nodes, node)}">')
        body.append(tag("title", [], str(node)))
        body.append(
            tag(
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
            body.append(tag("text", attributes + bold, line))
            baseline += line_height
        if type_of[node]:
            body.append(
                tag(
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
        tag("text", [("x", MARGIN), ("y", height - 18.0), ("font-size", 11.0), ("fill", FAINT)], footer)
    )
    desc = f"{subtitle}: " + "；".join(
        f"{label_of(graph, e.source)} —{t}→ {label_of(graph, e.target)}"
        for e, t in zip(edges, edge_labels, strict=True)
    )
    return document(width, height, f"{title} — {subtitle}", desc, body)


def _centre(slot: _Slot) -> float:
    return slot.y + slot.height / 2


def _node_id(nodes: Sequence[URIRef], node: URIRef) -> str:
    return f"node-{list(nodes).index(node)}"

"""The province chart drawn as SVG (svg.py): one bar a province-level region, a grey row for the
practices without one, an axis with integer ticks, and notes naming the sources and the agents of
the unplaced practices (chart.py gathers the rows from the build's triples).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .svg import FAINT, GRID, INK, MARGIN, MUTED, attribute, document, tag, text_width


@dataclass(frozen=True)
class Row:
    """One bar: a province (its notation and label) or, unplaced, the practices without one."""

    code: str
    label: str
    count: int
    unplaced: bool = False


# A note lists at most this many names; a corpus names the first ones, the last and the count.
MAX_LISTED = 6


def _listed(names: list[str]) -> str:
    if len(names) <= MAX_LISTED:
        return "、".join(names)
    return f"{'、'.join(names[: MAX_LISTED - 1])} … {names[-1]}（共 {len(names)} / {len(names)} in all）"


def chart_svg(rows: list[Row], notices: list[str], unplaced: int, agents: list[str]) -> bytes:
    """Draw the rows (provinces, sorted) with the practices without a division and their agents."""
    if unplaced:
        rows = [*rows, Row("", "无行政区划 / no division", unplaced, unplaced=True)]

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

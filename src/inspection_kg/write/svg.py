"""The SVG both pictures are written in, by hand: text measured and wrapped without font
metrics, numbers rounded to one decimal, attributes escaped, CJK fonts named first (see
chart.py and neighbourhood.py for why the pictures are hand-written)."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from xml.sax.saxutils import escape

from ..model.vocab import local_name

FONT_FAMILY = (
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', "
    "'WenQuanYi Micro Hei', sans-serif"
)
INK = "#1f2933"
MUTED = "#52606d"
FAINT = "#7b8794"
GRID = "#e4e7eb"
MARGIN = 24.0

_CLOSING = set("，。、；：！？）》」』”’·…,.;:!?)")
_OPENING = set("（《「『“‘(")


def chosen_label(iri: str, pref_label: str | None, title: str | None) -> str:
    """The least ``skos:prefLabel``@zh, else the least ``dcterms:title``@zh, else the IRI's last path
    segment: the one rule of both pictures, over the chart's kept values or a graph's."""
    if pref_label is not None:
        return pref_label
    if title is not None:
        return title
    return local_name(iri)


def is_chinese(language: str | None) -> bool:
    return (language or "").lower().split("-")[0] == "zh"


def char_width(char: str) -> float:
    """Estimated advance in em: CJK (wide, fullwidth, ambiguous) 1, the rest 0.6."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.6


def text_width(text: str, size: float) -> float:
    return sum(char_width(char) for char in text) * size


def wrap(text: str, width: float, size: float, max_lines: int) -> list[str]:
    """Lines of at most ``width``, balanced (so no lone last character), at most ``max_lines`` of
    them, the last ending in an ellipsis if text remains."""
    lines = _greedy_wrap(text, width, size)
    if 1 < len(lines) <= max_lines:
        balanced = _greedy_wrap(text, text_width(text, size) / len(lines) + size, size)
        if len(balanced) == len(lines):
            lines = balanced
    if len(lines) > max_lines:
        last = "".join(lines[max_lines - 1 :])
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last + "…"]
    return lines or [""]


def _greedy_wrap(text: str, width: float, size: float) -> list[str]:
    """Break at any character (CJK), keeping closing marks on the line before and opening marks on
    the line after."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and text_width(line + char, size) > width and char not in _CLOSING:
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


def num(value: float) -> str:
    """One decimal, no trailing ``.0``, no ``-0``: coordinates that print the same everywhere."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def attribute(value: str | float) -> str:
    text = value if isinstance(value, str) else num(value)
    return '"' + escape(text, {'"': "&quot;"}) + '"'


def tag(
    name: str,
    attributes: Sequence[tuple[str, str | float]],
    text: str | None = None,
    children: str | None = None,
) -> str:
    """One element with escaped ``text`` or ready-made ``children`` markup (or empty)."""
    opening = name + "".join(f" {key}={attribute(value)}" for key, value in attributes)
    if text is None and children is None:
        return f"<{opening}/>"
    inner = children if children is not None else escape(text or "")
    return f"<{opening}>{inner}</{name}>"


def document(width: float, height: float, title: str, desc: str, body: Sequence[str]) -> bytes:
    w, h = num(math.ceil(width)), num(math.ceil(height))
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" xml:lang="zh-CN" font-family={attribute(FONT_FAMILY)}>'
        ),
        tag("title", [], title),
        tag("desc", [], desc),
        tag("rect", [("x", 0.0), ("y", 0.0), ("width", w), ("height", h), ("fill", "#ffffff")]),
    ]
    return ("\n".join([*head, *body, "</svg>"]) + "\n").encode("utf-8")

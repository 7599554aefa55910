"""Ordering the layers of a layered drawing so that fewer edges cross (the neighbourhood
picture): a deterministic sweep, ties broken by name, so the order depends on the graph alone."""

from __future__ import annotations

from collections.abc import Sequence


def order_layers(layers: list[list[str]], segments: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Barycentre sweeps, keeping the ordering with the fewest crossings (ties: the earlier one)."""
    ups: dict[str, list[str]] = {}
    downs: dict[str, list[str]] = {}
    for a, b in segments:
        downs.setdefault(a, []).append(b)
        ups.setdefault(b, []).append(a)
    current = [list(layer) for layer in layers]
    best = [list(layer) for layer in current]
    best_crossings = count_crossings(best, segments)
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
        crossings = count_crossings(current, segments)
        if crossings < best_crossings:
            best, best_crossings = [list(layer) for layer in current], crossings
    # Then swap neighbours while that removes crossings (bounded: each swap removes at least one).
    improved = True
    while improved and best_crossings:
        improved = False
        for layer in best:
            for i in range(len(layer) - 1):
                layer[i], layer[i + 1] = layer[i + 1], layer[i]
                crossings = count_crossings(best, segments)
                if crossings < best_crossings:
                    best_crossings, improved = crossings, True
                else:
                    layer[i], layer[i + 1] = layer[i + 1], layer[i]
    return best


def count_crossings(layers: Sequence[Sequence[str]], segments: Sequence[tuple[str, str]]) -> int:
    position = {key: i for layer in layers for i, key in enumerate(layer)}
    total = 0
    for i, (a1, b1) in enumerate(segments):
        for a2, b2 in segments[i + 1 :]:
            if (position[a1] - position[a2]) * (position[b1] - position[b2]) < 0:
                total += 1
    return total

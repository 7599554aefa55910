"""Theme rules (data/curated/themes.yaml) applied to practices: which themes a practice
belongs to, by which rule, on which words. A practice may fit several themes or none."""

from __future__ import annotations

from dataclasses import dataclass

from .curated import Theme, Themes


@dataclass(frozen=True, slots=True, order=True)
class ThemeMatch:
    theme: str  # theme key
    rule: str  # rule key within the theme
    words: tuple[str, ...]  # the rule's keywords found in the text, in the rule's order


def match_themes(text: str, themes: Themes) -> list[ThemeMatch]:
    """Every (theme, rule) whose keywords occur in ``text``, sorted by theme then rule."""
    matches = []
    for theme in themes.themes.values():
        for rule, keywords in theme.rules.items():
            words = tuple(word for word in keywords if word in text)
            if words:
                matches.append(ThemeMatch(theme.key, rule, words))
    return sorted(matches)


def named_themes(text: str, themes: Themes) -> list[tuple[Theme, str]]:
    """The themes a notice names, with the name as found (for eli:is_about)."""
    found = []
    for theme in themes.themes.values():
        name = next((name for name in theme.names if name in text), None)
        if name is not None:
            found.append((theme, name))
    return sorted(found, key=lambda pair: pair[0].key)

"""Numbers as notices print them: ASCII or full-width digits, or Chinese numerals."""

from __future__ import annotations

_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_DIGITS.update({"零": 0, "两": 2})
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_number(text: str) -> int | None:
    """'46', '４６', '四十三', '第七' digits, '二〇二〇' → int; anything else → None."""
    if text.isascii() and text.isdigit():  # the common case, without translating
        return int(text)
    ascii_digits = text.translate(_FULLWIDTH)
    if ascii_digits.isascii() and ascii_digits.isdigit():
        return int(ascii_digits)
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    if all(c in _DIGITS for c in text):  # digit by digit, as in years: 二〇二〇
        return int("".join(str(_DIGITS[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        else:
            unit = 10 if char == "十" else 100
            total += (current or 1) * unit
            current = 0
    return total + current

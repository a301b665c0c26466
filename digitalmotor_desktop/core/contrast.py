"""Colour contrast as WCAG 2.1 measures it (the procurement benchmark EN 301 549 uses the same).

Text needs 4.5:1 against what it stands on (success criterion 1.4.3); a
shape that must be seen, such as a heat-map box, 3:1 against what is next to
it (1.4.11). Colours are ``#rrggbb``.
"""

from __future__ import annotations


def relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text(fill: str, dark: str = "#000000", light: str = "#ffffff") -> str:
    """Of ``dark`` and ``light``, the text colour with the higher contrast on ``fill``."""
    return dark if contrast_ratio(fill, dark) >= contrast_ratio(fill, light) else light

"""The colour scales of stage 5's heat map, shared by the window and every export.

Colour is never the only cue: each box also carries its figure as text. The
scales are ColorBrewer's (red → yellow → blue for maturity), distinct for the
common colour-vision deficiencies; plain hex strings so the Qt-free exports and
the Qt window blend them alike.
"""

from __future__ import annotations

from typing import Sequence

# Red → yellow → blue (ColorBrewer RdYlBu, 9 classes): distinct for the common colour-vision deficiencies.
MATURITY_STOPS = ("#d73027", "#f46d43", "#fdae61", "#fee090", "#ffffbf", "#e0f3f8", "#abd9e9", "#74add1", "#4575b4")
IMPORTANCE_STOPS = ("#f7fcf5", "#c7e9c0", "#74c476", "#238b45", "#00441b")
SPREAD_STOPS = ("#ffffff", "#fee391", "#fe9929", "#cc4c02", "#662506")
#: Gap to the target: none (blue) → two levels or more below it (red).
GAP_STOPS = ("#4575b4", "#e0f3f8", "#fee090", "#f46d43", "#a50026")
SUPPRESSED_FILL = "#d4d4d4"


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def blend(stops: Sequence[str], fraction: float) -> str:
    """Linear interpolation along colour stops as ``#rrggbb``; ``fraction`` is clamped to 0…1."""
    fraction = min(max(fraction, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(fraction), len(stops) - 2)
    a, b, t = _rgb(stops[i]), _rgb(stops[i + 1]), fraction - i
    return "#" + "".join(f"{round((x + (y - x) * t) * 255):02x}" for x, y in zip(a, b))


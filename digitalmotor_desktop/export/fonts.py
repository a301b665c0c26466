"""The typeface of every PDF, SVG and PNG export: Bitstream Vera, shipped inside reportlab.

Vera is the face DejaVu grew from and covers what the exports write (å ä ö, é,
– — “ ” … ± ≥); taking it from the reportlab package rather than from the
system means every machine embeds the same font and lays out the same pages.
reportlab's base-14 Helvetica is not used: it is not embedded and has no
glyphs beyond Latin-1 in a standard encoding.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP

REGULAR, BOLD = "DM-Vera", "DM-Vera-Bold"
_FILES = {REGULAR: "Vera.ttf", BOLD: "VeraBd.ttf"}
#: What SVG readers use for the same text (the face itself is not inside an SVG).
SVG_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif"


class FontMissing(UserError):
    """reportlab was installed without its fonts folder."""


def font_path(name: str) -> Path:
    import reportlab

    path = Path(reportlab.__file__).parent / "fonts" / _FILES[name]
    if not path.is_file():
        raise FontMissing(QT_TRANSLATE_NOOP(
            "UserError", "The font file {path} is missing; reinstall reportlab to write PDF, SVG or PNG files."),
            path=str(path))
    return path


@lru_cache(maxsize=None)
def register_fonts() -> tuple[str, str]:
    """Registers the regular and bold faces with reportlab (once); returns their names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in _FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


def text_width(text: str, size: float, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return stringWidth(text, BOLD if bold else REGULAR, size)

"""Colours a projector and a colour-blind facilitator can read (WCAG 2.1 AA, EN 301 549)."""

import pytest

from digitalmotor_desktop.core.contrast import contrast_ratio, readable_text, relative_luminance
from digitalmotor_desktop.core.map_layout import AREA_COLOURS


def test_contrast_matches_the_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    assert relative_luminance("#ffffff") == pytest.approx(1)


@pytest.fixture(scope="module")
def scales():
    from digitalmotor_desktop.core.colour_scales import GAP_STOPS, IMPORTANCE_STOPS, MATURITY_STOPS, SPREAD_STOPS
    from digitalmotor_desktop.gui.gap_charts import blend

    return {name: [blend(stops, step / 100).name() for step in range(101)]
            for name, stops in (("maturity", MATURITY_STOPS), ("importance", IMPORTANCE_STOPS),
                                ("spread", SPREAD_STOPS), ("gap", GAP_STOPS))}


def test_every_heat_map_figure_is_readable_on_its_box(scales):
    from PySide6.QtGui import QColor

    from digitalmotor_desktop.core.colour_scales import SUPPRESSED_FILL
    from digitalmotor_desktop.gui.gap_charts import text_colour

    for name, fills in scales.items():
        for fill in (*fills, SUPPRESSED_FILL):
            assert contrast_ratio(text_colour(QColor(fill)), fill) >= 4.5, (name, fill)


def test_every_heat_map_box_stands_out_from_its_outline_or_the_page(scales):
    from digitalmotor_desktop.gui.map_canvas import BOX_BORDER

    for name, fills in scales.items():
        for fill in fills:
            for page in AREA_COLOURS:
                assert max(contrast_ratio(fill, BOX_BORDER), contrast_ratio(fill, page)) >= 3, (name, fill, page)


def test_map_titles_and_names_are_readable_on_their_bands():
    for band in AREA_COLOURS:
        for text in ("#1a1a1a", "#33404a"):
            assert contrast_ratio(text, band) >= 4.5, (text, band)
    assert readable_text("#4575b4") == "#ffffff" and readable_text("#ffffbf") == "#000000"

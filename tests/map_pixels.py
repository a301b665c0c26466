"""Reading the capability map back from its pixels: is each name, and each line of figures, really drawn?

The scene is rendered to an image at scale 1. For every box, the ink (pixels far
from the box's fill colour) inside its name rectangle is compared with the ink
of that name drawn alone, in the same font and place, on a plain box: they must
coincide. The same for the figures under the name. A box that paints no text,
the wrong text or text elsewhere fails, whatever the widgets' state says.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTextOption

#: A channel this far from the fill is ink, not fill or the antialiased edge of the box.
INK_DISTANCE = 90


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return data[:, :image.width(), :3].astype(np.int16)  # BGR


def render_scene(canvas) -> QImage:
    rect = canvas.scene().sceneRect()
    image = QImage(int(rect.width()) + 1, int(rect.height()) + 1, QImage.Format_RGB32)
    image.fill(Qt.white)
    painter = QPainter(image)
    canvas.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    return image


def _ink(pixels: np.ndarray, fill: QColor) -> np.ndarray:
    bgr = np.array([fill.blue(), fill.green(), fill.red()], np.int16)
    return np.abs(pixels - bgr).max(axis=2) > INK_DISTANCE


def _window(rect: QRectF) -> tuple[slice, slice]:
    return slice(int(rect.top()), int(rect.bottom()) + 1), slice(int(rect.left()), int(rect.right()) + 1)


def _alone(window, rect: QRectF, fill: QColor, ink: QColor, font, text: str, option: QTextOption) -> np.ndarray:
    """``text`` drawn as the box draws it, on nothing but the fill, cut to ``window``."""
    rows, columns = window
    image = QImage(columns.stop - columns.start, rows.stop - rows.start, QImage.Format_RGB32)
    image.fill(fill)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.translate(-columns.start, -rows.start)
    painter.setPen(ink)
    painter.setFont(font)
    painter.drawText(rect, text, option)
    painter.end()
    return _pixels(image)


def text_drawn(image: QImage, box) -> dict[str, float]:
    """For the name and the figures of ``box``: the share of the expected ink found where it belongs
    (1.0: drawn exactly; 0.0: not drawn). Hatched boxes are skipped by the caller (the hatch is ink)."""
    fill, ink = QColor(box.style.fill), QColor(box.style.text)
    scene = _pixels(image)
    fitted = box._fitted_text()
    wrap = QTextOption(Qt.AlignCenter)
    wrap.setWrapMode(QTextOption.WordWrap)
    parts = {"name": (fitted.name.rect, fitted.name.font, fitted.name.text, wrap)}
    if fitted.lines:
        parts["figures"] = (fitted.details_rect, fitted.details_font, "\n".join(fitted.lines), QTextOption(Qt.AlignCenter))
    found = {}
    for part, (rect, font, text, option) in parts.items():
        rows, columns = window = _window(rect)
        expected = _ink(_alone(window, rect, fill, ink, font, text, option), fill)
        drawn = _ink(scene[rows, columns], fill)
        found[part] = float((expected & drawn).sum() / expected.sum()) if expected.any() else 0.0
        if (drawn & ~expected).sum() > 0.1 * expected.sum():  # ink where this text has none: other text
            found[part] = 0.0
    return found


def colour_share(image: QImage, colour: str, tolerance: int = 6) -> float:
    """The share of the image's pixels within ``tolerance`` of ``colour`` in every channel."""
    wanted = QColor(colour)
    bgr = np.array([wanted.blue(), wanted.green(), wanted.red()], np.int16)
    return float((np.abs(_pixels(image) - bgr).max(axis=2) <= tolerance).mean())


def ink_share(image: QImage, rect) -> float:
    """The share of ``rect``'s pixels far from its most common colour: 0.0 where nothing is drawn on it."""
    region = _pixels(image.copy(rect))
    flat = region.reshape(-1, 3)
    values, counts = np.unique(flat, axis=0, return_counts=True)
    background = values[counts.argmax()]
    return float((np.abs(flat - background).max(axis=1) > INK_DISTANCE).mean())


def assert_shows_the_map(image: QImage) -> None:
    """A screenshot of stage 3 or 5: the first area bands (the third may be scrolled below), and dark text."""
    from digitalmotor_desktop.core.map_layout import AREA_COLOURS

    for band in AREA_COLOURS[:2]:  # lednings- and kärnförmågor
        assert colour_share(image, band, tolerance=2) > 0.01, band
    assert colour_share(image, "#1a1a1a", tolerance=40) > 0.004  # names and group titles


def assert_screenshot_shows(path, top, *widgets) -> None:
    """The PNG saved at ``path`` (a grab of ``top``) has something drawn where each of ``widgets`` is."""
    from PySide6.QtCore import QPoint, QRect

    image = QImage(str(path))
    assert (image.width(), image.height()) == (top.width(), top.height())
    for widget in widgets:
        region = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
        assert ink_share(image, region) > 0.01, f"nothing drawn where {widget.objectName() or widget!r} is"

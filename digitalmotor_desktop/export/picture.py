"""A picture for the exports: boxes, lines and real text, drawn three ways from one description.

The capability map and the charts are described once as a ``Picture`` in
abstract units (y grows downwards, as on the screen) and then written as SVG
text, as a PNG (Pillow, which reportlab already needs) or onto a reportlab
canvas (the PDF report and posters): the same shapes, the same text, the same
font (``export.fonts``) and the same line breaks in every format. Text stays
text in SVG and PDF. Lines of text are broken here, measured with the font's
own metrics, so a box never relies on a renderer to wrap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from digitalmotor_desktop.core.map_layout import Rect
from digitalmotor_desktop.export import fonts

LINE_SPACING = 1.2  # a line of text is this many times its size high
BASELINE = 0.94  # from a line's top to its baseline, in sizes: Vera's ascent


@dataclass(frozen=True)
class Fill:
    rect: Rect
    fill: str | None
    stroke: str | None = None
    stroke_width: float = 1.0
    radius: float = 0.0


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = "#333333"
    width: float = 1.0


@dataclass(frozen=True)
class Text:
    """One line of text; ``y`` is its baseline. ``vertical`` reads bottom to top, turned about (x, y)."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    colour: str = "#1a1a1a"
    anchor: str = "middle"  # start, middle or end
    vertical: bool = False


@dataclass(frozen=True)
class Part:
    """Shapes that belong together (a capability's box and its text): one ``<g>`` in SVG."""

    key: str
    shapes: tuple


@dataclass
class Picture:
    width: float
    height: float
    shapes: list = field(default_factory=list)
    #: What each named part was drawn in (e.g. capability id → its box), for callers and tests.
    regions: dict[str, Rect] = field(default_factory=dict)

    def add(self, *shapes) -> None:
        self.shapes.extend(shapes)

    def flat(self) -> list:
        return [inner for shape in self.shapes for inner in (shape.shapes if isinstance(shape, Part) else (shape,))]

    def texts(self) -> list[str]:
        return [shape.text for shape in self.flat() if isinstance(shape, Text)]


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width``; a word longer than a line is broken with a hyphen."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if fonts.text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while fonts.text_width(word, size, bold) > width and len(word) > 1:
            cut = max(1, _longest_prefix(word, width, size, bold))
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _longest_prefix(word: str, width: float, size: float, bold: bool) -> int:
    """The most letters of ``word`` that fit ``width`` with a hyphen after them."""
    low, high = 1, len(word) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if fonts.text_width(word[:middle] + "-", size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def text_block(picture: Picture, rect: Rect, lines: list[str], size: float, *, bold: bool = False,
               colour: str = "#1a1a1a", top: float | None = None) -> float:
    """Centred lines in ``rect`` from ``top`` (default: centred vertically); returns the y below them."""
    height = len(lines) * size * LINE_SPACING
    y = rect.y + (rect.height - height) / 2 if top is None else top
    for line in lines:
        picture.add(Text(rect.x + rect.width / 2, y + BASELINE * size, line, size, bold, colour))
        y += size * LINE_SPACING
    return y


def hatch(rect: Rect, spacing: float = 8.0, colour: str = "#8a8a8a") -> list[Line]:
    """Diagonal lines across ``rect`` (bottom left to top right), clipped to it: a cue besides colour."""
    lines = []
    offset = -rect.height
    while offset < rect.width:
        start, end = max(0.0, -offset), min(rect.height, rect.width - offset)
        if end > start:
            lines.append(Line(rect.x + offset + start, rect.y + rect.height - start,
                              rect.x + offset + end, rect.y + rect.height - end, colour, 0.8))
        offset += spacing
    return lines


# -- SVG ------------------------------------------------------------------------------------------

def to_svg(picture: Picture, title: str = "", language: str = "", scale: float = 1.0) -> str:
    """The picture as a standalone SVG document, ``scale`` px per unit."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(picture.width * scale)}" '
           f'height="{_n(picture.height * scale)}" viewBox="0 0 {_n(picture.width)} {_n(picture.height)}"'
           + (f" xml:lang={quoteattr(language)}" if language else "") + f" font-family={quoteattr(fonts.SVG_FAMILY)}>"]
    if title:
        out.append(f"<title>{escape(title)}</title>")
    for shape in picture.shapes:
        if isinstance(shape, Part):
            out.append('<g class="capability">')
            out.extend(_svg_shape(inner) for inner in shape.shapes)
            out.append("</g>")
        else:
            out.append(_svg_shape(shape))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _svg_shape(shape) -> str:
    if isinstance(shape, Fill):
        r = shape.rect
        return (f'<rect x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.width)}" height="{_n(r.height)}"'
                + (f' rx="{_n(shape.radius)}"' if shape.radius else "")
                + f' fill="{shape.fill or "none"}"'
                + (f' stroke="{shape.stroke}" stroke-width="{_n(shape.stroke_width)}"' if shape.stroke else "")
                + "/>")
    if isinstance(shape, Line):
        return (f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}" '
                f'stroke="{shape.colour}" stroke-width="{_n(shape.width)}"/>')
    turn = f' transform="rotate(-90 {_n(shape.x)} {_n(shape.y)})"' if shape.vertical else ""
    return (f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}"'
            + (' font-weight="bold"' if shape.bold else "")
            + (f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else "")
            + f' fill="{shape.colour}"{turn}>{escape(shape.text)}</text>')


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# -- PNG ------------------------------------------------------------------------------------------

def to_png(picture: Picture, path: Path, scale: float = 1.0, dpi: int = 96) -> None:
    """The picture as a PNG, ``scale`` pixels per unit, with ``dpi`` recorded in the file."""
    from PIL import Image, ImageDraw, ImageFont

    size = (max(1, math.ceil(picture.width * scale)), max(1, math.ceil(picture.height * scale)))
    image = Image.new("RGB", size, "#ffffff")
    draw = ImageDraw.Draw(image)
    faces: dict[tuple[bool, int], ImageFont.FreeTypeFont] = {}

    def face(bold: bool, pixels: float) -> ImageFont.FreeTypeFont:
        key = (bold, max(1, round(pixels)))
        if key not in faces:
            faces[key] = ImageFont.truetype(str(fonts.font_path(fonts.BOLD if bold else fonts.REGULAR)), key[1])
        return faces[key]

    for shape in picture.flat():
        if isinstance(shape, Fill):
            r = shape.rect
            box = [r.x * scale, r.y * scale, (r.x + r.width) * scale, (r.y + r.height) * scale]
            draw.rounded_rectangle(box, radius=shape.radius * scale, fill=shape.fill,
                                   outline=shape.stroke, width=max(1, round(shape.stroke_width * scale)) if shape.stroke else 0)
        elif isinstance(shape, Line):
            draw.line([shape.x1 * scale, shape.y1 * scale, shape.x2 * scale, shape.y2 * scale],
                      fill=shape.colour, width=max(1, round(shape.width * scale)))
        else:
            font = face(shape.bold, shape.size * scale)
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            if not shape.vertical:
                draw.text((shape.x * scale, shape.y * scale), shape.text, fill=shape.colour, font=font, anchor=anchor)
                continue
            left, top, right, bottom = font.getbbox(shape.text, anchor=anchor)
            strip = Image.new("RGBA", (right - left + 2, bottom - top + 2), (0, 0, 0, 0))
            ImageDraw.Draw(strip).text((-left + 1, -top + 1), shape.text, fill=shape.colour, font=font, anchor=anchor)
            turned = strip.rotate(90, expand=True)
            # The turned strip's corner: the baseline point (x, y) is where the text's origin was.
            image.paste(turned, (round(shape.x * scale + top - 1), round(shape.y * scale - right - 1)), turned)
    image.save(path, "PNG", dpi=(dpi, dpi))


# -- reportlab ------------------------------------------------------------------------------------

def draw_on_canvas(picture: Picture, canvas, x: float, top: float, scale: float) -> None:
    """Draws the picture on a reportlab canvas with its top left corner at (x, top) in points."""
    regular, bold = fonts.register_fonts()

    def X(value: float) -> float:  # noqa: N802 - a coordinate, as in the maths
        return x + value * scale

    def Y(value: float) -> float:  # noqa: N802
        return top - value * scale

    canvas.saveState()
    state: dict[str, object] = {}  # what the canvas is set to: each change is an operator in the page stream

    def use(key: str, value, apply) -> None:
        if state.get(key) != value:
            state[key] = value
            apply(value)

    for shape in picture.flat():
        if isinstance(shape, Fill):
            r = shape.rect
            use("width", shape.stroke_width * scale, canvas.setLineWidth)
            if shape.fill:
                use("fill", shape.fill, canvas.setFillColor)
            if shape.stroke:
                use("stroke", shape.stroke, canvas.setStrokeColor)
            args = (X(r.x), Y(r.y + r.height), r.width * scale, r.height * scale)
            if shape.radius:
                canvas.roundRect(*args, shape.radius * scale, stroke=int(bool(shape.stroke)), fill=int(bool(shape.fill)))
            else:
                canvas.rect(*args, stroke=int(bool(shape.stroke)), fill=int(bool(shape.fill)))
        elif isinstance(shape, Line):
            use("stroke", shape.colour, canvas.setStrokeColor)
            use("width", shape.width * scale, canvas.setLineWidth)
            canvas.line(X(shape.x1), Y(shape.y1), X(shape.x2), Y(shape.y2))
        else:
            use("fill", shape.colour, canvas.setFillColor)
            use("font", (bold if shape.bold else regular, shape.size * scale), lambda font: canvas.setFont(*font))
            draw = {"start": canvas.drawString, "middle": canvas.drawCentredString,
                    "end": canvas.drawRightString}[shape.anchor]
            if shape.vertical:
                canvas.saveState()
                canvas.translate(X(shape.x), Y(shape.y))
                canvas.rotate(90)
                draw(0, 0, shape.text)
                canvas.restoreState()
                state.clear()  # restoreState put back what was set before
            else:
                draw(X(shape.x), Y(shape.y), shape.text)
    canvas.restoreState()


def flowable(picture: Picture, width: float, max_height: float | None = None):
    """The picture as a platypus flowable ``width`` points wide (smaller if it would be higher than ``max_height``)."""
    from reportlab.platypus import Flowable

    scale = width / picture.width
    if max_height is not None:
        scale = min(scale, max_height / picture.height)

    class PictureFlowable(Flowable):
        def wrap(self, available_width, available_height):
            return picture.width * scale, picture.height * scale

        def draw(self):
            draw_on_canvas(picture, self.canv, 0, picture.height * scale, scale)

    return PictureFlowable()

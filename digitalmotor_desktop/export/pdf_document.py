"""What every PDF the app writes shares: pages, fonts, headings, tables.

A4 portrait with landscape pages where a map or a wide table needs them
(``landscape()`` before the flowables), the embedded export font, a page number
in the footer, every heading in the PDF outline, and title, author-free
metadata and the document language. Tables repeat their header row and break
between rows; long text is a paragraph, which breaks between lines, so no
input can run off a page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.export import fonts
from digitalmotor_desktop.export.wording import Wording

PAPERS = ("A4", "A3", "A2")
MARGIN = 40
HEADER_FILL = "#d9e2f3"
CELL_SIZE, CELL_LEADING, CELL_PADDING = 8, 9.8, 3  # table text, as the ``cell`` paragraph style
#: The room a heading needs below it on its page, in points; with less it starts the next page.
KEEP_BELOW_HEADING = 90


def paper_size(name: str) -> tuple[float, float]:
    from reportlab.lib import pagesizes

    if name not in PAPERS:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Unknown paper size “{paper}”; choose {papers}."),
                           paper=name, papers=", ".join(PAPERS))
    return getattr(pagesizes, name)


class Styles:
    """Paragraph styles in the export font."""

    def __init__(self):
        from reportlab.lib.styles import ParagraphStyle

        regular, bold = fonts.register_fonts()
        base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, spaceAfter=5)
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=7.5, leading=9.2, spaceAfter=0)
        self.small_bold = ParagraphStyle("small_bold", self.small, fontName=bold)
        self.cell = ParagraphStyle("cell", base, fontSize=CELL_SIZE, leading=CELL_LEADING, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=bold)
        self.title = ParagraphStyle("title", base, fontName=bold, fontSize=24, leading=30, spaceAfter=14)
        self.subtitle = ParagraphStyle("subtitle", base, fontSize=14, leading=19, spaceAfter=10)
        self.headings = [ParagraphStyle(f"h{level}", base, fontName=bold, fontSize=size, leading=size * 1.3,
                                        spaceBefore=8 if level else 0, spaceAfter=6)
                         for level, size in enumerate((16, 12.5, 10.5))]


def paragraph(text: str, style):
    """Plain text (never markup) as a paragraph; line breaks kept."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class Heading:
    """Makes outline-marked headings; the document template bookmarks them as they are placed.

    A heading comes with a conditional page break, so it never ends a page alone.
    (Not ``keepWithNext``: that would push a heading and a long table after it
    to the next page together, leaving the page before it empty.)"""

    def __init__(self, styles: Styles):
        self.styles = styles
        self.count = 0

    def __call__(self, text: str, level: int = 0, room: float = 0) -> list:
        """The heading, on a new page unless ``room`` (at least ``KEEP_BELOW_HEADING``) is left below it."""
        from reportlab.platypus import CondPageBreak, Paragraph

        self.count += 1
        heading = Paragraph(escape(text), self.styles.headings[level])
        heading.outline = (f"h{self.count}", text, level)
        return [CondPageBreak(max(room, KEEP_BELOW_HEADING) + 30), heading]


def table(header: list[str] | None, rows: list[list[object]], widths: list[float], styles: Styles,
          numeric: set[int] = frozenset(), shade: dict[tuple[int, int], str] | None = None):
    """A table whose header (if any) repeats on every page; text cells wrap, numbers align right."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    regular, bold_face = fonts.register_fonts()
    right_styles = {}

    def cell(value: object, column: int, bold: bool = False):
        """A text that fits its column on one line stays a string (drawn as it is, ten times cheaper to
        lay out); a longer one becomes a paragraph that wraps."""
        if not isinstance(value, str):
            return value
        if "\n" not in value and fonts.text_width(value, CELL_SIZE, bold) <= widths[column] - 2 * CELL_PADDING:
            return value
        style = styles.cell_bold if bold else styles.cell
        if column in numeric:
            if style.name not in right_styles:
                from reportlab.lib.enums import TA_RIGHT
                from reportlab.lib.styles import ParagraphStyle

                right_styles[style.name] = ParagraphStyle(f"{style.name}_right", style, alignment=TA_RIGHT)
            style = right_styles[style.name]
        return paragraph(value, style)

    data = [[cell(h, i, True) for i, h in enumerate(header)]] if header else []
    data += [[cell(v, i) for i, v in enumerate(row)] for row in rows]
    first = 1 if header else 0
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, first), (-1, -1), 0.25, HexColor("#c8cdd2")),
                ("FONT", (0, 0), (-1, -1), regular, CELL_SIZE, CELL_LEADING),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING)]
    commands += [("ALIGN", (column, 0), (column, -1), "RIGHT") for column in numeric]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HexColor(HEADER_FILL)),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.6, HexColor("#5b6770")),
                     ("FONT", (0, 0), (-1, 0), bold_face, CELL_SIZE, CELL_LEADING)]
    for (column, row), colour in (shade or {}).items():
        commands.append(("BACKGROUND", (column, row + first), (column, row + first), HexColor(colour)))
    return Table(data, colWidths=widths, repeatRows=first, style=TableStyle(commands), hAlign="LEFT", splitInRow=1)


def landscape_flowables():
    """Flowables that start a landscape page (after them: the wide content)."""
    from reportlab.platypus import NextPageTemplate, PageBreak

    return [NextPageTemplate("landscape"), PageBreak()]


def portrait_flowables():
    from reportlab.platypus import NextPageTemplate, PageBreak

    return [NextPageTemplate("portrait"), PageBreak()]


def write_pdf(path: Path, story: list, *, title: str, wording: Wording, paper: str = "A4",
              footer: str = "", progress: Callable[[int], None] | None = None,
              first_template: str = "portrait") -> int:
    """Builds ``story`` into ``path`` (via a partial file, so it appears whole or not at all); returns the pages."""
    from reportlab.lib.pagesizes import landscape
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    regular, _ = fonts.register_fonts()
    portrait_size = paper_size(paper)
    landscape_size = landscape(portrait_size)
    page_word = wording(QT_TRANSLATE_NOOP("Report", "Page {page}"))

    def number_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor("#555555")
        width = canvas._pagesize[0]
        canvas.drawRightString(width - MARGIN, MARGIN / 2, page_word.format(page=document.page))
        if footer:
            canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.restoreState()

    class Document(BaseDocTemplate):
        def afterFlowable(self, flowable):  # noqa: N802 - reportlab's name
            outline = getattr(flowable, "outline", None)
            if outline:
                key, text, level = outline
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            if progress is not None:
                progress(self.page)

    def frame(size, name):
        return Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id=name, leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0)

    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    document = Document(str(partial), pagesize=portrait_size, title=title, author="", creator="Digital motor desktop",
                        subject=title, lang="sv-SE" if wording.language == "sv" else "en-GB",
                        pageTemplates=sorted([
                            PageTemplate("portrait", [frame(portrait_size, "p")], onPage=number_page,
                                         pagesize=portrait_size),
                            PageTemplate("landscape", [frame(landscape_size, "l")], onPage=number_page,
                                         pagesize=landscape_size)], key=lambda t: t.id != first_template),
                        initialFontName=regular, invariant=1)
    try:
        document.build(story)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return document.page


def frame_size(paper: str = "A4", turned: bool = False) -> tuple[float, float]:
    """The room inside the margins of a portrait (or, ``turned``, landscape) page."""
    width, height = paper_size(paper)
    if turned:
        width, height = height, width
    return width - 2 * MARGIN, height - 2 * MARGIN

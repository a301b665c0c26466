"""A one-page poster of a picture (the capability map, a heat map or a chart), A4 to A2, landscape.

The picture is drawn as vectors with real text, scaled to fill the page under
a title line; ready for a printer.
"""

from __future__ import annotations

from pathlib import Path

from digitalmotor_desktop.export import picture
from digitalmotor_desktop.export.pdf_document import Heading, Styles, frame_size, write_pdf
from digitalmotor_desktop.export.wording import Wording

TITLE_ROOM = 36


def write_poster(drawn: picture.Picture, title: str, path: Path, wording: Wording, paper: str = "A4") -> int:
    width, height = frame_size(paper, turned=True)
    styles = Styles()
    story = [*Heading(styles)(title or " "),
             picture.flowable(drawn, width, height - TITLE_ROOM)]
    return write_pdf(path, story, title=title, wording=wording, paper=paper, first_template="landscape")

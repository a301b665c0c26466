"""The printable rating form: the Excel form (``export.rating_form``) on paper, for rooms where paper is easiest.

Organisation, respondent and the consent choice at the top, the scale
explained, then a row per capability with its description, a box per maturity
level 0–4 and "vet ej", and a box per importance 1–5. Written in the form's
language; figures of the result are never on it.
"""

from __future__ import annotations

from pathlib import Path

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.export.pdf_document import Heading, Styles, frame_size, paragraph, table, write_pdf
from digitalmotor_desktop.export.wording import Wording

BOX = 17  # a tick box's column width, in points
DONT_KNOW = QT_TRANSLATE_NOOP("Report", "don't know")


def write_paper_form(report, workshop_title: str, organisation: str, path: Path, wording: Wording) -> int:
    from reportlab.lib.colors import HexColor

    w = wording
    styles = Styles()
    heading = Heading(styles)
    width, _ = frame_size()
    story = [*heading(w(QT_TRANSLATE_NOOP("Report", "Maturity assessment – {workshop}"), workshop=workshop_title)),
             paragraph(w(QT_TRANSLATE_NOOP("Report", "Tick one box per capability for its maturity (0–4, or “don't know”) and, if you "
                                     "wish, one for its strategic importance (1 = low … 5 = very high). Hand the form "
                                     "back to the facilitator.")), styles.body)]
    blank = " " * 3
    story.append(table(None, [[w(QT_TRANSLATE_NOOP("Report", "Organisation")), organisation or blank],
                                  [w(QT_TRANSLATE_NOOP("Report", "Respondent (e.g. role, optional)")), blank],
                                  [w(QT_TRANSLATE_NOOP("Report", "Show my named result")), _consent_boxes(w, styles)]],
                       [170, width - 170], styles))
    story.extend(heading(w(QT_TRANSLATE_NOOP("Report", "The maturity scale")), 1))
    story.append(table(None, [[f"{lv.level} {lv.label}", lv.description] for lv in report.scale]
                       + [[w(DONT_KNOW), w(QT_TRANSLATE_NOOP("Report", "I cannot judge this capability (not counted as 0)."))]],
                       [120, width - 120], styles))
    story[-1].setStyle([("LINEBELOW", (1, 0), (1, 1), 0.8, HexColor("#33404a"))])
    levels = [str(lv.level) for lv in report.scale]
    marks = [*levels, w(DONT_KNOW), "1", "2", "3", "4", "5"]
    header = [w(QT_TRANSLATE_NOOP("Report", "Capability")), *marks]
    wide_box = 34
    widths = [width - BOX * (len(marks) - 1) - wide_box, *([BOX] * len(levels)), wide_box, *([BOX] * 5)]
    for area in report.capability_map.areas:
        story.extend(heading(area.name, 1))
        rows = []
        for group in area.groups:
            for capability in group.capabilities:
                rows.append([f"{capability.name}\n{capability.description}".strip(), *([""] * len(marks))])
        form = table(header, rows, widths, styles)
        boxes = len(levels) + 1
        form.setStyle([("GRID", (1, 1), (-1, -1), 0.8, HexColor("#33404a")),
                       ("BACKGROUND", (boxes + 1, 0), (-1, 0), HexColor("#dcebd6")),
                       ("LINEBEFORE", (boxes + 1, 0), (boxes + 1, -1), 2, HexColor("#33404a"))])
        story.append(form)
    story.append(paragraph(w(QT_TRANSLATE_NOOP("Report", "Boxes 0–4 and “don't know”: maturity. Green boxes 1–5: strategic "
                                         "importance.")), styles.small))
    return write_pdf(path, story, title=w(QT_TRANSLATE_NOOP("Report", "Rating form")), wording=wording,
                     footer=f"{workshop_title} · {organisation}" if organisation else workshop_title)


def _consent_boxes(w: Wording, styles):
    """Two tick boxes: share with the group, or with the facilitator only."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table

    return Table([["", paragraph(w(QT_TRANSLATE_NOOP("Report", "Share with the group")), styles.cell), "",
                   paragraph(w(QT_TRANSLATE_NOOP("Report", "Facilitator only")), styles.cell)]], colWidths=[BOX, 130, BOX, 130],
                 rowHeights=[BOX], hAlign="LEFT",
                 style=[("BOX", (0, 0), (0, 0), 0.8, HexColor("#33404a")), ("BOX", (2, 0), (2, 0), 0.8, HexColor("#33404a")),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])

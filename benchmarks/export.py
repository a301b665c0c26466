"""Deliverables: time to write the demo workshop's PDF report, its map as SVG and PNG.

Run: ``python benchmarks/export.py``. Prints the median of ``REPEATS`` runs of:

* ``report``: ``export.report_pdf.write_report`` for the demo workshop (15
  organisations × 55 capabilities), Swedish, from a compiled ``GapReport``;
* ``canvas floor``: a minimal reportlab document with the same pages, the same
  text (every line of the report's text layer, read back with pdftotext) and as
  many vector shapes (rectangles and lines), drawn straight onto a canvas in the
  same embedded font — nothing laid out, nothing wrapped;
* ``platypus floor``: the same, with each text line a platypus paragraph in a
  page template (what any reportlab document that flows its text pays);
* the ratio of the report to each floor (target ≤ 2× of the platypus floor;
  the report's own target is < 2 s);
* ``svg`` and ``png``: the heat map (1600 × 900 px, PNG at 150 dpi), layout included.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import figure  # benchmarks/figures.py, beside this script

from digitalmotor_desktop.demo import create_demo
from digitalmotor_desktop.export import fonts, picture
from digitalmotor_desktop.export.map_picture import MATURITY, map_picture
from digitalmotor_desktop.export.report_pdf import ReportFacts, write_report
from digitalmotor_desktop.export.wording import Wording
from digitalmotor_desktop.ops.deliverables import PIXELS_PER_INCH, report_facts
from digitalmotor_desktop.ops.results import gap_report
from digitalmotor_desktop.store.document import open_document

REPEATS = 5


def timed(work) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_shapes(drawn_pictures) -> int:
    return sum(1 for p in drawn_pictures for s in p.flat() if isinstance(s, (picture.Fill, picture.Line)))


def floor_document(path: Path, pages: list[list[str]], shapes: int) -> None:
    """The same pages, text lines and number of vector shapes, with nothing else to decide."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    regular, _ = fonts.register_fonts()
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    per_page = shapes // max(len(pages), 1)
    for lines in pages:
        canvas.setFont(regular, 8)
        for index, line in enumerate(lines):
            canvas.drawString(40, 800 - (index % 90) * 8.5, line)
        for index in range(per_page):
            canvas.rect(40 + index % 50 * 10, 40 + index // 50 % 70 * 10, 8, 8, stroke=1, fill=1)
        canvas.showPage()
    canvas.save()


def platypus_floor(path: Path, pages: list[list[str]], shapes: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
    from xml.sax.saxutils import escape

    regular, _ = fonts.register_fonts()
    style = ParagraphStyle("line", fontName=regular, fontSize=6, leading=7)
    per_page = shapes // max(len(pages), 1)

    def shapes_on(canvas, document) -> None:
        for index in range(per_page):
            canvas.rect(40 + index % 50 * 10, 40 + index // 50 % 70 * 10, 8, 8, stroke=1, fill=1)

    story = []
    for lines in pages:
        story += [Paragraph(escape(line), style) for line in lines[:100]] + [PageBreak()]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story, onFirstPage=shapes_on, onLaterPages=shapes_on)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        demo = folder / "demo.dmw"
        create_demo(demo)
        with open_document(demo, read_only=True) as document:
            report = gap_report(document)
            facts: ReportFacts = report_facts(document)
        from digitalmotor_desktop.core.i18n import translator

        wording = Wording(translator("sv"), "sv")
        output = folder / "report.pdf"
        write_report(report, facts, output, wording)  # warm: fonts registered, modules loaded
        report_time = timed(lambda: write_report(report, facts, output, wording))

        text = subprocess.run(["pdftotext", "-layout", str(output), "-"], check=True, capture_output=True,
                              text=True).stdout
        pages = [[line for line in page.splitlines() if line.strip()] for page in text.split("\f") if page.strip()]
        from digitalmotor_desktop.export import charts

        rows = [(cap.name, row) for (_, _, cap), row in zip(report.places(), report.result.rows)]
        drawn = [map_picture(report, wording, "plain"), map_picture(report, wording, MATURITY),
                 *charts.importance_maturity_rows(rows, wording), charts.scatter(report.result.priority, wording)]
        shapes = count_shapes(drawn) + 40 * len(pages)  # the tables' rules and fills, roughly
        floor_path = folder / "floor.pdf"
        floor_time = timed(lambda: floor_document(floor_path, pages, shapes))
        flowing_time = timed(lambda: platypus_floor(floor_path, pages, shapes))

        svg_time = timed(lambda: (folder / "map.svg").write_text(
            picture.to_svg(map_picture(report, wording, MATURITY)), encoding="utf-8"))
        png_time = timed(lambda: picture.to_png(map_picture(report, wording, MATURITY), folder / "map.png",
                                                150 / PIXELS_PER_INCH, 150))
    print(f"canvas floor    {floor_time * 1000:7.0f} ms  (same pages, {sum(map(len, pages))} text lines, "
          f"{shapes} shapes)")
    print(f"platypus floor  {flowing_time * 1000:7.0f} ms  (the same, text lines as paragraphs)")
    figure(f"PDF report ({len(pages)} pages)", report_time * 1000, "ms", "< 2000 ms; <= 2x", report_time / flowing_time,
           "the platypus floor")
    figure("heat map as SVG (layout included)", svg_time * 1000, "ms")
    figure("heat map as PNG at 150 dpi (layout included)", png_time * 1000, "ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

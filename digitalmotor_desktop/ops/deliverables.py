"""Exporting the deliverables: the PDF report, map images and posters, charts, a report per organisation, paper forms.

Every file is drawn from ``gap_report(anonymised=True, check_earlier_exports=True)``
— pseudonyms, group consent only, figures over fewer than K organisations
suppressed, cells that would differ from an earlier export by fewer than K
organisations suppressed — and recorded in the export ledger with it
(``ops.results.write_recorded``), so the differencing guard sees PDFs and
images as it sees spreadsheets. A file appears complete or not at all, and only
together with its record. CSV and XLSX go through
``ops.results.export_results`` unchanged.

What can be exported (``--what``), by format:

========  ======================================================
pdf       report (default), map, heatmap, chart, organisation, form
svg, png  map (default), heatmap, chart
csv, xlsx report (the joint result)
========  ======================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from digitalmotor_desktop.core.errors import Cancelled, InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP, Translate, english
from digitalmotor_desktop.core.ratings import name_key
from digitalmotor_desktop.export.map_picture import MODES, PLAIN
from digitalmotor_desktop.export.pdf_document import PAPERS  # noqa: F401 - the paper sizes the export command offers
from digitalmotor_desktop.ops.results import GapReport, export_results, gap_report, write_recorded
from digitalmotor_desktop.store import ratings as rating_store
from digitalmotor_desktop.store import results as store
from digitalmotor_desktop.store.document import Document, today
from digitalmotor_desktop.store.workshop import goals, workshop_row

FORMATS = ("pdf", "svg", "png", "csv", "xlsx")
REPORT, MAP, HEATMAP, CHART, ORGANISATION, FORM = "report", "map", "heatmap", "chart", "organisation", "form"
WHATS = (REPORT, MAP, HEATMAP, CHART, ORGANISATION, FORM)
ALLOWED = {"pdf": WHATS, "svg": (MAP, HEATMAP, CHART), "png": (MAP, HEATMAP, CHART), "csv": (REPORT,),
           "xlsx": (REPORT,)}
DEFAULT_WHAT = {"pdf": REPORT, "svg": MAP, "png": MAP, "csv": REPORT, "xlsx": REPORT}
HEAT_MODES = tuple(mode for mode in MODES if mode != PLAIN)
DPI_RANGE = (50, 600)
SVG_WIDTH, SVG_HEIGHT = 1600, 900  # px: a 16:9 slide
PIXELS_PER_INCH = 96  # the SVG's px, as CSS and PowerPoint read them
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    what: str | None = None
    organisation: str | None = None
    min_n: int | None = None
    language: str = "en"
    dpi: int = 150
    paper: str = "A4"
    heat: str = "maturity"  # a map_picture mode, for ``heatmap``

    @property
    def chosen(self) -> str:
        return self.what or DEFAULT_WHAT.get(self.fmt, REPORT)


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    report: GapReport
    pages: int = 0


def check_request(request: ExportRequest) -> ExportRequest:
    if request.fmt not in FORMATS:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Unknown export format “{fmt}”; choose {formats}."),
                           fmt=request.fmt, formats=", ".join(FORMATS))
    if request.chosen not in ALLOWED[request.fmt]:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "A {fmt} file can hold {allowed}, not “{what}”."),
                           fmt=request.fmt, allowed=", ".join(ALLOWED[request.fmt]), what=request.chosen)
    if request.chosen in (ORGANISATION,) and not request.organisation:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Name the organisation whose report to write."))
    if not DPI_RANGE[0] <= request.dpi <= DPI_RANGE[1]:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "The resolution must be {low}–{high} dpi, not {dpi}."),
                           low=DPI_RANGE[0], high=DPI_RANGE[1], dpi=request.dpi)
    return request


def find_organisation(document: Document, name: str):
    wanted = name_key(name)
    found = next((o for o in rating_store.organisations(document) if name_key(o.name) == wanted), None)
    if found is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "The workshop has no organisation “{name}”."), name=name)
    return found


def export_file(document: Document, output: Path, request: ExportRequest, translate: Translate = english,
                progress: Callable[[float], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> ExportOutcome:
    """Writes one deliverable to ``output`` and records the export; ``cancelled`` ends it with ``Cancelled``."""
    check_request(request)
    output = Path(output)
    if request.fmt in ("csv", "xlsx"):
        return ExportOutcome(output, export_results(document, output, request.fmt, request.min_n, translate))
    from digitalmotor_desktop.export.wording import Wording

    wording = Wording(translate, request.language)
    report = gap_report(document, anonymised=True, min_n=request.min_n, check_earlier_exports=True)

    def page_done(page: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(min(page / max(len(report.result.rows) // 2, 1), 0.99))

    pages = [0]

    def write(partial: Path) -> None:
        pages[0] = _write(document, report, partial, request, wording, page_done)
        if cancelled is not None and cancelled():
            raise Cancelled()

    # A plain map or a blank form publishes no figure: recorded with no cells, so it restricts nothing later.
    ledger = {} if request.chosen in (MAP, FORM) else report.result.ledger
    write_recorded(document, output, request.fmt, report.result.min_n, ledger, write)
    if progress is not None:
        progress(1.0)
    return ExportOutcome(output, report, pages[0])


def _write(document: Document, report: GapReport, path: Path, request: ExportRequest, wording,
           page_done: Callable[[int], None]) -> int:
    """Writes the file; returns its pages."""
    what = request.chosen
    if what == REPORT:
        from digitalmotor_desktop.export.report_pdf import write_report

        return write_report(report, report_facts(document), path, wording, page_done)
    if what == ORGANISATION:
        from digitalmotor_desktop.export.organisation_pdf import write_organisation_report

        organisation = find_organisation(document, request.organisation)
        own = [o for o in store.observations(document) if o.organisation_id == organisation.id]
        return write_organisation_report(report, report_facts(document), organisation.name, organisation.id, own,
                                         path, wording, page_done)
    if what == FORM:
        from digitalmotor_desktop.export.rating_form_pdf import write_paper_form

        organisation = find_organisation(document, request.organisation).name if request.organisation else ""
        return write_paper_form(report, workshop_row(document).get("title", ""), organisation, path, wording)
    return _write_picture(report, path, request, wording, workshop_row(document).get("title", ""))


def _write_picture(report: GapReport, path: Path, request: ExportRequest, wording, title: str) -> int:
    from digitalmotor_desktop.export import picture
    from digitalmotor_desktop.export.map_picture import check_mode, map_picture

    if request.chosen == CHART:  # drawn in points, as on the report's page
        from digitalmotor_desktop.export.charts import importance_maturity_rows

        rows = [(cap.name, row) for (_, _, cap), row in zip(report.places(), report.result.rows)]
        drawn = importance_maturity_rows(rows, wording, rows_per_page=len(rows))[0]
        units_per_inch = POINTS_PER_INCH
    else:  # drawn in px, as on the screen
        mode = PLAIN if request.chosen == MAP else check_mode(request.heat)
        drawn = map_picture(report, wording, mode, SVG_WIDTH, SVG_HEIGHT)
        units_per_inch = PIXELS_PER_INCH
    if request.fmt == "svg":
        svg = picture.to_svg(drawn, title, request.language, PIXELS_PER_INCH / units_per_inch)
        path.write_text(svg, encoding="utf-8")
    elif request.fmt == "png":
        picture.to_png(drawn, path, request.dpi / units_per_inch, request.dpi)
    else:
        from digitalmotor_desktop.export.poster_pdf import write_poster

        write_poster(drawn, title, path, wording, request.paper)
    return 1


def report_facts(document: Document):
    from digitalmotor_desktop.export.report_pdf import ReportFacts

    observations = store.observations(document)
    return ReportFacts(workshop_row(document).get("title", ""), today(),
                       len({o.organisation_id for o in observations}), len({o.respondent_id for o in observations}),
                       tuple(goal.text for goal in goals(document)))

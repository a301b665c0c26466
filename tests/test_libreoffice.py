"""The rating form and the results workbook in a real office suite: LibreOffice Calc, headless.

A participant without Excel fills the form in LibreOffice and saves it; many
print it and fill it by hand; a management team opens and prints the results
workbook. So LibreOffice prints both to PDF here (page counts, the text layer,
the yellow answer cells on every page) and saves a filled form, which must
still import exactly and keep its drop-downs. ``.ci/run`` installs
``libreoffice-calc-nogui`` and ``poppler-utils``; elsewhere these tests are
skipped with the reason. LibreOffice runs with a private profile in a temporary
folder, never the user's own.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape as html_unescape

import openpyxl
import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core import rating_form_layout as layout
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import capability_map
from gap_data import csv_rows, insert_ratings

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdftoppm"))
pytestmark = [
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs "
                                               "libreoffice-calc-nogui"),
    pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo, pdftotext, pdftoppm) is not installed"),
]
CONVERSION_TIMEOUT = 240  # seconds; a first start with a fresh profile on a busy 2-core machine is slow
WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
YELLOW = (0xFF, 0xF2, 0xA8)  # the answer cells' fill (export.rating_form)


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    """LibreOffice's user profile for these tests only: created once, in a temporary folder."""
    return tmp_path_factory.mktemp("libreoffice-profile").as_uri()


def convert(profile, source, target_format, outdir):
    """``source`` converted by LibreOffice into ``outdir``; returns the new file's path."""
    outdir.mkdir(exist_ok=True)
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                           "--convert-to", target_format, "--outdir", str(outdir), str(source)],
                          capture_output=True, text=True, timeout=CONVERSION_TIMEOUT)
    result = outdir / f"{source.stem}.{target_format.split(':')[0]}"
    assert done.returncode == 0 and result.exists(), f"soffice failed: {done.stdout}\n{done.stderr}"
    return result


def page_count(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def page_texts(pdf, *, as_printed=False):
    """Each page's text: cell by cell (a wrapped cell's lines together), or ``as_printed``, line by line
    across the page (a footer is one line)."""
    text = subprocess.run(["pdftotext", *(["-layout"] if as_printed else []), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def column_text(pdf, heading):
    """Per page, the words printed in the column under ``heading`` (the top-most such word on the
    page, the header row) down to the next heading on its right: each wrapped name reads whole.
    "" for a page without the heading."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    texts = []
    for page in html.split("<page ")[1:]:
        boxes = [(float(x0), float(y0), float(x1), html_unescape(word))
                 for x0, y0, x1, word in WORD_BOX.findall(page)]
        headings = [(x0, y0) for x0, y0, _, word in boxes if word == heading]
        if not headings:
            texts.append("")
            continue
        left, top = min(headings, key=lambda box: box[1])
        right = min(x0 for x0, y0, _, _ in boxes if abs(y0 - top) < 1 and x0 > left)
        inside = sorted((round(y0), x0, word) for x0, y0, x1, word in boxes if y0 > top + 1 and x0 >= left - 1
                        and x1 <= right)
        texts.append(" ".join(word for _, _, word in inside))
    return texts


def footer(page):
    return page.strip().splitlines()[-1]


def words(text):
    """Text with every line break and run of spaces as one space: a wrapped name reads whole."""
    return " ".join(text.split())


def yellow_share(pdf, page):
    """The share of a page (rendered at 20 dpi) in the answer cells' yellow."""
    image = subprocess.run(["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page), str(pdf)],
                           capture_output=True, check=True).stdout  # a binary PPM: "P6 w h 255\n" + RGB
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", image)
    pixels = image[header.end():]
    total = int(header.group(1)) * int(header.group(2))
    yellow = sum(1 for i in range(0, 3 * total, 3)
                 if all(abs(pixels[i + c] - YELLOW[c]) <= 12 for c in range(3)))
    return yellow / total


@pytest.fixture
def capability_names(fyrbodal_file):
    with open_document(fyrbodal_file, read_only=True) as document:
        return [cap.name for cap in capability_map(document).capabilities()]


def test_the_printed_form_is_at_most_four_pages_with_every_capability_beside_its_answer_cells(
        fyrbodal_file, capability_names, profile, tmp_path):
    form = tmp_path / "form.xlsx"
    assert main(["rating-form", str(fyrbodal_file), "--output", str(form), "--organisation", "Vänersborg"]) == 0
    pdf = convert(profile, form, "pdf", tmp_path / "pdf")

    pages = page_texts(pdf)
    assert len(capability_names) == 55 and len(pages) == page_count(pdf) <= 4
    printed_names = " ".join(column_text(pdf, "Förmåga"))
    missing = [name for name in capability_names if name not in printed_names]
    assert not missing, missing
    first = words(pages[0])
    assert first.startswith("Mognadsbedömning") and "Fyll i de gula cellerna" in first  # the instructions,
    assert all(choice in first for choice in ("Mognadsskala", "0 – Obefintlig", "4 – Branschledande", "vet ej"))
    for number, page in enumerate(page_texts(pdf, as_printed=True), start=1):
        assert footer(page).split()[:2] == ["Organisation:", "Vänersborg"]
        assert footer(page).endswith(f"Sida {number} av {len(pages)}")
        assert "Beskrivning" in page and "Kommentar" in page, f"page {number} lacks the header row"
        assert not UUID.search(page), "the hidden id column was printed"
        # The original complaint: names on one page, the yellow answer cells on another.
        assert yellow_share(pdf, number) > 0.05, f"page {number} has no answer cells"


def test_the_printed_results_fit_a_few_pages_and_start_with_the_read_me(
        fyrbodal_file, capability_names, profile, tmp_path):
    with open_document(fyrbodal_file) as document:
        insert_ratings(document, [dict(r, consent="group") for r in csv_rows()])
    workbook = tmp_path / "resultat.xlsx"
    assert main(["export", str(fyrbodal_file), "--format", "xlsx", "--output", str(workbook)]) == 0
    pdf = convert(profile, workbook, "pdf", tmp_path / "pdf")

    sheets = openpyxl.load_workbook(workbook).sheetnames
    pages, names = page_texts(pdf), column_text(pdf, "Förmåga")
    pages_of = {sheet: [] for sheet in sheets}  # page numbers (from 0), by the sheet named in the footer
    for number, printed in enumerate(page_texts(pdf, as_printed=True)):
        pages_of[next(sheet for sheet in sheets if footer(printed).startswith(sheet))].append(number)
    assert sum(map(len, pages_of.values())) == len(pages) == page_count(pdf)
    assert sheets[0] == "Läs mig" and pages_of["Läs mig"] == [0]
    assert "färre än 5 organisationer" in words(pages[0])
    joint = pages_of["Gemensamt resultat"]
    assert 1 <= len(joint) <= 4 and all("Medel" in pages[number] for number in joint)  # the header row
    printed_names = " ".join(names[number] for number in joint)
    missing = [name for name in capability_names if name not in printed_names]
    assert not missing, missing
    assert all(len(numbers) <= 4 for numbers in pages_of.values()), pages_of


def test_a_form_filled_and_saved_in_libreoffice_imports_exactly_and_keeps_its_drop_downs(
        fyrbodal_file, profile, tmp_path, capsys):
    form = tmp_path / "form.xlsx"
    assert main(["rating-form", str(fyrbodal_file), "--output", str(form)]) == 0
    workbook = openpyxl.load_workbook(form)
    sheet = workbook["Bedömning"]
    header_row = workbook[layout.META_SHEET][layout.META_HEADER_ROW].value
    rows = [row for row in range(header_row + 1, sheet.max_row + 1) if sheet[f"{layout.CAPABILITY_ID}{row}"].value]
    sheet[f"C{layout.ORGANISATION_ROW}"] = "Åmål"
    sheet[f"C{layout.RESPONDENT_ROW}"] = "Kommunchef"
    sheet[f"C{layout.SHARE_ROW}"] = "Endast processledaren"
    for index, row in enumerate(rows[:-1]):
        sheet[f"{layout.MATURITY}{row}"] = sheet[f"C{layout.SCALE_FIRST_ROW + index % 5}"].value  # "2 – Acceptabel"
        sheet[f"{layout.IMPORTANCE}{row}"] = 1 + index % 5
    sheet[f"{layout.MATURITY}{rows[-1]}"] = "vet ej"
    sheet[f"{layout.COMMENT}{rows[-1]}"] = "Svårt att säga – åäö ÅÄÖ"
    workbook.save(form)
    before = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}

    saved = convert(profile, form, "xlsx:Calc MS Excel 2007 XML", tmp_path / "saved")

    again = openpyxl.load_workbook(saved)
    sheet = again["Bedömning"]
    assert again[layout.META_SHEET].sheet_state == "hidden"
    after = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert after == before, "LibreOffice dropped or changed a drop-down"
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth) == ("landscape", 1)
    assert main(["import-ratings", str(fyrbodal_file), str(saved)]) == 0
    assert "(rating form, 55 rows): 1 organisations added; 1 respondents added" in capsys.readouterr().out
    with open_document(fyrbodal_file, read_only=True) as document:
        (organisation,) = store.organisations(document)
        (respondent,) = store.respondents(document)
        stored = store.ratings_of(document, [respondent.id]).values()
    assert organisation.name == "Åmål" and (respondent.label, respondent.consent) == ("Kommunchef", "facilitator")
    assert len(stored) == 55
    assert sorted(r.maturity for r in stored if not r.dont_know) == sorted(i % 5 for i in range(54))
    (dont_know,) = [r for r in stored if r.dont_know]
    assert dont_know.comment == "Svårt att säga – åäö ÅÄÖ"

"""The deliverables (PDF report, map SVG/PNG/posters, organisation reports, paper forms), read back as a reader would.

PDFs are turned into text with poppler's pdftotext and into pictures with
pdftoppm (poppler-utils, installed by .ci/run); SVGs are parsed as XML; PNGs
are sampled where the boxes are.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core.colour_scales import SUPPRESSED_FILL
from digitalmotor_desktop.core.model import Area, Capability, CapabilityGroup, CapabilityMap
from digitalmotor_desktop.core.privacy import compile_result
from digitalmotor_desktop.core.statistics import Observation
from digitalmotor_desktop.demo import create_demo
from digitalmotor_desktop.export import fonts
from digitalmotor_desktop.export.map_picture import MATURITY, map_picture
from digitalmotor_desktop.export.picture import Part, Text
from digitalmotor_desktop.export.report_pdf import ReportFacts, write_report
from digitalmotor_desktop.export.wording import Wording
from digitalmotor_desktop.ops.deliverables import ExportRequest, export_file
from digitalmotor_desktop.ops.results import GapReport
from digitalmotor_desktop.store import results as store
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.workshop import capability_map
from gap_data import SPARSE, insert_ratings, sparse_rows

SVG = "{http://www.w3.org/2000/svg}"


def pdf_text(path: Path, layout: bool = False) -> str:
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def words(text: str) -> str:
    return " ".join(text.split())


def export(path, out, fmt, *extra):
    assert main(["export", str(path), "--format", fmt, "--output", str(out), *extra]) == 0
    return out


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.dmw"
    create_demo(path)
    return path


@pytest.fixture(scope="module")
def demo_report(demo_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "rapport.pdf"
    return export(demo_file, out, "pdf", "--lang", "sv")


@pytest.fixture
def names(demo_file):
    with open_document(demo_file, read_only=True) as document:
        return [c.name for c in capability_map(document).capabilities()]


@pytest.fixture
def rated_file(fyrbodal_file):
    rows = sparse_rows()
    with open_document(fyrbodal_file) as document:
        insert_ratings(document, rows)
    return fyrbodal_file


# -- the demo report -------------------------------------------------------------------------------

def test_demo_report_has_every_section_name_and_published_figure(demo_report, names):
    text = pdf_text(demo_report)
    flat = words(text)
    for heading in ("Metod", "Mognadsskalan", "Organisationen är enheten", "Små grupper och samtycke", "Målbild",
                    "Förmågekarta", "Värmekarta: medelvärde mognad (0–4)",
                    "Förmågor – bedömd betydelse och självskattad mognadsnivå", "Betydelse mot mognad",
                    "De fem starkaste", "De fem svagaste", "Prioriteringar och beslut", "Samverkansscenarier",
                    "Per organisation", "Bilaga: förmågorna"):
        assert heading in flat, heading
    assert all(name in flat for name in names)
    assert "15 organisationer, 15 respondenter" in flat
    assert "Vi arbetar med och utvecklar ständigt våra värderingar" in flat  # the appendix's descriptions
    # The chart's table: importance, mean, SD and n on the capability's line, with Swedish decimals.
    line = next(line for line in pdf_text(demo_report, layout=True).splitlines()
                if "Upprätthålla stabil och tillförlitlig driftsleverans" in line and "3,00" in line)
    assert re.search(r"3,13\s+3,00\s+0,65\s+15\s*$", line), line


def test_demo_report_pages_outline_and_metadata(demo_report, tmp_path):
    info = subprocess.run(["pdfinfo", str(demo_report)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 12 <= pages <= 30
    assert "Title:           Digital motor Fyrbodal – demo" in info
    raw = demo_report.read_bytes()
    assert b"/Lang (sv-SE)" in raw and b"/Outlines" in raw
    embedded = subprocess.run(["pdffonts", str(demo_report)], check=True, capture_output=True, text=True).stdout
    faces = {line.split()[0].split("+")[-1]: line.split()[-4] for line in embedded.splitlines()[2:]}
    # å ä ö show on any machine. (reportlab lists Helvetica as a resource of every page, never drawn with.)
    assert faces["BitstreamVeraSans-Roman"] == faces["BitstreamVeraSans-Bold"] == "yes"
    text = pdf_text(demo_report)
    assert f"Sida {pages}" in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "4", "-l", "4", str(demo_report), str(tmp_path / "page")],
                   check=True)
    heat_page = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    assert heat_page.width > heat_page.height  # the heat map has a landscape page of its own
    assert len(heat_page.getcolors(maxcolors=1 << 20)) > 50  # coloured boxes, not a blank page


def test_english_report_speaks_english(demo_file, tmp_path):
    text = words(pdf_text(export(demo_file, tmp_path / "report.pdf", "pdf", "--lang", "en")))
    assert "Importance and maturity per capability" in text and "3.00" in text and "Page 2" in text


# -- maps ------------------------------------------------------------------------------------------

def _box_texts(svg_path: Path) -> dict[str, str]:
    root = ET.parse(svg_path).getroot()
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        lines = [t.text for t in group.iter(f"{SVG}text")]
        boxes[" ".join(lines)] = group
    return boxes


def test_svg_map_is_xml_with_every_name_as_text(demo_file, names, tmp_path):
    svg = export(demo_file, tmp_path / "map.svg", "svg", "--what", "heatmap", "--lang", "sv")
    boxes = _box_texts(svg)
    assert len(boxes) == 55
    joined = " | ".join(boxes)
    assert all(name in joined for name in names)
    assert "Upprätthålla stabil och tillförlitlig driftsleverans 3,00 · n = 15" in boxes


def test_png_boxes_lie_where_the_svg_and_the_layout_put_them(demo_file, tmp_path):
    png = export(demo_file, tmp_path / "map.png", "png", "--what", "heatmap", "--dpi", "192")
    image = Image.open(png).convert("RGB")
    assert image.size == (3200, pytest.approx(image.size[1]))
    assert abs(image.info["dpi"][0] - 192) < 1
    with open_document(demo_file, read_only=True) as document:
        from digitalmotor_desktop.ops.results import gap_report

        report = gap_report(document)
    picture = map_picture(report, Wording(), MATURITY)
    boxes = {part.key: part for part in picture.shapes if isinstance(part, Part)}
    assert len(boxes) == 55
    for key, rect in picture.regions.items():
        fill = boxes[key].shapes[0].fill
        inside = image.getpixel((round((rect.x + 3) * 2), round((rect.y + rect.height / 2) * 2)))
        assert inside == tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5)), key


def test_poster_fills_a_landscape_page_of_the_paper_asked_for(demo_file, tmp_path):
    poster = export(demo_file, tmp_path / "poster.pdf", "pdf", "--what", "map", "--paper", "A2")
    info = subprocess.run(["pdfinfo", str(poster)], check=True, capture_output=True, text=True).stdout
    assert "Pages:           1" in info and "1683.78 x 1190.55" in info
    assert "Bygga kultur" in pdf_text(poster)


# -- privacy in every format ----------------------------------------------------------------------

def test_no_format_shows_a_suppressed_figure_or_names_an_organisation(rated_file, tmp_path):
    outputs = {
        "report": export(rated_file, tmp_path / "r.pdf", "pdf"),
        "poster": export(rated_file, tmp_path / "p.pdf", "pdf", "--what", "heatmap"),
        "chart": export(rated_file, tmp_path / "c.pdf", "pdf", "--what", "chart"),
    }
    texts = {name: pdf_text(path) for name, path in outputs.items()}
    texts["svg"] = (export(rated_file, tmp_path / "m.svg", "svg", "--what", "heatmap")).read_text(encoding="utf-8")
    texts["chart svg"] = (export(rated_file, tmp_path / "c.svg", "svg", "--what", "chart")).read_text(encoding="utf-8")
    for name, text in texts.items():
        assert not re.search(r"Kommun \d\d", text) and "SML IT" not in text, name
    for group_text in _box_texts(tmp_path / "m.svg"):
        if group_text.split(" too few")[0] in SPARSE:
            assert group_text.endswith("too few answers · n = 4") and not re.search(r"\d\.\d", group_text)
    layout = pdf_text(outputs["report"], layout=True)
    for capability in SPARSE:  # the chart's table: name, no importance, mean or SD, and n
        assert re.search(rf"^\s*{capability}\s+–\s+–\s+–\s+4\s*$", layout, re.M), capability
    # Five organisations share with the facilitator only: ten pseudonyms in the matrix, never the others.
    assert "Kolumner: Organisation A … J." in words(texts["report"])
    png = export(rated_file, tmp_path / "m.png", "png", "--what", "heatmap", "--dpi", "96")
    image = Image.open(png).convert("RGB")
    with open_document(rated_file, read_only=True) as document:
        from digitalmotor_desktop.ops.results import gap_report

        report = gap_report(document)
        records = store.export_records(document)
    assert len(records) == 6  # every file written is recorded for the differencing guard
    picture = map_picture(report, Wording(), MATURITY)
    grey = tuple(int(SUPPRESSED_FILL[i:i + 2], 16) for i in (1, 3, 5))
    for capability in report.capability_map.capabilities():
        rect = picture.regions[capability.id]
        pixel = image.getpixel((round(rect.x + 2), round(rect.y + 2 + rect.height / 3)))
        assert (pixel in (grey, (0x8a, 0x8a, 0x8a))) == (capability.name in SPARSE), capability.name


def test_organisation_report_names_no_other_organisation(rated_file, tmp_path):
    text = words(pdf_text(export(rated_file, tmp_path / "own.pdf", "pdf", "--what", "organisation",
                                 "--organisation", "kommun 07", "--lang", "sv")))
    assert "Kommun 07" in text
    assert set(re.findall(r"Kommun \d\d", text)) == {"Kommun 07"}
    assert "SML IT" not in text and not re.search(r"Organisation [A-Z]\b", text)
    assert "Er nivå" in text and "för få svar" in text  # its own level; the sparse capabilities' joint mean hidden


def test_unknown_organisation_or_impossible_request_is_one_sentence(rated_file, tmp_path, capsys):
    assert main(["export", str(rated_file), "--format", "pdf", "--what", "organisation", "--organisation",
                 "Ingen sådan", "--output", str(tmp_path / "x.pdf")]) == 2
    assert main(["export", str(rated_file), "--format", "png", "--what", "report",
                 "--output", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "no organisation “Ingen sådan”" in err[0] and "png file can hold" in err[1]
    assert [p.name for p in tmp_path.iterdir()] == [rated_file.name]  # nothing written, not even a partial file


def test_paper_form_has_a_row_and_boxes_per_capability(demo_file, names, tmp_path):
    form = export(demo_file, tmp_path / "form.pdf", "pdf", "--what", "form", "--organisation", "Kommun 03",
                  "--lang", "sv")
    text = words(pdf_text(form))
    assert "Mognadsbedömning" in text and "Kommun 03" in text and "Dela med gruppen" in text
    assert all(name in text for name in names)
    assert "för få svar" not in text and "3,00" not in text  # a form carries no result


def test_cancelled_export_writes_nothing(demo_file, tmp_path):
    from digitalmotor_desktop.core.errors import Cancelled

    with open_document(demo_file) as document:
        before = len(store.export_records(document))
        with pytest.raises(Cancelled):
            export_file(document, tmp_path / "r.pdf", ExportRequest("pdf"), cancelled=lambda: True)
        assert len(store.export_records(document)) == before
    assert not list(tmp_path.iterdir())


# -- long inputs ----------------------------------------------------------------------------------

def _long_report() -> GapReport:
    """500 capabilities with 60-character names (some a single long word); every tenth has a
    4,000-character description."""
    from digitalmotor_desktop.core.model import ScaleLevel
    from digitalmotor_desktop.core.scenarios import map_suggestion, suggest

    areas = []
    for a, per_group in enumerate((17, 17, 16)):
        groups = []
        for g in range(10):
            caps = []
            for c in range(per_group):
                number = a * 1000 + g * 100 + c
                name = (f"Förmåga {number} " + "med ett långt namn " * 4)[:60].rstrip() if c % 3 \
                    else f"Informationssäkerhetsarbetsmiljöförbättringsprogramledning{number:04d}"[:60]
                description = ("Vi kan " + "beskriva förmågan ytterligare och mer " * 120)[:4000] if c % 10 == 0 \
                    else "Vi kan göra det."
                caps.append(Capability(f"c{number}", f"g{a}-{g}", name, description))
            groups.append(CapabilityGroup(f"g{a}-{g}", f"a{a}", f"Grupp {a}.{g} med ett ganska långt namn i testet",
                                          tuple(caps)))
        areas.append(Area(f"a{a}", f"Område {a}", groups=tuple(groups)))
    cmap = CapabilityMap(tuple(areas))
    ids = [c.id for c in cmap.capabilities()]
    observations = [Observation(f"o{o}", f"p{o}", "group", cap, (o + i) % 5, 1 + (o * i) % 5)
                    for o in range(6) for i, cap in enumerate(ids)]
    result = compile_result(observations, ids, min_n=5, anonymised=True, names={}, pseudonym_seed="s")
    suggestions = {row.capability_id: suggest(row) for row in result.rows}
    levels = [ScaleLevel(level, f"Nivå {level}", "Beskrivning " * 30) for level in range(5)]
    return GapReport(cmap, levels, result, {}, suggestions, map_suggestion(list(suggestions.values())), 3, 5, [])


def test_long_inputs_break_across_pages_and_never_leave_their_box(tmp_path):
    report = _long_report()
    assert len(report.result.rows) == 500
    names = [c.name for c in report.capability_map.capabilities()]
    assert max(map(len, names)) == 60
    pdf = tmp_path / "long.pdf"
    pages = write_report(report, ReportFacts("Lång workshop", "2026-01-01", 6, 6, ("Ett mål " * 60,)), pdf, Wording())
    assert pages > 40
    text = words(pdf_text(pdf))
    assert all(name in text for name in names)  # the appendix: every name whole, every description flowing on
    assert text.count("beskriva förmågan ytterligare och mer") >= 50 * 100
    for width in (1600, 800):  # a slide and a narrow picture: the names wrap, or break with a hyphen
        picture = map_picture(report, Wording(), MATURITY, width=width)
        for part in (s for s in picture.shapes if isinstance(s, Part)):
            box = picture.regions[part.key]
            for shape in part.shapes:
                if isinstance(shape, Text):
                    assert fonts.text_width(shape.text, shape.size, shape.bold) <= box.width, shape.text
                    assert box.y <= shape.y <= box.y + box.height, shape.text


def test_scenario_participants_appear_as_pseudonyms_and_facilitator_only_ones_only_as_a_count(rated_file, tmp_path):
    from digitalmotor_desktop.ops.decisions import take_part
    from digitalmotor_desktop.store import ratings as rating_store

    with open_document(rated_file) as document:
        organisations = {o.name: o.id for o in rating_store.organisations(document)}
        for name in ("Kommun 01", "Kommun 07", "Kommun 08"):  # Kommun 01 shares with the facilitator only
            take_part(document, 3, organisations[name], True).redo(document)
    text = words(pdf_text(export(rated_file, tmp_path / "r.pdf", "pdf", "--lang", "en")))
    found = re.search(r"Taking part: (Organisation [A-Z]), (Organisation [A-Z]) and 1 other organisation\(s\)\.", text)
    assert found and found.group(1) != found.group(2)
    own = words(pdf_text(export(rated_file, tmp_path / "own.pdf", "pdf", "--what", "organisation",
                                "--organisation", "Kommun 07", "--lang", "en")))
    assert "Your organisation takes part in: 3 Kapacitetssamverkan." in own
    assert not re.search(r"Organisation [A-Z]\b", own)


def test_an_anonymised_merge_keeps_who_takes_part_under_derived_ids(rated_file, tmp_path):
    from digitalmotor_desktop.ops.decisions import choose_pilot, take_part
    from digitalmotor_desktop.store import ratings as rating_store
    from digitalmotor_desktop.store.merge import derived_id
    from merge_data import merge

    with open_document(rated_file) as document:
        organisation = next(o.id for o in rating_store.organisations(document) if o.name == "Kommun 07")
        take_part(document, 2, organisation, True).redo(document)
        pilot = capability_map(document).capabilities()[3].id
        choose_pilot(document, 2, pilot).redo(document)
        secret = document.db.execute("SELECT pseudonym_seed FROM workshop").fetchone()[0]
    anonymised = merge(tmp_path / "anon.dmw", rated_file, anonymised=True)
    with open_document(anonymised, read_only=True) as document:
        assert store.scenario_participants(document) == {2: frozenset({derived_id(secret, organisation)})}
        assert store.scenario_pilots(document) == {2: pilot}

"""Hostile rating files for the import tests and benchmarks/import.py: zip bombs, XML attacks, huge CSVs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

HEADER = ["organisation", "respondent", "capability", "maturity", "importance", "comment", "share"]


def _template_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["Vänersborg", "IT-chef", "Bygga kultur", 3, None, None, "group"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewritten_workbook(path: Path, parts: dict[str, object], *, extra_parts: int = 0) -> Path:
    """A real workbook with some parts replaced. A part's content may be bytes or a function that
    writes chunks to a stream (so a bomb's hundreds of megabytes are never held in memory)."""
    with zipfile.ZipFile(io.BytesIO(_template_workbook())) as original, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name in original.namelist():
            if name not in parts:
                out.writestr(name, original.read(name))
        for name, content in parts.items():
            with out.open(name, "w", force_zip64=False) as stream:
                if callable(content):
                    content(stream)
                else:
                    stream.write(content)
        for number in range(extra_parts):
            out.writestr(f"customXml/item{number}.xml", b"<a/>")
    return path


def _sheet_with_one_cell(size: int):
    def write(stream) -> None:
        stream.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
        chunk = b"A" * 1_000_000
        for _ in range(size // len(chunk)):
            stream.write(chunk)
        stream.write(b"</t></is></c></row></sheetData></worksheet>")
    return write


def cell_bomb(path: Path, size: int = 300_000_000) -> Path:
    """A small workbook whose one cell unpacks to ``size`` bytes (the issue's 300 KB → 300 MB)."""
    return rewritten_workbook(path, {"xl/worksheets/sheet1.xml": _sheet_with_one_cell(size)})


def shared_strings_bomb(path: Path, count: int = 30_000_000) -> Path:
    """A workbook of ``count`` tiny shared strings (the issue's 1.5 MB with 30 million)."""
    def write(stream) -> None:
        stream.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main">')
        chunk = b"<si><t>a</t></si>" * 100_000
        for _ in range(count // 100_000):
            stream.write(chunk)
        stream.write(b"</sst>")
    return rewritten_workbook(path, {"xl/sharedStrings.xml": write})


def entity_workbook(path: Path, *, external: bool = False) -> Path:
    """A sheet that declares entities: a billion laughs, or an external entity reading a local file."""
    declaration = (b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>' if external else
                   b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                   b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    entity = b"&x;" if external else b"&d;"
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?>' + declaration +
             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + entity + b'</t></is></c></row></sheetData></worksheet>')
    return rewritten_workbook(path, {"xl/worksheets/sheet1.xml": sheet})


def many_parts_workbook(path: Path, parts: int = 5_000) -> Path:
    return rewritten_workbook(path, {}, extra_parts=parts)


def long_form_csv(path: Path, capabilities: list[str], rows: int, *, bad: bool = False) -> Path:
    """``rows`` rows of a long-form CSV rating the capabilities in turn; ``bad``: every maturity is out of range."""
    per_respondent = len(capabilities)
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(HEADER) + "\n")
        for row in range(rows):
            person, index = divmod(row, per_respondent)
            maturity = 7 if bad else (person + index) % 5
            name = capabilities[index].replace('"', '""')
            stream.write(f'Kommun {person // 20:04d},Respondent {person % 20},"{name}",{maturity},,,\n')
    return path

"""Rating files built to hurt: bombs, XML attacks, huge names, unclosed quotes, mixed encodings.

Each is refused with one sentence naming what was wrong and where, before it is
parsed whole, and the workshop stays byte-identical.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import os
import zipfile

import openpyxl
import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core import limits
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops.import_ratings import import_ratings
from digitalmotor_desktop.ops import rating_sources
from digitalmotor_desktop.ops.rating_sources import csv_table, read_source
from digitalmotor_desktop.store import ratings as store
from hostile_files import (HEADER, _template_workbook, cell_bomb, entity_workbook, long_form_csv, many_parts_workbook,
                           rewritten_workbook, shared_strings_bomb)

CSV_HEADER = ",".join(HEADER)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(fyrbodal_file, source, capsys):
    """Imports on the command line; returns stderr, after checking nothing was written."""
    before = digest(fyrbodal_file)
    capsys.readouterr()
    assert main(["import-ratings", str(fyrbodal_file), str(source)]) == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error and "internal error" not in error
    assert digest(fyrbodal_file) == before
    leftovers = [p for p in fyrbodal_file.parent.iterdir() if p.name.startswith(fyrbodal_file.name + "-")]
    assert all(p.name.endswith(("-wal", "-shm")) for p in leftovers)  # a reader's, SQLite's own
    assert all(p.stat().st_size == 0 for p in leftovers if p.name.endswith("-wal"))
    return error


@pytest.mark.parametrize("make, phrase", [
    (lambda path: cell_bomb(path, 60_000_000), "part “xl/worksheets/sheet1.xml” unpacks to 60 MB, more than the 50 MB"),
    (lambda path: shared_strings_bomb(path, 3_000_000), "part “xl/sharedStrings.xml” unpacks to 51 MB, more than the 20 MB"),
    (lambda path: many_parts_workbook(path, 1_500), "more than 1,000 parts"),
    (entity_workbook, "declares XML entities or a DTD"),
    (lambda path: entity_workbook(path, external=True), "declares XML entities or a DTD"),
])
def test_spreadsheet_bombs_and_xml_attacks_are_refused_before_parsing(fyrbodal_file, tmp_path, capsys, make, phrase):
    source = make(tmp_path / "ratings.xlsx")
    assert source.stat().st_size < 1_000_000  # small on disk: the danger is what it unpacks to
    error = refused(fyrbodal_file, source, capsys)
    assert "ratings.xlsx" in error and phrase in error


def test_a_cell_longer_than_a_comment_may_be_is_refused_with_its_line(fyrbodal_file, tmp_path, capsys):
    source = cell_bomb(tmp_path / "long.xlsx", 5_000_000)
    assert "Line 1, column 1: the cell is longer than 4,000 characters" in refused(fyrbodal_file, source, capsys)


def test_huge_names_and_comments_in_a_csv_are_refused_with_their_line(fyrbodal_file, tmp_path, capsys):
    source = tmp_path / "names.csv"
    source.write_text(f"{CSV_HEADER}\nÅmål,,Bygga kultur,2,,,\n{'Å' * 201},,Bygga kultur,2,,,\n", encoding="utf-8")
    assert "Line 3: the organisation is longer than 200 characters" in refused(fyrbodal_file, source, capsys)
    source.write_text(f"{CSV_HEADER}\nÅmål,,Bygga kultur,2,,{'x' * 4001},\n", encoding="utf-8")
    assert "Line 2, column 6: the cell is longer than 4,000 characters" in refused(fyrbodal_file, source, capsys)
    source.write_text(f"{CSV_HEADER}\nÅmål,,{'x' * 10_000_000},2,,,\n", encoding="utf-8")
    assert ("“names.csv”: the field on line 2 is longer than 131,072 characters (an unclosed quote?); nothing was "
            "imported.") in refused(fyrbodal_file, source, capsys)


def test_an_unclosed_quote_that_swallows_rows_is_refused_with_its_lines(fyrbodal_file, tmp_path, capsys):
    rows = [f"Kommun {i},,Bygga kultur,2,,,"for i in range(55)]
    rows[3] = 'Kommun 3,,Bygga kultur,2,,"Bra start,'  # the comment's quote is never closed
    rows[4] = 'Kommun 4,,Bygga kultur,2,,fortsätter" här,'  # … until a stray quote further down
    source = tmp_path / "quote.csv"
    source.write_text("\n".join([CSV_HEADER, *rows]) + "\n", encoding="utf-8")
    error = refused(fyrbodal_file, source, capsys)
    assert "a quoted field opened on line 5 runs on to line 6" in error
    rows[4] = "Kommun 4,,Bygga kultur,2,,,"
    source.write_text("\n".join([CSV_HEADER, *rows]) + "\n", encoding="utf-8")  # never closed at all
    assert ("“quote.csv”: the quote opened on line 5 is never closed; nothing was imported."
            in refused(fyrbodal_file, source, capsys))


def test_a_comment_on_two_lines_still_imports(fyrbodal, tmp_path):
    source = tmp_path / "multiline.csv"
    source.write_text(f'{CSV_HEADER}\nÅmål,,Bygga kultur,2,,"Bra start,\nmen mer behövs",\n', encoding="utf-8")
    assert import_ratings(fyrbodal, source).ratings_added == 1


def test_a_utf8_file_with_one_windows_line_is_refused_naming_both_lines(fyrbodal_file, tmp_path, capsys):
    source = tmp_path / "mixed.csv"
    source.write_bytes(f"{CSV_HEADER}\nÅmål,,Bygga kultur,2,,,\n".encode("utf-8") +
                       "Färgelanda,,Bygga kultur,3,,,\n".encode("cp1252"))
    error = refused(fyrbodal_file, source, capsys)
    assert "mixes two encodings: line 2 is UTF-8 but line 3 is not" in error


def test_the_summary_names_the_encoding_and_the_separator(fyrbodal_file, tmp_path, capsys):
    source = tmp_path / "excel.csv"
    source.write_bytes("organisation;respondent;capability;maturity\r\nFärgelanda;;Bygga kultur;2\r\n".encode("cp1252"))
    assert main(["import-ratings", str(fyrbodal_file), str(source)]) == 0
    assert "(long form, Windows-1252, separated by semicolon, 1 rows)" in capsys.readouterr().out
    source.write_text(f"{CSV_HEADER}\nÅmål,,Bygga kultur,2,,,\n", encoding="utf-8")
    assert main(["import-ratings", str(fyrbodal_file), str(source), "--dry-run"]) == 0
    assert "UTF-8, separated by comma" in capsys.readouterr().out


def test_a_million_bad_rows_list_fifty_problems_and_count_the_rest(fyrbodal, tmp_path):
    names = [c.name for c in store_capabilities(fyrbodal)]
    source = long_form_csv(tmp_path / "bad.csv", names, 20_000, bad=True)
    with pytest.raises(InvalidInput) as caught:
        import_ratings(fyrbodal, source)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 51 and problems[-1] == "… and 19950 more problems."
    assert "20000 problem(s)" in str(caught.value)
    assert store.organisations(fyrbodal) == []


def store_capabilities(document):
    from digitalmotor_desktop.ops.ratings import capture_order

    return capture_order(document)


def test_too_many_rows_or_respondents_are_refused_with_the_limit(fyrbodal, tmp_path, monkeypatch):
    names = [c.name for c in store_capabilities(fyrbodal)]
    source = long_form_csv(tmp_path / "many.csv", names, 3000)
    monkeypatch.setattr(limits, "ROWS_MAX", 1000)
    with pytest.raises(InvalidInput, match="^“many.csv” has more than 1,000 rows \\(line 1001\\); split it into smaller files.$"):
        import_ratings(fyrbodal, source)
    monkeypatch.setattr(limits, "ROWS_MAX", 10_000)
    monkeypatch.setattr(limits, "RESPONDENTS_MAX", 20)
    with pytest.raises(InvalidInput, match="more than 20 respondents"):
        import_ratings(fyrbodal, source)
    assert store.organisations(fyrbodal) == []


def test_a_file_larger_than_the_limit_is_refused_without_reading_it(fyrbodal_file, tmp_path, capsys, monkeypatch):
    source = tmp_path / "huge.csv"
    with source.open("wb") as stream:
        stream.truncate(limits.SOURCE_BYTES_MAX + 1)  # sparse: nothing to read, and it is never read
    assert "“huge.csv” is larger than 100 MB, the most a rating file may be." in refused(fyrbodal_file, source, capsys)


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_devices_pipes_and_folders_are_not_rating_files(fyrbodal_file, tmp_path, capsys, kind):
    if kind == "device":
        source = tmp_path / "zero.csv"
        os.symlink("/dev/zero", source)
    elif kind == "fifo":
        source = tmp_path / "pipe.csv"
        os.mkfifo(source)
    else:
        source = tmp_path / "folder.csv"
        source.mkdir()
    assert (f"“{source.name}” is not a file (it is a folder, a device or a pipe); choose a CSV or XLSX file."
            in refused(fyrbodal_file, source, capsys))


def test_a_formula_in_an_import_stays_plain_text(fyrbodal, tmp_path):
    source = tmp_path / "formula.csv"
    source.write_text(f'{CSV_HEADER}\n"=HYPERLINK(""http://x"",""y"")",,Bygga kultur,2,,=1+1,\n', encoding="utf-8")
    import_ratings(fyrbodal, source)
    assert [o.name for o in store.organisations(fyrbodal)] == ['=HYPERLINK("http://x","y")']
    assert read_source(source).encoding == "UTF-8"


def test_a_stray_quote_that_closes_cleanly_cannot_swallow_a_row(fyrbodal_file, tmp_path, capsys):
    """The quote opened in line 2's comment is closed by a slip in line 3, which makes valid CSV of
    the two: line 3's rating would vanish into line 2's comment. Three separators make a row."""
    source = tmp_path / "quote.csv"
    source.write_text(f'{CSV_HEADER}\nKommun 2,,Bygga kultur,2,,"Bra start,\nKommun 3,,Bygga kultur,2 bra",\n',
                      encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_source(source)
    assert str(caught.value) == ("“quote.csv”: a quoted field opened on line 2 runs on to line 3 and takes in what "
                                 "look like rows; close the quote and import it again.")
    assert "takes in what look like rows" in refused(fyrbodal_file, source, capsys)


def test_a_comment_on_two_lines_with_commas_in_it_still_imports(fyrbodal, tmp_path):
    source = tmp_path / "multiline.csv"
    source.write_text(f'{CSV_HEADER}\nÅmål,,Bygga kultur,2,,"Bra start,\nmen, visst, mer behövs",\n', encoding="utf-8")
    assert import_ratings(fyrbodal, source).ratings_added == 1
    (rating,) = store.ratings_of(fyrbodal, [r.id for r in store.respondents(fyrbodal)]).values()
    assert rating.comment == "Bra start,\nmen, visst, mer behövs"


def _sheet_of(path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def _workbook_without(path, part):
    with zipfile.ZipFile(io.BytesIO(_template_workbook())) as original, zipfile.ZipFile(path, "w") as out:
        for name in original.namelist():
            if name != part:
                out.writestr(name, original.read(name))
    return path


#: A billion laughs declared after 5 KB of comment, beyond the 4 KB of each part read before parsing.
_PADDED_ENTITIES = (b'<?xml version="1.0" encoding="UTF-8"?><!--' + b" " * 5000 + b"-->"
                    b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&d;</t></is></c></row></sheetData></worksheet>')
_MALFORMED = "is refused: its XML is malformed or uses entities, so it is not a workbook Excel wrote."
_LONG_PART = "customXml/" + "x" * 300 + ".xml"


@pytest.mark.parametrize("name, make, sentence", [
    ("gone.csv", lambda path: path, "“gone.csv” could not be read (No such file or directory)."),
    ("old.xls", lambda path: path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
     "“old.xls” is an old Excel (.xls) file; save it as .xlsx or CSV and import that."),
    ("photo.csv", lambda path: path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
     "“photo.csv” is not a CSV or XLSX file."),
    ("fake.xlsx", lambda path: path.write_bytes(b"PK\x03\x04 not really a zip"),
     "“fake.xlsx” could not be read as an Excel workbook (.xlsx)."),
    ("torn.xlsx", lambda path: _workbook_without(path, "xl/workbook.xml"),
     "“torn.xlsx” could not be read as an Excel workbook (.xlsx)."),
    ("broken.xlsx", lambda path: rewritten_workbook(path, {"xl/workbook.xml": b"<workbook"}), f"“broken.xlsx” {_MALFORMED}"),
    ("padded.xlsx", lambda path: rewritten_workbook(path, {"xl/worksheets/sheet1.xml": _PADDED_ENTITIES}),
     f"“padded.xlsx” {_MALFORMED}"),
    ("rels.xlsx", lambda path: rewritten_workbook(path, {"_rels/.rels": b'<!DOCTYPE a [<!ENTITY x "y">]><a/>'}),
     "“rels.xlsx” is refused for safety: its part “_rels/.rels” declares XML entities or a DTD, which an Excel workbook never does."),
    ("vml.xlsx", lambda path: rewritten_workbook(path, {"xl/drawings/vmlDrawing1.VML": b'<!DOCTYPE a [<!ENTITY x "y">]><a/>'}),
     "“vml.xlsx” is refused for safety: its part “xl/drawings/vmlDrawing1.VML” declares XML entities or a DTD, which an "
     "Excel workbook never does."),
    ("dtd.xlsx", lambda path: rewritten_workbook(path, {"xl/styles.xml": b'<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>'}),
     "“dtd.xlsx” is refused for safety: its part “xl/styles.xml” declares XML entities or a DTD, which an Excel workbook never does."),
    ("scrambled.xlsx", lambda path: path.write_bytes(
        rewritten_workbook(path, {}).read_bytes().replace(b"PK\x01\x02", b"PK\x01\x09")),
     "“scrambled.xlsx” could not be read as an Excel workbook (.xlsx)."),
    ("columns.xlsx", lambda path: _sheet_of(path, [["organisation", "capability"], ["Ale", "Bygga kultur"]]),
     "“columns.xlsx” lacks the column(s) respondent, maturity; the first row must name the columns "
     "organisation,respondent,capability,maturity,importance,comment,share."),
    ("wide.xlsx", lambda path: _sheet_of(path, [HEADER, ["Ale", "", "Bygga kultur", 2] + [None] * 60 + ["x"]]),
     "Line 2 of “wide.xlsx” has more than 64 columns."),
    ("named.xlsx", lambda path: rewritten_workbook(path, {_LONG_PART: b'<!DOCTYPE a [<!ENTITY x "y">]><a/>'}),
     f"“named.xlsx” is refused for safety: its part “{_LONG_PART[:80]}” declares XML entities or a DTD, "
     "which an Excel workbook never does."),
])
def test_a_file_that_is_no_rating_file_is_refused_with_one_sentence_naming_it(tmp_path, name, make, sentence):
    """Moved away, an old .xls, a photo renamed .csv, a torn or hand-made workbook, entities hidden past
    the part's first 4 KB, a part name made long to flood the message: one sentence, with the file's name."""
    path = tmp_path / name
    make(path)
    with pytest.raises(InvalidInput) as caught:
        read_source(path)
    assert str(caught.value) == sentence


def _end_record_at(data: bytes) -> int:
    return data.rindex(b"PK\x05\x06")


def _with_comment(path, length):
    """The workbook with a zip comment of ``length`` bytes (64 KiB at most), as some zip tools write."""
    with zipfile.ZipFile(rewritten_workbook(path, {}), "a") as archive:
        archive.comment = b"c" * length
    return path


def _embedding_a_zip_near_its_end(path):
    """A workbook whose last part is an embedded zip, stored as it is: its own end record, claiming
    a zip64 directory, lies within the last 64 KiB, before the workbook's real one."""
    rewritten_workbook(path, {})
    inner = bytearray(b"PK\x05\x06" + bytes(18))
    inner[8:12] = b"\xff\xff\xff\xff"
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(zipfile.ZipInfo("xl/embeddings/object1.bin"), bytes(inner), compress_type=zipfile.ZIP_STORED)
    return path


def _cut_inside_its_end_record(path):
    data = rewritten_workbook(path, {}).read_bytes()
    path.write_bytes(data[:_end_record_at(data) + 11])
    return path


def _claiming_a_zip64_directory(path):
    data = bytearray(rewritten_workbook(path, {}).read_bytes())
    at = _end_record_at(data)
    data[at + 8:at + 12] = b"\xff\xff\xff\xff"  # entries on this disk and in all: 0xFFFF, "see the zip64 record"
    path.write_bytes(bytes(data))
    return path


def test_a_workbook_with_the_longest_zip_comment_or_an_embedded_zip_still_imports(fyrbodal, tmp_path):
    """The end of the zip directory is found from the end of the file, however long the comment, and an
    end record inside an embedded file earlier on is not taken for the workbook's own."""
    for source in (_with_comment(tmp_path / "comment.xlsx", 65_535), _embedding_a_zip_near_its_end(tmp_path / "embedded.xlsx")):
        assert read_source(source).layout == "long"
    assert import_ratings(fyrbodal, source).ratings_added == 1


@pytest.mark.parametrize("name, make, sentence", [
    ("cut.xlsx", _cut_inside_its_end_record, "“cut.xlsx” could not be read as an Excel workbook (.xlsx)."),
    ("zip64.xlsx", _claiming_a_zip64_directory,
     "“zip64.xlsx” is refused: it holds more than 1,000 parts, more than a rating workbook ever has."),
])
def test_a_zip_directory_cut_off_or_claiming_zip64_is_refused_before_unpacking(tmp_path, name, make, sentence):
    with pytest.raises(InvalidInput) as caught:
        read_source(make(tmp_path / name))
    assert str(caught.value) == sentence


_SHORT_HEADER = b"organisation,respondent,capability,maturity\n"


@pytest.mark.parametrize("name, content, sentence", [
    ("undefined.csv", _SHORT_HEADER + b"A,,Bygga kultur,2 \x81\n",  # 0x81: a byte Windows-1252 leaves undefined
     "“undefined.csv” is neither UTF-8 nor Windows-1252 (line 2); save it as UTF-8 CSV."),
    ("wide.csv", _SHORT_HEADER + b"A,,Bygga kultur,2" + b"," * 70 + b"x\n", "Line 2 of “wide.csv” has more than 64 columns."),
    ("blank.csv", b"\n  \n,,,\n", "“blank.csv” is empty."),
    ("columns.csv", b"organisation,capability,maturity\nA,Bygga kultur,2\n",
     "“columns.csv” lacks the column(s) respondent; the first row must name the columns "
     "organisation,respondent,capability,maturity,importance,comment,share."),
    ("columns2.csv", b"organisation,capability\nA,Bygga kultur\n",
     "“columns2.csv” lacks the column(s) respondent, maturity; the first row must name the columns "
     "organisation,respondent,capability,maturity,importance,comment,share."),
    ("stray.csv", _SHORT_HEADER + b'A,"B"x,Bygga kultur,2\n', "“stray.csv” is not valid CSV (line 2: ',' expected after '\"')."),
    ("header.csv", b'organisation,"respondent"x,capability,maturity\n', "“header.csv” is not valid CSV (line 1: ',' expected after '\"')."),
    ("marked.csv", codecs.BOM_UTF8 + _SHORT_HEADER + "Färgelanda,,Bygga kultur,2\n".encode("cp1252"),
     "“marked.csv” mixes two encodings: line 1 is UTF-8 but line 2 is not; save the whole file as UTF-8 and import it again."),
    ("mac.csv", _SHORT_HEADER.replace(b"\n", b"\r") + b'A,,Bygga kultur,"2\rB,,Bygga kultur,3",\r',
     "“mac.csv”: a quoted field opened on line 2 runs on to line 3 and takes in what look like rows; close the quote "
     "and import it again."),
    ("breaks.csv", _SHORT_HEADER + b'A,,Bygga kultur,"2\nB,,Bygga kultur,3"x\n',
     "“breaks.csv”: a quoted field opened on line 2 runs on to line 3, where it breaks (',' expected after '\"'); "
     "close the quote and import it again."),
])
def test_a_csv_that_cannot_be_read_as_a_table_is_refused_with_one_sentence_naming_it(tmp_path, name, content, sentence):
    """Bytes of no known encoding, a row of 70 cells, only blank lines, a missing column, a stray
    quote on one line or across two: the sentence names the file, the line and what to do."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as caught:
        list(read_source(path).rows())
    assert str(caught.value) == sentence


def test_trailing_empty_cells_past_the_column_limit_are_ignored(fyrbodal, tmp_path):
    """Excel saves a sheet someone once typed in far to the right with a separator per column."""
    source = tmp_path / "trailing.csv"
    source.write_bytes(_SHORT_HEADER + b"A,,Bygga kultur,2" + b"," * 70 + b"\n")
    assert import_ratings(fyrbodal, source).ratings_added == 1


def test_rows_shorter_than_the_header_a_header_only_file_and_a_marked_title_still_read(fyrbodal, tmp_path):
    """Hand-written rows that stop after the maturity, a file with no rows yet, and a workbook whose first
    title kept the byte-order mark of the CSV it was pasted from."""
    short = tmp_path / "short.csv"
    short.write_text(f"{CSV_HEADER}\nÅmål,,Bygga kultur,2\n", encoding="utf-8")
    source = read_source(short)
    assert (source.name, source.layout, source.encoding, source.separator) == ("short.csv", "long", "UTF-8", ",")
    assert import_ratings(fyrbodal, short).ratings_added == 1
    empty = tmp_path / "header-only.csv"
    empty.write_text(CSV_HEADER + "\n", encoding="utf-8")
    assert import_ratings(fyrbodal, empty).rows == 0
    workbook = openpyxl.Workbook()
    workbook.active.append(["\ufefforganisation", *HEADER[1:]])
    workbook.active.append(["Lysekil", "", "Bygga kultur", 3])
    workbook.save(tmp_path / "pasted.xlsx")
    assert import_ratings(fyrbodal, tmp_path / "pasted.xlsx").ratings_added == 1
    assert import_ratings(fyrbodal, _sheet_of(tmp_path / "header-only.xlsx", [HEADER])).rows == 0


def test_the_separator_is_the_header_lines_even_when_a_later_comment_is_full_of_commas(fyrbodal, tmp_path):
    source = tmp_path / "semicolons.csv"
    source.write_text("organisation;respondent;capability;maturity;comment\n"
                      "Åmål;;Bygga kultur;2;bra, men, långsamt, och, dyrt, tyvärr\n", encoding="utf-8")
    assert read_source(source).separator == ";"
    assert import_ratings(fyrbodal, source).ratings_added == 1


def test_a_file_that_goes_away_or_fails_while_it_is_read_gets_one_sentence(fyrbodal, tmp_path, monkeypatch):
    """Checked, then deleted before the import reads it again; a notes file that is not there; a USB
    stick pulled while the file's encoding is being read."""
    source = tmp_path / "moved.csv"
    source.write_text(f"{CSV_HEADER}\nÅmål,,Bygga kultur,2,,,\n", encoding="utf-8")
    checked = read_source(source)
    source.unlink()
    gone = "“moved.csv” could not be read (No such file or directory)."
    for read in (lambda: list(checked.rows()), lambda: csv_table(source)):
        with pytest.raises(InvalidInput) as caught:
            read()
        assert str(caught.value) == gone
    source.write_text(f"{CSV_HEADER}\n", encoding="utf-8")

    monkeypatch.setattr(rating_sources, "_encoding", _disk_error)
    with pytest.raises(InvalidInput, match="^“moved.csv” could not be read \\(Input/output error\\).$"):
        read_source(source)
    assert store.organisations(fyrbodal) == []


def _disk_error(*_args, **_kwargs):
    raise OSError(errno.EIO, "Input/output error")


def test_a_usb_stick_pulled_while_a_workbook_is_checked_gets_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(rating_sources, "_check_archive", _disk_error)
    with pytest.raises(InvalidInput, match="^“stick.xlsx” could not be read \\(Input/output error\\).$"):
        read_source(rewritten_workbook(tmp_path / "stick.xlsx", {}))


def test_a_usb_stick_pulled_while_a_csv_is_read_gets_one_sentence(tmp_path, monkeypatch):
    source = tmp_path / "stick.csv"
    source.write_text(f"{CSV_HEADER}\nÅmål,,Bygga kultur,2,,,\n", encoding="utf-8")

    def failing_reader(stream, **_options):
        yield from ()
        _disk_error()

    monkeypatch.setattr(rating_sources.csv, "reader", failing_reader)
    with pytest.raises(InvalidInput, match="^“stick.csv” could not be read \\(Input/output error\\).$"):
        read_source(source)


def _claiming_parts(path, parts, claimed):
    """A workbook of ``parts`` parts whose zip end record claims ``claimed``."""
    data = bytearray(rewritten_workbook(path, {}, extra_parts=parts - 9).read_bytes())  # the template has 9
    at = _end_record_at(data)
    data[at + 8:at + 12] = claimed.to_bytes(2, "little") * 2
    path.write_bytes(bytes(data))
    return path


def test_the_part_count_is_bounded_by_the_end_record_and_by_the_directory_itself(tmp_path):
    """A workbook of exactly the most parts allowed is read; one whose end record claims more is refused
    before its directory is parsed, and one whose end record understates them by its directory."""
    assert read_source(_claiming_parts(tmp_path / "full.xlsx", 1_000, 1_000)).layout == "long"
    for name, parts, claimed in (("claims.xlsx", 10, 5_000), ("understates.xlsx", 1_500, 10)):
        with pytest.raises(InvalidInput) as caught:
            read_source(_claiming_parts(tmp_path / name, parts, claimed))
        assert str(caught.value) == f"“{name}” is refused: it holds more than 1,000 parts, more than a rating workbook ever has."


def test_a_workbook_unpacking_past_the_total_limit_is_refused_with_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "WORKBOOK_BYTES_MAX", 1_000_000)
    with pytest.raises(InvalidInput) as caught:
        read_source(cell_bomb(tmp_path / "big.xlsx", 2_000_000))
    assert str(caught.value) == "“big.xlsx” is refused: unpacked it would take 2 MB, more than the 1 MB a rating workbook may."


def _sheet_with_a_number_that_is_text(stream):
    stream.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                 b'spreadsheetml/2006/main"><sheetData><row r="1">'
                 + b"".join(b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (letter.encode(), title.encode())
                            for letter, title in zip("ABCD", HEADER)) +
                 b'</row><row r="2"><c r="A2" t="inlineStr"><is><t>Ale</t></is></c><c r="D2"><v>two</v></c></row>'
                 b'</sheetData></worksheet>')


def test_a_sheet_hand_edited_below_its_header_is_refused_when_imported_and_the_file_is_closed(fyrbodal, tmp_path):
    """The header reads (so the file is accepted for a preview); the import then meets a number cell
    holding text: one sentence, nothing written. A workbook imported is closed again (Windows keeps an
    open file locked)."""
    source = rewritten_workbook(tmp_path / "edited.xlsx", {"xl/worksheets/sheet1.xml": _sheet_with_a_number_that_is_text})
    with pytest.raises(InvalidInput) as caught:
        import_ratings(fyrbodal, source)
    assert str(caught.value) == "“edited.xlsx” could not be read as an Excel workbook (.xlsx)."
    assert store.organisations(fyrbodal) == []
    good = rewritten_workbook(tmp_path / "good.xlsx", {})
    import_ratings(fyrbodal, good)
    if os.path.isdir("/proc/self/fd"):
        open_files = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
        assert str(good.resolve()) not in open_files


def _one_rating_sheet(columns: str, figures: bytes):
    """A form's sheet as another tool writes it: the header's first ``columns``, then Ale's row for "Bygga kultur"
    with the cells ``figures`` (raw XML from D2 on)."""
    def sheet(stream):
        stream.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><sheetData><row r="1">'
                     + b"".join(b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (letter.encode(), title.encode())
                                for letter, title in zip(columns, HEADER)) +
                     b'</row><row r="2"><c r="A2" t="inlineStr"><is><t>Ale</t></is></c><c r="C2" t="inlineStr"><is><t>'
                     + "Bygga kultur".encode() + b'</t></is></c>' + figures + b'</row></sheetData></worksheet>')

    return {"xl/worksheets/sheet1.xml": sheet}


def test_whole_numbers_a_tool_stored_as_3_0_read_as_3(fyrbodal, tmp_path):
    source = rewritten_workbook(tmp_path / "floats.xlsx",
                                _one_rating_sheet("ABCDE", b'<c r="D2"><v>3.0</v></c><c r="E2"><v>5.0</v></c>'))
    assert [(row.maturity, row.importance) for row in read_source(source).rows()] == [("3", "5")]


def test_the_size_and_part_limits_are_limits_not_one_less(tmp_path, monkeypatch):
    """A file of exactly the largest size allowed, and a part of exactly the largest part size, are read;
    a part one byte over is refused, its long name cut to 80 characters in the sentence."""
    source = tmp_path / "exact.csv"
    source.write_text(f"{CSV_HEADER}\nÅmål,,Bygga kultur,2,,,\n", encoding="utf-8")
    monkeypatch.setattr(limits, "SOURCE_BYTES_MAX", source.stat().st_size)
    assert read_source(source).layout == "long"
    monkeypatch.setattr(limits, "SOURCE_BYTES_MAX", 100_000_000)
    monkeypatch.setattr(limits, "WORKBOOK_PART_BYTES_MAX", 20_000)  # the template's largest part has 7 KB
    assert read_source(rewritten_workbook(tmp_path / "exact.xlsx", {_LONG_PART: b"a" * 20_000})).layout == "long"
    with pytest.raises(InvalidInput) as caught:
        read_source(rewritten_workbook(tmp_path / "over.xlsx", {_LONG_PART: b"a" * 20_001}))
    assert str(caught.value) == f"“over.xlsx” is refused: its part “{_LONG_PART[:80]}” unpacks to 0 MB, more than the 0 MB allowed."


def test_a_workbook_unpacking_to_exactly_the_total_limit_is_read(tmp_path, monkeypatch):
    source = rewritten_workbook(tmp_path / "exact.xlsx", {})
    with zipfile.ZipFile(source) as archive:
        monkeypatch.setattr(limits, "WORKBOOK_BYTES_MAX", sum(member.file_size for member in archive.infolist()))
    assert read_source(source).layout == "long"


def test_a_cell_excel_computed_with_a_formula_reads_as_the_value_excel_showed(tmp_path):
    """A facilitator typed =2+1 for a maturity: the rating is the 3 Excel saved beside it, never the formula's text."""
    source = rewritten_workbook(tmp_path / "computed.xlsx", _one_rating_sheet("ABCD", b'<c r="D2"><f>2+1</f><v>3</v></c>'))
    assert [row.maturity for row in read_source(source).rows()] == ["3"]

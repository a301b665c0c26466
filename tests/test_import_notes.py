"""``import-notes`` and ``export --what notes``: for people who keep working in a spreadsheet."""

import csv
import json

import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.store import board as store
from digitalmotor_desktop.store.document import open_document

GOOD = """prompt,kind,text,cluster
1,challenge,Brist på IT-kompetens,Kompetens
1,utmaning,Svårt att rekrytera,Kompetens
Vad är unikt för din kommun?,unique,Närhet till naturen,
2,,Sammanhållen digital service,
"""


def write(tmp_path, text, name="notes.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def info(path, capsys):
    capsys.readouterr()
    assert main(["info", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_import_then_again_duplicates_nothing_and_info_counts_the_board(fyrbodal_file, tmp_path, capsys):
    source = write(tmp_path, GOOD)
    assert main(["import-notes", str(fyrbodal_file), str(source)]) == 0
    assert "4 cards added, 0 already on the board, 1 clusters added" in capsys.readouterr().out
    counts = info(fyrbodal_file, capsys)
    assert (counts["prompts"], counts["notes"], counts["clusters"], counts["votes"]) == (4, 4, 1, 0)
    assert main(["import-notes", str(fyrbodal_file), str(source)]) == 0
    assert "0 cards added, 4 already on the board" in capsys.readouterr().out
    with open_document(fyrbodal_file, read_only=True) as document:
        board = store.board(document, 1)
    kinds = {n.text: n.kind for n in board.notes.values()}
    assert kinds == {"Brist på IT-kompetens": "challenge", "Svårt att rekrytera": "challenge",
                     "Närhet till naturen": "unique", "Sammanhållen digital service": "expectation"}
    (cluster,) = board.clusters.values()
    assert cluster.name == "Kompetens" and len(board.members(cluster.id)) == 2


def test_a_file_with_bad_lines_is_refused_line_by_line_and_nothing_is_written(fyrbodal_file, tmp_path, capsys):
    before = fyrbodal_file.read_bytes()
    source = write(tmp_path, "prompt;kind;text;cluster\n9;challenge;x;\n1;idea;y;\n1;;;\n1;;" + "z" * 5000 + ";\n"
                   "1;;ok;" + "c" * 300 + "\n", encoding="cp1252")
    assert main(["import-notes", str(fyrbodal_file), str(source)]) != 0
    err = capsys.readouterr().err
    assert "nothing was changed" in err
    for expected in ("Line 2: there is no question “9”", "Line 3: “idea” is not a kind", "Line 4: the text is empty",
                     "Line 5: the text is 5000 characters", "Line 6: the cluster name is 300 characters"):
        assert expected in err
    assert fyrbodal_file.read_bytes() == before


@pytest.mark.parametrize("attack", [b"\x00\x01binary", b"text,cluster\nonly,two\n", b"",
                                    b"prompt,text\n" + b"1,x\n" * 10_001])
def test_garbage_gets_one_sentence(fyrbodal_file, tmp_path, capsys, attack):
    source = tmp_path / "bad.csv"
    source.write_bytes(attack)
    assert main(["import-notes", str(fyrbodal_file), str(source)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("digitalmotor: ") and "Traceback" not in err


def test_export_writes_every_card_as_text_never_a_formula_and_reimports(fyrbodal_file, tmp_path, capsys):
    source = write(tmp_path, GOOD + '1,challenge,"=HYPERLINK(""http://x"")",\n')
    assert main(["import-notes", str(fyrbodal_file), str(source)]) == 0
    out = tmp_path / "out.csv"
    assert main(["export", str(fyrbodal_file), "--format", "csv", "--what", "notes", "--output", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5 and rows[0]["cluster"] == "Kompetens"
    assert rows[-1]["text"] == "'=HYPERLINK(\"http://x\")"
    assert main(["import-notes", str(fyrbodal_file), str(out)]) == 0
    assert "0 cards added, 5 already on the board" in capsys.readouterr().out
    assert main(["export", str(fyrbodal_file), "--format", "xlsx", "--what", "notes", "--output", str(out)]) != 0

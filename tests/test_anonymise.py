"""An anonymised merge is a fresh file with no names, labels, comments, ids or exact times to recover."""

import re
import sqlite3
import subprocess
import sys

import pytest

from digitalmotor_desktop.core.hlc import TEMPLATE_STAMP
from digitalmotor_desktop.core.pseudonyms import pseudonym_label
from digitalmotor_desktop.ops.merge import write_handout
from digitalmotor_desktop.ops.results import gap_report
from digitalmotor_desktop.store import ratings as store_ratings
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.merge import derived_id, table_specs
from digitalmotor_desktop.store.results import observations
from digitalmotor_desktop.store.workshop import summary, workshop_row

from merge_data import MUNICIPALITIES, add_organisations, capture_file, file_hash, merge

COMMENT = "Enligt {label} på förvaltningen"


@pytest.fixture
def captures(tmp_path):
    lead = capture_file(tmp_path / "lead.dmw", MUNICIPALITIES[:5], respondents=2, seed=1, comment=COMMENT)
    other = tmp_path / "other.dmw"
    write_handout(lead, other)
    with open_document(other) as document:
        add_organisations(document, MUNICIPALITIES[5:10], respondents=2, seed=2, comment=COMMENT)
    return lead, other


def _identities(*paths):
    """Everything an anonymised file must not contain: names, labels, comments, ids, devices."""
    secrets = set()
    for path in paths:
        with open_document(path, read_only=True) as document:
            db = document.db
            secrets.update(row[0] for row in db.execute("SELECT name FROM organisation"))
            secrets.update(row[0] for row in db.execute("SELECT label FROM respondent WHERE label != ''"))
            secrets.update(row[0] for row in db.execute("SELECT id FROM organisation UNION SELECT id FROM respondent"))
            secrets.update(db.execute("SELECT document_id, device_id FROM document").fetchone())
            secrets.add(workshop_row(document)["pseudonym_seed"])
    return secrets


def _raw_bytes(path):
    data = path.read_bytes()
    for suffix in ("-wal", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            data += side.read_bytes()
    return data


def test_the_anonymised_file_holds_no_name_id_comment_or_exact_time(tmp_path, captures):
    secrets = _identities(*captures)
    output = merge(tmp_path / "joint.dmw", *captures, anonymised=True)
    raw = _raw_bytes(output)
    template_text = _raw_bytes(capture_file(tmp_path / "template-only.dmw", []))  # "Ale" is in "digitALE"
    found = [s for s in secrets for variant in {s, s.lower()}
             if variant.encode() in raw and variant.encode() not in template_text]
    assert found == []
    assert b"Enligt" not in raw and b"respondent 1" not in raw
    stamps = set()
    with sqlite3.connect(output) as connection:
        for table in table_specs():
            stamps.update(row[0] for row in connection.execute(f"SELECT hlc FROM {table.name}"))
        applied = [row[0] for row in connection.execute("SELECT applied_at FROM _sqlite_migrations")]
    connection.close()
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", value) for value in applied)
    for stamp in stamps - {TEMPLATE_STAMP}:
        millis, counter, device = stamp.split(".")
        assert int(millis) % 86_400_000 == 0 and counter == "00000" and device == "anonymised"


def test_it_opens_as_an_anonymised_workshop_with_the_joint_result(tmp_path, captures):
    named = merge(tmp_path / "named.dmw", *captures)
    output = merge(tmp_path / "joint.dmw", *captures, anonymised=True)
    with open_document(named, read_only=True) as document:
        expected = sorted(repr((o.capability_id, o.maturity, o.importance, o.consent)) for o in observations(document))
        seed = workshop_row(document)["pseudonym_seed"]
        by_name = {o.name: o.id for o in store_ratings.organisations(document)}
    with open_document(output, read_only=True) as document:
        assert document.anonymised and summary(document).anonymised
        found = sorted(repr((o.capability_id, o.maturity, o.importance, o.consent)) for o in observations(document))
        assert found == expected
        pseudonyms = {o.id: o.name for o in store_ratings.organisations(document)}
        assert {p.label for p in store_ratings.respondents(document)} == {""}
        assert {r[0] for r in document.db.execute("SELECT comment FROM rating")} == {""}
    assert sorted(pseudonyms.values()) == sorted(pseudonym_label(i) for i in range(10))
    assert _stage_five(output) == _stage_five(named)
    in_name_order = [pseudonyms[derived_id(seed, by_name[name])] for name in sorted(by_name)]
    assert in_name_order != sorted(in_name_order)  # shuffled, not handed out in name order ...
    in_id_order = [pseudonyms[organisation_id] for organisation_id in sorted(pseudonyms)]
    assert in_id_order != sorted(in_id_order)  # ... nor in the order of the (random) ids: 1 in 10! by chance


def _stage_five(path):
    """The joint result the GAP view shows (privacy rules applied)."""
    with open_document(path, read_only=True) as document:
        rows = gap_report(document).result.rows
    return [(r.capability_id, r.n, r.mean, r.sd, r.level_counts, r.suppressed) for r in rows]


def test_comments_are_kept_only_when_asked(tmp_path, captures):
    output = merge(tmp_path / "joint.dmw", *captures, anonymised=True, keep_comments=True)
    with open_document(output, read_only=True) as document:
        comments = {r[0] for r in document.db.execute("SELECT comment FROM rating")}
    assert any(comment.startswith("Enligt") for comment in comments)


def test_anonymised_files_merge_with_each_other(tmp_path, captures):
    lead, other = captures
    first = merge(tmp_path / "first.dmw", lead, anonymised=True)
    second = merge(tmp_path / "second.dmw", other, anonymised=True)
    pooled = merge(tmp_path / "pooled.dmw", first, second)
    assert file_hash(merge(tmp_path / "pooled-reversed.dmw", second, first)) == file_hash(pooled)
    assert file_hash(merge(tmp_path / "pooled-again.dmw", pooled, first)) == file_hash(pooled)
    with open_document(pooled, read_only=True) as document:
        assert document.anonymised
        assert summary(document).counts["organisations"] == 10
        assert summary(document).counts["respondents"] == 20
        names = sorted(o.name for o in store_ratings.organisations(document))
    assert names == sorted(pseudonym_label(i) for i in range(10))


def test_cli_anonymise(tmp_path, captures):
    output = tmp_path / "cli.dmw"
    result = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", "merge", *map(str, captures),
                             "--output", str(output), "--anonymise"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "(anonymised)" in result.stdout
    raw = _raw_bytes(output)
    assert not [name for name in MUNICIPALITIES[1:10] if name.encode() in raw]

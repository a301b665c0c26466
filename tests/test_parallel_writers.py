"""Two writers at once on one workshop file: an import and an import, or an import and the window.

Each find-or-create of an organisation or respondent checks and writes in one
``BEGIN IMMEDIATE`` transaction, so the second writer waits and then finds
what the first created — never two live organisations of one name, counted
twice in n.
"""

from __future__ import annotations

import threading
import time

import pytest

from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.ops import import_ratings as importing
from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.rating_sources import read_source
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document

HEADER = "organisation,respondent,capability,maturity,importance,comment,share"


def test_two_imports_at_once_create_one_organisation_and_one_respondent(fyrbodal_file, tmp_path, monkeypatch):
    sources = []
    for number, capability in enumerate(["Bygga kultur", "Skapa och behålla förtroende"]):
        path = tmp_path / f"import-{number}.csv"
        path.write_text(f"{HEADER}\nGemensam,IT-chef,{capability},{number + 2},,,\n", encoding="utf-8")
        sources.append(read_source(path))
    checked = importing.plan_import

    def slow_check(document, source):  # both have read the workshop before either writes, unless one waits
        plan = checked(document, source)
        time.sleep(0.5)
        return plan

    monkeypatch.setattr(importing, "plan_import", slow_check)
    start, reports, failures = threading.Barrier(2), [], []

    def run(source):
        start.wait()
        try:
            with open_document(fyrbodal_file) as document:  # a connection of its own, as another process has
                reports.append(importing.apply_import(document, source))
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(source,)) for source in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(r.organisations_added for r in reports) == [0, 1]
    with open_document(fyrbodal_file, read_only=True) as document:
        assert [o.name for o in store.organisations(document)] == ["Gemensam"]
        (person,) = store.respondents(document)
        assert len(store.ratings_of(document, [person.id])) == 2


def test_adding_an_organisation_another_writer_just_added_is_refused(fyrbodal_file, tmp_path):
    source = tmp_path / "import.csv"
    source.write_text(f"{HEADER}\nGemensam,,Bygga kultur,2,,,\n", encoding="utf-8")
    with open_document(fyrbodal_file) as window:
        typed = rating_ops.add_organisation(window, "gemensam")  # checked: the name is free …
        with open_document(fyrbodal_file) as other:
            importing.import_ratings(other, source)  # … until an import adds it
        with pytest.raises(InvalidInput, match="already an organisation called"):
            typed.redo(window)
        assert [o.name for o in store.organisations(window)] == ["Gemensam"]

"""A workshop holding a municipality with history, for the erasure tests: every value it held is listed."""

from digitalmotor_desktop.ops import ratings as rating_ops
from digitalmotor_desktop.ops.workshop import create_workshop

from merge_data import add_organisations, capability_ids

ERASED_NAME = "Bengtsfors kommun"
#: Every value of the erased municipality that must not survive anywhere: current and earlier texts.
ERASED_VALUES = (ERASED_NAME, "Bengtsfors kommun gammalt namn", "IT-chef Bengtsfors", "Förvaltningschef Bengtsfors",
                 "Kommentar från IT-chef Bengtsfors om e-tjänster", "Bengtsfors tidigare kommentar")
OTHERS = ("Orust", "Tanum", "Lysekil", "Munkedal", "Sotenäs")


def bytes_of(path):
    """The main file, its -wal and its -shm as they are on disk now (the main file includes its free pages)."""
    found = b""
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            found += part.read_bytes()
    return found


def leaks(path):
    data = bytes_of(path)
    return [value for value in ERASED_VALUES if value.encode() in data or value.encode("utf-16-le") in data]


def workshop_with_bengtsfors(path):
    """Five municipalities, and Bengtsfors with history: renamed, relabelled, re-commented, one respondent deleted."""
    document = create_workshop(path, "fyrbodal-2020")
    add_organisations(document, OTHERS, respondents=1, seed=3, comment="ok")
    caps = capability_ids(document)
    added = rating_ops.add_organisation(document, "Bengtsfors kommun gammalt namn")
    added.redo(document)
    org = added.extra["id"]
    rating_ops.rename_organisation(document, org, ERASED_NAME).redo(document)
    person = rating_ops.add_respondent(document, org, "Förvaltningschef Bengtsfors", "group")
    person.redo(document)
    rating_ops.relabel_respondent(document, person.extra["id"], "IT-chef Bengtsfors").redo(document)
    for number, cap in enumerate(caps):
        rating_ops.set_maturity(document, person.extra["id"], cap, number % 5).redo(document)
        rating_ops.set_importance(document, person.extra["id"], cap, 4).redo(document)
    rating_ops.set_comment(document, person.extra["id"], caps[0], "Bengtsfors tidigare kommentar").redo(document)
    rating_ops.set_comment(document, person.extra["id"], caps[0], ERASED_VALUES[4]).redo(document)
    other = rating_ops.add_respondent(document, org, "Kommunchef", "facilitator")
    other.redo(document)
    rating_ops.set_maturity(document, other.extra["id"], caps[1], 2).redo(document)
    rating_ops.delete_respondent(document, other.extra["id"]).redo(document)
    return document, org, person.extra["id"]

"""Test data for the joint result: ratings that reproduce the study's Figur 30.

``data/fyrbodal_ratings.csv`` holds 15 organisations (14 municipalities and
SML IT, one respondent each, as in the study) × the 55 capabilities of the
Fyrbodal map. It was constructed so that the published figures come out
exactly: the five highest means 3.00, 2.73, 2.67, 2.67, 2.67 and the five
lowest 1.47, 1.53, 1.80, 1.87, 1.93 (n = 15), every other mean lies in
2.00 … 2.60, 36 capabilities have at least one organisation at level 4 and
three of them (omvärldstrender, teknisk miljö, driftsleverans) have three
each; the three most important capabilities are those of Figur 26.
"""

from __future__ import annotations

import csv
from pathlib import Path

from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.ratings import Organisation, Rating, Respondent
from digitalmotor_desktop.core.statistics import Observation
from digitalmotor_desktop.store import ratings as rating_store
from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.workshop import capability_map

CSV_PATH = Path(__file__).parent / "data" / "fyrbodal_ratings.csv"


def csv_rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> int | None:
    return int(text) if text != "" else None


def insert_ratings(document: Document, rows: list[dict[str, str]]) -> dict[str, str]:
    """Writes organisations, respondents and ratings in one transaction (rows name them).

    A row whose organisation or respondent is already in the document adds to it. Returns
    organisation name → id.
    """
    ids = {c.name: c.id for c in capability_map(document).capabilities()}
    organisations = {o.name: o.id for o in rating_store.organisations(document)}
    respondents = {(p.organisation_id, p.label): p.id for p in rating_store.respondents(document)}
    new_organisations, new_respondents, ratings = [], [], []
    for row in rows:
        if row["organisation"] not in organisations:
            organisations[row["organisation"]] = new_id()
            new_organisations.append(Organisation(organisations[row["organisation"]], row["organisation"]))
        key = (organisations[row["organisation"]], row["respondent"])
        if key not in respondents:
            respondents[key] = new_id()
            new_respondents.append(Respondent(respondents[key], key[0], row["respondent"], row["consent"]))
        ratings.append(Rating(respondents[key], ids[row["capability"]], True, _number(row["maturity"]),
                              _number(row["importance"])))
    rating_store.save(document, organisations=new_organisations, respondents=new_respondents, ratings=ratings)
    return organisations


def observations(document: Document, rows: list[dict[str, str]]) -> list[Observation]:
    """The rows as observations, without a document round trip (names stand for ids)."""
    ids = {c.name: c.id for c in capability_map(document).capabilities()}
    return [Observation(r["organisation"], r["respondent"], r["consent"], ids[r["capability"]],
                        _number(r["maturity"]), _number(r["importance"])) for r in rows]


#: For privacy tests: capabilities rated by only 4 organisations (suppressed at K = 5) …
SPARSE = {"Avveckla", "Nytänkande", "Utbilda"}
#: … and organisations that share with the facilitator only.
FACILITATOR_ONLY = {f"Kommun {i:02d}" for i in range(1, 6)}


def sparse_rows() -> list[dict[str, str]]:
    """The Figur 30 ratings with ``SPARSE`` rated by four organisations and ``FACILITATOR_ONLY`` hidden."""
    return [dict(r, consent="facilitator" if r["organisation"] in FACILITATOR_ONLY else "group")
            for r in csv_rows()
            if r["capability"] not in SPARSE or r["organisation"] in {"Kommun 01", "Kommun 07", "Kommun 08", "SML IT"}]

"""Workshop files for the merge, hand-out and anonymisation tests and the benchmark."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from pathlib import Path

from digitalmotor_desktop.core.ids import new_id
from digitalmotor_desktop.core.model import CONSENTS
from digitalmotor_desktop.core.ratings import Organisation, Rating, Respondent
from digitalmotor_desktop.ops.merge import plan_merge, write_merge
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import ratings as store_ratings
from digitalmotor_desktop.store.document import Document, open_document
from digitalmotor_desktop.store.workshop import capability_map, content_hash

MUNICIPALITIES = ("Ale", "Bengtsfors", "Dals-Ed", "Färgelanda", "Kungälv", "Lilla Edet", "Lysekil", "Mellerud",
                  "Munkedal", "Orust", "Sotenäs", "Strömstad", "Tanum", "Trollhättan", "Uddevalla", "Vänersborg",
                  "Åmål", "Tjörn", "Stenungsund", "Lerum")


def capability_ids(document: Document) -> list[str]:
    return [c.id for area in capability_map(document).areas for group in area.groups for c in group.capabilities]


def add_organisations(document: Document, names, *, respondents: int = 1, seed: int = 0,
                      comment: str = "") -> None:
    """Organisations with respondents who rate every capability (one transaction)."""
    rng = random.Random(seed)
    caps = capability_ids(document)
    orgs = [Organisation(new_id(), name) for name in names]
    people = [Respondent(new_id(), org.id, f"{org.name} respondent {i + 1}",
                         "facilitator" if rng.random() < 0.2 else "group")
              for org in orgs for i in range(respondents)]
    ratings = [Rating(p.id, cap, True, rng.choice([0, 1, 2, 3, 4, None]), rng.choice([None, 1, 3, 5]),
                      comment.format(label=p.label) if comment else "")
               for p in people for cap in caps]
    store_ratings.save(document, organisations=orgs, respondents=people, ratings=ratings)


def capture_file(path: Path, names, *, respondents: int = 1, seed: int = 0, comment: str = "") -> Path:
    with create_workshop(path, "fyrbodal-2020") as document:
        add_organisations(document, names, respondents=respondents, seed=seed, comment=comment)
    return path


def merge(output: Path, *sources: Path, **options) -> Path:
    plan = plan_merge(sources)
    assert not plan.refused, [str(r.refusal) for r in plan.refused]
    write_merge(plan, output, sources, **options)
    return output


def file_hash(path: Path) -> str:
    with open_document(path, read_only=True) as document:
        return content_hash(document)


def file_bytes_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def respondent_versions(path: Path) -> dict[str, dict]:
    """Every respondent row of a file (tombstones too), by id."""
    with open_document(path, read_only=True) as document:
        cursor = document.db.execute("SELECT id, label, consent, hlc, deleted FROM respondent")
        columns = [column[0] for column in cursor.description]
        return {row[0]: dict(zip(columns, row)) for row in cursor}


def strictest_consents(*paths: Path) -> dict[str, str]:
    """Per respondent, the most restrictive consent any of the files holds."""
    seen: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        for person, row in respondent_versions(path).items():
            seen[person].add(row["consent"])
    return {person: max(consents, key=CONSENTS.index) for person, consents in seen.items()}

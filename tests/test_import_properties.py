"""Property: any long-form file written the way spreadsheets do imports exactly, and again changes nothing."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digitalmotor_desktop.core.ratings import name_key
from digitalmotor_desktop.ops.import_ratings import import_ratings
from digitalmotor_desktop.ops.ratings import capture_order
from digitalmotor_desktop.ops.workshop import create_workshop
from digitalmotor_desktop.store import ratings as store

CAPABILITIES = capture_order(create_workshop(None, "fyrbodal-2020"))
HEADER = ["organisation", "respondent", "capability", "maturity", "importance", "comment", "share"]

answers = st.dictionaries(
    keys=st.tuples(st.sampled_from(["Vänersborg", "Åmål", "Dals-Ed"]), st.sampled_from(["", "IT-chef", "Rektor"]),
                   st.integers(0, len(CAPABILITIES) - 1)),
    values=st.tuples(st.one_of(st.none(), st.integers(0, 4)), st.one_of(st.none(), st.integers(1, 5)),
                     st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)),
    min_size=1, max_size=40)


def spelt(name, variant):
    """How people write a name: other case, extra spaces, or the capability's id."""
    return [name, name.upper(), f"  {name.lower()}  ", " ".join(name.split()).replace(" ", "  ")][variant % 4]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answers, delimiter=st.sampled_from([",", ";"]), bom=st.booleans(), variant=st.integers(0, 7))
def test_long_form_round_trip(answers, delimiter, bom, variant, tmp_path):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER)
    consent = {}
    for (organisation, label, index), (maturity, importance, comment) in answers.items():
        consent.setdefault((organisation, label), "facilitator" if len(label) % 2 else "group")
        capability = CAPABILITIES[index]
        writer.writerow([spelt(organisation, variant), label, capability.id if variant >= 4 else spelt(capability.name, variant),
                         "" if maturity is None else maturity, importance or "", comment, consent[(organisation, label)]])
    source = tmp_path / "ratings.csv"
    source.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")

    with create_workshop(None, "fyrbodal-2020") as document:
        first = import_ratings(document, source)
        assert first.ratings_added == len(answers) and first.respondents_added == len(consent)
        names = {o.id: o.name for o in store.organisations(document)}
        assert set(map(name_key, names.values())) == {name_key(o) for o, _ in consent}
        people = {(name_key(names[p.organisation_id]), p.label): p for p in store.respondents(document)}
        assert set(people) == {(name_key(o), label) for o, label in consent}
        stored = store.ratings_of(document, [p.id for p in people.values()])
        for (organisation, label, index), (maturity, importance, comment) in answers.items():
            person = people[(name_key(organisation), label)]
            rating = stored[(person.id, CAPABILITIES[index].id)]
            assert person.consent == consent[(organisation, label)]
            assert (rating.rated, rating.maturity, rating.importance, rating.comment) == \
                (True, maturity, importance, comment.strip())
        again = import_ratings(document, source)
        assert (again.organisations_added, again.respondents_added, again.respondents_updated,
                again.ratings_added, again.ratings_updated, again.ratings_unchanged) == (0, 0, 0, 0, 0, len(answers))

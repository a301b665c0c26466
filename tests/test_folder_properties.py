"""A synced folder merges to the same workshop however the captures arrive (hypothesis).

Three laptops capture their own organisation in copies of one workshop, and
each re-rates some capabilities of its neighbour's respondent in a copy of the
neighbour's file (the same rows differ between laptops). The folder then
receives those files in any split over several rounds — each round merged
into the lead's file in place (the first one into a new file) — with
duplicates under other names, every engine's conflict-copy names and any
order. The lead's file must end with the same ``content_hash`` as merging the
captures once, and merging the folder again must change nothing: not a byte.
"""

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digitalmotor_desktop.ops.folder import ALREADY_MERGED, MERGED, merge_folder_into_file

from folder_data import laptop_captures
from merge_data import file_hash, merge

#: How a copy of a capture is named in the folder: published, or as each engine names a conflict copy.
NAMES = (
    "{stem}__{n:04d}.dmw",
    "{stem}.sync-conflict-20261202-1015{n:02d}-ABCDEF{n}.dmw",
    "{stem} (conflicted copy 2026-12-02 1015{n:02d}).dmw",
    "{stem} (Laptop's conflicted copy 2026-12-02).dmw",
    "{stem}-LAPTOP-{n}.dmw",
    "sub/{stem}__{n:04d}.dmw",
)
ROUNDS = 3


@pytest.fixture(scope="module")
def captures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("captures")
    files = laptop_captures(folder, laptops=3, respondents=2, edits=6)
    expected = file_hash(merge(folder / "expected.dmw", *files))
    return files, expected


PLACEMENT = st.tuples(st.integers(0, 5), st.sampled_from(range(len(NAMES))), st.integers(0, ROUNDS - 1),
                      st.text("abcxyz", min_size=1, max_size=3))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.lists(PLACEMENT, max_size=6), first=st.lists(st.tuples(st.integers(0, ROUNDS - 1),
                                                                        st.text("abcxyz", min_size=1, max_size=3)),
                                                              min_size=6, max_size=6))
def test_any_split_into_files_merges_to_the_same_workshop_and_again_changes_nothing(captures, extra, first):
    files, expected = captures
    placements = [(index, 0, round_, prefix) for index, (round_, prefix) in enumerate(first)] + extra
    with tempfile.TemporaryDirectory() as scratch:
        folder, output = Path(scratch) / "synced", Path(scratch) / "lead.dmw"
        (folder / "sub").mkdir(parents=True)
        for round_ in range(ROUNDS):
            for number, (index, style, when, prefix) in enumerate(placements):
                if when == round_:
                    target = folder / NAMES[style].format(stem=f"{prefix}-{files[index].stem}", n=number)
                    if not target.exists():
                        shutil.copyfile(files[index], target)
            merge_folder_into_file(folder, output)
        assert file_hash(output) == expected

        before = _digest(output)
        again = merge_folder_into_file(folder, output)
        assert not again.written and not again.plan.having(MERGED)
        assert len(again.plan.having(ALREADY_MERGED)) + len(again.plan.having("skipped")) == len(again.plan.entries)
        assert _digest(output) == before

"""The unlucky user's disks and files: read-only folders and files, devices, pipes, a full disk,
bit-flipped sources. Each gets its own correct sentence, no traceback (stderr included), no partial
output, and nothing already saved changes.

Read-only and full disks are real where the test may mount a small tmpfs (as root in a container);
elsewhere a read-only folder is made with chmod and a full disk is simulated (ENOSPC, SQLITE_FULL).
"""

from __future__ import annotations

import errno
import os
import random
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from digitalmotor_desktop.cli import main
from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.ops.merge import plan_merge, write_merge
from digitalmotor_desktop.store import document as document_module
from digitalmotor_desktop.store.document import open_document
from merge_data import capture_file, file_bytes_digest, file_hash

HEADER = "organisation,respondent,capability,maturity,importance,comment,share"


def run_cli(*args):
    """The command line in a process of its own, as a user runs it: (exit code, stdout, stderr)."""
    result = subprocess.run([sys.executable, "-m", "digitalmotor_desktop", *map(str, args)],
                            capture_output=True, text=True)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


def _can_mount() -> bool:
    return os.geteuid() == 0 and subprocess.run(["mount", "--version"], capture_output=True).returncode == 0


@contextmanager
def tmpfs(folder: Path, size: str):
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@contextmanager
def read_only_folder(tmp_path: Path, workshop: Path):
    """A folder holding a copy of ``workshop`` that nobody may write to."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        (folder / workshop.name).write_bytes(workshop.read_bytes())
        folder.chmod(0o555)
        try:
            yield folder / workshop.name
        finally:
            folder.chmod(0o755)
        return
    if not _can_mount():
        pytest.skip("root without mount: no way to make a read-only folder")
    with tmpfs(tmp_path / "read-only", "4m") as folder:
        (folder / workshop.name).write_bytes(workshop.read_bytes())
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder / workshop.name


def test_a_healthy_file_in_a_read_only_folder_is_read_and_refused_for_editing_with_the_right_sentence(
        fyrbodal_file, tmp_path):
    with read_only_folder(tmp_path, fyrbodal_file) as workshop:
        before = file_bytes_digest(workshop)
        code, out, _ = run_cli("info", workshop)
        assert code == 0 and "capabilities" in out  # reading needs no writing
        code, out, _ = run_cli("rating-form", workshop, "--output", tmp_path / "form.xlsx")
        assert code == 0 and (tmp_path / "form.xlsx").exists()
        for command in (["export", workshop, "--format", "csv", "--output", tmp_path / "result.csv"],
                        ["import-ratings", workshop, _csv(tmp_path)]):
            code, _, error = run_cli(*command)
            assert code == 2 and "is in a folder that cannot be written to" in error, error
        assert not (tmp_path / "result.csv").exists()
        assert file_bytes_digest(workshop) == before and "damaged" not in error


def test_a_read_only_file_is_refused_for_editing(fyrbodal_file, tmp_path, monkeypatch, capsys):
    if os.geteuid() != 0:
        fyrbodal_file.chmod(0o444)
    else:  # root may write any file: the file system's answer is simulated
        real_access = os.access
        monkeypatch.setattr(document_module.os, "access",
                            lambda path, mode: False if Path(path) == fyrbodal_file else real_access(path, mode))
    assert main(["import-ratings", str(fyrbodal_file), str(_csv(tmp_path))]) == 2
    assert "“workshop.dmw” is read-only; make it writable" in capsys.readouterr().err
    assert main(["info", str(fyrbodal_file)]) == 0


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_devices_and_pipes_are_not_called_folders(tmp_path, kind):
    path = tmp_path / "workshop.dmw"
    if kind == "device":
        os.symlink("/dev/zero", path)
    else:
        os.mkfifo(path)
    for command in (["info", path], ["gui", path, "--lang", "en", "--screenshot", tmp_path / "shot.png"],
                    ["rating-form", path, "--output", tmp_path / "form.xlsx"]):
        code, _, error = run_cli(*command)
        assert code == 2 and "is a device or a pipe, not a workshop file" in error, error


def _csv(folder: Path, rows: int = 1) -> Path:
    source = folder / "ratings.csv"
    lines = [HEADER] + [f"Kommun {i},,Bygga kultur,2,,{'x' * 3000},"for i in range(rows)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return source


def test_disk_full_during_an_import_changes_nothing(fyrbodal_file, tmp_path, capsys, monkeypatch):
    if _can_mount():
        with tmpfs(tmp_path / "small", "400k") as disk:
            workshop = disk / "workshop.dmw"
            workshop.write_bytes(fyrbodal_file.read_bytes())
            before = file_hash(workshop)
            code, _, error = run_cli("import-ratings", workshop, _csv(tmp_path, rows=300))
            assert code == 2 and "could not be saved: the disk is full" in error, error
            assert file_hash(workshop) == before
        return
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"

    def no_space(*_args, **_kwargs):
        raise full

    monkeypatch.setattr("digitalmotor_desktop.store.ratings.save", no_space)
    before = file_hash(fyrbodal_file)
    assert main(["import-ratings", str(fyrbodal_file), str(_csv(tmp_path))]) == 2
    assert "could not be saved: the disk is full" in capsys.readouterr().err
    assert file_hash(fyrbodal_file) == before


def test_disk_full_while_writing_a_rating_form_leaves_no_partial_file(fyrbodal_file, tmp_path, monkeypatch, capsys):
    if _can_mount():
        with tmpfs(tmp_path / "small", "12k") as disk:
            code, _, error = run_cli("rating-form", fyrbodal_file, "--output", disk / "form.xlsx")
            assert code == 2 and "Could not write “form.xlsx”: No space left on device." in error, error
            assert list(disk.iterdir()) == []
        return
    real_write = Path.write_bytes

    def no_space(self, data):
        real_write(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", no_space)
    assert main(["rating-form", str(fyrbodal_file), "--output", str(tmp_path / "form.xlsx")]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("form.xlsx")]


def _flip(source: Path, target: Path, rng: random.Random, flips: int = 8) -> None:
    data = bytearray(source.read_bytes())
    for _ in range(flips):
        at = rng.randrange(100, len(data))  # past the header, which is checked as bytes
        data[at] ^= 1 << rng.randrange(8)
    target.write_bytes(bytes(data))


def test_bit_flipped_sources_are_refused_with_a_sentence_or_merged_never_an_internal_error(tmp_path):
    good = capture_file(tmp_path / "good.dmw", ["Vänersborg", "Åmål", "Dals-Ed"], respondents=2, seed=5)
    rng = random.Random(2026)
    outcomes = set()
    for number in range(30):
        flipped = tmp_path / f"flipped-{number}.dmw"
        _flip(good, flipped, rng)
        before = file_bytes_digest(flipped)
        plan = plan_merge([good, flipped])
        refusal = plan.reports[1].refusal
        assert refusal is None or isinstance(refusal, UserError)
        outcomes.add("refused" if refusal else "accepted")
        try:
            write_merge(plan, tmp_path / f"merged-{number}.dmw", [good, flipped])
        except UserError:
            pass
        assert main(["info", str(flipped)]) in (0, 2)  # a sentence, never the internal error (70)
        assert file_bytes_digest(flipped) == before
    assert "refused" in outcomes


def test_text_that_is_not_utf8_is_one_sentence(tmp_path, capsys):
    good = capture_file(tmp_path / "good.dmw", ["Vänersborg", "Åmål"], seed=5)
    bad = tmp_path / "bad-text.dmw"
    bad.write_bytes(good.read_bytes())
    connection = sqlite3.connect(bad)
    connection.execute("UPDATE organisation SET name = CAST(x'C328ff' AS TEXT)")  # bytes that are not UTF-8
    connection.commit()
    connection.close()
    plan = plan_merge([good, bad])
    assert "“bad-text.dmw” is damaged: some of its text cannot be read." == str(plan.reports[1].refusal)
    assert main(["info", str(bad)]) == 2
    assert "damaged and could not be read" in capsys.readouterr().err

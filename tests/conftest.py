"""Shared fixtures. Qt runs offscreen: set before anything imports Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from digitalmotor_desktop.ops.workshop import create_workshop  # noqa: E402


@pytest.fixture
def fyrbodal():
    """An in-memory workshop made from the Fyrbodal template."""
    document = create_workshop(None, "fyrbodal-2020")
    yield document
    document.close()


@pytest.fixture
def fyrbodal_file(tmp_path):
    """A workshop file made from the Fyrbodal template (closed; path returned)."""
    path = tmp_path / "workshop.dmw"
    create_workshop(path, "fyrbodal-2020").close()
    return path

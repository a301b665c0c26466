"""The demo workshop: the Fyrbodal map with fictitious ratings from 15 organisations.

The ratings reproduce the study's published joint result (Figur 30); two
organisations share with the facilitator only, so the privacy rules show. The
boards of stages 1 and 2 hold answers and capability cards of the kind the
study's workshops wrote, some of them clustered, so the boards show too.
"""

from __future__ import annotations

from pathlib import Path

DEMO_TITLE = "Digital motor Fyrbodal – demo"
DEMO_FILE = "fyrbodal-demo.dmw"


def ensure_demo(folder: Path) -> tuple[Path, bool]:
    """The demo workshop in ``folder``, made on first use; and whether it was made now."""
    path = Path(folder) / DEMO_FILE
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    create_demo(path)
    return path, True


def create_demo(path: Path) -> None:
    """A new demo workshop at ``path`` (all or nothing: a failed import removes it)."""
    # Loaded here, not with the module: ``digitalmotor demo`` opens an existing demo as fast as any file.
    from importlib import resources

    from digitalmotor_desktop.ops.import_notes import import_notes
    from digitalmotor_desktop.ops.import_ratings import import_ratings
    from digitalmotor_desktop.ops.workshop import create_workshop
    from digitalmotor_desktop.store.document import remove_document_files

    document = create_workshop(path, "fyrbodal-2020", DEMO_TITLE)
    files = resources.files(__package__)
    try:
        with resources.as_file(files.joinpath("fyrbodal-ratings.csv")) as ratings:
            import_ratings(document, ratings)
        for stage in (1, 2):
            with resources.as_file(files.joinpath(f"fyrbodal-notes-stage{stage}.csv")) as notes:
                import_notes(document, notes, stage)
    except BaseException:
        document.close()
        remove_document_files(path)
        raise
    document.close()

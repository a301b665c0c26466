"""Every stage and dialog fits a 1280×720 projector and a 1920×1080 screen: the window keeps the
size asked for, every widget lies inside it, and no label or button text is cut (each label's
required size compared with its actual size; wrapped labels by their longest word and height)."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QWidget

from digitalmotor_desktop.demo import ensure_demo
from room_views import cut_texts, open_audience

SIZES = ((1280, 720), (1920, 1080))
LONG_NAME = "Samordningsförbundet för digital utveckling i Fyrbodals kommuner och regionen"
RATINGS_HEADER = "organisation,respondent,consent,area,group,capability,maturity,importance\n"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path, _ = ensure_demo(tmp_path_factory.mktemp("demo"))
    return path


@pytest.fixture
def window(qtbot, demo_path):
    from digitalmotor_desktop.gui.i18n import install_language
    from digitalmotor_desktop.gui.main_window import MainWindow

    install_language("sv")  # the longer language
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(demo_path)
    yield window
    window.close_workshop()


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
@pytest.mark.parametrize("stage", [1, "1 attendance", 2, 3, "4 start", 4, 5, "organisations", "start page"])
def test_every_stage_fits_the_screen_with_no_text_cut(window, qtbot, size, stage, tmp_path):
    window.resize(*size)
    window.show()
    if stage == "organisations":
        window.ui.stageList.setCurrentRow(5)  # organisations and participants
    elif stage == "start page":
        window.close_workshop()
    else:
        window.show_stage(int(str(stage)[0]))
    view = window.current_view()
    if stage == "1 attendance":
        view.side.setCurrentWidget(view.attendance)
    if stage == 4:  # the rating page, for an organisation with a long name
        view.start.organisation.setEditText(LONG_NAME)
        view.start.share_group.setChecked(True)
        view.begin()
    pages = view.pages if stage == 5 else None  # stage 5: every tab
    for page in range(pages.count() if pages else 1):
        if pages:
            pages.setCurrentIndex(page)
        qtbot.wait(50)
        assert (window.width(), window.height()) == size, "the window grew: something is wider or taller than the screen"
        assert cut_texts(window) == [], page
        window.grab().save(str(tmp_path / f"stage{stage}-{page}.png"))


def cut_titles(canvas) -> list[tuple]:
    """(title, needed, got) for every group or area title the map draws shorter than itself or wider than its
    room, or outside its column (groups) or band (areas)."""
    from PySide6.QtGui import QFontMetricsF

    found = []
    holders = {group.name: rect for group, rect in canvas.geometry_.groups}
    holders.update((area.name.upper(), rect) for area, rect, _ in canvas.geometry_.areas)
    for text, item, room in canvas.titles:
        lines = item.text().split("\n")
        needed = max(QFontMetricsF(item.font()).horizontalAdvance(line) for line in lines)
        if " ".join(lines) != text or needed > room:
            found.append((text, item.text(), needed, room))
        holder, drawn = holders[text], item.sceneBoundingRect()
        if not (holder.x <= drawn.left() + 0.5 and drawn.right() <= holder.x + holder.width + 0.5
                and holder.y <= drawn.top() + 0.5 and drawn.bottom() <= holder.y + holder.height + 0.5):
            found.append((text, "outside", drawn.getRect(), holder))
    return found


@pytest.mark.parametrize("size", (*SIZES, (1600, 900)), ids=["1280x720", "1920x1080", "1600x900"])
@pytest.mark.parametrize("stage", [3, 5])
def test_no_group_or_area_title_is_cut_on_the_map_or_the_projector(window, qtbot, size, stage):
    window.resize(*size)
    window.show()
    window.show_stage(stage)
    qtbot.wait(20)
    view = window.current_view()
    assert len(view.canvas.titles) == 3 + 13 and cut_titles(view.canvas) == []
    audience = open_audience(qtbot, window, size)
    canvas = audience.content.canvas
    for area in canvas.capability_map.areas:
        canvas.set_map(canvas.capability_map, canvas.style_for, around=area.id)
        assert len(canvas.titles) == 1 + len(area.groups) and cut_titles(canvas) == [], area.name


@pytest.mark.parametrize("large", [False, True], ids=["", "large type"])
@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
@pytest.mark.parametrize("stage", [3, 4, 5])
def test_every_audience_view_fits_the_projector_with_no_text_cut(window, qtbot, size, stage, large):
    window.show_stage(stage)
    audience = open_audience(qtbot, window, size)
    audience.set_large_type(large)
    qtbot.wait(20)
    assert (audience.width(), audience.height()) == size
    assert cut_texts(audience) == []


def _modal(qtbot, open_and_wait) -> QWidget:
    """Runs ``open_and_wait`` (a call that shows a modal dialog and waits for it, or that starts what will)
    and returns what the dialog showed, checked while it is up; then closes it as Escape would."""
    found = {}

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, check)
            return
        qtbot.wait(20)
        found.update(size=(dialog.width(), dialog.height()), cut=cut_texts(dialog), image=dialog.grab())
        dialog.reject()

    QTimer.singleShot(0, check)
    open_and_wait()
    qtbot.waitUntil(lambda: bool(found), timeout=10000)  # a background task's refusal comes a little later
    return found


def _shown_dialogs(window, tmp_path):
    """Every dialog that stays open while the facilitator works: (name, dialog)."""
    from digitalmotor_desktop.ops.erasure import plan_organisation
    from digitalmotor_desktop.gui.folder_dialog import FolderMergeDialog
    from digitalmotor_desktop.gui.new_workshop_dialog import NewWorkshopDialog
    from digitalmotor_desktop.gui.phones.dialog import open_phones_dialog
    from digitalmotor_desktop.gui.stages.organisations.confirm import confirm_erasure
    from digitalmotor_desktop.store import ratings as store

    yield "new workshop", NewWorkshopDialog(window)
    yield "guide", window.show_guide()
    yield "merge", window.merge_files([])
    (tmp_path / "synced").mkdir()
    yield "merge folder", FolderMergeDialog(window, window.session, tmp_path / "synced")
    window.show_stage(5)
    window.current_view().choose_export()
    yield "export", window.current_view().export_dialog
    yield "phones", open_phones_dialog(window, window.session)
    window.ui.stageList.setCurrentRow(5)
    organisations = window.current_view()
    yield "finish workshop", organisations.finish_workshop()
    organisation = store.organisations(window.session.document)[0]
    plan = plan_organisation(window.session.document, organisation.id)
    yield "erase", confirm_erasure(organisations, f"the organisation “{LONG_NAME}”", plan, lambda: None)


def _modal_dialogs(window, monkeypatch, tmp_path):
    """Every dialog that waits for an answer: (name, the call that opens it and waits)."""
    from PySide6.QtWidgets import QFileDialog


    handout = tmp_path / "handout.dmw"
    yield "hand-out: which organisation", window.make_handout
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: (LONG_NAME, True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(handout), ""))
    yield "hand-out: ready", window.make_handout
    yield "preferences", window.edit_preferences
    yield "about", window.about
    yield "synced folder", lambda: window.folder_actions.ask_where(tmp_path / (LONG_NAME + ".dmw"), "Syncthing")
    window.show_stage(3)
    yield "delete", lambda: window.current_view()._confirm_delete(LONG_NAME, 120)
    window.show_stage(5)
    yield "named results", window.current_view()._named_results_allowed
    bad = tmp_path / (LONG_NAME + ".csv")  # an import refused: one sentence, its bad lines in the details
    bad.write_text(RATINGS_HEADER + "".join(f"{LONG_NAME},P,group,Ledningsförmågor,Leda,Bygga kultur,9,4\n"
                                            for _ in range(40)), encoding="utf-8")
    window.ui.stageList.setCurrentRow(5)
    yield "import refused", lambda: window.current_view().start_import(bad)


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
def test_every_dialog_fits_the_screen_with_no_text_cut(window, qtbot, size, tmp_path):
    window.resize(*size)
    window.show()
    problems = {}
    for name, dialog in _shown_dialogs(window, tmp_path):
        assert isinstance(dialog, QDialog), name
        dialog.show()
        qtbot.wait(20)
        if dialog.width() > size[0] or dialog.height() > size[1] or cut_texts(dialog):
            problems[name] = ((dialog.width(), dialog.height()), cut_texts(dialog))
        dialog.grab().save(str(tmp_path / f"{name}.png"))
        dialog.close()
    assert problems == {}


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
def test_an_import_says_what_it_did_by_the_import_button_in_full(window, qtbot, size, tmp_path):
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(RATINGS_HEADER + f"{LONG_NAME},Person 1,group,Ledningsförmågor,Leda,Bygga kultur,3,4\n", encoding="utf-8")
    window.resize(*size)
    window.show()
    window.ui.stageList.setCurrentRow(5)
    view = window.current_view()
    view.start_import(ratings)
    qtbot.waitUntil(lambda: view.status.text().startswith("Importerade"), timeout=10000)
    qtbot.wait(20)
    assert (window.width(), window.height()) == size
    assert cut_texts(window) == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
def test_every_question_and_message_fits_the_screen_with_no_text_cut(window, qtbot, size, tmp_path, monkeypatch):
    window.resize(*size)
    window.show()
    problems = {}
    for name, open_and_wait in _modal_dialogs(window, monkeypatch, tmp_path):
        shown = _modal(qtbot, open_and_wait)
        width, height = shown["size"]
        if width > size[0] or height > size[1] or shown["cut"]:
            problems[name] = (shown["size"], shown["cut"])
        shown["image"].save(str(tmp_path / f"{name}.png"))
    assert problems == {}

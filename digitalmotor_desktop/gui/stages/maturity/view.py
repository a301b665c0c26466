"""Stage 4 — Mognadsbedömning: rating capture for a projector and a queue of people.

Pages: who is rating (organisation, respondent, consent) → one capability at a
time → a summary → (kiosk mode) a neutral hand-over page. Keyboard first:
0–4 set the level, V is "vet ej", Enter/→ move on, ←/Backspace go back, C
writes a comment. Every answer is committed by its op before the screen shows
it as saved.

Kiosk mode is for passing one laptop around: existing respondents are not
offered, answers bypass the undo stack (nobody can undo or view an earlier
respondent's answers), and only the facilitator's code leaves it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import filled
from digitalmotor_desktop.core.model import (
    Capability,
)
from digitalmotor_desktop.core.ratings import IMPORTANCE_LEVELS, Rating, name_key
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.maturity.pages import (
    CAPTURE_STYLE,
    LEVEL_KEYS,
    MIN_KIOSK_CODE,
    HandOverPage,
    LevelButton,
    RatingPage,
    StartPage,
    SummaryPage,
)
from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.ops.attendance import register
from digitalmotor_desktop.ops.changes import (
    ATTENDANCE,
    MAP,
    ORGANISATIONS,
    RATINGS,
    WORKSHOP,
    Changes,
    Edit,
)
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.workshop import capability_map, scale


class MaturityStage(StageView):
    depends_on = frozenset({WORKSHOP, MAP, ORGANISATIONS, RATINGS, ATTENDANCE})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("capture")
        self.setStyleSheet(CAPTURE_STYLE)
        self.kiosk = False
        self.projected = False  # this window is on the projector (one screen)
        self._kiosk_code = ""
        self.respondent_id: str | None = None
        self.order: list[Capability] = []
        self.places: dict[str, str] = {}  # capability id → "area › group"
        self.ratings: dict[str, Rating] = {}
        self.index = 0

        self.start = StartPage()
        self.rating = RatingPage()
        self.summary = SummaryPage()
        self.hand_over = HandOverPage()
        self.pages = QStackedWidget()
        for page in (self.start, self.rating, self.summary, self.hand_over):
            self.pages.addWidget(page)
        QVBoxLayout(self).addWidget(self.pages)
        self._connect()
        self._translate()

    def _connect(self) -> None:
        start, rating, summary = self.start, self.rating, self.summary
        rating.comment.editingFinished.connect(self.save_comment)
        rating.comment.installEventFilter(self)
        start.organisation.currentTextChanged.connect(self._organisation_chosen)
        start.respondent.currentTextChanged.connect(self._respondent_chosen)
        start.start.clicked.connect(self.begin)
        start.kiosk_start.clicked.connect(self.enter_kiosk)
        start.phones.clicked.connect(self.let_phones_join)
        start.leave.clicked.connect(self.leave_kiosk)
        start.leave_code.returnPressed.connect(self.leave_kiosk)
        rating.back.clicked.connect(lambda: self.go(self.index - 1))
        rating.next.clicked.connect(self.advance)
        rating.unrated.clicked.connect(self.jump_to_unrated)
        rating.summary.clicked.connect(self.show_summary)
        rating.importance_pass.toggled.connect(lambda _on: self._show_capability())
        for button, value in zip(rating.importance_buttons, IMPORTANCE_LEVELS):
            button.clicked.connect(lambda _checked=False, v=value: self.toggle_importance(v))
        summary.back.clicked.connect(lambda: self.go(self.index))
        summary.unrated.clicked.connect(self.jump_to_unrated)
        summary.finish.clicked.connect(self.finish)
        summary.table.itemDoubleClicked.connect(lambda item: self.go(summary.table.indexOfTopLevelItem(item)))
        self.hand_over.next.clicked.connect(self.next_person)

    # -- texts ----------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Maturity assessment")

    def audience_widget(self):
        from digitalmotor_desktop.gui.room.counts import CaptureProgress

        return CaptureProgress(self)

    def _translate(self) -> None:
        start, rating, summary = self.start, self.rating, self.summary
        start.organisation_label.setText(self.tr("Organisation"))
        start.respondent_label.setText(self.tr("Respondent (e.g. role; optional)"))
        start.organisation_label.setBuddy(start.organisation)  # the label names the field for screen readers
        start.respondent_label.setBuddy(start.respondent)
        start.consent_label.setText(self.tr("Show my named result"))
        start.share_group.setText(self.tr("to the whole group"))
        start.share_facilitator.setText(self.tr("to the facilitator only (the group sees it only anonymised)"))
        start.start.setText(self.tr("Start rating (Enter)"))
        start.phones.setText(self.tr("Let phones join…"))
        start.phones.setToolTip(self.tr("Participants rate on their own phones over this room's network"))
        start.kiosk_box.setTitle(self.tr("Kiosk mode: pass one computer around"))
        start.kiosk_hint.setText(filled(self.tr("Choose a code of at least {length} characters; only this code leaves "
                                                "kiosk mode."), length=MIN_KIOSK_CODE))
        start.kiosk_code.setPlaceholderText(self.tr("Facilitator's code"))
        start.kiosk_start.setText(self.tr("Start kiosk mode"))
        start.leave_box.setTitle(self.tr("Facilitator"))
        start.leave_code.setPlaceholderText(self.tr("Code"))
        start.leave.setText(self.tr("Leave kiosk mode"))
        rating.importance_label.setText(self.tr("Strategic importance (optional):"))
        rating.back.setText(self.tr("◀ Back"))
        rating.next.setText(self.tr("Next ▶"))
        rating.unrated.setText(self.tr("Next unrated (U)"))
        rating.summary.setText(self.tr("Summary (S)"))
        rating.importance_pass.setText(self.tr("Importance pass (I)"))
        rating.auto_advance.setText(self.tr("Move on after each answer"))
        rating.comment.setPlaceholderText(self.tr("Comment (C), optional — Enter saves it, Esc cancels"))
        summary.title.setText(self.tr("Your answers"))
        summary.table.setHeaderLabels([self.tr("Capability"), self.tr("Maturity"), self.tr("Importance")])
        summary.back.setText(self.tr("◀ Back to rating"))
        summary.unrated.setText(self.tr("Next unrated (U)"))
        summary.finish.setText(self.tr("Finish (Enter)"))
        self.hand_over.message.setText(self.tr("Thank you — your answers are saved.\n\n"
                                               "Please hand the computer to the next person."))
        self.hand_over.next.setText(self.tr("Next person: start (Enter)"))
        self._show_start_title()

    def retranslate(self) -> None:
        self._translate()
        super().retranslate()

    def _show_waiting(self) -> None:
        """Which expected organisations have not answered yet: for the facilitator's eyes only."""
        waiting = register(self.session.document).not_answered if self.session else []
        self.start.waiting.setText(self.tr("Expected, not answered yet: {names}").format(
            names=", ".join(name for _id, name in waiting)) if waiting else "")
        self.start.waiting.setVisible(bool(waiting) and not self.kiosk and not self.projected)

    def set_projected(self, projected: bool) -> None:
        self.projected = projected
        self._show_waiting()

    def _show_start_title(self) -> None:
        self.start.title.setText(self.tr("Who is rating?") if not self.kiosk else self.tr("Welcome! Who are you rating for?"))
        self.start.kiosk_box.setVisible(not self.kiosk)
        self.start.phones.setVisible(not self.kiosk)
        self.start.leave_box.setVisible(self.kiosk)
        self._show_waiting()

    def _key_help(self) -> str:
        if self.rating.importance_pass.isChecked():
            return self.tr("1–5 importance · Delete clears it · Enter/→ next · ←/Backspace back · "
                           "I back to maturity · C comment · U next unrated · S summary")
        return self.tr("0–4 maturity · V don't know · Delete clears · Enter/→ next · ←/Backspace back · "
                       "I importance pass · C comment · U next unrated · S summary")

    # -- refresh ----------------------------------------------------------------
    def refresh(self, changes: Changes) -> None:
        if self.session is None:
            self.respondent_id = None
            self.order, self.ratings = [], {}
            self.pages.setCurrentWidget(self.start)
            self.setEnabled(False)
            return
        self.setEnabled(True)
        document = self.session.document
        if changes.touches(WORKSHOP, MAP):
            self._load_map()
        if changes.touches(ORGANISATIONS):
            self._fill_organisations()
            if self.respondent_id and not self._respondent_is_live():
                self.respondent_id = None
                self.pages.setCurrentWidget(self.start)
            elif self.respondent_id:
                self._show_who()
        if changes.touches(ORGANISATIONS, RATINGS, ATTENDANCE):
            self._show_waiting()
        if self.respondent_id and changes.touches(RATINGS, MAP):
            self.ratings = ops.ratings_by_capability(document, self.respondent_id)
        if self.pages.currentWidget() is self.rating:
            self._show_capability()
        elif self.pages.currentWidget() is self.summary:
            self._fill_summary()

    def _respondent_is_live(self) -> bool:
        found = store.respondent(self.session.document, self.respondent_id)
        return found is not None and not found.deleted

    def _load_map(self) -> None:
        document = self.session.document
        self.order = []
        self.places = {}
        for area in capability_map(document).areas:
            for group in area.groups:
                for capability in group.capabilities:
                    self.order.append(capability)
                    self.places[capability.id] = f"{area.name} › {group.name}"
        self.index = min(self.index, max(len(self.order) - 1, 0))
        buttons = [LevelButton(level.level, f"{level.level}  {level.label}", level.description)
                   for level in scale(document)]
        buttons.append(LevelButton(None, self.tr("V  Don't know"),
                                   self.tr("I cannot judge this capability. Not counted as 0.")))
        for button in buttons:
            button.clicked.connect(lambda _checked=False, level=button.level: self.rate(level))
        self.rating.set_levels(buttons)

    def _default_organisation(self) -> str:
        """A participant's hand-out file rates for its own organisation."""
        handout = self.session.document.handout_organisation_id if self.session else None
        found = store.organisation(self.session.document, handout) if handout else None
        return found.name if found and not found.deleted else ""

    def _fill_organisations(self) -> None:
        combo = self.start.organisation
        text = combo.currentText() or self._default_organisation()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems([o.name for o in store.organisations(self.session.document)])
        combo.setEditText(text)
        combo.blockSignals(False)
        self._organisation_chosen(text)

    def _organisation_chosen(self, name: str) -> None:
        """Offers the organisation's respondents to continue with; never in kiosk mode."""
        combo = self.start.respondent
        text = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        organisation = self._organisation_named(name)
        if organisation and not self.kiosk:
            combo.addItems([p.label for p in store.respondents(self.session.document, organisation.id)])
        combo.setEditText(text)
        combo.blockSignals(False)

    def _respondent_chosen(self, label: str) -> None:
        known = self._respondent_labelled(label)
        self.start.set_consent(known.consent if known else None)

    def _organisation_named(self, name: str):
        return next((o for o in store.organisations(self.session.document) if name_key(o.name) == name_key(name)), None)

    def _respondent_labelled(self, label: str):
        organisation = self._organisation_named(self.start.organisation.currentText())
        if self.kiosk or organisation is None or self.session is None:
            return None
        return next((p for p in store.respondents(self.session.document, organisation.id)
                     if name_key(p.label) == name_key(label)), None)

    # -- edits ------------------------------------------------------------------
    def _commit(self, edit: Edit) -> bool:
        """Whether the edit was saved (a refusal is shown by the window's presenter)."""
        if self.kiosk:  # not on the undo stack: nobody can step back into an earlier respondent's answers
            return self.session.run(edit.redo) is not None
        return self.session.apply(edit)

    def _try(self, make_edit) -> Edit | None:
        try:
            edit = make_edit()
        except UserError as error:
            self.session.error.emit(error)
            return None
        return edit if self._commit(edit) else None

    def begin(self) -> None:
        """Starts (or continues) rating for the chosen organisation and respondent."""
        if self.session is None:
            return
        start, document = self.start, self.session.document
        consent = start.chosen_consent()
        if not start.organisation.currentText().strip():
            start.problem.setText(self.tr("Choose or type the organisation."))
            return
        if consent is None:
            start.problem.setText(self.tr("Choose how your named result may be shown."))
            return
        try:
            organisation = self._organisation_named(start.organisation.currentText())
            if organisation is None:
                organisation_id = self._checked(ops.add_organisation(document, start.organisation.currentText()))
            else:
                organisation_id = organisation.id
            if organisation_id is None:
                return
            respondent = self._respondent_labelled(start.respondent.currentText())
            if respondent is None:
                label = start.respondent.currentText().strip() or self._next_label(organisation_id)
                respondent_id = self._checked(ops.add_respondent(document, organisation_id, label, consent))
            else:
                respondent_id = respondent.id
                if respondent.consent != consent \
                        and self._checked(ops.set_consent(document, respondent.id, consent)) is None:
                    return
            if respondent_id is None:
                return
        except UserError as error:
            self.session.error.emit(error)
            return
        self.respondent_id = respondent_id
        start.problem.clear()
        self._show_who()
        self.ratings = ops.ratings_by_capability(document, self.respondent_id)
        first = ops.first_unrated(document, self.respondent_id)
        self.go(self.order.index(first) if first in self.order else 0)

    def _checked(self, edit: Edit) -> str | None:
        """Commits an add/change and returns the id it concerns; None if it was not saved."""
        return edit.extra.get("id", "") if self._commit(edit) else None

    def _next_label(self, organisation_id: str) -> str:
        return ops.next_label(self.session.document, organisation_id, self.tr("Respondent {number}"))

    def current(self) -> Capability | None:
        return self.order[self.index] if self.respondent_id and 0 <= self.index < len(self.order) else None

    def rate(self, level: int | None) -> None:
        """Sets the maturity of the current capability (None: "vet ej") and, if chosen, moves on."""
        capability = self.current()
        if capability is None:
            return
        if self._try(lambda: ops.set_maturity(self.session.document, self.respondent_id, capability.id, level)):
            self._after_answer()

    def toggle_importance(self, value: int | None) -> None:
        capability = self.current()
        if capability is None:
            return
        stored = self.ratings.get(capability.id)
        if stored is not None and stored.importance == value:
            value = None  # a second press on the same importance clears it
        if self._try(lambda: ops.set_importance(self.session.document, self.respondent_id, capability.id, value)) \
                and value is not None and self.rating.importance_pass.isChecked():
            self._after_answer()

    def clear(self) -> None:
        capability = self.current()
        if capability is None:
            return
        if self.rating.importance_pass.isChecked():
            self._try(lambda: ops.set_importance(self.session.document, self.respondent_id, capability.id, None))
        else:
            self._try(lambda: ops.clear_maturity(self.session.document, self.respondent_id, capability.id))

    def edit_comment(self) -> None:
        self.rating.comment.setFocus()
        self.rating.comment.selectAll()

    def save_comment(self) -> None:
        """Saves the comment if it changed (Enter or leaving the field)."""
        capability = self.current()
        text = self.rating.comment.text().strip()
        stored = self.ratings.get(capability.id) if capability else None
        if capability is not None and text != (stored.comment if stored else ""):
            self._try(lambda: ops.set_comment(self.session.document, self.respondent_id, capability.id, text))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """In the comment field Enter saves and Esc cancels; both hand the keys back to rating."""
        if watched is self.rating.comment and event.type() == QEvent.KeyPress \
                and event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Escape):
            if event.key() == Qt.Key_Escape:
                stored = self.ratings.get(self.current().id) if self.current() else None
                self.rating.comment.setText(stored.comment if stored else "")
            self.rating.setFocus()  # leaving the field saves it (editingFinished)
            return True
        return super().eventFilter(watched, event)

    def _after_answer(self) -> None:
        if self.rating.auto_advance.isChecked():
            self.advance()

    # -- navigation ---------------------------------------------------------------
    def go(self, index: int) -> None:
        if not self.order or self.respondent_id is None:
            return
        self.index = max(0, min(index, len(self.order) - 1))
        self.pages.setCurrentWidget(self.rating)
        self._show_capability()
        self.rating.setFocus()

    def advance(self) -> None:
        """Next capability; after the last one, the summary."""
        if self.index + 1 >= len(self.order):
            self.show_summary()
        else:
            self.go(self.index + 1)

    def jump_to_unrated(self) -> None:
        after = self.order[self.index].id if self.order else None
        first = ops.first_unrated(self.session.document, self.respondent_id, after=after)
        if first is None:
            self.show_summary()
        else:
            self.go(self.order.index(first))

    def show_summary(self) -> None:
        self.pages.setCurrentWidget(self.summary)
        self._fill_summary()
        self.summary.setFocus()

    def finish(self) -> None:
        self.respondent_id = None
        self.ratings = {}
        if self.kiosk:
            self.pages.setCurrentWidget(self.hand_over)
            self.hand_over.setFocus()
        else:
            self._to_start()

    def next_person(self) -> None:
        self._to_start()

    def _to_start(self) -> None:
        start = self.start
        start.respondent.setEditText("")
        start.set_consent(None)
        for problem in (start.problem, start.kiosk_problem, start.leave_problem):
            problem.clear()
        if self.kiosk:
            start.organisation.setEditText(self._default_organisation())
        self._show_start_title()
        self._organisation_chosen(start.organisation.currentText())
        self.pages.setCurrentWidget(start)
        start.organisation.setFocus()

    def let_phones_join(self):
        from digitalmotor_desktop.gui.phones.dialog import open_phones_dialog  # aiohttp only when asked for

        if self.session is not None:
            return open_phones_dialog(self.window(), self.session)

    # -- kiosk ----------------------------------------------------------------------
    def enter_kiosk(self) -> None:
        code = self.start.kiosk_code.text()
        if len(code) < MIN_KIOSK_CODE:
            self.start.kiosk_problem.setText(filled(self.tr("The code needs at least {length} characters."),
                                                    length=MIN_KIOSK_CODE))
            self.start.kiosk_code.setFocus()
            return
        self.kiosk, self._kiosk_code = True, code
        self.start.kiosk_code.clear()
        self.lock_window.emit(True)
        self._to_start()

    def leave_kiosk(self) -> None:
        """The deliberate way out: only with the facilitator's code."""
        entered = self.start.leave_code.text()
        self.start.leave_code.clear()
        if entered != self._kiosk_code:
            self.start.leave_problem.setText(self.tr("Wrong code."))
            self.start.leave_code.setFocus()
            return
        self.kiosk, self._kiosk_code = False, ""
        self.lock_window.emit(False)
        self._to_start()

    # -- showing --------------------------------------------------------------------
    def _show_capability(self) -> None:
        capability = self.current()
        page = self.rating
        if capability is None:
            return
        stored = self.ratings.get(capability.id)
        rated = sum(1 for c in self.order if (r := self.ratings.get(c.id)) is not None and r.rated)
        page.progress_text.setText(f"{self.index + 1} / {len(self.order)}")
        page.progress_text.setToolTip(filled(self.tr("{answered} of {total} answered"), answered=rated, total=len(self.order)))
        page.progress.setRange(0, len(self.order))
        page.progress.setValue(rated)
        page.breadcrumb.setText(self.places.get(capability.id, ""))
        page.name.setText(capability.name)
        page.description.setText(capability.description)
        for button in page.level_buttons:
            button.setChecked(stored is not None and stored.rated and stored.maturity == button.level)
        for button, value in zip(page.importance_buttons, IMPORTANCE_LEVELS):
            button.setChecked(stored is not None and stored.importance == value)
        page.saved.setText(self._saved_text(stored))
        if not page.comment.hasFocus():
            page.comment.setText(stored.comment if stored else "")
        page.key_help.setText(self._key_help())

    def _show_who(self) -> None:
        respondent = store.respondent(self.session.document, self.respondent_id)
        organisation = store.organisation(self.session.document, respondent.organisation_id)
        self.rating.who.setText(f"{organisation.name} — {respondent.label}")

    def _saved_text(self, stored: Rating | None) -> str:
        if stored is None or not stored.rated:
            return self.tr("Not rated yet")
        button = next((b for b in self.rating.level_buttons if b.level == stored.maturity), None)
        return filled(self.tr("✓ Saved: {answer}"), answer=button.heading if button else stored.maturity)

    def _fill_summary(self) -> None:
        table = self.summary.table
        table.clear()
        labels = {level.level: f"{level.level} {level.label}" for level in scale(self.session.document)} \
            if self.session else {}
        rated = dont_know = 0
        for capability in self.order:
            stored = self.ratings.get(capability.id)
            if stored is None or not stored.rated:
                answer = self.tr("not rated")
            elif stored.maturity is None:
                answer = self.tr("don't know")
                dont_know += 1
            else:
                answer = labels.get(stored.maturity, str(stored.maturity))
            rated += stored is not None and stored.rated
            importance = str(stored.importance) if stored is not None and stored.importance else ""
            item = QTreeWidgetItem([capability.name, answer, importance])
            if stored is None or not stored.rated:
                item.setForeground(1, Qt.darkRed)
            table.addTopLevelItem(item)
        self.summary.counts.setText(
            filled(self.tr("{answered} of {total} answered ({dont_know} “don't know”), {unrated} not rated. Double-click "
                           "a row to change it."), answered=rated, total=len(self.order), dont_know=dont_know,
                   unrated=len(self.order) - rated))

    # -- keys ---------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Keyboard first: whatever page shows, the keys reach it without a click."""
        super().showEvent(event)
        page = self.pages.currentWidget()
        (self.start.organisation if page is self.start else page).setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        page, key = self.pages.currentWidget(), event.key()
        enter = key in (Qt.Key_Return, Qt.Key_Enter)
        if page is self.rating and self._rating_key(event):
            return
        if page is self.summary:
            if enter:
                return self.finish()
            if key in (Qt.Key_Backspace, Qt.Key_Left, Qt.Key_Escape):
                return self.go(self.index)
            if key == Qt.Key_U:
                return self.jump_to_unrated()
        if page is self.hand_over and (enter or key == Qt.Key_Space):
            return self.next_person()
        if page is self.start and enter:
            return self.begin()
        super().keyPressEvent(event)

    def _rating_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        importance_pass = self.rating.importance_pass.isChecked()
        if key in LEVEL_KEYS and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            value = LEVEL_KEYS[key]
            if importance_pass and value in IMPORTANCE_LEVELS:
                self.toggle_importance(value)
            elif not importance_pass and any(b.level == value for b in self.rating.level_buttons):
                self.rate(value)
            return True
        actions = {
            Qt.Key_V: lambda: None if importance_pass else self.rate(None),
            Qt.Key_Return: self.advance, Qt.Key_Enter: self.advance, Qt.Key_Right: self.advance,
            Qt.Key_Left: lambda: self.go(self.index - 1), Qt.Key_Backspace: lambda: self.go(self.index - 1),
            Qt.Key_Delete: self.clear,
            Qt.Key_U: self.jump_to_unrated, Qt.Key_S: self.show_summary,
            Qt.Key_I: self.rating.importance_pass.toggle,
            Qt.Key_C: self.edit_comment,
        }
        action = actions.get(key)
        if action is None:
            return False
        action()
        return True

"""The editor's toolbar: "+ Add" with its menu and dialogs, Preview, Remove, "Checking…".

The "+ Add" menu offers music files, a folder, binaural beats or a silence; each choice
opens its dialog and reports what was chosen, and the editor decides where it goes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QWidget

from ketacompanion.core.models import SilenceItem
from ketacompanion.ui.widgets import toolbar_button

PREVIEW_TEXT, PREVIEW_NAME = "▶ Preview", "Preview the selected row for 15 seconds"
STOP_TEXT, STOP_NAME = "■ Stop", "Stop the preview (it fades out)"
AUDIO_FILTER = ("Audio (*.ogg *.oga *.opus *.mp3 *.flac *.wav *.m4a *.aac *.aif *.aiff);;"
                "All files (*)")


class PlaylistToolbar(QHBoxLayout):
    """One row over the table: adding, the row actions and the note shown while checking.

    Its widgets have no parent until the row is put in the editor's layout; the page
    adds its Undo and Redo buttons at the end.

    Args:
        dialogs_over: The widget the "+ Add" dialogs open over (the editor).
    """

    def __init__(self, dialogs_over: QWidget) -> None:
        super().__init__()
        self.add_button = toolbar_button("+ Add ▾", "Add music, a folder, beats or a silence")
        self.add_button.setObjectName("menuButton")
        self.add_menu = AddMenu(self.add_button, dialogs_over)
        self.preview_button = toolbar_button(PREVIEW_TEXT, PREVIEW_NAME)
        self._previewing = False
        self.remove_button = toolbar_button("Remove", "Remove the selected rows")
        self.check_label = QLabel("Checking…", objectName="scanLabel")
        self.check_label.setAccessibleName("Checking that each piece plays")
        self.check_label.setToolTip("Checking that each piece plays to the end")
        self.setSpacing(8)
        for button in (self.add_button, self.preview_button, self.remove_button):
            self.addWidget(button)
        self.addStretch(1)
        # In the toolbar's free space, so the table does not jump while files are checked;
        # it takes only the room the buttons leave.
        self.check_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.check_label.setMinimumWidth(0)
        self.addWidget(self.check_label)

    def update_row_actions(self, selected: bool, can_preview: bool) -> None:
        """Enable Remove while rows are selected, and Preview too when there is sound.

        While a preview plays its button is Stop, whatever is selected.
        """
        self.remove_button.setEnabled(selected)
        self.preview_button.setEnabled((selected and can_preview) or self._previewing)
        if not can_preview:
            self.preview_button.setToolTip("Preview needs the sound output, which is not ready.")

    def show_previewing(self, playing: bool) -> None:
        """Show the preview button as Stop (in the theme's colour) while a preview plays."""
        self._previewing = playing
        button = self.preview_button
        # As wide as the wider of its two words, so the row does not shift as it turns.
        if not button.minimumWidth():
            widths = [button.fontMetrics().horizontalAdvance(t) for t in (PREVIEW_TEXT, STOP_TEXT)]
            button.setMinimumWidth(button.sizeHint().width() - widths[0] + max(widths))
        button.setText(STOP_TEXT if playing else PREVIEW_TEXT)
        button.setAccessibleName(STOP_NAME if playing else PREVIEW_NAME)
        button.setToolTip(STOP_NAME if playing else PREVIEW_NAME)
        button.setProperty("playing", playing)
        button.style().unpolish(button)
        button.style().polish(button)


class AddMenu(QMenu):
    """The menu behind the "+ Add" button and the dialogs its choices open.

    Args:
        button: The "+ Add" button; the menu becomes its menu (and its child).
        dialogs_over: The widget the dialogs open over.

    Signals:
        paths_chosen(list): Files, or one folder, to read and add.
        items_chosen(object, str): Ready items (a list: beats, a silence) and what was done.
    """

    paths_chosen = Signal(list)
    items_chosen = Signal(object, str)

    def __init__(self, button: QPushButton, dialogs_over: QWidget) -> None:
        super().__init__(button)
        self._dialogs_over = dialogs_over
        self.files_action = self.addAction("Music files…", self._choose_files)
        self.folder_action = self.addAction("A whole folder of music…", self._choose_folder)
        self.beats_action = self.addAction("Binaural beats…", self._choose_beats)
        self.silence_action = self.addAction("A silence…", self._choose_silence)
        button.setMenu(self)

    # The dialogs are imported on use: their classes' enums (QFileDialog's twenty, the
    # beats dialog's button box and form) stay out of start-up.

    def _choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(self._dialogs_over, "Add music", "",
                                                AUDIO_FILTER)
        self.paths_chosen.emit(files)

    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self._dialogs_over, "Add a folder of music")
        if folder:
            self.paths_chosen.emit([folder])

    def _choose_beats(self) -> None:
        from ketacompanion.ui.binaural_dialog import BinauralDialog

        dialog = BinauralDialog(10.0, self._dialogs_over)
        if dialog.exec():
            self.items_chosen.emit([dialog.segment()], "add beats")

    def _choose_silence(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        minutes, ok = QInputDialog.getDouble(self._dialogs_over, "Add silence",
                                             "Minutes of silence:", 2.0, 0.1, 60.0, 1)
        if ok:
            self.items_chosen.emit([SilenceItem(minutes * 60.0)], "add silence")

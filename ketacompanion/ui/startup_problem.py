"""What the person sees when ketacompanion cannot use its data folder at start-up.

Only imported when that happens, so QMessageBox and its enums stay out of a
normal start-up. The words are plain and calm: the person may be groggy, and
nothing has been lost.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

TITLE = "ketacompanion cannot use its data folder"
CLOSE = "Close"


def show_data_folder_problem(folder: Path, reason: str) -> None:
    """Say, in a modal message, that ``folder`` cannot be used, why, and what to do.

    Makes the QApplication if there is none yet (no window has been built).

    Args:
        folder: The data folder that could not be made or used.
        reason: Why, in plain words (see :func:`ketacompanion.paths.plain_folder_problem`).
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    box = QMessageBox()
    box.setObjectName("dataFolderProblem")
    box.setIcon(QMessageBox.Icon.Information)  # a calm word, not an alarm
    box.setWindowTitle(TITLE)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path with "<" in it is not markup
    box.setText("ketacompanion cannot use its data folder, so it cannot open just now.")
    box.setInformativeText(
        f"The folder is:\n{folder}\n\n"
        f"The reason: {reason}.\n\n"
        "Nothing has been changed. If your data is on a USB stick or another drive, "
        "plug it in and open ketacompanion again. If you chose this folder yourself, "
        "check that it is a folder you can save to.")
    close = box.addButton(CLOSE, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.exec()
    del app  # kept alive until the message is closed

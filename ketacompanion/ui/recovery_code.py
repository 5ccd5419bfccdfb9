"""The recovery code, shown once at set-up: large, legible, saved to a file or printed.

The code is the only other way into a protected journal; the page says so
plainly, and asks the person to confirm they kept it before going on.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPagedPaintDevice
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.files import atomic_write_text
from ketacompanion.ui.vault_widgets import heading, message_line

log = logging.getLogger(__name__)

LOCKED_OUT = ("If you forget your passphrase, this code is the only other way in. Without "
              "the passphrase or this code, your journal cannot be opened by anyone, "
              "not even you.")


def recovery_text(code: str, made: date) -> str:
    """What the saved file and the printed page say."""
    return (f"ketacompanion: the recovery code of your journal\n\n{code}\n\n"
            f"{LOCKED_OUT}\n\nType it where the passphrase is asked for.\n"
            f"Made on {made.isoformat()}. Keep it somewhere safe, away from the laptop.\n")


class RecoveryCodePage(QWidget):
    """The code, "Save as a file…", "Print…", and "I have kept my recovery code".

    Signals:
        finished(): The person confirmed they kept the code and pressed Done.
    """

    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryCodePage")
        self.code = ""
        self._build()

    # -- public ------------------------------------------------------------------------

    def show_code(self, code: str) -> None:
        """Show ``code`` (grouped as the keychain made it)."""
        self.code = code
        groups = code.split("-")
        half = (len(groups) + 1) // 2
        # Two rows of groups: large enough to copy without a slip, even on a small screen.
        self.code_label.setText("  ".join(groups[:half]) + "\n" + "  ".join(groups[half:]))
        self.code_label.setAccessibleName(f"Recovery code: {' '.join(code)}")

    def confirmed(self) -> bool:
        """Whether the person ticked that they kept the code."""
        return self.kept.isChecked()

    def save_to(self, path: Path) -> bool:
        """Write the code to ``path`` (0600, atomically); False with a message if it failed."""
        try:
            atomic_write_text(path, recovery_text(self.code, date.today()))
        except OSError as exc:
            log.error("recovery code file not written: %s", exc.strerror)
            self.message.setText(f"That file could not be written ({exc.strerror}). "
                                 "Please choose another place.")
            return False
        log.info("recovery code saved to a file the person chose")
        self.message.setText(f"Saved as {path.name}. Keep a copy away from this laptop, "
                             "for example on a USB stick or on paper.")
        return True

    def print_on(self, printer: QPagedPaintDevice) -> None:
        """Print the code on ``printer`` (a QPrinter: a real one or a PDF file)."""
        from PySide6.QtGui import QTextDocument  # on use: printing is rare

        doc = QTextDocument()
        body = "".join(f"<p style='font-size:14pt'>{line}</p>"
                       for line in recovery_text("", date.today()).split("\n\n")[1:] if line)
        doc.setHtml("<h2>ketacompanion: the recovery code of your journal</h2>"
                    # On one line (never broken at a dash), as large as a page's width allows.
                    "<p style='font-size:20pt; font-family:monospace; white-space:nowrap'>"
                    f"<b>{self.code}</b></p>"
                    + body)
        doc.print_(printer)
        self.message.setText("Sent to the printer.")

    # -- private -----------------------------------------------------------------------

    def _save(self) -> None:
        start = str(Path.home() / "ketacompanion recovery code.txt")
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save the recovery code", start, "Text files (*.txt);;All files (*)")
        if name:
            self.save_to(Path(name))

    def _print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # on use: rare

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the recovery code")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_on(printer)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(heading("Your recovery code"))
        intro = QLabel("Your journal is protected. Here is your recovery code. It is shown "
                       "only this once.", objectName="pageSubtitle", wordWrap=True)
        layout.addWidget(intro)
        self.code_label = QLabel(objectName="recoveryCode")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setMinimumHeight(120)
        layout.addWidget(self.code_label)
        warning = QLabel(LOCKED_OUT, objectName="cardBody", wordWrap=True)
        layout.addWidget(warning)
        row = QHBoxLayout()
        save = QPushButton("Save as a file…", objectName="secondaryButton")
        save.setAccessibleName("Save the recovery code as a file")
        save.clicked.connect(self._save)
        printing = QPushButton("Print…", objectName="secondaryButton")
        printing.setAccessibleName("Print the recovery code")
        printing.clicked.connect(self._print)
        row.addWidget(save)
        row.addWidget(printing)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = message_line("lockNote")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.kept = QCheckBox("I have kept my recovery code somewhere safe")
        self.kept.setAccessibleName("I have kept my recovery code somewhere safe")
        layout.addWidget(self.kept)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        self.done = QPushButton("Done", objectName="primary")
        self.done.setAccessibleName("Done: open the journal")
        self.done.setMinimumWidth(160)
        self.done.setEnabled(False)
        self.kept.toggled.connect(self.done.setEnabled)
        self.done.clicked.connect(self.finished)
        done_row.addWidget(self.done)
        layout.addLayout(done_row)

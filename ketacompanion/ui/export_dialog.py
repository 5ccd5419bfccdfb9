"""Export for a therapist from the Journal: which sessions, which format, which folder.

The export goes into a new folder (``Infusion journal 2026-03-05``) inside the
folder the person picks, so a document and its voice notes stay together and
nothing already there is overwritten.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ketacompanion.core.export_markdown import session_heading
from ketacompanion.core.records import JournalEntry
from ketacompanion.services.export import EmptyJournal

log = logging.getLogger(__name__)

LEAVES_THE_VAULT = ("The export leaves the protection of your passphrase: anyone who opens "
                    "these files can read them. Only your account on this laptop can open "
                    "them here; keep them somewhere safe, and delete them when done.")

#: export(session_ids, folder, fmt) -> the document written
Exporter = Callable[[list[int], Path, str], Path]


class ExportDialog(QDialog):
    """Choose sessions (all ticked), PDF or Markdown, and a folder; then export.

    Args:
        entries: The sessions that can be exported, newest first.
        export: Writes the export (see :data:`Exporter`).
        folder: Where the folder chooser starts (Documents when None).
        protected: The journal is under a passphrase: say plainly that the export is not.
    """

    exported = Signal(Path)

    def __init__(self, entries: Sequence[JournalEntry], export: Exporter,
                 folder: Path | None = None, parent: QWidget | None = None,
                 protected: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export for my therapist")
        self.setMinimumSize(600, 560)
        self._export = export
        self.folder = folder or _documents()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addWidget(QLabel("Export for my therapist", objectName="cardTitle"))
        hint = QLabel("Your notes go into one new folder, with copies of your voice notes. "
                      "Nothing is sent anywhere.", objectName="cardBody")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.vault_line = QLabel(LEAVES_THE_VAULT if protected else "", objectName="cardBody")
        self.vault_line.setWordWrap(True)
        self.vault_line.setVisible(protected)
        layout.addWidget(self.vault_line)
        self._all = QCheckBox("All sessions")
        self._all.setAccessibleName("Export all sessions")
        self._all.setChecked(True)
        self._all.toggled.connect(self._tick_all)
        layout.addWidget(self._all)
        self.sessions = QListWidget(objectName="exportSessions")
        self.sessions.setAccessibleName("Sessions to export")
        for entry in entries:
            item = QListWidgetItem(session_heading(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry.session_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.sessions.addItem(item)
        self.sessions.itemChanged.connect(self._update)
        layout.addWidget(self.sessions, 1)
        layout.addLayout(self._format_row())
        layout.addLayout(self._folder_row())
        self._message = QLabel(objectName="noteMessage")
        self._message.setWordWrap(True)
        layout.addWidget(self._message)
        layout.addLayout(self._buttons())
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._update()

    def chosen(self) -> list[int]:
        """Ids of the ticked sessions, in list order."""
        items = (self.sessions.item(i) for i in range(self.sessions.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items
                if i.checkState() is Qt.CheckState.Checked]

    def fmt(self) -> str:
        """``pdf`` or ``md``."""
        return "pdf" if self._pdf.isChecked() else "md"

    def run_export(self) -> Path | None:
        """Export the ticked sessions into a new folder in :attr:`folder`."""
        target = _new_folder(self.folder)
        try:
            document = self._export(self.chosen(), target, self.fmt())
        except EmptyJournal:
            self._message.setText("Tick at least one session to export.")
            return None
        except OSError as exc:
            log.error("export failed: %s", exc)
            self._message.setText(f"That folder could not be written to ({exc.strerror or exc}). "
                                  "Please choose another folder.")
            return None
        self.exported.emit(document)
        self.accept()
        return document

    # -- building ----------------------------------------------------------------------

    def _format_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._pdf = QRadioButton("A document to read (PDF)")
        self._pdf.setAccessibleName("Export as PDF")
        self._pdf.setChecked(True)
        markdown = QRadioButton("Plain text (Markdown)")
        markdown.setAccessibleName("Export as Markdown")
        group = QButtonGroup(self)
        group.addButton(self._pdf)
        group.addButton(markdown)
        row.addWidget(self._pdf)
        row.addWidget(markdown)
        row.addStretch(1)
        return row

    def _folder_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._folder_label = QLabel(objectName="cardBody")
        self._folder_label.setWordWrap(True)
        self._folder_label.setTextFormat(Qt.TextFormat.PlainText)
        choose = QPushButton("Choose folder…")
        choose.setAccessibleName("Choose the folder to export into")
        choose.clicked.connect(self._choose_folder)
        row.addWidget(self._folder_label, 1)
        row.addWidget(choose)
        return row

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel the export")
        cancel.clicked.connect(self.reject)
        self._go = QPushButton("Export", objectName="primary")
        self._go.setAccessibleName("Export now")
        self._go.setDefault(True)
        self._go.clicked.connect(self.run_export)
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self._go)
        return row

    # -- behaviour ---------------------------------------------------------------------

    def _tick_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for index in range(self.sessions.count()):
            self.sessions.item(index).setCheckState(state)

    def _update(self, *_args: object) -> None:
        count, total = len(self.chosen()), self.sessions.count()
        self._all.blockSignals(True)
        self._all.setChecked(count == total)
        self._all.blockSignals(False)
        self._go.setEnabled(count > 0)
        self._folder_label.setText(f"Into a new folder in {self.folder}")

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export into which folder?",
                                                  str(self.folder))
        if chosen:
            self.folder = Path(chosen)
            self._update()


def _documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def _new_folder(parent: Path) -> Path:
    """``parent/Infusion journal YYYY-MM-DD``, numbered if it exists already."""
    base = parent / f"Infusion journal {date.today().isoformat()}"
    candidate, number = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name} ({number})")
        number += 1
    return candidate

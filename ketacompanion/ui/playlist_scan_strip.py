"""The editor's scan-progress strip: a sentence, a bar and Stop while files are read.

It follows the editor's tag scanner (progress, then what came of it) and also shows other
slow work the page starts, such as looking for moved music.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar

from ketacompanion.ui.tag_scanner import ScanResult, TagScanner
from ketacompanion.ui.widgets import toolbar_button


class ScanStrip(QHBoxLayout):
    """A row with what is going on, a bar and a Stop button; hidden while nothing is.

    Its widgets have no parent until the strip is put in the editor's layout (it
    inherits that layout's spacing there, as a plain nested row would).

    Args:
        scanner: The editor's tag scanner, followed from start to finish.

    Signals:
        read(object, str): Items the scanner read (a list), to insert, and what was done.
        message(str): A short sentence for the notice bar.
    """

    read = Signal(object, str)  # list of items, what was done
    message = Signal(str)

    def __init__(self, scanner: TagScanner) -> None:
        super().__init__()
        self._scanner = scanner
        self.progress = QProgressBar(objectName="scanProgress")
        self.progress.setAccessibleName("Reading music files")
        self.progress_label = QLabel(objectName="scanLabel")
        self.cancel_button = toolbar_button("Stop", "Stop adding files")
        self._stop_activity: Callable[[], None] = scanner.cancel
        self.addWidget(self.progress_label)
        self.addWidget(self.progress, 1)
        self.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(lambda: self._stop_activity())
        scanner.progress.connect(self._progress)
        scanner.finished.connect(self._scanned)

    def show_activity(self, text: str | None, stop: Callable[[], None] | None = None) -> None:
        """Show ``text`` with a moving bar and a Stop button that calls ``stop``; None hides.

        Without ``stop``, Stop cancels the scanner.
        """
        if text is None:
            self._show(False)
            return
        self._stop_activity = stop or self._scanner.cancel
        self.progress.setRange(0, 0)
        self.progress_label.setText(text)
        self._show(True)

    def _show(self, visible: bool) -> None:
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.setVisible(visible)

    def _progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress_label.setText(f"Reading {done:,} of {total:,} files…")

    def _scanned(self, result: ScanResult) -> None:
        self._show(False)
        if result.cancelled:
            self.message.emit("Stopped. Nothing was added.")
            return
        count = len(result.items)
        if count:
            self.read.emit(result.items, f"add {count} file{'s' if count > 1 else ''}")
        if result.skipped:
            name, reason = result.skipped[0]
            more = len(result.skipped) - 1
            extra = f" (and {more} more)" if more else ""
            self.message.emit(f"Not added: {name}{extra}: {reason.rstrip('.')}.")
        elif not count:
            self.message.emit("No music files were found there.")

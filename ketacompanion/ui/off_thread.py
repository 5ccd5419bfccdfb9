"""One slow job at a time off the UI thread (Argon2 takes about half a second).

The job runs on Qt's thread pool; its answer comes back on the UI thread as a
signal, so the window keeps painting and a calm busy line can say what happens.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal


class OffThread(QObject):
    """Runs a job on the thread pool and hands its result or its error back.

    Signals:
        done(object): The job's result.
        failed(object): The exception the job raised.
    """

    done = Signal(object)
    failed = Signal(object)
    _finished = Signal(object, object)  # emitted on the pool's thread, queued to ours

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._finished.connect(self._deliver)

    def busy(self) -> bool:
        """Whether a job is running."""
        return self._busy

    def start(self, job: Callable[[], object]) -> bool:
        """Run ``job`` off the UI thread; False (and nothing run) if one is running."""
        if self._busy:
            return False
        self._busy = True

        def run() -> None:
            try:
                result = job()
            except Exception as exc:
                self._finished.emit(None, exc)
            else:
                self._finished.emit(result, None)

        self._pool.start(run)
        return True

    def wait(self, ms: int = -1) -> bool:
        """Wait for the running job to end (closing, tests); False on timeout."""
        return self._pool.waitForDone(ms)

    def _deliver(self, result: object, error: object) -> None:
        self._busy = False
        if error is not None:
            self.failed.emit(error)
        else:
            self.done.emit(result)

"""Test-wide environment: offscreen Qt, no real sound card, no real home.

Set at import time, before any test module imports PySide6 or pygame, so that
nothing in the suite can reach the user's home, display or sound card.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from tool_programs import TOOL_PACKAGES

_SANDBOX = Path(tempfile.mkdtemp(prefix="ketacompanion-tests-"))
for _name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(_SANDBOX / _name.lower())
    Path(os.environ[_name]).mkdir(parents=True, exist_ok=True)
os.environ["XDG_RUNTIME_DIR"] = str(_SANDBOX / "runtime")
Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
# A hung test must stay killable: SDL would otherwise swallow SIGTERM.
os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
os.environ.pop("KETACOMPANION_HOME", None)
# No D-Bus session bus from the developer's desktop leaks into tests.
os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, not yet created data folder under the test's temp dir."""
    return tmp_path / "data"


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``needs`` mark."""
    config.addinivalue_line(
        "markers", "needs(*programs): skip, saying which, when a program is not installed")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip tests marked ``@pytest.mark.needs("sox")`` where sox is missing, saying so.

    Decided before any fixture runs, so a fixture that runs the program (the
    recorder's speech) is never reached: the test says "needs espeak-ng" at its own
    line rather than failing on a FileNotFoundError far from the cause.
    """
    found: dict[str, bool] = {}
    for item in items:
        programs = dict.fromkeys(name for mark in item.iter_markers("needs")
                                 for name in mark.args)
        missing = [name for name in programs
                   if not found.setdefault(name, shutil.which(name) is not None)]
        if missing:
            packages = sorted({TOOL_PACKAGES.get(name, name) for name in missing})
            item.add_marker(pytest.mark.skip(
                reason=f"needs {', '.join(missing)} (Debian package {', '.join(packages)})"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Delete the widgets a test closed before the next test starts.

    pytest-qt closes each test's widgets with ``deleteLater()``, and outside an event
    loop nothing runs it: a page lived on, hidden, into later tests and was freed in
    whichever one first ran the deferred deletes. If that test had cleared the app's
    style sheet and set one again, Qt no longer heard the page's widgets die (see
    ``tests/ui/test_widget_lifetimes.py``) and the next theme change polished a freed
    QScrollBar: a SIGSEGV in a test that had nothing to do with the page.
    """
    try:
        return (yield)
    finally:  # after pytest-qt's own teardown (trylast) has closed the widgets
        qt_widgets = sys.modules.get("PySide6.QtWidgets")  # never import Qt for a plain test
        if qt_widgets is not None and qt_widgets.QApplication.instance() is not None:
            from PySide6.QtCore import QEvent

            qt_widgets.QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session", autouse=True)
def _one_speech_engine() -> Iterator[None]:
    """The app's default engine is loaded once for the whole run (tiny.en takes a second).

    Only ``SpeechEngine.load()`` without arguments is shared; a test that passes a
    model folder loads (and checks) that one for real.
    """
    from ketacompanion.services.speech_engine import SpeechEngine

    real = SpeechEngine.load.__func__  # type: ignore[attr-defined]
    loaded: list[SpeechEngine] = []

    def load(cls, model_dir=None, threads=None):
        if model_dir is not None or threads is not None:
            return real(cls, model_dir, threads)
        if not loaded:
            loaded.append(real(cls))
        return loaded[0]

    SpeechEngine.load = classmethod(load)  # type: ignore[method-assign]
    yield
    SpeechEngine.load = classmethod(real)  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def speech_engine():
    """The real tiny.en engine, loaded (and its files checked) once for the whole run."""
    from ketacompanion.services.speech_engine import SpeechEngine, unavailable

    problem = unavailable()
    if problem:
        pytest.fail(f"the speech engine is part of the test extra: {problem}")
    return SpeechEngine.load()

"""No widget of one test lives on into the next (tests/conftest.py deletes them at teardown).

The suite crashed (SIGSEGV) when ``test_stop_preview_never_stops_a_sessions_music`` ran
before ``test_finish_look.py``. The preview test's Prepare page, closed by pytest-qt
with ``deleteLater()``, waited undeleted through the next tests, because outside an
event loop nothing runs deferred deletes. Meanwhile a theme fixture cleared the app's
style sheet and a Companion set it again. Qt connects a widget's ``destroyed`` to its
style sheet caches only once (when it first marks it WA_StyleSheet), and clearing the
sheet deletes those caches with the connection: so when Companion.close() finally
freed the page, the new caches kept its widgets, and the next theme change polished a
freed QScrollBar (valgrind: "Invalid read ... inside a block of size 736 free'd" by
``QScrollBar::~QScrollBar``, read from ``QApplication::setStyleSheet``).

The app never clears its style sheet (apply_theme keeps the current look when a
theme's file is missing, unreadable or empty), so only tests were open to this; the
two tests below replay it in a child pytest, in that order, with freed memory
scribbled over so that reading it crashes every time rather than now and then.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ketacompanion.paths import assets_dir
from ketacompanion.ui.theme import apply_theme

TESTS = Path(__file__).resolve().parents[1]

PAIR = '''
import shiboken6
from pathlib import Path
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ketacompanion.ui.theme import apply_theme

THEMES = Path({themes!r})
kept = []  # as the Prepare page's own connections kept it: a reference outliving its test


def test_a_page_closed_by_its_test(qtbot, qapp):
    page = QWidget()
    QLabel("words", page)
    qtbot.addWidget(page)  # closed and deleteLater()-ed by pytest-qt at teardown
    kept.append(page)
    assert apply_theme(qapp, THEMES, "dark")
    qapp.setStyleSheet("")  # as the theme fixtures do at their teardown


def test_the_next_test_changes_the_theme(qapp):
    assert not shiboken6.isValid(kept[0]), "the last test's page is still alive"
    assert apply_theme(qapp, THEMES, "dark")  # a Companion's build
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # Companion.close()
    assert apply_theme(qapp, THEMES, "dawn")  # the next theme change
'''


def test_a_tests_closed_widgets_are_gone_before_the_next_test_changes_the_theme(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_pair.py").write_text(
        PAIR.format(themes=str(assets_dir() / "themes")), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get(
        "PYTHONPATH", "")]), MALLOC_PERTURB_="165")  # freed memory reads as garbage
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p", "no:randomly",
         "-p", "no:cacheprovider", "test_pair.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "2 passed" in run.stdout


def test_an_empty_theme_file_keeps_the_look_instead_of_clearing_the_style_sheet(
    qapp, tmp_path: Path
) -> None:
    themes = assets_dir() / "themes"
    assert apply_theme(qapp, themes, "dark")
    shown = qapp.styleSheet()
    (tmp_path / "dawn.qss").write_text("  \n", encoding="utf-8")  # emptied on disk
    try:
        assert not apply_theme(qapp, tmp_path, "dawn")
        assert qapp.styleSheet() == shown
    finally:
        qapp.setStyleSheet("")

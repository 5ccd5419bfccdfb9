"""The mood chart paints from a cached picture, and a long series still shows its points."""

from __future__ import annotations

import tracemalloc

import pytest
from PySide6.QtGui import QColor, QPalette

from ketacompanion.core.series import MoodPoint
from ketacompanion.ui.series_chart import SeriesChart
from tests.builders import add_session

THEMES = {"night": ("#1b1f28", "#dfe3ea"), "dawn": ("#fbf8f2", "#2d2a25")}
LEFT, RIGHT, TOP, BOTTOM = 34, 16, 12, 26  # the chart's own margins


@pytest.fixture(autouse=True)
def _no_app_style_sheet(qapp):
    """The palette set here is what is drawn: no theme left behind by another test."""
    kept = qapp.styleSheet()
    qapp.setStyleSheet("")
    yield
    qapp.setStyleSheet(kept)


def _chart(qtbot, theme: str = "night") -> SeriesChart:
    paper, ink = (QColor(c) for c in THEMES[theme])
    chart = SeriesChart()
    qtbot.addWidget(chart)
    palette = chart.palette()
    palette.setColor(QPalette.ColorRole.Window, paper)
    palette.setColor(QPalette.ColorRole.WindowText, ink)
    chart.setPalette(palette)
    chart.setAutoFillBackground(True)
    chart.resize(640, 200)
    return chart


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def test_a_plain_repaint_copies_the_picture_and_new_data_or_size_draw_it_again(qtbot):
    chart = _chart(qtbot)
    chart.set_points([MoodPoint(n, 3, 6) for n in range(1, 7)])
    chart.show()
    qtbot.waitUntil(lambda: chart.renders == 1, timeout=2000)  # its first paint
    drawn = chart.renders
    for _ in range(5):
        chart.repaint()
    chart.set_points([MoodPoint(n, 3, 6) for n in range(1, 7)])  # the same points
    chart.repaint()
    assert chart.renders == drawn
    chart.set_points([MoodPoint(n, 3, 7) for n in range(1, 7)])
    chart.repaint()
    assert chart.renders == drawn + 1
    chart.resize(700, 200)
    chart.repaint()
    assert chart.renders == drawn + 2
    palette = chart.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#2d2a25"))
    chart.setPalette(palette)  # the other theme's ink
    chart.repaint()
    assert chart.renders == drawn + 3


@pytest.mark.parametrize("theme", list(THEMES))
def test_each_session_is_drawn_where_its_mood_is_in_both_themes(qtbot, theme):
    paper, ink = (QColor(c) for c in THEMES[theme])
    chart = _chart(qtbot, theme)
    moods = [(2, 7), (5, 4), (1, 9)]
    chart.set_points([MoodPoint(n, b, a) for n, (b, a) in enumerate(moods, 1)])
    image = chart.grab().toImage()
    height = chart.height() - TOP - BOTTOM
    for index, (_before, after) in enumerate(moods):
        x = LEFT + 64 * (index + 0.5)
        y = TOP + height - height * after / 10
        assert _distance(image.pixelColor(round(x), round(y)), ink) < 60, (index, after)
    assert _distance(image.pixelColor(LEFT + 64 * 4, TOP + 4), paper) < 60  # nothing else


@pytest.mark.parametrize("theme", list(THEMES))
def test_ten_thousand_sessions_share_places_and_every_place_shows_its_mood(qtbot, theme):
    paper, ink = (QColor(c) for c in THEMES[theme])
    chart = _chart(qtbot, theme)
    # The first half felt 8 after, the second half 3: the averages say so.
    chart.set_points([MoodPoint(n, 2, 8 if n <= 5000 else 3) for n in range(1, 10001)])
    image = chart.grab().toImage()
    width, height = chart.width() - LEFT - RIGHT, chart.height() - TOP - BOTTOM
    places = int(width / 6)
    slot = width / places
    inked = 0
    for k in range(places):
        x = round(LEFT + slot * (k + 0.5))
        after = 8 if k < places // 2 - 1 else 3 if k > places // 2 else None
        if after is None:
            continue
        y = round(TOP + height - height * after / 10)
        inked += _distance(image.pixelColor(x, y), ink) < 150
    assert inked >= places - 8  # every place has its dot, bar antialiasing at the edges
    assert "10000 sessions" in chart.accessibleDescription()
    assert len(chart.accessibleDescription()) < 2000  # summed up, not 10,000 sentences
    assert _distance(image.pixelColor(LEFT + width // 4, TOP + height // 20), paper) < 100


def test_showing_the_journal_again_does_not_draw_the_chart_again(qtbot, companion):
    for day in range(1, 6):
        add_session(companion.database, f"2026-03-{day:02d}T09:00:00Z", mood_before=3,
                    mood_after=6)
    page = companion.notes.journal_page
    companion.window.show()
    companion.window.show_page("journal")
    qtbot.waitUntil(lambda: page.chart.renders == 1, timeout=2000)
    page.refresh()
    page.chart.repaint()
    assert page.chart.renders == 1
    companion.notes.journal.set_mood_after(1, 9)
    page.refresh()
    page.chart.repaint()
    assert page.chart.renders == 2
    assert page.chart.points[0].after == 9


def test_the_journal_keeps_a_long_series_compactly(qtbot, tmp_path, monkeypatch):
    # 10,000 sessions were kept as 10,000 Python objects (and read as 10,000 tuples
    # first): about a megabyte, which Python then could not give back. The summary
    # and the chart's places then made a MoodPoint per session, twice, at every show:
    # 20,000 objects and about 30 ms before the Journal's first frame.
    from ketacompanion.core.series import MoodSeries
    from ketacompanion.storage.database import Database
    from ketacompanion.storage.journal import JournalRepository
    from ketacompanion.ui.journal_page import JournalPage
    from tests.builders import add_session

    db = Database.open(tmp_path / "k.sqlite3")
    db.connection.execute("PRAGMA synchronous=OFF")  # test data only: no fsync per session
    for n in range(10000):
        add_session(db, f"{2000 + n // 336:04d}-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}T09:00:00Z",
                    mood_before=n % 11, mood_after=None if n % 7 == 0 else 10 - n % 11)
    page = JournalPage(JournalRepository(db, tmp_path), lambda: None, lambda _sid: None)
    qtbot.addWidget(page)
    page.resize(1000, 1400)
    made = []
    real = MoodSeries._point
    monkeypatch.setattr(MoodSeries, "_point", lambda self, i: made.append(i) or real(self, i))
    tracemalloc.start()
    page.refresh()
    page.chart.grab()  # its first picture: the places are fitted to its width
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert page.chart.renders == 1
    assert len(made) <= 30  # the latest few, told to a screen reader; none per session
    assert page._summary.text().startswith("10000 sessions")
    points = page.chart.points
    assert len(points) == 10000 and points[7] == MoodPoint(8, 7, None)
    assert kept < 250_000, kept  # the series and ten cards, not a megabyte of points
    assert peak < 600_000, peak  # nor read all at once
    db.close()

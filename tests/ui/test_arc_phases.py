"""The arc's phases on Prepare's timeline and the Session page, and the arc the person chose."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

from ketacompanion.core.arcs import ARCS, phase_spans
from ketacompanion.core.fitting import fit
from ketacompanion.core.models import (
    BinauralSegment,
    FileItem,
    FreshPiano,
    Playlist,
)
from ketacompanion.core.session_clock import FakeClock
from ketacompanion.services.keep_awake import KeepAwake
from ketacompanion.services.session import SessionService
from ketacompanion.settings import user_settings
from ketacompanion.storage.database import Database
from ketacompanion.storage.playlists import PlaylistRepository
from ketacompanion.storage.sessions import SessionRepository
from ketacompanion.ui.arc_strip import ArcStrip
from ketacompanion.ui.fit_timeline import FitTimeline
from ketacompanion.ui.playlist_model import PlaylistTableModel
from ketacompanion.ui.session_page import SessionPage
from tests.fake_player import FakePlayer
from tests.ui.calm_rig import OFFSCREEN_MARKS

pytestmark = OFFSCREEN_MARKS


def fresh(minutes: int) -> Playlist:
    return Playlist(f"Fresh piano {minutes}", [FreshPiano(minutes * 60.0)], target_minutes=minutes)


@pytest.mark.parametrize("minutes", [40, 45, 60])
@pytest.mark.parametrize("arc", list(ARCS))
def test_the_timeline_band_lies_where_phase_spans_says(qtbot, minutes, arc):
    timeline = FitTimeline()
    qtbot.addWidget(timeline)
    timeline.arc_source = lambda: arc
    timeline.resize(801, 80)
    playlist = fresh(minutes)
    timeline.set_plan(playlist.items, fit(playlist, minutes))
    [(spans, rects)] = timeline.phases()
    assert spans == phase_spans(arc, minutes * 60.0)
    scale = (801 - 2) / (minutes * 60.0)  # the bar spans the session: the piano fills it
    for span, rect in zip(spans, rects, strict=True):
        assert rect.left() == pytest.approx(1 + span.start_s * scale, abs=0.01)
        assert rect.width() == pytest.approx((span.end_s - span.start_s) * scale, abs=0.01)
    assert rects[-1].right() == pytest.approx(800, abs=0.01)
    # The band is painted there: the plateau (deepest) is darker on Night's track than the settle.
    timeline.grab()  # paints without raising
    image = timeline.grab().toImage()
    y = int(rects[0].center().y())
    settle = QColor(image.pixel(int(rects[0].left()) + 3, y))
    plateau = QColor(image.pixel(int(rects[2].left()) + 3, y))
    assert plateau.alpha() > 0 and plateau != settle


def test_no_band_for_music_that_does_not_follow_the_arc(qtbot, tmp_path):
    timeline = FitTimeline()
    qtbot.addWidget(timeline)
    own = Playlist("Mine", [FileItem(str(tmp_path / "a.flac"), duration_s=2700.0)],
                   target_minutes=45)
    timeline.set_plan(own.items, fit(own, 45))
    bare = timeline.sizeHint().height()
    assert timeline.phases() == []
    timeline.set_plan(fresh(45).items, fit(fresh(45), 45))
    assert timeline.sizeHint().height() > bare  # room for the band only under fresh piano


@pytest.mark.parametrize("minutes", [40, 45, 60])
def test_the_session_strip_lies_where_phase_spans_says(qtbot, minutes):
    strip = ArcStrip()
    qtbot.addWidget(strip)
    strip.resize(600, strip.sizeHint().height())
    strip.set_arc("gentle", minutes)
    rects = strip.phase_rects()
    for span, rect in zip(phase_spans("gentle", minutes * 60.0), rects, strict=True):
        assert rect.left() == pytest.approx(span.start_s * 600 / (minutes * 60.0), abs=0.01)
        assert rect.right() == pytest.approx(span.end_s * 600 / (minutes * 60.0), abs=0.01)
    assert "Plateau to" in strip.accessibleName()
    strip.grab()


def test_fresh_piano_rows_say_what_they_are(qtbot):
    model = PlaylistTableModel()
    model.set_items([FreshPiano(45 * 60.0)])
    row = [model.data(model.index(0, c), Qt.ItemDataRole.DisplayRole) for c in range(4)]
    assert row == ["Fresh piano", "", "Piano", "45 min"]


def test_the_arc_chosen_is_kept_and_the_session_plays_it(qtbot, tmp_path):
    database = Database.open(tmp_path / "j.sqlite")
    settings = user_settings(tmp_path / "settings.json")
    clock, player = FakeClock(), FakePlayer()
    keep = KeepAwake("none", which=lambda _n: None)
    repo = SessionRepository(database)
    service = SessionService(repo, lambda: player, keep, clock)
    shelf = PlaylistRepository(database)
    beats = shelf.add(Playlist("Theta", [BinauralSegment(180, 6, 2700)], target_minutes=45))
    piano = shelf.add(fresh(60))
    page = SessionPage(service, shelf, settings, clock, keep,
                       audio_opens=lambda: True, check_items=lambda items, stop: [])
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    choice = page.form.arc_choice
    try:
        page.choose_playlist(beats.id)
        assert not choice.isVisible()  # the beats do not follow the arc: no phases shown
        page.choose_playlist(piano.id)
        assert choice.isVisible() and choice.arc == "classic"
        assert choice.strip.spans() == phase_spans("classic", 60 * 60.0)
        [long] = [b for b in choice.findChildren(QPushButton) if b.text() == "Long plateau"]
        long.click()
        assert user_settings(tmp_path / "settings.json").get("arc") == "long-plateau"  # kept
        assert choice.strip.spans() == phase_spans("long-plateau", 60 * 60.0)
        # A shorter infusion ends the 60-minute piano early: its arc is not squeezed to
        # fit, it is drawn where it plays and its close lies past the session's end.
        page.form.length_chosen.emit(50)
        assert choice.strip.spans() == phase_spans("long-plateau", 60 * 60.0)
        width = choice.strip.width()
        assert choice.strip.phase_rects()[-1].right() == pytest.approx(width * 60 / 50)
        assert choice.strip.phase_rects()[2].right() == pytest.approx(
            width * phase_spans("long-plateau", 3600.0)[2].end_s / 3000)
        page.start()
        raw = database.connection.execute(
            "SELECT plan_json FROM sessions WHERE id = ?", (service.session_id,)).fetchone()
        assert json.loads(raw[0])["piano"]["arc"] == "long-plateau"
        assert repo.get(service.session_id).piano.arc == "long-plateau"
    finally:
        service.shutdown()
        if page.calm is not None:
            page.calm.hide()
            page.calm.deleteLater()
        database.close()


def test_beats_that_follow_the_arc_get_the_band_too(qtbot):
    timeline = FitTimeline()
    qtbot.addWidget(timeline)
    timeline.resize(601, 80)
    beats = Playlist("Arc beats", [BinauralSegment(180, 10, 2400, to_beat_hz=4, arc="gentle")],
                     target_minutes=40)
    timeline.arc_source = lambda: "gentle"
    timeline.set_plan(beats.items, fit(beats, 40))
    [(spans, _rects)] = timeline.phases()
    assert spans == phase_spans("gentle", 2400.0)
    timeline.grab()

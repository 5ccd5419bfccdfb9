"""Closing the app stops its player: nothing goes on driving SDL's one mixer after it."""

from __future__ import annotations

from pathlib import Path

import pygame
from PySide6.QtWidgets import QApplication

from ketacompanion.app import build
from ketacompanion.audio.player_core import PlayerState
from ketacompanion.core.models import BinauralSegment


def test_closing_the_app_stops_the_preview_and_releases_the_mixer(
        qtbot, monkeypatch, tmp_path: Path, data_dir: Path):
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(tmp_path / "out.raw"))
    built = build(QApplication.instance(), data_dir)
    try:
        built.previewer.preview(BinauralSegment(200, 6, 60))
        player = built.previewer.player()
        qtbot.waitUntil(lambda: player.state is PlayerState.PLAYING, timeout=5000)
    finally:
        built.close()
    # Left polling, a closed app's player fed the next app's mixer and, seeing its own
    # chunk never start, closed the mixer under a voice note being recorded.
    assert player.state is PlayerState.STOPPED
    assert pygame.mixer.get_init() is None

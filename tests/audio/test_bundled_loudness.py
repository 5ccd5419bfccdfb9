"""The bundled piano pieces' loudness ships with them, so a new install plays them right at once.

``assets/audio/loudness.json`` (made by tools/measure_bundled_loudness.py) is
checked against a new BS.1770 measurement of every piece, and a brand-new install
(an empty database, the app's own LazyLevels) plays a bundled piece at its
measured gain from the first sample: through SDL's disk driver, the first seconds
are as loud as the same piece's gain says, not 9 dB under and gliding up.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from pytestqt.qtbot import QtBot

from ketacompanion.audio.analysis import sounding_span
from ketacompanion.audio.loudness_meter import measure_file
from ketacompanion.audio.mix_timeline import MixerSettings
from ketacompanion.audio.player import PlayerService
from ketacompanion.audio.player_core import PlayerSettings
from ketacompanion.core.loudness import DEFAULT_GAIN, Loudness, gain_for
from ketacompanion.core.models import FileItem, Playlist
from ketacompanion.lazy_audio import LazyLevels
from ketacompanion.paths import assets_dir
from ketacompanion.services.loudness import BUNDLED_LOUDNESS_FILE, LoudnessLevels, bundled_loudness
from ketacompanion.storage.database import Database
from ketacompanion.storage.ready_made import bundled_piano

AUDIO = assets_dir() / "audio"
SR = 44100


def test_the_shipped_loudness_is_what_the_pieces_measure() -> None:
    shipped = json.loads((AUDIO / BUNDLED_LOUDNESS_FILE).read_text(encoding="utf-8"))
    pieces = sorted(p.name for p in AUDIO.glob("*.ogg"))
    assert sorted(shipped) == pieces and pieces  # every piece, nothing else
    for name in pieces:
        measured = measure_file(str(AUDIO / name))
        assert measured is not None
        assert shipped[name]["lufs"] == pytest.approx(measured.lufs, abs=0.05), name
        assert shipped[name]["true_peak"] == pytest.approx(measured.true_peak, rel=0.01), name
        assert shipped[name]["size"] == (AUDIO / name).stat().st_size, name


def test_a_new_install_knows_every_bundled_piece_and_measures_none(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    Database.open(database).close()
    lazy = LazyLevels(database)  # the app's own wiring
    levels = lazy.get()
    pieces = bundled_piano(AUDIO)  # the items the ready-made playlists hold
    assert len(pieces) == 3
    known = bundled_loudness(AUDIO)
    for piece in pieces:
        assert levels.is_measured(piece.path)
        assert levels.gain_of(piece) == pytest.approx(gain_for(known[piece.path][1]))
        assert levels.gain_of(piece) > 1.2  # the quiet piano is lifted, not held at -9 dB
    levels.request(pieces)
    assert levels.wait_idle(10)
    assert levels.measured == 0  # nothing to measure in the background
    lazy.close()


def test_a_replaced_or_missing_piece_and_a_damaged_list_fall_back_to_measuring(
        tmp_path: Path) -> None:
    audio = tmp_path / "audio"
    audio.mkdir()
    t = np.arange(SR) / SR
    tone = 0.1 * np.sin(2 * np.pi * 440 * t)
    soundfile.write(audio / "a.ogg", np.column_stack([tone, tone]), SR)
    entry = {"size": 1, "lufs": -20.0, "true_peak": 0.5}  # not a.ogg's size: replaced
    (audio / BUNDLED_LOUDNESS_FILE).write_text(json.dumps({"a.ogg": entry, "gone.ogg": entry}))
    database = tmp_path / "db.sqlite3"
    Database.open(database).close()
    levels = LoudnessLevels(database, lambda p, stop: measure_file(p, stop),
                            known=bundled_loudness(audio))
    assert not levels.is_measured(str(audio / "a.ogg"))
    levels.request([FileItem(str(audio / "a.ogg"))])
    assert levels.wait_idle(30) and levels.measured == 1
    levels.close()
    (audio / BUNDLED_LOUDNESS_FILE).write_text("{not json")
    assert bundled_loudness(audio) == {}
    (audio / BUNDLED_LOUDNESS_FILE).write_text(json.dumps({"a.ogg": {"lufs": "loud"}}))
    assert bundled_loudness(audio) == {}


def test_the_first_seconds_of_a_new_install_play_at_the_pieces_level(
        qtbot: QtBot, disk_output: Any, tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    Database.open(database).close()
    lazy = LazyLevels(database)
    levels = lazy.get()
    piece = bundled_piano(AUDIO)[0]
    player = PlayerService(settings=PlayerSettings(
        mixer=MixerSettings(crossfade_s=0, fade_in_s=0.2, volume_ramp_s=0.1)))
    player.set_item_gains(levels.gain_of, levels.request)
    player.load(Playlist("piano", [piece]))
    player.play()
    disk_output.wait_sounding(qtbot, 4.0)
    player.stop(0.05)
    player.shutdown()
    lazy.close()

    left = disk_output.frames()[:, 0]
    start, _end = sounding_span(np.abs(left), 0)
    played = left[start : start + int(4.0 * SR)]
    source, _rate = soundfile.read(piece.path, frames=int(6 * SR), dtype="float32")
    # The same stretch of the file (both from their first sound; the fade-in is over by 0.5 s).
    first = int(np.flatnonzero(np.abs(source[:, 0]) > 0)[0])
    body = played[int(0.5 * SR) : int(3.5 * SR)]
    original = source[first + int(0.5 * SR) : first + int(3.5 * SR), 0]
    heard_db = 20 * math.log10(np.sqrt(np.mean(body**2)) / np.sqrt(np.mean(original**2)))
    known: Loudness = bundled_loudness(AUDIO)[piece.path][1]
    assert heard_db == pytest.approx(20 * math.log10(gain_for(known)), abs=0.5)
    assert heard_db > 20 * math.log10(DEFAULT_GAIN) + 6  # not at the unmeasured default

"""The mix, sample by sample and without a sound card: crossfades, gapless joins, fades."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from ketacompanion.audio.analysis import (
    frequency,
    max_step,
    rms_envelope,
    sounding_span,
    tone_amplitude,
)
from ketacompanion.audio.mix_timeline import ChunkInfo, MixerSettings, locate
from ketacompanion.audio.mixer import Mixer
from ketacompanion.core.binaural import db_to_gain
from ketacompanion.core.fitting import bed_for, fit
from ketacompanion.core.models import (
    BinauralSegment,
    EndBehaviour,
    FileItem,
    NoiseColour,
    Playlist,
    SilenceItem,
)
from ketacompanion.core.timeline import content_end, item_starts

SR = 44100


def run(mixer: Mixer, chunk: int = 4410, limit_s: float = 60) -> tuple[np.ndarray, list[ChunkInfo]]:
    outs, infos = [], []
    for _ in range(int(limit_s * SR / chunk)):
        out, info = mixer.render(chunk)
        outs.append(out)
        infos.append(info)
        if info.finished:
            break
    return np.concatenate(outs), infos


def test_gapless_files_join_without_a_gap(media: dict[str, Path]) -> None:
    mixer = Mixer(MixerSettings(crossfade_s=0, fade_in_s=0))
    mixer.load([FileItem(str(media["a.wav"])), FileItem(str(media["b.flac"]))])
    mixer.start()
    out, infos = run(mixer, 3000)
    start, end = sounding_span(out[:, 0], 0)
    assert end - start == pytest.approx(4 * SR, abs=2)
    # The join: the first file ends and the second starts at the very next sample.
    joint = 2 * SR
    a = tone_amplitude(out[: joint, 0], 330.0, SR)
    b = tone_amplitude(out[joint:, 0], 550.0, SR)
    assert a[-1] > 0.45 and b[0] > 0.45
    assert [i.index for i in infos][0] == 0 and infos[-1].finished


def test_crossfade_overlaps_by_the_setting(media: dict[str, Path]) -> None:
    mixer = Mixer(MixerSettings(crossfade_s=1.0, fade_in_s=0))
    mixer.load([FileItem(str(media["a.ogg"])), FileItem(str(media["b.wav"]))])
    mixer.start()
    out, _ = run(mixer)
    a, b = tone_amplitude(out[:, 0], 330.0, SR), tone_amplitude(out[:, 0], 550.0, SR)
    block_s = 2205 / SR
    b_starts = np.nonzero(b > 0.001)[0][0] * block_s
    a_ends = (np.nonzero(a > 0.001)[0][-1] + 1) * block_s
    assert b_starts == pytest.approx(1.0, abs=0.1)
    assert a_ends - b_starts == pytest.approx(1.0, abs=0.15)
    # Halfway through, both are at half level (raised-cosine crossfade).
    mid = int(1.5 / block_s)
    assert a[mid] == pytest.approx(0.25, abs=0.05) and b[mid] == pytest.approx(0.25, abs=0.05)
    assert len(out) / SR == pytest.approx(3.0, abs=0.15)


def test_binaural_segments_join_phase_continuously() -> None:
    mixer = Mixer(MixerSettings(crossfade_s=0, fade_in_s=0))
    mixer.load([BinauralSegment(300, 6, 0.77), BinauralSegment(300, 6, 1.0, to_carrier_hz=250)])
    mixer.start()
    out, _ = run(mixer, 1000)
    steady = max_step(out[5000:30000, 1])
    assert max_step(out[:, 1]) <= steady * 1.0001
    assert max_step(out[:, 0]) <= steady * 1.0001
    # The join itself is gapless: the list sounds for exactly 1.77 s.
    start, end = sounding_span(out[:, 1], 0)
    assert end - start == pytest.approx(1.77 * SR, abs=2)


def test_start_fades_in_and_skip_fades_across() -> None:
    settings = MixerSettings(crossfade_s=0, fade_in_s=3.0, skip_fade_s=3.0)
    mixer = Mixer(settings)
    mixer.load([BinauralSegment(200, 6, 20), BinauralSegment(400, 6, 20)])
    mixer.start()
    first, _ = mixer.render(4 * SR)
    env = rms_envelope(first[:, 0], 441)
    centres = (np.arange(len(env)) + 0.5) * 441 / SR
    expected = (1 - np.cos(np.pi * np.clip(centres / 3.0, 0, 1))) / 2
    np.testing.assert_allclose(env / env[-50:].mean(), expected, atol=0.02)
    mixer.skip()
    after, infos = mixer.render(4 * SR)
    old, new = (tone_amplitude(after[:, 0], 197.0, SR, 4410),
                tone_amplitude(after[:, 0], 397.0, SR, 4410))
    assert old[0] > 0.2 and old[-1] < 0.01
    assert new[0] < 0.05 and new[-1] > 0.2
    assert max_step(after[:, 0]) < 2 * np.pi * 403 / SR * db_to_gain(-12) * 1.2


def test_pause_holds_position_and_resume_fades_back() -> None:
    mixer = Mixer(MixerSettings(fade_in_s=0.5, pause_fade_s=0.5))
    mixer.load([BinauralSegment(200, 6, 30)])
    mixer.start()
    mixer.render(SR)
    mixer.pause()
    _, info = mixer.render(SR)
    held_a, info_a = mixer.render(SR)
    held_b, info_b = mixer.render(SR)
    assert np.all(held_a == 0) and np.all(held_b == 0)
    assert info_a.item_offset_s == info_b.item_offset_s and not info_b.moving
    mixer.resume()
    back, _ = mixer.render(SR)
    env = rms_envelope(back[:, 0], 441)
    assert env[0] < 0.05 * env[-1] and env[-1] > 0.15


def test_start_paused_holds_silent_at_the_offset_until_resumed() -> None:
    mixer = Mixer(MixerSettings(fade_in_s=0.5))
    mixer.load([BinauralSegment(200, 6, 30)])
    mixer.start(0, 5.0, paused=True)  # the output came back while the music was paused
    held, info = mixer.render(SR)
    assert np.all(held == 0) and not info.moving and info.item_offset_s == pytest.approx(5.0)
    mixer.resume()
    back, info = mixer.render(SR)
    env = rms_envelope(back[:, 0], 441)
    assert info.item_offset_s == pytest.approx(5.0)
    assert env[0] < 0.05 * env[-1] and env[-1] > 0.15


def test_fade_out_then_finished() -> None:
    mixer = Mixer(MixerSettings(fade_in_s=0))
    mixer.load([BinauralSegment(200, 6, 30)], bed=BinauralSegment(100, 4, 30), bed_level=0.5)
    mixer.start()
    mixer.fade_out(1.0)
    out, infos = run(mixer, 4410)
    assert infos[-1].finished and len(out) / SR == pytest.approx(1.0, abs=0.11)
    assert np.abs(out[-500:]).max() < 1e-3


def test_bed_plays_under_the_list_and_follows_its_level() -> None:
    mixer = Mixer(MixerSettings(fade_in_s=0, volume_ramp_s=0.5))
    bed = BinauralSegment(100, 4, 1.3)  # shorter than the list: loops seamlessly
    mixer.load([SilenceItem(3.0)], bed=bed, bed_level=0.5, end=EndBehaviour.BED)
    mixer.start()
    out, _ = mixer.render(3 * SR)
    assert frequency(out[: 3 * SR, 0], SR) == pytest.approx(98.0, abs=0.01)
    assert max_step(out[:, 0]) <= 2 * np.pi * 98 / SR * 0.5 * db_to_gain(-12) * 1.001
    mixer.set_bed_level(0.1)
    later, info = mixer.render(SR)
    assert np.abs(later[-2000:]).max() == pytest.approx(0.1 * db_to_gain(-12), rel=0.01)
    assert info.index == -1 and not info.finished  # the list is over, the bed goes on


def test_volume_is_capped_and_ramped() -> None:
    mixer = Mixer(MixerSettings(fade_in_s=0, volume_ramp_s=1.0, max_volume=0.8))
    mixer.load([BinauralSegment(200, 6, 30)])
    mixer.start()
    assert mixer.set_volume(5.0, ramp_s=0) == 0.8
    out, _ = mixer.render(SR)
    assert np.abs(out).max() <= 0.8 * db_to_gain(-12) + 1e-6
    mixer.set_volume(0.2)
    out, _ = mixer.render(2 * SR)
    env = rms_envelope(out[:, 0], 441)
    assert np.all(np.diff(env[:95]) < 0.002)  # no jump down
    assert env[0] > 3 * env[-1]


def test_missing_and_corrupt_items_are_skipped_with_a_notice(media: dict[str, Path]) -> None:
    mixer = Mixer(MixerSettings(crossfade_s=0, fade_in_s=0.5))
    mixer.load([
        FileItem(str(media["missing.mp3"])),
        FileItem(str(media["corrupt.ogg"])),
        FileItem(str(media["a.flac"])),
        FileItem(str(media["empty.wav"])),
        SilenceItem(0.2),
    ])
    mixer.start()
    out, infos = run(mixer)
    notices = [n for i in infos for n in i.notices]
    assert len(notices) == 3
    assert "missing.mp3 is missing" in notices[0] and "corrupt.ogg" in notices[1]
    assert "empty.wav" in notices[2]
    assert infos[0].index == 2 and infos[-1].finished
    assert tone_amplitude(out[SR : SR + 2205, 0], 330.0, SR)[0] > 0.4


def test_repeat_wraps_and_a_list_of_only_bad_items_ends(media: dict[str, Path]) -> None:
    mixer = Mixer(MixerSettings(crossfade_s=0, fade_in_s=0))
    mixer.load([SilenceItem(0.3), BinauralSegment(200, 6, 0.3)], end=EndBehaviour.REPEAT)
    mixer.start()
    _, infos = run(mixer, 4410, limit_s=2)
    assert {i.index for i in infos} == {0, 1} and not infos[-1].finished
    bad = Mixer(MixerSettings(fade_in_s=0))
    bad.load([FileItem(str(media["corrupt.ogg"]))], end=EndBehaviour.REPEAT)
    bad.start()
    _, infos = run(bad, 4410, limit_s=2)
    assert infos[-1].finished


@pytest.mark.timeout(20)
@pytest.mark.parametrize("crossfade_s", [0.0, 4.0])
def test_a_repeating_list_of_a_soundless_file_ends_instead_of_freezing(
        tmp_path: Path, media: dict[str, Path], crossfade_s: float) -> None:
    # A valid file with no frames used to reopen itself for ever inside one render call:
    # the Qt thread froze mid-session and memory grew.
    empty = tmp_path / "no-frames.wav"
    soundfile.write(empty, np.zeros((0, 2), dtype=np.float32), SR)
    mixer = Mixer(MixerSettings(crossfade_s=crossfade_s, fade_in_s=0))
    mixer.load([FileItem(str(empty))], end=EndBehaviour.REPEAT)
    mixer.start()
    _, infos = run(mixer, 4410, limit_s=2)
    assert infos[-1].finished
    assert any("no-frames.wav" in n for i in infos for n in i.notices)
    # Beside a playable item, the soundless one is passed over and the list goes on.
    mixed = Mixer(MixerSettings(crossfade_s=crossfade_s, fade_in_s=0))
    mixed.load([FileItem(str(empty)), FileItem(str(media["a.wav"]))], end=EndBehaviour.REPEAT)
    mixed.start()
    out, infos = run(mixed, 4410, limit_s=5)
    assert not infos[-1].finished and {i.index for i in infos} >= {1}
    assert tone_amplitude(out[3 * SR : 3 * SR + 2205, 0], 330.0, SR)[0] > 0.4


@pytest.mark.timeout(20)
def test_a_repeating_list_of_tiny_files_ends_instead_of_hogging_the_thread(
        tmp_path: Path) -> None:
    # Two files of a few frames each, repeating: each render call used to reopen them
    # thousands of times (two to three seconds of work for one second of sound).
    items = []
    for name, frames in (("click.wav", 1), ("blip.wav", 100)):
        soundfile.write(tmp_path / name, np.full((frames, 2), 0.1, dtype=np.float32), SR)
        items.append(FileItem(str(tmp_path / name)))
    mixer = Mixer(MixerSettings(crossfade_s=0, fade_in_s=0))
    mixer.load(items, end=EndBehaviour.REPEAT)
    mixer.start()
    _, infos = run(mixer, SR, limit_s=3)
    assert infos[-1].finished
    notices = [n for i in infos for n in i.notices]
    assert any("click.wav is too short" in n for n in notices)


def test_noise_bed_segment_stays_under_ceiling() -> None:
    mixer = Mixer(MixerSettings(fade_in_s=0))
    mixer.load([BinauralSegment(200, 6, 1, noise=NoiseColour.BROWN, noise_level=1.0)])
    mixer.start()
    out, _ = run(mixer)
    assert np.abs(out).max() <= db_to_gain(-12) + 1e-6


def test_playlist_offsets_and_locate() -> None:
    items = [SilenceItem(10), SilenceItem(20), SilenceItem(5)]
    starts = item_starts(items, crossfade_s=4)
    assert starts == [0.0, 6.0, 23.5]  # the 5 s silence gives half of itself to its join
    assert locate(starts, 0) == (0, 0)
    assert locate(starts, 7.5) == (1, 1.5)
    assert locate(starts, 30) == (2, 6.5)
    # Files of unknown length take no room: from the top, the first of them plays.
    assert locate([0.0, 0.0, 0.0], 0) == (0, 0)
    assert locate([0.0, 10.0, 10.0], 10) == (1, 0)
    assert locate([0.0, 10.0, 10.0], 12) == (2, 2)


def test_start_at_an_offset_resumes_inside_an_item() -> None:
    mixer = Mixer(MixerSettings(crossfade_s=0, fade_in_s=0))
    seg = BinauralSegment(200, 6, 10, to_carrier_hz=300)
    mixer.load([seg])
    mixer.start(*mixer.locate(5.0))
    out, info = mixer.render(SR)
    assert info.index == 0 and info.item_offset_s == pytest.approx(5.0)
    assert frequency(out[:, 0], SR) == pytest.approx(250 + 5 - 3, abs=0.05)


def test_crossfade_setting_is_limited_to_12_seconds() -> None:
    with pytest.raises(ValueError):
        MixerSettings(crossfade_s=13)
    assert MixerSettings().crossfade_s == 4.0


@pytest.mark.parametrize("crossfade_s", [0.0, 1.0])
def test_the_mix_keeps_to_the_one_timeline(media: dict[str, Path], crossfade_s: float) -> None:
    # The fit places items with core.timeline; the mix must start and end them there:
    # music, a silence shorter than two blends, beats into beats, and a last piece.
    items = [FileItem(str(media["a.wav"]), duration_s=2.0), SilenceItem(1.0),
             BinauralSegment(300, 6, 1.5), BinauralSegment(300, 6, 1.5, to_carrier_hz=320),
             FileItem(str(media["b.flac"]), duration_s=2.0)]
    starts = item_starts(items, crossfade_s)
    mixer = Mixer(MixerSettings(crossfade_s=crossfade_s, fade_in_s=0))
    mixer.load(items)
    mixer.start()
    out, infos = run(mixer, 441)
    start, end = sounding_span(out[:, 0], 0)
    assert start <= 1 and end / SR == pytest.approx(content_end(items, crossfade_s), abs=0.005)
    # Each item is reported from its planned start, to a chunk (10 ms).
    first_chunk = {}
    for n, info in enumerate(infos):
        first_chunk.setdefault(info.index, n * 441 / SR)
    assert [first_chunk[i] for i in range(len(items))] == pytest.approx(starts, abs=0.011)
    b = tone_amplitude(out[:, 0], 550.0, SR, 2205)  # the last piece is heard from its start
    assert np.nonzero(b > 0.01)[0][0] * 0.05 == pytest.approx(starts[4], abs=0.06)


def test_beats_into_beats_go_on_without_a_dip_even_with_a_crossfade() -> None:
    # Two tones of one pitch blended over 4 s cancelled each other to near silence
    # halfway when their phases happened to be opposite (10.5 s here).
    mixer = Mixer(MixerSettings(crossfade_s=4.0, fade_in_s=0))
    mixer.load([BinauralSegment(200, 6, 10.5), BinauralSegment(200, 6, 10.0)])
    mixer.start()
    out, _ = run(mixer, SR)
    env = rms_envelope(out[:, 0], 441)
    steady = env[100:900].mean()
    assert env[100:1600].min() > 0.97 * steady  # the end fades over its last 4 s
    assert len(out) / SR == pytest.approx(20.5, abs=1.0)
    assert sounding_span(out[:, 0], 0)[1] / SR == pytest.approx(20.5, abs=0.005)


def test_a_list_ending_on_the_bed_with_none_under_it_carries_on_with_the_fit_bed() -> None:
    # The fit said "then the binaural bed carries on alone" and the mix went silent.
    items = [BinauralSegment(400, 6, 2.0)]
    playlist = Playlist("p", items, target_minutes=1, end_behaviour=EndBehaviour.BED)
    fill = fit(playlist).timeline[-1]
    assert fill.index == -1 and fill.start_s == 2.0
    mixer = Mixer(MixerSettings(fade_in_s=0.5))
    mixer.load(items, end=EndBehaviour.BED, bed_level=0.3, fill=bed_for(playlist, 1))
    mixer.start()
    out, infos = run(mixer, 4410, limit_s=6)
    assert not infos[-1].finished and infos[-1].index == -1
    later = out[4 * SR :, 0]  # the theta bed (its left tone) at the bed's level, alone
    left = tone_amplitude(later, fill.item.carrier_hz - fill.item.beat_hz / 2, SR)
    assert left.min() > 0.5 * 0.3 * db_to_gain(-12)
    assert tone_amplitude(later, 397.0, SR).max() < 1e-3
    # It fades in as the last item fades out: no step anywhere. Each voice is followed on
    # its own (20 ms blocks): the bed's pink noise is unseeded, and the whole mix's 10 ms
    # level, two tones and noise beating in it, passed any fixed bound in ~5% of runs.
    item, bed = (tone_amplitude(out[:, 0], hz, SR, 882)
                 for hz in (397.0, fill.item.carrier_hz - fill.item.beat_hz / 2))
    gentle = np.abs(np.diff(item[:30])).max()  # the item's own 0.5 s fade-in, steepest
    assert item[:30].max() > 0.9 * item.max()  # ...measured while it rose to full level
    assert np.abs(np.diff(item[30:])).max() <= gentle  # it fades out: no cut
    assert np.abs(np.diff(bed)).max() <= gentle  # the bed comes in: no step
    assert bed[: int(1.0 * SR / 882)].max() < 1e-3 < bed[int(2.0 * SR / 882)]
    # With a bed chosen under the list, that bed goes on; the fill is not added.
    under = Mixer(MixerSettings(fade_in_s=0.5))
    under.load(items, end=EndBehaviour.BED, bed=BinauralSegment(100, 4, 30), bed_level=0.3,
               fill=bed_for(playlist, 1))
    under.start()
    out, _ = run(under, 4410, limit_s=5)
    assert frequency(out[4 * SR :, 0], SR) == pytest.approx(98.0, abs=0.05)

"""Voice takes on disk: the growing WAV in drafts, the finished FLAC in recordings.

A take is recorded into ``drafts/take-<session>-<stamp>.wav`` (valid after each
flush, see core.wav_file). When it is stopped it becomes a FLAC in the
recordings folder (written to a temp name, fsynced, renamed) and a row in the
journal; only then is the WAV removed. A WAV still in drafts at start-up was
interrupted: its header is repaired and it is kept the same way, never dropped.
One that cannot be read (a damaged header or body) is renamed aside as
``unreadable-take-...wav`` and reported, so that it never stands between the
person and their journal again.
Beside each WAV a small ``.session`` file holds its session's mark (see
storage.session_files.is_sessions_own), so that a take left by a deleted session
never becomes a take of a new session given its id, whatever the clock says.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ketacompanion.core.file_seal import PLAIN, FileSeal
from ketacompanion.core.files import atomic_write_text, fsync_dir
from ketacompanion.core.records import VoiceTake, parse_time
from ketacompanion.core.sealed import SealedError, is_sealed_file
from ketacompanion.storage.journal import JournalRepository
from ketacompanion.storage.session_files import (
    FLAC_TEMP_PREFIX,
    TAKE_DRAFT_NAME,
    is_sessions_own,
    take_mark_file,
    take_stem,
    unreadable_take,
)

log = logging.getLogger(__name__)

_BLOCK_FRAMES = 65536


class TakeStore:
    """Names, finishes and recovers voice takes.

    Args:
        journal: Where finished takes are recorded.
        recordings: Folder of finished FLAC takes.
        drafts: Folder of takes being recorded.
        now: The local wall time; a take is named by the second it starts.
        seal: How takes are written and read (sealed when the journal is protected:
            the recorder writes sealed blocks, and the FLAC is made in memory).
    """

    def __init__(self, journal: JournalRepository, recordings: Path, drafts: Path,
                 now: Callable[[], datetime] = datetime.now, seal: FileSeal = PLAIN) -> None:
        self._journal = journal
        self._seal = seal
        self._recordings = recordings
        self._drafts = drafts
        self._now = now
        self.set_aside: list[Path] = []  # takes the last recover() could not read

    def new_draft_path(self, session_id: int) -> Path:
        """A fresh path in drafts for the next take of ``session_id``.

        Takes are named by the second they start, so Record, Stop and Record within
        one second would share a name: the name must be free in drafts, in
        recordings and in the journal, or the new take would pass for the old one.
        """
        stamp = self._now().strftime("%Y%m%dT%H%M%S")
        stem = self._free_stem(session_id, take_stem(session_id, stamp))
        wav = self._drafts / f"{stem}.wav"
        mark = self._journal.start_mark(session_id)
        if mark is not None:
            try:
                atomic_write_text(take_mark_file(wav), mark)
            except OSError as exc:
                # Record anyway: without its mark the take is recovered by its time.
                log.error("mark of take %s not written: %s", wav.name, exc)
        return wav

    def finish(self, session_id: int, wav: Path) -> VoiceTake | None:
        """Turn a recorded WAV into a FLAC take of ``session_id``.

        The WAV is removed only once its audio is stored: either written here, or
        found already stored under its name with the very same samples (a crash
        came between storing it and removing the WAV). A different recording
        under a stored name is kept as a take of its own, under a free name.

        Returns:
            The stored take, or None when the recording held no sound at all
            (zero frames), in which case the empty WAV is removed.

        Raises:
            OSError, soundfile.LibsndfileError: The FLAC could not be written;
                the WAV is left in drafts, to be recovered on the next start.
        """
        # Imported on use, like soundfile below: a start-up without interrupted takes needs neither.
        from ketacompanion.core.wav_file import repair_wav, wav_info_of

        if is_sealed_file(wav):  # read whole in memory, its header made to match
            info = wav_info_of(self._seal.audio(wav).getvalue())  # type: ignore[union-attr]
        else:
            info = repair_wav(wav)
        if info.frames == 0:
            _remove_draft(wav, missing_ok=True)
            return None
        target = self._recordings / (wav.stem + ".flac")
        stored = [t for t in self._journal.takes(session_id) if t.path == target]
        if target.exists() and _same_audio(self._seal, wav, target):
            if stored:
                # Stored already; only the WAV's removal was cut short (a crash): no second row.
                _remove_draft(wav)
                return stored[0]
            # Written but not yet in the journal: writing it again changes nothing.
        elif target.exists() or stored:
            # The name belongs to another take (or to a file not ours): never overwrite it.
            target = self._recordings / (self._free_stem(session_id, wav.stem) + ".flac")
        self._write_flac(wav, target)
        take = self._journal.add_take(session_id, target, info.duration_s)
        _remove_draft(wav)
        return take

    def unfinished(self) -> list[tuple[int, Path]]:
        """Interrupted recordings in drafts, as (session id, WAV path), oldest first."""
        found = []
        for path in sorted(self._drafts.glob("take-*.wav")):
            match = TAKE_DRAFT_NAME.match(path.name)
            if match:
                found.append((int(match.group(1)), path))
        return found

    def recover(self) -> list[VoiceTake]:
        """Keep every interrupted recording as a take of its session.

        A take with no session, or recorded for another session with its id (left
        by a deleted session whose id was given again: not this session's voice), is
        left where it is and logged, and so is one that could not be stored (the
        disk is full: the next start tries again). A file that cannot be read is
        renamed aside (see :attr:`set_aside`) and logged: never deleted, and never
        in the way of the next start. Nothing here raises.
        """
        self.set_aside = []
        for mark_file in self._drafts.glob("take-*.session"):
            if not mark_file.with_suffix(".wav").exists():
                try:
                    mark_file.unlink(missing_ok=True)  # the recording never started
                except OSError as exc:  # an odd file must not keep the app from starting
                    log.warning("take mark %s not removed: %s", mark_file.name, exc)
        unfinished = self.unfinished()
        if not unfinished:
            return []  # the usual case: start-up need not load soundfile and numpy
        import soundfile

        from ketacompanion.core.wav_file import WavError

        kept = []
        for session_id, path in unfinished:
            try:
                mark = self._journal.start_mark(session_id)
                if mark is None:
                    log.warning("interrupted take %s has no session; left in drafts", path.name)
                    continue
                written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                if not is_sessions_own(_read_mark(path), mark, written, parse_time(mark)):
                    log.warning("interrupted take %s is not its session's own; left in drafts",
                                path.name)
                    continue
                take = self.finish(session_id, path)
            except OSError as exc:
                log.error("interrupted take %s not recovered: %s", path.name, exc)
                continue
            except (WavError, SealedError, soundfile.SoundFileError, ValueError,
                    RuntimeError) as exc:
                self._set_aside(path, exc)
                continue
            except Exception as exc:  # a damaged file must never block the start
                log.exception("interrupted take %s could not be recovered", path.name)
                self._set_aside(path, exc)
                continue
            if take is not None:
                log.info("recovered interrupted take for session %d (%.1f s)",
                         session_id, take.duration_s or 0.0)
                kept.append(take)
        return kept

    def _set_aside(self, wav: Path, error: Exception) -> None:
        """Rename an unreadable take out of the way, with its session mark."""
        aside = unreadable_take(wav)
        try:
            os.replace(wav, aside)
            take_mark_file(wav).unlink(missing_ok=True)  # its name says its session
        except OSError as exc:
            log.error("unreadable take %s not set aside: %s", wav.name, exc)
            return
        log.error("interrupted take %s cannot be read (%s: %s); set aside as %s",
                  wav.name, error.__class__.__name__, error, aside.name)
        self.set_aside.append(aside)

    def delete(self, take_id: int) -> None:
        """Remove a take from the journal and its file from disk."""
        path = self._journal.delete_take(take_id)
        if path is not None:
            path.unlink(missing_ok=True)

    def clear_unfinished_copies(self) -> int:
        """Remove FLAC temp files a kill left while a take was being written (start-up only).

        Each is a partial copy of a WAV that stays in drafts until its FLAC is in
        place, and is kept from there; or of one whose session was deleted since.
        Either way it is someone's voice left behind, under a name no deletion finds.

        Returns:
            How many were removed.
        """
        removed = 0
        # A sealed take is written through core.files' temp name (".take-....flac.*.tmp").
        left = [*self._recordings.glob(f"{FLAC_TEMP_PREFIX}*.flac"),
                *self._recordings.glob(f"{FLAC_TEMP_PREFIX}*.flac.*.tmp")]
        for path in left:
            try:
                path.unlink()
            except OSError as exc:  # an odd file must not keep the app from starting
                log.warning("unfinished take copy %s not removed: %s", path.name, exc)
                continue
            log.info("unfinished take copy %s removed", path.name)
            removed += 1
        return removed

    def _write_flac(self, wav: Path, target: Path) -> None:
        """Encode ``wav`` to ``target`` durably (temp file, fsync, rename, fsync the folder)."""
        import soundfile  # loaded on first use: it is not needed to open the window

        if self._seal.on:
            # Encoded in memory and sealed before a byte reaches the disk.
            import io

            buffer = io.BytesIO()
            with soundfile.SoundFile(self._seal.audio(wav)) as source, soundfile.SoundFile(
                buffer, "w", source.samplerate, source.channels, "PCM_16", format="FLAC"
            ) as sink:
                for block in source.blocks(blocksize=_BLOCK_FRAMES, dtype="int16"):
                    sink.write(block)
            self._seal.write(target, buffer.getvalue())
            return
        fd, tmp_name = tempfile.mkstemp(prefix=FLAC_TEMP_PREFIX, suffix=".flac",
                                        dir=self._recordings)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with soundfile.SoundFile(wav) as source, soundfile.SoundFile(
                tmp, "w", source.samplerate, source.channels, "PCM_16", format="FLAC"
            ) as sink:
                for block in source.blocks(blocksize=_BLOCK_FRAMES, dtype="int16"):
                    sink.write(block)
            with tmp.open("rb+") as written:
                os.fsync(written.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
            # The WAV is deleted next: the FLAC's name must be on disk before that.
            fsync_dir(self._recordings)
        finally:
            tmp.unlink(missing_ok=True)

    def _free_stem(self, session_id: int, stem: str) -> str:
        """``stem``, or ``stem-1``, ``stem-2``...: the first name no take uses yet."""
        taken = {t.path.stem for t in self._journal.takes(session_id)}
        candidate, counter = stem, 1
        while (candidate in taken or (self._drafts / f"{candidate}.wav").exists()
               or (self._recordings / f"{candidate}.flac").exists()):
            candidate = f"{stem}-{counter}"
            counter += 1
        return candidate


def _remove_draft(wav: Path, missing_ok: bool = False) -> None:
    """Remove a take's WAV from drafts, and the session mark beside it."""
    wav.unlink(missing_ok=missing_ok)
    take_mark_file(wav).unlink(missing_ok=True)


def _read_mark(wav: Path) -> str | None:
    """The session mark kept beside ``wav``; None if the take has none (an older version)."""
    try:
        return take_mark_file(wav).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        # Unreadable is not "written before marks": the clock must not decide then either.
        log.error("mark of take %s unreadable: %s", wav.name, exc.__class__.__name__)
        return ""


def _same_audio(seal: FileSeal, wav: Path, flac: Path) -> bool:
    """True if ``flac`` holds exactly the samples of ``wav`` (an unreadable file does not)."""
    import soundfile

    try:
        with soundfile.SoundFile(seal.audio(wav)) as left, \
                soundfile.SoundFile(seal.audio(flac)) as right:
            if (left.frames, left.samplerate, left.channels) != (
                    right.frames, right.samplerate, right.channels):
                return False
            while True:
                a = left.read(_BLOCK_FRAMES, dtype="int16")
                b = right.read(_BLOCK_FRAMES, dtype="int16")
                if len(a) == 0 and len(b) == 0:
                    return True
                if a.shape != b.shape or not (a == b).all():
                    return False
    except (OSError, soundfile.SoundFileError, SealedError) as exc:
        log.warning("take %s could not be compared with %s: %s", wav.name, flac.name, exc)
        return False

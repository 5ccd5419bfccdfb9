"""Every item's gain towards one loudness, with the person's files measured in the background.

:class:`LoudnessLevels` answers the mixer's question "what gain for this item?"
from memory (a look-up, safe to ask every block from the player's thread) and
keeps the answers right:

- generated beats: from :func:`ketacompanion.core.loudness.beats_loudness`, no measuring;
- fresh piano: the synthesiser's loudness, known ahead (core.fresh_piano.FRESH_PIANO_LUFS);
- the bundled pieces: their loudness shipped beside them (``loudness.json``, see
  :func:`bundled_loudness`), so a brand-new install plays them right from the first sample;
- a file measured before: from the database, without reading the file;
- a file not measured yet: its ReplayGain/R128 tags if it has them, else the safe
  default gain (never louder than before), while one worker thread measures it
  (BS.1770, decoded as the player decodes it) and keeps the result. The new gain
  then glides in (the mixer ramps it), also mid-item.

The worker opens its own SQLite connection (a connection belongs to one thread)
and runs at the lowest CPU priority the system allows, measuring a quarter second
at a time, so playback never waits on it. Nothing here imports Qt or a decoder:
the measuring is a callable handed in by app.py, like the decode check's.
"""

from __future__ import annotations

import json
import logging
import math
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ketacompanion.core.fresh_piano import FRESH_PIANO_LUFS, FRESH_PIANO_TRUE_PEAK
from ketacompanion.core.loudness import (
    Loudness,
    gain_for,
    generated_gain,
    loudness_from_tags,
)
from ketacompanion.core.models import (
    FileItem,
    PlaylistItem,
)
from ketacompanion.storage.database import connect
from ketacompanion.storage.loudness import LoudnessCache, Stamp

log = logging.getLogger(__name__)

#: Measures one file: its loudness (None: silent or stopped); raises for an unreadable file.
Measure = Callable[[str, Callable[[], bool]], Loudness | None]
#: Reads a file's loudness tags (lower-case keys), {} when it has none.
ReadTags = Callable[[str], dict[str, str]]
#: Loudness known ahead, by path: (the file's size when measured, its loudness).
Known = Mapping[str, tuple[int, Loudness]]
BUNDLED_LOUDNESS_FILE = "loudness.json"  # made by tools/measure_bundled_loudness.py
FRESH_PIANO_LOUDNESS = Loudness(FRESH_PIANO_LUFS, FRESH_PIANO_TRUE_PEAK)


class LoudnessLevels:
    """The gain of every item, measured files kept in the database at ``database_path``.

    Args:
        database_path: The app's SQLite file (already migrated).
        measure: Measures a file (see :data:`Measure`).
        read_tags: Reads ReplayGain/R128 tags, used while a file is measured.
        known: Loudness known ahead (the bundled pieces, see :func:`bundled_loudness`):
            a file of the same size plays at its gain at once and is never measured.
        key: The journal's data key (core.keychain.DataKey) when it is protected.
    """

    def __init__(self, database_path: Path, measure: Measure,
                 read_tags: ReadTags | None = None, known: Known | None = None,
                 key: Any = None) -> None:
        self._database_path = database_path
        self._key = key  # the journal's data key when it is protected
        self._measure = measure
        self._read_tags = read_tags or replaygain_tags
        self._gains: dict[str, float] = {}
        self._known: dict[str, Stamp] = {}  # paths whose gain is final (measured)
        self._todo: queue.Queue[str | None] = queue.Queue()
        self._queued: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.measured = 0  # files measured (read to their end) by this object
        self.on_measured: Callable[[str], None] | None = None  # from the worker thread
        for path, (size, loudness) in (known or {}).items():
            stamp = _stamp(path)
            if stamp is not None and stamp[0] == size:  # a replaced file is measured again
                self._gains[path] = gain_for(loudness)
                self._known[path] = stamp

    def gain_of(self, item: PlaylistItem) -> float:
        """The linear gain that brings ``item`` to the session's loudness (cheap)."""
        if isinstance(item, FileItem):
            return self._gains.get(item.path, gain_for(None))
        generated = generated_gain(item)
        return 1.0 if generated is None else generated

    def is_measured(self, path: str) -> bool:
        """Whether ``path``'s gain comes from a measurement (not tags or the default)."""
        return path in self._known

    def request(self, items: Iterable[PlaylistItem]) -> None:
        """Find the gain of every file among ``items``: from the cache, else measure it."""
        for item in items:
            if isinstance(item, FileItem):
                with self._lock:
                    if item.path in self._queued or item.path in self._known:
                        continue
                    self._queued.add(item.path)
                self._todo.put(item.path)
        self._ensure_worker()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until every requested file has its gain (tests, the command line)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._queued:
                    return True
            time.sleep(0.02)
        return False

    def close(self) -> None:
        """Stop the worker (it ends within a chunk of measuring)."""
        self._stop.set()
        self._todo.put(None)
        if self._thread is not None:
            self._thread.join(timeout=5)

    # ------------------------------------------------------------ worker
    def _ensure_worker(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="loudness", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        _lower_priority()
        try:
            connection = connect(self._database_path, self._key, timeout=5)
        except sqlite3.Error as exc:
            log.warning("loudness: cannot open the database (%s); nothing is kept", exc)
            connection = None
        cache = LoudnessCache(connection) if connection is not None else None
        try:
            while not self._stop.is_set():
                path = self._todo.get()
                if path is None:
                    break
                try:
                    self._settle(path, cache)
                except Exception:  # one bad file must not end the worker
                    log.exception("loudness: could not measure a file")
                finally:
                    with self._lock:
                        self._queued.discard(path)
        finally:
            if connection is not None:
                connection.close()

    def _settle(self, path: str, cache: LoudnessCache | None) -> None:
        stamp = _stamp(path)
        if stamp is None:
            return  # missing: it will not play; the decode check says so
        if cache is not None:
            try:
                known, loudness = cache.get(path, stamp)
            except sqlite3.Error as exc:
                log.warning("loudness: cache not readable (%s)", exc)
                known, loudness = False, None
            if known:
                self._set(path, stamp, loudness)
                return
        tagged = loudness_from_tags(self._read_tags(path))
        if tagged is not None:
            self._gains[path] = gain_for(tagged)  # stands in while the file is measured
        try:
            loudness = self._measure(path, self._stop.is_set)
        except Exception as exc:  # an unreadable file keeps its safe gain
            log.info("loudness: a file could not be measured (%s)", type(exc).__name__)
            return
        if self._stop.is_set():
            return
        self.measured += 1
        if cache is not None:
            try:
                cache.put(path, stamp, loudness)
            except sqlite3.Error as exc:
                log.warning("loudness: measurement not kept (%s)", exc)
        self._set(path, stamp, loudness)

    def _set(self, path: str, stamp: Stamp, loudness: Loudness | None) -> None:
        # Silence stays at the safe default gain: nothing is lifted out of the noise.
        self._gains[path] = gain_for(loudness)
        self._known[path] = stamp
        if self.on_measured is not None:
            self.on_measured(path)


def bundled_loudness(audio_dir: Path) -> dict[str, tuple[int, Loudness]]:
    """The bundled pieces' loudness shipped in ``audio_dir/loudness.json``, by full path.

    A missing or damaged file gives {} (the pieces are then measured as any file is).
    """
    try:
        data = json.loads((audio_dir / BUNDLED_LOUDNESS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.info("loudness: no bundled loudness (%s)", type(exc).__name__)
        return {}
    known: dict[str, tuple[int, Loudness]] = {}
    for name, entry in data.items() if isinstance(data, dict) else ():
        try:
            size, lufs, peak = int(entry["size"]), float(entry["lufs"]), float(entry["true_peak"])
        except (KeyError, TypeError, ValueError):
            continue
        if math.isfinite(lufs) and math.isfinite(peak) and peak > 0 and "/" not in name:
            known[str(audio_dir / name)] = (size, Loudness(lufs, peak))
    return known


def replaygain_tags(path: str) -> dict[str, str]:
    """A file's ReplayGain and R128 tags (lower-case keys), read with mutagen; {} if none."""
    import mutagen  # imported late, as core.tags does

    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError, IndexError):
        return {}
    if audio is None or audio.tags is None:
        return {}
    found: dict[str, str] = {}
    try:
        pairs = list(audio.tags.items())
    except (AttributeError, TypeError, ValueError):
        return {}
    for key, value in pairs:
        name = str(key).lower()
        for wanted in ("replaygain_track_gain", "replaygain_track_peak", "r128_track_gain"):
            if name.endswith(wanted):  # ID3 TXXX:, MP4 ----:com.apple.iTunes:, Vorbis plain
                text = getattr(value, "text", value)
                if isinstance(text, list):
                    text = text[0] if text else ""
                if isinstance(text, bytes):
                    text = text.decode("utf-8", "replace")
                found[wanted] = str(text)
    return found


def _stamp(path: str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _lower_priority() -> None:
    """Let playback and the window go first: this thread runs at the lowest priority."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # Linux: per thread
    except (AttributeError, OSError):
        pass  # other systems: the quarter-second chunks keep it gentle anyway

"""Every user setting declared once, with its default, and saved atomically.

Window state (geometry, last page) lives in its own file: it changes every time
the window moves and must never be able to damage the user's real settings.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketacompanion.core.files import atomic_write_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    """One declared setting: its default and, optionally, the values it may take."""

    default: Any
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is a valid value for this setting."""
        expected = type(self.default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return False
        if self.choices is not None and value not in self.choices:
            return False
        if self.minimum is not None and value < self.minimum:
            return False
        return not (self.maximum is not None and value > self.maximum)


DEFAULT_PROMPTS = (
    "What did you see? Colours, textures, places.",
    "What did your body feel?",
    "What thoughts and emotions came up?",
    "What felt significant?",
    "Anything to bring to your therapist?",
)

DEFAULT_CHECKLIST = (
    "Fasted as the clinic asked",
    "Ride home arranged",
    "Headphones",
    "Eye mask",
)

USER_SETTINGS: dict[str, Setting] = {
    "theme": Setting("dark", choices=("dark", "dawn")),
    "master_volume": Setting(0.7, minimum=0.0, maximum=1.0),
    "crossfade_s": Setting(4.0, minimum=0.0, maximum=12.0),
    "session_fade_out_s": Setting(30.0, minimum=20.0, maximum=120.0),
    # The infusion length, one fact of the plan shared by Prepare and Session.
    "infusion_minutes": Setting(45, minimum=40, maximum=60),
    # The arc's shape the fresh piano follows (core.arcs.ARCS; the CLI defaults to classic).
    "arc": Setting("classic", choices=("classic", "gentle", "long-plateau")),
    "calm_motion": Setting("drift", choices=("drift", "still")),
    "marker_on_click": Setting(True),
    "integration_prompts": Setting(list(DEFAULT_PROMPTS)),
    "checklist": Setting(list(DEFAULT_CHECKLIST)),
    "crisis_text": Setting(
        "If you are in danger or thinking of harming yourself, call your local emergency "
        "number now, or go to the nearest emergency department."
    ),
    # Which national line the crisis panel shows (core/crisis_lines.py); "auto" until
    # the person picks: their own crisis_text if they wrote one, else local emergency.
    "crisis_line": Setting("auto", choices=("auto", "local", "us", "ca", "gb", "ie", "au",
                                            "own")),
    # The last check-in the person put off ("Not now"): [ISO time, occasion], or empty.
    "checkin_skipped": Setting([]),
    # "Remember on this laptop": the journal's key kept in the OS keyring (issue 14);
    # off unless the person turns it on.
    "remember_journal_key": Setting(False),
    # Lock a protected journal after this many idle minutes (0: never; never in a session
    # nor while a note is open), and whether the passphrase was offered at first run.
    "lock_after_idle_min": Setting(0, choices=(0, 15, 30, 60)),
    "journal_lock_offered": Setting(False),
}

WINDOW_STATE: dict[str, Setting] = {
    "geometry": Setting(""),
    "last_page": Setting("prepare", choices=("prepare", "session", "journal")),
}


class SettingsFile:
    """A JSON file of declared values; unknown or invalid entries fall back to defaults.

    Args:
        path: Where the file lives.
        declared: The settings it may hold, with their defaults.
    """

    def __init__(self, path: Path, declared: Mapping[str, Setting]) -> None:
        self._path = path
        self._declared = dict(declared)
        self._values: dict[str, Any] = {}
        self._load()

    def get(self, key: str) -> Any:
        """The current value of ``key`` (its default unless set)."""
        setting = self._declared[key]
        value = self._values.get(key, setting.default)
        return list(value) if isinstance(value, list) else value

    def set(self, key: str, value: Any) -> None:
        """Change ``key`` and save the file atomically.

        Raises:
            KeyError: ``key`` is not declared.
            ValueError: ``value`` is not valid for it.
        """
        setting = self._declared[key]
        if not setting.accepts(value):
            raise ValueError(f"{value!r} is not a valid value for {key}")
        if self._values.get(key, setting.default) == value:
            # Nothing changed (a default is not even stored): spare the disk an fsync.
            # The window sets its page on every start, usually to the default one.
            return
        self._values[key] = value
        self.save()

    def reset(self, key: str) -> None:
        """Restore ``key`` to its default."""
        self._values.pop(key, None)
        self.save()

    def save(self) -> None:
        """Write all values that differ from their defaults."""
        payload = {k: v for k, v in self._values.items() if v != self._declared[k].default}
        atomic_write_text(self._path, json.dumps(payload, indent=2, sort_keys=True) + "\n")

    def _load(self) -> None:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            # A damaged file must not stop the app: keep a copy for support, run on defaults.
            log.warning("settings file %s unreadable (%s); using defaults", self._path, exc)
            self._keep_damaged_copy()
            return
        if not isinstance(raw, dict):
            log.warning("settings file %s is not an object; using defaults", self._path)
            self._keep_damaged_copy()
            return
        for key, value in raw.items():
            setting = self._declared.get(key)
            if setting is None:
                log.info("ignoring unknown setting %r", key)
            elif setting.accepts(value):
                self._values[key] = float(value) if isinstance(setting.default, float) else value
            else:
                log.warning("ignoring invalid value for setting %r", key)

    def _keep_damaged_copy(self) -> None:
        try:
            self._path.replace(self._path.with_suffix(".damaged.json"))
        except OSError:
            pass


def user_settings(path: Path) -> SettingsFile:
    """The user's settings file."""
    return SettingsFile(path, USER_SETTINGS)


def window_state(path: Path) -> SettingsFile:
    """The window-state file."""
    return SettingsFile(path, WINDOW_STATE)

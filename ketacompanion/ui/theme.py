"""Themes are QSS files in assets/themes; the app applies one at a time."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

THEMES: dict[str, str] = {"dark": "Night", "dawn": "Dawn"}


def theme_path(themes_dir: Path, name: str) -> Path:
    """The QSS file of theme ``name``."""
    return themes_dir / f"{name}.qss"


def apply_theme(app: QApplication, themes_dir: Path, name: str) -> bool:
    """Apply theme ``name``; keep the current look if its file is missing, unreadable or empty.

    Returns:
        True if the theme was applied.
    """
    try:
        sheet = theme_path(themes_dir, name).read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("theme %r not applied: %s", name, exc)
        return False
    if not sheet.strip():
        # An empty sheet would clear the app's style sheet; set again later, Qt's style
        # sheet caches would not hear of the death of widgets made before (a crash).
        log.warning("theme %r not applied: its file is empty", name)
        return False
    # QSS resolves url() against the working directory, so images beside the
    # theme are named through a placeholder filled in with the themes folder.
    app.setStyleSheet(sheet.replace("@THEMES@", themes_dir.resolve().as_posix()))
    return True

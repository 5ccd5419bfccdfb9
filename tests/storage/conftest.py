"""Fixtures shared by the storage tests."""

from __future__ import annotations

import sqlite3

import pytest


@pytest.fixture
def built_without_secure_delete(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new connection starts with secure_delete off, as SQLite builds without
    SECURE_DELETE have it (Python.org's macOS and Windows): the privacy tests then
    show what the app itself does to take old words out of the file.
    """
    real = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)
        conn.execute("PRAGMA secure_delete=OFF")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)

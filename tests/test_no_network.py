"""The app opens no network connections: start-up runs with them forbidden."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from ketacompanion.app import build


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise OSError("network access forbidden in this test")
        return real_connect(self, address)

    def forbidden(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access forbidden in this test")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    return attempts


def test_start_up_makes_no_network_connection(qtbot, data_dir, no_network):
    companion = build(QApplication.instance(), data_dir)
    try:
        companion.window.show()
        qtbot.waitExposed(companion.window)
        for page in companion.window.page_keys():
            companion.window.show_page(page)
        # Whatever the pages set going in the background has run its course.
        assert QThreadPool.globalInstance().waitForDone(10000)
        QApplication.processEvents()
    finally:
        companion.close()
    assert no_network == []


def test_the_guard_really_blocks(no_network):
    with pytest.raises(OSError, match="forbidden"):
        socket.create_connection(("127.0.0.1", 9))
    assert len(no_network) == 1

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtDBus import QDBusConnection

from ketacompanion.services.keep_awake import DBUS, SYSTEMD, KeepAwake

FAKE_SCREENSAVER = textwrap.dedent('''
    import sys
    from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
    from PySide6.QtDBus import QDBusConnection

    @ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
    class ScreenSaver(QObject):
        @Slot(str, str, result="uint")
        def Inhibit(self, who, why):
            print("inhibit", who, why, flush=True)
            return 7

    app = QCoreApplication([])
    bus = QDBusConnection.sessionBus()
    saver = ScreenSaver()
    bus.registerObject("/org/freedesktop/ScreenSaver", saver,
                       QDBusConnection.RegisterOption.ExportAllSlots)
    bus.registerService("org.freedesktop.ScreenSaver")
    app.exec()
''')


def _no_bus(name: str) -> QDBusConnection:
    return QDBusConnection.connectToBus("unix:path=/nonexistent/bus", name)


def test_building_one_loads_neither_dbus_nor_helpers():
    # The app builds a KeepAwake before any session: QtDBus, subprocess and ctypes
    # must wait for a session (a fresh interpreter, so nothing else loaded them).
    code = ("import sys\n"
            "from ketacompanion.services.keep_awake import KeepAwake\n"
            "KeepAwake()\n"
            "print([m for m in ('PySide6.QtDBus', 'subprocess', 'ctypes') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_nothing_available_breaks_nothing():
    keep = KeepAwake("linux", connect_bus=_no_bus, which=lambda _name: None)
    assert keep.available() is None
    assert keep.inhibit() is None
    keep.release()
    assert keep.active is None


def _script(tmp_path, body: str) -> str:
    path = tmp_path / "systemd-inhibit"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


def test_systemd_inhibit_is_the_fallback_and_is_stopped_on_release(tmp_path):
    helper = _script(tmp_path, 'echo "$@" > "$(dirname "$0")/args"; exec cat')
    keep = KeepAwake("linux", connect_bus=_no_bus, which=lambda _n: helper,
                     logind_running=lambda: True)
    assert keep.available() == SYSTEMD
    assert keep.inhibit("testing") == SYSTEMD
    process = keep._process
    assert process is not None and process.poll() is None
    assert "--what=idle:sleep" in (tmp_path / "args").read_text()
    keep.release()
    assert process.poll() is not None and keep.active is None


def test_a_helper_that_cannot_inhibit_is_reported_unavailable(tmp_path):
    helper = _script(tmp_path, "exit 1")
    keep = KeepAwake("linux", connect_bus=_no_bus, which=lambda _n: helper,
                     logind_running=lambda: True)
    assert keep.inhibit() is None


@pytest.fixture
def session_bus():
    daemon_path = shutil.which("dbus-daemon")
    if daemon_path is None:
        pytest.skip("needs dbus-daemon (Debian package dbus-daemon)")
    daemon = subprocess.Popen(
        [daemon_path, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    address = daemon.stdout.readline().strip()
    yield address
    daemon.terminate()
    daemon.wait(timeout=5)


def test_screensaver_inhibit_over_a_real_session_bus(qtbot, session_bus, tmp_path):
    script = tmp_path / "fake_screensaver.py"
    script.write_text(FAKE_SCREENSAVER)
    env = {"DBUS_SESSION_BUS_ADDRESS": session_bus, "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    service = subprocess.Popen([sys.executable, str(script)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        keep = KeepAwake(
            "linux", connect_bus=lambda name: QDBusConnection.connectToBus(session_bus, name),
            which=lambda _n: None,
        )
        qtbot.waitUntil(lambda: keep.available() == DBUS, timeout=10_000)
        assert keep.inhibit("A session is running") == DBUS
        assert service.stdout.readline().strip() == "inhibit ketacompanion A session is running"
        keep.release()
        assert not QDBusConnection("ketacompanion-keep-awake").isConnected()
    finally:
        service.terminate()
        service.wait(timeout=5)

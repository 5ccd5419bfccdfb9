"""Keep the screen and the machine awake while a session runs.

Linux: org.freedesktop.ScreenSaver.Inhibit over QtDBus, falling back to
``systemd-inhibit``; macOS: ``caffeinate``; Windows: SetThreadExecutionState.
The D-Bus inhibit is made on a private bus connection of its own and released
by closing that connection: the freedesktop spec ends an inhibit when its
caller leaves the bus, and PySide6 cannot marshal the uint32 cookie UnInhibit
wants. Nothing here ever raises: no session bus, no service, no binary just
means :meth:`KeepAwake.available` says so and the session runs anyway.

QtDBus, subprocess and ctypes are imported where they are used: a KeepAwake is
built at start-up but used only when a session starts or preflight runs, and
importing them up front would slow the window's first paint (QtDBus alone
loads a Qt library and creates its enums).
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

    from PySide6.QtDBus import QDBusConnection

log = logging.getLogger(__name__)

_SERVICE = "org.freedesktop.ScreenSaver"
_PATH = "/org/freedesktop/ScreenSaver"
_CONNECTION_NAME = "ketacompanion-keep-awake"
_ES_CONTINUOUS, _ES_SYSTEM, _ES_DISPLAY = 0x80000000, 0x00000001, 0x00000002

DBUS, SYSTEMD, CAFFEINATE, WINDOWS = (
    "desktop screen saver (D-Bus)", "systemd-inhibit", "caffeinate", "Windows power settings",
)


def _session_bus(name: str) -> QDBusConnection:
    from PySide6.QtDBus import QDBusConnection

    return QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)


def _disconnect(name: str) -> None:
    from PySide6.QtDBus import QDBusConnection

    QDBusConnection.disconnectFromBus(name)


class KeepAwake:
    """Inhibits the screen saver and idle sleep between :meth:`inhibit` and :meth:`release`.

    Args:
        platform: ``sys.platform`` (injectable for tests).
        connect_bus: Opens a named session-bus connection.
        which: Finds an executable (``shutil.which``).
        logind_running: Whether systemd-logind is there for systemd-inhibit.
    """

    def __init__(
        self,
        platform: str = sys.platform,
        connect_bus: Callable[[str], QDBusConnection] = _session_bus,
        which: Callable[[str], str | None] = shutil.which,
        logind_running: Callable[[], bool] = lambda: Path("/run/systemd/system").is_dir(),
    ) -> None:
        self._platform = platform
        self._connect_bus = connect_bus
        self._which = which
        self._logind_running = logind_running
        self._process: subprocess.Popen[bytes] | None = None
        self._bus_connected = False
        self.active: str | None = None  # the method in use while inhibiting

    def available(self) -> str | None:
        """The method that would keep the machine awake, or None (for preflight)."""
        if self._platform.startswith("win"):
            return WINDOWS
        if self._platform == "darwin":
            return CAFFEINATE if self._which("caffeinate") else None
        if self._screensaver_registered():
            return DBUS
        if self._which("systemd-inhibit") and self._logind_running():
            return SYSTEMD
        return None

    def inhibit(self, reason: str = "An infusion session is running") -> str | None:
        """Start keeping awake; returns the method used, or None if none worked."""
        if self.active:
            return self.active
        if self._platform.startswith("win"):
            self.active = WINDOWS if self._windows(_ES_CONTINUOUS | _ES_SYSTEM | _ES_DISPLAY) \
                else None
        elif self._platform == "darwin":
            self.active = CAFFEINATE if self._spawn(["caffeinate", "-d", "-i"]) else None
        elif self._dbus_inhibit(reason):
            self.active = DBUS
        elif self._which("systemd-inhibit") and self._logind_running():
            command = ["systemd-inhibit", "--what=idle:sleep", "--who=ketacompanion",
                       f"--why={reason}", "--mode=block", "cat"]
            self.active = SYSTEMD if self._spawn(command) else None
        log.info("keep-awake: %s", self.active or "not available")
        return self.active

    def release(self) -> None:
        """Stop keeping awake (safe to call at any time)."""
        if self._bus_connected:
            _disconnect(_CONNECTION_NAME)
            self._bus_connected = False
        if self._process is not None:
            import subprocess  # loaded already: _spawn started the process

            try:
                if self._process.stdin:
                    self._process.stdin.close()  # systemd-inhibit's 'cat' ends on EOF
                self._process.terminate()
                self._process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired) as exc:
                log.warning("keep-awake helper did not stop cleanly: %s", exc)
            self._process = None
        if self.active == WINDOWS:
            self._windows(_ES_CONTINUOUS)
        if self.active:
            log.info("keep-awake released")
        self.active = None

    # ------------------------------------------------------------------ internals
    def _screensaver_registered(self) -> bool:
        bus = self._connect_bus(_CONNECTION_NAME + "-probe")
        try:
            if not bus.isConnected():
                return False
            reply = bus.interface().isServiceRegistered(_SERVICE)
            return reply.isValid() and bool(reply.value())
        finally:
            _disconnect(_CONNECTION_NAME + "-probe")

    def _dbus_inhibit(self, reason: str) -> bool:
        from PySide6.QtDBus import QDBusMessage

        bus = self._connect_bus(_CONNECTION_NAME)
        if not bus.isConnected():
            _disconnect(_CONNECTION_NAME)
            return False
        message = QDBusMessage.createMethodCall(_SERVICE, _PATH, _SERVICE, "Inhibit")
        message.setArguments(["ketacompanion", reason])
        reply = bus.call(message, timeout=2000)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            log.info("screen saver inhibit refused: %s", reply.errorMessage())
            _disconnect(_CONNECTION_NAME)
            return False
        self._bus_connected = True
        return True

    def _spawn(self, command: list[str]) -> bool:
        executable = self._which(command[0])
        if not executable:
            return False
        import subprocess

        try:
            process = subprocess.Popen(
                [executable, *command[1:]], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # A helper that cannot inhibit (no logind, no permission) exits at once.
            process.wait(timeout=0.3)
        except subprocess.TimeoutExpired:
            self._process = process
            return True
        except OSError as exc:
            log.info("keep-awake helper %s failed: %s", command[0], exc)
            return False
        log.info("keep-awake helper %s exited with %s", command[0], process.returncode)
        return False

    def _windows(self, flags: int) -> bool:
        import ctypes

        try:
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            return bool(kernel32.SetThreadExecutionState(ctypes.c_uint(flags)))
        except (AttributeError, OSError) as exc:
            log.info("SetThreadExecutionState unavailable: %s", exc)
            return False

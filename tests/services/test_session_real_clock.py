"""The real clock, the real process: a wall clock set an hour ahead mid-session.

libfaketime shifts the wall clock of a real subprocess at run time (its offset
file is read at every call with FAKETIME_NO_CACHE=1) and leaves the monotonic
and boot-time clocks alone (FAKETIME_DONT_FAKE_MONOTONIC=1), as NTP or a person
changing the time would. On Debian: ``apt-get install faketime``.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_PATTERNS = ("/usr/lib/*/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1",
             "/usr/local/lib/faketime/libfaketime.so.1")
LIBFAKETIME = next((hit for pattern in _PATTERNS for hit in sorted(glob.glob(pattern))), None)
CHILD = Path(__file__).with_name("faketime_session.py")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="libfaketime is for Linux here")
@pytest.mark.skipif(LIBFAKETIME is None,
                    reason="libfaketime is not installed (Debian: apt-get install faketime)")
def test_a_wall_clock_an_hour_ahead_moves_the_remaining_time_by_under_a_second(tmp_path):
    offset = tmp_path / "faketime.rc"
    offset.write_text("+0\n", encoding="ascii")
    env = {**os.environ, "LD_PRELOAD": str(LIBFAKETIME), "FAKETIME_TIMESTAMP_FILE": str(offset),
           "FAKETIME_NO_CACHE": "1", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    done = subprocess.run([sys.executable, str(CHILD), str(tmp_path), str(offset)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    before, after = report["before"], report["after"]
    assert after["wall"] - before["wall"] > 3600  # libfaketime really moved the wall clock
    awake_s = after["awake"] - before["awake"]
    # The remaining time went down by the real time that passed, give or take a tick.
    assert abs((before["remaining"] - after["remaining"]) - awake_s) < 1.0
    assert report["phases"] == ["running"] and report["state"] == "running"

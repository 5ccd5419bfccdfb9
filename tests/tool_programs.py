"""Programs some tests run, and the Debian package each comes in.

Tests that run one carry ``@pytest.mark.needs("name")`` (see conftest.py) and skip,
saying which, where it is missing; ``.ci/run`` installs every package named here.
"""

TOOL_PACKAGES = {
    "espeak-ng": "espeak-ng", "sox": "sox", "lame": "lame",
    "pdftotext": "poppler-utils", "pdftoppm": "poppler-utils", "pdfinfo": "poppler-utils",
    "pdfimages": "poppler-utils",
    "dbus-daemon": "dbus-daemon",
    "xvfb-run": "xvfb", "openbox": "openbox", "xdotool": "xdotool",
}

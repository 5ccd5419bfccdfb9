"""PySide6's look at each imported module gives the same answers, read more cheaply."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# In a fresh interpreter: the swap must happen before the window's modules load.
CHILD = """
import sys
from ketacompanion.qt_import_scan import read_sources_directly
assert read_sources_directly()
assert not read_sources_directly()  # once is enough
feature = sys.modules["shibokensupport.feature"]
fast = feature._mod_uses_pyside
import ketacompanion.app, ketacompanion.ui.prepare_page  # noqa: E401 - modules to compare on
import json, sqlite3, _json  # a pure module, a package, an extension module
original = fast.__closure__[0].cell_contents
names = [name for name, module in sorted(sys.modules.items()) if module is not None]
differ = [n for n in names if fast(sys.modules[n]) != original(sys.modules[n])]
users = [n for n in names if n.startswith("ketacompanion") and fast(sys.modules[n])]
print(len(names), differ, "ketacompanion.app" in users, "ketacompanion.core.models" in users)
"""


def test_every_module_gets_the_answer_pyside6_would_give() -> None:
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                            timeout=120, cwd=ROOT, check=False,
                            env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
                                 "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    count, rest = result.stdout.splitlines()[0].split(" ", 1)
    assert int(count) > 150
    # None differs; a Qt module counts as using PySide6, a pure one does not.
    assert rest == "[] True False"

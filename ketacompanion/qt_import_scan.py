"""Make PySide6's look at every newly imported module cheap (start-up time).

Once ``PySide6.QtCore`` is imported, PySide6 wraps ``__import__``: after each new
module loads, it asks whether the module's source mentions "PySide6" (to know
where its opt-in ``from __feature__ import snake_case`` may apply). It reads the
source through ``inspect.getsource``: the line cache, encoding detection and a
copy of every line kept for the process's life. For the hundred-odd modules the
window loads after Qt, that is about 14 ms of a 250 ms start; reading the file's
bytes answers the same question in a quarter of the time.

Only the way of reading changes: each module gets the very answer PySide6 would
give (a test compares them), anything but a plain ``.py`` file still goes to
PySide6's own check, and a PySide6 without this check is left alone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE = "shibokensupport.feature"  # where PySide6 keeps the check (not public API)


def read_sources_directly() -> bool:
    """Load PySide6 and swap its per-import source check for a plain file read.

    Call it before the window's modules load (each is checked once, as it loads).

    Returns:
        True if swapped (False: this PySide6 has no such check, or it was swapped).
    """
    import PySide6.QtCore  # noqa: F401 - installs the check; the window needs it anyway

    feature = sys.modules.get(_FEATURE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "reads_directly", False):
        return False
    feature._mod_uses_pyside = _direct_check(original)  # type: ignore[union-attr]
    return True


def _direct_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        """Whether the module's source mentions PySide6, read as bytes."""
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass  # PySide6's own check says what it makes of such a module
        return original(module)

    uses_pyside.reads_directly = True  # type: ignore[attr-defined]
    return uses_pyside

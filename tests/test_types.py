"""mypy checks the package; the errors left are listed in a baseline that may only shrink.

``tests/mypy_baseline.txt`` holds one line per known error, without its line number
(so an edit above it does not move it): ``path: [code] message``. A new error fails
the test; so does a listed error that is gone, until its line is deleted (run
``python tests/test_types.py --prune`` to delete them all), so the list only shrinks.
The cache lives in ``.mypy_cache`` at the root: a run after a small change takes seconds.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tests" / "mypy_baseline.txt"
_ERROR = re.compile(
    r"^(?P<path>[^:]+):\d+(?::\d+)?: error: (?P<message>.*?)\s+\[(?P<code>[a-z-]+)\]$"
)


def run_mypy() -> tuple[list[str], str]:
    """mypy's errors as baseline lines, and its whole output (for the failure message)."""
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-pretty", "--no-error-summary",
         "--show-error-codes", "--no-color-output"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    if done.returncode not in (0, 1):  # 2: mypy itself failed (bad config, crash)
        raise AssertionError(f"mypy did not run:\n{done.stdout}\n{done.stderr}")
    errors = []
    for line in done.stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            errors.append(f"{match['path']}: [{match['code']}] {match['message']}")
    if done.returncode == 1 and not errors:
        raise AssertionError(f"mypy failed but no error line was understood:\n{done.stdout}")
    return errors, done.stdout


def read_baseline() -> list[str]:
    """The known errors, one per line (blank lines and # comments skipped)."""
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def test_no_type_error_beyond_the_baseline():
    errors, output = run_mypy()
    found, known = collections.Counter(errors), collections.Counter(read_baseline())
    new = sorted((found - known).elements())
    fixed = sorted((known - found).elements())
    assert not new, (
        "mypy found errors that are not in tests/mypy_baseline.txt; fix them "
        "(the baseline may only shrink):\n  " + "\n  ".join(new) + "\n\nmypy said:\n" + output
    )
    assert not fixed, (
        "these errors are fixed; delete their lines from tests/mypy_baseline.txt "
        "(python tests/test_types.py --prune):\n  " + "\n  ".join(fixed)
    )


def _prune() -> None:
    """Delete the fixed errors from the baseline; never adds one."""
    remaining = collections.Counter(run_mypy()[0])
    kept = []
    for line in BASELINE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            kept.append(line)
        elif remaining[line] > 0:
            remaining[line] -= 1
            kept.append(line)
    BASELINE.write_text("\n".join(kept) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--prune"]:
        sys.exit("usage: python tests/test_types.py --prune")
    _prune()
